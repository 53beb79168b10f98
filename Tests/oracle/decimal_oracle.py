#!/usr/bin/env python3
"""The decimal oracle: generated arithmetic run through `pay`, checked against Python's fractions
and decimal modules.

Cases are random operands of every size and scale, ties at the rounding boundary, values near 38
significant digits, percentages, and operands taken from Python's own decTest files (add,
multiply, divide, rounding). Each case is one statement of a generated .pay script; a case that
must fail is wrapped in `expect refused { … } as why` and its message is checked too. One `pay run`
executes them all, so the comparison is of the real binary's output.

    python3 Tests/oracle/decimal_oracle.py .build/debug/pay --cases 12000 --seed 1
    python3 Tests/oracle/decimal_oracle.py .build/debug/pay --cases 200000 --seed 7   # long form

The rules checked are grammar.md's: + - * exact; a number quotient exact when it fits, else half
to even at 38 significant digits (or 76 places, if coarser); amount results half to even, once,
at the currency's precision; anything needing more than 38 significant digits is an error.
"""
import argparse
import decimal
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

LIMIT = 10 ** 38
MAX_PLACES = 76
CURRENCIES = {"TRX": 6, "EUR": 2, "JPY": 0, "KWD": 3, "USDT_TRC20": 6}
PLACES = dict(CURRENCIES, USDT=6)


class Refused(Exception):
    """The exact result cannot be held: the message `pay` must give contains `reason`."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def places_needed(x):
    """Digits after the point that x needs exactly, or None if it does not terminate."""
    places, scaled = 0, x
    while scaled.denominator != 1:
        scaled *= 10
        places += 1
        if places > 400:
            return None
    return places


def exact(x):
    """x itself, if the 38-digit domain holds it."""
    places = places_needed(x)
    if abs(x * 10 ** places) >= LIMIT:
        raise Refused("38 significant digits")
    if places > MAX_PLACES:
        raise Refused("76 digits after the point")
    return x


def quotient(a, b):
    """The number division rule, from exact fractions."""
    if b == 0:
        raise Refused("division by zero")
    q = Fraction(a) / Fraction(b)
    if q == 0:
        return q
    e = 0  # 10^e <= |q| < 10^(e+1)
    while abs(q) >= Fraction(10) ** (e + 1):
        e += 1
    while abs(q) < Fraction(10) ** e:
        e -= 1
    places = min(37 - e, MAX_PLACES)
    if places < 0:  # 38 digits above the point and more: at least 10^38
        raise Refused("38 significant digits")
    rounded = Fraction(round(q * Fraction(10) ** places), 10 ** places)  # round() on a Fraction: half to even
    if rounded == 0:  # not zero, but finer than 76 places: refused, never a silent 0
        raise Refused("76 digits after the point")
    if abs(rounded) >= LIMIT:
        raise Refused("38 significant digits")
    if 37 - e <= MAX_PLACES:
        # A second opinion from the decimal module, correctly rounded to 38 significant digits.
        with decimal.localcontext() as ctx:
            ctx.prec, ctx.rounding, ctx.Emax, ctx.Emin = 38, decimal.ROUND_HALF_EVEN, 999, -999
            assert Fraction(to_decimal(Fraction(a)) / to_decimal(Fraction(b))) == rounded, (a, b, rounded)
    return rounded


def to_decimal(x):
    places = places_needed(x)
    return decimal.Decimal(x.numerator * (10 ** places // x.denominator)).scaleb(-places)


def at_precision(x, places):
    """An amount result: half to even at the currency's precision, which must hold it."""
    r = Fraction(round(x * 10 ** places), 10 ** places)
    if abs(r * 10 ** places) >= LIMIT:
        raise Refused("38 significant digits")
    return r


