"""Types every example into `pay lsp`, one character at a time, as an editor would send it.

After each character, the document's whole text so far goes in a didChange. The script waits for
the diagnostics, then asks for completion and hover at the cursor, and for the document's
symbols. It fails on a crash, a hang (no answer in 10 s) or an error answer. It prints the
latencies: count, median, 99th percentile, slowest, and how many were over the budget. With
--budget-ms it also fails when any answer is slower than the budget.

CI runs it on the debug build, without a budget, because the machine is shared and noisy.
BENCHMARKS.md has the release build's figures:

    python3 Tests/editors/lsp_prefixes.py .build-release/release/pay --budget-ms 100
"""
import argparse
import os
import pathlib
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from lsp_client import RawClient, uri  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cursor(text):
    """LSP's position of the end of `text`, in UTF-16 code units."""
    line = text.count("\n")
    last = text[text.rfind("\n") + 1:]
    return {"line": line, "character": len(last.encode("utf-16-le")) // 2}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pay")
    parser.add_argument("--budget-ms", type=float, default=None)
    parser.add_argument("--stride", type=int, default=1, help="every Nth prefix (1: all of them)")
    args = parser.parse_args()

    files = sorted(ROOT.glob("examples/*.pay")) + sorted(ROOT.glob("examples/lib/*.pay"))
    client = RawClient(args.pay, cwd=ROOT)
    client.initialize({"textDocument": {"completion": {"completionItem": {"snippetSupport": True}},
                                        "hover": {"contentFormat": ["markdown"]}}})
    latencies = {"diagnostics": [], "completion": [], "hover": [], "symbols": []}
    prefixes = 0
    for path in files:
        text = path.read_text()
        # Each example in a buffer of its own name, beside the real file, so its `use`s resolve.
        document = uri(path.with_name("typing-" + path.name))
        client.open(document, "", version=0)
        client.diagnostics(document)
        for end in list(range(1, len(text) + 1, args.stride)) + ([len(text)] if len(text) % args.stride else []):
            prefix = text[:end]
            prefixes += 1
            started = time.monotonic()
            client.change(document, prefix, end)
            client.diagnostics(document)
            latencies["diagnostics"].append(time.monotonic() - started)
            at = {"textDocument": {"uri": document}, "position": cursor(prefix)}
            for name, method, params in (("completion", "textDocument/completion", at), ("hover", "textDocument/hover", at),
                                         ("symbols", "textDocument/documentSymbol", {"textDocument": {"uri": document}})):
                started = time.monotonic()
                answer = client.request(method, params)
                latencies[name].append(time.monotonic() - started)
                if "error" in answer:
                    sys.exit(f"{path.name} at {len(prefix)} characters: {method} answered {answer['error']}")
        client.notify("textDocument/didClose", {"textDocument": {"uri": document}})
        client.notifications = []
    status = client.close()
    if status != 0:
        sys.exit(f"the server exited with {status} after shutdown")
    over = 0
    print(f"{len(files)} files, {prefixes} prefixes, {sum(map(len, latencies.values()))} answers, no crash, no hang")
    for name, values in latencies.items():
        values.sort()
        late = sum(1 for v in values if args.budget_ms is not None and v * 1000 > args.budget_ms)
        over += late
        print(f"  {name:12} median {statistics.median(values) * 1000:6.2f} ms   p99 {values[int(len(values) * 0.99)] * 1000:6.2f} ms"
              f"   slowest {values[-1] * 1000:7.2f} ms" + (f"   over {args.budget_ms:g} ms: {late}" if args.budget_ms is not None else ""))
    if over:
        sys.exit(f"{over} answers slower than {args.budget_ms:g} ms")


if __name__ == "__main__":
    main()
