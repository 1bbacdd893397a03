#!/usr/bin/env bash
# The SET Fashion-MNIST reproduction (algorithms.md §7.1), shortened to $EPOCHS epochs: SET, dense and static ER
# (ε = 13) on set-mlp, 2,000 train / 1,000 test images, batch 40, SGD lr 0.05, momentum 0.9, wd 2e-4, one thread.
# Usage: scripts/set-fmnist.sh CLI_DLL OUT_DIR EPOCHS SEEDS...
set -euo pipefail
cli="$1"; out="$2"; epochs="$3"; shift 3
common=(--model set-mlp --train-limit 2000 --test-limit 1000 --batch 40 --lr 0.05 --momentum 0.9 --weight-decay 2e-4
        --epochs "$epochs" --threads 1 --plain)
for seed in "$@"; do
    dotnet "$cli" train "${common[@]}" --seed "$seed" --method set --set-epsilon 13 --drop-fraction 0.3 --out "$out/set-s$seed"
    dotnet "$cli" train "${common[@]}" --seed "$seed" --method dense --out "$out/dense-s$seed"
    dotnet "$cli" train "${common[@]}" --seed "$seed" --method static --set-epsilon 13 --out "$out/static-s$seed"
done
