#!/usr/bin/env bash
# Extends the finished set-fmnist.sh runs to $EPOCHS epochs by resuming their checkpoints (constant learning rate,
# so dense and static continue exactly; SET has skipped the mask update at the end of its old last epoch).
# The old results are kept in OUT_DIR/at-<old epochs>/. Usage: scripts/set-fmnist-extend.sh CLI_DLL OUT_DIR EPOCHS OLD_EPOCHS SEEDS...
set -euo pipefail
cli="$1"; out="$2"; epochs="$3"; old="$4"; shift 4
mkdir -p "$out/at-$old"
for seed in "$@"; do
    for method in set dense static; do
        run="$out/$method-s$seed"
        cp -r "$run" "$out/at-$old/"
        dotnet "$cli" train --resume "$run" --epochs "$epochs" --plain
    done
done
