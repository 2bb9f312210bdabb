#!/usr/bin/env bash
# PINN jet forward pass and Jacobian assembly (issue 4, item 7), each size in its
# own process so peak memory is its own. Writes the raw run to
# bench/results/pinn-jets-run.md; bench/results/pinn-jets.md holds the analysis
# (before/after of the jet kernels, targets).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
swift build -c release --product pinn-jets >&2
out=bench/results/pinn-jets-run.md
mkdir -p bench/results
{
  echo "# PINN jets and Jacobian assembly"
  echo
  echo "Command: \`bench/pinn-jets.sh\` ($(date -u +%F), $(nproc) cores, OPENBLAS_NUM_THREADS=2). Laplacian jets (u, u_x, u_y, Δu) at B random points."
  echo
  echo "Load before the run: \`$(uptime)\` (the machine may be shared: compare with the in-run dgemm rate)."
  echo
  echo '```'
  for net in 2,64,1 2,64,64,48,48,1 2,224,224,224,1; do
    for b in 1000 10000; do .build/release/pinn-jets $net $b; done
  done
  echo '```'
  echo
  echo "Load after the run: \`$(uptime)\`."
} | tee "$out"
