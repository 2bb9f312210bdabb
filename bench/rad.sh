#!/usr/bin/env bash
# Residual-based adaptive sampling (issue 20 item 1) on problems/burgers.toml:
# uniform Sobol redraws (the catalog's sampling before RAD) vs RAD vs RAD with a
# final phase on fixed points, each `svenpde solve --time-limit SECONDS` from the
# same start, for each network seed and method (variant "catalog": the file as it
# is; CUSTOM='key = value' adds a variant "custom"). One run at a time. Each row
# also gives the error measured at step AT (default 120) or the last measured before it, which
# the machine's load does not move; MAXSTEPS=n stops each run after n steps (give a
# large SECONDS to compare by steps alone on a loaded machine). Outputs are kept in WORK (default /tmp/rad-bench).
# Appends rows to bench/results/rad-run.md; the analysis is in
# bench/results/rad-2026-12.md.
#
#   bench/rad.sh [SECONDS] [SEEDS] [METHODS] [VARIANTS]
#   e.g. bench/rad.sh 120 "0 1 2" "sven lm-nielsen" "uniform rad rad-fixed"
#   (also "uniform-fixed", "catalog", "custom"; UNTIL=step sets resample_until, default 300)
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
work=${WORK:-/tmp/rad-bench}
mkdir -p "$work"
at=${AT:-120}
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
strip | add "resample_until = $until" > "$work/uniform-fixed.toml"
strip | add "sampling = \"rad\"\\nresample_until = $until" > "$work/rad-fixed.toml"
cp "$base" "$work/catalog.toml"
[ -n "${CUSTOM:-}" ] && strip | add "$CUSTOM" > "$work/custom.toml"

for m in $methods; do
  for s in $seeds; do
    for v in $variants; do
      d="$work/out-$v-$m-$s"
      load=$(cut -d' ' -f1 /proc/loadavg)
      "$bin" solve "$work/$v.toml" --method "$m" --seed "$s" --time-limit "$seconds" ${MAXSTEPS:+--max-steps $MAXSTEPS} --output "$d" --quiet >/dev/null || true
      label=$v; [ "$v" = custom ] && label="custom ($CUSTOM)"
      python3 - "$d" "$problem" "$label" "$m" "$s" "$seconds" "$load" "$at" <<'PY' | tee -a "$out"
import csv, json, sys
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
e = s.get('rel_l2_reference') or s.get('rel_l2_exact')
at = int(sys.argv[8])
rows = [r for r in csv.DictReader(open(d + "/history.csv")) if r['rel_l2'] and int(r['step']) <= at]
e_at = f"{float(rows[-1]['rel_l2']):.2e} (step {rows[-1]['step']})" if rows else "n/a"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {sys.argv[6]} s | {e:.2e} | {e_at} | {s['final_loss']:.1e} | {s['steps']} | {s['seconds_per_step'] * 1000:.0f} ms | {sys.argv[7]} |")
PY
    done
  done
done
