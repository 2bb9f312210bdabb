// fuzz-nist — the NIST StRD `.dat` reader (`NISTDataset(parsing:)`), the model
// translation (`dataset.model()`) and the residual system built from it.
//
// Any UTF-8 input must either give a dataset or throw a `NISTDatasetError`; a
// dataset whose model translates must evaluate its residuals and Jacobian at the
// starting values without trapping.
import FuzzDriver
import LinearAlgebra
import ModelFit

/// libFuzzer's entry: SwiftPM makes this the process's `main` (see FuzzDriver.h).
@_cdecl("fuzz_nist_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    svenpde_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
          let dataset = try? NISTDataset(parsing: text, file: "fuzz.dat"),
          let system = try? ModelFitSystem(dataset) else { return 0 }
    for start in dataset.startingValues where start.count == system.parameterCount {
        var r = [Double](repeating: 0, count: system.residualCount)
        var jt = Matrix(rows: system.parameterCount, cols: system.residualCount)
        system.fillJacobian(at: start, residuals: &r, jacobianTranspose: &jt)
    }
    _ = dataset.logRelativeError(dataset.certifiedValues)
    return 0
}
