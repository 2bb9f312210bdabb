#!/usr/bin/env python3
"""Medians per (network, B, build) of bench/pinn-jets.sh or bench/pinn-jets-compare.sh
output (lines "LABEL widths=…"), as a markdown table. Ratios are medians of the
per-run ratios. Usage: bench/pinn-jets-medians.py RUN_OUTPUT"""
import re,sys,statistics as st
rows={}
for line in open(sys.argv[1]):
    m=re.match(r'(\w+) widths=(\S+) P=\d+ B=(\d+) \| dgemm ([\d.]+) .*forward ([\d.]+) s = ([\d.]+) GFLOP/s \((\d+)% .*Jᵀr ([\d.]+) s \| J assembly ([\d.]+) s .*write J ([\d.]+) s .*assembly/write = ([\d.]+) .*peak/J = ([\d.]+)(?:, \(peak − start\)/J = ([\d.]+))?(?: \| stream J ([\d.]+) s → assembly/stream = ([\d.]+) \| kernels (\S+))?',line)
    if not m: continue
    g=m.groups(); key=(g[1],int(g[2]),g[0]+("-"+g[15] if g[15] else ""))
    rows.setdefault(key,[]).append([float(x) if x else float('nan') for x in g[3:15]])
print("| network | B | build | runs | dgemm GFLOP/s | forward s | forward GFLOP/s | % of dgemm | Jᵀr s | assembly s | write J s | assembly/write | peak/J | (peak − start)/J | stream J s | assembly/stream |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
order=["2,64,1","2,64,64,48,48,1","2,224,224,224,1"]
for key in sorted(rows,key=lambda k:(order.index(k[0]) if k[0] in order else 9,k[1],k[2])):
    v=rows[key]; med=[st.median([r[i] for r in v]) for i in range(12)]
    f=lambda x,fmt: ("—" if x!=x else fmt%x)
    print(f"| {key[0]} | {key[1]} | {key[2]} | {len(v)} | {med[0]:.1f} | {med[1]:.4f} | {med[2]:.1f} | {med[3]:.0f} % | {med[4]:.4f} | {med[5]:.4f} | {med[6]:.4f} | {med[7]:.2f} | {med[8]:.2f} | {f(med[9],'%.2f')} | {f(med[10],'%.4f')} | {f(med[11],'%.2f')} |")
