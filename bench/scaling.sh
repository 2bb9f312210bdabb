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
  echo "One fixed-η step on a dense linear system (Gaussian J, stored by the system);"
  echo "'Jtr' is one dense Jᵀr (dgemv); 'sven≈' is peak RSS minus the system's own."
  echo
  echo '```'
  for size in "1000 1000" "4000 10000"; do
    for route in randomized gram svd; do
      $bin $size $route 16 32 64 128 256
    done
  done
  if [ "${1:-small}" = all ]; then
    $bin 10000 50000 randomized 16 32 64 128 256
    $bin 10000 50000 gram 256
  fi
  echo '```'
} | tee "$out"
