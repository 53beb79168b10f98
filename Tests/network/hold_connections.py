#!/usr/bin/env python3
"""Holds COUNT idle connections to `pay sandbox` on loopback, for SandboxHostileHTTPTests: opens
them all, asks for the sandbox's clock over one more (it must be served with all of them open),
then waits for each to be closed by the server with nothing said. Prints the clock's time and how
many were closed so. Holding them here, in a process of its own, keeps the Swift test process
under 1,024 descriptors: Foundation's Process.run crashed in memcpy when another test started a
child while that process held 1,500.

    python3 Tests/network/hold_connections.py PORT COUNT KEY
"""
import http.client
import json
import resource
import socket
import sys
import time

port, count, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < count + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 256), hard))
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
asked = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
asked.request("GET", "/sandbox/clock", headers={"X-API-Key": key})
now = json.loads(asked.getresponse().read())["now"]
asked.close()
closed = 0
deadline = time.monotonic() + 30
for connection in held:
    connection.settimeout(max(0.1, deadline - time.monotonic()))
    try:
        if connection.recv(1) == b"":
            closed += 1
    except OSError:
        pass
    connection.close()
print(now, closed)
