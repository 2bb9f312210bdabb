// fuzz-problem-file — the problem-file reader (`ProblemFile.parse`): TOML syntax,
// the schema, every formula and equation, the domain and the collocation points;
// everything short of building the network and training.
//
// Any UTF-8 input must either give a `ProblemFile` or throw a `ProblemFileError`.
// Terms are resampled once (the path `solve` takes with `resample_every`).
import FuzzDriver
import Residuals

/// libFuzzer's entry: SwiftPM makes this the process's `main` (see FuzzDriver.h).
@_cdecl("fuzz_problem_file_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    svenpde_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
          let file = try? ProblemFile.parse(text, file: "fuzz.toml") else { return 0 }
    _ = try? file.resampledTerms(epoch: 1)
    _ = file.error(at: "pde.equation", "fuzz")
    return 0
}
