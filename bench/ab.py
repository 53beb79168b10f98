#!/usr/bin/env python3
"""Two builds of `pay` side by side, in one run, interleaved: what a change costs on the paths every
run takes when its new options are not used. For each case, both binaries run once per round,
alternating which goes first, so load that comes and goes hits both alike; medians over the rounds
and the ratio new/old are reported.

Cases: start-up (`pay --version`, and `pay run` of a script that makes no request), the embedded
path (`wait_30m`, 200 lookups), one lookup over HTTP (200 lookups against one `pay sandbox` that
both binaries share, less the same run making no request, per request), and the front end
(`pay check` of a generated script of --lines lines).

Usage: bench/ab.py OLD_PAY NEW_PAY [--runs 15] [--lines 100000]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from front_end import generate, measure  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    binaries = {"old": os.path.abspath(args.old), "new": os.path.abspath(args.new)}
    server = subprocess.Popen([binaries["new"], "sandbox", "--port", "0", "--key", "bench"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().split()[-1]
    work = tempfile.mkdtemp(prefix="pay-ab-")
    big = os.path.join(work, "big.pay")
    text, lines = generate(args.lines)
    with open(big, "w") as file:
        file.write(text)
    scenario = lambda name: os.path.join(HERE, "scenarios", name + ".pay")  # noqa: E731
    cases = {
        "pay --version": ["--version"],
        "no_request": ["run", scenario("no_request")],
        "wait_30m": ["run", scenario("wait_30m")],
        "lookups": ["run", scenario("lookups")],
        "no_request over HTTP": ["run", scenario("no_request"), "--api", url, "--key", "bench"],
        "lookups over HTTP": ["run", scenario("lookups"), "--api", url, "--key", "bench"],
        f"check {lines} lines": ["check", big],
    }
    times = {(case, which): [] for case in cases for which in binaries}
    memory = {(case, which): [] for case in cases for which in binaries}
    for round_ in range(args.runs):
        for case, argv in cases.items():
            order = ["old", "new"] if round_ % 2 == 0 else ["new", "old"]
            for which in order:
                ms, mib, status, output = measure([binaries[which]] + argv)
                if status != 0:
                    sys.exit(f"{which} {case} exited {status}: {output[:500]}")
                times[(case, which)].append(ms)
                memory[(case, which)].append(mib)
    server.terminate()
    server.wait()
    print(f"old: {binaries['old']}\nnew: {binaries['new']}\n{args.runs} rounds, interleaved; medians (minimums)")
    print(f"{'case':<26}{'old ms':>16}{'new ms':>16}{'new/old':>9}{'old MiB':>9}{'new MiB':>9}")
    median = {key: statistics.median(values) for key, values in times.items()}
    for case in cases:
        old, new = (case, "old"), (case, "new")
        print(f"{case:<26}{median[old]:>8.1f} ({min(times[old]):>5.1f}){median[new]:>8.1f} ({min(times[new]):>5.1f})"
              f"{median[new] / median[old]:>9.3f}{max(memory[old]):>9.1f}{max(memory[new]):>9.1f}")
    for which in binaries:
        per = (median[("lookups over HTTP", which)] - median[("no_request over HTTP", which)]) / 200 * 1000
        rate = lines / ((median[(f"check {lines} lines", which)] - median[("pay --version", which)]) / 1000)
        print(f"{which}: one lookup over HTTP {per:.0f} µs; front end {rate:,.0f} lines/s above start-up")


if __name__ == "__main__":
    main()
