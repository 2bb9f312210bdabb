// swift-tools-version:6.0
//
// libFuzzer targets for svenpde's readers, kept apart from the main package so
// that `swift build` / `swift test` at the root never see `-sanitize=fuzzer`.
// Build and run them with scripts/fuzz (it passes the sanitizer flags):
//
//   swift build -c release --package-path fuzz \
//       -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
//
// Each executable defines `LLVMFuzzerTestOneInput` and a `<module>_main` that starts
// libFuzzer's driver (FuzzDriver), so a built target fuzzes, or replays the files
// given as arguments (scripts/fuzz --replay).
import PackageDescription

let package = Package(
    name: "svenpde-fuzz",
    dependencies: [.package(name: "svenpde", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "fuzz-problem-file",
                          dependencies: ["FuzzDriver", .product(name: "Residuals", package: "svenpde")]),
        .executableTarget(name: "fuzz-expression",
                          dependencies: ["FuzzDriver", .product(name: "Residuals", package: "svenpde")]),
        .executableTarget(name: "fuzz-csv",
                          dependencies: ["FuzzDriver", .product(name: "SolutionIO", package: "svenpde")]),
        .executableTarget(name: "fuzz-npy",
                          dependencies: ["FuzzDriver", .product(name: "SolutionIO", package: "svenpde")]),
        .executableTarget(name: "fuzz-checkpoint",
                          dependencies: ["FuzzDriver", .product(name: "SvenSolver", package: "svenpde"),
                                         .product(name: "LinearAlgebra", package: "svenpde")]),
        .executableTarget(name: "fuzz-nist",
                          dependencies: ["FuzzDriver", .product(name: "ModelFit", package: "svenpde"),
                                         .product(name: "LinearAlgebra", package: "svenpde")]),
    ]
)
