// tanh jet and the fused tanh activation sweep, AVX2 + FMA.
//
// Same method as Sources/PINN/VectorTanh.swift, on four lanes of __m256d:
// for |x| ≤ 0.625 the Cephes rational form (Moshier, Cephes Math Library,
// tanh.c; relative error ≤ 2.5e-16 on IEEE doubles)
//
//     tanh x = x + x·s·P(s)/Q(s),   s = x²,
//
// and for |x| > 0.625, with e = e^{2|x|} and q = 2/(e + 1),
//
//     tanh |x| = 1 − q,   σ′ = q(2 − q),
//
// so σ′ keeps full relative accuracy where t rounds to 1. e^y, y = min(2|x|, 708),
// by Cody–Waite reduction y = n·ln 2 + r (fdlibm's ln 2 = ln2Hi + ln2Lo) and
// Cephes' Padé form e^r = (Q(r²) + rP(r²))/(Q(r²) − rP(r²)) (exp.c), 2ⁿ put in
// the exponent bits; one division serves both branches. Then
//
//     σ″ = −2tσ′,   σ‴ = −2σ′(1 − 3t²).
//
// FMA is used only where written (`_mm256_fmadd_pd` and friends): the Horner
// steps, the Cody–Waite reduction (k·ln2Hi is exact, so that step is unchanged)
// and 1 − t² in the small branch. `fp contract(off)` keeps the compiler from
// fusing anything else, so σ″ and σ‴ are the same expressions, rounded the same
// way, as the Swift path and as `cjk_adjoint_block`'s recomputation.
#include "CJetKernels.h"
#if defined(__x86_64__)
#include "JetKernelsInternal.h"
#include <immintrin.h>
#include <stdint.h>

#pragma clang fp contract(off)

// Cephes tanh.c, IEEE coefficients.
#define P0 -9.64399179425052238628e-1
#define P1 -9.92877231001918586564e1
#define P2 -1.61468768441708447952e3
#define Q1 1.12811678491632931402e2
#define Q2 2.23548839060100448583e3
#define Q3 4.84406305325125486048e3
// fdlibm e_exp.c
#define LN2HI 6.93147180369123816490e-01
#define LN2LO 1.90821492927058770002e-10
#define LOG2E 1.44269504088896338700e+00
// Cephes exp.c, IEEE
#define E0 1.26177193074810590878e-4
#define E1 3.02994407707441961300e-2
#define E2 9.99999999999999999910e-1
#define F0 3.00198505138664455042e-6
#define F1 2.52448340349684104192e-3
#define F2 2.27265548208155028766e-1
#define F3 2.00000000000000000009e0
/// 1.5·2⁵²: x + shifter rounds x to an integer held in the low mantissa bits.
#define SHIFTER 6755399441055744.0

