import LinearAlgebra
import SeededRandom

// MARK: - Workspace: every buffer a step needs, made once

extension Sven {
    /// Buffers for one system size and option set. The step's system is J restricted
    /// to a mini-batch of rows, averaged over micro-batches, restricted to a subset of
    /// parameters — each stage only when asked for — then factored.
    final class Workspace {
        let p: Int, b: Int
        let options: Options
        /// Rows per step (B without batching) and whether they are a subset.
        let batchRows: Int, batched: Bool
        let micro: Int, microRows: Int
        let subParameters: Int
        let matrixFree: Bool
        let factor: SpectralFactor

        var rows: [Int]
        // Carried from step to step, and saved in checkpoints (Sven+Checkpoint.swift):
        // the epoch's row permutation and the position in it, the parameter pool, the generator.
        var permutation: [Int]
        var cursor: Int
        var parameterIndex: [Int]
        var parameterPool: [Int]
        var generator: SeededGenerator

        var jtStep: Matrix, rStep: [Double]
        var jtMicro: Matrix, rMicro: [Double]
        var jtSub: Matrix
        var coeff: [Double], deltaSub: [Double], delta: [Double], trial: [Double], trialResiduals: [Double]
        /// All B residuals at a mini-batch step's trial point.
        var fullResiduals: [Double]
        /// Moré's D: running max of the column norms of J (1 where a column was always 0);
        /// empty when unscaled. Saved in checkpoints.
        var columnScale: [Double]

        init(system: any ResidualSystem, options o: Options) {
            p = system.parameterCount
            b = system.residualCount
            options = o
            batchRows = min(o.batchSize ?? b, b)
            batched = batchRows < b
            micro = o.microBatch
            microRows = (batchRows + micro - 1) / micro
            subParameters = max(1, min(p, Int((o.parameterFraction * Double(p)).rounded())))
            let reduced = batched || micro > 1 || subParameters < p
            let (pf, bf) = (subParameters, micro > 1 ? microRows : batchRows)
            let route = Sven.resolve(o.route, rtol: o.rtol, k: o.maxRank, p: pf, b: bf,
                                     matrixFree: system.isMatrixFree && !reduced
                                        && Double(b) * Double(p) * 8 > Double(o.jacobianMemoryLimit))
            if case .randomized(_, _, true) = route { matrixFree = true } else { matrixFree = false }
            factor = SpectralFactor(route: route, p: pf, b: bf, maxRank: o.maxRank, rtol: o.rtol, seed: o.seed &+ 0x5EED)
            generator = SeededGenerator(seed: o.seed)
            permutation = Array(0..<b)
            cursor = b
            rows = Array(0..<batchRows)
            parameterIndex = Array(0..<subParameters)
            parameterPool = Array(0..<p)
            jtStep = matrixFree ? Matrix(rows: 0, cols: 0) : Matrix(rows: p, cols: batchRows)
            rStep = Array(repeating: 0, count: batchRows)
            jtMicro = micro > 1 ? Matrix(rows: p, cols: microRows) : Matrix(rows: 0, cols: 0)
            rMicro = Array(repeating: 0, count: micro > 1 ? microRows : 0)
            jtSub = subParameters < p ? Matrix(rows: subParameters, cols: bf) : Matrix(rows: 0, cols: 0)
            coeff = Array(repeating: 0, count: factor.count)
            deltaSub = Array(repeating: 0, count: pf)
            delta = Array(repeating: 0, count: p)
            trial = delta
            trialResiduals = Array(repeating: 0, count: batched ? batchRows : b)
            fullResiduals = Array(repeating: 0, count: batched ? b : 0)
            columnScale = o.scaled && !matrixFree ? Array(repeating: 0, count: p) : []
        }

        /// The next mini-batch: consecutive slices of a permutation redrawn every epoch.
        func nextBatch() {
            for k in 0..<batchRows {
                if cursor == b {
                    permutation.shuffle(using: &generator)
                    cursor = 0
                }
                rows[k] = permutation[cursor]
                cursor += 1
            }
        }

        /// A fresh random subset of the parameters (sorted), when a fraction is asked for:
        /// the first entries of a partial Fisher–Yates shuffle of a permutation kept between steps.
        func nextParameterSubset() {
            guard subParameters < p else { return }
            for k in 0..<subParameters {
                let j = k + Int(generator.next() % UInt64(p - k))
                parameterPool.swapAt(k, j)
            }
            for k in 0..<subParameters { parameterIndex[k] = parameterPool[k] }
            parameterIndex.sort()
        }

        /// Micro-batch averaging: column j of the result is the mean of columns
        /// j·m ..< (j+1)·m (the last group may be shorter), residuals likewise.
        func averageMicroBatches() {
            guard micro > 1 else { return }
            for j in 0..<microRows {
                let lo = j * micro, hi = min(lo + micro, batchRows)
                let scale = 1 / Double(hi - lo)
                var rs = 0.0
                for q in 0..<p { jtMicro.storage[j * p + q] = 0 }
                for i in lo..<hi {
                    rs += rStep[i]
                    for q in 0..<p { jtMicro.storage[j * p + q] += jtStep.storage[i * p + q] }
                }
                for q in 0..<p { jtMicro.storage[j * p + q] *= scale }
                rMicro[j] = rs * scale
            }
        }

