/// One kind of per-layer buffer of `JetEvaluator` (jets, adjoints, σ′ …): one
/// zero-filled allocation per layer, made once and freed with the evaluator.
///
/// Raw storage rather than `[[Double]]`: the depth-first passes hold pointers into
/// every layer of a run at once, which nested `withUnsafeMutableBufferPointer`
/// calls on array elements cannot express for a run of any length.
final class LayerBuffers {
    private let buffers: [UnsafeMutableBufferPointer<Double>]

    /// `counts[l]` doubles for layer l (0 for none).
    init(counts: [Int]) {
        buffers = counts.map { n in
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
            b.initialize(repeating: 0)
            return b
        }
    }

    deinit { for b in buffers { b.deallocate() } }

    /// Layers (including layer 0).
    var count: Int { buffers.count }

    subscript(l: Int) -> LayerBuffer { LayerBuffer(pointer: buffers[l]) }
}

/// Layer l's buffer of a `LayerBuffers`, with the same accessors as an array.
struct LayerBuffer {
    let pointer: UnsafeMutableBufferPointer<Double>

    var count: Int { pointer.count }
    var base: UnsafeMutablePointer<Double> { pointer.baseAddress! }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(pointer))
    }

    func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(pointer)
    }
}
