// Benchmark (run on demand): CJetKernels' cjk_small_gemm on one core, W packed,
// A and Z in cache — the product of the depth-first jet passes. bench/small-gemm.sh
// builds it against Sources/CJetKernels and runs the shapes of the PINN networks.
//
//   small-gemm M K N    → GFLOP/s of Z (M × N) = W (M × K) · A (K × N), repeated
#include "CJetKernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 4 || !cjk_available()) {
        fprintf(stderr, "usage: small-gemm M K N (on a CPU with AVX2 and FMA)\n");
        return 2;
    }
    long m = atol(argv[1]), k = atol(argv[2]), n = atol(argv[3]);
    double *w = malloc(sizeof(double) * m * k), *packed = aligned_alloc(64, sizeof(double) * (cjk_packed_count(m, k) + 8));
    double *a = aligned_alloc(64, sizeof(double) * (k * n + 8)), *z = aligned_alloc(64, sizeof(double) * (m * n + 8));
    for (long i = 0; i < m * k; i++) w[i] = (double)(i % 17) / 17;
    for (long i = 0; i < k * n; i++) a[i] = (double)(i % 13) / 13;
    cjk_pack_weights(m, k, w, 1, m, packed);
    long reps = (long)(4e9 / (2.0 * m * k * n)) + 1;
    double best = 0;
    for (int round = 0; round < 5; round++) {   // the best of five rounds of ~4 GFLOP each
        double t0 = now();
        for (long r = 0; r < reps; r++) cjk_small_gemm(m, n, k, packed, a, z, 0, n);
        double rate = 2.0 * m * k * n * reps / (now() - t0) / 1e9;
        if (rate > best) best = rate;
    }
    printf("m=%ld k=%ld n=%ld: %.1f GFLOP/s (one core; z[0] = %g)\n", m, k, n, best, z[0]);
    return 0;
}
