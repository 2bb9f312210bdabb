#!/usr/bin/env bash
# Interleaved before/after runs of pinn-jets on a busy machine: for each network
# and B, ROUNDS rounds of OLD then NEW back to back, so that both see the same
# load; take medians per (binary, network, B). Used for bench/results/pinn-jets.md.
#
#   git worktree add /tmp/old <commit> && (cd /tmp/old && swift build -c release --product pinn-jets)
#   swift build -c release --product pinn-jets
#   bench/pinn-jets-compare.sh /tmp/old/.build/release/pinn-jets .build/release/pinn-jets 3
set -euo pipefail
old=$1 new=$2 rounds=${3:-3}
export OPENBLAS_NUM_THREADS=2
for net in 2,64,1 2,64,64,48,48,1 2,224,224,224,1; do
  for b in 1000 10000; do
    echo "load $(uptime)"
    for _ in $(seq "$rounds"); do
      echo "old $("$old" "$net" "$b")"
      echo "new $("$new" "$net" "$b")"
    done
  done
done
