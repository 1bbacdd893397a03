#!/usr/bin/python3
"""One training epoch of the wide MLP (Sprig's `set-mlp`: 784-1000-1000-1000-10, ReLU, dropout 0.2 after each hidden
layer) in PyTorch on Fashion-MNIST, masked-dense at a static random sparsity, as ../shared/peers/torch_fmnist.py runs
its models (same data normalisation, batch, SGD with momentum 0.9 and weight decay 5e-4, masks re-applied after
every step). A cross-check only: Sprig never depends on PyTorch.

Run: /usr/bin/python3 benchmarks/peers/torch_wide_mlp.py [--sparsity 0.95] [--threads 2] [--epochs 1] [--batch 128]
Prints one JSON object per epoch: epoch_s, samples_per_s, train_loss, test_acc.
"""
import argparse
import gzip
import json
import os
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # idle OpenMP threads must not spin against BLAS on 2 cores
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('--epochs', type=int, default=1)
ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--batch', type=int, default=128)
ap.add_argument('--lr', type=float, default=0.05)
ap.add_argument('--sparsity', type=float, default=0.95)
ap.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
ap.add_argument('--seed', type=int, default=0)
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)


def idx(name, offset):
    with gzip.open(os.path.join(a.data, name), 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def images(name):
    x = torch.from_numpy(idx(name, 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255.0)
    return (x - 0.2860) / 0.3530  # Fashion-MNIST training mean and std


Xtr, Ytr = images('train-images-idx3-ubyte.gz'), torch.from_numpy(idx('train-labels-idx1-ubyte.gz', 8).astype(np.int64))
Xte, Yte = images('t10k-images-idx3-ubyte.gz'), torch.from_numpy(idx('t10k-labels-idx1-ubyte.gz', 8).astype(np.int64))

layers, width = [nn.Flatten()], 784
for _ in range(3):
    layers += [nn.Linear(width, 1000), nn.ReLU(), nn.Dropout(0.2)]
    width = 1000
model = nn.Sequential(*layers, nn.Linear(width, 10))
for m in model:
    if isinstance(m, nn.Linear):  # uniform in ±√(6/fan-in) like Sprig's set-mlp (√6 times PyTorch's default bound)
        m.weight.data.mul_(6 ** 0.5)

masks = {}
if a.sparsity > 0:  # masked-dense static sparsity on every weight matrix
    for name, p in model.named_parameters():
        if p.dim() == 2:
            masks[name] = (torch.rand_like(p) >= a.sparsity).float()
            p.data.mul_(masks[name])
opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4)
params = dict(model.named_parameters())


def evaluate():
    model.eval()
    with torch.no_grad():
        return sum((model(Xte[i:i + 1000]).argmax(1) == Yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000)) / 10000


for epoch in range(1, a.epochs + 1):
    model.train()
    perm, total = torch.randperm(60000), 0.0
    t0 = time.perf_counter()
    for i in range(0, 60000, a.batch):
        j = perm[i:i + a.batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(Xtr[j]), Ytr[j])
        loss.backward()
        opt.step()
        for name, m in masks.items():
            params[name].data.mul_(m)
        total += loss.item() * len(j)
    dt = time.perf_counter() - t0
    print(json.dumps(dict(peer='pytorch', torch=torch.__version__, model='set-mlp', threads=a.threads, batch=a.batch,
                          sparsity=a.sparsity, epoch=epoch, epoch_s=round(dt, 3), samples_per_s=round(60000 / dt),
                          train_loss=round(total / 60000, 4), test_acc=evaluate())), flush=True)
