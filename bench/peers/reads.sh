#!/usr/bin/env bash
# Ten reads of one order with curl, each checked with jq (bench/peers.py). $1 base URL, $2 key.
set -euo pipefail
for _ in 1 2 3 4 5 6 7 8 9 10; do
  curl -sf -H "X-API-Key: $2" "$1/orders/1efbb7e3-74e3-68a8-a1ca-8ff1ac166f80" | jq -e '.status == "completed"' > /dev/null
done
