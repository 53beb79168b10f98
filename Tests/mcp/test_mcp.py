#!/usr/bin/env python3
"""`pay mcp` driven by the official MCP Python client (PyPI `mcp`), as an assistant drives it
(issue 33): over standard input and output, `pay mcp` started by the client.

    python3 Tests/mcp/test_mcp.py [PATH_TO_PAY]      (default .build/debug/pay)

Every session's raw messages, both ways, pass through `tee` into files the tests read, so "the key
is in no message" is checked on the bytes, not on what the client library kept. Stand-ins: `pay
sandbox` on a free loopback port, and a gateway written here that echoes the key it is sent in
every answer, as a careless gateway's error page does.
"""
import asyncio
import http.server
import json
import os
import shlex
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import unittest

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/pay")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "sk_live_mcp_8f2d6c1e"
SEED_ORDER = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
PAYER = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"
READS = ["list_integrations", "list_assets", "get_rates", "get_order", "get_transaction", "get_balance",
         "check_script", "run_script"]


class Session:
    """One `pay mcp` with `args`, its messages and standard error kept in files."""

    def __init__(self, *args, env=None):
        self.folder = tempfile.mkdtemp(prefix="pay-mcp-")
        self.args = list(args)
        self.env = env or {}

    def path(self, name):
        return os.path.join(self.folder, name)

    def params(self):
        command = (f"tee {shlex.quote(self.path('in.jsonl'))} | {shlex.quote(PAY)} mcp "
                   + " ".join(shlex.quote(a) for a in self.args)
                   + f" 2> {shlex.quote(self.path('err.txt'))} | tee {shlex.quote(self.path('out.jsonl'))}")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAY_")}
        env.update(self.env)
        return StdioServerParameters(command="bash", args=["-c", command], env=env)

    def text(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return f.read()

    async def run(self, body):
        async with stdio_client(self.params()) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)


def text_of(result):
    return "".join(part.text for part in result.content if part.type == "text")


def json_of(result):
    return json.loads(text_of(result))


