// Benchmark (run on demand): CJetKernels' tanh activation sweep on one core for a
// 2D Laplacian layout (u, u_x, u_y, Δu), width 64, P points per block (in L2), and
// the tanh jet alone. bench/small-gemm.sh builds and runs it.
//
//   tanh-sweep P    → ns per value (all four channels) and ns per value of the tanh jet
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
    if (argc != 2 || !cjk_available()) {
        fprintf(stderr, "usage: tanh-sweep P (on a CPU with AVX2 and FMA)\n");
        return 2;
    }
    const long n = 64, P = atol(argv[1]), C = 4, nB = n * P;
    double *z = aligned_alloc(64, sizeof(double) * C * nB), *a = aligned_alloc(64, sizeof(double) * C * nB);
    double *d1 = aligned_alloc(64, sizeof(double) * nB), *d2 = malloc(sizeof(double) * nB), *d3 = malloc(sizeof(double) * nB);
    double *bias = calloc(n, sizeof(double));
    for (long k = 0; k < C * nB; k++) z[k] = (double)((k * 7919) % 2001 - 1000) / 400.0;
    cjk_layout layout = {2, 4, 1, 1, 0, 0};
    const long reps = 200000000 / nB + 1;
    double t0 = now();
    for (long r = 0; r < reps; r++) cjk_tanh_sweep_block(z, a, d1, bias, n, nB, 0, nB, &layout);
    double sweep = (now() - t0) / ((double)reps * nB) * 1e9;
    t0 = now();
    for (long r = 0; r < reps; r++) cjk_tanh_jets(z, nB, a, d1, d2, d3);
    double jet = (now() - t0) / ((double)reps * nB) * 1e9;
    printf("P=%ld: sweep %.2f ns per value (four channels), tanh jet %.2f ns per value (a[1] = %g)\n", P, sweep, jet, a[1]);
    return 0;
}
