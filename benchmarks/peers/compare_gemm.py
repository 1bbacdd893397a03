#!/usr/bin/python3
"""Side-by-side GEMM speed: Sprig (`sprig bench gemm`) vs PyTorch (torch_gemm.py), alternated in rounds.

The machine is shared and noisy, so each round runs Sprig then PyTorch on the same cases, and the table
reports per-case medians over rounds, the median of the per-round ratios, and GFLOP per second of
processor time (speed per busy core, less disturbed by other processes).
Run from the repository root after `dotnet build src/Sprig.Cli -c Release`:
    /usr/bin/python3 benchmarks/peers/compare_gemm.py [--rounds 3] [--case cnn] [--size 2048] [--threads 2]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.path.join(HERE, "..", "..", "src", "Sprig.Cli", "bin", "Release", "net10.0", "Sprig.Cli.dll")


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {(r["case"], r["m"], r["n"], r["k"], r["threads"]): (r["gflops"], r["cpu_gflops"])
            for r in map(json.loads, filter(None, out.splitlines()))}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--case")
    parser.add_argument("--size", type=int)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    common = ["--repeats", str(args.repeats)]
    if args.size:
        common += ["--size", str(args.size)]
    if args.threads:
        common += ["--threads", str(args.threads)]
    sprig_args = ["dotnet", CLI, "bench", "gemm"] + common + (["--case", args.case] if args.case else [])
    torch_args = [sys.executable, os.path.join(HERE, "torch_gemm.py")] + common
    env_note = "OMP_WAIT_POLICY=" + os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    ours, theirs = {}, {}
    for _ in range(args.rounds):
        for key, value in run(sprig_args).items():
            ours.setdefault(key, []).append(value)
        for key, value in run(torch_args).items():
            theirs.setdefault(key, []).append(value)
    print(f"rounds={args.rounds} repeats={args.repeats} {env_note}")
    print("| case | m | n | k | threads | Sprig GFLOP/s (median; min–max) | PyTorch GFLOP/s | Sprig/PyTorch | "
          "Sprig GFLOP per CPU-s | PyTorch GFLOP per CPU-s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in ours:
        if key not in theirs:
            continue
        a, b = [x[0] for x in ours[key]], [x[0] for x in theirs[key]]
        ca, cb = [x[1] for x in ours[key]], [x[1] for x in theirs[key]]
        ratio = statistics.median(x / y for x, y in zip(a, b))
        print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {key[4]} | {statistics.median(a):.1f} ({min(a):.0f}–{max(a):.0f}) "
              f"| {statistics.median(b):.1f} ({min(b):.0f}–{max(b):.0f}) | {ratio:.2f} "
              f"| {statistics.median(ca):.1f} | {statistics.median(cb):.1f} |")

if __name__ == "__main__":
    main()
