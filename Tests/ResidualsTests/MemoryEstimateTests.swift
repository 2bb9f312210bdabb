import Testing
import Foundation
@testable import Residuals

/// Sizes derived from input: overflow-safe products, the per-term point cap, the
/// evaluation grid's default, and the memory estimate's formulas (issue 13).
@Suite("Sizes and the memory estimate")
struct MemoryEstimateTests {
    // MARK: - CheckedSize

    @Test func productsReportOverflowInsteadOfTrapping() {
        #expect(CheckedSize.product([4097, 4097]) == 16_785_409)
        #expect(CheckedSize.product([Int]()) == 1)
        // 10⁷ points per axis in 5D is 10³⁵ points: far beyond Int.max ≈ 9.2·10¹⁸.
        #expect(CheckedSize.product(Array(repeating: 10_000_000, count: 5)) == nil)
        #expect(CheckedSize.product(Int.max, 2) == nil)
        #expect(CheckedSize.product(3_037_000_499, 3_037_000_499) == 3_037_000_499 * 3_037_000_499)
        #expect(CheckedSize.product(3_037_000_500, 3_037_000_500) == nil)   // just past √Int.max
        #expect(CheckedSize.product(-1, 5) == nil)
        #expect(CheckedSize.sum([Int.max, 1]) == nil)
        #expect(CheckedSize.sum([1, 2, 3]) == 6)
    }

    // MARK: - Problem files

    static let cube5D = """
        [domain]
        lower = [0, 0, 0, 0, 0]
        upper = [1, 1, 1, 1, 1]
        [pde]
        equation = "-lap(u) = 1"
        points = "grid"
        count = COUNT
        [[boundary]]
        value = "0"
        points = "sobol"
        count = 10
        """

