// MARK: - Block evaluation

extension ExpressionProgram {
    /// Points per block: the stack then holds `maximumDepth × blockSize`
    /// Doubles (a few KiB, in L1), and the per-instruction dispatch is paid
    /// once per block instead of once per point.
    static let blockSize = 256

    /// A workspace for ``run(points:dimension:into:workspace:)``.
    func makeWorkspace() -> UnsafeMutableBufferPointer<Double> {
        .allocate(capacity: max(maximumDepth, 1) * Self.blockSize)
    }

    /// Evaluates the program at every point of `points`, stored point-major
    /// (coordinate k of point i at `points[i * dimension + k]`).
    ///
    /// Every instruction runs as one loop over a block of points; slot s of
    /// the stack is the array `workspace[s * blockSize ..< (s + 1) * blockSize]`.
    /// The Double operations are those of ``run(inputs:stack:)``, so results
    /// are bit-for-bit the same as evaluating point by point.
    func run(points: UnsafeBufferPointer<Double>, dimension: Int,
             into out: UnsafeMutableBufferPointer<Double>,
             workspace: UnsafeMutableBufferPointer<Double>) {
        let stack = workspace.baseAddress!
        let source = points.baseAddress
        let width = Self.blockSize
        var start = 0
        while start < out.count {
            let count = min(width, out.count - start)
            var top = 0
            @inline(__always) func slot(_ s: Int) -> UnsafeMutablePointer<Double> { stack + s * width }
            for instruction in instructions {
                switch instruction {
                case .constant(let c):
                    slot(top).update(repeating: c, count: count)
                    top += 1
                case .variable(let k):
                    let values = slot(top)
                    let column = source! + start * dimension + k
                    for j in 0..<count { values[j] = column[j * dimension] }
                    top += 1
                case .binary(let op):
                    top -= 1
                    Self.apply(op, slot(top - 1), slot(top), count)
                case .addConstant(let c):
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = a[j] + c }
                case .constantMinus(let c):
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = c - a[j] }
                case .multiplyConstant(let c):
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = a[j] * c }
                case .divideByConstant(let c):
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = a[j] / c }
                case .constantDividedBy(let c):
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = c / a[j] }
                case .negate:
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = -a[j] }
                case .powInteger(let n):
                    Self.powInteger(slot(top - 1), n, count)
                case .powConstant(let c):
                    let a = slot(top - 1)
                    for j in 0..<count { a[j] = Double.pow(a[j], c) }
                case .function(let f):
                    f.apply(to: slot(top - 1), count: count)
                case .function2(let f):
                    top -= 1
                    f.apply(slot(top - 1), slot(top), count: count)
                }
            }
            (out.baseAddress! + start).update(from: stack, count: count)
            start += count
        }
    }

    // MARK: - Kernels

    /// a[j] = a[j] ∘ b[j].
    @inline(__always)
    private static func apply(_ op: ExpressionOperator, _ a: UnsafeMutablePointer<Double>,
                              _ b: UnsafeMutablePointer<Double>, _ count: Int) {
        switch op {
        case .add: for j in 0..<count { a[j] = a[j] + b[j] }
        case .subtract: for j in 0..<count { a[j] = a[j] - b[j] }
        case .multiply: for j in 0..<count { a[j] = a[j] * b[j] }
        case .divide: for j in 0..<count { a[j] = a[j] / b[j] }
        case .power: for j in 0..<count { a[j] = Double.pow(a[j], b[j]) }
        }
    }

    /// a[j] = a[j]ⁿ; squares and cubes inline, other n by repeated squaring.
    @inline(__always)
    private static func powInteger(_ a: UnsafeMutablePointer<Double>, _ n: Int, _ count: Int) {
        switch n {
        case 2: for j in 0..<count { a[j] = a[j] * a[j] }
        case 3: for j in 0..<count { a[j] = a[j] * a[j] * a[j] }
        default: for j in 0..<count { a[j] = Double.pow(a[j], n) }
        }
    }
}
