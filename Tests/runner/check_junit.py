"""`pay test` as CI runs it, on 200 scenario files made from the examples: every file passes, the
JUnit report is valid against junit.xsd and has 200 testcases, junitparser (a reader CI tools use)
counts the same, and shards 1/3, 2/3 and 3/3 run every file exactly once. A failing file is
located in the console and in the JUnit failure.

    python3 Tests/runner/check_junit.py [PATH_TO_PAY] [--copies N]

Speed is measured in bench/runner.py with a release build, not here.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import junitparser
import pexpect
import xmlschema

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
args = sys.argv[1:]
copies = 200
if "--copies" in args:
    at = args.index("--copies")
    copies = int(args[at + 1])
    del args[at:at + 2]
PAY = os.path.abspath(args[0] if args else os.path.join(ROOT, ".build/debug/pay"))


# refunds_by_row.pay is a testcase per row of its data file's three rows.
CASES = {"refunds_by_row.pay": 3}


def scenario_folder(count):
    """count scenario files, the examples in turn, each folder with the examples' lib/ and data/;
    and how many testcases they make."""
    examples = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".pay"))
    root = tempfile.mkdtemp(prefix="pay-junit-")
    testcases = 0
    for i in range(count):
        folder = os.path.join(root, "suite%03d" % i)
        os.makedirs(folder)
        example = examples[i % len(examples)]
        shutil.copy(os.path.join(ROOT, "examples", example), folder)
        shutil.copytree(os.path.join(ROOT, "examples", "lib"), os.path.join(folder, "lib"))
        shutil.copytree(os.path.join(ROOT, "examples", "data"), os.path.join(folder, "data"))
        testcases += CASES.get(example, 1)
    return root, testcases


def run(root, *arguments):
    return subprocess.run([PAY, "test", ".", *arguments], cwd=root, capture_output=True, text=True, timeout=600)


def main():
    root, testcases = scenario_folder(copies)
    result = run(root, "--jobs", "2", "--junit", "report.xml", "--json", "report.json", "--timing")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().split("\n")[-1]
    assert summary.startswith(f"{testcases} passed, 0 failed in "), summary
    report = os.path.join(root, "report.xml")
    xmlschema.XMLSchema(os.path.join(HERE, "junit.xsd")).validate(report)
    xml = junitparser.JUnitXml.fromfile(report)
    cases = [case for suite in xml for case in suite]
    assert len(cases) == testcases, len(cases)
    assert all(case.is_passed for case in cases)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (testcases, 0, 0, 0), (xml.tests, xml.failures, xml.errors, xml.skipped)
    print(f"junit: {copies} files, {testcases} testcases, valid against junit.xsd; {summary}")

    everything = sorted(r["path"] for r in json.load(open(os.path.join(root, "report.json")))["results"])
    seen = []
    for shard in (1, 2, 3):
        part = run(root, "--shard", f"{shard}/3", "--json", f"shard{shard}.json")
        assert part.returncode == 0, part.stdout + part.stderr
        paths = [r["path"] for r in json.load(open(os.path.join(root, f"shard{shard}.json")))["results"]]
        print(f"shard {shard}/3: {len(paths)} files")
        seen += paths
    assert sorted(seen) == everything, "shards do not partition the files"
    assert len(seen) == len(set(seen)) == testcases

    with open(os.path.join(root, "suite000", "broken.pay"), "w") as broken:
        broken.write('let o = order 1 TRX\npay o\nwait o completed\nexpect o.totalAmount == 1 TRX\n')
    failing = run(root, "--filter", "suite000", "--junit", "failing.xml")
    assert failing.returncode == 1, failing.returncode
    assert "    suite000/broken.pay:4:8: error[P407]: expectation failed: o.totalAmount == 1 TRX" in failing.stdout, failing.stdout
    xml = junitparser.JUnitXml.fromfile(os.path.join(root, "failing.xml"))
    failures = [case for suite in xml for case in suite if not case.is_passed]
    assert len(failures) == 1 and failures[0].result[0].message == \
        "suite000/broken.pay:4:8: error[P407]: expectation failed: o.totalAmount == 1 TRX", failures[0].result[0].message
    print("a failing expect: exit 1, located on the console and in the JUnit failure")

    # The progress line and colours are for terminals only, and never with NO_COLOR.
    piped = run(root, "--filter", "suite00")
    assert "running…" not in piped.stdout and "\x1b[" not in piped.stdout, piped.stdout
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    shown = pexpect.run(f"{PAY} test . --filter suite00", cwd=root, env=env, encoding="utf-8", timeout=120)
    assert "running…" in shown and "\x1b[32mok     \x1b[0m suite001/" in shown, repr(shown[:400])
    plain = pexpect.run(f"{PAY} test . --filter suite00", cwd=root, env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=120)
    assert "running…" in plain and "\x1b[3" not in plain, repr(plain[:400])
    print("on a terminal: a progress line and colours (none with NO_COLOR); piped: neither")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
