// Thin C shim over Open MPI (MPI_COMM_WORLD only) and LAPACK's dgeqrf, for the
// Distributed module. Every function returns MPI's or LAPACK's status (0 = success).
// Counts are int, as MPI's are; the Swift side checks them before calling.
#ifndef SVENPDE_CMPI_H
#define SVENPDE_CMPI_H
#include <stdint.h>

int svenmpi_init(void);
int svenmpi_initialized(void);
int svenmpi_finalize(void);
int svenmpi_rank(void);
int svenmpi_size(void);
double svenmpi_wtime(void);
void svenmpi_abort(int code);
int svenmpi_barrier(void);

int svenmpi_bcast_double(double *buffer, int count, int root);
int svenmpi_bcast_int64(int64_t *buffer, int count, int root);
int svenmpi_send_double(const double *buffer, int count, int dest, int tag);
int svenmpi_recv_double(double *buffer, int count, int source, int tag);
int svenmpi_gather_double(const double *send, int count, double *recv, int root);
int svenmpi_gatherv_double(const double *send, int count, double *recv,
                           const int *counts, const int *displacements, int root);
int svenmpi_allreduce_sum_double(const double *send, double *recv, int count);

/// Householder QR of the m × n column-major matrix a (leading dimension lda),
/// overwritten; the min(m, n) × n upper-trapezoidal R is written to r
/// (column-major, leading dimension ldr ≥ min(m, n)), zeros below the diagonal.
int svenmpi_qr_r(int m, int n, double *a, int lda, double *r, int ldr);

/// TSQR's combine: the R of the stacked pair [A; B] of two n × n upper-triangular
/// factors (column-major, leading dimension n) into a, by LAPACK's triangular-
/// pentagonal QR `dtpqrt` (≈ ⅔n³ flops against 10⁄3·n³ for `dgeqrf` of the 2n × n stack);
/// b is destroyed, entries of a below the diagonal are set to zero.
int svenmpi_combine_r(int n, double *a, double *b);

#endif
