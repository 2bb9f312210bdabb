// swift-tools-version:6.0
//
// svenpde over MPI: the residual rows of one problem spread over the ranks of an
// Open MPI job (issue 19). Kept apart from the main package, like fuzz/, so that
// `swift build` / `swift test` at the root never need mpi.h or mpirun. Build and
// test with scripts/mpi-test (it installs libopenmpi-dev and openmpi-bin first):
//
//   swift build -c release --package-path mpi
//   mpirun -np 2 mpi/.build/release/svenpde-mpi solve problems/poisson.toml
//
//   Distributed ──► SvenSolver, LinearAlgebra (the main package's products)
//        └──► CMPI (C: the MPI calls and LAPACK's dgeqrf; no public API exposes it)
//                └──► CMPISystem (mpi.h and libmpi through pkg-config `ompi-c`)
import PackageDescription

let package = Package(
    name: "svenpde-mpi",
    products: [
        .library(name: "Distributed", targets: ["Distributed"]),
        .executable(name: "svenpde-mpi", targets: ["svenpde-mpi"]),
    ],
    dependencies: [.package(name: "svenpde", path: "..")],
    targets: [
        .systemLibrary(name: "CMPISystem", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        .target(name: "CMPI", dependencies: ["CMPISystem"],
                linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("lapacke")]),
        .target(name: "Distributed",
                dependencies: ["CMPI",
                               .product(name: "SvenSolver", package: "svenpde"),
                               .product(name: "LinearAlgebra", package: "svenpde"),
                               .product(name: "Residuals", package: "svenpde"),
                               .product(name: "PINN", package: "svenpde")]),
        .executableTarget(name: "svenpde-mpi",
                          dependencies: ["Distributed",
                                         .product(name: "PINN", package: "svenpde"),
                                         .product(name: "Residuals", package: "svenpde"),
                                         .product(name: "SvenSolver", package: "svenpde"),
                                         .product(name: "SpectralReference", package: "svenpde")]),
        .executableTarget(name: "mpi-check",
                          dependencies: ["Distributed",
                                         .product(name: "PINN", package: "svenpde"),
                                         .product(name: "Residuals", package: "svenpde"),
                                         .product(name: "SvenSolver", package: "svenpde"),
                                         .product(name: "LinearAlgebra", package: "svenpde")]),
        .executableTarget(name: "mpi-bench",
                          dependencies: ["Distributed",
                                         .product(name: "Residuals", package: "svenpde"),
                                         .product(name: "SvenSolver", package: "svenpde"),
                                         .product(name: "LinearAlgebra", package: "svenpde")]),
        .testTarget(name: "DistributedTests",
                    dependencies: ["Distributed",
                                   .product(name: "SvenSolver", package: "svenpde"),
                                   .product(name: "LinearAlgebra", package: "svenpde"),
                                   .product(name: "Residuals", package: "svenpde")]),
    ]
)
