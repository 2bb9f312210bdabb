#!/usr/bin/env bash
# What each setting of problems/burgers.toml and problems/allen-cahn.toml buys
# (issue 5): every variant is the catalog file with one setting undone, run by
# `svenpde solve` for the same wall time (default 120 s) with the same seed.
# Writes bench/results/burgers-allen-cahn-run.md; the analysis is in
# bench/results/burgers-allen-cahn.md.
#
#   bench/burgers-allen-cahn.sh [SECONDS]      (PROBLEMS="allen-cahn" for one of them)
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
seconds=${1:-120}
swift build -c release --product svenpde >&2
bin=.build/release/svenpde
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=bench/results/burgers-allen-cahn-run${PROBLEMS:+-${PROBLEMS// /-}}.md
mkdir -p bench/results

# variant NAME FILE SED-SCRIPT: the catalog file edited by SED-SCRIPT.
variant() { sed -e "$3" "problems/$2.toml" > "$work/$2-$1.toml"; }

problems=${PROBLEMS:-burgers allen-cahn}
for p in $problems; do
  variant catalog "$p" ''
  variant default-ic-weight "$p" '/^weight = 0.7071/d'
  variant network-32x3 "$p" 's/^hidden = \[20, 20, 20\]/hidden = [32, 32, 32]/'
done
# burgers.toml damps its steps and resamples its points, allen-cahn.toml uses the
# default step control and fixed points: each is tried the other way.
variant adaptive burgers 's/^step_control = "damped"/step_control = "adaptive"/'
variant fixed-points burgers '/^resample_every/d'
variant damped allen-cahn 's/^method = "sven"$/method = "sven"\nstep_control = "damped"/'
variant resampled allen-cahn 's/^seed = 1$/seed = 1\nresample_every = 5/'

{
  echo "# Burgers and Allen–Cahn: one setting undone at a time"
  echo
  echo "Command: \`${PROBLEMS:+PROBLEMS=\"$PROBLEMS\" }bench/burgers-allen-cahn.sh $seconds\` ($(date -u +%FT%TZ), $(nproc) cores, OPENBLAS_NUM_THREADS=2, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)). Each row: the catalog file with one change, \`svenpde solve --time-limit $seconds\`, seed 0; rel L2 against the ETDRK4 reference on the 101 × 101 grid at the end of the run."
  echo
  echo "| problem | variant | rel L2 | final loss | steps | time/step |"
  echo "|---|---|---|---|---|---|"
  for p in $problems; do
    case $p in burgers) other="adaptive fixed-points" ;; *) other="damped resampled" ;; esac
    for v in catalog $other default-ic-weight network-32x3; do
      d="$work/out-$p-$v"
      "$bin" solve "$work/$p-$v.toml" --time-limit "$seconds" --output "$d" --quiet >/dev/null
      python3 - "$d/summary.json" "$p" "$v" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {s['rel_l2_reference']:.2e} | {s['final_loss']:.1e} | {s['steps']} | {s['seconds_per_step'] * 1000:.0f} ms |")
PY
    done
  done
} | tee "$out"
