#!/usr/bin/env python3
"""`pay sandbox`'s /metrics (issue 32): Prometheus' own linter passes on it, it counts what it was
sent, and it holds no id, address or key, as it is served without one.

    python3 Tests/metrics/check_metrics.py [PATH_TO_PAY]      (default .build/debug/pay)

Starts `pay sandbox` on a free port with a fault on every other request, sends a known mix of
requests (an order, a payment, a refusal, a world with an order, pages), then reads /metrics
twice: once through `promtool check metrics` (Debian's prometheus package), once to compare
counts with what was sent.
"""
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/pay")
KEY = "sk_test_metrics_2c7e"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"

process = subprocess.Popen([PAY, "sandbox", "--port", "0", "--key", KEY, "--faults", "latency=1.0:1ms"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
base = process.stdout.readline().split("listening on ")[1].strip()
failures = []


def call(method, path, body=None, key=KEY):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if key:
        request.add_header("X-API-Key", key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


try:
    status, body = call("POST", "/orders/incoming", {"integrationId": INTEGRATION, "amount": "2", "assetId": "TRX"})
    order = json.loads(body)
    call("POST", f"/sandbox/orders/{order['orderId']}/payments", {"amount": "2"})
    call("GET", f"/orders/{order['orderId']}")
    call("GET", "/orders/no-such-order")
    call("GET", "/integrations", key="wrong-key")
    status, body = call("POST", "/sandbox/worlds", {})
    world = json.loads(body)
    call("POST", "/orders/incoming", {"integrationId": INTEGRATION, "amount": "1", "assetId": "TRX"}, key=world["key"])
    call("GET", f"/checkout/{order['orderId']}", key=None)
    call("GET", "/checkout/no-such-order", key=None)

    status, body = call("GET", "/metrics", key=None)
    text = body.decode()
    lint = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    if lint.returncode != 0 or lint.stdout.strip() or lint.stderr.strip():
        failures.append(f"promtool check metrics: {lint.returncode} {lint.stdout}{lint.stderr}")

    def value(series):
        found = [line.rsplit(" ", 1)[1] for line in text.splitlines() if line.startswith(series + " ")]
        return float(found[0]) if found else None

    expected = {
        'pay_sandbox_requests_total{route="/orders/incoming",method="POST",status="201"}': 2,
        'pay_sandbox_requests_total{route="/sandbox/orders/{id}/payments",method="POST",status="201"}': 1,
        'pay_sandbox_requests_total{route="/orders/{id}",method="GET",status="200"}': 1,
        'pay_sandbox_requests_total{route="/orders/{id}",method="GET",status="404"}': 1,
        'pay_sandbox_requests_total{route="/integrations",method="GET",status="401"}': 1,
        'pay_sandbox_requests_total{route="/checkout/{id}",method="GET",status="200"}': 1,
        'pay_sandbox_requests_total{route="/checkout/{id}",method="GET",status="404"}': 1,
        'pay_sandbox_orders{world="default",status="inProgress"}': 1,
        'pay_sandbox_orders{world="default",status="completed"}': 2,
        'pay_sandbox_orders{world="w1",status="inProgress"}': 1,
        'pay_sandbox_orders{world="w1",status="completed"}': 2,
        # Every request on the gateway's own paths with a key that opens a world: two orders, two reads.
        'pay_sandbox_faults_injected_total{kind="latency"}': 4,
        'pay_sandbox_request_duration_seconds_count{route="/orders/incoming"}': 2,
    }
    for series, want in expected.items():
        if value(series) != want:
            failures.append(f"{series}: {value(series)}, expected {want}")
    for family in ("pay_sandbox_requests_total", "pay_sandbox_request_duration_seconds", "pay_sandbox_orders",
                   "pay_sandbox_faults_injected_total"):
        if f"# HELP {family} " not in text:
            failures.append(f"{family} has no help text")
    # Counts only: no order id, address, hash or key.
    for secret in (order["orderId"], order["paymentAddress"], KEY, world["key"], "no-such-order"):
        if secret in text:
            failures.append(f"/metrics shows {secret}")
    if re.search(r"T[1-9A-HJ-NP-Za-km-z]{33}", text):
        failures.append("/metrics shows an address")
finally:
    process.terminate()
    process.wait(timeout=10)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"metrics: promtool check metrics passes; {len(expected)} series as sent; no id, address or key")
