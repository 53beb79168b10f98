#!/usr/bin/env python3
"""A fault soak: scripts run many times against `pay sandbox --faults`, one kind of fault at a
time, then all kinds mixed. Every run must pass or end with a clean error: an exit status pay
documents (never a signal, a trap or a hang). After each kind:

  - both ledgers balance (received = held + sent + fees, per asset, from GET /sandbox/balances);
  - no outgoing payment happened twice, and a capped run never sent more than its cap, counting
    every outcome pay could not know as sent.

Two workloads per round:

  1. `pay test examples/ --api` against the announcing server: each file in a world of its own.
  2. A capped, money-moving script against a second server that poses as a real gateway
     (--hide-sandbox, so pay's guards are on): `repeat 5 { withdraw 0.3 TRX; print "sent" }`
     with `--allow-outgoing --max-outgoing "1 TRX"`. The cap refuses the fourth withdrawal
     (exit 4) if no fault stopped the run first (exit 3, or 5 when the outcome is unknown). The
     money moved, from the ledger's `sent`, must be at least what pay printed as sent and at
     most the cap: no withdrawal twice, none past the cap.

Usage: Tests/soak/fault_soak.py PATH/TO/pay [--rounds N] [--rate R] [--seed S]
Prints a Markdown table of runs, faults injected and outcomes, for RELIABILITY.md.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from collections import Counter
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "soak-key"
KINDS = ["5xx", "drop-before", "drop-after", "latency", "truncate", "malformed", "slow"]
DESTINATION = "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"
# Exit statuses pay documents: 0 passed, 1 expectation failed, 2 check error, 3 runtime error,
# 4 refused for safety, 5 outcome unknown.
CLEAN = {0, 1, 3, 4, 5}
RUN_TIMEOUT = 120

CAPPED = """\
repeat 5 {
  withdraw 0.3 TRX to "%s"
  print "sent"
}
""" % DESTINATION


class Server:
    def __init__(self, pay, *extra):
        self.process = subprocess.Popen([pay, "sandbox", "--port", "0", "--key", KEY, *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if "listening on " not in line:
            raise RuntimeError("pay sandbox did not start: " + line + self.process.stderr.read())
        self.url = line.split("listening on ")[1].strip()

    def get(self, path):
        request = urllib.request.Request(self.url + path, headers={"X-API-Key": KEY})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def post(self, path, body):
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"X-API-Key": KEY, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def ledger(self):
        return {entry["assetId"]: entry for entry in self.get("/sandbox/balances")["ledger"]}

    def stop(self):
        """Stops the server; returns a problem, or None, and its fault counts line."""
        self.process.terminate()
        try:
            status = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return "hung on SIGTERM", ""
        err = self.process.stderr.read()
        counts = re.search(r"injected (\d+) faults in (\d+) requests", err)
        self.injected = (int(counts.group(1)), int(counts.group(2))) if counts else (0, 0)
        return (None if status == 0 else f"exited {status}: {err[-300:]}"), err


def balanced(ledger):
    problems = []
    for asset, entry in ledger.items():
        amounts = {k: Decimal(entry[k]["amount"]) for k in ("received", "held", "sent", "fees")}
        if amounts["received"] != amounts["held"] + amounts["sent"] + amounts["fees"]:
            problems.append(f"{asset}: {amounts}")
    return problems


def run(pay, arguments, cwd):
    try:
        done = subprocess.run([pay, *arguments], cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "hang", "", ""
    if done.returncode < 0:
        return f"signal {-done.returncode}", done.stdout, done.stderr
    if "Fatal error" in done.stderr or "crashed" in done.stderr:
        return "trap", done.stdout, done.stderr
    return done.returncode, done.stdout, done.stderr


def soak(pay, spec, rounds, seed, directory):
    """One kind of fault (or a mix): returns a row of counts and a list of problems."""
    problems = []
    outcomes = Counter()
    announcing = Server(pay, "--faults", spec, "--seed", str(seed))
    posing = Server(pay, "--faults", spec, "--seed", str(seed + 1), "--hide-sandbox")
    try:
        runs = 0
        for round_ in range(rounds):
            status, out, err = run(pay, ["test", ".", "--api", announcing.url, "--key", KEY, "--jobs", "2",
                                         "--api-timeout", "10"], os.path.join(ROOT, "examples"))
            for word in ("passed", "failed", "errors", "skipped"):
                found = re.search(rf"(\d+) {word}", out)
                if found:
                    outcomes[f"files {word}"] += int(found.group(1))
                    runs += int(found.group(1))
            if status not in CLEAN:
                problems.append(f"pay test examples/: {status}: {err[-400:]}")
            before = Decimal(posing.ledger()["TRX"]["sent"]["amount"])
            status, out, err = run(pay, ["run", "capped.pay", "--api", posing.url, "--key", KEY, "--allow-outgoing",
                                         "--max-outgoing", "1 TRX", "--api-timeout", "10"], directory)
            runs += 1
            outcomes[f"capped exit {status}"] += 1
            if status not in CLEAN:
                problems.append(f"capped run: {status}: {err[-400:]}")
            sent = Decimal(posing.ledger()["TRX"]["sent"]["amount"]) - before
            if sent > Decimal("1"):
                problems.append(f"capped run sent {sent} TRX, over its 1 TRX cap")
            acknowledged = Decimal("0.3") * len(re.findall(r"^sent$", out, re.M))
            if sent < acknowledged:
                problems.append(f"capped run: {acknowledged} TRX acknowledged, only {sent} sent")
        for server, name in ((announcing, "announcing"), (posing, "posing")):
            problems += [f"{name} server ledger: {p}" for p in balanced(server.ledger())]
    finally:
        for server, name in ((announcing, "announcing"), (posing, "posing")):
            stopped, _ = server.stop()
            if stopped:
                problems.append(f"{name} server {stopped}")
    injected = tuple(map(sum, zip(announcing.injected, posing.injected)))
    return runs, outcomes, problems, injected


def main():
    parser = argparse.ArgumentParser(description="The fault soak: scripts under each kind of fault.")
    parser.add_argument("pay", nargs="?", default=".build/debug/pay")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", default="0.2")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rounds, rate, seed, pay = args.rounds, args.rate, args.seed, os.path.abspath(args.pay)
    directory = tempfile.mkdtemp(prefix="pay-soak-")
    with open(os.path.join(directory, "capped.pay"), "w") as handle:
        handle.write(CAPPED)  # the posing server's seed world holds 100.495 TRX to draw on
    def delay(kind):
        return ":3s" if kind == "slow" else ":50ms" if kind == "latency" else ""
    specs = [f"{kind}={rate}{delay(kind)}" for kind in KINDS]
    share = round(float(rate) * 2 / len(KINDS), 3)
    specs.append(",".join(f"{kind}={share}{delay(kind)}" for kind in KINDS))
    total_problems = []
    print("| faults | script runs | faults injected / requests | outcomes | problems |")
    print("|---|---:|---:|---|---:|")
    for spec in specs:
        runs, outcomes, problems, (faults, requests) = soak(pay, spec, rounds, seed, directory)
        total_problems += problems
        summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        label = "all seven mixed" if spec.count(",") else f"`{spec}`"
        print(f"| {label} | {runs} | {faults} / {requests} | {summary} | {len(problems)} |", flush=True)
    for problem in total_problems:
        print("problem: " + problem)
    print(f"{len(total_problems)} problems")
    return 1 if total_problems else 0


if __name__ == "__main__":
    sys.exit(main())
