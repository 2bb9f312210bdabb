/// Why a factorisation or solve did not produce a result.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The input held NaN or ±Inf; LAPACK was not called (it may loop or return garbage).
    case nonFiniteInput(routine: String)
    /// LAPACK reported that its iteration did not converge (`info > 0`).
    case noConvergence(routine: String, info: Int)
    /// LAPACK rejected argument number `-info` (a bug in this module).
    case illegalArgument(routine: String, info: Int)

    public var description: String {
        switch self {
        case .nonFiniteInput(let r):
            return "\(r): input contains NaN or Inf"
        case .noConvergence(let r, let info):
            return "\(r): did not converge (info = \(info))"
        case .illegalArgument(let r, let info):
            return "\(r): illegal value in argument \(-info)"
        }
    }

    static func check(_ info: Int32, _ routine: String) throws(LinearAlgebraError) {
        if info < 0 { throw .illegalArgument(routine: routine, info: Int(info)) }
        if info > 0 { throw .noConvergence(routine: routine, info: Int(info)) }
    }
}
