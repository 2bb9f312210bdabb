// Rows of Jᵀ for one layer (JetEvaluator.writeRows), AVX2 + FMA: for point i,
// the W_l block of its row is Σ_c Z̄_l^c(i) ⊗ A_{l−1}^c(i) — column k holds
// Σ_c A^c(i)_k Z̄^c(i) — and the b_l block is Z̄_l^value(i). Every entry of Jᵀ is
// computed in registers from all channels and stored once; with four channels
// (the 2D Laplacian layout) two columns share each load of the adjoints.
//
// Jᵀ is written once and read much later (by the solver's factorisation), and is
// far larger than the caches at the sizes that matter; an ordinary store first
// reads the line it writes into (read for ownership), so streaming
// (non-temporal) stores cut the memory traffic of the write from 2× to 1× J.
// Each point's block is one contiguous run of n_out·(n_in + 1) entries that starts
// at any multiple of 8 bytes (P is odd in general): its whole cache lines are
// computed into an L1 staging buffer and streamed out with aligned 32-byte
// `vmovntpd`, so that every line is written whole (8-byte `movnti` at column
// ends, tried first, was 2× slower than ordinary stores); the partial lines at
// either end get ordinary stores. Streaming stores are weakly ordered, hence the
// `sfence` at the end.
#include "CJetKernels.h"
#if defined(__x86_64__)
#include "JetKernelsInternal.h"
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

CJK_AVX2 static inline void stream1(double *p, double v) {
    long long bits;
    memcpy(&bits, &v, sizeof bits);
    _mm_stream_si64((long long *)p, bits);
}

/// out[j − j0] = Σ_c a[c]·z[c][j] for j0 ≤ j < j1 (ordinary stores). The
/// coefficients and channel pointers are copied into locals first: `out` is a
/// double pointer, so a store through it could otherwise alias `a` and force a
/// reload per vector. Four channels (the 2D Laplacian layout) are unrolled. The
/// scalar tails round exactly as the vector lanes (the same fused multiply-adds),
/// so an entry does not depend on where a chunk or a cache line splits its row,
/// that is, on the alignment of Jᵀ.
CJK_AVX2 static inline void column(double *restrict out, const double *const *zc, const double *a, long C,
                                   long j0, long j1) {
    long j = j0;
    if (C == 4) {
        const double *z0 = zc[0], *z1 = zc[1], *z2 = zc[2], *z3 = zc[3];
        const double c0 = a[0], c1 = a[1], c2 = a[2], c3 = a[3];
        const __m256d v0 = _mm256_set1_pd(c0), v1 = _mm256_set1_pd(c1), v2 = _mm256_set1_pd(c2), v3 = _mm256_set1_pd(c3);
        for (; j + 4 <= j1; j += 4) {
            __m256d u = _mm256_fmadd_pd(v1, _mm256_loadu_pd(z1 + j), _mm256_mul_pd(v0, _mm256_loadu_pd(z0 + j)));
            __m256d w = _mm256_fmadd_pd(v3, _mm256_loadu_pd(z3 + j), _mm256_mul_pd(v2, _mm256_loadu_pd(z2 + j)));
            _mm256_storeu_pd(out + j - j0, _mm256_add_pd(u, w));
        }
        for (; j < j1; j++) out[j - j0] = __builtin_fma(c1, z1[j], c0 * z0[j]) + __builtin_fma(c3, z3[j], c2 * z2[j]);
        return;
    }
    if (C == 1) {
        const double *z0 = zc[0];
        const double c0 = a[0];
        const __m256d v0 = _mm256_set1_pd(c0);
        for (; j + 4 <= j1; j += 4) _mm256_storeu_pd(out + j - j0, _mm256_mul_pd(v0, _mm256_loadu_pd(z0 + j)));
        for (; j < j1; j++) out[j - j0] = c0 * z0[j];
        return;
    }
    // Any other channel count: one output vector at a time, summed over the channels.
    for (; j + 4 <= j1; j += 4) {
        __m256d v = _mm256_mul_pd(_mm256_set1_pd(a[0]), _mm256_loadu_pd(zc[0] + j));
        for (long c = 1; c < C; c++) v = _mm256_fmadd_pd(_mm256_set1_pd(a[c]), _mm256_loadu_pd(zc[c] + j), v);
        _mm256_storeu_pd(out + j - j0, v);
    }
    for (; j < j1; j++) {
        double v = a[0] * zc[0][j];
        for (long c = 1; c < C; c++) v = __builtin_fma(a[c], zc[c][j], v);
        out[j - j0] = v;
    }
}

/// Columns k and k + 1 whole (n entries each, at out and out + n), four channels:
/// each vector of adjoints is loaded once for both (4 loads per 2 stores instead
/// of 4 per 1; the eight coefficients stay in registers).
CJK_AVX2 static inline void column_pair4(double *restrict out, const double *const *zc, const double *a,
                                         const double *b, long n) {
    const double *z0 = zc[0], *z1 = zc[1], *z2 = zc[2], *z3 = zc[3];
    const __m256d a0 = _mm256_set1_pd(a[0]), a1 = _mm256_set1_pd(a[1]), a2 = _mm256_set1_pd(a[2]), a3 = _mm256_set1_pd(a[3]);
    const __m256d b0 = _mm256_set1_pd(b[0]), b1 = _mm256_set1_pd(b[1]), b2 = _mm256_set1_pd(b[2]), b3 = _mm256_set1_pd(b[3]);
    long j = 0;
    for (; j + 4 <= n; j += 4) {
        __m256d x0 = _mm256_loadu_pd(z0 + j), x1 = _mm256_loadu_pd(z1 + j);
        __m256d x2 = _mm256_loadu_pd(z2 + j), x3 = _mm256_loadu_pd(z3 + j);
        __m256d u = _mm256_add_pd(_mm256_fmadd_pd(a1, x1, _mm256_mul_pd(a0, x0)), _mm256_fmadd_pd(a3, x3, _mm256_mul_pd(a2, x2)));
        __m256d w = _mm256_add_pd(_mm256_fmadd_pd(b1, x1, _mm256_mul_pd(b0, x0)), _mm256_fmadd_pd(b3, x3, _mm256_mul_pd(b2, x2)));
        _mm256_storeu_pd(out + j, u);
        _mm256_storeu_pd(out + n + j, w);
    }
    for (; j < n; j++) {
        out[j] = __builtin_fma(a[1], z1[j], a[0] * z0[j]) + __builtin_fma(a[3], z3[j], a[2] * z2[j]);
        out[n + j] = __builtin_fma(b[1], z1[j], b[0] * z0[j]) + __builtin_fma(b[3], z3[j], b[2] * z2[j]);
    }
}

