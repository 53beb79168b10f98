#!/usr/bin/env python3
"""Writes examples/seed-document.har: the seed document's exchanges (../shared/seeds/000_…txt) as
an HTTP Archive, transcribed by hand: its requests, and its answers exactly as it shows them.

The document lost its URLs; the paths are design.md's. It shows no status codes; they are
openapi.yaml's (201 for what a POST creates). Its payer pays out of band; two entries marked
`_paySandboxStep` stand for that on a sandbox (the payer's payment and two minutes passing), and
`pay diff` sends them to a sandbox only and compares nothing of them.

Usage: Tests/diff/seed_document_har.py > examples/seed-document.har
"""
import json

KEY = "db41bf-90f909-b34b52-b7c222-fc1e99"
BASE = "https://gateway.example"
ORDER = "1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80"
INTEGRATION = "1ef65bda-11ad-63ca-8afe-73770edda314"
PAYER = "TLpYCfo8m77QBu97Xkn1U8nJjcTSfzZpfe"


def money(amount, currency):
    return {"amount": amount, "currency": currency}


def amounts(primary, secondary, fee, total):
    return {"primaryAmount": money(primary, "TRX"), "secondaryAmount": money(secondary, "EUR"),
            "serviceFeeAmount": money(fee, "TRX"), "totalAmount": money(total, "TRX")}


TX_705 = {"id": "705", "hash": "36c8d916bb4f76fe9fc39cee53a5da1fdfc5ed2215940534ba2d1b52f36580de", "status": "completed",
          "createdAt": "2024-12-16T07:32:03+00:00", "updatedAt": "2024-12-16T07:34:04+00:00",
          "receiverAddress": "TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qt", **amounts("1.000000", "0.27", "0.005000", "0.995000")}

EXCHANGES = [
    ("GET", "/integrations", [("page", "1"), ("perPage", "20")], None, 200,
     {"data": [{"name": "test", "id": INTEGRATION, "url": "", "status": "active"}],
      "pagination": {"quantity": 1, "totalQuantity": 1, "currentPage": 1, "pages": 1}}),
    ("GET", "/crypto-assets", [], None, 200,
     {"assets": [{"id": "USDT_TRC20", "currencyCode": "USDT", "displayName": "Tether", "blockchainId": "tron",
                  "blockchainDisplayName": "Tron", "name": "Tether (TRC20)"},
                 {"id": "TRX", "currencyCode": "TRX", "displayName": "Tron", "blockchainId": "tron",
                  "blockchainDisplayName": "Tron", "name": "Tron"}]}),
    ("GET", "/exchange-rates", [("amount", "1"), ("currency", "USD")], None, 200,
     {"rates": [{"assetId": "USDT_TRC20", "rate": "1.000460", "crypto": money("1.000460", "USDT")},
                {"assetId": "TRX", "rate": "3.538946", "crypto": money("3.538946", "TRX")}]}),
    ("POST", "/orders/incoming", [], {"integrationId": INTEGRATION, "amount": "1", "assetId": "TRX", "externalId": "123"}, 201,
     {"orderId": ORDER, "paymentLink": "", "widgetCode": "<iframe src= width=\"100%\" height=\"800px\" allow=\"clipboard-write *\" ></iframe>",
      "paymentAddress": "TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qt"}),
    ("GET", f"/orders/{ORDER}", [], None, 200,
     {"id": ORDER, "status": "inProgress", "createdAt": "2024-12-16T07:20:23+00:00", "updatedAt": "2024-12-16T07:20:23+00:00",
      "transactions": [], **amounts("0.000000", "0.00", "0.000000", "0.000000"), "externalId": "123"}),
    ("sandbox", "POST", f"/sandbox/orders/{ORDER}/payments", {"amount": "1", "senderAddress": PAYER}),
    ("sandbox", "POST", "/sandbox/clock/advance", {"seconds": 121}),
    ("GET", f"/orders/{ORDER}", [], None, 200,
     {"id": ORDER, "status": "completed", "createdAt": "2024-12-16T07:20:23+00:00", "updatedAt": "2024-12-16T07:34:04+00:00",
      "transactions": [TX_705], **amounts("1.000000", "0.27", "0.005000", "0.995000"), "externalId": "123"}),
    ("GET", "/transactions/705", [], None, 200,
     {"id": "705", "orderId": ORDER, "status": "completed", "createdAt": "2024-12-16T07:32:03+00:00",
      "updatedAt": "2024-12-16T07:34:04+00:00", "receiverAddress": "TEX8xhRqrpMp73rHktGV8mUpfkSrbxa6Qt",
      **amounts("1.000000", "0.27", "0.005000", "0.995000"), "hash": TX_705["hash"], "externalId": "123"}),
    ("POST", "/orders/outgoing/refund", [], {"amount": "0.5", "assetId": "TRX", "destinationAddress": PAYER, "refundOrderId": ORDER}, 201,
     {"orderId": "1ef8a105-c8c5-6798-bd66-d325f4066d2f"}),
    ("POST", "/orders/outgoing/withdrawal", [], {"amount": "1", "assetId": "TRX", "destinationAddress": PAYER, "integrationId": INTEGRATION}, 201,
     {"orderId": "1ef8a10a-cba0-6418-9a3e-e99641328dac"}),
    ("POST", "/orders/outgoing/send", [],
     {"amount": "1.20", "assetId": "TRX", "transferAddress": "TKrzGg5YHerPLypmVq5pb525oDe451mbtM",
      "destinationAddress": "TAQZdD8skUdAChM48383TY2LrMWtr6xzc5", "integrationId": INTEGRATION, "externalId": "123"}, 201,
     {"orderId": "1efbb83e-4262-6518-93bd-dfb836b62a9a", "transactionId": "709"}),
]

REASONS = {200: "OK", 201: "Created"}


def entry(method, path, query, body, status, answer, step=False):
    url = BASE + path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    headers = [{"name": "Accept", "value": "application/json"}, {"name": "X-API-Key", "value": "***"}]
    request = {"method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [], "headers": list(headers),
               "queryString": [{"name": k, "value": v} for k, v in query]}
    if body is not None:
        request["headers"].append({"name": "Content-Type", "value": "application/json"})
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    request["headersSize"] = -1
    request["bodySize"] = len(json.dumps(body)) if body is not None else 0
    text = json.dumps(answer) if answer is not None else ""
    response = {"status": status, "statusText": REASONS.get(status, ""), "httpVersion": "HTTP/1.1", "cookies": [],
                "headers": [{"name": "Content-Type", "value": "application/json"}] if text else [],
                "content": {"size": len(text), "mimeType": "application/json" if text else "", "text": text},
                "redirectURL": "", "headersSize": -1, "bodySize": len(text)}
    result = {"startedDateTime": "2024-12-16T07:20:23.000Z", "time": 0, "request": request, "response": response,
              "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}}
    if step:
        result["_paySandboxStep"] = True
        result["comment"] = "a sandbox step standing for the document's out-of-band payer and time; not compared"
    return result


def main():
    entries = []
    for item in EXCHANGES:
        if item[0] == "sandbox":
            _, method, path, body = item
            entries.append(entry(method, path, [], body, 200, None, step=True))
        else:
            entries.append(entry(*item))
    har = {"log": {"version": "1.2", "creator": {"name": "seed_document_har.py", "version": "1"},
                   "comment": "The seed document's exchanges (shared/seeds/000_08a6d805d6832e2e.txt), its answers as it shows them",
                   "entries": entries}}
    print(json.dumps(har, indent=2))


if __name__ == "__main__":
    main()
