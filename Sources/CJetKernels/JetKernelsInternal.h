// Shared by the CJetKernels sources; not part of the module's interface.
#ifndef CJETKERNELS_INTERNAL_H
#define CJETKERNELS_INTERNAL_H

/// Functions compiled for AVX2 + FMA whatever the target's baseline; callers
/// check `cjk_available()` first.
#define CJK_AVX2 __attribute__((target("avx2,fma")))

#endif
