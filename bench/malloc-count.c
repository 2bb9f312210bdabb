// An LD_PRELOAD malloc counter for the "no allocation in the hot loop" check of
// the PINN jet kernels (bench/results/pinn-jets.md): prints the number of malloc
// calls at exit. Run the benchmark's profile mode with two loop counts and take
// the difference per call:
//
//   gcc -O2 -shared -fPIC bench/malloc-count.c -o /tmp/malloc-count.so -ldl
//   LD_PRELOAD=/tmp/malloc-count.so PINN_JETS_PROFILE=forward .build/release/pinn-jets 2,64,64,48,48,1 1000
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long calls;
static void *(*real_malloc)(size_t);

void *malloc(size_t size) {
    if (!real_malloc) real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    atomic_fetch_add(&calls, 1);
    return real_malloc(size);
}

__attribute__((destructor)) static void report(void) { fprintf(stderr, "malloc calls: %ld\n", (long)calls); }
