#!/bin/sh
# Every NIST StRD file of data/nist fitted by `svenpde fit FILE.dat` (no hand-written
# file), from both NIST starts, with the default method (auto: sven and lm from the same
# start, the lower residual sum of squares answering); the table names the answering
# method and lists the smallest LRE over the parameters, over their standard errors,
# and the residual SD's.
#   sh bench/NIST/fit-all.sh [svenpde binary] [output]
# Defaults: .build/debug/svenpde, bench/results/nist-fit.md. Needs python3 for the JSON.
bin=${1:-.build/debug/svenpde}
out=${2:-bench/results/nist-fit.md}
tmp=$(mktemp -d)
{
  echo "# \`svenpde fit FILE.dat\` on the NIST StRD files"
  echo
  echo "Command: \`sh bench/NIST/fit-all.sh $bin\` ($(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "LRE = digits agreeing with NIST's certified values (capped at 11, floored at 0); parameters: min over"
  echo "the parameters; s.e.: min over the linearised standard errors vs the certified standard deviations."
  echo "Targets of issue 17: parameters ≥ 6 (lower/average) or ≥ 4 (higher), standard errors ≥ 4."
  echo "Default method auto: sven and lm from the same start, the lower residual sum of squares answers, lm"
  echo "continuing from sven's end when that is the lower (\"sven, then lm\"); \"other runs\": the rest."
  echo
  echo "| data set | level | start | answer | steps | termination | LRE parameters | LRE s.e. | LRE residual SD | exit | other runs |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for f in data/nist/*.dat; do
    for s in 1 2; do
      "$bin" fit "$f" --start $s -q -o "$tmp/o" >/dev/null 2>&1
      rc=$?
      python3 - "$tmp/o/summary.json" "$f" "$s" "$rc" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); f = sys.argv[2]
level = [l for l in open(f, encoding="latin-1") if "Level of Difficulty" in l][0].split()[0]
lre = min(j.get("log_relative_error", {}).values() or [float("nan")])
se = j.get("log_relative_error_standard_errors", {})
se = min((v if v is not None else 0) for v in se.values()) if se else float("nan")
sd = j.get("log_relative_error_residual_standard_deviation", float("nan"))
other = [a for a in j.get("attempts", []) if a["from"] == "start" and a["method"] != j["method"].split(",")[0]]
other = "; ".join(f"{a['method']} {a['residual_sum_of_squares']:.4e} ({a['termination']})" if a['residual_sum_of_squares'] is not None
                  else f"{a['method']} not finite ({a['termination']})" for a in other) or "—"
print(f"| {f.split('/')[-1][:-4]} | {level} | {sys.argv[3]} | {j['method']} | {j['steps']} | {j['termination']} | {lre:.1f} | {se:.1f} | {sd:.1f} | {sys.argv[4]} | {other} |")
PY
      rm -rf "$tmp/o"
    done
  done
} > "$out"
rm -rf "$tmp"
echo "wrote $out"
