#!/usr/bin/env bash
# Issue 20's catalog files (burgers-nu001, allen-cahn-periodic, kdv): each run by
# `svenpde solve` for the same wall time (default 120 s) with the same seed —
# the file as it is with Sven (the default step control), with --method
# lm-nielsen and --method lbfgs from the same start, and the file with one
# setting undone. JOBS runs go side by side (default 2, OPENBLAS_NUM_THREADS=1
# each). Writes bench/results/frontier-2026-12-run.md; the analysis is in
# bench/results/frontier-2026-12.md.
#
#   bench/frontier.sh [SECONDS]      (PROBLEMS="kdv" for one of them)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
jobs=${JOBS:-2}
export OPENBLAS_NUM_THREADS=$((2 / jobs > 0 ? 2 / jobs : 1))
swift build -c release --product svenpde >&2
bin=$PWD/.build/release/svenpde
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=bench/results/frontier-2026-12-run${PROBLEMS:+-${PROBLEMS// /-}}.md

# variant PROBLEM NAME SED-SCRIPT: the catalog file edited by SED-SCRIPT.
variant() { sed -e "$3" "problems/$1.toml" > "$work/$1--$2.toml"; }
periodic_boundary='s/^periodic = \["x"\]$//;s/^\[network\]$/[[boundary]]\nkind = "periodic"\non = ["x=-1", "x=1"]\npoints = "grid"\ncount = 100\n\n[network]/'
problems=${PROBLEMS:-burgers-nu001 allen-cahn-periodic kdv}
runs=()
for p in $problems; do
  variant "$p" catalog ''
  runs+=("$p catalog sven" "$p catalog lm-nielsen" "$p catalog lbfgs")
  variant "$p" default-ic-weight '/^weight = 0.7071/d'
  runs+=("$p default-ic-weight sven")
  case $p in
    burgers-nu001)
      variant "$p" fixed-points '/^resample_every/d'; runs+=("$p fixed-points sven")
      # The Dirichlet rows stay; the embedding only adds exact periodicity (u is odd and 2-periodic).
      variant "$p" periodic-embedding 's/^seed = 0$/seed = 0\nperiodic = ["x"]/'; runs+=("$p periodic-embedding sven") ;;
    *) variant "$p" boundary-rows "$periodic_boundary"; runs+=("$p boundary-rows sven") ;;
  esac
done

one() {
  set -- $1
  "$bin" solve "$work/$1--$2.toml" --method "$3" --time-limit "$seconds" --output "$work/out-$1-$2-$3" --quiet >/dev/null 2>"$work/err-$1-$2-$3" || true
}
export -f one; export bin work seconds
load=$(cut -d' ' -f1-3 /proc/loadavg)
printf '%s\n' "${runs[@]}" | xargs -P "$jobs" -I{} bash -c 'one "{}"'
{
  echo "# Issue 20 catalog files: Sven, LM (Nielsen), L-BFGS, and one setting undone"
  echo
  echo "Command: \`${PROBLEMS:+PROBLEMS=\"$PROBLEMS\" }JOBS=$jobs bench/frontier.sh $seconds\` ($(date -u +%FT%TZ), $(nproc) cores, $jobs runs side by side with OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, load average at start: $load, at end: $(cut -d' ' -f1-3 /proc/loadavg)). Each row: the catalog file with one change, \`svenpde solve --method M --time-limit $seconds\`, seed 0 (same network, points and initial weights for every method); rel L2 against the spectral reference on the 101 × 101 grid at the end of the run."
  echo
  echo "| problem | variant | method | rel L2 | final loss | steps | time/step |"
  echo "|---|---|---|---|---|---|---|"
  for r in "${runs[@]}"; do
    set -- $r
    s="$work/out-$1-$2-$3/summary.json"
    if [ -f "$s" ]; then
      python3 - "$s" "$1" "$2" "$3" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {s['rel_l2_reference']:.2e} | {s['final_loss']:.1e} | {s['steps']} | {s['seconds_per_step'] * 1000:.0f} ms |")
PY
    else
      echo "| $1 | $2 | $3 | failed: $(head -c 200 "$work/err-$1-$2-$3" | tr '\n' ' ') | | | |"
    fi
  done
} | tee "$out"
