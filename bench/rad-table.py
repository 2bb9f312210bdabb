#!/usr/bin/env python3
"""Rows of bench/results/rad-2026-12.md from the output directories bench/rad.sh
keeps (WORK): for each run the rel L2 error at the last measured step up to STEP,
the median of the last five measurements up to STEP (the redraws make the error
jump from step to step), the steps run and the wall time per step.

    bench/rad-table.py STEP DIR...      (DIR: WORK/out-VARIANT-METHOD-SEED)
"""
import csv, json, os, statistics, sys

step = int(sys.argv[1])
print("| run | steps | rel L2 at step | median of the last 5 measured | ms/step |")
print("|---|---|---|---|---|")
for d in sys.argv[2:]:
    if not os.path.exists(d + "/summary.json"):
        continue
    rows = [r for r in csv.DictReader(open(d + "/history.csv")) if r["rel_l2"] and int(r["step"]) <= step]
    s = json.load(open(d + "/summary.json"))
    if not rows:
        continue
    last = rows[-1]
    med = statistics.median(float(r["rel_l2"]) for r in rows[-5:])
    steps = [int(r["step"]) for r in rows[-5:]]
    print(f"| {d.rstrip('/').split('/')[-1]} | {s['steps']} | {float(last['rel_l2']):.2e} (step {last['step']}) | "
          f"{med:.2e} (steps {steps[0]}–{steps[-1]}) | {s['seconds_per_step'] * 1000:.0f} |")
