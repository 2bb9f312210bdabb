// Only the C target CMPI includes mpi.h (Swift cannot import Open MPI's handle
// macros such as MPI_COMM_WORLD); this module exists to carry pkg-config's
// `ompi-c` include and link flags to it.
#include <mpi.h>
