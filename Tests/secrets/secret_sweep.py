"""The secrets sweep (issue 12, item 7): every place `pay` writes to, searched for the API key.

    python3 Tests/secrets/secret_sweep.py [PATH_TO_PAY]      (default .build/debug/pay)

A loopback gateway echoes the key it is sent everywhere it can: in a response header, in JSON
fields of an order and of the asset and integration lists, in problem details and validation
errors, and in the body of a 500 after a withdrawal. Against it, with a known key and logs at
debug, the sweep runs `pay run` (a script that prints and shows what came back, reads the key
with env(), fails an expectation on an echoed value, and a withdrawal whose outcome is unknown),
`pay test` with its JUnit and JSON reports, `pay check`, the REPL in a pseudo-terminal (its
output, `:env`, a line typed with the key in it, and the history file it leaves), and `pay
sandbox --key` itself at debug, asked for a path holding its key.

Passing needs two things of each output: the key appears nowhere, and `***` does, so the echo
is known to have reached that output and been redacted there (a sweep of outputs the echo
never reached would pass for nothing). Exit 0 when both hold everywhere; otherwise each place the
key was found, and exit 1.
"""
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

import pexpect

PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/pay")
KEY = "sweep-key-7c2f9a41d0e5"
ORDER = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
ADDRESS = "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"
CONTROL = re.compile(r"\x1b\[\?2004[hl]|\x1b\[[0-9;]*m|\r")


def money(amount, currency):
    return {"amount": amount, "currency": currency}


class EchoGateway(http.server.BaseHTTPRequestHandler):
    """Answers as the gateway would, with the key it was sent in every answer it can hold."""

    def log_message(self, *arguments):
        pass

    def answer(self, status, body, content_type="application/json"):
        key = self.headers.get("X-API-Key", "")
        data = (json.dumps(body) if not isinstance(body, str) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Echo-Key", key)
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, detail, errors=None):
        body = {"type": "urn:echo:problem", "title": "Echoed", "status": status, "detail": detail}
        if errors:
            body["errors"] = errors
        self.answer(status, body, "application/problem+json")

    def do_GET(self):
        key = self.headers.get("X-API-Key", "")
        path = self.path.split("?")[0]
        if path == "/crypto-assets":
            self.answer(200, {"assets": [
                {"id": "TRX", "currencyCode": "TRX", "displayName": f"Tron for {key}", "blockchainId": "tron",
                 "blockchainDisplayName": "Tron", "name": "Tron", "precision": 6}]})
        elif path == "/integrations":
            self.answer(200, {"data": [{"name": key, "id": "1ef65bda-11ad-63ca-8afe-73770edda314", "url": "",
                                        "status": "active"}],
                              "pagination": {"quantity": 1, "totalQuantity": 1, "currentPage": 1, "pages": 1}})
        elif path == f"/orders/{ORDER}":
            self.answer(200, {"id": ORDER, "status": "completed", "createdAt": "2024-12-16T07:20:23+00:00",
                              "updatedAt": "2024-12-16T07:34:04+00:00", "transactions": [],
                              "primaryAmount": money("1.000000", "TRX"), "secondaryAmount": money("0.27", "EUR"),
                              "serviceFeeAmount": money("0.005000", "TRX"), "totalAmount": money("0.995000", "TRX"),
                              "externalId": key})
        else:
            self.problem(404, f"nothing at {path} for the key {key}")

    def do_POST(self):
        key = self.headers.get("X-API-Key", "")
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/orders/incoming":
            self.problem(422, f"the key {key} may not create orders", {"amount": [f"refused for {key}"]})
        elif self.path == "/orders/outgoing/withdrawal":
            self.answer(500, f"<html>internal error while serving {key}</html>", "text/html")
        else:
            self.problem(403, f"{key} may not {self.path}")


def start_gateway():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoGateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


