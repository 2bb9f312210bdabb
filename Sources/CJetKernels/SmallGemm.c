// Z = W·A for the jet layers' weight matrices of up to 256² entries, AVX2 + FMA.
//
// Used by JetEvaluator's point-blocked (depth-first) forward and adjoint passes:
// the product of one block of points is followed at once by the activation sweep
// of the same block, while both are in L2, on each core for its own points; that
// needs a GEMM that is cheap to call on a few dozen columns and safe to call from
// several threads at once, which OpenBLAS (its own thread pool, packing of the
// long operand, a β = 0 pass over Z) is not. Here W (≤ 512 KB), packed once per
// pass into panels of 8 rows (so each k step reads 64 contiguous bytes), stays in
// L2, and each 8 × 6 tile of Z is accumulated in twelve registers over the
// whole inner dimension and stored once (the register tile of the GotoBLAS/BLIS
// micro-kernel, Goto & van de Geijn, ACM TOMS 34(3), 2008; A, a block of a few
// dozen columns, is not packed). One core, best of five (`bench/small-gemm.sh`,
// bench/results/small-gemm.md): 34–42 GFLOP/s from 48² to 512² — about the
// per-core share of OpenBLAS's two-core dgemm on 1024² (62–73 GFLOP/s).
//
// Column-major: W is m × k (packed, see cjk_pack_weights), A is k × n (leading
// dimension k), Z is m × n (m).
#include "CJetKernels.h"
#include "JetKernelsInternal.h"

/// Portable C (no AVX): the fused paths pack on the calling thread.
void cjk_pack_weights(long m, long k, const double *w, long row_stride, long column_stride, double *packed) {
    for (long ib = 0; ib < (m + 7) / 8; ib++)
        for (long p = 0; p < k; p++)
            for (long r = 0; r < 8; r++) {
                long i = 8 * ib + r;
                packed[ib * 8 * k + 8 * p + r] = i < m ? w[i * row_stride + p * column_stride] : 0;
            }
}

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang fp contract(off)

/// The tile Z[i … i+r−1, j … j+NC−1], r ≤ 8, from panel i/8 of the packed W (its
/// rows ≥ m are zero; the stores of lanes ≥ r are masked off unless `full`).
#define TILE(NC)                                                                                               \
    CJK_AVX2 static inline __attribute__((always_inline)) void tile##NC(long m, long k, const double *w, const double *a, double *z, long i,  \
                                         long j, __m256i m0, __m256i m1, int full) {                           \
        __m256d lo[NC], hi[NC];                                                                                \
        for (int c = 0; c < NC; c++) { lo[c] = _mm256_setzero_pd(); hi[c] = _mm256_setzero_pd(); }            \
        const double *wp = w + i * k, *ap = a + j * k;                                                         \
        for (long p = 0; p < k; p++) {                                                                         \
            __m256d w0 = _mm256_loadu_pd(wp + 8 * p), w1 = _mm256_loadu_pd(wp + 8 * p + 4);                   \
            for (int c = 0; c < NC; c++) {                                                                     \
                __m256d b = _mm256_broadcast_sd(ap + c * k + p);                                               \
                lo[c] = _mm256_fmadd_pd(w0, b, lo[c]);                                                         \
                hi[c] = _mm256_fmadd_pd(w1, b, hi[c]);                                                         \
            }                                                                                                  \
        }                                                                                                      \
        for (int c = 0; c < NC; c++) {                                                                         \
            double *zp = z + (j + c) * m + i;                                                                  \
            if (full) { _mm256_storeu_pd(zp, lo[c]); _mm256_storeu_pd(zp + 4, hi[c]); }                        \
            else { _mm256_maskstore_pd(zp, m0, lo[c]); _mm256_maskstore_pd(zp + 4, m1, hi[c]); }               \
        }                                                                                                      \
    }
TILE(1) TILE(2) TILE(3) TILE(4) TILE(5) TILE(6)

CJK_AVX2 static inline __attribute__((always_inline)) void tiles(long m, long k, const double *w, const double *a, double *z, long i, long j, long nc,
                                  __m256i m0, __m256i m1, int full) {
    switch (nc) {
    case 6: tile6(m, k, w, a, z, i, j, m0, m1, full); break;
    case 5: tile5(m, k, w, a, z, i, j, m0, m1, full); break;
    case 4: tile4(m, k, w, a, z, i, j, m0, m1, full); break;
    case 3: tile3(m, k, w, a, z, i, j, m0, m1, full); break;
    case 2: tile2(m, k, w, a, z, i, j, m0, m1, full); break;
    default: tile1(m, k, w, a, z, i, j, m0, m1, full); break;
    }
}

CJK_AVX2 void cjk_small_gemm(long m, long n, long k, const double *w, const double *a, double *z, long j0, long j1) {
    const __m256i lanes = _mm256_set_epi64x(3, 2, 1, 0);
    const long rem = m % 8, mFull = m - rem;
    const __m256i m0 = _mm256_cmpgt_epi64(_mm256_set1_epi64x(rem), lanes);
    const __m256i m1 = _mm256_cmpgt_epi64(_mm256_set1_epi64x(rem - 4), lanes);
    (void)n;
    for (long j = j0; j < j1; j += 6) {
        long nc = j1 - j < 6 ? j1 - j : 6;
        for (long i = 0; i < mFull; i += 8) tiles(m, k, w, a, z, i, j, nc, m0, m1, 1);
        if (rem) tiles(m, k, w, a, z, mFull, j, nc, m0, m1, 0);
    }
}

#endif  // __x86_64__
