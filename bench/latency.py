#!/usr/bin/env python3
"""pay against curl+jq where users run it: a gateway some milliseconds away (issue 29).

Each latency L gets its own `pay sandbox --faults "latency=1.0:Lms"`, which waits L ms before
answering every request on the gateway's own paths (`/sandbox/...`, the simulated payer and
clock, stays immediate, as curl's script uses it too). On it the lifecycle (bench/peers:
order, pay, wait, the transaction, refund half, wait) runs with `pay` and with the curl+jq
script, alternately, --runs times each; the figures are medians and the ratio curl+jq / pay
(above 1: pay is faster). Each side's requests are counted once, through a proxy here that
reads the request lines going by: all of them, and those on the gateway's paths (the ones that
pay L ms, the round trips that count).

With --before OLD_PAY, the old binary runs the lifecycle too, alternating with the other two
(its own column and request count), and `pay test examples/` runs at 50 ms with the old binary and
the new one, alternately, on one server: the suite's time before and after.

Usage: bench/latency.py PATH/TO/pay [--runs 9] [--latencies 0,20,50,100] [--before OLD_PAY] [--suite-runs 5]
Long form (BENCHMARKS.md): --runs 15 on a static release build. CI runs --runs 1 --latencies 0,50.
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import threading

from peers import timed  # one run, timed; exits with its output when it fails

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEY = "latency-bench-key"
REQUEST_LINE = re.compile(rb"(GET|POST|DELETE) (/[^ ?]*)\S* HTTP/1\.1\r\n")


class CountingProxy:
    """Forwards TCP connections to `port` and counts the HTTP request lines and connections."""

    def __init__(self, port):
        self.upstream = port
        self.paths = []
        self.connections = 0
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
            server = socket.create_connection(("127.0.0.1", self.upstream))
            threading.Thread(target=self.pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self.pipe, args=(server, client, False), daemon=True).start()

    def pipe(self, source, target, requests):
        pending = b""
        try:
            while data := source.recv(65536):
                if requests:
                    pending += data
                    with self.lock:
                        self.paths += [match.group(2).decode() for match in REQUEST_LINE.finditer(pending)]
                    pending = pending[-64:] if not REQUEST_LINE.search(pending[-64:]) else b""
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def take(self):
        """The requests and connections counted since the last call."""
        with self.lock:
            paths, connections = self.paths, self.connections
            self.paths, self.connections = [], 0
        return paths, connections

    def stop(self):
        self.listener.close()


def serve(pay, latency):
    argv = [pay, "sandbox", "--port", "0", "--key", KEY]
    if latency:
        argv += ["--faults", f"latency=1.0:{latency}ms"]
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = server.stdout.readline().strip().split("listening on ")[1]
    return server, url


def sides(pay, url, before=None):
    lifecycle = os.path.join(HERE, "peers", "lifecycle.pay")
    ways = {
        "pay": [pay, "run", lifecycle, "--api", url, "--key", KEY],
        "curl+jq": ["bash", os.path.join(HERE, "peers", "lifecycle.sh"), url, KEY],
    }
    if before:
        ways["pay before"] = [before, "run", lifecycle, "--api", url, "--key", KEY]
    return ways


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pay", nargs="?", default=os.path.join(ROOT, ".build", "release", "pay"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--latencies", default="0,20,50,100")
    parser.add_argument("--before", help="an older pay binary, for pay test of the examples at 50 ms before and after")
    parser.add_argument("--suite-runs", type=int, default=5)
    args = parser.parse_args()
    pay = os.path.abspath(args.pay)
    before = os.path.abspath(args.before) if args.before else None
    print(f"binary: {pay}; {args.runs} runs each side, alternating; medians")
    extra = " pay before ms | before requests (gateway) |" if before else ""
    print("| latency | pay ms | curl+jq ms | curl+jq / pay | pay requests (gateway) | curl+jq requests (gateway) | pay connections |" + extra)
    print("|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if before else ""))
    for latency in [int(text) for text in args.latencies.split(",")]:
        server, url = serve(pay, latency)
        try:
            proxy = CountingProxy(int(url.rsplit(":", 1)[1]))
            counts = {}
            for side, argv in sides(pay, proxy.url, before).items():
                proxy.take()
                timed(argv, None)
                paths, connections = proxy.take()
                gateway = [path for path in paths if not path.startswith("/sandbox")]
                counts[side] = (len(paths), len(gateway), connections)
            proxy.stop()
            ways = sides(pay, url, before)
            times = {side: [] for side in ways}
            for _ in range(args.runs):
                for side, argv in ways.items():
                    times[side].append(timed(argv, None))
            median = {side: statistics.median(values) for side, values in times.items()}
            old = f" {median['pay before']:.0f} | {counts['pay before'][0]} ({counts['pay before'][1]}) |" if before else ""
            print(f"| {latency} ms | {median['pay']:.0f} | {median['curl+jq']:.0f} | {median['curl+jq'] / median['pay']:.2f}× | "
                  f"{counts['pay'][0]} ({counts['pay'][1]}) | {counts['curl+jq'][0]} ({counts['curl+jq'][1]}) | {counts['pay'][2]} |" + old)
        finally:
            server.terminate()
            server.wait(timeout=20)
    if before:
        server, url = serve(pay, 50)
        try:
            suite = {"before": [], "after": []}
            for _ in range(args.suite_runs):
                for name, binary in (("before", before), ("after", pay)):
                    suite[name].append(timed([binary, "test", "examples", "--api", url, "--key", KEY, "--jobs", "2"], ROOT))
            old, new = statistics.median(suite["before"]), statistics.median(suite["after"])
            print()
            print(f"pay test examples/ --jobs 2 at 50 ms, {args.suite_runs} runs each, alternating: "
                  f"before {old:.0f} ms, after {new:.0f} ms ({old / new:.2f}× faster)")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
