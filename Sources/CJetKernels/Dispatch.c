// Run-time CPU check for the AVX2 + FMA kernels.
#include "CJetKernels.h"

int cjk_available(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}
