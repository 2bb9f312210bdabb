// swift-tools-version:6.0
//
// svenpde — PINNs trained by Sven (Singular Value dEsceNt), checked against
// spectral references. Module flow (shared/ARCHITECTURE.md), one way only:
//
//   svenpde ──► PINN ──► Residuals ──► SeededRandom (every module may use it), SolutionIO (CSV data)
//      │         ├─────► SvenSolver ──► LinearAlgebra ──► CLapack (OpenBLAS + LAPACKE)
//      │         └─────► CJetKernels (C: AVX2 + FMA jet sweeps, chosen at run time; no public API exposes it)
//      └──► SpectralReference ─────────────────────────► CFFTW (+ CLapack: dense Chebyshev solves)
//   ModelFit ──► Residuals, SvenSolver (regression models as residual systems; NIST StRD)
//   SolutionIO ──► CZlib (zlib) — NPY, CSV, VTI, PNG plots, history CSV; the CLI writes through it
import PackageDescription

let package = Package(
    name: "svenpde",
    products: [
        .executable(name: "svenpde", targets: ["svenpde"]),
        .library(name: "SvenSolver", targets: ["SvenSolver"]),
        .library(name: "PINN", targets: ["PINN"]),
        .library(name: "Residuals", targets: ["Residuals"]),
        .library(name: "ModelFit", targets: ["ModelFit"]),
        .library(name: "SpectralReference", targets: ["SpectralReference"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "SolutionIO", targets: ["SolutionIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "SeededRandom"),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "SvenSolver", dependencies: ["LinearAlgebra", "SeededRandom"]),
        .target(name: "Residuals", dependencies: ["SeededRandom", "SolutionIO", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "CJetKernels"),
        .target(name: "PINN", dependencies: ["Residuals", "SvenSolver", "LinearAlgebra", "SeededRandom", "CJetKernels"]),
        .target(name: "ModelFit", dependencies: ["Residuals", "SvenSolver", "LinearAlgebra"]),
        .target(name: "SpectralReference", dependencies: ["CFFTW", "CLapack"]),
        .target(name: "SolutionIO", dependencies: ["CZlib"]),
        .executableTarget(
            name: "svenpde",
            dependencies: [
                "PINN", "Residuals", "SvenSolver", "SpectralReference", "ModelFit", "SolutionIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "poisson-steps", dependencies: ["PINN", "Residuals", "SvenSolver", "LinearAlgebra"],
                          path: "bench/PoissonSteps"),
        .executableTarget(name: "sven-scaling", dependencies: ["SvenSolver", "LinearAlgebra", "SeededRandom"],
                          path: "bench/Scaling"),
        .executableTarget(name: "regression1d", dependencies: ["PINN", "Residuals", "SvenSolver", "LinearAlgebra", "SeededRandom"],
                          path: "bench/Regression"),
        .executableTarget(name: "step-cost", dependencies: ["PINN", "Residuals", "SvenSolver", "LinearAlgebra", "SeededRandom"],
                          path: "bench/StepCost"),
        .executableTarget(name: "lm-step", dependencies: ["PINN", "Residuals", "SvenSolver", "LinearAlgebra", "CLapack"],
                          path: "bench/LMStep"),
        .executableTarget(name: "pinn-jets", dependencies: ["PINN", "Residuals", "LinearAlgebra", "CJetKernels"], path: "bench/PINNJets"),
        .executableTarget(name: "nist-strd", dependencies: ["ModelFit", "SvenSolver"], path: "bench/NIST",
                          exclude: ["fit-all.sh"]),
        .executableTarget(name: "plot-gallery", dependencies: ["SolutionIO"], path: "bench/PlotGallery"),
        .executableTarget(name: "spectral-references", dependencies: ["SpectralReference"], path: "bench/References"),
        // The README's Swift examples, verbatim (Tests/CLITests/ReadmeExamplesTests.swift checks
        // the text and runs them).
        .executableTarget(name: "example-custom-condition", dependencies: ["PINN", "Residuals", "SvenSolver"],
                          path: "examples/custom-condition"),
        .executableTarget(name: "example-least-squares", dependencies: ["SvenSolver", "LinearAlgebra"],
                          path: "examples/least-squares"),
        .executableTarget(name: "example-point-condition", dependencies: ["PINN", "Residuals", "SvenSolver", "LinearAlgebra"],
                          path: "examples/point-condition"),
        .target(name: "TestSupport", dependencies: ["LinearAlgebra", "SeededRandom"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "SvenSolverTests", dependencies: ["SvenSolver", "TestSupport"]),
        .testTarget(name: "ResidualsTests", dependencies: ["Residuals", "TestSupport"]),
        .testTarget(name: "PINNTests", dependencies: ["PINN", "Residuals", "SvenSolver", "TestSupport"]),
        .testTarget(name: "SpectralReferenceTests", dependencies: ["SpectralReference"]),
        .testTarget(name: "ModelFitTests", dependencies: ["ModelFit", "Residuals", "SvenSolver", "LinearAlgebra"]),
        .testTarget(name: "SolutionIOTests", dependencies: ["SolutionIO", "CZlib"]),
        .testTarget(name: "CLITests", dependencies: ["svenpde", "SolutionIO", "example-custom-condition",
                                                     "example-least-squares", "example-point-condition"]),
    ]
)
