#!/usr/bin/env python3
"""Checks that `pay sandbox` answers as openapi.yaml says.

Starts the sandbox on a free loopback port, sends one request per operation (successes and a
sample of refusals), and validates each response's status and body against the response schema
openapi.yaml gives for that operation and status. Exits non-zero on the first mismatch list.

Usage: validate_responses.py PATH/TO/pay [openapi.yaml]
"""
import json
import subprocess
import sys
import urllib.error
import urllib.request

import jsonschema
import yaml

KEY = "contract-key"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"
SEED_ORDER = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
PAYER = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"
ELSEWHERE = "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5"


def start_sandbox(binary):
    process = subprocess.Popen([binary, "sandbox", "--port", "0", "--key", KEY],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    prefix = "pay sandbox listening on "
    if not line.startswith(prefix):
        process.kill()
        sys.exit(f"pay sandbox did not start: {line!r}")
    return process, line[len(prefix):]


def call(base, method, path, body=None, key=KEY):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if key:
        request.add_header("X-API-Key", key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type"), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), json.loads(error.read())


def response_schema(spec, template, method, status):
    operation = spec["paths"][template][method.lower()]
    responses = operation["responses"]
    if str(status) not in responses:
        return None, f"status {status} is not documented"
    response = responses[str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].split("/")[-1]]
    (content_type, media), = response["content"].items()
    return (content_type, media["schema"]), None


def main():
    binary = sys.argv[1]
    spec_path = sys.argv[2] if len(sys.argv) > 2 else "openapi.yaml"
    with open(spec_path) as handle:
        spec = yaml.safe_load(handle)
    process, base = start_sandbox(binary)
    failures = []
    checked = 0

    def check(template, method, path, body=None, expect=None, key=KEY):
        nonlocal checked
        status, content_type, payload = call(base, method, path, body, key)
        label = f"{method} {path} -> {status}"
        if expect is not None and status != expect:
            failures.append(f"{label}: expected status {expect}: {payload}")
            return payload
        found, problem = response_schema(spec, template, method, status)
        if problem:
            failures.append(f"{label}: {problem}")
            return payload
        documented_type, schema = found
        if content_type != documented_type:
            failures.append(f"{label}: content type {content_type}, documented {documented_type}")
        root = {"components": spec["components"], **schema}
        errors = sorted(jsonschema.Draft202012Validator(root).iter_errors(payload), key=str)
        for error in errors:
            failures.append(f"{label}: {'/'.join(map(str, error.path))}: {error.message}")
        checked += 1
        return payload

    try:
        check("/integrations", "GET", "/integrations?page=1&perPage=10", expect=200)
        check("/integrations", "GET", "/integrations?perPage=0", expect=422)
        check("/crypto-assets", "GET", "/crypto-assets", expect=200)
        check("/crypto-assets", "GET", "/crypto-assets", key=None, expect=401)
        check("/exchange-rates", "GET", "/exchange-rates?amount=25&currency=EUR", expect=200)
        check("/exchange-rates", "GET", "/exchange-rates?amount=x&currency=JPY", expect=422)
        created = check("/orders/incoming", "POST", "/orders/incoming",
                        {"integrationId": INTEGRATION, "amount": "3", "assetId": "TRX", "externalId": "c-1"}, expect=201)
        check("/orders/incoming", "POST", "/orders/incoming", {"amount": "0.0000001"}, expect=422)
        order_id = created["orderId"]
        check("/orders/{id}", "GET", f"/orders/{order_id}", expect=200)
        check("/orders/{id}", "GET", "/orders/missing", expect=404)
        tx = check("/sandbox/orders/{id}/payments", "POST", f"/sandbox/orders/{order_id}/payments",
                   {"amount": "3", "senderAddress": PAYER}, expect=201)
        check("/sandbox/clock/advance", "POST", "/sandbox/clock/advance", {"seconds": 120}, expect=200)
        finer = check("/sandbox/clock/advance", "POST", "/sandbox/clock/advance", {"milliseconds": 250}, expect=200)
        if not finer["now"].endswith(".250+00:00"):
            failures.append(f"POST /sandbox/clock/advance by 250 ms: now is {finer['now']}, not at .250")
        check("/sandbox/clock/advance", "POST", "/sandbox/clock/advance", {"seconds": 1, "milliseconds": 1}, expect=422)
        check("/sandbox/clock/advance", "POST", "/sandbox/clock/advance", {"milliseconds": 750}, expect=200)
        check("/sandbox/clock", "GET", "/sandbox/clock", expect=200)
        check("/transactions/{id}", "GET", f"/transactions/{tx['id']}", expect=200)
        check("/transactions/{id}", "GET", "/transactions/0", expect=404)
        check("/orders/{id}", "GET", f"/orders/{order_id}", expect=200)
        check("/orders/outgoing/refund", "POST", "/orders/outgoing/refund",
              {"amount": "1", "assetId": "TRX", "destinationAddress": PAYER, "refundOrderId": order_id}, expect=201)
        check("/orders/outgoing/refund", "POST", "/orders/outgoing/refund",
              {"amount": "100", "assetId": "TRX", "destinationAddress": PAYER, "refundOrderId": order_id}, expect=422)
        check("/orders/outgoing/withdrawal", "POST", "/orders/outgoing/withdrawal",
              {"amount": "1", "assetId": "TRX", "destinationAddress": ELSEWHERE, "integrationId": INTEGRATION}, expect=201)
        sent = check("/orders/outgoing/send", "POST", "/orders/outgoing/send",
                     {"amount": "0.5", "assetId": "TRX", "transferAddress": created["paymentAddress"],
                      "destinationAddress": ELSEWHERE, "integrationId": INTEGRATION, "externalId": "s-1"}, expect=201)
        check("/orders/{id}", "GET", f"/orders/{sent['orderId']}", expect=200)
        check("/orders/{id}", "GET", f"/orders/{SEED_ORDER}", expect=200)
        check("/sandbox/balances", "GET", "/sandbox/balances", expect=200)
        check("/sandbox/reset", "POST", "/sandbox/reset", {"seed": 3}, expect=200)
        check("/sandbox", "GET", "/sandbox", expect=200)
        world = check("/sandbox/worlds", "POST", "/sandbox/worlds", {"seed": 9}, expect=201)
        check("/sandbox/worlds", "POST", "/sandbox/worlds", {"seed": -1}, expect=422)
        check("/sandbox/worlds", "POST", "/sandbox/worlds", {}, key=world["key"], expect=403)
        check("/sandbox", "GET", "/sandbox", key=world["key"], expect=200)
        check("/sandbox/worlds/{id}", "DELETE", "/sandbox/worlds/default", expect=409)
        check("/sandbox/worlds/{id}", "DELETE", f"/sandbox/worlds/{world['world']}", expect=200)
        check("/sandbox/worlds/{id}", "DELETE", f"/sandbox/worlds/{world['world']}", expect=404)
        check("/sandbox", "GET", "/sandbox", key=world["key"], expect=401)
    finally:
        process.terminate()
        process.wait(timeout=10)

    for failure in failures:
        print("contract: " + failure)
    print(f"contract: {checked} responses checked against {spec_path}, {len(failures)} mismatches")
    if process.returncode != 0:
        print(f"contract: pay sandbox exited with {process.returncode} on SIGTERM")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
