#!/usr/bin/env bash
# One training epoch at 95% static sparsity, Sprig (auto execution) against PyTorch's masked-dense training of the
# same model, alternating, 2 threads each: set-mlp (784-1000-1000-1000-10) and mlp (784-300-100-10).
# Prints per round both epoch times (training only, as each records them), Sprig's test accuracy and the ratio.
# Usage: ROUNDS=3 bash scripts/epoch-vs-pytorch.sh   (needs /usr/bin/python3 with torch; Debian python3-torch)
set -euo pipefail
cd "$(dirname "$0")/.."
./sprig --version > /dev/null   # build once before timing
cli="dotnet artifacts/cli/Sprig.Cli.dll"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "${ROUNDS:-3}"); do
  for m in set-mlp mlp; do
    rm -rf "$out/$m"
    $cli train --model $m --method static --sparsity 0.95 --epochs 1 --threads 2 --plain --out "$out/$m" > /dev/null
    s=$(python3 -c "import json; d=json.loads(open('$out/$m/metrics.jsonl').readline()); print(round(d['seconds'], 3), d['test_accuracy'])")
    if [ $m = mlp ]; then py="../shared/peers/torch_fmnist.py --model mlp"; else py="benchmarks/peers/torch_wide_mlp.py"; fi
    t=$(/usr/bin/python3 $py --sparsity 0.95 --threads 2 2>&1 | grep -oE '"epoch_s": [0-9.]+' | grep -oE '[0-9.]+$')
    echo "round $round $m sprig_s ${s% *} sprig_test ${s#* } torch_s $t ratio $(python3 -c "print(round($t / ${s% *}, 2))")"
  done
done
