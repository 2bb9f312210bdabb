#!/usr/bin/env python3
"""Cramér–Rao bound on ν for problems/burgers-inverse.toml: how well can ANY unbiased
estimator identify ν from its 2000 observations with 1 % noise?

    python3 bench/Inverse/burgers_bound.py [svenpde binary]

For Gaussian noise of standard deviation σ on observations y_i = u(x_i, t_i; ν) + e_i,
the Fisher information of ln ν is I = Σ_i (∂u_i/∂ln ν)² / σ², so no unbiased estimate of
ν has a relative standard deviation below 1/√I (Cramér–Rao; e.g. Kay, Fundamentals of
Statistical Signal Processing I, 1993, ch. 3). This is the bound with everything else
known (the initial condition and the exact solution); a PINN that also learns u from the
same data can only do worse. ∂u/∂ln ν comes from central differences of svenpde's
spectral reference of problems/burgers.toml with ν·(1 ± 1 %), and σ = 0.01·std(u) as in
make_data.py.

Prints the bound for the catalog's sites (2000 nodes of the 101 × 101 grid, spacing
0.02 in x: the front at x = 0 is about 0.01 wide, so only the nodes x = ±0.02 see it)
and, for comparison, the expected bound for 2000 nodes drawn from a 257 × 257 grid
(spacing 0.0078, close to the 256-point x grid of Raissi, Perdikaris & Karniadakis 2019).
"""
import csv, math, os, re, statistics, subprocess, sys, tempfile

NU = 0.01 / math.pi
H = 0.01  # relative step of ν

def reference(binary, grid, factor, folder):
    text = open("problems/burgers.toml").read()
    text = re.sub(r"(?m)^nu = .*$", f"nu = {NU * factor!r}", text)
    text = re.sub(r"(?m)^grid = .*$", f"grid = {grid}", text)
    path = os.path.join(folder, f"b{grid}-{factor}.toml")
    open(path, "w").write(text)
    out = os.path.join(folder, f"r{grid}-{factor}")
    subprocess.run([binary, "reference", path, "-o", out], check=True, stdout=subprocess.DEVNULL)
    return {(round(float(r["x"]), 9), round(float(r["t"]), 9)): float(r["reference"])
            for r in csv.DictReader(open(os.path.join(out, "reference.csv")))}

def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/svenpde"
    rows = list(csv.DictReader(open("problems/burgers-inverse-data.csv")))
    sigma = 0.01 * statistics.pstdev(float(r["u"]) for r in rows)
    with tempfile.TemporaryDirectory() as folder:
        for grid in (101, 257):
            plus, minus = reference(binary, grid, 1 + H, folder), reference(binary, grid, 1 - H, folder)
            g2 = {k: ((plus[k] - minus[k]) / (2 * H)) ** 2 for k in plus}
            if grid == 101:
                sites = [(round(float(r["x"]), 9), round(float(r["t"]), 9)) for r in rows]
                info = sum(g2[k] for k in sites) / sigma**2
                near = sum(g2[k] for k in sites if abs(abs(k[0]) - 0.02) < 1e-9) / sigma**2
                print(f"catalog sites (2000 nodes of 101 x 101): s.d.(nu)/nu >= {1 / math.sqrt(info):.2%}"
                      f"  ({near / info:.0%} of the information from the nodes x = +-0.02)")
            else:
                info = sum(g2.values()) * len(rows) / len(g2) / sigma**2
                print(f"2000 random nodes of 257 x 257 (expected): s.d.(nu)/nu >= {1 / math.sqrt(info):.2%}")

if __name__ == "__main__":
    main()
