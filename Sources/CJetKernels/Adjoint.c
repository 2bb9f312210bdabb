// The adjoint through σ (JetEvaluator.deactivate), AVX2 + FMA: for every value,
//
//     z̄    = ā σ′ + Σ_d ā_d z_d σ″ + Σ_pq ā_pq (σ″ z_pq + σ‴ z_p z_q) + Δā (σ″ Δz + σ‴ Σ_d z_d²)
//     z̄_d  = ā_d σ′ + Σ_pq ā_pq σ″ ∂(z_p z_q)/∂z_d + 2 Δā σ″ z_d
//     z̄_pq = ā_pq σ′,   Δz̄ = Δā σ′,
//
// one pass over the channels of four values at a time, every adjoint written
// once. σ″ and σ‴ of tanh are recomputed from t and σ′ as in TanhJet.c.
#include "CJetKernels.h"
#if defined(__x86_64__)
#include "JetKernelsInternal.h"
#include <immintrin.h>

#pragma clang fp contract(off)

/// Load or store four lanes, or the first lanes selected by `m` when `!full`.
#define LD(p) (full ? _mm256_loadu_pd(p) : _mm256_maskload_pd((p), m))
#define ST(p, v) do { if (full) _mm256_storeu_pd((p), (v)); else _mm256_maskstore_pd((p), m, (v)); } while (0)

/// σ″ and σ‴ at values k … k+3: loaded when the sweep stored them (d2 ≠ NULL), else
/// recomputed from t and σ′ — σ″ = −2tσ′, σ‴ = −2σ′(1 − 3t²) for tanh.
CJK_AVX2 static inline void derivatives23(const double *t, const double *d2, const double *d3, long k, __m256d s1,
                                          __m256i m, int full, __m256d *s2, __m256d *s3) {
    if (d2) {
        *s2 = LD(d2 + k); *s3 = LD(d3 + k);
        return;
    }
    const __m256d one = _mm256_set1_pd(1);
    __m256d tk = LD(t + k);
    *s2 = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(-2), tk), s1);
    *s3 = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(-2), s1),
                        _mm256_sub_pd(one, _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(3), tk), tk)));
}

/// The 2D Laplacian layout (u, u_x, u_y, Δu) at values k … k+3 (block-relative);
/// channel strides nB in z, nb in ā and z̄.
CJK_AVX2 static inline void laplacian2D(const double *z, const double *ab, double *zb, const double *t, const double *d1,
                                        const double *d2, const double *d3, long nB, long nb, long k, __m256i m, int full) {
    const __m256d two = _mm256_set1_pd(2);
    __m256d s1 = LD(d1 + k), s2, s3;
    derivatives23(t, d2, d3, k, s1, m, full, &s2, &s3);
    __m256d x = LD(z + nB + k), y = LD(z + 2 * nB + k), zl = LD(z + 3 * nB + k);
    __m256d a0 = LD(ab + k), ax = LD(ab + nb + k), ay = LD(ab + 2 * nb + k), g = LD(ab + 3 * nb + k);
    // z̄ = ā σ′ + σ″(ā_x x + ā_y y + Δā Δz) + Δā σ‴ (x² + y²)
    __m256d inner = _mm256_fmadd_pd(g, zl, _mm256_fmadd_pd(ay, y, _mm256_mul_pd(ax, x)));
    __m256d sq = _mm256_fmadd_pd(y, y, _mm256_mul_pd(x, x));
    __m256d v = _mm256_fmadd_pd(a0, s1, _mm256_fmadd_pd(s2, inner, _mm256_mul_pd(_mm256_mul_pd(g, s3), sq)));
    __m256d g2 = _mm256_mul_pd(_mm256_mul_pd(two, g), s2);
    ST(zb + k, v);
    ST(zb + nb + k, _mm256_fmadd_pd(ax, s1, _mm256_mul_pd(g2, x)));
    ST(zb + 2 * nb + k, _mm256_fmadd_pd(ay, s1, _mm256_mul_pd(g2, y)));
    ST(zb + 3 * nb + k, _mm256_mul_pd(g, s1));
}

