import Foundation
import Residuals
import SeededRandom
import SpectralReference

// MARK: - Recognising equations and boundary conditions

extension ReferenceChooser {
    static func isZero(_ e: MathExpression?) -> Bool { constantValue(e) == 0 }

    /// The value of a formula that reads no variable.
    static func constantValue(_ e: MathExpression?) -> Double? {
        guard let e, e.isConstant else { return nil }
        return e.evaluate([Double](repeating: 0, count: e.variables.count))
    }

    static func isSecondDiagonal(_ c: JetChannel) -> Bool {
        if case .second(let i, let j) = c { return i == j }
        return false
    }

    /// L when the second-order part over the space variables is L·Δ: the
    /// Laplacian channel, or equal coefficients on every ∂²/∂x_d² and none on
    /// mixed derivatives. nil otherwise.
    static func isotropicLaplacian(_ form: LinearForm, box: Box, time: Int?) -> Double? {
        let space = (0..<box.dimension).filter { $0 != time }
        let lap = form.coefficient(.laplacian)
        let diagonal = space.map { form.coefficient(.second($0, $0)) }
        let mixed = form.coefficients.keys.contains {
            if case .second(let i, let j) = $0.channel { return i != j || i == time }
            return false
        }
        guard !mixed else { return nil }
        if lap != 0 { return diagonal.allSatisfy { $0 == 0 } ? lap : nil }
        guard let first = diagonal.first, first != 0, diagonal.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// Per space axis, the kind when both its faces carry the same homogeneous
    /// condition (Dirichlet 0, Neumann 0 or periodic) and every face is covered once.
    static func homogeneousKinds(_ file: ProblemFile, box: Box, spatial: [Int]) -> [BoundaryKind]? {
        var kindOf: [Face: BoundaryKind] = [:]
        for b in file.boundaries {
            let kind: BoundaryKind
            switch b.kind {
            case "dirichlet" where isZero(b.value): kind = .dirichlet
            case "neumann" where isZero(b.value): kind = .neumann
            case "periodic": kind = .periodic
            default: return nil
            }
            for f in b.faces {
                guard kindOf[f] == nil else { return nil }
                kindOf[f] = kind
            }
        }
        if file.constraint != nil {   // u = d·N with g = 0: homogeneous Dirichlet where d vanishes (assumed: every face)
            for d in spatial { for u in [false, true] where kindOf[Face(dimension: d, upper: u)] == nil { kindOf[Face(dimension: d, upper: u)] = .dirichlet } }
        }
        var kinds: [BoundaryKind] = []
        for d in spatial {
            guard let a = kindOf[Face(dimension: d, upper: false)], let b = kindOf[Face(dimension: d, upper: true)], a == b else { return nil }
            kinds.append(a)
        }
        return kinds
    }

    /// g on the boundary when every face carries a Dirichlet condition.
    static func dirichletData(_ file: ProblemFile, box: Box) -> (([Double]) -> Double)? {
        var valueOf: [Face: MathExpression] = [:]
        for b in file.boundaries {
            guard b.kind == "dirichlet", let v = b.value else { return nil }
            for f in b.faces { valueOf[f] = v }
        }
        let faces = box.spatialFaces
        guard faces.allSatisfy({ valueOf[$0] != nil }) else { return nil }
        return { x in
            let face = faces.min { a, b in distance(x, a, box) < distance(x, b, box) }!
            return valueOf[face]!.evaluate(x)
        }
    }

    private static func distance(_ x: [Double], _ f: Face, _ box: Box) -> Double {
        abs(x[f.dimension] - (f.upper ? box.upper[f.dimension] : box.lower[f.dimension]))
    }

    /// Random jet values and points for pattern checks (seeded).
    private static func samples(_ e: Equation, box: Box, count: Int = 24) -> [(x: [Double], jet: [Double])] {
        var g = SeededGenerator(seed: 7)
        return (0..<count).map { _ in
            ((0..<box.dimension).map { box.lower[$0] + g.nextUniform() * box.length($0) },
             e.jetInputs.map { _ in 4 * g.nextUniform() - 2 })
        }
    }

    /// ν when F(x, u, u_x, u_t, u_xx) = u_t + u·u_x − ν·u_xx at random samples (to 1e-12).
    static func burgersViscosity(_ e: Equation, box: Box, x: Int, time: Int) -> Double? {
        let v = box.variables
        let index = ["u", "u_\(v[x])", "u_\(v[time])", "u_\(v[x])\(v[x])"].map { e.jetInputs.firstIndex(of: $0)! }
        var nu: Double?
        for s in samples(e, box: box) {
            let j = s.jet
            let (u, ux, ut, uxx) = (j[index[0]], j[index[1]], j[index[2]], j[index[3]])
            let f = e.residual.evaluate(s.x + j)
            let candidate = (ut + u * ux - f) / uxx
            if nu == nil { nu = candidate }
            guard let n = nu, abs(f - (ut + u * ux - n * uxx)) <= 1e-12 * max(1, abs(f)) else { return nil }
        }
        return nu.flatMap { $0 > 0 ? $0 : nil }
    }

    /// (ε, R) when F = u_t − ε·u_xx − R(u) with R a function of u alone (checked at random samples).
    static func reactionDiffusion(_ e: Equation, box: Box, x: Int, time: Int) -> (Double, @Sendable (Double) -> Double)? {
        let v = box.variables
        guard Set(e.jetInputs) == ["u", "u_\(v[time])", "u_\(v[x])\(v[x])"] else { return nil }
        let iu = e.jetInputs.firstIndex(of: "u")!, it = e.jetInputs.firstIndex(of: "u_\(v[time])")!
        let ixx = e.jetInputs.firstIndex(of: "u_\(v[x])\(v[x])")!
        let D = box.dimension
        let x0 = (0..<D).map { box.lower[$0] + 0.5 * box.length($0) }
        @Sendable func reaction(_ u: Double) -> Double {
            var j = [Double](repeating: 0, count: 3)
            j[iu] = u
            return -e.residual.evaluate(x0 + j)
        }
        var eps: Double?
        for s in samples(e, box: box) {
            let (u, ut, uxx) = (s.jet[iu], s.jet[it], s.jet[ixx])
            let f = e.residual.evaluate(s.x + s.jet)
            let candidate = (ut - reaction(u) - f) / uxx
            if eps == nil { eps = candidate }
            guard let n = eps, abs(f - (ut - n * uxx - reaction(u))) <= 1e-12 * max(1, abs(f)) else { return nil }
        }
        guard let eps, eps > 0 else { return nil }
        return (eps, reaction)
    }
}
