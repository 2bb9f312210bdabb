// MARK: - Small vector kernels for the first-order optimizers
//
// Loops over raw buffers: array bounds checks cost ~5× in tight loops
// (shared/TOOLCHAIN.md). None of these allocate.

/// aᵀb.
@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot: \(a.count) vs \(b.count) entries")
    return a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            var s = 0.0
            for i in 0..<pa.count { s += pa[i] * pb[i] }
            return s
        }
    }
}

/// y ← y + α·x.
@inline(__always) func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    precondition(x.count == y.count, "axpy: \(x.count) vs \(y.count) entries")
    x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
            for i in 0..<px.count { py[i] += alpha * px[i] }
        }
    }
}

/// out ← x + α·d (a trial point along a direction).
@inline(__always) func pointAlong(_ x: [Double], _ alpha: Double, _ d: [Double], into out: inout [Double]) {
    precondition(x.count == d.count && x.count == out.count,
                 "pointAlong: x \(x.count), d \(d.count), out \(out.count) entries")
    x.withUnsafeBufferPointer { px in
        d.withUnsafeBufferPointer { pd in
            out.withUnsafeMutableBufferPointer { po in
                for i in 0..<px.count { po[i] = px[i] + alpha * pd[i] }
            }
        }
    }
}

/// ‖x‖_∞; NaN when x holds a NaN (`max` alone would skip it).
@inline(__always) func maxAbs(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { p in
        var m = 0.0
        for v in p {
            if v.isNaN { return .nan }
            m = max(m, abs(v))
        }
        return m
    }
}

/// True when every entry is finite.
@inline(__always) func allFinite(_ x: [Double]) -> Bool {
    x.withUnsafeBufferPointer { p in
        for v in p where !v.isFinite { return false }
        return true
    }
}

extension ResidualSystem {
    /// g = J(θ)ᵀ r, the gradient of ½‖r‖²; throws `.nonFinite` when it holds NaN/Inf.
    func gradient(at parameters: [Double], residuals: [Double], into g: inout [Double]) throws(StepFailure) {
        applyJacobianTranspose(at: parameters, residuals, into: &g)
        guard allFinite(g) else { throw .nonFinite }
    }
}
