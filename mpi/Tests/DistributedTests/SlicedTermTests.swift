import Foundation
import Residuals
import Testing
import Distributed

@Suite struct SlicedTermTests {
    /// The slices of a term, evaluated on their own points, give the whole term's
    /// rows and partials (Dirichlet: r = w(u − g); periodic: paired rows).
    @Test func slicesReproduceTheWholeTerm() throws {
        let n = 9
        let points = PointSet(dimension: 1, coordinates: (0..<n).map { Double($0) / Double(n) })
        let target = (0..<n).map { sin(Double($0)) }
        let box = try Box(lower: [0, 0], upper: [1, 2])
        let lower = PointSet(dimension: 2, coordinates: (0..<6).flatMap { [0, Double($0) / 6] })
        let terms: [any ResidualTerm] = [
            DirichletTerm(points: points, target: target),
            PeriodicTerm(name: "periodic", lowerPoints: lower, directions: Array(repeating: 0, count: 6), box: box, order: 1),
        ]
        for term in terms {
            let m = term.points.count, c = term.channels.count
            let jet = (0..<(c * m)).map { 0.3 + 0.1 * Double($0) }
            let (r, dr) = evaluate(term, jet: jet)
            for slice in [0..<2, 2..<term.rowCount, 1..<2] {
                let s = SlicedTerm(term, rows: slice)
                let idx = term.pairedRows ? Array(slice) + slice.map { $0 + term.rowCount } : Array(slice)
                #expect(s.points.count == idx.count && s.rowCount == slice.count)
                let sliceJet = (0..<c).flatMap { ch in idx.map { jet[ch * m + $0] } }
                let (rs, drs) = evaluate(s, jet: sliceJet)
                #expect(rs == slice.map { r[$0] })
                #expect(drs == (0..<c).flatMap { ch in idx.map { dr[ch * m + $0] } })
                #expect(s.points.coordinates == idx.flatMap { Array(term.points.point($0)) })
            }
        }
    }

    private func evaluate(_ t: any ResidualTerm, jet: [Double]) -> ([Double], [Double]) {
        var r = [Double](repeating: 0, count: t.rowCount), dr = [Double](repeating: 0, count: jet.count)
        jet.withUnsafeBufferPointer { j in
            r.withUnsafeMutableBufferPointer { rr in dr.withUnsafeMutableBufferPointer { t.evaluate(jet: j, residuals: rr, partials: $0) } }
        }
        return (r, dr)
    }
}