def plain(x):
    """A number as pay prints it: no trailing zeros, no exponent."""
    places = places_needed(x)
    digits = str(abs(x.numerator * (10 ** places // x.denominator)))
    if places:
        digits = digits.rjust(places + 1, "0")
        digits = digits[:-places] + "." + digits[-places:]
    return ("-" if x < 0 else "") + digits


def fixed(x, places):
    """An amount's number as pay prints it: exactly `places` digits after the point."""
    digits = str(abs(x.numerator * (10 ** places // x.denominator)))
    if places:
        digits = digits.rjust(places + 1, "0")
        digits = digits[:-places] + "." + digits[-places:]
    return ("-" if x < 0 else "") + digits


def literal(x):
    """x as a .pay literal: negative ones in parentheses."""
    text = plain(x)
    return f"({text})" if x < 0 else text


# MARK: operands

def random_number(rng, max_digits=38):
    digits = rng.choice([1, 1, 2, 3, 6, 9, 15, 20, 30, 37, 38][: 11 if max_digits >= 38 else 8])
    digits = min(digits, max_digits)
    coefficient = rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits)
    places = rng.randint(0, min(digits + rng.choice([0, 0, 3, 10]), 38))
    value = Fraction(coefficient, 10 ** places)
    return -value if rng.random() < 0.25 else value


def dectest_operands():
    """Plain-decimal operands from Python's decTest files that fit the literal rules."""
    import test
    folder = os.path.join(os.path.dirname(test.__file__), "decimaltestdata")
    found = []
    for name in ("add.decTest", "multiply.decTest", "divide.decTest", "rounding.decTest", "subtract.decTest"):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        for line in open(path, encoding="utf-8"):
            parts = line.split("--")[0].split()
            if len(parts) < 5 or "->" not in parts:
                continue
            for token in parts[2:parts.index("->")]:
                token = token.strip("'\"")
                try:
                    d = decimal.Decimal(token)
                except decimal.InvalidOperation:
                    continue
                if not d.is_finite() or d.is_zero() and d.is_signed() or not -40 <= d.adjusted() <= 40 \
                        or len(d.as_tuple().digits) > 60:
                    continue
                x = Fraction(d)
                places = places_needed(x)
                if places is None or places > 38 or abs(x * 10 ** places) >= LIMIT:
                    continue
                found.append(x)
    return sorted(set(found))


# MARK: cases

def number_case(rng, pool):
    pick = (lambda: rng.choice(pool)) if pool and rng.random() < 0.4 else (lambda: random_number(rng))
    a, b = pick(), pick()
    op = rng.choice("+-*/")
    text = f"{literal(a)} {op} {literal(b)}"
    if op == "+":
        return text, lambda: plain(exact(a + b))
    if op == "-":
        return text, lambda: plain(exact(a - b))
    if op == "*":
        return text, lambda: plain(exact(a * b))
    return text, lambda: plain(quotient(a, b))


def amount_literal(rng, unit):
    places = CURRENCIES[unit]
    digits = rng.choice([1, 2, 4, 8, 15, 20, 30, 38])
    digits = min(digits, 38)
    coefficient = rng.randrange(1, 10 ** digits)
    value = Fraction(coefficient, 10 ** places)
    if abs(value * 10 ** places) >= LIMIT:
        value = Fraction(coefficient // 10, 10 ** places)
    return -value if rng.random() < 0.2 else value


def amount_text(x, unit):
    text = f"{fixed(x, PLACES[unit])} {unit}"
    return f"-{text[1:]}" if x < 0 else text


def amount_case(rng, pool):
    unit = rng.choice(list(CURRENCIES))
    places = CURRENCIES[unit]
    shown = "USDT" if unit == "USDT_TRC20" else unit
    a = amount_literal(rng, unit)
    kind = rng.choice(["mul", "div", "percent", "add", "sub", "ratio", "tie", "tie"])
    if kind == "tie":
        # Exactly half a unit in the last place, and just either side of it.
        a = Fraction(rng.randrange(0, 10 ** rng.choice([1, 3, 9, 20])) * 2 + rng.choice([0, 1]), 10 ** places)
        factor = rng.choice([Fraction(1, 2), Fraction(1, 2) + Fraction(1, 10 ** 30), Fraction(1, 2) - Fraction(1, 10 ** 30), Fraction(5, 10)])
        return f"{amount_text(a, unit)} * {literal(factor)}", lambda: f"{fixed(at_precision(a * factor, places), places)} {unit}"
    if kind in ("mul", "div"):
        n = rng.choice(pool) if pool and rng.random() < 0.3 else random_number(rng)
        if kind == "mul":
            return f"{amount_text(a, unit)} * {literal(n)}", lambda: f"{fixed(at_precision(a * n, places), places)} {unit}"
        if n == 0:
            return f"{amount_text(a, unit)} / 0", lambda: (_ for _ in ()).throw(Refused("division by zero"))
        return f"{amount_text(a, unit)} / {literal(n)}", lambda: f"{fixed(at_precision(a / n, places), places)} {unit}"
    if kind == "percent":
        p = Fraction(rng.randrange(0, 10 ** rng.choice([1, 2, 3, 5])), 10 ** rng.choice([0, 1, 2, 3]))
        return f"{amount_text(a, unit)} * {plain(p)}%", lambda: f"{fixed(at_precision(a * p / 100, places), places)} {unit}"
    b = amount_literal(rng, unit)
    other = "USDT" if unit == "USDT_TRC20" and rng.random() < 0.5 else unit
    if kind == "add":
        return f"{amount_text(a, unit)} + {amount_text(b, other)}", lambda: f"{fixed(at_precision(exact(a + b), places), places)} {unit}"
    if kind == "sub":
        return f"{amount_text(a, unit)} - {amount_text(b, other)}", lambda: f"{fixed(at_precision(exact(a - b), places), places)} {unit}"
    if b == 0:
        b = Fraction(1)
    return f"{amount_text(a, unit)} / {amount_text(b, other)}", lambda: plain(quotient(a, b))


def edge_cases():
    """The issue's own examples, and the 38-digit boundary."""
    nines = "9" * 38
    return [
        ("1000000000000000 TRX / 0.3999999999999999999999999", "2500000000000000.000000 TRX"),
        ("99999999999999999999999999999999.999999 TRX * 50%", "50000000000000000000000000000000.000000 TRX"),
        ("0.000005 TRX / 1.9999999999999999999999999999999999999", "0.000003 TRX"),
        ("1 / 1099511627776", "0.0000000000009094947017729282379150390625"),
        ("10000000000000000000000000000000000000 * 10000000000000000000000000000000000000", Refused("38 significant digits")),
        ("42778513898218677143136175584319752331 + 0.9", Refused("38 significant digits")),
        (f"{nines} + 1", Refused("38 significant digits")),
        (f"{nines} - 1", "9" * 37 + "8"),
        (f"0.{nines} * 0.{nines}", Refused("38 significant digits")),
        ("2 / 3", "0." + "6" * 37 + "7"),
        ("0.000005 TRX * 0.5", "0.000002 TRX"),
        ("0.000015 TRX * 0.5", "0.000008 TRX"),
        ("2.5 TRX * 0.27", "0.675000 TRX"),
        ("1.00 EUR / 3", "0.33 EUR"),
        ("150 JPY / 4", "38 JPY"),
        ("1.000 KWD / 8", "0.125 KWD"),
    ]


def generate(count, seed):
    rng = random.Random(seed)
    pool = dectest_operands()
    cases = []
    for text, want in edge_cases():
        cases.append((text, want))
    while len(cases) < count:
        text, compute = (amount_case if rng.random() < 0.45 else number_case)(rng, pool)
        try:
            want = compute()
        except Refused as refused:
            want = refused
        cases.append((text, want))
    return cases, len(pool)


def script(cases):
    lines = []
    for index, (text, want) in enumerate(cases):
        if isinstance(want, Refused):
            lines.append(f"expect refused {{ print {text} }} as why")
            lines.append(f'print "#{index} refused: {{why}}"')
        else:
            lines.append(f"print {text}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pay", help="the pay binary")
    parser.add_argument("--cases", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cases, operands = generate(args.cases, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "oracle.pay")
        with open(path, "w") as f:
            f.write(script(cases))
        run = subprocess.run([args.pay, "run", path], capture_output=True, text=True, timeout=600)
    got = run.stdout.splitlines()
    mismatches = []
    for index, (text, want) in enumerate(cases):
        line = got[index] if index < len(got) else None
        if isinstance(want, Refused):
            ok = line is not None and line.startswith(f"#{index} refused: ") and want.reason in line
        else:
            ok = line == want
        if not ok:
            mismatches.append((index, text, want if not isinstance(want, Refused) else f"refused ({want.reason})", line))
    refused = sum(isinstance(w, Refused) for _, w in cases)
    print(f"decimal oracle: {len(cases)} cases (seed {args.seed}, {operands} decTest operands, {refused} expected refusals)")
    for index, text, want, line in mismatches[:20]:
        print(f"  case {index}: print {text}\n    expected: {want}\n    pay:      {line}")
    if run.returncode != 0 and not mismatches:
        mismatches.append(None)
        print(run.stderr[-2000:])
    if run.stderr and mismatches:
        print("pay stderr:", run.stderr[-1500:])
    print(f"{len(cases) - len(mismatches)} passed, {len(mismatches)} failed")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
