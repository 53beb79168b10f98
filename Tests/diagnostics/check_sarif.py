"""`pay check --format sarif` and `pay test --format sarif` against the SARIF 2.1.0 schema, as the
pydantic model generated from it (PyPI's pydantic-sarif, extra fields forbidden) reads it; and the
SARIF log, the JSON lines and the text of the same files name the same places and codes.

    python3 Tests/diagnostics/check_sarif.py .build/debug/pay
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".build/debug/pay")
CASES = ROOT / "Tests/EndToEndTests/Cases"
TEXT = re.compile(r"^(.+?):(\d+):(\d+): (error|warning)\[(P\d{3})\]: ")


def pay(*args, cwd=CASES):
    return subprocess.run([PAY, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def places_in_sarif(log):
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules)), rules
    places = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"], result
        region = result["locations"][0]["physicalLocation"]["region"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        places.append((uri, region["startLine"], region["startColumn"], result["ruleId"], result["level"]))
    return places


def main():
    files = sorted(p.name for p in CASES.glob("*.pay") if not p.name.startswith("_"))
    sarif = pay("check", "--format", "sarif", *files)
    assert sarif.returncode == 2, sarif.returncode
    log = json.loads(sarif.stdout)
    SarifLog.model_validate(log)
    assert log["version"] == "2.1.0" and log["runs"][0]["columnKind"] == "unicodeCodePoints"
    from_sarif = places_in_sarif(log)

    lines = pay("check", "--format", "json", *files)
    from_json = [(d["file"], d["line"], d["column"], d["code"], d["severity"]) for d in map(json.loads, lines.stdout.splitlines())]
    text = pay("check", *files)
    from_text = [(m[1], int(m[2]), int(m[3]), m[5], m[4]) for m in map(TEXT.match, text.stderr.splitlines()) if m]
    assert from_json == from_text, (len(from_json), len(from_text))
    assert from_sarif == from_json, (len(from_sarif), len(from_json))
    codes = {place[3] for place in from_sarif}
    # Syntax, checker, warning, literal and unreadable-file codes all occur among the cases.
    assert {"P101", "P105", "P110", "P111", "P201", "P204", "P210", "P211", "P306", "P406"} <= codes, sorted(codes)
    assert lines.returncode == text.returncode == 2

    # pay test: the failures alone, as SARIF on standard output; the files' lines on standard error.
    with tempfile.TemporaryDirectory() as folder:
        pathlib.Path(folder, "ok.pay").write_text("expect 1 + 1 == 2\n")
        pathlib.Path(folder, "broken.pay").write_text("let o = order 1 TRX\nexpect o.totalAmount == 2 TRX\n")
        run = pay("test", "--format", "sarif", ".", cwd=folder)
        assert run.returncode == 1, (run.returncode, run.stderr)
        log = json.loads(run.stdout)
        SarifLog.model_validate(log)
        assert places_in_sarif(log) == [("broken.pay", 2, 8, "P407", "error")], places_in_sarif(log)
        assert "FAILED  broken.pay" in run.stderr and "ok      ok.pay" in run.stderr, run.stderr
        run = pay("test", "--format", "json", ".", cwd=folder)
        assert [(d["file"], d["line"], d["code"]) for d in map(json.loads, run.stdout.splitlines())] == [("broken.pay", 2, "P407")], run.stdout
    print(f"SARIF 2.1.0: {len(from_sarif)} results over {len(files)} files validate, and agree with --format json and text")


if __name__ == "__main__":
    main()
