#!/usr/bin/env python3
"""The payer's pages of `pay sandbox`, in a real browser (issue 32): Debian's Chromium, driven by
Selenium through Debian's chromedriver, against `pay sandbox` on a free loopback port.

    python3 Tests/browser/test_pages.py [PATH_TO_PAY] [--shots DIR]   (default .build/debug/pay)

Orders are made through the API, as a shop's backend makes them; the browser opens their
`paymentLink` (or the `widgetCode`'s iframe, on a shop page served from another port) and pays
with the page's buttons; the API is asked afterwards whether it agrees. Screenshots of the
payment page, the widget and the dashboard are written to --shots (CI keeps them; README shows
docs/images/). Each test also reads the browser's console: a Content-Security-Policy violation
or a script error fails it.
"""
import http.server
import json
import os
import socketserver
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException, StaleElementReferenceException,
                                        WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

args = sys.argv[1:]
SHOTS = None
if "--shots" in args:
    SHOTS = args[args.index("--shots") + 1]
    del args[args.index("--shots"):args.index("--shots") + 2]
PAY = os.path.abspath(args[0] if args else ".build/debug/pay")
KEY = "sk_test_pages_5b2d"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"


class Sandbox:
    """`pay sandbox` on a free port; `realtime` lets its clock follow the wall clock."""

    def __init__(self, *extra):
        self.process = subprocess.Popen([PAY, "sandbox", "--port", "0", "--key", KEY, *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().split("listening on ")[1].strip()

    def call(self, method, path, body=None, key=KEY):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("X-API-Key", key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)

    def order(self, amount, external=None, key=KEY):
        body = {"integrationId": INTEGRATION, "amount": amount, "assetId": "TRX"}
        if external is not None:
            body["externalId"] = external
        return self.call("POST", "/orders/incoming", body, key=key)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class ShopPage:
    """A shop's page on another port (another origin), embedding an order's widget as the seed
    document's widgetCode says."""

    def __init__(self, widget_code):
        page = f"<!doctype html><title>Shop</title><h1>Checkout at the shop</h1>{widget_code}".encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *_):
                pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class PagesTest(unittest.TestCase):
    def setUp(self):
        self.sandbox = Sandbox()
        self.driver = browser()
        self.wait = WebDriverWait(self.driver, 10)

    def tearDown(self):
        self.driver.quit()
        self.sandbox.stop()

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def see(self, element_id, text):
        """Waits until the element says `text` (the page updates itself, or a form reloads it)."""
        def says(driver):
            try:
                return driver.find_element(By.ID, element_id).text == text
            except (NoSuchElementException, StaleElementReferenceException):
                return False  # the page is loading again
        self.wait.until(says, f"#{element_id} never said {text!r}")

    def click(self, element_id):
        """Clicks the element of the page as it is now (one that its script just reloaded included)."""
        for _ in range(50):
            try:
                self.driver.find_element(By.ID, element_id).click()
                return
            except StaleElementReferenceException:
                time.sleep(0.1)
            except WebDriverException as error:
                if "does not belong to the document" not in str(error):
                    raise
                time.sleep(0.1)
        self.fail(f"#{element_id} could not be clicked")

    def console_is_clean(self):
        # A refusal the test asked for (a 401 for a wrong key, a 422 for a wrong amount) is logged
        # as a failed load: only a policy's refusal or a script's error is a problem here.
        problems = [entry["message"] for entry in self.driver.get_log("browser")
                    if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]
        self.assertEqual(problems, [])

    def shot(self, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            self.driver.save_screenshot(os.path.join(SHOTS, name))

    def test_pay_in_full_advance_and_the_api_agrees(self):
        order = self.sandbox.order("2.5", external="A-1001")
        self.assertEqual(order["paymentLink"], f"{self.sandbox.url}/checkout/{order['orderId']}")
        self.driver.get(order["paymentLink"])
        self.assertIn("simulated payment page", self.text("sandbox-banner"))
        self.assertEqual(self.text("requested"), "2.500000 TRX")
        self.assertEqual(self.text("address"), order["paymentAddress"])
        self.assertEqual(self.text("status"), "waiting for payment")
        self.assertEqual(self.text("time-left"), "30m")
        self.shot("checkout.png")
        self.click("pay-full")
        self.see("received", "2.500000 TRX")
        self.assertEqual(self.text("status"), "waiting for payment")  # the payment confirms in 2 minutes
        self.click("advance")
        self.see("status", "completed")
        self.assertEqual(self.text("closed"), "This order is completed: it takes no payment.")
        self.assertEqual(self.driver.find_elements(By.ID, "pay-full"), [])
        self.shot("checkout-completed.png")
        seen = self.sandbox.call("GET", f"/orders/{order['orderId']}")
        self.assertEqual((seen["status"], seen["primaryAmount"]["amount"], seen["totalAmount"]["amount"]),
                         ("completed", "2.500000", "2.487500"))
        self.console_is_clean()

    def test_the_page_follows_a_payment_made_elsewhere_without_a_reload_by_hand(self):
        order = self.sandbox.order("1")
        self.driver.get(order["paymentLink"])
        self.assertEqual(self.text("status"), "waiting for payment")
        self.sandbox.call("POST", f"/sandbox/orders/{order['orderId']}/payments", {"amount": "1"})
        self.sandbox.call("POST", "/sandbox/clock/advance", {"seconds": 120})
        self.see("status", "completed")
        self.assertEqual(self.text("received"), "1.000000 TRX")
        self.console_is_clean()

    def test_pay_part_then_the_rest(self):
        order = self.sandbox.order("3")
        self.driver.get(order["paymentLink"])
        self.driver.find_element(By.ID, "amount").send_keys("1.25")
        self.click("pay-amount")
        self.see("received", "1.250000 TRX")
        self.assertEqual(self.text("missing"), "1.750000 TRX")
        self.assertEqual(self.driver.find_element(By.ID, "pay-full").text, "Pay in full (1.750000 TRX)")
        self.click("pay-full")
        self.see("missing", "0.000000 TRX")
        self.click("advance")
        self.see("status", "completed")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#payments tbody tr")
        self.assertEqual([row.find_elements(By.TAG_NAME, "td")[0].text for row in rows], ["1.250000 TRX", "1.750000 TRX"])
        seen = self.sandbox.call("GET", f"/orders/{order['orderId']}")
        self.assertEqual((seen["status"], seen["primaryAmount"]["amount"]), ("completed", "3.000000"))
        self.console_is_clean()

    def test_an_amount_that_is_not_one_is_refused_on_the_page(self):
        order = self.sandbox.order("1")
        self.driver.get(order["paymentLink"])
        for typed, said in [("abc", 'Not paid: amount must be a decimal string like "1.5", got "abc"'),
                            ("0.0000001", "Not paid: amount has more than 6 decimal places for TRX")]:
            field = self.driver.find_element(By.ID, "amount")
            field.clear()
            field.send_keys(typed)
            self.click("pay-amount")
            self.see("message", said)
            self.assertEqual(self.driver.find_element(By.ID, "amount").get_attribute("value"), typed)
        self.assertEqual(self.text("received"), "0.000000 TRX")
        seen = self.sandbox.call("GET", f"/orders/{order['orderId']}")
        self.assertEqual(seen["transactions"], [])

    def test_an_order_left_unpaid_expires_and_takes_no_payment(self):
        order = self.sandbox.order("1")
        self.driver.get(order["paymentLink"])
        self.assertEqual(self.driver.find_element(By.ID, "advance").text,
                         "Advance the sandbox clock to the next event (2024-12-16T08:04:04+00:00)")
        self.click("advance")
        self.see("status", "expired")
        self.assertEqual(self.text("closed"), "This order is expired: it takes no payment.")
        self.assertEqual(self.text("time-left"), "0s")
        self.assertEqual(self.driver.find_elements(By.ID, "pay-full") + self.driver.find_elements(By.ID, "amount"), [])
        self.assertEqual(self.sandbox.call("GET", f"/orders/{order['orderId']}")["status"], "expired")

    def test_the_widget_pays_inside_a_shop_page_on_another_origin(self):
        order = self.sandbox.order("4")
        shop = ShopPage(order["widgetCode"])
        try:
            self.driver.get(shop.url)
            frame = self.driver.find_element(By.TAG_NAME, "iframe")
            self.assertEqual(frame.get_attribute("src"), order["paymentLink"] + "?widget=1")
            self.assertEqual((frame.get_attribute("width"), frame.get_attribute("height")), ("100%", "800px"))
            self.driver.switch_to.frame(frame)
            self.assertEqual(self.driver.find_element(By.TAG_NAME, "body").get_attribute("class"), "checkout widget")
            self.assertEqual(self.text("requested"), "4.000000 TRX")
            self.driver.switch_to.default_content()
            self.shot("widget.png")
            self.driver.switch_to.frame(frame)
            self.click("pay-full")
            self.see("received", "4.000000 TRX")
            self.click("advance")
            self.see("status", "completed")
            self.driver.switch_to.default_content()
            self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Checkout at the shop")
            self.assertEqual(self.sandbox.call("GET", f"/orders/{order['orderId']}")["status"], "completed")
            self.console_is_clean()
        finally:
            shop.stop()

    def test_a_script_in_an_external_id_is_text(self):
        attack = "<script>alert(1)</script>"
        order = self.sandbox.order("1", external=attack)
        self.driver.get(order["paymentLink"])
        self.assertEqual(self.text("external-id"), attack)
        with self.assertRaises(NoAlertPresentException):
            self.driver.switch_to.alert.text
        self.login(KEY)
        cells = [cell.text for cell in self.driver.find_elements(By.CSS_SELECTOR, "#orders td")]
        self.assertIn(attack, cells)
        with self.assertRaises(NoAlertPresentException):
            self.driver.switch_to.alert.text

    def test_unknown_and_other_worlds_orders_are_not_found(self):
        world = self.sandbox.call("POST", "/sandbox/worlds", {})
        theirs = self.sandbox.order("1", key=world["key"])
        self.assertEqual(theirs["paymentLink"], f"{self.sandbox.url}/checkout/{theirs['orderId']}?world={world['world']}")
        # Without its world, the link of another world's order shows nothing.
        self.driver.get(f"{self.sandbox.url}/checkout/{theirs['orderId']}")
        self.assertEqual(self.text("not-found"), f"There is no order {theirs['orderId']} here.")
        self.driver.get(f"{self.sandbox.url}/checkout/no-such-order")
        self.assertEqual(self.text("not-found"), "There is no order no-such-order here.")
        # With it, the page acts in that world: the default world's clock does not move.
        before = self.sandbox.call("GET", "/sandbox/clock")["now"]
        self.driver.get(theirs["paymentLink"])
        self.click("pay-full")
        self.see("received", "1.000000 TRX")
        self.click("advance")
        self.see("status", "completed")
        self.assertEqual(self.sandbox.call("GET", f"/orders/{theirs['orderId']}", key=world["key"])["status"], "completed")
        self.assertEqual(self.sandbox.call("GET", "/sandbox/clock")["now"], before)

    def test_the_pages_send_a_policy_that_allows_only_their_own_script(self):
        order = self.sandbox.order("1")
        policy = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                  "form-action 'self'; base-uri 'none'; frame-ancestors ")
        for url, framing in [(order["paymentLink"], "*"), (order["paymentLink"] + "?widget=1", "*"),
                             (f"{self.sandbox.url}/dashboard", "'none'")]:
            with urllib.request.urlopen(url) as answer:
                self.assertEqual(answer.headers["Content-Security-Policy"], policy + framing, url)
                self.assertEqual(answer.headers["X-Content-Type-Options"], "nosniff")
                self.assertEqual(answer.headers["Cache-Control"], "no-store")
        # What the policy forbids, a page does not do: no inline script or style, no script from elsewhere.
        self.driver.get(order["paymentLink"])
        scripts = self.driver.find_elements(By.TAG_NAME, "script")
        self.assertEqual([script.get_attribute("src") for script in scripts], [f"{self.sandbox.url}/assets/checkout.js"])
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "style, [style]"), [])

    def login(self, key):
        self.driver.get(f"{self.sandbox.url}/dashboard")
        self.driver.find_element(By.ID, "key").send_keys(key)
        self.click("login")
        self.wait.until(lambda d: d.find_elements(By.ID, "world") or d.find_elements(By.ID, "message"))

    def test_the_dashboard_asks_the_key_once_and_shows_the_world(self):
        order = self.sandbox.order("2", external="A-2002")
        self.sandbox.call("POST", f"/sandbox/orders/{order['orderId']}/payments", {"amount": "2"})
        self.driver.get(f"{self.sandbox.url}/dashboard")
        self.assertEqual(self.driver.find_elements(By.ID, "orders"), [])
        self.assertEqual(self.driver.find_element(By.ID, "login").text, "Open")
        self.login("not-the-key")
        self.assertEqual(self.text("message"), "That key opens no world of this sandbox.")
        self.login(KEY)
        self.assertEqual(self.text("world"), "World default")
        link = self.driver.find_element(By.LINK_TEXT, order["orderId"])
        self.assertEqual(link.get_attribute("href"), order["paymentLink"])
        cookies = self.driver.get_cookies()
        self.assertEqual([(c["name"], c["httpOnly"], c["sameSite"], c["path"]) for c in cookies],
                         [("pay_sandbox_dashboard", True, "Strict", "/dashboard")])
        self.assertNotIn(KEY, cookies[0]["value"])
        self.assertNotIn(KEY, self.driver.current_url)
        self.assertNotIn(KEY, self.driver.page_source)
        self.shot("dashboard.png")
        self.click("advance-next")
        def completed(driver):
            try:
                return "completed" in [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#orders td")]
            except StaleElementReferenceException:
                return False
        self.wait.until(completed)
        paths = [cell.text for cell in self.driver.find_elements(By.CSS_SELECTOR, "#requests td code")]
        self.assertEqual(paths[:2], ["/sandbox/clock/advance", f"/sandbox/orders/{order['orderId']}/payments"])
        self.driver.find_element(By.LINK_TEXT, order["orderId"]).click()
        self.assertEqual(self.text("status"), "completed")
        self.driver.get(f"{self.sandbox.url}/dashboard")
        self.click("logout")
        self.wait.until(lambda d: d.find_elements(By.ID, "login"))
        self.assertEqual(self.driver.find_elements(By.ID, "orders"), [])
        self.assertEqual(self.driver.get_cookies(), [])
        self.console_is_clean()


class RealtimeTest(unittest.TestCase):
    """A sandbox whose clock follows the wall clock offers no advance button."""

    def test_no_advance_on_a_realtime_clock(self):
        sandbox = Sandbox("--realtime")
        driver = browser()
        try:
            order = sandbox.order("1")
            driver.get(order["paymentLink"])
            self.assertEqual(driver.find_elements(By.ID, "advance"), [])
            self.assertIn("(follows real time)", driver.find_element(By.ID, "now").text)
        finally:
            driver.quit()
            sandbox.stop()


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
