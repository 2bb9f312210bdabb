import Synchronization

// MARK: - Unknowns of an inverse problem

/// A named constant of the equations that is learned from data (ν in Burgers,
/// κ in heat): its starting value and optional bounds.
public struct Unknown: Sendable, Equatable {
    public var name: String
    public var initial: Double
    public var lower: Double?
    public var upper: Double?

    public init(_ name: String, initial: Double, lower: Double? = nil, upper: Double? = nil) {
        self.name = name
        self.initial = initial
        self.lower = lower
        self.upper = upper
    }
}

/// The current values of a problem's unknowns, shared by the equation terms
/// that read them and the system that sets them before every evaluation.
///
/// Terms are value types that cross threads, so the values live in a
/// reference guarded by a `Mutex`; reads take a snapshot.
public final class UnknownValues: Sendable {
    /// The unknowns' names, in parameter order.
    public let names: [String]
    private let storage: Mutex<[Double]>

    public init(names: [String], values: [Double]) {
        precondition(names.count == values.count, "UnknownValues: \(names.count) names, \(values.count) values")
        self.names = names
        storage = Mutex(values)
    }

    public var count: Int { names.count }

    /// A snapshot of the values.
    public var values: [Double] { storage.withLock { $0 } }

    public func set(_ values: [Double]) {
        precondition(values.count == names.count, "UnknownValues.set: \(values.count) values for \(names.count) unknowns")
        storage.withLock { $0 = values }
    }
}

// MARK: - Parametrisation

extension Unknown {
    /// The unknown as a function of the solver's parameter z, chosen so that
    /// z is O(1) like a network weight (neither dominates the step) and the
    /// bounds hold for every z:
    ///
    /// | bounds        | λ(z)                         | dλ/dz                 | z at the start |
    /// |---------------|------------------------------|-----------------------|----------------|
    /// | none          | s·z, s = \|λ₀\| (1 if λ₀ = 0) | s                     | λ₀/s = ±1      |
    /// | lower l       | l + (λ₀ − l)·eᶻ              | λ − l                 | 0              |
    /// | upper u       | u − (u − λ₀)·eᶻ              | λ − u                 | 0              |
    /// | both          | l + (u − l)·σ(z)             | (λ − l)(u − λ)/(u − l) | logit((λ₀−l)/(u−l)) |
    ///
    /// The exponential and logistic maps keep a positive viscosity positive
    /// (the usual device for bound constraints in unconstrained least squares,
    /// Nocedal & Wright, *Numerical Optimization*, 2nd ed., §17.1 remarks).
    /// The initial value must lie strictly inside the bounds.
    public func value(_ z: Double) -> Double {
        switch (lower, upper) {
        case (nil, nil): return scale * z
        case (let l?, nil): return l + (initial - l) * expm(z)
        case (nil, let u?): return u - (u - initial) * expm(z)
        case (let l?, let u?): return l + (u - l) / (1 + expm(-z))
        }
    }

    /// dλ/dz at z.
    public func slope(_ z: Double) -> Double {
        let v = value(z)
        switch (lower, upper) {
        case (nil, nil): return scale
        case (let l?, nil): return v - l
        case (nil, let u?): return v - u
        case (let l?, let u?): return (v - l) * (u - v) / (u - l)
        }
    }

    /// z of the initial value.
    public var initialParameter: Double {
        switch (lower, upper) {
        case (nil, nil): return initial / scale
        case (_?, nil), (nil, _?): return 0
        case (let l?, let u?):
            let p = (initial - l) / (u - l)
            return logm(p / (1 - p))
        }
    }

    /// s = |λ₀|, or 1 when λ₀ = 0.
    public var scale: Double { initial == 0 ? 1 : initial.magnitude }

    /// Why the unknown is not usable (a non-finite value, bounds out of order,
    /// a start not strictly inside), or nil.
    public var problem: String? {
        guard initial.isFinite else { return "initial value \(initial) is not finite" }
        if let l = lower, !l.isFinite { return "lower bound \(l) is not finite" }
        if let u = upper, !u.isFinite { return "upper bound \(u) is not finite" }
        if let l = lower, let u = upper, !(l < u) { return "lower bound \(l) is not below upper bound \(u)" }
        if let l = lower, !(initial > l) { return "initial value \(initial) must be above the lower bound \(l)" }
        if let u = upper, !(initial < u) { return "initial value \(initial) must be below the upper bound \(u)" }
        return nil
    }
}

@inline(__always) private func expm(_ x: Double) -> Double { Double.exp(x) }
@inline(__always) private func logm(_ x: Double) -> Double { Double.log(x) }