class Sandbox:
    def __init__(self):
        self.process = subprocess.Popen([PAY, "sandbox", "--port", "0", "--key", KEY], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().split("listening on ")[1].strip()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Echoing:
    """A gateway that answers every request with a problem whose detail repeats the key sent."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                key = self.headers.get("X-API-Key", "")
                body = json.dumps({"type": "about:blank", "title": "Not found", "status": 404,
                                   "detail": f"no such thing for key {key}"}).encode()
                self.send_response(404)
                self.send_header("Content-Type", "application/problem+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_):
                pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class McpTest(unittest.TestCase):
    def test_reads_scripts_and_resources_on_the_embedded_sandbox(self):
        session = Session()

        async def body(client):
            tools = [tool.name for tool in (await client.list_tools()).tools]
            self.assertEqual(tools, READS)  # no tool that moves money
            order = json_of(await client.call_tool("get_order", {"id": SEED_ORDER}))
            self.assertEqual((order["status"], order["primaryAmount"], order["serviceFeeAmount"]["amount"]),
                             ("completed", {"amount": "1.000000", "currency": "TRX"}, "0.005000"))
            rates = json_of(await client.call_tool("get_rates", {"amount": "27", "currency": "EUR"}))
            self.assertEqual(rates["rates"][1], {"assetId": "TRX", "rate": "3.703704",
                                                 "crypto": {"amount": "100.000000", "currency": "TRX"}})
            with open(os.path.join(ROOT, "examples/checkout.pay"), encoding="utf-8") as f:
                checkout = f.read()
            ran = json_of(await client.call_tool("run_script", {"script": checkout}))
            self.assertEqual((ran["ok"], ran["exitStatus"], ran["diagnostics"]), (True, 0, []))
            self.assertTrue(ran["output"].startswith("pay 1.000000 TRX to T"), ran["output"])
            self.assertIn("\nrefunded 0.497500 TRX to ", ran["output"])
            balance = json_of(await client.call_tool("get_balance", {}))
            self.assertEqual([b["available"]["amount"] for b in balance["balances"] if b["assetId"] == "TRX"], ["100.992500"])
            resources = [r.uri for r in (await client.list_resources()).resources]
            self.assertEqual(str(resources[0]), "pay://grammar.md")
            self.assertIn("pay://examples/checkout.pay", [str(r) for r in resources])
            grammar = (await client.read_resource("pay://grammar.md")).contents[0].text
            with open(os.path.join(ROOT, "grammar.md"), encoding="utf-8") as f:
                self.assertEqual(grammar, f.read())

        asyncio.run(session.run(body))

    def test_bad_input_is_a_tool_error_and_the_server_goes_on(self):
        session = Session()

        async def body(client):
            cases = [
                ("get_order", {"id": 5}, "get_order: 'id' must be a string, got 5"),
                ("get_order", {}, "get_order: 'id' is required"),
                ("get_rates", {"amount": "ten", "currency": "EUR"},
                 "get_rates: 'amount' must be a positive decimal string like \"2.5\", got \"ten\""),
                ("list_assets", {"x": 1}, "list_assets: takes no arguments, got 'x'"),
                ("no_such_tool", {}, "no tool named 'no_such_tool'; the tools are " + ", ".join(READS)),
                ("refund", {"order_id": SEED_ORDER, "amount": "0.1", "to": PAYER},
                 "refund moves money: pay mcp offers it only when started with --allow-outgoing and a --max-outgoing cap"),
                ("get_order", {"id": "o-404"}, "GET /orders/o-404 was refused (404): Not found: no order with id o-404"),
            ]
            for name, arguments, message in cases:
                result = await client.call_tool(name, arguments)
                self.assertTrue(result.is_error, name)
                self.assertEqual(text_of(result), message)
            checked = json_of(await client.call_tool("check_script", {"script": "let o = ordr 1 TRX\nprint (1\n"}))
            self.assertEqual((checked["ok"], checked["exitStatus"]), (False, 2))
            self.assertEqual(checked["diagnostics"][0]["code"], "P105")
            ran = json_of(await client.call_tool("run_script", {"script": "expect 1 == 2\n"}))
            self.assertEqual((ran["ok"], ran["exitStatus"], ran["diagnostics"][0]["code"]), (False, 1, "P407"))
            # Still answering.
            self.assertEqual(json_of(await client.call_tool("get_order", {"id": SEED_ORDER}))["status"], "completed")

        asyncio.run(session.run(body))

    def test_money_moves_only_with_allow_outgoing_and_a_cap_that_holds_across_the_session(self):
        refused = subprocess.run([PAY, "mcp", "--allow-outgoing"], capture_output=True, text=True, timeout=30)
        self.assertEqual(refused.returncode, 64)
        self.assertIn("--allow-outgoing needs a --max-outgoing cap for pay mcp", refused.stderr)
        session = Session("--allow-outgoing", "--max-outgoing", "1 TRX")

        async def body(client):
            tools = [tool.name for tool in (await client.list_tools()).tools]
            self.assertEqual(tools, READS + ["refund", "withdraw", "send"])
            made = json_of(await client.call_tool("run_script", {"script": "let o = order 2 TRX\npay o\nwait o completed\nprint o.id\n"}))
            order_id = made["output"].strip()
            first = await client.call_tool("refund", {"order_id": order_id, "amount": "0.6", "to": PAYER})
            self.assertFalse(first.is_error, text_of(first))
            sent = json_of(first)
            self.assertEqual((sent["order"]["primaryAmount"]["amount"], sent["remainingAllowance"]), ("0.600000", {"TRX": "0.400000"}))
            second = await client.call_tool("refund", {"order_id": order_id, "amount": "0.6", "to": PAYER})
            self.assertTrue(second.is_error)
            self.assertTrue(text_of(second).startswith("refund: "), text_of(second))
            self.assertTrue(text_of(second).endswith("; remaining allowance: 0.400000 TRX"), text_of(second))
            # A script's refund draws on the same allowance.
            script = json_of(await client.call_tool("run_script", {"script": f'refund 0.5 TRX of (get order "{order_id}") to "{PAYER}"\n'}))
            self.assertEqual(script["exitStatus"], 4)
            self.assertEqual(script["diagnostics"][0]["code"][:2], "P5")
            third = await client.call_tool("refund", {"order_id": order_id, "amount": "0.4", "to": PAYER})
            self.assertEqual(json_of(third)["remainingAllowance"], {"TRX": "0.000000"})

        asyncio.run(session.run(body))
        calls = [line for line in session.text("err.txt").splitlines() if line.startswith("pay mcp: refund")]
        self.assertEqual(len(calls), 3)
        self.assertTrue(calls[0].startswith("pay mcp: refund amount=0.6 TRX order_id=") and calls[0].endswith(")"), calls[0])
        self.assertIn(": sent (", calls[0])
        self.assertIn(": refused: ", calls[1])
        self.assertIn(": sent (", calls[2])

    def test_the_key_is_in_no_message_even_when_the_gateway_echoes_it(self):
        echoing = Echoing()
        session = Session("--api", echoing.url, env={"PAY_API_KEY": KEY})
        try:
            async def body(client):
                result = await client.call_tool("get_order", {"id": "x"})
                self.assertTrue(result.is_error)
                self.assertEqual(text_of(result), "GET /orders/x was refused (404): Not found: no such thing for key ***")
                ran = json_of(await client.call_tool("run_script", {"script": 'get order "x"\n'}))
                self.assertEqual(ran["exitStatus"], 3)
                self.assertIn("for key ***", ran["diagnostics"][0]["message"])
                self.assertTrue((await client.call_tool("get_balance", {})).is_error)
            asyncio.run(session.run(body))
        finally:
            echoing.stop()
        for name in ("in.jsonl", "out.jsonl", "err.txt"):
            self.assertNotIn(KEY, session.text(name), name)
        self.assertIn("for key ***", session.text("out.jsonl"))

    def test_trace_goes_to_standard_error_and_record_writes_the_sessions_har(self):
        folder = tempfile.mkdtemp(prefix="pay-mcp-har-")
        har = os.path.join(folder, "session.har")
        session = Session("--trace", "--record", har)

        async def body(client):
            self.assertEqual(json_of(await client.call_tool("get_order", {"id": SEED_ORDER}))["status"], "completed")

        asyncio.run(session.run(body))
        self.assertIn(f"> GET http://embedded-sandbox.invalid/orders/{SEED_ORDER}\n", session.text("err.txt"))
        for line in session.text("out.jsonl").splitlines():
            json.loads(line)  # the protocol's messages only
        with open(har, encoding="utf-8") as f:
            entries = json.load(f)["log"]["entries"]
        self.assertIn(f"/orders/{SEED_ORDER}", [entry["request"]["url"].split("embedded-sandbox.invalid")[-1] for entry in entries])

    def test_a_gateway_that_does_not_answer_is_a_tool_error(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        session = Session("--api", f"http://127.0.0.1:{port}", "--api-timeout", "2", env={"PAY_API_KEY": KEY})

        async def body(client):
            result = await client.call_tool("get_order", {"id": SEED_ORDER})
            self.assertTrue(result.is_error)
            self.assertEqual(text_of(result), f"GET /orders/{SEED_ORDER} failed: connection refused")
            await client.send_ping()

        asyncio.run(session.run(body))

    def test_an_assistants_session_against_pay_sandbox(self):
        """What an assistant sends to answer "I paid, where is my order?": look, learn the
        language, draft a script, fix what the checker says, run it, look again."""
        sandbox = Sandbox()
        session = Session("--api", sandbox.url, env={"PAY_API_KEY": KEY})
        try:
            async def body(client):
                await client.list_tools()
                await client.list_resources()
                grammar = (await client.read_resource("pay://grammar.md")).contents[0].text
                self.assertIn("wait [ORDER] STATUS", grammar)
                example = (await client.read_resource("pay://examples/checkout.pay")).contents[0].text
                self.assertIn("refund half", example)
                draft = "let o = order 2 TRX\npay o\nwait o complete\nprint o.status\n"
                checked = json_of(await client.call_tool("check_script", {"script": draft}))
                self.assertFalse(checked["ok"])
                self.assertEqual(checked["diagnostics"][0]["line"], 3)
                fixed = draft.replace("complete\n", "completed\n") + "print o.id\n"
                self.assertTrue(json_of(await client.call_tool("check_script", {"script": fixed}))["ok"])
                ran = json_of(await client.call_tool("run_script", {"script": fixed}))
                self.assertEqual(ran["exitStatus"], 0, ran)
                status, order_id = ran["output"].split()
                self.assertEqual(status, "completed")
                order = json_of(await client.call_tool("get_order", {"id": order_id}))
                self.assertEqual((order["status"], order["totalAmount"]["amount"]), ("completed", "1.990000"))
                tx = json_of(await client.call_tool("get_transaction", {"id": order["transactions"][0]["id"]}))
                self.assertEqual(tx["orderId"], order_id)
            asyncio.run(session.run(body))
        finally:
            sandbox.stop()
        for name in ("in.jsonl", "out.jsonl", "err.txt"):
            self.assertNotIn(KEY, session.text(name), name)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
