import Foundation

/// An axis-aligned box [a₀, b₀] × … × [a_{D−1}, b_{D−1}], D = 1…5: the domains
/// of the catalog (an interval, a rectangle, a space-time slab).
public struct Box: Sendable, Equatable {
    public let lower: [Double]
    public let upper: [Double]
    /// Names of the coordinates, e.g. ["x", "y"] or ["x", "t"].
    public let variables: [String]

    /// Index of the time variable of a space × time slab, if any: its lower
    /// face is the initial slice, its upper face is no boundary.
    public let time: Int?

    /// Throws `ProblemError.invalid` when the bounds are not finite or not
    /// increasing, or `time` names no variable.
    public init(lower: [Double], upper: [Double], variables: [String]? = nil, time: String? = nil) throws(ProblemError) {
        guard (1...5).contains(lower.count) else {
            throw .invalid(field: "domain.lower", "has \(lower.count) entries; a box has 1 to 5 dimensions")
        }
        guard upper.count == lower.count else {
            throw .invalid(field: "domain.upper", "has \(upper.count) entries but domain.lower has \(lower.count)")
        }
        for d in lower.indices where !(lower[d].isFinite && upper[d].isFinite && lower[d] < upper[d]) {
            throw .invalid(field: "domain", "dimension \(d): need finite lower < upper, got [\(lower[d]), \(upper[d])]")
        }
        let names = variables ?? Array(["x", "y", "z", "w", "v"].prefix(lower.count))
        guard names.count == lower.count, Set(names).count == names.count else {
            throw .invalid(field: "domain.variables", "need \(lower.count) distinct names, got \(names)")
        }
        var timeIndex: Int?
        if let time {
            guard let t = names.firstIndex(of: time) else {
                throw .invalid(field: "domain.time", "\"\(time)\" is not one of the variables \(names)")
            }
            timeIndex = t
        }
        self.lower = lower
        self.upper = upper
        self.variables = names
        self.time = timeIndex
    }

    public var dimension: Int { lower.count }

    /// Points per axis of the evaluation grid when `[reference] grid` is not given:
    /// 101 up to 2D, then the largest odd n ≤ 101 with nᴰ ≤ 100 000 (45 in 3D,
    /// 17 in 4D, 9 in 5D), so the grid's size does not grow with the dimension.
    public var defaultEvaluationGridCount: Int {
        if dimension <= 2 { return 101 }
        var n = 101
        while n > 3, (CheckedSize.product(Array(repeating: n, count: dimension)) ?? .max) > 100_000 { n -= 2 }
        return n
    }

    /// b_d − a_d.
    public func length(_ d: Int) -> Double { upper[d] - lower[d] }
}

// MARK: - Faces

/// One face of a box: the points where variable `dimension` is at its lower or upper bound.
public struct Face: Hashable, Sendable, Comparable {
    public var dimension: Int
    public var upper: Bool

    public init(dimension: Int, upper: Bool) {
        self.dimension = dimension
        self.upper = upper
    }

    /// Outward normal sign: −1 on a lower face, +1 on an upper face.
    public var normalSign: Double { upper ? 1 : -1 }

    public static func < (a: Face, b: Face) -> Bool { (a.dimension, a.upper ? 1 : 0) < (b.dimension, b.upper ? 1 : 0) }
}

extension Box {
    /// The faces that bound space: every face except those of the time variable.
    public var spatialFaces: [Face] {
        (0..<dimension).filter { $0 != time }.flatMap { [Face(dimension: $0, upper: false), Face(dimension: $0, upper: true)] }
    }

    /// The face's name as a problem file writes it: `"x=0"`, `"x=1"`, `"t=0"`.
    public func name(of face: Face) -> String {
        let v = face.upper ? upper[face.dimension] : lower[face.dimension]
        let number = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
        return "\(variables[face.dimension])=\(number)"
    }

    /// Every face's name, in order x=lower, x=upper, y=lower, ….
    public var faceNames: [String] {
        (0..<dimension).flatMap { [name(of: Face(dimension: $0, upper: false)), name(of: Face(dimension: $0, upper: true))] }
    }

    /// The face named `"x=0"` (spaces allowed, any spelling of the number that
    /// equals a bound), or nil.
    public func face(named text: String) -> Face? {
        let parts = text.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)),
              let d = variables.firstIndex(of: parts[0].trimmingCharacters(in: .whitespaces)) else { return nil }
        if value == lower[d] { return Face(dimension: d, upper: false) }
        if value == upper[d] { return Face(dimension: d, upper: true) }
        return nil
    }

    /// The (D−1)-dimensional measure of a face (1 for the end of an interval).
    public func measure(of face: Face) -> Double {
        (0..<dimension).filter { $0 != face.dimension }.reduce(1.0) { $0 * length($1) }
    }
}
