#!/usr/bin/env python3
"""Does a request to `pay sandbox` cost the same however many orders it holds?

Two `pay sandbox` processes: one stays empty (the seed world only), the baseline; the other gets
orders in stages (POST /orders/incoming, driven by wrk with a Lua script so the filling is fast).
At each size wrk measures both servers, alternately, on:

  - GET /orders/{id} of one fixed order;
  - GET /sandbox/clock, which says when the next confirmation or expiry falls due (it scanned
    every order before the event heap);

with 32 connections on 2 threads for a few seconds, `--rounds` times each. The machine is shared
and its load drifts, so each size is quoted as the ratio of the empty server's median rate to the
filled one's, measured side by side. The filled server's resident memory is read from /proc.

The orders stay in progress (the clock does not move), so every one of them is a pending expiry
in the queue: the worst case for a request that looks at what is due.

Usage: bench/sandbox_scale.py [PATH/TO/pay] [--sizes 0,10000,100000,1000000] [--seconds 5] [--rounds 2]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

KEY = "bench-scale-key"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"

FILL = r"""
local count, limit = 0, tonumber(os.getenv("FILL_COUNT"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "%s"
wrk.body = '{"integrationId":"%s","amount":"1","assetId":"TRX"}'
function response(status, headers, body)
  if status ~= 201 then io.stderr:write("fill: status " .. status .. "\n") end
  count = count + 1
  -- One wrk thread fills; it ends the process once enough orders exist (wrk would otherwise
  -- run for its whole duration).
  if count >= limit then os.exit(0) end
end
""" % (KEY, INTEGRATION)


def start(pay):
    process = subprocess.Popen([pay, "sandbox", "--port", "0", "--key", KEY], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    prefix = "pay sandbox listening on "
    if not line.startswith(prefix):
        process.kill()
        sys.exit(f"pay sandbox did not start: {line!r}")
    return process, line[len(prefix):]


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("X-API-Key", KEY)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def wrk(url, seconds, script=None, connections=32, threads=2, env=None):
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
               "-H", f"X-API-Key: {KEY}"]
    if script:
        command += ["-s", script]
    result = subprocess.run(command + [url], capture_output=True, text=True, env={**os.environ, **(env or {})})
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def latency(percentile):
        match = re.search(rf"\s{percentile}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, latency(50), latency(99), int(errors.group(1)) if errors else 0


def fill(base, count, script):
    """Adds `count` orders (a few more: those in flight when it stops); returns the seconds it took."""
    if count <= 0:
        return 0.0
    started = time.monotonic()
    subprocess.run(["wrk", "-t", "1", "-c", "4", "-d", "3600s", "-s", script, base + "/orders/incoming"],
                   capture_output=True, env={**os.environ, "FILL_COUNT": str(count)}, check=False)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description="pay sandbox's per-request cost against orders held.")
    parser.add_argument("pay", nargs="?", default=".build/release/pay")
    parser.add_argument("--sizes", default="0,10000,100000,1000000")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sizes, seconds, rounds, pay = [int(s) for s in args.sizes.split(",")], args.seconds, args.rounds, args.pay
    empty, empty_base = start(pay)
    filled, base = start(pay)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(FILL)
            script = handle.name
        body = {"integrationId": INTEGRATION, "amount": "2", "assetId": "TRX"}
        ids = {server: post(server, "/orders/incoming", body)["orderId"] for server in (empty_base, base)}
        rows = []
        held = 1
        bad = 0
        for size in sizes:
            took = fill(base, size - held, script) if size > held else 0.0
            held = max(held, size)
            measured = {}
            for path in ("order", "clock"):
                for server in (empty_base, base):
                    measured[(path, server)] = []
                for _ in range(rounds):
                    for server in (empty_base, base):
                        url = f"{server}/orders/{ids[server]}" if path == "order" else f"{server}/sandbox/clock"
                        result = wrk(url, seconds)
                        bad += result[3]
                        measured[(path, server)].append(result)
            def median(path, server, field):
                return statistics.median(r[field] for r in measured[(path, server)])
            row = (size,
                   median("order", base, 0), median("order", base, 1), median("order", base, 2),
                   median("order", empty_base, 0) / median("order", base, 0),
                   median("clock", base, 0), median("clock", empty_base, 0) / median("clock", base, 0),
                   rss_mib(filled.pid), took)
            rows.append(row)
            print(f"{size:>9} orders: GET /orders/{{id}} {row[1]:>7.0f} req/s ({row[4]:.2f}x the empty server's cost), "
                  f"GET /sandbox/clock {row[5]:>7.0f} req/s ({row[6]:.2f}x), RSS {row[7]:.0f} MiB, filled in {took:.1f} s",
                  flush=True)
        print()
        print("| orders held | GET /orders/{id} req/s | p50 ms | p99 ms | cost × empty server | GET /sandbox/clock req/s | cost × empty server | RSS MiB |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size, rate, p50, p99, ratio, clock, clock_ratio, rss, _ in rows:
            print(f"| {size:,} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {ratio:.2f} | {clock:,.0f} | {clock_ratio:.2f} | {rss:.0f} |")
        if bad:
            print(f"{bad} answers were not 2xx")
            return 1
        return 0
    finally:
        for process in (empty, filled):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
