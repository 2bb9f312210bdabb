// ETDRK4.swift — exponential time differencing RK4 for v' = Λv + N(v), Λ diagonal.

import Foundation

/// ETDRK4 of Cox & Matthews (J. Comput. Phys. 176, 2002) with the coefficients
/// computed by the contour integral of Kassam & Trefethen, "Fourth-order
/// time-stepping for stiff PDEs", SIAM J. Sci. Comput. 26(4), 2005.
///
/// For v' = Λv + N(v, t) with Λ diagonal and step h, z = hλ:
///
///     a = E₂v + Q N(v),          b = E₂v + Q N(a),
///     c = E₂a + Q (2N(b) − N(v)),
///     v⁺ = E v + f₁N(v) + 2f₂(N(a) + N(b)) + f₃N(c),
///
/// E = e^z, E₂ = e^{z/2}, Q = h(e^{z/2} − 1)/z,
/// f₁ = h(−4 − z + e^z(4 − 3z + z²))/z³, f₂ = h(2 + z + e^z(z − 2))/z³,
/// f₃ = h(−4 − 3z − z² + e^z(4 − z))/z³.
/// Each φ-function is the mean of its value at M points on the circle of radius
/// 1 around z (Kassam–Trefethen's remedy for the cancellation near z = 0).
///
/// Two layouts:
/// - **real** (`init(lambda:)`): λ real (Fourier −νk², the eigenvalues of a
///   Chebyshev operator), v real with one λ per entry; the M = 32 points lie on
///   the upper half circle, their conjugates giving the real part, which is kept;
/// - **complex** (`init(complexLambda:)`): λ complex (dispersion: Fourier
///   −δ(ik)³ = iδk³ of KdV's −δu_xxx), v interleaved (re, im) pairs, one λ per
///   pair; the mean is over M = 64 points on the full circle (Kassam–Trefethen's
///   KdV example), in complex arithmetic, and every product with v is complex.
struct ETDRK4 {
    enum Layout { case real, interleaved }
    let layout: Layout
    let e: [Complex], e2: [Complex], q: [Complex], f1: [Complex], f2: [Complex], f3: [Complex]

    /// Real Λ; `step` then takes a real v of `lambda.count` entries.
    init(lambda: [Double], step h: Double, contourPoints: Int = 32) {
        let roots = (1...contourPoints).map { j in
            let theta = Double.pi * (Double(j) - 0.5) / Double(contourPoints)
            return Complex(cos(theta), sin(theta))
        }
        self.init(lambda.map { Complex($0, 0) }, step: h, roots: roots, layout: .real)
    }

    /// Complex Λ; `step` then takes v as `complexLambda.count` interleaved (re, im) pairs.
    init(complexLambda: [Complex], step h: Double, contourPoints: Int = 64) {
        let roots = (1...contourPoints).map { j in
            let theta = 2 * Double.pi * (Double(j) - 0.5) / Double(contourPoints)
            return Complex(cos(theta), sin(theta))
        }
        self.init(complexLambda, step: h, roots: roots, layout: .interleaved)
    }

    private init(_ lambda: [Complex], step h: Double, roots: [Complex], layout: Layout) {
        let zero = Complex(0, 0)
        var e = [Complex](repeating: zero, count: lambda.count), e2 = e, q = e, f1 = e, f2 = e, f3 = e
        let m = Double(roots.count)
        for i in lambda.indices {
            let z = lambda[i] * h
            e[i] = z.exp
            e2[i] = (z * 0.5).exp
            var sq = zero, s1 = zero, s2 = zero, s3 = zero
            for r in roots {
                let zz = z + r
                let ez = zz.exp, ez2 = (zz * 0.5).exp
                let z3 = zz * zz * zz
                sq = sq + (ez2 - 1) / zz
                s1 = s1 + (ez * (zz * zz - zz * 3 + 4) - zz - 4) / z3
                s2 = s2 + (ez * (zz - 2) + zz + 2) / z3
                s3 = s3 + (ez * (4 - zz) - zz * zz - zz * 3 - 4) / z3
            }
            // Real layout: the half circle's conjugate points give the real part.
            func mean(_ s: Complex) -> Complex { layout == .real ? Complex(h * s.re / m, 0) : s * (h / m) }
            (q[i], f1[i], f2[i], f3[i]) = (mean(sq), mean(s1), mean(s2), mean(s3))
        }
        (self.e, self.e2, self.q, self.f1, self.f2, self.f3, self.layout) = (e, e2, q, f1, f2, f3, layout)
    }

