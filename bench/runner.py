#!/usr/bin/env python3
"""How fast `pay test` runs many scenario files, against two baselines in the same run.

The files are 200 scenario files made from the examples in turn, each beside a copy of the
examples' lib/. Three ways of running them all, interleaved over the runs:

  - `pay test . --jobs 2`: one process, a pool of two interpreters, in-process sandboxes;
  - one `pay run` process per file, two at a time (what a shell loop with `xargs -P2` does,
    and what .ci/run did before `pay test`);
  - `pay --version` 200 times, two at a time: process start-up alone, the floor for the second.

The machine is shared and noisy: figures are medians, and the ratio between the ways is what to
compare across machines.

Usage: bench/runner.py [PATH/TO/pay] [--runs N] [--files N]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def scenario_folder(count):
    examples = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".pay"))
    root = tempfile.mkdtemp(prefix="pay-bench-runner-")
    files = []
    for i in range(count):
        folder = os.path.join(root, "suite%03d" % i)
        os.makedirs(folder)
        shutil.copy(os.path.join(ROOT, "examples", examples[i % len(examples)]), folder)
        shutil.copytree(os.path.join(ROOT, "examples", "lib"), os.path.join(folder, "lib"))
        shutil.copytree(os.path.join(ROOT, "examples", "data"), os.path.join(folder, "data"))
        files.append(os.path.join(folder, examples[i % len(examples)]))
    return root, files


def timed(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def two_at_a_time(commands):
    def one(argv):
        result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if result.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed: {result.stderr.decode()}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, commands))


def main():
    parser = argparse.ArgumentParser(description="pay test against a process per file, on many files.")
    parser.add_argument("pay", nargs="?", default=os.path.join(ROOT, ".build", "release", "pay"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    runs, count, binary = args.runs, args.files, os.path.abspath(args.pay)
    root, files = scenario_folder(count)

    def runner():
        result = subprocess.run([binary, "test", ".", "--jobs", "2"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if result.returncode != 0:
            sys.exit("pay test failed: " + result.stderr.decode())

    ways = {
        "pay test --jobs 2": runner,
        "pay run per file, 2 at a time": lambda: two_at_a_time([[binary, "run", f] for f in files]),
        "pay --version x files, 2 at a time": lambda: two_at_a_time([[binary, "--version"]] * count),
    }
    seconds = {name: [] for name in ways}
    for _ in range(runs):
        for name, work in ways.items():
            seconds[name].append(timed(work))
    shutil.rmtree(root)
    test = statistics.median(seconds["pay test --jobs 2"])
    print(f"binary: {binary}; {count} files; {runs} runs each, interleaved; medians")
    print(f"{'way':<38}{'median s':>10}{'min s':>8}{'files/s':>10}{'x pay test':>12}")
    for name in ways:
        median = statistics.median(seconds[name])
        print(f"{name:<38}{median:>10.3f}{min(seconds[name]):>8.3f}{count / median:>10.1f}{median / test:>12.2f}")


if __name__ == "__main__":
    main()
