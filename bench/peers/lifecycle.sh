#!/usr/bin/env bash
# A payment's life with curl and jq (bench/peers.py). $1 base URL, $2 key. The waits move the
# sandbox's clock on and look once, where pay's `wait` polls: fewer requests than pay makes.
set -euo pipefail
url=$1 key=$2
post() { curl -sf -H "X-API-Key: $key" -H "Content-Type: application/json" -d "$2" "$url$1"; }
get() { curl -sf -H "X-API-Key: $key" "$url$1"; }
order=$(post /orders/incoming '{"integrationId":"1ef65bda-11ad-63ca-8afe-73770edda314","amount":"1","assetId":"TRX"}' | jq -r .orderId)
post "/sandbox/orders/$order/payments" '{"amount":"1"}' > /dev/null
post /sandbox/clock/advance '{"seconds":600}' > /dev/null
paid=$(get "/orders/$order")
jq -e '.status == "completed"' <<< "$paid" > /dev/null
transaction=$(jq -r '.transactions[0].id' <<< "$paid")
payer=$(jq -r '.transactions[0].senderAddress' <<< "$paid")
get "/transactions/$transaction" | jq -e '.status == "completed"' > /dev/null
half=$(jq -r '(.totalAmount.amount | tonumber) / 2 | tostring' <<< "$paid")
refund=$(post /orders/outgoing/refund "{\"amount\":\"$half\",\"assetId\":\"TRX\",\"destinationAddress\":\"$payer\",\"refundOrderId\":\"$order\"}" | jq -r .orderId)
post /sandbox/clock/advance '{"seconds":600}' > /dev/null
get "/orders/$refund" | jq -e '.status == "completed" and .primaryAmount.amount == "0.497500"' > /dev/null
