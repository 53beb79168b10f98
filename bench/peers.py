#!/usr/bin/env python3
"""pay against what people use today, on the same scenarios and the same `pay sandbox`:
a .pay script, a bash script of curl and jq, and a Tavern test (pytest). Two scenarios:

  reads       ten reads of one order, each checked
  lifecycle   order, the payer pays, wait, get the transaction, refund half, wait, check

The three ways run alternately, --runs times each, against one `pay sandbox` (release build).
Each run must pass (exit 0); the figures are medians and ratios to pay's median. The curl and
Tavern versions wait by moving the sandbox clock on once and looking, where pay's `wait` polls:
they make fewer requests than pay does.

Usage: bench/peers.py PATH/TO/pay [--runs 9] [--scenarios reads,lifecycle]
Needs curl, jq and Tavern (`pip install tavern`).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "peers-bench-key"
ORDER = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"


def stage(name, method, path, status, body=None, expect=None, save=None):
    """One Tavern stage, as YAML text."""
    lines = [f"  - name: {name}", "    request:", f'      url: "{{base}}{path}"', f"      method: {method}",
             "      headers:", '        X-API-Key: "{key}"']
    if body is not None:
        lines.append(f"      json: {body}")
    lines += ["    response:", f"      status_code: {status}"]
    if expect:
        lines.append("      json:")
        lines += [f"        {line}" for line in expect]
    if save:
        lines += ["      save:", "        json:"] + [f"          {name}: {path_}" for name, path_ in save.items()]
    return "\n".join(lines)


def tavern_reads():
    stages = [stage(f"read {n}", "GET", f"/orders/{ORDER}", 200, expect=['status: "completed"']) for n in range(1, 11)]
    return "test_name: ten reads\nstrict:\n  - json:off\nstages:\n" + "\n".join(stages) + "\n"


def tavern_lifecycle():
    stages = [
        stage("order", "POST", "/orders/incoming", 201,
              body=f'{{"integrationId": "{INTEGRATION}", "amount": "1", "assetId": "TRX"}}', save={"order": "orderId"}),
        stage("pay", "POST", "/sandbox/orders/{order}/payments", 201, body='{"amount": "1"}'),
        stage("wait", "POST", "/sandbox/clock/advance", 200, body='{"seconds": 600}'),
        stage("completed", "GET", "/orders/{order}", 200, expect=['status: "completed"'],
              save={"transaction": "transactions[0].id", "payer": "transactions[0].senderAddress"}),
        stage("transaction", "GET", "/transactions/{transaction}", 200, expect=['status: "completed"']),
        stage("refund half", "POST", "/orders/outgoing/refund", 201,
              body='{"amount": "0.4975", "assetId": "TRX", "destinationAddress": "{payer}", "refundOrderId": "{order}"}',
              save={"refund": "orderId"}),
        stage("wait refund", "POST", "/sandbox/clock/advance", 200, body='{"seconds": 600}'),
        stage("refunded", "GET", "/orders/{refund}", 200,
              expect=['status: "completed"', 'primaryAmount:', '  amount: "0.497500"']),
    ]
    return "test_name: lifecycle\nstrict:\n  - json:off\nstages:\n" + "\n".join(stages) + "\n"


def timed(argv, cwd):
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description="pay against curl+jq and Tavern on one pay sandbox.")
    parser.add_argument("pay", nargs="?", default=os.path.join(HERE, "..", ".build", "release", "pay"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scenarios", default="reads,lifecycle")
    args = parser.parse_args()
    runs, scenarios, pay = args.runs, args.scenarios.split(","), os.path.abspath(args.pay)
    server = subprocess.Popen([pay, "sandbox", "--port", "0", "--key", KEY], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    url = server.stdout.readline().strip().split("listening on ")[1]
    work = tempfile.mkdtemp(prefix="peers-")
    for name, text in [("test_reads.tavern.yaml", tavern_reads()), ("test_lifecycle.tavern.yaml", tavern_lifecycle())]:
        with open(os.path.join(work, name), "w") as file:
            file.write(text.replace("{base}", url).replace("{key}", KEY))
    try:
        print("| scenario | pay ms | curl+jq ms | Tavern ms | curl+jq / pay | Tavern / pay |")
        print("|---|---:|---:|---:|---:|---:|")
        for scenario in scenarios:
            ways = {
                "pay": [pay, "run", os.path.join(HERE, "peers", f"{scenario}.pay"), "--api", url, "--key", KEY],
                "curl+jq": ["bash", os.path.join(HERE, "peers", f"{scenario}.sh"), url, KEY],
                "Tavern": [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"test_{scenario}.tavern.yaml"],
            }
            times = {way: [] for way in ways}
            for _ in range(runs):
                for way, argv in ways.items():
                    times[way].append(timed(argv, work))
            median = {way: statistics.median(values) for way, values in times.items()}
            print(f"| {scenario} | {median['pay']:.1f} | {median['curl+jq']:.1f} | {median['Tavern']:.1f} | "
                  f"{median['curl+jq'] / median['pay']:.1f}× | {median['Tavern'] / median['pay']:.1f}× |")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
