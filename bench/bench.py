#!/usr/bin/env python3
"""Times `pay` on fixed scenarios against a baseline measured in the same run.

The machine is shared and noisy, so every figure is a median over repeated runs, interleaved
with the baseline (`pay --version`: process start and exit, nothing else), and reported as a
ratio to it as well as in milliseconds. Peak memory is each run's own maximum RSS (from wait4).

Usage: bench/bench.py [PATH/TO/pay] [--runs N]
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(argv):
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed: {stderr}")
    return elapsed * 1000, usage.ru_maxrss / 1024


def main():
    args = sys.argv[1:]
    runs = 15
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
        del args[args.index("--runs"):args.index("--runs") + 2]
    binary = args[0] if args else os.path.join(HERE, "..", ".build", "release", "pay")
    cases = {"baseline: pay --version": [binary, "--version"]}
    for name in ["no_request", "wait_30m", "expire_1h", "hundred_orders", "arithmetic", "lookups", "rates"]:
        cases[name] = [binary, "run", os.path.join(HERE, "scenarios", name + ".pay")]
    server = subprocess.Popen([binary, "sandbox", "--port", "0", "--key", "bench"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().split()[-1]
    cases["no_request over HTTP"] = cases["no_request"] + ["--api", url, "--key", "bench"]
    cases["lookups over HTTP"] = cases["lookups"] + ["--api", url, "--key", "bench"]
    cases["rates over HTTP"] = cases["rates"] + ["--api", url, "--key", "bench"]
    times = {name: [] for name in cases}
    memory = {name: [] for name in cases}
    for _ in range(runs):  # interleaved, so load spikes hit every case alike
        for name, argv in cases.items():
            ms, mib = run_once(argv)
            times[name].append(ms)
            memory[name].append(mib)
    # The HTTP floor: wrk on one connection, the same lookup, the same server.
    floor = subprocess.run(["wrk", "-t1", "-c1", "-d3s", "-H", "X-API-Key: bench",
                            f"{url}/orders/1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"], capture_output=True, text=True)
    rate = float(next(line.split()[1] for line in floor.stdout.splitlines() if line.startswith("Requests/sec")))
    server.terminate()
    server.wait()
    base = statistics.median(times["baseline: pay --version"])
    print(f"binary: {binary}; {runs} runs each, interleaved; medians")
    print(f"{'case':<26}{'median ms':>10}{'min ms':>9}{'x baseline':>12}{'peak RSS MiB':>14}")
    for name in cases:
        median = statistics.median(times[name])
        print(f"{name:<26}{median:>10.1f}{min(times[name]):>9.1f}{median / base:>12.2f}{max(memory[name]):>14.1f}")
    median = {name: statistics.median(values) for name, values in times.items()}
    # Each of rates.pay's 200 statements sends its request (lookups.pay's are answered from the
    # first one's answer since issue 29): the cost of one request over HTTP.
    per_lookup = (median["rates over HTTP"] - median["no_request over HTTP"]) / 200 * 1000
    print(f"start-up (no_request): {median['no_request']:.1f} ms, peak RSS {max(memory['no_request']):.1f} MiB")
    print(f"wait_30m above start-up: {median['wait_30m'] - median['no_request']:.1f} ms")
    print(f"one request over HTTP (rates.pay), pay: {per_lookup:.0f} µs; wrk on one connection: {1e6 / rate:.0f} µs "
          f"({rate:,.0f} req/s); pay's overhead above the floor: {per_lookup - 1e6 / rate:.0f} µs")


if __name__ == "__main__":
    main()
