// FuzzDriver — starts libFuzzer from a SwiftPM executable.
//
// SwiftPM links every executable on Linux with `--defsym main=<module>_main`, so
// libFuzzer's own `main` is never pulled from its archive; each fuzz target
// defines `<module>_main` instead and hands over to libFuzzer's driver here.
#ifndef SVENPDE_FUZZ_DRIVER_H
#define SVENPDE_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer (`LLVMFuzzerRunDriver`) with the command line and `test_one`,
/// exactly as libFuzzer's `main` would: fuzzing, or replaying the files given.
int svenpde_fuzz_main(int argc, char **argv, int (*test_one)(const uint8_t *data, size_t size));

#endif