    /// Workspace for `step`, made once per run (`count` = entries of v).
    struct Workspace {
        var nv, na, nb, nc, a, b, c: [Double]
        init(count: Int) {
            let z = [Double](repeating: 0, count: count)
            (nv, na, nb, nc, a, b, c) = (z, z, z, z, z, z, z)
        }
    }

    /// One step of v; `nonlinear(v, out)` writes N(v) into `out`.
    func step(_ v: inout [Double], workspace w: inout Workspace, nonlinear: ([Double], inout [Double]) -> Void) {
        let pairs = layout == .real ? v.count : v.count / 2
        let width = layout == .real ? 1 : 2
        /// c·x for entry (or pair) j of x, as (re, im); im = 0 in the real layout.
        @inline(__always) func times(_ c: Complex, _ x: [Double], _ j: Int) -> (Double, Double) {
            if width == 1 { return (c.re * x[j], 0) }
            let (xr, xi) = (x[2 * j], x[2 * j + 1])
            return (c.re * xr - c.im * xi, c.re * xi + c.im * xr)
        }
        @inline(__always) func put(_ out: inout [Double], _ j: Int, _ value: (Double, Double)) {
            out[width * j] = value.0
            if width == 2 { out[2 * j + 1] = value.1 }
        }
        nonlinear(v, &w.nv)
        for j in 0..<pairs {
            let (p, r) = (times(e2[j], v, j), times(q[j], w.nv, j))
            put(&w.a, j, (p.0 + r.0, p.1 + r.1))
        }
        nonlinear(w.a, &w.na)
        for j in 0..<pairs {
            let (p, r) = (times(e2[j], v, j), times(q[j], w.na, j))
            put(&w.b, j, (p.0 + r.0, p.1 + r.1))
        }
        nonlinear(w.b, &w.nb)
        for i in w.c.indices { w.c[i] = 2 * w.nb[i] - w.nv[i] }   // 2N(b) − N(v), then c = E₂a + Q·that
        for j in 0..<pairs {
            let (p, r) = (times(e2[j], w.a, j), times(q[j], w.c, j))
            put(&w.c, j, (p.0 + r.0, p.1 + r.1))
        }
        nonlinear(w.c, &w.nc)
        for i in w.na.indices { w.na[i] += w.nb[i] }   // N(a) + N(b)
        for j in 0..<pairs {
            let (p0, p1, p2, p3) = (times(e[j], v, j), times(f1[j], w.nv, j), times(f2[j], w.na, j), times(f3[j], w.nc, j))
            put(&v, j, (p0.0 + p1.0 + 2 * p2.0 + p3.0, p0.1 + p1.1 + 2 * p2.1 + p3.1))
        }
    }
}

/// The little complex arithmetic the contour integral and complex Λ need.
struct Complex: Sendable {
    var re: Double, im: Double
    init(_ re: Double, _ im: Double) { self.re = re; self.im = im }
    var exp: Complex { let r = Foundation.exp(re); return Complex(r * cos(im), r * sin(im)) }
    static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    static func * (a: Complex, b: Complex) -> Complex { Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func / (a: Complex, b: Complex) -> Complex {
        let d = b.re * b.re + b.im * b.im
        return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    static func + (a: Complex, b: Double) -> Complex { Complex(a.re + b, a.im) }
    static func - (a: Complex, b: Double) -> Complex { Complex(a.re - b, a.im) }
    static func - (a: Double, b: Complex) -> Complex { Complex(a - b.re, -b.im) }
    static func * (a: Complex, b: Double) -> Complex { Complex(a.re * b, a.im * b) }
    static func * (a: Double, b: Complex) -> Complex { Complex(a * b.re, a * b.im) }
}
