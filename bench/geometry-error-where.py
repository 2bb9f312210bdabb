#!/usr/bin/env python3
"""Where the error of a solve on the L-shape concentrates.

Usage: bench/geometry-error-where.py OUT_DIR [x0 y0 x1 y1]
Reads OUT_DIR/error.npy and OUT_DIR/exact.npy (NaN outside the shape) on the
uniform grid of the bounding box (default [-1, 1]^2) and prints the largest |error|
and where it is, and the share of the squared error within distance r of the
re-entrant corner (the origin) against the share of the domain's grid points there.
"""
import sys
import numpy as np

out = sys.argv[1]
x0, y0, x1, y1 = (float(v) for v in sys.argv[2:6]) if len(sys.argv) > 5 else (-1, -1, 1, 1)
e = np.load(f"{out}/error.npy")
exact = np.load(f"{out}/exact.npy")
ny, nx = e.shape
X, Y = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
inside = np.isfinite(e)
r = np.hypot(X, Y)
sq = np.where(inside, e * e, 0)
total = sq.sum()
k = np.nanargmax(np.abs(np.where(inside, e, np.nan)))
j, i = np.unravel_index(k, e.shape)
rel = np.sqrt(total / np.where(inside, exact * exact, 0).sum())
print(f"rel L2 {rel:.3e} on {inside.sum()} grid points inside; max |error| {abs(e[j, i]):.3e} at "
      f"(x, y) = ({X[j, i]:.3f}, {Y[j, i]:.3f}), distance {r[j, i]:.3f} from the corner")
for radius in (0.05, 0.1, 0.2, 0.5):
    near = inside & (r < radius)
    print(f"  r < {radius}: {100 * sq[near].sum() / total:5.1f}% of the squared error on "
          f"{100 * near.sum() / inside.sum():5.1f}% of the points; max |error| {np.abs(e[near]).max():.2e}")
far = inside & (r >= 0.5)
print(f"  r >= 0.5: max |error| {np.abs(e[far]).max():.2e}")
