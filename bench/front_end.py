#!/usr/bin/env python3
"""The language's front end at scale: `pay check` of a generated script of --lines lines (default
100,000), against `pay --version` measured in the same run, interleaved, medians.

The script is the examples' own statements, each example wrapped in a function of its own so the
names stay unique and the whole is valid: every line is real .pay that the lexer, the parser and
the checker must read, and `pay check` must report it ok. Lines per second are counted over the
time above the baseline (start-up taken out), and the peak RSS is reported.

Usage: bench/front_end.py PATH/TO/pay [--lines 100000] [--runs 9]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(lines):
    """The examples' library, then the examples wrapped in functions, repeated to about `lines`
    lines; returns the text and its line count. An example that loads a data file is left out: its
    path is relative to the example, not to the generated file (and the figures stay comparable
    with those measured before `load` and `cases` existed, which `bench/ab.py`'s old build may
    not parse)."""
    bodies = []
    for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        if not name.endswith(".pay"):
            continue
        with open(os.path.join(ROOT, "examples", name)) as file:
            text = file.read()
        if "load(" in text:
            continue
        bodies.append([line for line in text.splitlines() if not line.startswith("use ")])
    # The examples' library once, at the top, in place of each `use` of it.
    with open(os.path.join(ROOT, "examples", "lib", "payments.pay")) as file:
        out = file.read().splitlines()
    count, n = len(out), 0
    while count < lines:
        body = bodies[n % len(bodies)]
        chunk = [f"def scenario_{n}() {{"] + ["  " + line for line in body] + ["}"]
        out += chunk
        count += len(chunk)
        n += 1
    return "\n".join(out[:lines] if count == lines else out) + "\n", len(out)


def measure(argv):
    """Milliseconds, peak RSS in MiB, exit status and output of one run. The output goes to a
    file, not a pipe, so a long report cannot block the process while it is timed."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        output.seek(0)
        return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), output.read().decode()


def main():
    parser = argparse.ArgumentParser(description="pay check of a generated script, against start-up.")
    parser.add_argument("pay", nargs="?", default=os.path.join(ROOT, ".build", "release", "pay"))
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    lines, runs, pay = args.lines, args.runs, os.path.abspath(args.pay)
    text, count = generate(lines)
    with tempfile.NamedTemporaryFile("w", suffix=".pay", delete=False) as script:
        script.write(text)
    try:
        elapsed, _, status, out = measure([pay, "check", script.name])
        if status != 0:
            sys.exit(f"pay check did not pass the generated script:\n{out[:2000]}")
        base, check, rss = [], [], []
        for _ in range(runs):
            base.append(measure([pay, "--version"])[0])
            elapsed, peak, _, _ = measure([pay, "check", script.name])
            check.append(elapsed)
            rss.append(peak)
        b, c = statistics.median(base), statistics.median(check)
        print(f"| lines | bytes | `pay --version` ms | `pay check` ms | lines/s above start-up | peak RSS MiB |")
        print(f"|---:|---:|---:|---:|---:|---:|")
        print(f"| {count:,} | {len(text.encode()):,} | {b:.1f} | {c:.1f} | {count / ((c - b) / 1000):,.0f} | {max(rss):.0f} |")
    finally:
        os.unlink(script.name)


if __name__ == "__main__":
    main()
