#!/usr/bin/env bash
# The cost of one Sven step per exact route (bench/StepCost) and of one Levenberg–Marquardt
# step against a bare Cholesky LM (bench/LMStep), at 1 and 2 OpenBLAS threads.
# Writes bench/results/step-cost-threads-{1,2}.txt and bench/results/lm-step-threads-{1,2}.txt;
# bench/results/step-cost.md quotes them.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product step-cost
swift build -c release --product lm-step
for t in 2 1; do
  OPENBLAS_NUM_THREADS=$t .build/release/lm-step 20 3 2> /dev/null
  OPENBLAS_NUM_THREADS=$t .build/release/step-cost 3 factor 2> /dev/null
  OPENBLAS_NUM_THREADS=$t .build/release/step-cost 2 steps 2> /dev/null
done
