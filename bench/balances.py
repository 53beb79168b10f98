#!/usr/bin/env python3
"""GET /sandbox/balances as a sandbox fills with paid orders (issue 31, 11): it walked every
transaction for the ledger it answers with; it now keeps running totals.

One `pay sandbox` per binary given; each is filled in stages with orders that are paid in full
(two requests each, over one keep-alive connection), and at each stage GET /sandbox/balances is
timed --reads times; the medians are printed side by side, with the ratio to the first stage's.

Usage: bench/balances.py PAY [OTHER_PAY] [--stages 0,2000,8000,15000] [--reads 200]
"""
import argparse
import http.client
import json
import statistics
import subprocess
import time

KEY = "bench-balances-key"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"


class Server:
    def __init__(self, pay):
        self.process = subprocess.Popen([pay, "sandbox", "--port", "0", "--key", KEY], stdout=subprocess.PIPE, text=True)
        url = self.process.stdout.readline().split("listening on ")[1].strip()
        host, port = url.split("//")[1].split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.orders = 0

    def call(self, method, path, body=None):
        headers = {"X-API-Key": KEY, "Content-Type": "application/json"}
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise SystemExit(f"{method} {path} answered {response.status}: {data[:200]}")
        return json.loads(data)

    def fill(self, count):
        for _ in range(count - self.orders):
            order = self.call("POST", "/orders/incoming", {"integrationId": INTEGRATION, "amount": "1", "assetId": "TRX"})
            self.call("POST", f"/sandbox/orders/{order['orderId']}/payments", {"amount": "1"})
        self.orders = max(self.orders, count)
        self.call("POST", "/sandbox/clock/advance", {"seconds": 120})  # every payment confirmed

    def balances_ms(self, reads):
        times = []
        for _ in range(reads):
            started = time.perf_counter()
            self.call("GET", "/sandbox/balances")
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pays", nargs="+")
    parser.add_argument("--stages", default="0,2000,8000,15000")
    parser.add_argument("--reads", type=int, default=200)
    args = parser.parse_args()
    servers = [Server(pay) for pay in args.pays]
    try:
        print("| paid orders | " + " | ".join(f"{pay}: GET /sandbox/balances ms (× first)" for pay in args.pays) + " |")
        print("|---:|" + "---:|" * len(servers))
        first = {}
        for stage in [int(s) for s in args.stages.split(",")]:
            cells = []
            for server in servers:
                server.fill(stage)
                ms = server.balances_ms(args.reads)
                first.setdefault(server, ms)
                cells.append(f"{ms:.3f} ({ms / first[server]:.1f}×)")
            print(f"| {stage:,} | " + " | ".join(cells) + " |", flush=True)
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
