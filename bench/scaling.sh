#!/usr/bin/env bash
# Sven step time and memory against k for the three routes (issue 3, item 9).
# Each size and route runs in its own process so peak memory is its own.
#   bench/scaling.sh [small|all]      → bench/results/scaling.md
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
swift build -c release --product sven-scaling >&2
bin=.build/release/sven-scaling
out=bench/results/scaling.md
mkdir -p bench/results
{
  echo "# Sven step scaling"
  echo
  echo "Command: \`bench/scaling.sh ${1:-small}\` ($(date -u +%F), $(nproc) cores, OPENBLAS_NUM_THREADS=2)."
  echo "One fixed-η step on a dense linear system (Gaussian J, stored by the system), timed by"
  echo "the driver after the workspace is made (so it includes one residual evaluation and filling J);"
  echo "'Jtr' is one dense Jᵀr (dgemv); 'sven≈' is peak RSS minus the system's own."
  echo
  echo '```'
  # The exact and Gram routes factor all of J whatever k is: one k each.
  for size in "1000 1000" "4000 10000"; do
    $bin $size randomized 16 32 64 128 256
    $bin $size gram 256
    $bin $size svd 256
  done
  if [ "${1:-small}" = all ]; then
    $bin 10000 50000 randomized 16 32 64 128 256
    $bin 10000 50000 gram 256
  fi
  echo '```'
} | tee "$out"
