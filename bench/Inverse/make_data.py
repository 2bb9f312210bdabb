#!/usr/bin/env python3
"""Observations for the inverse catalog problems (problems/*-inverse*.toml).

    python3 bench/Inverse/make_data.py [burgers reference.csv]

Every draw is seeded (Python's Mersenne Twister, the same on every machine).
Noisy data follow Raissi, Perdikaris & Karniadakis (J. Comput. Phys. 378, 2019,
§4.1.1): u + 0.01·std(u)·N(0, 1), i.e. 1 % noise relative to the data's spread.

- heat-inverse:          u = exp(-0.25 π² t) sin πx (κ = 0.25), 200 points in [0,1]².
- heat-reaction-inverse: u_t = κ u_xx − c u with κ = 0.1, c = 0.5 and two modes,
                          u = e^{-(κπ²+c)t} sin πx + ½ e^{-(4κπ²+c)t} sin 2πx, 300 points.
- robin-inverse:         u = e^{-t}(cos x + a sin x) solves u_t = u_xx with a·u − u_x = 0 on x = 0
                          (a = 0.5, the Robin `alpha`) and u = A e^{-t} on x = 1 (A = cos 1 + a sin 1,
                          the Dirichlet `value`), 200 points in [0,1]².
- burgers-inverse:       2000 nodes drawn from svenpde's spectral reference of
                          problems/burgers.toml (`svenpde reference problems/burgers.toml`,
                          reference.csv with columns x, t, reference), ν = 0.01/π.
"""
import math, random, sys, statistics

def write(path, rows, names):
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for r in rows:
            f.write(",".join(repr(v) for v in r) + "\n")

def noisy(rows, seed):
    rng = random.Random(seed)
    sd = statistics.pstdev([r[-1] for r in rows])
    return [r[:-1] + [r[-1] + 0.01 * sd * rng.gauss(0, 1)] for r in rows]

def scattered(n, seed, f):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x, t = rng.random(), rng.random()
        rows.append([x, t, f(x, t)])
    return rows

heat = scattered(200, 17, lambda x, t: math.exp(-0.25 * math.pi**2 * t) * math.sin(math.pi * x))
write("problems/heat-inverse-data.csv", heat, ["x", "t", "u"])
for s in range(5):
    write(f"bench/Inverse/data/heat-inverse-noisy-{s}.csv", noisy(heat, 100 + s), ["x", "t", "u"])

k, c = 0.1, 0.5
def two_modes(x, t):
    return (math.exp(-(k * math.pi**2 + c) * t) * math.sin(math.pi * x)
            + 0.5 * math.exp(-(4 * k * math.pi**2 + c) * t) * math.sin(2 * math.pi * x))
reaction = scattered(300, 23, two_modes)
write("problems/heat-reaction-inverse-data.csv", reaction, ["x", "t", "u"])
for s in range(5):
    write(f"bench/Inverse/data/heat-reaction-inverse-noisy-{s}.csv", noisy(reaction, 200 + s), ["x", "t", "u"])

a = 0.5
robin = scattered(200, 29, lambda x, t: math.exp(-t) * (math.cos(x) + a * math.sin(x)))
write("problems/robin-inverse-data.csv", robin, ["x", "t", "u"])
for s in range(3):
    write(f"bench/Inverse/data/robin-inverse-noisy-{s}.csv", noisy(robin, 400 + s), ["x", "t", "u"])

if len(sys.argv) > 2 and sys.argv[1] == "burgers":
    with open(sys.argv[2]) as f:
        names = f.readline().strip().split(",")
        grid = [[float(v) for v in line.split(",")] for line in f if line.strip()]
    ix, it, iu = names.index("x"), names.index("t"), names.index("reference")
    rows = [[grid[i][ix], grid[i][it], grid[i][iu]] for i in random.Random(31).sample(range(len(grid)), 2000)]
    write("problems/burgers-inverse-data.csv", rows, ["x", "t", "u"])
    for s in range(3):
        write(f"bench/Inverse/data/burgers-inverse-noisy-{s}.csv", noisy(rows, 300 + s), ["x", "t", "u"])
