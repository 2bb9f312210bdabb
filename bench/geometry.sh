#!/bin/sh
# The catalog's shape problems (issue 18), each a separate release `svenpde solve`,
# with the rel L2 error measured every 20 steps and, for the L-shape, where the
# error concentrates. Results: bench/results/geometry.md (written by hand from
# these runs, with the load average of the machine during each).
set -e
swift build -c release --product svenpde
out=${1:-out/geometry}
for p in disk-poisson annulus-helmholtz annulus-neumann lshape square-hole; do
    cat /proc/loadavg
    .build/release/svenpde solve problems/$p.toml -o "$out/$p" --report-every 20 | tail -4
done
python3 bench/geometry-error-where.py "$out/lshape"
for p in disk-poisson annulus-helmholtz annulus-neumann; do .build/release/svenpde reference problems/$p.toml -o "$out/$p-reference" | head -2; done