        /// The rows of Jᵀ for the chosen parameters.
        func gatherParameters() {
            guard subParameters < p else { return }
            let src = micro > 1 ? jtMicro : jtStep
            let cols = src.cols
            for c in 0..<cols {
                for (k, q) in parameterIndex.enumerated() { jtSub.storage[c * subParameters + k] = src.storage[c * p + q] }
            }
        }

        /// D ← max(D, column norms of this step's J), then the factored Jᵀ's rows divided by D
        /// (J D⁻¹). A column that has always been zero keeps scale 1.
        func scaleColumns() {
            guard !columnScale.isEmpty else { return }
            let src = micro > 1 ? jtMicro : jtStep
            let cols = src.cols
            src.storage.withUnsafeBufferPointer { a in
                for q in 0..<p {
                    var s = 0.0
                    for c in 0..<cols { let x = a[c * p + q]; s += x * x }
                    columnScale[q] = max(columnScale[q], s.squareRoot())
                }
            }
            func divide(_ m: inout Matrix, rows: Int, parameter: (Int) -> Int) {
                let cols = m.cols
                m.storage.withUnsafeMutableBufferPointer { a in
                    for k in 0..<rows {
                        let d = columnScale[parameter(k)]
                        guard d > 0 else { continue }
                        let inverse = 1 / d
                        for c in 0..<cols { a[c * rows + k] *= inverse }
                    }
                }
            }
            if subParameters < p { divide(&jtSub, rows: subParameters) { self.parameterIndex[$0] } }
            else if micro > 1 { divide(&jtMicro, rows: p) { $0 } }
            else { divide(&jtStep, rows: p) { $0 } }
        }

        /// The Jᵀ and r that are factored this step.
        var factoredJt: Matrix { subParameters < p ? jtSub : (micro > 1 ? jtMicro : jtStep) }
        var factoredResiduals: [Double] { micro > 1 ? rMicro : rStep }

        /// δ on all parameters from δ on the chosen ones.
        /// With scaling, δ = D⁻¹ δ_scaled.
        func scatterDelta() {
            func unscale(_ x: Double, _ q: Int) -> Double {
                columnScale.isEmpty || columnScale[q] == 0 ? x : x / columnScale[q]
            }
            guard subParameters < p else {
                for q in 0..<p { delta[q] = unscale(deltaSub[q], q) }
                return
            }
            for q in 0..<p { delta[q] = 0 }
            for (k, q) in parameterIndex.enumerated() { delta[q] = unscale(deltaSub[k], q) }
        }
    }

    /// The concrete route for `route` at the factored size P × B.
    static func resolve(_ route: Route, rtol: Double, k: Int, p: Int, b: Int, matrixFree: Bool) -> SpectralFactor.Route {
        let m = min(p, b)
        func randomized(_ o: Int, _ q: Int) -> SpectralFactor.Route {
            .randomized(min(k + o, m), q, matrixFree)
        }
        switch route {
        case .svd: return b >= p ? .svdOfJ : .svdOfJt
        case .qrSVD: return b >= p ? .qrOfJ : .qrOfJt
        case .gram: return b <= p ? .gramLeft : .gramRight
        case .randomized(let o, let q): return randomized(o, q)
        case .tracked: return matrixFree ? randomized(10, 2) : .tracked
        case .automatic:
            if k < Int.max && (matrixFree || k + 10 <= m / 2) { return randomized(10, 2) }
            if rtol < 1e-7 {
                if !matrixFree && rtol >= trackedSmallestRtol { return .tracked }
                if Double(max(b, p)) >= qrAspectRatio * Double(m) { return b >= p ? .qrOfJ : .qrOfJt }
                return b >= p ? .svdOfJ : .svdOfJt
            }
            return b <= p ? .gramLeft : .gramRight
        }
    }

    /// The smallest rtol the automatic route serves by `tracked`: below it the tracked
    /// route's check cannot be met in float64 (J ω is computed to ~1e-15·σ₁ at these sizes).
    public static let trackedSmallestRtol = 1e-12

    /// From this ratio max(B, P)/min(B, P) on, the automatic exact route factors by QR
    /// first (`SpectralFactor.Route.qrOfJ`/`qrOfJt`) instead of `dgesdd` on the whole J.
    /// Measured (bench/svd-drivers.c, bench/results/step-cost.md): at 2 threads QR first is
    /// 10–30 % faster from 1.3 : 1 on, level at 1.1 : 1 and 12 % slower when square.
    public static let qrAspectRatio = 1.25

    public mutating func prepare(for system: any ResidualSystem) throws(OptionError) {
        try options.validate()
        if let w = workspace, w.p == system.parameterCount, w.b == system.residualCount, w.options == options { return }
        workspace = Workspace(system: system, options: options)
    }
}
