#!/usr/bin/env bash
# PINN jet forward pass and Jacobian assembly (issue 4, item 7), each size in its
# own process so peak memory is its own, ROUNDS times (default 3). Writes the raw
# runs and their medians to bench/results/pinn-jets-run.md; bench/results/pinn-jets.md
# holds the analysis (before/after of the jet kernels, targets).
#
#   bench/pinn-jets.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
swift build -c release --product pinn-jets >&2
out=bench/results/pinn-jets-run.md
rounds=${1:-3}
raw=$(mktemp)
mkdir -p bench/results
{
  echo "# PINN jets and Jacobian assembly"
  echo
  echo "Command: \`bench/pinn-jets.sh $rounds\` ($(date -u +%F), $(nproc) cores, OPENBLAS_NUM_THREADS=2). Laplacian jets (u, u_x, u_y, Δu) at B random points; $rounds rounds over the grid, each size in its own process."
  echo
  echo "Load before the run: \`$(uptime)\` (the machine may be shared: compare with the in-run dgemm rate)."
  echo
  echo '```'
  for round in $(seq "$rounds"); do
    for net in 2,64,1 2,64,64,48,48,1 2,224,224,224,1; do
      for b in 1000 10000; do echo "run $(.build/release/pinn-jets $net $b)"; done
    done
  done | tee "$raw"
  echo '```'
  echo
  echo "Load after the run: \`$(uptime)\`."
  echo
  echo "Medians over the rounds (bench/pinn-jets-medians.py):"
  echo
  python3 bench/pinn-jets-medians.py "$raw"
} | tee "$out"
rm -f "$raw"
