#!/usr/bin/env python3
"""Many clients at once on one `pay sandbox` (issue 12, item 4), over real HTTP on loopback:

  1. wrk (2 threads, --connections, --seconds) creates incoming orders as fast as the server
     takes them. Its Lua script keeps every 201's order id. Every id must be distinct, every
     other answer counted (there must be none), and afterwards every id must be found.
  2. --pay of those orders are paid by 16 client threads at once, one payment each, and the
     clock is moved on so they complete: the ledger's `received` must be exactly --pay TRX.
  3. For each of --races paid orders (net 0.995 TRX), 16 refunds of 0.1 TRX are sent at the same
     instant (threads behind a barrier). Exactly 9 of each 16 must succeed, and 7 be refused.
  4. The ledger balances (received = held + sent + fees) and `sent` is exactly 0.9 TRX a race.

Usage: Tests/concurrency/many_clients.py PATH/TO/pay [--seconds 3] [--connections 32] [--pay 500] [--races 10]
Prints the figures for RELIABILITY.md; exits 1 on any problem.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

KEY = "many-clients-key"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"
PAYER = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"

WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = '{"integrationId":"%s","amount":"1","assetId":"TRX"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "%s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ids = {}; created = 0; other = 0 end
function response(status, headers, body)
  if status == 201 then
    created = created + 1
    ids[#ids + 1] = body:match('"orderId":"([^"]+)"')
  else
    other = other + 1
  end
end
function done(summary, latency, requests)
  local out = io.open("%s", "w")
  for _, thread in ipairs(threads) do
    out:write("created ", thread:get("created"), "\\n")
    out:write("other ", thread:get("other"), "\\n")
    for _, id in ipairs(thread:get("ids")) do out:write("id ", id, "\\n") end
  end
  out:write("errors ", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, "\\n")
  out:write("seconds ", summary.duration / 1e6, "\\n")
  out:close()
end
"""


class Client:
    """One keep-alive connection to the server."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, method, path, body=None):
        headers = {"X-API-Key": KEY}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, json.loads(response.read() or b"null")


def main():
    parser = argparse.ArgumentParser(description="Many clients at once on one pay sandbox.")
    parser.add_argument("pay", nargs="?", default=".build/debug/pay")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--pay", dest="to_pay", type=int, default=500)
    parser.add_argument("--races", type=int, default=10)
    args = parser.parse_args()
    seconds, connections, to_pay, races = args.seconds, args.connections, args.to_pay, args.races
    pay = os.path.abspath(args.pay)
    problems = []

    server = subprocess.Popen([pay, "sandbox", "--port", "0", "--key", KEY], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    port = int(server.stdout.readline().strip().rsplit(":", 1)[1])
    def trx_ledger(client):
        entries = {entry["assetId"]: entry for entry in client.call("GET", "/sandbox/balances")[1]["ledger"]}
        return {name: Decimal(entries["TRX"][name]["amount"]) for name in ["received", "held", "sent", "fees"]}

    try:
        before = trx_ledger(Client(port))  # the seed world's own payments and refunds
        # 1. Orders from wrk.
        work = tempfile.mkdtemp(prefix="many-clients-")
        result_path = os.path.join(work, "wrk.out")
        script_path = os.path.join(work, "create.lua")
        with open(script_path, "w") as script:
            script.write(WRK_SCRIPT % (INTEGRATION, KEY, result_path))
        subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script_path,
                        f"http://127.0.0.1:{port}/orders/incoming"], check=True, capture_output=True, timeout=seconds + 60)
        ids, created, other, errors, elapsed = [], 0, 0, 0, 0.0
        with open(result_path) as result:
            for line in result:
                word, value = line.split()
                if word == "id":
                    ids.append(value)
                elif word == "created":
                    created += int(value)
                elif word == "other":
                    other += int(value)
                elif word == "errors":
                    errors = int(value)
                elif word == "seconds":
                    elapsed = float(value)
        if len(ids) != created or len(set(ids)) != created:
            problems.append(f"{created} orders acknowledged, {len(set(ids))} distinct ids of {len(ids)}")
        if other or errors:
            problems.append(f"{other} answers other than 201, {errors} socket errors")

        client = Client(port)
        missing = [order for order in ids if client.call("GET", f"/orders/{order}")[0] != 200]
        if missing:
            problems.append(f"{len(missing)} acknowledged orders not found, such as {missing[0]}")

        # 2. Payments from 16 threads at once.
        to_pay = min(to_pay, len(ids))
        local = threading.local()

        def pay_one(order):
            if not hasattr(local, "client"):
                local.client = Client(port)
            return local.client.call("POST", f"/sandbox/orders/{order}/payments", {"amount": "1"})[0]

        started = time.perf_counter()
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(pay_one, ids[:to_pay]))
        paying = time.perf_counter() - started
        if statuses.count(201) != to_pay:
            problems.append(f"payments: {statuses.count(201)} of {to_pay} acknowledged ({sorted(set(statuses))})")
        client.call("POST", "/sandbox/clock/advance", {"seconds": 120})

        # 3. Racing refunds: 16 at one instant against one order, --races times.
        racers = 16
        outcomes = []
        for order in ids[:races]:
            barrier = threading.Barrier(racers)
            clients = [Client(port) for _ in range(racers)]

            def refund(racer):
                barrier.wait()
                return racer.call("POST", "/orders/outgoing/refund", {"amount": "0.1", "assetId": "TRX",
                                                                      "destinationAddress": PAYER, "refundOrderId": order})[0]

            with ThreadPoolExecutor(racers) as pool:
                statuses = list(pool.map(refund, clients))
            outcomes.append((statuses.count(201), statuses.count(422)))
        if any(outcome != (9, 7) for outcome in outcomes):
            problems.append(f"racing refunds (succeeded, refused) per order: {outcomes}, expected (9, 7) each")

        # 4. The ledger.
        amount = trx_ledger(client)
        if amount["received"] != amount["held"] + amount["sent"] + amount["fees"]:
            problems.append(f"the ledger does not balance: {amount}")
        if amount["received"] - before["received"] != to_pay:
            problems.append(f"received {amount['received'] - before['received']} TRX more, expected {to_pay}")
        if amount["sent"] - before["sent"] != Decimal("0.9") * races:
            problems.append(f"sent {amount['sent'] - before['sent']} TRX more, expected {Decimal('0.9') * races}")

        print(f"orders created by wrk: {created} in {elapsed:.1f} s ({created / elapsed:,.0f}/s) over {connections} "
              f"connections, {len(set(ids))} distinct, all found; other answers {other}, socket errors {errors}")
        print(f"payments by 16 threads: {to_pay} in {paying:.2f} s, all acknowledged once")
        print(f"racing refunds: {races} orders x 16 refunds of 0.1 TRX at once: (succeeded, refused) = "
              f"{sorted(set(outcomes))}")
        print(f"ledger TRX: received {amount['received']}, held {amount['held']}, sent {amount['sent']}, "
              f"fees {amount['fees']} (before: received {before['received']}, sent {before['sent']}); "
              f"{'balanced' if amount['received'] == amount['held'] + amount['sent'] + amount['fees'] else 'NOT balanced'}")
    finally:
        server.terminate()
        server.wait(timeout=20)
    for problem in problems:
        print("PROBLEM: " + problem)
    print(f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
