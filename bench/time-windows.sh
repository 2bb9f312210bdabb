#!/usr/bin/env bash
# Causality by time-window continuation (issue 20 item 3), measured without new
# code: the network is trained on t ∈ [0, T₁], then, from those parameters
# (`--init`), on t ∈ [0, T₂], …, up to the whole interval; each window gets an
# equal share of the wall time. Compared with one run on the whole interval for
# the same total time. Rows are appended to bench/results/rad-run.md.
#
#   bench/time-windows.sh [SECONDS] [WINDOWS] [SEEDS] [METHOD]
#   e.g. bench/time-windows.sh 120 "0.5 1" "0 1" sven
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
seconds=${1:-120}
windows=${2:-0.5 1}
seeds=${3:-0}
method=${4:-sven}
problem=${PROBLEM:-burgers}
bin=.build/release/svenpde
work=${WORK:-/tmp/time-windows}
mkdir -p "$work"
n=$(echo $windows | wc -w)
share=$(python3 -c "print($seconds / $n)")
# MAXSTEPS=n: each window stops after n/windows steps too (compare by steps on a loaded machine).
steps=${MAXSTEPS:+$((MAXSTEPS / n))}
for s in $seeds; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  init=()
  for T in $windows; do
    sed -e "s/^upper = \[1, 1\]/upper = [1, $T]/" "problems/$problem.toml" > "$work/w$T.toml"
    d="$work/out-$s-$T"
    "$bin" solve "$work/w$T.toml" --method "$method" --seed "$s" --time-limit "$share" ${steps:+--max-steps $steps} --output "$d" --quiet "${init[@]}" >/dev/null || true
    init=(--init "$d/parameters.json")
  done
  python3 - "$d/summary.json" "$problem" "windows t ≤ ${windows// /, }" "$method" "$s" "$seconds" "$load" <<'PY' | tee -a bench/results/rad-run.md
import json, sys
s = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {sys.argv[6]} s | {s['rel_l2_reference']:.2e} | {s['final_loss']:.1e} | {s['steps']} (last window) | {s['seconds_per_step'] * 1000:.0f} ms | {sys.argv[7]} |")
PY
done
