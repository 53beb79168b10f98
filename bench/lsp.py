#!/usr/bin/env python3
"""`pay lsp` on a large document: how long after opening a 100,000-line script its diagnostics
come, and then the first hover, the first completion and a one-character change. The first hover
lexes the document; the first completion builds its index of names. Each round starts a fresh
server. The figures are medians and minimums over the rounds.

Issue 23 asks for diagnostics within 1 s at this size. The figures are measured here, not
asserted in a test: the machine is shared and noisy. Every prefix of every example is timed by
Tests/editors/lsp_prefixes.py.

Usage: bench/lsp.py PAY [--lines 100000] [--runs 5]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "editors"))
from lsp_client import RawClient, uri  # noqa: E402


def document(lines):
    """An order, then lets and expects that use it, then one undefined name at the end."""
    out = ["let o = order 1 TRX"]
    for n in range(lines - 2):
        out.append(f"let v{n} = o.totalAmount + {n % 7} TRX" if n % 2 == 0 else f"expect v{n - 1} > 0 TRX")
    out.append("show y")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pay")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = document(args.lines)
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "big.pay")
    times = {"open to diagnostics": [], "first hover": [], "first completion": [], "change to diagnostics": []}
    for _ in range(args.runs):
        client = RawClient(args.pay)
        client.initialize()
        started = time.monotonic()
        client.open(uri(path), text)
        found = client.diagnostics(uri(path), timeout=120)
        times["open to diagnostics"].append(time.monotonic() - started)
        assert [d["message"] for d in found] == ["'y' is not defined; did you mean 'o'?"], found
        middle = {"textDocument": {"uri": uri(path)}, "position": {"line": args.lines // 2 + 1, "character": 12}}
        for name, method in (("first hover", "textDocument/hover"), ("first completion", "textDocument/completion")):
            started = time.monotonic()
            answer = client.request(method, middle, timeout=120)
            times[name].append(time.monotonic() - started)
            assert "result" in answer, answer
        started = time.monotonic()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2}, "contentChanges": [
            {"range": {"start": {"line": args.lines - 1, "character": 5}, "end": {"line": args.lines - 1, "character": 6}}, "text": "o"}]})
        assert client.diagnostics(uri(path), timeout=120) == []
        times["change to diagnostics"].append(time.monotonic() - started)
        assert client.close() == 0
    print(f"pay lsp, {args.lines:,} lines ({len(text) / 1e6:.1f} MB), {args.runs} rounds: median (minimum)")
    for name, values in times.items():
        print(f"  {name:22} {statistics.median(values) * 1000:8.1f} ms ({min(values) * 1000:.1f})")


if __name__ == "__main__":
    main()
