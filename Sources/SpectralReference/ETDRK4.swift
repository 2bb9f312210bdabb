// ETDRK4.swift — exponential time differencing RK4 for v' = Λv + N(v), Λ diagonal.

import Foundation

/// ETDRK4 of Cox & Matthews (J. Comput. Phys. 176, 2002) with the coefficients
/// computed by the contour integral of Kassam & Trefethen, "Fourth-order
/// time-stepping for stiff PDEs", SIAM J. Sci. Comput. 26(4), 2005.
///
/// For v' = Λv + N(v, t) with Λ diagonal (entries λ, here real: Fourier
/// −νk² or the eigenvalues of a Chebyshev operator) and step h, z = hλ:
///
///     a = E₂v + Q N(v),          b = E₂v + Q N(a),
///     c = E₂a + Q (2N(b) − N(v)),
///     v⁺ = E v + f₁N(v) + 2f₂(N(a) + N(b)) + f₃N(c),
///
/// E = e^z, E₂ = e^{z/2}, Q = h(e^{z/2} − 1)/z,
/// f₁ = h(−4 − z + e^z(4 − 3z + z²))/z³, f₂ = h(2 + z + e^z(z − 2))/z³,
/// f₃ = h(−4 − 3z − z² + e^z(4 − z))/z³.
/// Each φ-function is the mean of its value at 32 points on the circle of
/// radius 1 around z (Kassam–Trefethen's remedy for the cancellation near
/// z = 0); for real z the imaginary parts cancel and the real part is kept.
struct ETDRK4 {
    let e: [Double], e2: [Double], q: [Double], f1: [Double], f2: [Double], f3: [Double]

    init(lambda: [Double], step h: Double, contourPoints: Int = 32) {
        let count = lambda.count
        var e = [Double](repeating: 0, count: count), e2 = e, q = e, f1 = e, f2 = e, f3 = e
        // roots on the circle, upper half plane; conjugates give the real part.
        let roots = (1...contourPoints).map { j -> (Double, Double) in
            let theta = Double.pi * (Double(j) - 0.5) / Double(contourPoints)
            return (cos(theta), sin(theta))
        }
        for i in 0..<count {
            let z = h * lambda[i]
            e[i] = exp(z)
            e2[i] = exp(z / 2)
            var sq = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            for (cr, ci) in roots {
                let zz = Complex(z + cr, ci)
                let ez = zz.exp, ez2 = (zz * 0.5).exp
                let z3 = zz * zz * zz
                sq += ((ez2 - 1) / zz).re
                s1 += ((ez * (zz * zz - zz * 3 + 4) - zz - 4) / z3).re
                s2 += ((ez * (zz - 2) + zz + 2) / z3).re
                s3 += ((ez * (4 - zz) - zz * zz - zz * 3 - 4) / z3).re
            }
            let m = Double(contourPoints)
            q[i] = h * sq / m
            f1[i] = h * s1 / m
            f2[i] = h * s2 / m
            f3[i] = h * s3 / m
        }
        (self.e, self.e2, self.q, self.f1, self.f2, self.f3) = (e, e2, q, f1, f2, f3)
    }

    /// Workspace for `step`, made once per run.
    struct Workspace {
        var nv, na, nb, nc, a, b, c: [Double]
        init(count: Int) {
            let z = [Double](repeating: 0, count: count)
            (nv, na, nb, nc, a, b, c) = (z, z, z, z, z, z, z)
        }
    }

    /// One step of v; `nonlinear(v, out)` writes N(v) into `out`.
    func step(_ v: inout [Double], workspace w: inout Workspace, nonlinear: ([Double], inout [Double]) -> Void) {
        let n = v.count
        nonlinear(v, &w.nv)
        for i in 0..<n { w.a[i] = e2[i] * v[i] + q[i] * w.nv[i] }
        nonlinear(w.a, &w.na)
        for i in 0..<n { w.b[i] = e2[i] * v[i] + q[i] * w.na[i] }
        nonlinear(w.b, &w.nb)
        for i in 0..<n { w.c[i] = e2[i] * w.a[i] + q[i] * (2 * w.nb[i] - w.nv[i]) }
        nonlinear(w.c, &w.nc)
        for i in 0..<n {
            v[i] = e[i] * v[i] + f1[i] * w.nv[i] + 2 * f2[i] * (w.na[i] + w.nb[i]) + f3[i] * w.nc[i]
        }
    }
}

/// The little complex arithmetic the contour integral needs.
struct Complex {
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
}
