#!/usr/bin/python3
"""Train PyTorch from Sprig's exact starting point and compare, step by step (issue 3).

First dump Sprig's initial weights, sample order and step losses:
  dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- parity cnn 0 1000 DIR 0,7,468,999
Then:
  torch_parity.py steps DIR      free-running: both frameworks from the same weights on the same batches; prints
                                 the per-step losses side by side and the first step where they part by > 1e-5
  torch_parity.py onestep DIR    for every dumped step K: loads Sprig's weights and momentum before step K, does
                                 step K in PyTorch and compares the gradients and the updated weights with Sprig's
  torch_parity.py train DIR      trains 3 epochs from Sprig's initial weights on Sprig's order; prints train loss
                                 and test accuracy per epoch (the PyTorch half of a paired comparison)
Same hyper-parameters as Sprig's defaults and peers/torch_fmnist.py: SGD lr 0.05, momentum 0.9, weight decay 5e-4,
batch 128, one thread, inputs normalised with the statistics Sprig computed.
"""
import gzip, json, os, sys
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # idle OpenMP threads must not spin on the shared cores
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(1)
mode, d = sys.argv[1], sys.argv[2]
meta = json.load(open(os.path.join(d, 'meta.json')))
data = '/usr/share/datasets/fashion-mnist'

def idx(name, offset):
    with gzip.open(os.path.join(data, name), 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

def images(name):
    x = idx(name, 16).reshape(-1, 1, 28, 28).astype(np.float32) / np.float32(255)
    return torch.from_numpy((x - np.float32(meta['mean'][0])) / np.float32(meta['std'][0]))

X, Y = images('train-images-idx3-ubyte.gz'), torch.from_numpy(idx('train-labels-idx1-ubyte.gz', 8).astype(np.int64))
order = torch.from_numpy(np.fromfile(os.path.join(d, 'order.bin'), dtype=np.int32).astype(np.int64))
steps_per_epoch, n = meta['steps_per_epoch'], len(X)
nets = {  # the same layer indices as Sprig's Sequential, so parameter names match
    'mlp': lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(), nn.Linear(100, 10)),
    'lenet5': lambda: nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.ReLU(),
                                    nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10)),
    'cnn': lambda: nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Linear(128, 10)),
}
shapes = {p['name']: p['shape'] for p in meta['parameters']}
model = next(f() for f in nets.values() if {k: list(v.shape) for k, v in f().named_parameters()} == shapes)
params = dict(model.named_parameters())
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)

def load(sub):
    return {k: torch.from_numpy(np.fromfile(os.path.join(d, sub, k + '.bin'), dtype=np.float32).reshape(s)) for k, s in shapes.items()}

def set_weights(weights):
    with torch.no_grad():
        for k, v in weights.items():
            params[k].copy_(v)

def batch(step):
    epoch, b = divmod(step, steps_per_epoch)
    start = epoch * n + b * 128
    return order[start:min(start + 128, (epoch + 1) * n)]

def step(s):
    j = batch(s)
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(X[j]), Y[j])
    loss.backward()
    opt.step()
    return loss.item(), len(j)

set_weights(load('init'))
if mode == 'steps':
    sprig = [float(x) for x in open(os.path.join(d, 'sprig_steps.txt'))]
    first = None
    for s, ls in enumerate(sprig):
        lt, _ = step(s)
        if first is None and abs(ls - lt) > 1e-5:
            first = s
        if s < 10 or s % 50 == 0 or s == len(sprig) - 1:
            print(f'step {s:5d}  sprig {ls:.6f}  torch {lt:.6f}  diff {ls - lt:+.2e}')
    print(f'first step with |diff| > 1e-5: {first}')
elif mode == 'onestep':
    dumped = sorted(int(e[1:]) for e in os.listdir(d) if e[0] == 'w' and e[1:].isdigit())
    for k in dumped:
        w, m, g, a = load(f'w{k}'), load(f'm{k}'), load(f'g{k}'), load(f'a{k}')
        set_weights(w)
        for name, p in params.items():
            opt.state[p]['momentum_buffer'] = m[name].clone()
        j = batch(k)
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(X[j]), Y[j])
        loss.backward()
        grad = max((params[x].grad - g[x]).norm().item() / params[x].grad.norm().item() for x in params)
        opt.step()
        after = max((params[x] - a[x]).abs().max().item() for x in params)
        update = max((params[x] - a[x]).norm().item() / (a[x] - w[x]).norm().item() for x in params)
        print(f'step {k}: batch {len(j)}, loss {loss.item():.6f}, max relative gradient diff {grad:.1e}, '
              f'max |weight diff| after the update {after:.1e}, max relative update diff {update:.1e}')
elif mode == 'train':
    Xte, Yte = images('t10k-images-idx3-ubyte.gz'), torch.from_numpy(idx('t10k-labels-idx1-ubyte.gz', 8).astype(np.int64))
    for epoch in range(len(order) // n):
        model.train()
        total = 0.0
        for b in range(steps_per_epoch):
            loss, count = step(epoch * steps_per_epoch + b)
            total += loss * count
        model.eval()
        with torch.no_grad():
            acc = sum((model(Xte[i:i + 1000]).argmax(1) == Yte[i:i + 1000]).sum().item() for i in range(0, len(Xte), 1000)) / len(Xte)
        print(json.dumps(dict(epoch=epoch + 1, train_loss=round(total / n, 4), test_acc=acc)), flush=True)
else:
    sys.exit(f'unknown mode {mode}; use steps, onestep or train')
