/// Z = W·A for the two layer shapes OpenBLAS handles poorly: a thin inner
/// dimension (the input layer, k = D ≤ 4) and a single output row (m = 1, a
/// scalar network output). Each is a few flops per stored value, so OpenBLAS's
/// packing and its β = 0 pass over Z cost more than the product; here each
/// column of Z is written once, split over the cores (`ParallelRanges`).
///
/// Column-major throughout: W is m × k with leading dimension m, A is k × n
/// with leading dimension k, Z is m × n with leading dimension m.
enum ThinProduct {
    /// Whether `product` takes this shape.
    static func handles(m: Int, k: Int) -> Bool { k <= 4 || m == 1 }

    static func product(m: Int, n: Int, k: Int, w: UnsafePointer<Double>, a: UnsafePointer<Double>,
                        z: UnsafeMutablePointer<Double>) {
        ParallelRanges.forEach(n, work: m * n + k * n) { columns in
            if m == 1 {
                for c in columns { z[c] = dot(w, a + c * k, count: k) }
                return
            }
            for c in columns {
                let out = z + c * m, x = a + c * k
                switch k {
                case 1:
                    let x0 = x[0]
                    for j in 0..<m { out[j] = x0 * w[j] }
                case 2:
                    let (x0, x1) = (x[0], x[1])
                    let w1 = w + m
                    for j in 0..<m { out[j] = x0 * w[j] + x1 * w1[j] }
                case 3:
                    let (x0, x1, x2) = (x[0], x[1], x[2])
                    let w1 = w + m, w2 = w + 2 * m
                    for j in 0..<m { out[j] = (x0 * w[j] + x1 * w1[j]) + x2 * w2[j] }
                default:
                    for j in 0..<m { out[j] = 0 }
                    var kk = 0
                    while kk < k {
                        let x0 = x[kk], wk = w + kk * m
                        for j in 0..<m { out[j] += x0 * wk[j] }
                        kk += 1
                    }
                }
            }
        }
    }

    /// Σ_i u_i v_i with four SIMD partial sums (a plain loop would not vectorise:
    /// Swift keeps the order of floating-point additions).
    @inline(__always)
    static func dot(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, count: Int) -> Double {
        typealias V = SIMD4<Double>
        var s0 = V(), s1 = V()
        var i = 0
        while i + 8 <= count {
            s0 += UnsafeRawPointer(u + i).loadUnaligned(as: V.self) * UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
            s1 += UnsafeRawPointer(u + i + 4).loadUnaligned(as: V.self) * UnsafeRawPointer(v + i + 4).loadUnaligned(as: V.self)
            i += 8
        }
        var s = (s0 + s1).sum()
        while i < count { s += u[i] * v[i]; i += 1 }
        return s
    }
}
