#!/usr/bin/env python3
"""`pay sandbox` under wrk on this machine's 2 cores (issue 13, item 4): GET /orders/{id},
GET /sandbox/clock and POST /orders/incoming, each --rounds times alternately, wrk with 2
threads and 32 connections for --seconds. Medians of the rounds: requests per second, p50, p99.
wrk shares the 2 cores with the server, as a client on the same machine does.

The machine is shared: besides the rate, each case reports the server's own CPU time per request
(user + system, from /proc), which other load disturbs far less than the rate.

Usage: bench/sandbox_http.py PATH/TO/pay [--seconds 5] [--rounds 3]
"""
import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox_scale import INTEGRATION, post, start, wrk  # noqa: E402

POST_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"integrationId":"%s","amount":"1","assetId":"TRX"}'
""" % INTEGRATION


def cpu_seconds(pid):
    """User plus system CPU time the process has used, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description="pay sandbox under wrk: rates, latencies, CPU per request.")
    parser.add_argument("pay", nargs="?", default=".build/release/pay")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    seconds, rounds, pay = args.seconds, args.rounds, args.pay
    server, base = start(pay)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(POST_SCRIPT)
        order = post(base, "/orders/incoming", {"integrationId": INTEGRATION, "amount": "2", "assetId": "TRX"})["orderId"]
        cases = {
            "GET /orders/{id}": (f"{base}/orders/{order}", None),
            "GET /sandbox/clock": (f"{base}/sandbox/clock", None),
            "POST /orders/incoming": (f"{base}/orders/incoming", handle.name),
        }
        results = {name: [] for name in cases}
        for _ in range(rounds):
            for name, (url, script) in cases.items():
                before = cpu_seconds(server.pid)
                rate, p50, p99, bad = wrk(url, seconds, script)
                cpu = (cpu_seconds(server.pid) - before) / (rate * seconds) * 1e6
                results[name].append((rate, p50, p99, bad, cpu))
        print(f"| request | req/s | p50 ms | p99 ms | non-2xx | server CPU µs/request |")
        print(f"|---|---:|---:|---:|---:|---:|")
        for name, rows in results.items():
            print(f"| {name} | {statistics.median(r[0] for r in rows):,.0f} | {statistics.median(r[1] for r in rows):.2f} | "
                  f"{statistics.median(r[2] for r in rows):.2f} | {sum(r[3] for r in rows)} | "
                  f"{statistics.median(r[4] for r in rows):.0f} |")
        os.unlink(handle.name)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
