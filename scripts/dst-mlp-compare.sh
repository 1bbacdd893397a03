#!/usr/bin/env bash
# A short side-by-side of the DST methods on LeNet-300-100 (mlp) at 90% sparsity, Fashion-MNIST subset.
# Usage: scripts/dst-mlp-compare.sh CLI_DLL OUT_DIR EPOCHS SEED
set -euo pipefail
cli="$1"; out="$2"; epochs="$3"; seed="$4"
common=(--model mlp --train-limit 10000 --test-limit 2000 --batch 128 --lr 0.05 --momentum 0.9 --weight-decay 5e-4
        --epochs "$epochs" --threads 1 --plain --seed "$seed")
run() { name="$1"; shift; dotnet "$cli" train "${common[@]}" "$@" --out "$out/$name-s$seed" | tail -1; }
run dense --method dense
run static-erk --method static --sparsity 0.9
run set --method set --sparsity 0.9
run rigl-erk --method rigl --sparsity 0.9 --update-every 20
run rigl-uniform --method rigl --sparsity 0.9 --budget uniform --update-every 20
run snfs --method snfs --sparsity 0.9
run granet --method granet --sparsity 0.9 --update-every 20
run mest --method mest --sparsity 0.9 --update-every 20
run srigl --method srigl --sparsity 0.9 --update-every 20