/// (tanh x, σ′) on four lanes.
CJK_AVX2 static inline void tanh_d1(__m256d x, __m256d *t_out, __m256d *d1_out) {
    const __m256d signMask = _mm256_castsi256_pd(_mm256_set1_epi64x((long long)0x8000000000000000ULL));
    const __m256d one = _mm256_set1_pd(1), two = _mm256_set1_pd(2);
    __m256d sign = _mm256_and_pd(x, signMask);
    __m256d ax = _mm256_andnot_pd(signMask, x);
    __m256d small = _mm256_cmp_pd(ax, _mm256_set1_pd(0.625), _CMP_LE_OQ);
    // Small branch: P(s), Q(s).
    __m256d s = _mm256_mul_pd(ax, ax);
    __m256d ps = _mm256_fmadd_pd(_mm256_fmadd_pd(_mm256_set1_pd(P0), s, _mm256_set1_pd(P1)), s, _mm256_set1_pd(P2));
    __m256d qs = _mm256_fmadd_pd(_mm256_fmadd_pd(_mm256_add_pd(s, _mm256_set1_pd(Q1)), s, _mm256_set1_pd(Q2)), s,
                                 _mm256_set1_pd(Q3));
    // Large branch: y = 2|x| clamped to 708 (also +∞ and NaN; NaN is patched below).
    __m256d inRange = _mm256_cmp_pd(ax, _mm256_set1_pd(354), _CMP_LE_OQ);
    __m256d y = _mm256_blendv_pd(_mm256_set1_pd(708), _mm256_add_pd(ax, ax), inRange);
    __m256d kShifted = _mm256_fmadd_pd(y, _mm256_set1_pd(LOG2E), _mm256_set1_pd(SHIFTER));
    __m256d k = _mm256_sub_pd(kShifted, _mm256_set1_pd(SHIFTER));
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(LN2LO), _mm256_fnmadd_pd(k, _mm256_set1_pd(LN2HI), y));
    __m256d rr = _mm256_mul_pd(r, r);
    __m256d px = _mm256_mul_pd(r, _mm256_fmadd_pd(_mm256_fmadd_pd(_mm256_set1_pd(E0), rr, _mm256_set1_pd(E1)), rr,
                                                  _mm256_set1_pd(E2)));
    __m256d qx = _mm256_fmadd_pd(_mm256_fmadd_pd(_mm256_fmadd_pd(_mm256_set1_pd(F0), rr, _mm256_set1_pd(F1)), rr,
                                                 _mm256_set1_pd(F2)), rr, _mm256_set1_pd(F3));
    __m256i nBits = _mm256_sub_epi64(_mm256_castpd_si256(kShifted), _mm256_castpd_si256(_mm256_set1_pd(SHIFTER)));
    __m256d twoN = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(nBits, _mm256_set1_epi64x(1023)), 52));
    __m256d num = _mm256_add_pd(qx, px), den = _mm256_sub_pd(qx, px);
    // One division for both branches: q = P/Q, or q = 2/(e^y + 1) = 2D/(2ⁿN + D).
    __m256d q = _mm256_div_pd(_mm256_blendv_pd(_mm256_add_pd(den, den), ps, small),
                              _mm256_blendv_pd(_mm256_fmadd_pd(twoN, num, den), qs, small));
    __m256d tSmall = _mm256_fmadd_pd(_mm256_mul_pd(ax, s), q, ax);
    __m256d t = _mm256_blendv_pd(_mm256_sub_pd(one, q), tSmall, small);
    __m256d d1 = _mm256_blendv_pd(_mm256_mul_pd(q, _mm256_sub_pd(two, q)), _mm256_fnmadd_pd(tSmall, tSmall, one), small);
    t = _mm256_or_pd(t, sign);
    __m256d nan = _mm256_cmp_pd(x, x, _CMP_UNORD_Q);
    *t_out = _mm256_blendv_pd(t, x, nan);
    *d1_out = _mm256_blendv_pd(d1, x, nan);
}

/// σ″ = −2tσ′ (as (−2t)·σ′: scaling by −2 is exact, so this equals Swift's −2·t·σ′).
CJK_AVX2 static inline __m256d second(__m256d t, __m256d d1) {
    return _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(-2), t), d1);
}

/// σ‴ = (−2σ′)(1 − (3t)t), Swift's −2·σ′·(1 − 3·t·t) evaluated in the same order.
CJK_AVX2 static inline __m256d third(__m256d t, __m256d d1) {
    __m256d tt3 = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(3), t), t);
    return _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(-2), d1), _mm256_sub_pd(_mm256_set1_pd(1), tt3));
}

CJK_AVX2 void cjk_tanh_jets(const double *z, long count, double *t, double *d1, double *d2, double *d3) {
    long k = 0;
    for (; k + 4 <= count; k += 4) {
        __m256d a, b;
        tanh_d1(_mm256_loadu_pd(z + k), &a, &b);
        _mm256_storeu_pd(d2 + k, second(a, b));
        _mm256_storeu_pd(d3 + k, third(a, b));
        _mm256_storeu_pd(t + k, a);
        _mm256_storeu_pd(d1 + k, b);
    }
    if (k < count) {
        double x[4] = {0, 0, 0, 0}, o[4][4];
        long m = count - k;
        for (long i = 0; i < m; i++) x[i] = z[k + i];
        __m256d a, b;
        tanh_d1(_mm256_loadu_pd(x), &a, &b);
        _mm256_storeu_pd(o[0], a);
        _mm256_storeu_pd(o[1], b);
        _mm256_storeu_pd(o[2], second(a, b));
        _mm256_storeu_pd(o[3], third(a, b));
        for (long i = 0; i < m; i++) {
            t[k + i] = o[0][i]; d1[k + i] = o[1][i]; d2[k + i] = o[2][i]; d3[k + i] = o[3][i];
        }
    }
}