SCRIPT = f'''let o = get order "{ORDER}"
print o
show o
print "external {{o.externalId}}"
print "key {{env("PAY_API_KEY")}}"
print assets
print integrations
expect refused {{ order 1 TRX }} as why
print why
expect o.externalId == "anything else"
'''
MISSING = 'get order "missing"\n'
WITHDRAW = f'withdraw 0.3 TRX to "{ADDRESS}"\n'


def environment(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAY_", "XDG_"))}
    env.update(HOME=home, TERM="xterm", NO_COLOR="1", PAY_LOG_LEVEL="debug", PAY_API_KEY=KEY)
    return env


def main():
    gateway, url = start_gateway()
    work = tempfile.mkdtemp(prefix="pay-sweep-")
    outputs = {}  # where -> text
    try:
        env = environment(work)
        scripts = os.path.join(work, "scenarios")
        os.makedirs(scripts)
        for name, text in [("echo.pay", SCRIPT), ("missing.pay", MISSING), ("withdraw.pay", WITHDRAW)]:
            with open(os.path.join(scripts, name), "w") as file:
                file.write(text)
        api = ["--api", url, "--api-timeout", "5"]

        def run(label, *arguments, key_flag=True):
            result = subprocess.run([PAY, *arguments, *api, *(["--key", KEY] if key_flag else [])], cwd=work, env=env,
                                    capture_output=True, text=True, timeout=120)
            outputs[f"{label}: stdout"] = result.stdout
            outputs[f"{label}: stderr"] = result.stderr
            return result.returncode

        statuses = {
            "pay run echo.pay": run("pay run echo.pay", "run", "scenarios/echo.pay"),
            "pay run missing.pay": run("pay run missing.pay", "run", "scenarios/missing.pay", key_flag=False),
            "pay run withdraw.pay": run("pay run withdraw.pay", "run", "scenarios/withdraw.pay", "--allow-outgoing",
                                        "--max-outgoing", "1 TRX"),
            "pay test": run("pay test", "test", "scenarios", "--junit", "report.xml", "--json", "report.json",
                            "--allow-outgoing", "--max-outgoing", "1 TRX"),
            "pay check": run("pay check", "check", "scenarios/echo.pay"),
            # Issue 21's outputs: the trace, the curl file, the HAR; and per scenario in pay test.
            "pay run traced": run("pay run traced", "run", "scenarios/echo.pay", "--trace", "--curl", "calls.sh",
                                  "--record", "echo.har"),
            "pay test traced": run("pay test traced", "test", "scenarios", "--trace", "--record", "recordings",
                                   "--junit", "traced.xml", "--allow-outgoing", "--max-outgoing", "1 TRX"),
        }
        for report in ["report.xml", "report.json"]:
            with open(os.path.join(work, report)) as file:
                outputs[f"pay test: {report}"] = file.read()
        for name in ["calls.sh", "echo.har", "traced.xml"]:
            with open(os.path.join(work, name)) as file:
                outputs[f"pay run traced: {name}"] = file.read()
        for folder, _, files in os.walk(os.path.join(work, "recordings")):
            for name in files:
                with open(os.path.join(folder, name)) as file:
                    outputs[f"pay test traced: recordings/{name}"] = file.read()

        # The REPL, in a real terminal: what it prints, :env, a line typed with the key, history.
        child = pexpect.spawn(PAY, ["repl", *api, "--key", KEY], env=env, cwd=work, encoding="utf-8", timeout=20,
                              dimensions=(40, 200))
        transcript = []
        child.logfile_read = type("Sink", (), {"write": lambda self, s: transcript.append(s),
                                               "flush": lambda self: None})()
        child.expect_exact("pay live> ")
        for line in [f'get order "{ORDER}"', "show it", "it.externalId", 'get order "missing"',
                     f'let typed = "{KEY}"', "print typed", ":env", ":last", ":curl"]:
            child.sendline(line)
            child.expect_exact("pay live> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()
        # The terminal shows what is typed, as typed: the one line typed with the key is taken out
        # (it is the person's own keystrokes); what `pay` wrote in answer stays.
        typed = f'pay live> let typed = "{KEY}"\n'
        terminal = CONTROL.sub("", "".join(transcript))
        assert terminal.count(typed) == 1, terminal
        outputs["pay repl: terminal"] = terminal.replace(typed, "pay live> let typed = (typed by hand)\n")
        with open(os.path.join(work, ".local", "state", "pay", "history")) as file:
            outputs["pay repl: history"] = file.read()

        # pay sandbox, the server, at debug: asked for paths that hold its key.
        server_errors = open(os.path.join(work, "sandbox.err"), "w+")
        server = subprocess.Popen([PAY, "sandbox", "--port", "0", "--key", KEY], cwd=work, env=env,
                                  stdout=subprocess.PIPE, stderr=server_errors, text=True)
        listening = server.stdout.readline()
        server_url = listening.split("listening on ")[1].strip()
        with open(os.path.join(work, "probe.pay"), "w") as file:
            file.write(f'get order "{KEY}"\n')
        probe = subprocess.run([PAY, "run", "probe.pay", "--api", server_url, "--key", KEY], cwd=work, env=env,
                               text=True, capture_output=True, timeout=60)
        outputs["pay run against pay sandbox: stderr"] = probe.stderr
        server.terminate()
        # Read on from the same reader: what readline() buffered past its line is not lost.
        outputs["pay sandbox: stdout"] = listening + server.stdout.read()
        server.wait(timeout=20)
        server_errors.seek(0)
        outputs["pay sandbox: stderr"] = server_errors.read()
        server_errors.close()
    finally:
        gateway.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    leaks = [where for where, text in outputs.items() if KEY in text]
    # Outputs the echo must reach, each therefore holding *** in the key's place. Logs at debug
    # name each request and its status, never headers or bodies, so the echo cannot reach the
    # ones that hold only logs: those must hold log lines instead, to show logging was on.
    must_redact = ["pay run echo.pay: stdout", "pay run echo.pay: stderr", "pay run missing.pay: stderr",
                   "pay run withdraw.pay: stderr", "pay test: stdout", "pay test: report.xml", "pay test: report.json",
                   "pay repl: terminal", "pay run against pay sandbox: stderr",
                   "pay run traced: stderr", "pay run traced: echo.har", "pay test traced: stdout",
                   "pay run traced: traced.xml", "pay test traced: recordings/echo.pay.har"]
    logs_only = ["pay test: stderr", "pay check: stderr"]
    unreached = [where for where in must_redact if "***" not in outputs[where]]
    unreached += [where for where in logs_only if "pay.client: GET /crypto-assets -> 200" not in outputs[where]]
    print(f"exit statuses: {statuses}")
    for where, text in outputs.items():
        print(f"  {where}: {len(text)} characters, *** {text.count('***')} times, the key {text.count(KEY)} times")
    history_expected = f'get order "{ORDER}"\nshow it\nit.externalId\nget order "missing"\nprint typed\n:env\n:last\n:curl\n'
    problems = [f"the key appears in {where}" for where in leaks]
    if '"X-API-Key: $PAY_API_KEY"' not in outputs["pay run traced: calls.sh"]:
        problems.append("the curl file does not send the key as $PAY_API_KEY")
    problems += [f"{where}: neither the echo (***) nor the logs reached it, so the sweep proves nothing there"
                 for where in unreached]
    if outputs["pay sandbox: stdout"].split("\n")[1] != "API key: as given with --key":
        problems.append("pay sandbox did not say its key was given: " + repr(outputs["pay sandbox: stdout"]))
    if outputs.get("pay repl: history") != history_expected:
        problems.append(f"the history is {outputs.get('pay repl: history')!r}, expected {history_expected!r}")
    expected_statuses = {"pay run echo.pay": 1, "pay run missing.pay": 3, "pay run withdraw.pay": 3, "pay test": 3,
                         "pay check": 0, "pay run traced": 1, "pay test traced": 3}
    if statuses != expected_statuses:
        problems.append(f"exit statuses {statuses}, expected {expected_statuses}")
    for problem in problems:
        print("PROBLEM: " + problem)
    print(f"{len(outputs)} outputs searched, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
