#!/bin/sh
# The inverse catalog problems on clean data and on 1 % seeded noise (bench/Inverse/data,
# made by make_data.py), each unknown reported with its error and linearised standard error.
#   sh bench/Inverse/run.sh [svenpde binary] [output] [problems…]
# Defaults: .build/release/svenpde, bench/results/inverse.md, heat-inverse heat-reaction-inverse.
bin=${1:-.build/release/svenpde}
out=${2:-bench/results/inverse.md}
if [ $# -gt 2 ]; then shift 2; problems=$*; else problems="heat-inverse heat-reaction-inverse"; fi
tmp=$(mktemp -d)
{
  echo "# Inverse problems: identified unknowns"
  echo
  echo "Command: \`sh bench/Inverse/run.sh $bin $out $problems\` ($(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)."
  echo "Noisy data: u + 0.01·std(u)·N(0,1), seeds in bench/Inverse/make_data.py. \"± s.e.\" is the linearised standard"
  echo "error of summary.json; z = error / s.e. (|z| ≤ 2 in about 95 % of cases if the estimate is calibrated)."
  echo
  echo "| problem | data | unknown | truth | identified | rel. error | ± s.e. | z | steps | termination | rel L2 of u | wall s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for p in $problems; do
    for data in clean $(ls bench/Inverse/data | grep "^$p-noisy-" | sed 's/\.csv$//'); do
      if [ "$data" = clean ]; then file=problems/$p.toml; else
        file=$tmp/$p.toml
        # the noisy observations replace the data file; points read from a CSV next to the
        # problem (the observation sites, which noise does not move) stay where they are
        sed -e "s|^file = \".*\"|file = \"$PWD/bench/Inverse/data/$data.csv\"|" \
            -e "s|^points = \"\([^/\"]*\.csv\)\"|points = \"$PWD/problems/\1\"|" problems/$p.toml > "$file"
      fi
      "$bin" solve "$file" -q -o "$tmp/o" >/dev/null 2>&1
      python3 - "$tmp/o/summary.json" "$p" "$data" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); p = sys.argv[2]; data = sys.argv[3].replace(p + "-", "")
truth = {"heat-inverse": {"kappa": 0.25}, "heat-reaction-inverse": {"kappa": 0.1, "c": 0.5},
         "burgers-inverse": {"nu": 0.0031830988618379067},
         "robin-inverse": {"a": 0.5, "A": 0.961037798272088}}[p]
u = s["unknowns"]
for name, t in truth.items():
    v = u[name]["value"]; se = u[name]["standard_error"]
    err = v - t
    z = f"{err / se:+.2f}" if se else "—"
    sef = f"{se:.2e}" if se else "null"
    l2 = s.get("rel_l2_exact") or s.get("rel_l2_reference")
    l2 = f"{l2:.2e}" if l2 is not None else "—"
    print(f"| {p} | {data} | {name} | {t:.6g} | {v:.6g} | {abs(err) / abs(t):.2e} | {sef} | {z} | {s['steps']} | {s['termination']} | {l2} | {s['wall_seconds']:.1f} |")
PY
      rm -rf "$tmp/o"
    done
  done
} > "$out"
rm -rf "$tmp"
echo "wrote $out"
