// CJetKernels — AVX2 + FMA versions of the PINN jet kernels' point-wise sweeps
// (Sources/PINN: JetSweep, JetEvaluator+Backward). Every function here except
// `cjk_available` executes AVX2 and FMA instructions: call them only when
// `cjk_available()` returns 1. The PINN module keeps its portable Swift path as
// the fallback and chooses at run time (`JetKernels`).
//
// Memory layout (as in JetEvaluator): a layer of width n at B points stores
// channel c, point i, unit j at (c·B + i)·n + j; nB = n·B is the channel stride.
// Channels: value; ∂_d for d < D when `has_first`; the seconds ∂_p∂_q listed in
// `seconds`; Δ last when `has_laplacian`.
#ifndef CJETKERNELS_H
#define CJETKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Which channels a jet carries (JetLayout).
typedef struct {
    long dimension;
    long count;              ///< channels C
    int has_first;
    int has_laplacian;
    long second_count;
    const long *seconds;     ///< 2·second_count entries: p₀, q₀, p₁, q₁, … (p ≤ q)
} cjk_layout;

/// 1 when this CPU (and OS) runs AVX2 and FMA, else 0.
int cjk_available(void);

/// tanh x, σ′, σ″, σ‴ of `count` values (VectorTanh's method, four lanes with FMA).
/// `t` may alias `z`; the outputs must not overlap each other.
void cjk_tanh_jets(const double *z, long count, double *t, double *d1, double *d2, double *d3);

/// The tanh activation sweep (JetSweep) over one block of whole points: values
/// k0 … k0 + count − 1 of every channel (k0 and count multiples of n), in one
/// pass. Adds the bias to the value channel of z, writes a = σ(z) and the
/// activated derivative channels into `a`, and σ′ into `d1` (its value channel
/// positions, d1 + k0 …).
void cjk_tanh_sweep_block(double *z, double *a, double *d1, const double *bias, long n, long nB,
                          long k0, long count, const cjk_layout *layout);

/// The adjoint through σ (JetEvaluator.deactivate) for values k0 … k0 + count − 1
/// of every channel: Z̄ from Ā, z and σ′, σ″, σ‴. With `d2` and `d3` null (tanh),
/// σ″ = −2tσ′ and σ‴ = −2σ′(1 − 3t²) are recomputed from t = `t` and σ′, with
/// the same expressions as the forward sweep.
void cjk_adjoint_block(const double *z, const double *abar, double *zbar, const double *t, const double *d1,
                       const double *d2, const double *d3, long nB, long k0, long count, const cjk_layout *layout);

/// `cjk_adjoint_block` for one block whose adjoints live apart from its jets: z,
/// t, d1 (and d2, d3) point at the block's first value, channel stride nB in z;
/// abar and zbar at the block's first value too, channel stride nb. `count` values.
void cjk_adjoint_strided(const double *z, long nB, const double *t, const double *d1, const double *d2,
                         const double *d3, const double *abar, double *zbar, long nb, long count,
                         const cjk_layout *layout);

/// `cjk_jacobian_rows` for `count` points from explicit places: point i's row at
/// rows + i·stride, its adjoint of channel c at zbar + c·zbar_channel_stride + i·n_out,
/// its input jet of channel c at ain + c·ain_channel_stride + i·n_in.
void cjk_jacobian_rows_strided(double *rows, long stride, const double *zbar, long zbar_channel_stride,
                               const double *ain, long ain_channel_stride, long n_in, long n_out, long channels,
                               long count, int streaming);

/// Rows of Jᵀ for one layer (JetEvaluator.writeRows), points p0 … p1 − 1: for
/// point i, at row = base + i·stride, column k < n_in of the weight block is
/// Σ_{c < C} A^c(i)_k · Z̄^c(i) (n_out entries at row + k·n_out), then the bias
/// block Z̄^value(i) (n_out entries). Each entry is stored once; with `streaming`
/// the stores are non-temporal (no read for ownership; use only when Jᵀ is far
/// larger than the caches). Ends with a store fence.
void cjk_jacobian_rows(double *base, long stride, const double *zbar, const double *ain, long n_in, long n_out,
                       long point_count, long channels, long p0, long p1, int streaming);

/// Doubles that `cjk_pack_weights` writes for an m × k matrix: ⌈m/8⌉·8·k.
static inline long cjk_packed_count(long m, long k) { return (m + 7) / 8 * 8 * k; }

/// Pack the m × k matrix W, entry (i, p) at w[i·row_stride + p·column_stride]
/// (W itself: 1, m; Wᵀ of a stored k × m matrix: k, 1), for `cjk_small_gemm`:
/// panels of 8 rows, each k columns of 8 contiguous entries, rows ≥ m zero.
void cjk_pack_weights(long m, long k, const double *w, long row_stride, long column_stride, double *packed);

/// Z = W·A for columns j0 … j1 − 1, W packed by `cjk_pack_weights`: A is k × n,
/// Z is m × n, column-major with leading dimensions k, m. Meant for W that stays
/// in L2 (m·k ≤ 256²) and a few dozen columns; single-threaded, so disjoint column ranges may run
/// concurrently. Only A's columns j0 … j1 − 1 are read and Z's written.
void cjk_small_gemm(long m, long n, long k, const double *packed, const double *a, double *z, long j0, long j1);

/// `count` copies of `value` with streaming stores: the cheapest way to write a
/// buffer once (the bandwidth yardstick of bench/PINNJets next to plain stores).
void cjk_stream_fill(double *buffer, long count, double value);

#ifdef __cplusplus
}
#endif

#endif
