import Residuals

/// A hard constraint on one field: the network's output N becomes
/// u = g(x) + d(x)·N(x), which meets u = g exactly wherever d vanishes (Lagaris,
/// Likas & Fotiadis, IEEE TNN 1998). g carries the Dirichlet data, d is zero on the
/// constrained boundary and nonzero inside.
///
/// The jet of u follows from the product rule with the exact jets of g and d
/// (second-order forward mode, `SecondOrderJet`):
///
///     u = g + dN,  u_i = g_i + d_i N + d N_i,
///     u_pq = g_pq + d_pq N + d_p N_q + d_q N_p + d N_pq,
///     Δu = Δg + Δd N + 2 ∇d·∇N + d ΔN.
///
/// For fixed g and d this is affine in the jet of N, so J, J·v and Jᵀ·w pass through
/// its linear part (and its transpose).
///
/// d is a formula or, on a shape, its approximate distance function
/// (`DistanceFunction`, R-functions), both giving exact jets.
public struct HardConstraint: Sendable {
    public var field: Int
    public var g: MathExpression
    public var d: any ConstraintFunction

    public init(field: Int = 0, g: MathExpression, d: any ConstraintFunction) {
        precondition(field >= 0, "HardConstraint: field \(field) < 0")
        self.field = field; self.g = g; self.d = d
    }

    /// The jets of g and d at every point, in `layout`'s channels, channel-major (c·B + i).
    func jets(at points: PointSet, layout: JetLayout) -> (g: [Double], d: [Double]) {
        let n = points.count, dim = points.dimension
        var gj = [Double](repeating: 0, count: layout.count * n), dj = gj
        for i in 0..<n {
            let x = (0..<dim).map { SecondOrderJet.variable(points.coordinates[i * dim + $0], index: $0, count: dim) }
            for out in 0...1 {
                let jet = out == 0 ? g.evaluate(x) : d.jet(at: x)
                func put(_ c: Int, _ v: Double) { if out == 0 { gj[c * n + i] = v } else { dj[c * n + i] = v } }
                put(0, jet.value)
                func grad(_ k: Int) -> Double { jet.gradient.isEmpty ? 0 : jet.gradient[k] }
                func hess(_ p: Int, _ q: Int) -> Double { jet.hessian.isEmpty ? 0 : jet.hessian[p * dim + q] }
                for (c, channel) in layout.channels.enumerated() {
                    switch channel {
                    case .value: break
                    case .first(let k): put(c, grad(k))
                    case .second(let p, let q): put(c, hess(p, q))
                    case .laplacian: put(c, (0..<dim).reduce(0) { $0 + hess($1, $1) })
                    case .third, .fourth:
                        preconditionFailure("HardConstraint: jets of order 3 and 4 are not supported (SecondOrderJet stops at 2)")
                    }
                }
            }
        }
        return (gj, dj)
    }
}

/// Applies hard constraints to a network's output jet (and their transposes to seeds).
struct ConstraintTransform {
    let layout: JetLayout
    let fields: Int
    let pointCount: Int
    /// Per constraint: field and the jets of g and d.
    let constraints: [(field: Int, g: [Double], d: [Double])]

    /// u = g + d·N (with g when `affine`, else only the linear part d·N), in place on an output-layout buffer.
    func apply(_ buffer: inout [Double], affine: Bool) {
        let (B, F, C) = (pointCount, fields, layout.count)
        var n = [Double](repeating: 0, count: C), u = n
        for con in constraints {
            for i in 0..<B {
                for c in 0..<C { n[c] = buffer[(c * B + i) * F + con.field] }
                linear(n, d: con.d, point: i, into: &u)
                for c in 0..<C { buffer[(c * B + i) * F + con.field] = u[c] + (affine ? con.g[c * B + i] : 0) }
            }
        }
    }

    /// N̄ = (∂u/∂N)ᵀ ū, in place on seeds in the output layout.
    func transpose(_ seeds: inout [Double]) {
        let (B, F, C) = (pointCount, fields, layout.count)
        var ubar = [Double](repeating: 0, count: C), nbar = ubar
        for con in constraints {
            for i in 0..<B {
                for c in 0..<C { ubar[c] = seeds[(c * B + i) * F + con.field] }
                linearTranspose(ubar, d: con.d, point: i, into: &nbar)
                for c in 0..<C { seeds[(c * B + i) * F + con.field] = nbar[c] }
            }
        }
    }

    private func dj(_ d: [Double], _ c: Int, _ i: Int) -> Double { d[c * pointCount + i] }

    /// u = M(d) N at one point.
    private func linear(_ n: [Double], d: [Double], point i: Int, into u: inout [Double]) {
        let d0 = dj(d, 0, i), dim = layout.dimension
        for c in u.indices { u[c] = d0 * n[c] }
        guard layout.hasFirst else { return }
        for k in 0..<dim { u[layout.firstOffset + k] += dj(d, layout.firstOffset + k, i) * n[0] }
        for (s, (p, q)) in layout.seconds.enumerated() {
            let c = layout.secondOffset + s
            u[c] += dj(d, c, i) * n[0] + dj(d, layout.firstOffset + p, i) * n[layout.firstOffset + q]
                + dj(d, layout.firstOffset + q, i) * n[layout.firstOffset + p]
        }
        if layout.hasLaplacian {
            let c = layout.laplacianIndex
            u[c] += dj(d, c, i) * n[0]
            for k in 0..<dim { u[c] += 2 * dj(d, layout.firstOffset + k, i) * n[layout.firstOffset + k] }
        }
    }

    /// N̄ = M(d)ᵀ ū at one point.
    private func linearTranspose(_ ubar: [Double], d: [Double], point i: Int, into nbar: inout [Double]) {
        let d0 = dj(d, 0, i), dim = layout.dimension
        for c in nbar.indices { nbar[c] = d0 * ubar[c] }
        guard layout.hasFirst else { return }
        for k in 0..<dim { nbar[0] += dj(d, layout.firstOffset + k, i) * ubar[layout.firstOffset + k] }
        for (s, (p, q)) in layout.seconds.enumerated() {
            let c = layout.secondOffset + s
            nbar[0] += dj(d, c, i) * ubar[c]
            nbar[layout.firstOffset + q] += dj(d, layout.firstOffset + p, i) * ubar[c]
            nbar[layout.firstOffset + p] += dj(d, layout.firstOffset + q, i) * ubar[c]
        }
        if layout.hasLaplacian {
            let c = layout.laplacianIndex
            nbar[0] += dj(d, c, i) * ubar[c]
            for k in 0..<dim { nbar[layout.firstOffset + k] += 2 * dj(d, layout.firstOffset + k, i) * ubar[c] }
        }
    }
}
