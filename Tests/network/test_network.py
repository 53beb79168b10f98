#!/usr/bin/env python3
"""`pay` on a real network, against stand-ins on loopback (issue 22): TLS with a CA made here
(trustme), an HTTP CONNECT proxy, redirects, 429 with Retry-After, pages of integrations, fields
and statuses no document names, error pages, env and key files. Every stand-in logs what reached
it, and the tests read those logs: where the key went, how often each POST was sent.

    python3 Tests/network/test_network.py [PATH_TO_PAY]      (default .build/debug/pay)

The gateway is `pay sandbox` behind `Front`, a small HTTP(S) server written here that forwards
to it and can misbehave on purpose (redirect, 429, rewrite an answer). The proxy is `Proxy`, a
threaded CONNECT proxy that can ask for a login. Both bind 127.0.0.1 (the redirect's other host
is 127.0.0.2) on free ports and stop when their test ends.
"""
import http.client
import http.server
import json
import os
import select
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest

import trustme

PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/pay")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "sk_test_network_4e1b"


class Sandbox:
    """`pay sandbox` on a free port."""

    def __init__(self):
        self.process = subprocess.Popen([PAY, "sandbox", "--port", "0", "--key", KEY], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().split("listening on ")[1].strip()
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # Connections accepted, their TLS handshake done or failed (a failed one never reaches a handler).
    attempts = 0

    def get_request(self):
        try:
            return super().get_request()
        finally:
            self.attempts += 1


class Front:
    """A gateway: forwards to `pay sandbox`, logging each request (method, path, host, key).
    `behave(handler)` may answer instead, returning True when it did."""

    def __init__(self, sandbox, host="127.0.0.1", tls=None, behave=None):
        self.log = []
        # Connections accepted (each one TLS handshake with `tls`), numbered from 1.
        self.connections = 0
        lock = threading.Lock()
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                with lock:
                    front.connections += 1
                    self.number = front.connections
                super().setup()

            def log_message(self, *arguments):
                pass

            def answer(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.body = self.rfile.read(length) if length else b""
                front.log.append({"method": self.command, "path": self.path, "host": f"{host}:{front.port}",
                                  "key": self.headers.get("X-API-Key"), "body": self.body.decode(),
                                  "connection": self.number})
                if behave and behave(self, front):
                    return
                connection = http.client.HTTPConnection("127.0.0.1", sandbox.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request(self.command, self.path, body=self.body or None, headers=headers)
                response = connection.getresponse()
                data = response.read()
                self.answer(response.status, data, [(k, v) for k, v in response.getheaders()
                                                    if k.lower() not in ("content-length", "connection", "transfer-encoding")])
                connection.close()

            do_GET = do_POST = do_DELETE = handle_one

        self.server = ThreadingServer((host, 0), Handler)
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://{host}:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Proxy:
    """An HTTP proxy: CONNECT tunnels (for https) and absolute-form requests (for http). Logs each
    request line and whether it carried a login; with `login`, asks for it with 407."""

    def __init__(self, login=None):
        self.log = []
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = self.request.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                head, rest = data.split(b"\r\n\r\n", 1)
                lines = head.decode().split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
                proxy.log.append({"method": method, "target": target, "login": headers.get("proxy-authorization"),
                                  "key": headers.get("x-api-key")})
                if login and headers.get("proxy-authorization") != login:
                    self.request.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n"
                                         b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                    return
                page = (b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 55\r\n"
                        b"Connection: close\r\n\r\n<html><title>502 Bad Gateway</title><body>no</body></html>")
                if method != "CONNECT":
                    self.request.sendall(page)
                    return
                host, port = target.rsplit(":", 1)
                try:
                    upstream = socket.create_connection((host, int(port)), timeout=10)
                except OSError:
                    self.request.sendall(page)  # the proxy's own error page
                    return
                self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                if rest:
                    upstream.sendall(rest)
                sockets = [self.request, upstream]
                while True:
                    readable, _, _ = select.select(sockets, [], [], 10)
                    if not readable:
                        break
                    for source in readable:
                        chunk = source.recv(65536)
                        if not chunk:
                            upstream.close()
                            return
                        (upstream if source is self.request else self.request).sendall(chunk)

        class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class NetworkTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ca = trustme.CA()
        cert = cls.ca.issue_cert("127.0.0.1", "localhost")
        cls.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(cls.tls)
        cls.work = tempfile.mkdtemp(prefix="pay-network-")
        cls.ca_file = os.path.join(cls.work, "ca.pem")
        cls.ca.cert_pem.write_to_path(cls.ca_file)
        cls.sandbox = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def front(self, **options):
        front = Front(self.sandbox, **options)
        self.addCleanup(front.stop)
        return front

    def proxy(self, **options):
        proxy = Proxy(**options)
        self.addCleanup(proxy.stop)
        return proxy

    def script(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as file:
            file.write(text)
        return path

    def pay(self, *arguments, env=None, key=True):
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith("PAY_") and k.lower() not in ("https_proxy", "http_proxy", "no_proxy", "ssl_cert_file")}
        environment.update(env or {})
        argv = [PAY, *arguments] + (["--key", KEY] if key else [])
        return subprocess.run(argv, cwd=self.work, env=environment, capture_output=True, text=True, timeout=120)

    # 1. TLS

    def test_tls_needs_the_ca_and_says_why_when_it_is_missing(self):
        front = self.front(tls=self.tls)
        script = self.script("tls.pay", 'print (get order "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80").status\n')
        refused = self.pay("run", script, "--api", front.url)
        self.assertEqual(refused.returncode, 3, refused.stderr)
        # One line, without BoringSSL's text and the build machine's paths (issue 31).
        self.assertEqual(refused.stderr.splitlines()[0],
                         f"{script}:1:7: error[P502]: GET /orders/1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80 failed: TLS with 127.0.0.1 failed: "
                         "its certificate did not verify (not signed by a trusted CA: add the CA with --cacert or SSL_CERT_FILE)")
        self.assertEqual(front.log, [])
        # An answer, not a dropped connection: one handshake for the probe, one for the order, no
        # retry (four each before).
        self.assertEqual(front.server.attempts, 2)
        trusted = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file)
        self.assertEqual((trusted.returncode, trusted.stdout), (0, "completed\n"), trusted.stderr)
        from_environment = self.pay("run", script, "--api", front.url, env={"SSL_CERT_FILE": self.ca_file})
        self.assertEqual(from_environment.stdout, "completed\n", from_environment.stderr)
        insecure = self.pay("run", script, "--api", front.url, "--insecure")
        self.assertEqual(insecure.stdout, "completed\n", insecure.stderr)
        elsewhere = self.pay("run", script, "--api", "https://gateway.example", "--insecure")
        self.assertEqual(elsewhere.returncode, 64)
        self.assertIn("--insecure skips certificate checks for a gateway on this machine only", elsewhere.stderr)
        not_pem = self.script("not.pem", "hello\n")
        bad = self.pay("run", script, "--api", front.url, "--cacert", not_pem)
        self.assertEqual(bad.returncode, 64)
        self.assertIn(f"the CA file {not_pem} is not a PEM certificate bundle", bad.stderr)

    def test_a_curl_file_reaches_the_gateway_as_the_run_did(self):
        """Issue 31: the curl file of a run with --cacert (or --insecure) carries it, so
        `PAY_API_KEY=K bash run.sh` reruns it (it failed with curl's exit 60 before); a proxy is
        named in a comment, and curl takes it from HTTPS_PROXY itself."""
        front = self.front(tls=self.tls)
        proxy = self.proxy()
        script = self.script("curl.pay", 'print (get order "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80").status\n')
        rerun_env = {k: v for k, v in os.environ.items() if k.lower() not in ("https_proxy", "http_proxy", "no_proxy", "ssl_cert_file")}
        rerun_env["PAY_API_KEY"] = KEY
        for name, options, carried in [("ca.sh", ["--cacert", "ca.pem"], f"--cacert '{self.ca_file}'"),
                                       ("insecure.sh", ["--insecure"], "--insecure")]:
            run = self.pay("run", script, "--api", front.url, *options, "--curl", name)
            self.assertEqual((run.returncode, run.stdout), (0, "completed\n"), run.stderr)
            lines = open(os.path.join(self.work, name)).read().splitlines()
            commands = [line for line in lines if line.startswith("curl ")]
            self.assertTrue(commands and all(carried in line for line in commands), lines)
            before = len(front.log)
            again = subprocess.run(["bash", name], cwd=self.work, env=rerun_env, capture_output=True, text=True, timeout=60)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(len(front.log) - before, len(commands))
        through = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file, "--curl", "proxy.sh",
                           env={"HTTPS_PROXY": proxy.url})
        self.assertEqual(through.stdout, "completed\n", through.stderr)
        header = open(os.path.join(self.work, "proxy.sh")).read().splitlines()[:3]
        self.assertEqual(header[2], f"# The run went through the proxy {proxy.url}; curl reads HTTPS_PROXY (or HTTP_PROXY) itself: "
                                    "set it as the run had it.")
        connects = len(proxy.log)
        again = subprocess.run(["bash", "proxy.sh"], cwd=self.work, env={**rerun_env, "HTTPS_PROXY": proxy.url},
                               capture_output=True, text=True, timeout=60)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertGreater(len(proxy.log), connects)

    # 2. Proxies

    def test_https_goes_through_connect_unless_no_proxy_names_the_host(self):
        front = self.front(tls=self.tls)
        proxy = self.proxy()
        script = self.script("proxy.pay", "print len(integrations)\n")
        run = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file, env={"HTTPS_PROXY": proxy.url})
        self.assertEqual((run.returncode, run.stdout), (0, "1\n"), run.stderr)
        self.assertEqual({entry["target"] for entry in proxy.log}, {f"127.0.0.1:{front.port}"})
        self.assertTrue(all(entry["method"] == "CONNECT" and entry["key"] is None for entry in proxy.log), proxy.log)
        before = len(proxy.log)
        bypass = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file,
                          env={"https_proxy": proxy.url, "NO_PROXY": "localhost,127.0.0.1"})
        self.assertEqual(bypass.stdout, "1\n", bypass.stderr)
        self.assertEqual(len(proxy.log), before)

    def test_a_proxys_own_errors_are_the_proxys(self):
        front = self.front(tls=self.tls)
        script = self.script("login.pay", "print len(integrations)\n")
        guarded = self.proxy(login="Basic dXNlcjpzZWNyZXQ=")
        refused = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file, env={"HTTPS_PROXY": guarded.url})
        self.assertEqual(refused.returncode, 3)
        self.assertIn(f"the proxy at {guarded.url} answered 407: it wants a login", refused.stderr)
        logged_in = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file,
                             env={"HTTPS_PROXY": f"http://user:secret@127.0.0.1:{guarded.port}"})
        self.assertEqual(logged_in.stdout, "1\n", logged_in.stderr)
        self.assertNotIn("secret", logged_in.stderr + refused.stderr)
        # A gateway the proxy cannot reach: its 502 page is the proxy's, said in one line.
        page = self.pay("run", script, "--api", "http://127.0.0.1:9", "--api-timeout", "3",
                        env={"HTTP_PROXY": guarded.url.replace("127.0.0.1", "user:secret@127.0.0.1")})
        self.assertEqual(page.returncode, 3)
        self.assertIn(f"GET /integrations failed: the proxy at {guarded.url} refused to connect to 127.0.0.1 "
                      "(its answer to CONNECT was not 200)\n", page.stderr)
        # The 407 is the proxy's answer, not a dropped connection: the run stops at it, with no retry
        # (four attempts for each of the start's two reads before).
        self.assertEqual([entry["method"] for entry in guarded.log if entry["login"] is None], ["CONNECT"])
        # A proxy that is not there is named, not taken for the gateway (issue 31).
        dead = self.pay("run", script, "--api", front.url, "--cacert", self.ca_file, "--api-timeout", "2",
                        env={"HTTPS_PROXY": "http://127.0.0.1:9"})
        self.assertEqual(dead.returncode, 3)
        self.assertIn("GET /integrations failed: the proxy at http://127.0.0.1:9 refused the connection (is it running?)", dead.stderr)
        for bad in ["http://", "socks5://127.0.0.1:1080", "http://127.0.0.1:1/path"]:
            malformed = self.pay("run", script, "--api", front.url, env={"HTTPS_PROXY": bad})
            self.assertEqual(malformed.returncode, 64, bad)
            self.assertIn("HTTPS_PROXY", malformed.stderr)

    # 3. Redirects

    def test_a_redirect_elsewhere_drops_the_key_and_never_resends_a_post(self):
        order = json.dumps({"id": "o-1", "status": "completed", "createdAt": "2024-12-16T07:20:23+00:00",
                            "updatedAt": "2024-12-16T07:34:04+00:00", "transactions": [],
                            "primaryAmount": {"amount": "1.000000", "currency": "TRX"},
                            "secondaryAmount": {"amount": "0.27", "currency": "EUR"},
                            "serviceFeeAmount": {"amount": "0.005000", "currency": "TRX"},
                            "totalAmount": {"amount": "0.995000", "currency": "TRX"}}).encode()

        def answer_alone(handler, front):
            handler.answer(200, order, [("Content-Type", "application/json")])
            return True

        elsewhere = self.front(host="127.0.0.2", behave=answer_alone)

        def redirect(handler, front):
            if handler.path.startswith("/orders/") or handler.path == "/orders/outgoing/withdrawal":
                handler.answer(307, headers=[("Location", elsewhere.url + handler.path)])
                return True
            return False

        front = self.front(behave=redirect)
        script = self.script("redirect.pay", 'print (get order "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80").status\n')
        run = self.pay("run", script, "--api", front.url)
        self.assertEqual(run.stdout, "completed\n", run.stderr)
        self.assertIn("a redirect leads to another host (http://127.0.0.2:", run.stderr)
        self.assertEqual([entry["key"] for entry in elsewhere.log], [None])
        withdraw = self.script("post.pay", 'withdraw 1 TRX to "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"\n')
        posted = self.pay("run", withdraw, "--api", front.url)
        self.assertEqual(posted.returncode, 3)
        self.assertIn("POST /orders/outgoing/withdrawal was redirected (307) and not followed", posted.stderr)
        self.assertEqual([entry["method"] for entry in elsewhere.log], ["GET"])

    # 4. Rate limits

    def test_429_is_asked_again_after_retry_after_and_a_post_counts_once(self):
        seen = {"get": 0, "post": 0}

        def limit(handler, front):
            if handler.command == "GET" and handler.path.startswith("/orders/") and seen["get"] == 0:
                seen["get"] += 1
                handler.answer(429, b'{"title":"Too Many Requests","status":429}', [("Retry-After", "1"), ("Content-Type", "application/problem+json")])
                return True
            if handler.command == "POST" and handler.path == "/orders/outgoing/refund" and seen["post"] == 0:
                seen["post"] += 1
                handler.answer(429, b"", [("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT")])
                return True
            return False

        front = self.front(behave=limit)
        script = self.script("limited.pay", 'let o = get order "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"\n'
                                            'refund 0.5 TRX of o\nprint it.kind\n')
        run = self.pay("run", script, "--api", front.url, "--max-outgoing", "0.5 TRX", "--trace")
        self.assertEqual((run.returncode, run.stdout), (0, "refund\n"), run.stderr)
        self.assertIn("rate limited (429); asking again in 1.0 s (Retry-After)", run.stderr)
        posts = [entry for entry in front.log if entry["method"] == "POST"]
        self.assertEqual(len(posts), 2)  # the refused one, and the one that was applied
        suite = os.path.join(self.work, "limited")
        os.makedirs(suite, exist_ok=True)
        shutil.copy(script, suite)
        seen.update(get=0, post=0)
        test = self.pay("test", suite, "--api", front.url)
        self.assertEqual(test.returncode, 0, test.stdout)
        self.assertRegex(test.stdout.splitlines()[-1], r"^1 passed, 0 failed in \d+\.\d+s \(1\.\d s waiting on rate limits\)$")

        def unreadable(handler, front):
            handler.answer(429, b"", [("Retry-After", "soon")])
            return True

        odd = self.front(behave=unreadable)
        stopped = self.pay("run", script, "--api", odd.url)
        self.assertEqual(stopped.returncode, 3)
        self.assertIn('Retry-After "soon" is neither a number of seconds nor an HTTP date', stopped.stderr)

    # 5. Pages, 6. tolerant decoding

    def test_every_page_of_integrations_and_what_no_document_names(self):
        pages = {1: ["a", "b"], 2: ["c", "d"], 3: ["e"]}

        def paged(handler, front):
            if handler.path.startswith("/integrations"):
                page = int(handler.path.split("page=")[1].split("&")[0])
                body = {"data": [{"name": n, "id": f"i-{n}", "url": "", "status": "active", "tier": "gold"} for n in pages[page]],
                        "pagination": {"quantity": len(pages[page]), "totalQuantity": 5, "currentPage": page, "pages": 3}}
                handler.answer(200, json.dumps(body).encode(), [("Content-Type", "application/json; charset=utf-8")])
                return True
            if handler.path.startswith("/transactions/"):
                handler.answer(502, b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad</h1></body></html>",
                               [("Content-Type", "text/html")])
                return True
            if handler.path == "/orders/weird":
                body = {"id": "weird", "status": "partiallyRefunded", "createdAt": "2024-12-16T07:20:23+00:00",
                        "updatedAt": "2024-12-16T07:20:23+00:00", "transactions": [],
                        "primaryAmount": {"amount": "1.000000", "currency": "TRX"}, "secondaryAmount": {"amount": "0.27", "currency": "EUR"},
                        "serviceFeeAmount": {"amount": "0.005000", "currency": "TRX"}, "totalAmount": {"amount": "0.995000", "currency": "TRX"},
                        "riskScore": 3}
                handler.answer(200, json.dumps(body).encode(), [("Content-Type", "application/json;charset=UTF-8")])
                return True
            return False

        front = self.front(behave=paged)
        script = self.script("pages.pay", 'let every = integrations\nprint len(every)\nprint every[4].name + " " + every[4].tier\n'
                                          'let w = get order "weird"\nprint w.status\nprint w.riskScore\n'
                                          'wait w "partiallyRefunded"\nget transaction 1\n')
        run = self.pay("run", script, "--api", front.url)
        self.assertEqual(run.stdout, "5\ne gold\npartiallyRefunded\n3\n", run.stderr)
        self.assertEqual(run.returncode, 3)
        self.assertIn("GET /transactions/1 answered 502: HTTP 502: 502 Bad Gateway\n", run.stderr)
        self.assertEqual([entry["path"] for entry in front.log if entry["path"].startswith("/integrations")],
                         ["/integrations?page=1&perPage=100", "/integrations?page=2&perPage=100", "/integrations?page=3&perPage=100"])

    # 7. Settings from files

    def test_env_and_key_files_keep_the_key_off_the_command_line(self):
        front = self.front()
        key_file = self.script("key", KEY + "\n")
        os.chmod(key_file, 0o600)
        env_file = self.script("gateway.env", f'# the test gateway\nexport PAY_API_URL="{front.url}"\n'
                                              f"PAY_API_KEY_FILE={key_file}\nPAY_VAR_who='from the file'\n")
        script = self.script("files.pay", 'print param("who", "nobody")\nprint len(integrations)\n')
        run = self.pay("run", script, "--env-file", env_file, key=False)
        self.assertEqual(run.stdout, "from the file\n1\n", run.stderr)
        self.assertTrue(all(entry["key"] == KEY for entry in front.log))
        flag_wins = self.pay("run", script, "--env-file", env_file, "--var", "who=flag", env={"PAY_VAR_who": "environment"}, key=False)
        self.assertEqual(flag_wins.stdout.splitlines()[0], "flag")
        environment_wins = self.pay("run", script, "--env-file", env_file, env={"PAY_VAR_who": "environment"}, key=False)
        self.assertEqual(environment_wins.stdout.splitlines()[0], "environment")
        os.chmod(key_file, 0o644)
        open_key = self.pay("run", script, "--env-file", env_file, key=False)
        self.assertEqual(open_key.returncode, 64)
        self.assertIn(f"may be read by others (mode 644); chmod 600 {key_file}", open_key.stderr)
        broken = self.script("broken.env", "PAY_API_URL=http://x\nnot a line\n")
        bad_line = self.pay("run", script, "--env-file", broken, key=False)
        self.assertEqual(bad_line.returncode, 64)
        self.assertIn(f"{broken}:2: not KEY=VALUE", bad_line.stderr)

    # 9. All at once

    def test_checkout_through_tls_behind_a_proxy_with_a_redirect_and_a_429(self):
        moved = {"done": False, "limited": False}

        def misbehave(handler, front):
            if handler.path.startswith("/crypto-assets") and not moved["done"]:
                moved["done"] = True
                handler.answer(308, headers=[("Location", "/crypto-assets")])
                return True
            if handler.path == "/orders/outgoing/refund" and not moved["limited"]:
                moved["limited"] = True
                handler.answer(429, b"", [("Retry-After", "1")])
                return True
            return False

        front = self.front(tls=self.tls, behave=misbehave)
        proxy = self.proxy()
        run = self.pay("run", os.path.join(ROOT, "examples", "checkout.pay"), "--api", front.url, "--cacert", self.ca_file,
                       env={"HTTPS_PROXY": proxy.url})
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("refunded 0.497500 TRX", run.stdout)
        self.assertEqual({entry["host"] for entry in front.log}, {f"127.0.0.1:{front.port}"})
        self.assertTrue(all(entry["key"] == KEY for entry in front.log))
        self.assertTrue(all(entry["key"] is None for entry in proxy.log))
        posts = [entry["path"] for entry in front.log if entry["method"] == "POST" and not entry["path"].startswith("/sandbox")]
        self.assertEqual(posts, ["/orders/incoming", "/orders/outgoing/refund", "/orders/outgoing/refund"])
        self.assertEqual(moved, {"done": True, "limited": True})


    # 7. Connections (issue 29): kept open and reused, over HTTP and HTTPS

    def test_a_lifecycle_reuses_its_connections_and_pay_test_opens_at_most_jobs(self):
        lifecycle = os.path.join(ROOT, "bench", "peers", "lifecycle.pay")
        for tls in (None, self.tls):
            with self.subTest(https=tls is not None):
                tls_options = ["--cacert", self.ca_file] if tls else []
                # Traced, the start's reads go one after the other: one connection, one handshake.
                # Answers stay fresh for a minute, so the count does not depend on the machine's load.
                fresh = {"PAY_FRESH_FOR": "60"}
                front = self.front(tls=tls)
                run = self.pay("run", lifecycle, "--api", front.url, "--trace", *tls_options, env=fresh)
                self.assertEqual(run.returncode, 0, run.stderr)
                # (How many requests depends on the shared sandbox's clock, which other tests move.)
                sent = len(front.log)
                self.assertGreaterEqual(sent, 13)
                self.assertEqual(front.connections, 1)
                # Untraced, they go side by side, one connection each (HTTP/1.1 carries one request
                # at a time); every later request reuses those.
                front = self.front(tls=tls)
                run = self.pay("run", lifecycle, "--api", front.url, *tls_options, env=fresh)
                self.assertEqual(run.returncode, 0, run.stderr)
                self.assertEqual(len(front.log), sent)
                opened = {entry["connection"] for entry in front.log[:3]}
                self.assertIn(front.connections, (2, 3))
                self.assertTrue({entry["connection"] for entry in front.log[3:]} <= opened, front.log)
        folder = os.path.join(self.work, "lifecycles")
        os.makedirs(folder, exist_ok=True)
        for number in range(6):
            shutil.copy(lifecycle, os.path.join(folder, f"l{number}.pay"))
        for jobs in (1, 2):
            front = self.front()
            run = self.pay("test", folder, "--jobs", str(jobs), "--api", front.url)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            self.assertTrue(run.stdout.endswith("6 passed, 0 failed in " + run.stdout.rsplit(" in ", 1)[1]))
            self.assertEqual(front.connections, jobs, f"--jobs {jobs}")

    def test_pay_diff_takes_the_key_from_a_file_and_trusts_the_ca_file(self):
        front = self.front(tls=self.tls)
        flow = self.script("diffed.pay", "let o = order 1 TRX\npay o\nwait o completed\n")
        recorded = self.pay("run", flow, "--record", "diffed.har", key=False)
        self.assertEqual(recorded.returncode, 0, recorded.stderr)
        key_file = self.script("diff.key", KEY + "\n")
        os.chmod(key_file, 0o600)
        refused = self.pay("diff", "diffed.har", "--api", front.url, "--key-file", key_file, key=False)
        self.assertEqual(refused.returncode, 3, refused.stdout + refused.stderr)
        self.assertIn("TLS with 127.0.0.1 failed: its certificate did not verify", refused.stderr)
        diffed = self.pay("diff", "diffed.har", "--api", front.url, "--key-file", key_file, "--cacert", self.ca_file, key=False)
        self.assertEqual(diffed.returncode, 0, diffed.stdout + diffed.stderr)
        self.assertTrue(diffed.stdout.endswith("8 exchanges compared: no differences\n"), diffed.stdout)
        self.assertTrue(front.log and all(entry["key"] == KEY for entry in front.log))
        self.assertNotIn(KEY, diffed.stdout + diffed.stderr)
        os.chmod(key_file, 0o644)
        exposed = self.pay("diff", "diffed.har", "--api", front.url, "--key-file", key_file, key=False)
        self.assertEqual(exposed.returncode, 64)
        self.assertIn(f"--key-file: {key_file} may be read by others (mode 644)", exposed.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
