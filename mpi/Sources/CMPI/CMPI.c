// See include/CMPI.h.
#include "CMPI.h"
#include <lapacke.h>
#include <mpi.h>
#include <stdlib.h>

int svenmpi_init(void) {
    int provided = 0;
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
}

int svenmpi_initialized(void) {
    int flag = 0;
    MPI_Initialized(&flag);
    return flag;
}

int svenmpi_finalize(void) { return MPI_Finalize(); }

int svenmpi_rank(void) {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int svenmpi_size(void) {
    int s = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

double svenmpi_wtime(void) { return MPI_Wtime(); }
void svenmpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }
int svenmpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

int svenmpi_bcast_double(double *buffer, int count, int root) {
    return MPI_Bcast(buffer, count, MPI_DOUBLE, root, MPI_COMM_WORLD);
}

int svenmpi_bcast_int64(int64_t *buffer, int count, int root) {
    return MPI_Bcast(buffer, count, MPI_INT64_T, root, MPI_COMM_WORLD);
}

int svenmpi_send_double(const double *buffer, int count, int dest, int tag) {
    return MPI_Send(buffer, count, MPI_DOUBLE, dest, tag, MPI_COMM_WORLD);
}

int svenmpi_recv_double(double *buffer, int count, int source, int tag) {
    return MPI_Recv(buffer, count, MPI_DOUBLE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

int svenmpi_gather_double(const double *send, int count, double *recv, int root) {
    return MPI_Gather(send, count, MPI_DOUBLE, recv, count, MPI_DOUBLE, root, MPI_COMM_WORLD);
}

int svenmpi_gatherv_double(const double *send, int count, double *recv,
                           const int *counts, const int *displacements, int root) {
    return MPI_Gatherv(send, count, MPI_DOUBLE, recv, counts, displacements, MPI_DOUBLE, root, MPI_COMM_WORLD);
}

int svenmpi_allreduce_sum_double(const double *send, double *recv, int count) {
    return MPI_Allreduce(send, recv, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

int svenmpi_qr_r(int m, int n, double *a, int lda, double *r, int ldr) {
    int k = m < n ? m : n;
    double *tau = malloc(sizeof(double) * (size_t)(k > 0 ? k : 1));
    if (!tau) return -1000;
    int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau);
    free(tau);
    if (info != 0) return info;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < k; i++) {
            r[(size_t)j * ldr + i] = i <= j ? a[(size_t)j * lda + i] : 0.0;
        }
    }
    return 0;
}

int svenmpi_combine_r(int n, double *a, double *b) {
    int nb = n < 32 ? n : 32;
    double *t = malloc(sizeof(double) * (size_t)nb * (size_t)n);
    if (!t) return -1000;
    int info = LAPACKE_dtpqrt(LAPACK_COL_MAJOR, n, n, n, nb, a, n, b, n, t, nb);
    free(t);
    for (int j = 0; j < n; j++) {
        for (int i = j + 1; i < n; i++) a[(size_t)j * n + i] = 0.0;
    }
    return info;
}
