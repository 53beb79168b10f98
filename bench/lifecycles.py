#!/usr/bin/env python3
"""Do order lifecycles on the embedded sandbox cost the same however many came before?

One `pay run` process per size N runs N lifecycles in a row: an order, the payer pays it, wait
until completed, refund half. Every order, transaction and refund stays in the sandbox, so the
last lifecycle of a run meets N-1 earlier ones. If each request's cost did not depend on how
much is held, the time per lifecycle is the same at every N: the table gives it, and its ratio
to the smallest N's, measured in the same run (sizes interleaved, median of --runs).

Usage: bench/lifecycles.py [PATH/TO/pay] [--sizes 1000,10000,100000] [--runs 3]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT = """\
let n = param("n", 10)
repeat n {
  let o = order 1 TRX
  pay o
  wait o completed within 5m
  refund half of o
}
print "done"
"""


def run(pay, script, n):
    started = time.monotonic()
    process = subprocess.Popen([pay, "run", script, "--var", f"n={n}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    took = time.monotonic() - started
    out, err = process.stdout.read(), process.stderr.read()
    if status != 0 or out != b"done\n":
        sys.exit(f"n={n}: exit {status}: {out!r} {err.decode()[:500]}")
    return took, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description="N order lifecycles in one pay run, per size.")
    parser.add_argument("pay", nargs="?", default=".build/release/pay")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes, runs, pay = [int(s) for s in args.sizes.split(",")], args.runs, args.pay
    with tempfile.NamedTemporaryFile("w", suffix=".pay", delete=False) as handle:
        handle.write(SCRIPT)
        script = handle.name
    times = {n: [] for n in sizes}
    memory = {n: 0.0 for n in sizes}
    for _ in range(runs):
        for n in sizes:
            took, rss = run(pay, script, n)
            times[n].append(took)
            memory[n] = max(memory[n], rss)
    first = statistics.median(times[sizes[0]]) / sizes[0]
    print("| lifecycles | median s | ms per lifecycle | × the smallest run's | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        median = statistics.median(times[n])
        print(f"| {n:,} | {median:.2f} | {median / n * 1000:.3f} | {median / n / first:.2f} | {memory[n]:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
