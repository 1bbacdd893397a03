#!/usr/bin/env bash
# The runs behind docs/results-dst.md "Table for issue 5" and docs/results-chase.md "90% and 95%, S_c 0.3 and 0.5":
#   mlp: 7 sparse methods x 4 sparsities + dense, full Fashion-MNIST, 10 epochs, seeds 1 and 2;
#   vgg11s and resnet20: dense, RigL-ERK and Chase (S_c 0.3, 0.5) at 90/95% (resnet20 also SET and static ERK),
#   10k/2k subset with a 10% validation split, 5 epochs, seed 1.
# Every run: one kernel thread, cosine learning rate, each method's defaults. Resumable: finished runs are skipped.
# Usage: scripts/dst-chase-grid.sh CLI_DLL OUT_DIR [PARALLEL]
set -euo pipefail
cli="$1"; out="$2"; parallel="${3:-2}"
mkdir -p "$out/mlp" "$out/vgg11s" "$out/resnet20"

grid() {
    for seed in 1 2; do
        local c="--model mlp --epochs 10 --seed $seed"
        echo "mlp/dense-s$seed $c --method dense"
        for s in 0.8 0.9 0.95 0.98; do
            local p="${s#0.}"
            echo "mlp/static-erk-$p-s$seed $c --method static --budget erk --sparsity $s"
            echo "mlp/set-$p-s$seed $c --method set --sparsity $s"
            echo "mlp/rigl-erk-$p-s$seed $c --method rigl --budget erk --sparsity $s"
            echo "mlp/rigl-uniform-$p-s$seed $c --method rigl --budget uniform --sparsity $s"
            echo "mlp/snfs-$p-s$seed $c --method snfs --sparsity $s"
            echo "mlp/granet-$p-s$seed $c --method granet --sparsity $s"
            echo "mlp/srigl-$p-s$seed $c --method srigl --sparsity $s"
        done
    done
    for model in vgg11s resnet20; do
        local c="--model $model --epochs 5 --train-limit 10000 --test-limit 2000 --val-split 0.1 --seed 1 --measure"
        echo "$model/dense $c --method dense"
        for p in 90 95; do
            local s="0.$p"
            echo "$model/rigl-erk-$p $c --method rigl --budget erk --sparsity $s"
            if [ "$model" = resnet20 ]; then
                echo "$model/set-$p $c --method set --sparsity $s"
                echo "$model/static-erk-$p $c --method static --budget erk --sparsity $s"
            fi
            echo "$model/chase-$p-sc50 $c --method chase --sparsity $s --channel-sparsity 0.5"
            echo "$model/chase-$p-sc30 $c --method chase --sparsity $s --channel-sparsity 0.3"
        done
    done
}

run() {
    local name="$1"; shift
    [ -f "$out/$name/results.json" ] && return 0
    rm -rf "${out:?}/$name"
    nice -n 5 dotnet "$cli" train --threads 1 --plain --lr-schedule cosine "$@" --out "$out/$name" > "$out/$name.log" 2>&1
    echo "$name rc=$?"
}
export -f run
export cli out
grid | xargs -P "$parallel" -L 1 bash -c 'run "$@"' _
