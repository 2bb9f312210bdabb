// Thin shim over OpenBLAS's CBLAS and LAPACKE. Only LinearAlgebra imports it.
// Link `openblas`, never `blas`: -lblas is an alternatives link that may point
// at a slow reference BLAS (see shared/TOOLCHAIN.md).
#include <cblas.h>
#include <lapacke.h>
