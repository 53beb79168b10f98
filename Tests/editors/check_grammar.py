#!/usr/bin/env python3
"""The TextMate grammar (editors/pay.tmLanguage.json) agrees with the lexer on every example.

    python3 Tests/editors/check_grammar.py [PATH_TO_PAY]      (default .build/debug/pay)

Each example is tokenized twice: by `pay check --tokens`, the lexer's own tokens with their kinds,
and by a TextMate engine that is not ours (textmate-grammar-python, from PyPI) with the grammar.
At the first character of every token, comment and string interpolation, the engine's scopes must
hold the scope the token's kind calls for: a keyword its group's, a number, duration, percentage,
amount and currency theirs, a string and a `{…}` inside one theirs, and a plain name none of
those. Then, so the check is known to catch drift, a grammar that has lost the `wait` command
must fail it.
"""
import copy
import glob
import json
import logging
import os
import subprocess
import sys

from textmate_grammar.parsers.base import LanguageParser

PAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/pay")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
logging.getLogger("textmate_grammar").setLevel(logging.CRITICAL)

CONTROL = {"let", "if", "else", "for", "in", "repeat", "def", "return", "use", "expect", "fail", "print", "show", "sleep"}
COMMANDS = {"integrations", "integration", "assets", "rates", "order", "get", "transaction", "refund", "withdraw", "send",
            "wait", "pay", "advance", "balance", "refresh"}
CLAUSES = {"half", "all", "of", "to", "from", "within", "external"}
WORDS = {"and", "or", "not"}
CONSTANTS = {"true", "false", "null"}
HIGHLIGHTS = ("keyword.", "constant.", "support.", "variable.language", "string.", "comment.")


def is_currency(name):
    return len(name) >= 2 and name[0].isupper() and all(c.isupper() or c.isdigit() or c == "_" for c in name) and name[0].isalpha()


def expected(kind, text, after_number):
    """The scope a token of `kind` (its `text`) must have, or None for a plain name."""
    if kind.startswith("keyword:"):
        word = kind.split(":", 1)[1]
        for group, scope in [(CONTROL, "keyword.control.pay"), (COMMANDS, "keyword.other.command.pay"),
                             (CLAUSES, "keyword.other.clause.pay"), (WORDS, "keyword.operator.word.pay"),
                             (CONSTANTS, "constant.language.pay")]:
            if word in group:
                return scope
        return "variable.language.it.pay"
    if kind == "identifier":
        return "support.constant.currency.pay" if after_number and is_currency(text) else None
    return {"comment": "comment.line.number-sign.pay", "string": "string.quoted.double.pay",
            "code": "meta.interpolation.pay", "duration": "constant.numeric.duration.pay",
            "percent": "constant.numeric.percentage.pay"}.get(kind)


def scopes_at(segments, line, column):
    for (row, start), content, scopes in segments:
        if row == line and start <= column < start + len(content):
            return scopes
    return []


def check(grammar, files):
    parser = LanguageParser(grammar)
    problems, tokens = [], 0
    for path in files:
        with open(path) as file:
            text = file.read()
        if not text.endswith("\n"):
            text += "\n"
        lines = text.split("\n")
        segments = parser.parse_string(text).flatten()
        listing = subprocess.run([PAY, "check", "--tokens", path], capture_output=True, text=True, check=True).stdout.split("\n")
        previous = None
        for entry in filter(None, listing):
            place, length, kind = entry.split(" ")
            line, column = (int(n) for n in place.split(":"))
            word = lines[line - 1][column - 1:column - 1 + int(length)]
            after_number = previous is not None and previous[0] == line and previous[1] == "number"
            want = expected(kind, word, after_number)
            if kind == "number":
                following = next((e for e in listing if e and e.split(" ")[0].startswith(f"{line}:") and
                                  int(e.split(" ")[0].split(":")[1]) > column), None)
                amount = following is not None and following.split(" ")[2] == "identifier" and is_currency(
                    lines[line - 1][int(following.split(" ")[0].split(":")[1]) - 1:][:int(following.split(" ")[1])])
                want = "constant.numeric.amount.pay" if amount else "constant.numeric.pay"
            # An interpolation's scope is the engine's from just inside its `{`.
            have = scopes_at(segments, line - 1, column if kind == "code" else column - 1)
            tokens += 1
            if want is None:
                if any(scope.startswith(HIGHLIGHTS) for scope in have[1:] if "interpolation" not in scope and
                       not scope.startswith(("source.pay", "string.quoted", "punctuation"))):
                    problems.append(f"{os.path.relpath(path, ROOT)}:{line}:{column}: the name {word!r} is highlighted as {have}")
            elif want not in have:
                problems.append(f"{os.path.relpath(path, ROOT)}:{line}:{column}: {kind} {word!r} wants {want}, the grammar gives {have}")
            previous = (line, kind)
    return tokens, problems


def main():
    with open(os.path.join(ROOT, "editors", "pay.tmLanguage.json")) as file:
        grammar = json.load(file)
    files = sorted(glob.glob(os.path.join(ROOT, "examples", "*.pay")) + glob.glob(os.path.join(ROOT, "examples", "lib", "*.pay")))
    tokens, problems = check(grammar, files)
    for problem in problems:
        print("PROBLEM: " + problem)
    # The check must see drift: a grammar without `wait` among its commands fails it.
    drifted = copy.deepcopy(grammar)
    for pattern in drifted["repository"]["keywords"]["patterns"]:
        pattern["match"] = pattern["match"].replace("|wait|", "|")
    _, caught = check(drifted, [os.path.join(ROOT, "examples", "underpayment_topup.pay")])
    if not any("'wait'" in problem for problem in caught):
        problems.append("a grammar without 'wait' passed the check")
    print(f"{len(files)} files, {tokens} tokens: the grammar's scopes agree with the lexer's kinds; "
          f"a grammar without 'wait' was caught {len(caught)} times; {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