/// One vector of the sweep: the four (or, masked, fewer) values at offset o of
/// every channel; j is the unit index of the first (for the bias). D, `first`
/// and `lap` are constants where the caller is specialised (see
/// `cjk_tanh_sweep_block`), so the channel loops unroll and nothing is re-read.
CJK_AVX2 static inline __attribute__((always_inline)) void sweep_vector(double *restrict z, double *restrict a, double *restrict d1,
                                                                       const double *restrict bias, long nB, long o, long j,
                                                                       long D, int first, int lap, long secondCount,
                                                                       const long *seconds, int full, __m256i mask) {
#define LOAD(p) (full ? _mm256_loadu_pd(p) : _mm256_maskload_pd((p), mask))
#define STORE(p, v) do { if (full) _mm256_storeu_pd((p), (v)); else _mm256_maskstore_pd((p), mask, (v)); } while (0)
    __m256d x = _mm256_add_pd(LOAD(z + o), LOAD(bias + j));
    STORE(z + o, x);
    __m256d t, s1;
    tanh_d1(x, &t, &s1);
    STORE(a + o, t);
    STORE(d1 + o, s1);
    if (!first) return;
    const long secondOffset = 1 + D;
    const __m256d s2 = second(t, s1);
    // a_d = σ′ z_d, and Σ_d z_d² for Δ
    __m256d sq = _mm256_setzero_pd();
    for (long d = 0; d < D; d++) {
        const long od = (1 + d) * nB + o;
        __m256d zd = LOAD(z + od);
        STORE(a + od, _mm256_mul_pd(s1, zd));
        sq = _mm256_fmadd_pd(zd, zd, sq);
    }
    // a_pq = σ′ z_pq + σ″ z_p z_q
    for (long s = 0; s < secondCount; s++) {
        const long p = seconds[2 * s], q = seconds[2 * s + 1], opq = (secondOffset + s) * nB + o;
        __m256d prod = _mm256_mul_pd(LOAD(z + (1 + p) * nB + o), LOAD(z + (1 + q) * nB + o));
        STORE(a + opq, _mm256_fmadd_pd(s1, LOAD(z + opq), _mm256_mul_pd(s2, prod)));
    }
    // Δa = σ′ Δz + σ″ Σ_d z_d²
    if (lap) {
        const long ol = (secondOffset + secondCount) * nB + o;
        STORE(a + ol, _mm256_fmadd_pd(s1, LOAD(z + ol), _mm256_mul_pd(s2, sq)));
    }
#undef LOAD
#undef STORE
}

/// The block's points, one vector of units at a time (a masked one for n mod 4).
CJK_AVX2 static inline __attribute__((always_inline)) void sweep_points(double *z, double *a, double *d1, const double *bias,
                                                                       long n, long nB, long k0, long count, long D, int first,
                                                                       int lap, long secondCount, const long *seconds) {
    const __m256i lanes = _mm256_set_epi64x(3, 2, 1, 0);
    const long rem = n % 4, nFull = n - rem;
    const __m256i tail = _mm256_cmpgt_epi64(_mm256_set1_epi64x(rem), lanes), none = _mm256_setzero_si256();
    for (long p = k0; p < k0 + count; p += n) {
        for (long j = 0; j < nFull; j += 4)
            sweep_vector(z, a, d1, bias, nB, p + j, j, D, first, lap, secondCount, seconds, 1, none);
        if (rem) sweep_vector(z, a, d1, bias, nB, p + nFull, nFull, D, first, lap, secondCount, seconds, 0, tail);
    }
}

CJK_AVX2 void cjk_tanh_sweep_block(double *z, double *a, double *d1, const double *bias, long n, long nB,
                                   long k0, long count, const cjk_layout *lay) {
    // One pass: each vector of values is read once from every channel of z and
    // every channel of a written once, σ and σ′ kept in registers (the earlier
    // form made a pass for the bias, one for σ and one per channel over the block).
    // The (u, ∂_d u, Δu) layouts of 1–3 dimensions get their own copies with the
    // layout as constants; any other layout runs the same code with it as variables.
    const long D = lay->dimension, S = lay->second_count;
    const int first = lay->has_first, lap = lay->has_laplacian;
    if (!first) {
        sweep_points(z, a, d1, bias, n, nB, k0, count, 0, 0, 0, 0, 0);
    } else if (S == 0 && lap && D == 2) {
        sweep_points(z, a, d1, bias, n, nB, k0, count, 2, 1, 1, 0, 0);
    } else if (S == 0 && lap && D == 1) {
        sweep_points(z, a, d1, bias, n, nB, k0, count, 1, 1, 1, 0, 0);
    } else if (S == 0 && lap && D == 3) {
        sweep_points(z, a, d1, bias, n, nB, k0, count, 3, 1, 1, 0, 0);
    } else {
        sweep_points(z, a, d1, bias, n, nB, k0, count, D, 1, lap, S, lay->seconds);
    }
}

#endif  // __x86_64__ (elsewhere cjk_available() is 0 and PINN does not call these)
