"""A bare LSP client over a real `pay lsp` process: Content-Length framing and JSON-RPC, with
no library between the test and the bytes, so tests can also send what a library would refuse
to (broken headers, broken JSON). Used by test_lsp.py's bad-input tests and lsp_prefixes.py."""
import json
import os
import select
import subprocess
import time


class Timeout(Exception):
    pass


class RawClient:
    def __init__(self, pay, cwd=None, args=()):
        self.process = subprocess.Popen([os.path.abspath(pay), "lsp", *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.buffer = b""
        self.next_id = 0
        self.notifications = []

    def write_raw(self, data: bytes):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: dict):
        body = json.dumps(message).encode()
        self.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def request_async(self, method, params=None):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}})
        return self.next_id

    def request(self, method, params=None, timeout=10.0):
        """The answer to a request (its whole message), notifications before it kept aside."""
        wanted = self.request_async(method, params)
        return self.answer(wanted, timeout)

    def answer(self, wanted, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            message = self.read(deadline)
            if message.get("id") == wanted and "method" not in message:
                return message
            self.notifications.append(message)

    def diagnostics(self, uri, timeout=10.0):
        """The next diagnostics published for `uri`."""
        deadline = time.monotonic() + timeout
        for index, message in enumerate(self.notifications):
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                del self.notifications[index]
                return message["params"]["diagnostics"]
        while True:
            message = self.read(deadline)
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]
            self.notifications.append(message)

    def settled_diagnostics(self, uri, timeout=10.0):
        """The diagnostics last published for `uri` before a request sent now is answered: the
        server handles messages in order, so they are the ones for the text as it stands."""
        answer = self.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}, timeout)
        assert "result" in answer, answer
        found = None
        for message in self.notifications:
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                found = message["params"]["diagnostics"]
        self.notifications = []
        return found

    def read(self, deadline):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = int(self.buffer[:end].split(b":")[1])
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("no message from the server in time")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise EOFError("the server closed its output (exit status %s)" % self.process.poll())
                self.buffer += chunk

    def initialize(self, capabilities=None):
        answer = self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities or {}})
        self.notify("initialized")
        return answer

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "pay", "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})

    def close(self):
        """shutdown then exit, as an editor ends a session; the server's exit status."""
        self.request("shutdown")
        self.notify("exit")
        self.process.stdin.close()
        return self.process.wait(timeout=10)


def uri(path):
    return "file://" + os.path.abspath(path)
