#!/usr/bin/env python3
"""Cost model of one distributed Sven step (docs/scaling.md): flops, payload bytes and
memory per rank for the TSQR route and the randomized route as implemented in
mpi/Sources/Distributed, and the time they imply on an assumed node.

    python3 mpi/scaling-model.py                 # the docs' table (B = 1e7, P = 1e5)
    python3 mpi/scaling-model.py --parameters 1e4   # the same with P = 1e4
    python3 mpi/scaling-model.py --check         # the model against this machine's counts

Calibration from bench/results/mpi.md (this machine, loaded): J fill 11–22 ns per
row·parameter per core (11 used); the local QR of [J r] ran at 7–10 GFLOP/s per core (8
used); the SVD of the n × n R took 0.7–1.4 ns·n³ on one core (0.75 used). Assumed node (not measured): 64 such cores,
dense factorisations at 64 × 8 GFLOP/s = 0.5 TFLOP/s, 12.5 GB/s network (100 Gb/s).
"""
import math, sys

J_FILL_NS = 11e-9          # s per row·parameter per core (measured, mpi-bench)
CORE_FLOPS = 8e9           # dense LAPACK per core (measured dgeqrf rate under load)
SVD_NS = 0.75e-9           # s per n³ for dgesdd of n × n on one core (measured)
CORES = 64                 # assumed cores per node
NET = 12.5e9               # assumed bytes/s per node
TRIALS = 6                 # line-search trials per step (measured mean 4.8–6.0, poisson2d)

def tsqr(B, P, N):
    b, n = B / N, P + 1
    local = 2 * b * n * n - 2 / 3 * n ** 3 if b >= n else 2 * b * b * n - 2 / 3 * b ** 3
    levels = math.ceil(math.log2(N)) if N > 1 else 0
    tree = levels * (2 / 3) * n ** 3                   # dtpqrt of two triangles, per level
    svd_seconds = SVD_NS * n ** 3 / CORES * 4          # dgesdd scales ~16× on 64 cores (assumed)
    flops_rank0 = local + tree
    bytes_rank0 = 4 * n * (n + 1) * levels + 8 * P * (N - 1) * (1 + TRIALS) + 8 * B * (N - 1) / N
    bytes_leaf = 4 * n * (n + 1) + 8 * P * (1 + TRIALS) + 8 * b
    memory = 8 * b * P + 8 * b * n + 28 * n * n       # J block, [J r] copy; R, partner, its copy, packed triangle
    memory_rank0 = memory + 3 * 8 * n * n + 4 * 8 * B  # + U, Vᵀ, R_J; the driver's r buffers
    seconds = (J_FILL_NS * b * P / CORES + flops_rank0 / (CORE_FLOPS * CORES) + svd_seconds
               + bytes_rank0 / NET)
    return dict(route="TSQR", flops=flops_rank0, svd_seconds=svd_seconds, bytes0=bytes_rank0,
                bytes=bytes_leaf, memory=memory, memory0=memory_rank0, seconds=seconds)

def randomized(B, P, N, k, q=2):
    b, l = B / N, min(k + 10, P)
    products = 4 * (q + 1) * b * P * l                 # (q+1) × (J·X and Jᵀ·Y)
    orth = (q + 1) * 8 * b * l * l                     # local QR, R = QᵀY, Y ← Q·Qs
    root = (q + 1) * 4 * N * l ** 3 + q * 4 * P * l * l + 4 * P * l * l + 22 * l ** 3
    bytes_rank = (q + 1) * (8 * P * l + 2 * 8 * P * l + 2 * 8 * l * l) + 2 * 8 * l + 8 * P * (1 + TRIALS) + 8 * b
    bytes_rank0 = bytes_rank + (q + 1) * 2 * 8 * l * l * (N - 1) + 8 * B * (N - 1) / N
    memory = 8 * b * P + 8 * b * l + 3 * 8 * P * l
    memory0 = memory + 2 * 8 * N * l * l + 4 * 8 * B
    seconds = (J_FILL_NS * b * P / CORES + (products + orth + root) / (CORE_FLOPS * CORES)
               + bytes_rank0 / NET)
    return dict(route=f"randomized k={k}", flops=products + orth + root, svd_seconds=0.0, bytes0=bytes_rank0,
                bytes=bytes_rank, memory=memory, memory0=memory0, seconds=seconds)

def fmt(x, unit=""):
    for s, f in (("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(x) >= f: return f"{x / f:.3g} {s}{unit}"
    return f"{x:.3g} {unit}"

def table(B, P):
    print("| nodes | route | flops (rank 0) | SVD of R, rank 0 | bytes/step rank 0 | bytes/step other | memory/rank | memory rank 0 | s/step (model) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for N in (64, 1024):
        for r in (tsqr(B, P, N), randomized(B, P, N, 1000), randomized(B, P, N, 10000)):
            print(f"| {N} | {r['route']} | {fmt(r['flops'], 'flop')} | {r['svd_seconds']:.3g} s | {fmt(r['bytes0'], 'B')} | "
                  f"{fmt(r['bytes'], 'B')} | {fmt(r['memory'], 'B')} | {fmt(r['memory0'], 'B')} | {r['seconds']:.3g} |")

if __name__ == "__main__":
    if "--check" in sys.argv:
        # poisson2d B = 1020, P = 257, N = 2: the counted TSQR message and payload per step.
        n = 258
        print("TSQR message 4(P+1)(P+2) =", 4 * n * (n + 1), "bytes (mpi-bench counts this + 8P + 8 per factor call)")
        print("TSQR flops, B = 10400, P = 513, 1 rank:", fmt(tsqr(10400, 513, 1)["flops"], "flop"))
    else:
        P = float(sys.argv[sys.argv.index("--parameters") + 1]) if "--parameters" in sys.argv else 1e5
        table(1e7, P)
