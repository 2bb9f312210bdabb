// Thin shim over FFTW3 (double precision). Only SpectralReference imports it.
// Kept apart from CLapack: FFTW's and LAPACKE's complex types collide.
#include <fftw3.h>