    @Test func aGridWhoseProductOverflowsIsAnErrorAtItsCount() {
        let text = Self.cube5D.replacingOccurrences(of: "COUNT", with: "10000000")
        #expect {
            _ = try ProblemFile.parse(text, file: "big.toml")
        } throws: { error in
            let e = error as? ProblemFileError
            return e?.field == "pde.count" && e?.line == 7 && e?.message.contains("more points than an Int can count") == true
        }
    }

    @Test func aGridAboveTheTermCapIsAnErrorWithItsSize() {
        // 26⁵ = 11 881 376 > 10⁷ points, each count alone within 1…10⁷.
        let text = Self.cube5D.replacingOccurrences(of: "COUNT", with: "26")
        #expect {
            _ = try ProblemFile.parse(text, file: "big.toml")
        } throws: { error in
            let e = error as? ProblemFileError
            return e?.field == "pde.count" && e?.message.contains("11881376 points") == true
        }
        #expect((try? ProblemFile.parse(Self.cube5D.replacingOccurrences(of: "COUNT", with: "4"), file: "ok.toml")) != nil)
    }

    @Test func theDefaultEvaluationGridStaysNearATenthOfAMillionPoints() throws {
        let expected = [1: 101, 2: 101, 3: 45, 4: 17, 5: 9]
        for d in 1...5 {
            let box = try Box(lower: Array(repeating: 0, count: d), upper: Array(repeating: 1, count: d))
            let n = box.defaultEvaluationGridCount
            #expect(n == expected[d])
            if d >= 3 {
                #expect(pow(Double(n), Double(d)) <= 100_000 && pow(Double(n + 2), Double(d)) > 100_000)
            }
        }
        // [reference] without grid takes the default of the box's dimension.
        let text = Self.cube5D.replacingOccurrences(of: "COUNT", with: "3") + "\n[reference]\nmethod = \"exact\"\n"
        #expect(try ProblemFile.parse(text, file: "r.toml").reference?.grid == 9)
    }

    // MARK: - MemoryEstimate

    func sizes(points: Int, residuals: Int, parameters: Int, _ f: MemoryEstimate.Factorization) -> MemoryEstimate.Sizes {
        var s = MemoryEstimate.Sizes()
        s.dimension = 2; s.points = points; s.residuals = residuals; s.parameters = parameters
        s.widthSum = 67; s.channels = 4; s.termChannelValues = points; s.factorization = f
        return s
    }

    func bytes(_ e: MemoryEstimate, _ name: String) -> Double? { e.parts.first { $0.name == name }?.bytes }

    @Test func theJacobianAndSVDWorkspaceFollowTheirFormulas() throws {
        let (B, P) = (2_000_000.0, 12_545.0)
        let e = MemoryEstimate(sizes(points: 2_000_000, residuals: 2_000_000, parameters: 12_545, .svd))
        let jacobian: Double = 8 * B * P, svd: Double = 8 * (3 * B * P + 5 * P * P)
        #expect(bytes(e, "Jacobian") == jacobian)
        #expect(bytes(e, "SVD workspace") == svd)
        // LM and Gauss–Newton hold Jᵀ and J while the SVD's workspace is made.
        let lm = MemoryEstimate(sizes(points: 2_000_000, residuals: 2_000_000, parameters: 12_545, .svdAfterJacobian))
        let lmSVD: Double = 8 * (5 * B * P + 5 * P * P)
        #expect(bytes(lm, "SVD workspace") == lmSVD)
        #expect(e.bytes == e.parts.reduce(0) { $0 + $1.bytes })
        #expect(e.largest.name == "SVD workspace" && e.largest.cause == .points)
        // The account lists the largest parts first: 8·(3BP + 5P²) ≈ 608 GB, then 8BP ≈ 201 GB.
        #expect(e.summary.hasPrefix("~\(MemoryEstimate.describe(bytes: e.bytes)) (SVD workspace thin SVD of 2 000 000 × 12 545 608 GB"
                                    + " + Jacobian 2 000 000 × 12 545 doubles 201 GB + "))
    }

    @Test func firstOrderMethodsFormNoJacobianUnlessChecked() {
        var s = sizes(points: 10_000, residuals: 10_000, parameters: 5_000, .none)
        #expect(bytes(MemoryEstimate(s), "Jacobian") == nil)
        s.formsJacobianForCheck = true
        let jacobian: Double = 8 * 10_000 * 5_000
        #expect(bytes(MemoryEstimate(s), "Jacobian") == jacobian)
        // The Gram route keeps an m × m matrix, m = min(B, P); the randomized route (2B + 4P)·ℓ.
        let gram = MemoryEstimate(sizes(points: 10_000, residuals: 10_000, parameters: 5_000, .gram(rank: 5_000)))
        let gramBytes: Double = 8 * (2 * 5_000.0 * 5_000 + 26 * 5_000)
        #expect(bytes(gram, "Gram matrix") == gramBytes)
        let sketch = MemoryEstimate(sizes(points: 10_000, residuals: 10_000, parameters: 5_000, .randomized(columns: 20, matrixFree: true)))
        let sketchBytes: Double = 8 * (2 * 10_000.0 + 4 * 5_000) * 20
        #expect(bytes(sketch, "randomized range finder") == sketchBytes)
        #expect(bytes(sketch, "Jacobian") == nil)
    }

    @Test func aWideNetworkIsBlamedOnTheNetworkAndAHugeGridOnTheGrid() {
        var s = sizes(points: 1_000, residuals: 1_000, parameters: 400_001, .svd)
        s.widthSum = 100_003
        #expect(MemoryEstimate(s).largest.cause == .network)
        var g = sizes(points: 100, residuals: 100, parameters: 257, .svd)
        g.gridPoints = pow(4097, 3)
        let e = MemoryEstimate(g)
        #expect(e.largest.cause == .grid)
        // 6.9·10¹⁰ points × (2 + 3 + 32 values + 3·67 jets) doubles ≈ 131 TB.
        let expected: Double = pow(4097, 3) * 8 * (37 + 201)
        #expect(abs(e.bytes / expected - 1) < 0.01)
    }

    @Test func bytesReadAsAPersonWouldWriteThem() {
        #expect(MemoryEstimate.describe(bytes: 512) == "512 B")
        #expect(MemoryEstimate.describe(bytes: 3.2e6) == "3.2 MB")
        #expect(MemoryEstimate.describe(bytes: 1.6e12) == "1.6 TB")
        #expect(MemoryEstimate.describe(bytes: 420e9) == "420 GB")
        #expect(MemoryEstimate.group(2_000_000) == "2 000 000" && MemoryEstimate.group(12_545) == "12 545")
    }
}
