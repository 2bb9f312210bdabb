#!/usr/bin/env bash
# sven, sven-lm and lm-nielsen from the same start on the files where they differ, each at
# the file's own budget (poisson.toml 10 s, the others 60 s), OPENBLAS_NUM_THREADS=1 per run.
# The three methods of one file run at the same time, so they share whatever load the
# machine has. Writes bench/results/sven-lm-runs.txt (one line per run: file, method,
# steps, rel L2, final loss, ms/step); bench/results/sven-lm-2026-12.md quotes it.
# Usage: bench/sven-lm.sh [seconds-scale]        (e.g. 2 doubles every budget)
#        bench/sven-lm.sh generalization [seconds] every file of bench/problems/generalization
#                                                 at that budget (default 30)
#        bench/sven-lm.sh only "FILE SECONDS"...    the given files only
set -euo pipefail
cd "$(dirname "$0")/.."
scale=1
entries=("problems/poisson.toml 10" "problems/heat.toml 60" "bench/problems/p3-regression.toml 60"
         "bench/problems/p2-multiscale.toml 60")
if [ "${1:-}" = generalization ]; then
  entries=()
  for f in bench/problems/generalization/*.toml; do entries+=("$f ${2:-30}"); done
elif [ "${1:-}" = only ]; then
  entries=("${@:2}")               # bench/sven-lm.sh only "FILE SECONDS" ...
elif [ -n "${1:-}" ]; then
  scale=$1
fi
swift build -c release --product svenpde > /dev/null
bin=.build/release/svenpde
out=bench/results/sven-lm-runs.txt
tmp=$(mktemp -d)
echo "# $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
for entry in "${entries[@]}"; do
  set -- $entry
  file=$1; budget=$(( $2 * scale ))
  for m in sven sven-lm lm-nielsen; do
    OPENBLAS_NUM_THREADS=1 $bin solve "$file" --method $m --time-limit "$budget" -o "$tmp/$m" > "$tmp/$m.log" 2>&1 &
  done
  wait
  for m in sven sven-lm lm-nielsen; do
    steps=$(grep -oE 'after [0-9]+ steps' "$tmp/$m.log" | grep -oE '[0-9]+' || true)
    rel=$(grep -oE 'rel L2 vs reference: [0-9.e+-]+' "$tmp/$m.log" | head -1 | awk '{print $NF}' || true)
    [ -n "$rel" ] || rel=$(grep -oE 'vs exact: [0-9.e+-]+' "$tmp/$m.log" | head -1 | awk '{print $NF}' || true)
    loss=$(grep -oE 'final loss [0-9.e+-]+' "$tmp/$m.log" | cut -d' ' -f3 || true)
    ms=$(grep -oE '[0-9.]+ ms/step' "$tmp/$m.log" | cut -d' ' -f1 || true)
    echo "$file $budget s $m steps $steps rel_l2 $rel loss $loss ms/step $ms" | tee -a "$out"
  done
done
echo "# end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
rm -rf "$tmp"