/// Point i's block of the row, flattened: entry m = k·n_out + j is column k's
/// Σ_c A^c_k Z̄^c_j for k < n_in, and Z̄^value_j for k = n_in (the bias). Writes
/// entries m0 … m1 − 1 into out[0 …].
CJK_AVX2 static void block_entries(double *out, const double *const *zc, const double *ai, long inB, long n_in, long n_out,
                                   long C, long m0, long m1) {
    if (n_out == 1) {
        // A scalar output: entry k is Σ_c Z̄^c A^c_k, one combination of the input
        // jets' rows (contiguous in k) instead of n_in columns of one entry each.
        // Same products and sums, in the same order, as `column`.
        double z[C];
        const double *ac[C];
        for (long c = 0; c < C; c++) { z[c] = zc[c][0]; ac[c] = ai + c * inB; }
        column(out, ac, z, C, m0, m1 < n_in ? m1 : n_in);
        if (m1 > n_in) out[n_in - m0] = z[0];   // the bias
        return;
    }
    double a[C], b[C];
    long k = m0 / n_out, j = m0 % n_out, m = m0;
    while (m < m1) {
        if (C == 4 && j == 0 && m + 2 * n_out <= m1 && k + 1 < n_in) {
            for (long c = 0; c < 4; c++) { a[c] = ai[c * inB + k]; b[c] = ai[c * inB + k + 1]; }
            column_pair4(out + (m - m0), zc, a, b, n_out);
            m += 2 * n_out;
            k += 2;
            continue;
        }
        long j1 = j + (m1 - m) < n_out ? j + (m1 - m) : n_out;
        if (k < n_in) {
            for (long c = 0; c < C; c++) a[c] = ai[c * inB + k];
            column(out + (m - m0), zc, a, C, j, j1);
        } else {
            const double one = 1;
            column(out + (m - m0), zc, &one, 1, j, j1);
        }
        m += j1 - j;
        k++;
        j = 0;
    }
}

/// Entries per staging chunk (4 KB, in L1; a multiple of the 8 doubles of a line).
#define CHUNK 512

CJK_AVX2 void cjk_jacobian_rows_strided(double *rows, long stride, const double *zbar, long zbar_channel_stride,
                                        const double *ain, long ain_channel_stride, long n_in, long n_out, long C,
                                        long count, int streaming) {
    const long N = n_out * (n_in + 1);
    const double *zc[C];
    double stage[CHUNK] __attribute__((aligned(64)));
    for (long i = 0; i < count; i++) {
        double *row = rows + i * stride;
        for (long c = 0; c < C; c++) zc[c] = zbar + c * zbar_channel_stride + i * n_out;
        const double *ai = ain + i * n_in;
        if (!streaming) {
            block_entries(row, zc, ai, ain_channel_stride, n_in, n_out, C, 0, N);
            continue;
        }
        // Ordinary stores up to the first cache-line boundary and after the last;
        // whole lines in between, staged in L1 and streamed out.
        long head = (long)((64 - ((uintptr_t)row & 63)) & 63) / 8;
        if (head > N) head = N;
        block_entries(row, zc, ai, ain_channel_stride, n_in, n_out, C, 0, head);
        long m = head;
        while (N - m >= 8) {
            long len = (N - m) & ~7L;
            if (len > CHUNK) len = CHUNK;
            block_entries(stage, zc, ai, ain_channel_stride, n_in, n_out, C, m, m + len);
            for (long s = 0; s < len; s += 4) _mm256_stream_pd(row + m + s, _mm256_load_pd(stage + s));
            m += len;
        }
        block_entries(row + m, zc, ai, ain_channel_stride, n_in, n_out, C, m, N);
    }
    if (streaming) _mm_sfence();
}

CJK_AVX2 void cjk_jacobian_rows(double *base, long stride, const double *zbar, const double *ain, long n_in, long n_out,
                                long point_count, long C, long p0, long p1, int streaming) {
    cjk_jacobian_rows_strided(base + p0 * stride, stride, zbar + p0 * n_out, n_out * point_count, ain + p0 * n_in,
                              n_in * point_count, n_in, n_out, C, p1 - p0, streaming);
}

CJK_AVX2 void cjk_stream_fill(double *buffer, long count, double value) {
    const __m256d v = _mm256_set1_pd(value);
    long head = (long)((32 - ((uintptr_t)buffer & 31)) & 31) / 8, k = 0;
    if (head > count) head = count;
    for (; k < head; k++) stream1(buffer + k, value);
    for (; k + 4 <= count; k += 4) _mm256_stream_pd(buffer + k, v);
    for (; k < count; k++) stream1(buffer + k, value);
    _mm_sfence();
}

#endif  // __x86_64__ (elsewhere cjk_available() is 0 and PINN does not call these)