/// Any layout at values k … k+3 (channel strides nB in z, nb in ā and z̄); `acc`
/// holds D vectors (the first-derivative adjoints).
CJK_AVX2 static inline void general(const double *z, const double *ab, double *zb, const double *t, const double *d1,
                                    const double *d2, const double *d3, long nB, long nb, long k, const cjk_layout *lay,
                                    __m256d *acc, __m256i m, int full) {
    const __m256d two = _mm256_set1_pd(2);
    const long D = lay->dimension, so = 1 + D;
    __m256d s1 = LD(d1 + k), s2, s3;
    derivatives23(t, d2, d3, k, s1, m, full, &s2, &s3);
    __m256d v = _mm256_mul_pd(LD(ab + k), s1);
    if (!lay->has_first) { ST(zb + k, v); return; }
    for (long d = 0; d < D; d++) {
        __m256d g = LD(ab + (1 + d) * nb + k), zd = LD(z + (1 + d) * nB + k);
        v = _mm256_fmadd_pd(_mm256_mul_pd(g, zd), s2, v);
        acc[d] = _mm256_mul_pd(g, s1);
    }
    for (long s = 0; s < lay->second_count; s++) {
        long p = lay->seconds[2 * s], q = lay->seconds[2 * s + 1];
        const long o = (so + s) * nB + k, ob = (so + s) * nb + k;
        __m256d g = LD(ab + ob), zp = LD(z + (1 + p) * nB + k), zq = LD(z + (1 + q) * nB + k);
        __m256d gs2 = _mm256_mul_pd(g, s2);
        v = _mm256_fmadd_pd(g, _mm256_fmadd_pd(s3, _mm256_mul_pd(zp, zq), _mm256_mul_pd(s2, LD(z + o))), v);
        acc[p] = _mm256_fmadd_pd(gs2, zq, acc[p]);
        acc[q] = _mm256_fmadd_pd(gs2, zp, acc[q]);
        ST(zb + ob, _mm256_mul_pd(g, s1));
    }
    if (lay->has_laplacian) {
        const long o = (lay->count - 1) * nB + k, ob = (lay->count - 1) * nb + k;
        __m256d g = LD(ab + ob);
        __m256d gs2 = _mm256_mul_pd(g, s2), g2s2 = _mm256_mul_pd(two, gs2), sq = _mm256_setzero_pd();
        for (long d = 0; d < D; d++) {
            __m256d zd = LD(z + (1 + d) * nB + k);
            sq = _mm256_fmadd_pd(zd, zd, sq);
            acc[d] = _mm256_fmadd_pd(g2s2, zd, acc[d]);
        }
        v = _mm256_fmadd_pd(gs2, LD(z + o), v);
        v = _mm256_fmadd_pd(_mm256_mul_pd(g, s3), sq, v);
        ST(zb + ob, _mm256_mul_pd(g, s1));
    }
    ST(zb + k, v);
    for (long d = 0; d < D; d++) ST(zb + (1 + d) * nb + k, acc[d]);
}

CJK_AVX2 void cjk_adjoint_strided(const double *z, long nB, const double *t, const double *d1, const double *d2,
                                  const double *d3, const double *abar, double *zbar, long nb, long count,
                                  const cjk_layout *lay) {
    const long tail = count % 4, body = count - tail;
    const __m256i m = _mm256_cmpgt_epi64(_mm256_set1_epi64x(tail), _mm256_set_epi64x(3, 2, 1, 0));
    const int is2D = lay->dimension == 2 && lay->has_first && lay->second_count == 0 && lay->has_laplacian;
    if (is2D) {
        for (long k = 0; k < body; k += 4) laplacian2D(z, abar, zbar, t, d1, d2, d3, nB, nb, k, m, 1);
        if (tail) laplacian2D(z, abar, zbar, t, d1, d2, d3, nB, nb, body, m, 0);
        return;
    }
    __m256d acc[lay->dimension];
    for (long k = 0; k < body; k += 4) general(z, abar, zbar, t, d1, d2, d3, nB, nb, k, lay, acc, m, 1);
    if (tail) general(z, abar, zbar, t, d1, d2, d3, nB, nb, body, lay, acc, m, 0);
}

CJK_AVX2 void cjk_adjoint_block(const double *z, const double *abar, double *zbar, const double *t, const double *d1,
                                const double *d2, const double *d3, long nB, long k0, long count, const cjk_layout *lay) {
    cjk_adjoint_strided(z + k0, nB, t + k0, d1 + k0, d2 ? d2 + k0 : 0, d3 ? d3 + k0 : 0, abar + k0, zbar + k0, nB, count,
                        lay);
}

#endif  // __x86_64__ (elsewhere cjk_available() is 0 and PINN does not call these)
