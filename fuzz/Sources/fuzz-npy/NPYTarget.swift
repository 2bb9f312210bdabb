// fuzz-npy — the `.npy` reader (`NPY.decode`) on arbitrary bytes.
//
// Any input must either decode or throw `SolutionIOError.invalidNPY`; a decoded
// array must hold exactly as many values as its shape says.
import FuzzDriver
import SolutionIO

/// libFuzzer's entry: SwiftPM makes this the process's `main` (see FuzzDriver.h).
@_cdecl("fuzz_npy_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    svenpde_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let array = try? NPY.decode(bytes, path: "fuzz.npy") else { return 0 }
    let count = array.shape.reduce(1, *)
    precondition(array.values.count == count, "NPY.decode: \(array.values.count) values for shape \(array.shape)")
    return 0
}
