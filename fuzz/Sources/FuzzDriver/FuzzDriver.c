// FuzzDriver.c — see include/FuzzDriver.h.
#include "FuzzDriver.h"

// Provided by libclang_rt.fuzzer (linked by `-sanitize=fuzzer`).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one)(const uint8_t *data, size_t size));

int svenpde_fuzz_main(int argc, char **argv, int (*test_one)(const uint8_t *data, size_t size)) {
    return LLVMFuzzerRunDriver(&argc, &argv, test_one);
}
