#!/usr/bin/env bash
# The default network [64] against [32, 32] on the generalization files (problems nobody tuned),
# Sven's defaults, the two runs of a file side by side at one thread each.
# Usage: bench/default-network.sh [seconds] [out]   (defaults 30, bench/results/default-network-runs.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-30}; out=${2:-bench/results/default-network-runs.txt}
work=$(mktemp -d)
swift build -c release --product svenpde > /dev/null
echo "# $(date -u +%F) OPENBLAS_NUM_THREADS=1, ${t} s, loadavg $(cat /proc/loadavg)" > "$out"
for f in bench/problems/generalization/g*.toml; do
  n=$(basename "$f" .toml)
  cp "$f" "$work/$n-w64.toml"
  python3 - "$f" "$work/$n-w3232.toml" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
if re.search(r'^\[network\]', s, re.M):
    s = re.sub(r'^\[network\]\n', '[network]\nhidden = [32, 32]\n', s, flags=re.M)
else:
    s = s.rstrip() + "\n\n[network]\nhidden = [32, 32]\n"
open(sys.argv[2], 'w').write(s)
PY
  for v in w64 w3232; do
    OPENBLAS_NUM_THREADS=1 .build/release/svenpde solve "$work/$n-$v.toml" --time-limit "$t" -o "$work/out-$n-$v" -q > /dev/null 2>&1 &
  done
  wait
  for v in w64 w3232; do
    python3 - "$work/out-$n-$v/summary.json" "$n" "$v" <<'PY' | tee -a "$out"
import json, sys
s = json.load(open(sys.argv[1]))
e = s.get('rel_l2_reference') or s.get('rel_l2_exact')
print(f"{sys.argv[2]} {sys.argv[3]} steps {s['steps']} rel_l2 {e:.2e}")
PY
  done
done
rm -rf "$work"
