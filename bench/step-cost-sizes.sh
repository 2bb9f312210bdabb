#!/usr/bin/env bash
# One Sven step per exact route over B, P ∈ {1k … 20k} on r(θ) = Aθ − y, A with a PINN-like
# spectrum (bench/StepCost part "sizes": kept rank k at rtol 1e-10, ten more decades over
# k/2 values, nothing beyond 2k). One process per row, so the peak RSS is that row's; the
# first step of the tracked route starts without a basis, the later ones carry it (A does not
# move: this is the route's best case; a training run's J moves — see bench/results/step-cost.md).
# Usage: bench/step-cost-sizes.sh [threads] [out]   (defaults 2, bench/results/step-cost-sizes.md)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
out=${2:-bench/results/step-cost-sizes.md}
swift build -c release --product step-cost > /dev/null
run() { OPENBLAS_NUM_THREADS=$threads .build/release/step-cost 1 sizes "$@" 2>&1 | grep '^|' | tee -a "$out"; }
{
  echo "# One Sven step per route over sizes (bench/step-cost-sizes.sh)"
  echo
  echo "OPENBLAS_NUM_THREADS=$threads, $(date -u +%F), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
  echo "/proc/loadavg at start: $(cat /proc/loadavg)"
  echo
  echo "| B × P | k | route | first step s | median later step s | peak RSS GiB |"
  echo "|---|---|---|---|---|---|"
} > "$out"
for size in "1000 1000 250" "2000 2000 500" "2000 2000 250" "1000 5000 250" "5000 1000 250" "5000 5000 625"; do
  set -- $size
  for route in svd qrSVD tracked; do run "$1" "$2" "$3" "$route" 4; done
done
# 10 000 parameters × 20 000 residuals: the exact routes need minutes and ~3× J of workspace;
# the tracked route alone.
run 20000 10000 625 tracked 3
echo >> "$out"
echo "/proc/loadavg at the end: $(cat /proc/loadavg)" >> "$out"
