/// Sizes derived from input, computed without overflow.
///
/// A count in a problem file is checked alone where it is read; the sizes that
/// matter (points of a tensor grid, entries of a Jacobian, bytes of a buffer) are
/// products of several such counts, and an `Int` product traps on overflow. Every
/// such product goes through here: `nil` means "more than `Int.max`", which the
/// caller reports as too large, naming its field.
public enum CheckedSize {
    /// a · b, or nil when it overflows (or either factor is negative).
    public static func product(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : p
    }

    /// The product of every factor (1 for none), or nil on overflow.
    public static func product<S: Sequence<Int>>(_ factors: S) -> Int? {
        var p = 1
        for f in factors {
            guard let q = product(p, f) else { return nil }
            p = q
        }
        return p
    }

    /// a + b, or nil when it overflows (or either term is negative).
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : s
    }

    /// The sum of every term (0 for none), or nil on overflow.
    public static func sum<S: Sequence<Int>>(_ terms: S) -> Int? {
        var s = 0
        for t in terms {
            guard let u = sum(s, t) else { return nil }
            s = u
        }
        return s
    }
}
