#!/usr/bin/env bash
# Coverage-guided fuzzing of the language's front end (lexer, parser, checker, rendered
# diagnostics) with libFuzzer, AddressSanitizer and LeakSanitizer. See Sources/PayFuzz.
#
#   bash Tests/fuzz/run.sh SECONDS     fuzz for SECONDS (CI: 60; the recorded long run: 600)
#
# The seed corpus is the examples, the Cases and Tests/fuzz/regressions/*.pay (each finding, kept).
# The working corpus grows in .build-fuzz/corpus across runs on one machine. A finding stops the
# run, is written to .build-fuzz/findings/, and fails this script: add it to
# Tests/fuzz/regressions/ and a test to HostileInputTests once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}

swift build -c release --product pay-fuzz --build-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DPAY_FUZZ 2>&1 | grep -E "error|Compiling PayFuzz|complete" || true
fuzzer=.build-fuzz/release/pay-fuzz
test -x "$fuzzer"

mkdir -p .build-fuzz/corpus .build-fuzz/findings
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
cp examples/*.pay examples/lib/*.pay Tests/EndToEndTests/Cases/*.pay "$seeds"/
if [ -d Tests/fuzz/regressions ]; then find Tests/fuzz/regressions -name "*.pay" -exec cp {} "$seeds"/ \;; fi

# -timeout: one input taking 10 s is a hang. -rss_limit_mb: a leak or a blow-up is a finding.
"$fuzzer" .build-fuzz/corpus "$seeds" \
  -dict=Tests/fuzz/pay.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix=.build-fuzz/findings/ 2>&1 | tee .build-fuzz/last-run.log | grep -E "^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::|Done" 
