#!/usr/bin/env bash
# The main job: installs Fashion-MNIST when it can (Debian package dataset-fashion-mnist), then trains a sparse
# network on it. Without the data it trains on Sprig's built-in synthetic data and says so.
# Extra arguments go to 'sprig train' and override the defaults below.
set -euo pipefail
cd "$(dirname "$0")/.."

data=/usr/share/datasets/fashion-mnist
if [ -z "${SPRIG_DATA:-}" ] && [ ! -f "$data/train-images-idx3-ubyte.gz" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing the Debian package dataset-fashion-mnist ..."
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; } >/dev/null 2>&1 \
            || echo "note: could not install dataset-fashion-mnist; Sprig will train on synthetic data"
    else
        echo "note: Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist); Sprig will train on synthetic data"
    fi
fi

./sprig train --model lenet5 --method gmp --sparsity 0.9 --epochs 3 --out "runs/main-$(date +%Y%m%d-%H%M%S)" "$@"
