#!/usr/bin/env python3
"""The HARs pay writes are HAR 1.2, read by a HAR reader that is not pay's own (haralyzer, from
PyPI) and checked against the spec's list of required fields
(http://www.softwareishard.com/blog/har-12-spec/).

    python3 Tests/exchanges/check_har.py [PATH_TO_PAY]      (default .build/debug/pay)

It records examples/checkout.pay on the embedded sandbox, a run that ends on a refused request,
and `pay test --record` over the examples; then reads each HAR with haralyzer (every entry's
request and response), checks every required field and its type, and checks the shipped
examples/seed-document.har the same way. Exit 0 when all hold, else each problem and exit 1.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

from haralyzer import HarEntry, HarParser

PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/pay")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# HAR 1.2's required fields, and their JSON types.
REQUIRED = {
    "log": {"version": str, "creator": dict, "entries": list},
    "creator": {"name": str, "version": str},
    "entry": {"startedDateTime": str, "time": (int, float), "request": dict, "response": dict, "cache": dict, "timings": dict},
    "request": {"method": str, "url": str, "httpVersion": str, "cookies": list, "headers": list, "queryString": list,
                "headersSize": int, "bodySize": int},
    "response": {"status": int, "statusText": str, "httpVersion": str, "cookies": list, "headers": list, "content": dict,
                 "redirectURL": str, "headersSize": int, "bodySize": int},
    "content": {"size": int, "mimeType": str},
    "timings": {"send": (int, float), "wait": (int, float), "receive": (int, float)},
    "pair": {"name": str, "value": str},
    "postData": {"mimeType": str, "text": str},
}


def fields(where, value, kind, problems):
    for name, expected in REQUIRED[kind].items():
        if name not in value:
            problems.append(f"{where}: no {name}")
        elif not isinstance(value[name], expected) or isinstance(value[name], bool):
            problems.append(f"{where}.{name}: {type(value[name]).__name__}, expected {expected}")


def check(path):
    problems = []
    with open(path) as file:
        har = json.load(file)
    fields(path, har.get("log", {}), "log", problems)
    log = har["log"]
    if log.get("version") != "1.2":
        problems.append(f"{path}: version {log.get('version')!r}")
    fields(f"{path}: creator", log.get("creator", {}), "creator", problems)
    for index, entry in enumerate(log.get("entries", [])):
        where = f"{path}: entry {index}"
        fields(where, entry, "entry", problems)
        fields(f"{where}.request", entry["request"], "request", problems)
        fields(f"{where}.response", entry["response"], "response", problems)
        fields(f"{where}.response.content", entry["response"]["content"], "content", problems)
        fields(f"{where}.timings", entry["timings"], "timings", problems)
        for list_name in ["headers", "queryString", "cookies"]:
            for pair in entry["request"][list_name] if list_name != "cookies" else []:
                fields(f"{where}.request.{list_name}", pair, "pair", problems)
        if "postData" in entry["request"]:
            fields(f"{where}.request.postData", entry["request"]["postData"], "postData", problems)
        for header in entry["request"]["headers"]:
            if header["name"].lower() == "x-api-key" and header["value"] != "***":
                problems.append(f"{where}: the key header holds {header['value']!r}, not ***")
        # haralyzer's own reading of the entry.
        parsed = HarEntry(entry)
        if parsed.request.method != entry["request"]["method"] or parsed.status != entry["response"]["status"]:
            problems.append(f"{where}: haralyzer reads {parsed.request.method} {parsed.status}")
        if parsed.url != entry["request"]["url"]:
            problems.append(f"{where}: haralyzer reads the url {parsed.url!r}")
    parser = HarParser(har)
    if parser.version != "1.2" or parser.creator["name"] not in ("pay", "seed_document_har.py"):
        problems.append(f"{path}: haralyzer reads version {parser.version!r}, creator {parser.creator!r}")
    return len(log.get("entries", [])), problems


def main():
    work = tempfile.mkdtemp(prefix="pay-har-")
    with open(os.path.join(work, "refused.pay"), "w") as file:
        file.write('let o = order 1 TRX\nget order "o-missing"\n')
    runs = [
        ([PAY, "run", os.path.join(ROOT, "examples", "checkout.pay"), "--record", "checkout.har"], 0),
        ([PAY, "run", "refused.pay", "--record", "refused.har"], 3),
        ([PAY, "test", os.path.join(ROOT, "examples"), "--record", "recordings"], 0),
    ]
    problems = []
    for argv, status in runs:
        result = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=300)
        if result.returncode != status:
            problems.append(f"{' '.join(argv[1:3])}: exit {result.returncode}, expected {status}: {result.stderr}")
    files = [os.path.join(work, "checkout.har"), os.path.join(work, "refused.har"),
             os.path.join(ROOT, "examples", "seed-document.har")]
    files += sorted(glob.glob(os.path.join(work, "recordings", "**", "*.har"), recursive=True))
    total = 0
    for path in files:
        count, found = check(path)
        total += count
        problems += found
    for problem in problems:
        print("PROBLEM: " + problem)
    print(f"{len(files)} HAR files, {total} entries read with haralyzer and checked against HAR 1.2's required fields: "
          f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
