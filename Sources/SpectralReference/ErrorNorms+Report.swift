// ErrorNorms+Report.swift — relative L2 and max error per field and per time slice.

/// Relative L2 and maximum absolute error of one comparison.
public struct ErrorReport: Sendable, Equatable {
    public let relativeL2: Double
    public let maxAbs: Double

    public init(approx: [Double], reference: [Double]) {
        relativeL2 = ErrorNorms.relativeL2(approx, reference)
        maxAbs = ErrorNorms.maxAbs(approx, reference)
    }
}

extension ErrorNorms {
    /// One `ErrorReport` per field (e.g. u and v of a system), same points each.
    public static func perField(_ approx: [[Double]], _ reference: [[Double]]) -> [ErrorReport] {
        precondition(approx.count == reference.count,
                     "ErrorNorms.perField: \(approx.count) approximate fields but \(reference.count) reference fields")
        return zip(approx, reference).map { ErrorReport(approx: $0, reference: $1) }
    }

    /// One `ErrorReport` per time slice for data stored time-slowest, `pointsPerSlice`
    /// values per slice (the layout of `TimeDependentReference.values(onGridX:times:)`
    /// and `HeatReference.values(onGrid:times:)`). The last entry of the result is
    /// not an aggregate: use `ErrorReport(approx:reference:)` on the whole arrays for that.
    public static func perTimeSlice(_ approx: [Double], _ reference: [Double], pointsPerSlice: Int) -> [ErrorReport] {
        precondition(approx.count == reference.count,
                     "ErrorNorms.perTimeSlice: approx.count = \(approx.count) but reference.count = \(reference.count)")
        precondition(pointsPerSlice > 0 && approx.count % pointsPerSlice == 0,
                     "ErrorNorms.perTimeSlice: \(approx.count) values is not a multiple of pointsPerSlice = \(pointsPerSlice)")
        return stride(from: 0, to: approx.count, by: pointsPerSlice).map { start in
            let range = start ..< start + pointsPerSlice
            return ErrorReport(approx: Array(approx[range]), reference: Array(reference[range]))
        }
    }
}
