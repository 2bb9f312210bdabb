#!/usr/bin/env bash
# cjk_small_gemm on one core for the layer shapes of the PINN benchmark networks
# (bench/small-gemm.c), next to OpenBLAS's dgemm rate from bench/pinn-jets.sh, and
# the tanh activation sweep on one core (bench/tanh-sweep.c).
# Writes bench/results/small-gemm.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/small-gemm
clang -O2 -ISources/CJetKernels/include -ISources/CJetKernels bench/small-gemm.c \
  Sources/CJetKernels/SmallGemm.c Sources/CJetKernels/Dispatch.c -o "$bin"
sweep=$(dirname "$bin")/tanh-sweep
clang -O2 -ISources/CJetKernels/include -ISources/CJetKernels bench/tanh-sweep.c \
  Sources/CJetKernels/TanhJet.c Sources/CJetKernels/Dispatch.c -o "$sweep"
{
  echo "# cjk_small_gemm, one core"
  echo
  echo "Command: \`bench/small-gemm.sh\` ($(date -u +%F), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)). Best of five rounds; W packed, A and Z in cache. N = the columns of one block of the depth-first passes (4 channels × 4096/width points) and a longer run."
  echo
  echo "Load before the run: \`$(uptime)\`."
  echo
  echo '```'
  for shape in "64 2 256" "64 64 256" "48 64 256" "48 48 256" "64 64 4096" "224 224 72" "224 224 1024" "256 256 64" "512 512 32" "512 512 256"; do
    "$bin" $shape
  done
  echo '```'
  echo
  echo "The tanh activation sweep, one core, width 64, (u, u_x, u_y, Δu):"
  echo
  echo '```'
  for p in 16 64 65; do "$sweep" $p; done
  echo '```'
} | tee bench/results/small-gemm.md
