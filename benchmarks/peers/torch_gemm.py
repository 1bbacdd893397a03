#!/usr/bin/python3
"""PyTorch's sgemm (torch.mm) on the same shapes as `sprig bench gemm`, one JSON line per case.

Run: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/peers/torch_gemm.py [--size N] [--threads T] [--repeats R]
(the script sets OMP_WAIT_POLICY=PASSIVE itself if unset, so idle OpenMP threads do not spin between cases).
A cross-check only: Sprig never depends on PyTorch.
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402  (after the OpenMP environment is set)

PEAK_GFLOPS_PER_THREAD = 100.0  # the nominal AVX2 figure; Sprig measures its own peak (FmaPeak)
MIN_REPEAT_SECONDS = 0.05

SQUARES = [256, 512, 1024, 2048]
# (name, transA, transB, m, n, k): keep in step with GemmCase.TrainingShapes.
TRAINING = [
    ("mlp.fc1.forward", False, True, 128, 300, 784),
    ("mlp.fc1.weight_grad", True, False, 300, 784, 128),
    ("mlp.fc2.forward", False, True, 128, 100, 300),
    ("mlp.fc2.weight_grad", True, False, 100, 300, 128),
    ("mlp.fc2.input_grad", False, False, 128, 300, 100),
    ("cnn.conv2.forward", False, False, 64, 128 * 24 * 24, 288),
    ("cnn.conv2.weight_grad", False, True, 64, 288, 128 * 24 * 24),
    ("cnn.conv2.input_grad", True, False, 288, 128 * 24 * 24, 64),
    ("cnn.fc.forward", False, True, 128, 128, 9216),
    ("cnn.fc.weight_grad", True, False, 128, 9216, 128),
    ("cnn.fc.input_grad", False, False, 128, 9216, 128),
]


def operand(rows, cols, transposed, seed):
    """A row-major rows×cols operand; when transposed, stored as cols×rows and viewed through .t()."""
    g = torch.Generator().manual_seed(seed)
    if transposed:
        return (torch.rand(cols, rows, generator=g) * 2 - 1).t()
    return torch.rand(rows, cols, generator=g) * 2 - 1


def measure(name, ta, tb, m, n, k, threads, repeats):
    torch.set_num_threads(threads)
    a = operand(m, k, ta, 1)
    b = operand(k, n, tb, 2)
    c = torch.empty(m, n)
    torch.mm(a, b, out=c)
    iterations = 1
    start = time.perf_counter()
    while time.perf_counter() - start < MIN_REPEAT_SECONDS:
        torch.mm(a, b, out=c)
        iterations += 1
    times, cpu_times = [], []
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(iterations):
            torch.mm(a, b, out=c)
        times.append((time.perf_counter() - start) / iterations)
        cpu_times.append((time.process_time() - cpu_start) / iterations)
    seconds = statistics.median(times)
    cpu_seconds = statistics.median(cpu_times)
    gflops = 2.0 * m * n * k / seconds / 1e9
    return {
        "peer": f"torch {torch.__version__}", "case": name, "trans_a": "Yes" if ta else "No",
        "trans_b": "Yes" if tb else "No", "m": m, "n": n, "k": k, "threads": threads, "repeats": repeats,
        "seconds": seconds, "cpu_seconds": cpu_seconds, "gflops": round(gflops, 2),
        "cpu_gflops": round(2.0 * m * n * k / cpu_seconds / 1e9, 2),
        "peak_fraction": round(gflops / (PEAK_GFLOPS_PER_THREAD * threads), 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cases = [("square", False, False, args.size, args.size, args.size)] if args.size else \
        [("square", False, False, s, s, s) for s in SQUARES] + TRAINING
    thread_counts = [args.threads] if args.threads else [1, 2]
    for case in cases:
        for t in thread_counts:
            print(json.dumps(measure(*case, t, args.repeats)), flush=True)


if __name__ == "__main__":
    main()
