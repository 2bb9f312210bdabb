#!/usr/bin/env bash
# Residual-based adaptive sampling (issue 20 item 1) on problems/burgers.toml:
# uniform Sobol redraws (the catalog's sampling before RAD) vs RAD vs RAD with a
# final phase on fixed points, each `svenpde solve --time-limit SECONDS` from the
# same start, for each network seed and method (variant "catalog": the file as it
# is; CUSTOM='key = value' adds a variant "custom"). One run at a time.
# Appends rows to bench/results/rad-run.md; the analysis is in
# bench/results/rad-2026-12.md.
#
#   bench/rad.sh [SECONDS] [SEEDS] [METHODS] [VARIANTS]
#   e.g. bench/rad.sh 120 "0 1 2" "sven lm-nielsen" "uniform rad rad-fixed"
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
seconds=${1:-120}
seeds=${2:-0 1 2}
methods=${3:-sven lm-nielsen}
variants=${4:-uniform rad rad-fixed}
problem=${PROBLEM:-burgers}
until=${UNTIL:-300}
bin=.build/release/svenpde
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=bench/results/rad-run.md
base="problems/$problem.toml"

# The [pde] table's sampling lines removed, then the variant's lines added after resample_every
# (or after count when the file has no redraws).
strip() { sed -e '/^sampling = /d' -e '/^rad_exponent = /d' -e '/^rad_constant = /d' \
              -e '/^candidates = /d' -e '/^resample_until = /d' "$base"; }
add() { if grep -q '^resample_every' "$base"; then sed -e "s/^resample_every = .*/&\n$1/"
        else sed -e "0,/^count = /s//resample_every = 5\n$1\ncount = /"; fi; }
strip | add '' > "$work/uniform.toml"
strip | add 'sampling = "rad"' > "$work/rad.toml"
strip | add "sampling = \"rad\"\\nresample_until = $until" > "$work/rad-fixed.toml"
cp "$base" "$work/catalog.toml"
[ -n "${CUSTOM:-}" ] && strip | add "$CUSTOM" > "$work/custom.toml"

for m in $methods; do
  for s in $seeds; do
    for v in $variants; do
      d="$work/out-$v-$m-$s"
      load=$(cut -d' ' -f1 /proc/loadavg)
      "$bin" solve "$work/$v.toml" --method "$m" --seed "$s" --time-limit "$seconds" --output "$d" --quiet >/dev/null || true
      python3 - "$d/summary.json" "$problem" "$v${CUSTOM:+ ($CUSTOM)}" "$m" "$s" "$seconds" "$load" <<'PY' | tee -a "$out"
import json, sys
s = json.load(open(sys.argv[1]))
e = s.get('rel_l2_reference') or s.get('rel_l2_exact')
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {sys.argv[6]} s | {e:.2e} | {s['final_loss']:.1e} | {s['steps']} | {s['seconds_per_step'] * 1000:.0f} ms | {sys.argv[7]} |")
PY
    done
  done
done
