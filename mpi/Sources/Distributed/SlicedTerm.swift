import Residuals

/// Rows `rows` of another term, as a term of its own: a rank's share of a
/// condition. For a paired term (``PeriodicTerm``: residual i reads points i and
/// N + i) the slice keeps both halves, so its points are a_lo…a_hi then b_lo…b_hi.
///
/// The wrapped term's per-point data (sources, targets, …) is indexed by its own
/// point numbers and is opaque, so `evaluate` places this slice's jet at the
/// slice's points of a jet as long as the whole term's, evaluates the whole term
/// and keeps the slice's rows. The network — the expensive part, P flops per
/// point — only ever sees the slice's points; the term's arithmetic costs O(N)
/// per call on every rank (docs/scaling.md counts it). A term offering its own
/// slicing would remove that; the terms are shared files, left alone here.
public struct SlicedTerm: ResidualTerm {
    public let base: any ResidualTerm
    /// The rows of `base` this slice holds.
    public let rows: Range<Int>
    public let points: PointSet

    public init(_ base: any ResidualTerm, rows: Range<Int>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= base.rowCount,
                     "SlicedTerm: rows \(rows) outside the term's 0..<\(base.rowCount)")
        self.base = base
        self.rows = rows
        let d = base.points.dimension, c = base.points.coordinates
        var coords = Array(c[(rows.lowerBound * d)..<(rows.upperBound * d)])
        if base.pairedRows {
            let n = base.rowCount
            coords += c[((n + rows.lowerBound) * d)..<((n + rows.upperBound) * d)]
        }
        points = PointSet(dimension: d, coordinates: coords)
    }

    public var name: String { base.name }
    public var channels: [FieldChannel] { base.channels }
    public var pairedRows: Bool { base.pairedRows }

    /// The full term's point index of each of this slice's points.
    private var pointIndices: [Int] {
        let lo = rows.lowerBound, hi = rows.upperBound
        guard base.pairedRows else { return Array(lo..<hi) }
        let n = base.rowCount
        return Array(lo..<hi) + Array((n + lo)..<(n + hi))
    }

    public func evaluate(jet: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>,
                         partials: UnsafeMutableBufferPointer<Double>?) {
        let channelCount = channels.count, m = points.count, full = base.points.count
        let index = pointIndices
        var fullJet = [Double](repeating: 0, count: channelCount * full)
        for c in 0..<channelCount {
            for (j, i) in index.enumerated() { fullJet[c * full + i] = jet[c * m + j] }
        }
        var fullResiduals = [Double](repeating: 0, count: base.rowCount)
        var fullPartials = [Double](repeating: 0, count: partials == nil ? 0 : channelCount * full)
        fullJet.withUnsafeBufferPointer { j in
            fullResiduals.withUnsafeMutableBufferPointer { r in
                if partials != nil {
                    fullPartials.withUnsafeMutableBufferPointer { p in base.evaluate(jet: j, residuals: r, partials: p) }
                } else {
                    base.evaluate(jet: j, residuals: r, partials: nil)
                }
            }
        }
        for (k, i) in rows.enumerated() { residuals[k] = fullResiduals[i] }
        guard let partials else { return }
        for c in 0..<channelCount {
            for (j, i) in index.enumerated() { partials[c * m + j] = fullPartials[c * full + i] }
        }
    }
}

extension Problem {
    /// Rank `rank`'s share of every term (see `RowPartition`): the same domain,
    /// fields and exact solution, each term cut to its rows.
    public func share(of partition: RowPartition, rank: Int) -> Problem {
        precondition(partition.blockRows == terms.map(\.rowCount),
                     "Problem.share: partition of \(partition.blockRows) rows, terms have \(terms.map(\.rowCount))")
        let local: [any ResidualTerm] = terms.indices.map { SlicedTerm(terms[$0], rows: partition.range(block: $0, rank: rank)) }
        return Problem(name: name, domain: domain, terms: local, fields: fields, exact: exact)
    }
}
