"""The REPL driven as a person would: the real `pay` binary in a pseudo-terminal (pexpect), with
a real `pay sandbox` on a free loopback port where a live gateway is needed.

    python3 Tests/repl/test_repl.py [PATH_TO_PAY] [REPLTests.test_name …]   (default .build/debug/pay)

Each test gets its own HOME, so history files start empty and are checked exactly.
"""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import pexpect

ARGUMENTS = sys.argv[1:]
PAY = os.path.abspath(ARGUMENTS.pop(0) if ARGUMENTS and os.path.isfile(ARGUMENTS[0]) else ".build/debug/pay")
SEED_ORDER = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
KEY = "repl-test-key-5e7a91"
PROMPT = "pay sandbox> "
LIVE = "pay live> "
# readline's bracketed-paste switches and colour codes, removed before comparing output.
CONTROL = re.compile(r"\x1b\[\?2004[hl]|\x1b\[[0-9;]*m|\r")


def plain(text):
    return CONTROL.sub("", text)


class Sandbox:
    """`pay sandbox` on a free port, stopped with SIGTERM."""

    def __init__(self, *extra):
        self.process = subprocess.Popen([PAY, "sandbox", "--port", "0", "--key", KEY, *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if "listening on " not in line:
            self.stop()
            raise RuntimeError("pay sandbox did not start: " + line)
        self.url = line.split("listening on ")[1].strip()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class REPLTests(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="pay-repl-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            server.stop()

    def spawn(self, *arguments, color=False, log=False):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PAY_", "XDG_"))}
        env.update(HOME=self.home, TERM="xterm")
        if not color:
            env["NO_COLOR"] = "1"
        if log:
            env["PAY_LOG_LEVEL"] = "debug"
        child = pexpect.spawn(PAY, list(arguments), env=env, cwd=self.home, encoding="utf-8",
                              timeout=15, dimensions=(40, 200))
        self.addCleanup(child.close, True)
        return child

    def sandbox(self, *extra, announce=False):
        """A `pay sandbox` posing as a live gateway (--hide-sandbox), unless `announce`."""
        server = Sandbox(*extra) if announce else Sandbox("--hide-sandbox", *extra)
        self.servers.append(server)
        return server

    def run_line(self, child, line, prompt=PROMPT):
        """Sends a line and returns what it printed before the next prompt."""
        child.sendline(line)
        child.expect_exact(prompt)
        text = plain(child.before)
        return text.split("\n", 1)[1] if "\n" in text else ""

    def history_file(self):
        return os.path.join(self.home, ".local", "state", "pay", "history")

    # MARK: The support flow

    def test_support_flow_then_save_and_run(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        self.assertEqual(self.run_line(child, f'let o = get order "{SEED_ORDER}"'), "")
        card = self.run_line(child, "o")
        self.assertIn("status            completed\n", card)
        self.assertIn("totalAmount       0.995000 TRX\n", card)
        self.assertIn("transactions      [1 item]\n", card)
        table = self.run_line(child, "o.transactions").split("\n")
        self.assertEqual(table[0].split(), ["id", "hash", "status", "createdAt", "updatedAt", "receiverAddress",
                                            "primaryAmount", "secondaryAmount", "serviceFeeAmount", "totalAmount",
                                            "senderAddress"])
        self.assertTrue(table[2].startswith("705  36c8d916bb4f76fe9fc39ce…  completed"), table[2])
        self.assertIn("hash              36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de\n",
                      self.run_line(child, "get transaction 705"))
        self.run_line(child, "let fresh = order 2 TRX")
        self.assertIn("primaryAmount     2.000000 TRX\n", self.run_line(child, "pay"))
        self.assertIn("status            completed\n", self.run_line(child, "wait completed"))
        refund = self.run_line(child, "refund half")
        self.assertIn("totalAmount       0.995000 TRX\n", refund)
        self.assertIn("kind              refund\n", refund)
        self.assertIn("saved 8 entries to flow.pay", self.run_line(child, ":save flow.pay"))
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        with open(os.path.join(self.home, "flow.pay")) as saved:
            self.assertEqual(saved.read(), f'let o = get order "{SEED_ORDER}"\no\no.transactions\nget transaction 705\n'
                                           "let fresh = order 2 TRX\npay\nwait completed\nrefund half\n")
        run = subprocess.run([PAY, "run", "flow.pay"], cwd=self.home, capture_output=True, text=True, timeout=60)
        self.assertEqual((run.returncode, run.stderr), (0, ""))

    # MARK: Completion, multi-line, errors

    def test_field_completion_after_a_dot(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        self.run_line(child, f'let o = get order "{SEED_ORDER}"')
        child.send("o.totalA\t")
        child.expect_exact("o.totalAmount ")
        self.assertEqual(self.run_line(child, "").strip(), "0.995000 TRX")
        child.send("o.transactions[0].ha\t")
        child.expect_exact("o.transactions[0].hash ")
        self.assertEqual(self.run_line(child, "").strip(),
                         '"36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de"')

    def test_multi_line_def_and_an_error_that_keeps_the_session(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        child.sendline("def net(a) {")
        child.expect_exact("        ...> ")
        child.sendline("  return a - a * 0.5%")
        child.expect_exact("        ...> ")
        self.assertEqual(self.run_line(child, "}"), "")
        self.assertEqual(self.run_line(child, "net(100 TRX)").strip(), "99.500000 TRX")
        error = self.run_line(child, 'net("x")')
        self.assertEqual(error.strip().split("\n"), [
            "<entry 1>:2:14: error[P401]: cannot apply '*' to string and percentage",
            "  return a - a * 0.5%",
            "             ^~~~~~~~",
            "  in net, called from <entry 3>:1:1",
        ])
        self.assertEqual(self.run_line(child, "print (1 +\n 2)").strip().split("\n")[-1], "3")
        self.assertEqual(self.run_line(child, "net(2 TRX)").strip(), "1.990000 TRX")

    def test_checks_at_the_prompt_know_what_earlier_entries_did(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        self.assertEqual(self.run_line(child, "it.status").strip().split("\n")[0],
                         "<entry 1>:1:1: error[P203]: 'it' is the last command's result, and no command can have run before this point")
        self.assertEqual(self.run_line(child, "0.0000001 TRX").strip().split("\n")[0],
                         "<entry 2>:1:1: error[P306]: TRX has 6 decimal places; 0.0000001 has 7")
        self.run_line(child, "order 1 TRX")
        self.assertEqual(self.run_line(child, "it.status").strip(), '"inProgress"')
        self.assertEqual(self.run_line(child, "it.updatedAt - it.createdAt").strip(), "0s")

    def test_ctrl_c_clears_the_line(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        child.send("let half_typed = ")
        child.sendintr()
        child.expect_exact("^C")
        child.expect_exact(PROMPT)
        self.assertEqual(self.run_line(child, ":vars").strip(), "no variables yet")

    def test_use_load_reset_and_help(self):
        with open(os.path.join(self.home, "lib.pay"), "w") as lib:
            lib.write("def double(a) {\n  return a * 2\n}\n")
        with open(os.path.join(self.home, "setup.pay"), "w") as setup:
            setup.write("let base = 5 TRX\n")
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        child.send('use "li\t')
        child.expect_exact('use "lib.pay"')  # readline closes the quote
        child.sendcontrol("u")
        self.assertEqual(self.run_line(child, 'use "lib.pay"'), "")
        self.assertEqual(self.run_line(child, "double(2 TRX)").strip(), "4.000000 TRX")
        self.assertEqual(self.run_line(child, ":load setup.pay"), "")
        self.assertEqual(self.run_line(child, "double(base)").strip(), "10.000000 TRX")
        self.assertEqual(self.run_line(child, ":vars").strip().split("\n"), [
            "base = 5.000000 TRX", "double = <def double(a)>"])
        self.assertEqual(self.run_line(child, ":reset").strip(),
                         "bindings cleared; the gateway's catalog will be fetched afresh")
        self.assertEqual(self.run_line(child, "base").strip().split("\n")[0], "<entry 4>:1:1: error[P201]: 'base' is not defined")
        self.assertEqual(self.run_line(child, ":help advance").strip().split("\n"), [
            "advance DURATION", "  move virtual time on", "  Works on the sandbox only."])

    # MARK: History and the key

    def test_history_is_recalled_after_a_restart_and_never_holds_the_key(self):
        server = self.sandbox()
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(LIVE)
        self.run_line(child, f'let o = get order "{SEED_ORDER}"', LIVE)
        self.assertEqual(self.run_line(child, f'let secret = "{KEY}"', LIVE), "")
        self.assertEqual(self.run_line(child, "print secret", LIVE).strip(), "***")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        path = self.history_file()
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as history:
            self.assertEqual(history.read(), f'let o = get order "{SEED_ORDER}"\nprint secret\n')
        again = self.spawn("repl", "--api", server.url, "--key", KEY)
        again.expect_exact(LIVE)
        again.send("\x1b[A\x1b[A")  # up twice: past `print secret` to the get order
        again.expect_exact(f'let o = get order "{SEED_ORDER}"')
        self.assertEqual(self.run_line(again, "", LIVE), "")
        self.assertIn("status            completed", self.run_line(again, "o", LIVE))

    def test_env_shows_the_key_only_as_stars(self):
        server = self.sandbox()
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(LIVE)
        env = self.run_line(child, ":env", LIVE)
        self.assertNotIn(KEY, env)
        self.assertEqual(env.strip().split("\n")[:4], [
            f"endpoint        {server.url}  (from --api)",
            "mode            live",
            "key             ***  (from --key)",
            "allow-outgoing  asks y/N at the prompt",
        ])

    def test_last_and_curl_show_the_last_exchange_without_the_key(self):
        server = self.sandbox()
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(LIVE)
        self.run_line(child, f'let o = get order "{SEED_ORDER}"', LIVE)
        last = self.run_line(child, ":last", LIVE)
        self.assertNotIn(KEY, last)
        self.assertTrue(last.startswith(f"> GET {server.url}/orders/{SEED_ORDER}\n"), last)
        self.assertIn("> X-API-Key: ***\n", last)
        self.assertIn("< 200 OK (", last)
        self.assertIn('  "status": "completed",\n', last)
        curl = self.run_line(child, ":curl", LIVE).strip()
        self.assertEqual(curl, f"curl -sS -X GET \"${{PAY_API_URL:-{server.url}}}\"'/orders/{SEED_ORDER}' "
                               f"-H 'Accept: application/json' -H 'User-Agent: pay/0.1.0' -H \"X-API-Key: $PAY_API_KEY\"")

    def test_a_pay_sandbox_given_with_api_is_a_sandbox_at_the_prompt(self):
        server = self.sandbox(announce=True)
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(f"pay on the sandbox at {server.url}: :help for commands, Ctrl-D to leave")
        child.expect_exact(PROMPT)
        self.run_line(child, "let o = order 2 TRX")
        self.assertIn("primaryAmount     2.000000 TRX\n", self.run_line(child, "pay o"))
        self.assertIn("status            completed\n", self.run_line(child, "wait o completed within 5m"))
        self.assertIn("kind              refund\n", self.run_line(child, "refund half of o"))

    # MARK: Money on a live gateway

    def test_confirmation_refuses_on_n_and_sends_nothing(self):
        server = self.sandbox()
        child = self.spawn("repl", "--api", server.url, "--key", KEY, log=True)
        child.expect_exact(LIVE)
        self.run_line(child, f'let o = get order "{SEED_ORDER}"', LIVE)
        child.sendline("refund half of o")
        child.expect_exact(f"refund of 0.497500 TRX of order {SEED_ORDER} to TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe? [y/N] ")
        child.sendline("n")
        child.expect_exact(LIVE)
        answer = plain(child.before)
        self.assertIn(f"not sent: declined at the prompt", answer)
        self.assertNotIn("POST", answer)
        # The gateway agrees: nothing was refunded, so the whole total is still refundable.
        child.sendline("refund half of o")
        child.expect_exact("? [y/N] ")
        child.sendline("y")
        child.expect_exact(LIVE)
        self.assertIn("POST /orders/outgoing/refund -> 201", plain(child.before))

    def test_ctrl_c_stops_a_real_wait_and_keeps_the_bindings(self):
        server = self.sandbox("--realtime")
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(LIVE)
        self.run_line(child, "let o = order 1 TRX", LIVE)
        child.sendline("wait o completed within 1h")
        time.sleep(1.0)
        started = time.monotonic()
        child.sendintr()
        child.expect_exact(LIVE, timeout=5)
        took = time.monotonic() - started
        self.assertLess(took, 1.0)
        self.assertIn("<entry 2>:1:1: error[P408]: interrupted", plain(child.before))
        self.assertEqual(self.run_line(child, "o.status", LIVE).strip(), '"inProgress"')

    # MARK: Cards' age, refresh and watch (issue 33)

    def card_age(self, child, prompt=PROMPT):
        """Shows `n`, a card whose order was paid and then aged ten minutes, and refreshes it."""
        self.run_line(child, "let n = order 1 TRX", prompt)
        self.run_line(child, "pay 1 TRX to n", prompt)
        fresh = self.run_line(child, "n", prompt).rstrip("\n").split("\n")
        self.assertEqual(fresh[-1], "fetched at 2024-12-16T07:34:04+00:00 on the sandbox's clock, just now; "
                                    "it may be stale (a payment since): refresh n fetches it again")
        self.run_line(child, "advance 10m", prompt)
        stale = self.run_line(child, "n", prompt).rstrip("\n").split("\n")
        self.assertIn("status            inProgress", stale)
        self.assertEqual(stale[-1], "fetched at 2024-12-16T07:34:04+00:00 on the sandbox's clock, 10m ago; "
                                    "it may be stale (the sandbox's clock moved since): refresh n fetches it again")
        refreshed = self.run_line(child, "refresh n", prompt).rstrip("\n").split("\n")
        self.assertIn("status            completed", refreshed)
        self.assertEqual(refreshed[-1], "fetched at 2024-12-16T07:44:04+00:00 on the sandbox's clock, just now")
        again = self.run_line(child, "n", prompt).rstrip("\n").split("\n")
        self.assertEqual(again[1], "status            completed")
        # On a served sandbox others may change the world too: past 1 s of real time (PAY_FRESH_FOR)
        # the line adds that it may be stale, so only its start is certain there.
        self.assertTrue(again[-1].startswith("fetched at 2024-12-16T07:44:04+00:00 on the sandbox's clock, just now"), again[-1])
        # A value no command fetched has no age line; a field is not a card.
        self.assertEqual(self.run_line(child, "n.status", prompt), '"completed"\n')

    def test_a_card_says_how_old_it_is_and_refresh_fetches_it_again(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        self.card_age(child)

    def test_a_card_says_how_old_it_is_over_http(self):
        server = self.sandbox(announce=True)
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(PROMPT)
        self.card_age(child)

    def test_watch_steps_a_standing_clock_on_enter_and_stops_at_the_status(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        self.run_line(child, "let n = order 1 TRX")
        self.run_line(child, "pay 1 TRX to n")
        child.sendline("watch n until completed")
        child.expect_exact("The sandbox's clock stands still: Enter steps it to its next event; Ctrl-C stops watching.")
        child.sendline("")
        child.expect_exact(PROMPT)
        shown = plain(child.before)
        self.assertIn("  (the sandbox's clock is now 2024-12-16T07:36:04+00:00)\n", shown)
        self.assertIn("* status inProgress → completed; transactions 1 → 1 (completed); primaryAmount 0.000000 TRX → 1.000000 TRX", shown)
        self.assertTrue(shown.rstrip("\n").endswith("fetched at 2024-12-16T07:36:04+00:00 on the sandbox's clock, just now"), shown)
        # It bound nothing: n is the card it was.
        self.assertEqual(self.run_line(child, "n.status"), '"inProgress"\n')
        # In a script, watch is an error that points to wait.
        with open(os.path.join(self.home, "w.pay"), "w") as script:
            script.write("let o = order 1 TRX\nwatch o until completed\n")
        run = subprocess.run([PAY, "run", "w.pay"], cwd=self.home, capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertTrue(run.stderr.startswith("w.pay:2:1: error[P105]: 'watch' is for the prompt, where it redraws an order "
                                              "as it changes; in a script, 'wait ORDER STATUS' waits for a status\n"), run.stderr)

    def test_ctrl_c_stops_a_watch_and_keeps_the_prompt(self):
        child = self.spawn("repl")
        child.expect_exact(PROMPT)
        self.run_line(child, "let m = order 2 TRX")
        child.sendline("watch m")
        child.expect_exact("Ctrl-C stops watching.")
        child.sendintr()
        child.expect_exact(PROMPT)
        self.assertIn("status            inProgress", plain(child.before))
        self.assertEqual(self.run_line(child, "m.status"), '"inProgress"\n')
        self.assertEqual(self.run_line(child, "watch 5"), "watch: 5 is not an order (it is a number); watch takes an order, like watch o\n")

    def test_watch_polls_a_realtime_sandbox_until_completed(self):
        server = self.sandbox("--realtime", announce=True)
        child = self.spawn("repl", "--api", server.url, "--key", KEY)
        child.expect_exact(PROMPT)
        self.run_line(child, "let o = order 1 TRX")
        self.run_line(child, "pay o")
        child.sendline("watch o until completed every 1s")
        child.expect_exact("status            inProgress")
        # Someone else moves the world's clock past the confirmation; the next poll sees it.
        request = urllib.request.Request(server.url + "/sandbox/clock/advance", data=b'{"seconds": 130}', method="POST",
                                         headers={"X-API-Key": KEY, "Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
        child.expect_exact(PROMPT, timeout=10)
        shown = plain(child.before)
        self.assertIn("* status inProgress → completed", shown)
        self.assertNotIn("Enter steps", shown)
        self.assertIn("status            completed", shown.split("* status")[1])

    # MARK: Colour, stdin, the bare command

    def test_statuses_are_coloured_on_a_terminal(self):
        child = self.spawn("repl", color=True)
        child.expect_exact(PROMPT)
        child.sendline(f'(get order "{SEED_ORDER}").status')
        child.expect_exact(PROMPT)
        child.sendline(f'get order "{SEED_ORDER}"')
        child.expect_exact(PROMPT)
        self.assertIn("status            \x1b[32mcompleted\x1b[0m", child.before)

    def test_pay_alone_at_a_terminal_opens_the_prompt(self):
        child = self.spawn()
        child.expect_exact(PROMPT)
        self.assertEqual(self.run_line(child, "1 TRX + 2 TRX").strip(), "3.000000 TRX")

    def test_standard_input_that_is_not_a_terminal_runs_as_a_script(self):
        ok = subprocess.run([PAY, "repl"], input="let o = order 1 TRX\npay o\nwait o completed\nprint o.status\n",
                            capture_output=True, text=True, timeout=60)
        self.assertEqual((ok.returncode, ok.stdout, ok.stderr), (0, "completed\n", ""))
        bad = subprocess.run([PAY, "repl"], input="expect 1 TRX == 2 TRX\n", capture_output=True, text=True, timeout=60)
        self.assertEqual(bad.returncode, 1)
        self.assertTrue(bad.stderr.startswith("<stdin>:1:8: error[P407]: expectation failed: 1 TRX == 2 TRX"), bad.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + ARGUMENTS, verbosity=2)
