"""Time-boxed fuzzer for the responsibility-list and document-number parsers.

    python scripts/fuzz_parsers.py --seconds 60 [--seed N] [--out benchmarks/results/fuzz.json]

Inputs are real clauses and numbers (found in the bundled texts, or built from the label words
of data/responsibility.json, the agency names of data/agencies.csv and the prefixes of
data/doc_number_prefixes.csv), mutated: brackets of every kind, full-width digits, line breaks
inside numbers, pieces missing, very long unit lists, random CJK; plus purely random strings.
Each case runs one parser twice and checks: no exception, the same result both times, every
span inside the input, every unit a non-empty string, every document number holding the digits
(the year among them) of the text it spans. A failure is shrunk to a small reproducer; the run
is written to --out (date, seconds, seed, cases per parser, failures). Exit code 1 on failures.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.clean import clean_text
from policykg.extract.metadata import find_doc_numbers, find_metadata, issuer_of_number
from policykg.extract.responsibility import find_clauses, parse_clause, parse_unit_list, vocabulary

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "fuzz.json"
_BRACKETS = "〔〕[]［］【】()（）《》"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII_DIGIT = re.compile(r"[0-9]")
_SHRINK_SECONDS = 5.0  # per distinct failure

Check = Callable[[str], None]


class Violation(AssertionError):
    """An invariant that does not hold; its message names the invariant."""


def expect(ok: bool, invariant: str) -> None:
    if not ok:
        raise Violation(invariant)


# ---------------------------------------------------------------------------------------------
# Seed material


@dataclass(frozen=True)
class Material:
    clauses: list[str]  # responsibility clauses with their brackets, as printed
    numbers: list[str]  # document numbers as printed
    agencies: list[str]  # agency names and aliases
    words: list[str]  # label words and markers of responsibility clauses


def _csv_column(name: str, column: str) -> list[str]:
    path = resources.files("policykg.data").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle) if row[column]]


def load_material(gazetteer: AgencyGazetteer) -> Material:
    clauses, numbers = set(), set()
    texts = resources.files("policykg.data").joinpath("texts")  # the bundled texts
    for path in sorted(p for p in texts.iterdir() if p.name.endswith(".txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        numbers.update(text[s:e] for s, e, _ in find_doc_numbers(text))
        clauses.update(text[c.start : c.end] for c in find_clauses(text, gazetteer, "上海"))
    vocab = vocabulary()
    words = [*vocab.list_labels, *vocab.lead_labels, *vocab.support_labels]
    words += [*vocab.lead_markers, *vocab.support_markers, *vocab.tails, *vocab.lead_star]
    agencies = sorted(set(_csv_column("agencies.csv", "alias")))
    rng = random.Random(0)
    for prefix in _csv_column("doc_number_prefixes.csv", "prefix"):
        numbers.add(f"{prefix}〔{rng.randint(1990, 2030)}〕{rng.randint(1, 300)}号")
    for label in vocab.labels:  # every label and marker, with agencies from the gazetteer
        a, b, c = rng.sample(agencies, 3)
        clauses.add(f"（{label}：{a}、{b}、{c}）")
    for lead, support in zip(vocab.lead_markers * 3, vocab.support_markers, strict=False):
        a, b, c = rng.sample(agencies, 3)
        clauses.add(f"（{a}{lead}，{b}、{c}{support}）")
    return Material(
        clauses=sorted(clauses), numbers=sorted(numbers), agencies=agencies, words=words
    )


# ---------------------------------------------------------------------------------------------
# Inputs


def random_string(rng: random.Random, n: int) -> str:
    alphabets = (
        lambda: chr(rng.randint(0x4E00, 0x9FFF)),
        lambda: chr(rng.randint(0x20, 0x7E)),
        lambda: rng.choice(_BRACKETS + "、，,。.:：;；\n\u3000 *＊※〔〕号第年令公告"),
        lambda: chr(rng.randint(0xFF10, 0xFF19)),
        lambda: chr(rng.randint(0x80, 0x2FFF)),
    )
    return "".join(rng.choice(alphabets)() for _ in range(n))


def long_list(rng: random.Random, material: Material) -> str:
    names = rng.choices(material.agencies, k=rng.randint(20, 400))
    separators = rng.choice(["、", "、", "，", "和", "及"])
    label = rng.choice(material.words)
    return f"（{label}：{separators.join(names)}）"


def mutate(rng: random.Random, text: str, material: Material) -> str:
    """One to six random edits of `text`."""
    for _ in range(rng.randint(1, 6)):
        text = rng.choice(_MUTATIONS)(rng, text, material)
    return text


def _swap_bracket(rng: random.Random, text: str, _: Material) -> str:
    at = [i for i, ch in enumerate(text) if ch in _BRACKETS]
    if not at:
        return text
    i = rng.choice(at)
    return text[:i] + rng.choice(_BRACKETS) + text[i + 1 :]


def _full_width(rng: random.Random, text: str, _: Material) -> str:
    return text.translate(_FULL_WIDTH) if rng.random() < 0.5 else text


def _line_break(rng: random.Random, text: str, _: Material) -> str:
    i = rng.randint(0, len(text))
    return text[:i] + rng.choice(["\n", "\n\n", "\n\n\n\n", "\r\n", " "]) + text[i:]


def _delete(rng: random.Random, text: str, _: Material) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + text[i + rng.randint(1, 6) :]


def _insert(rng: random.Random, text: str, material: Material) -> str:
    i = rng.randint(0, len(text))
    piece = rng.choice(
        [
            random_string(rng, rng.randint(1, 5)),
            rng.choice(material.words),
            rng.choice(material.agencies),
            rng.choice(material.numbers),
        ]
    )
    return text[:i] + piece + text[i:]


def _duplicate(rng: random.Random, text: str, _: Material) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    j = rng.randint(i, min(len(text), i + 30))
    return text[:j] + text[i:j] * rng.randint(1, 20) + text[j:]


def _concatenate(rng: random.Random, text: str, material: Material) -> str:
    other = rng.choice(material.clauses + material.numbers)
    return text + rng.choice(["", "。", "\n", "，"]) + other


_MUTATIONS = (_swap_bracket, _full_width, _line_break, _delete, _insert, _duplicate, _concatenate)


def make_input(rng: random.Random, pool: list[str], material: Material) -> str:
    roll = rng.random()
    if roll < 0.1:
        return random_string(rng, rng.randint(0, 200))
    if roll < 0.15:
        return long_list(rng, material)
    return mutate(rng, rng.choice(pool), material)


# ---------------------------------------------------------------------------------------------
# Parsers and their invariants


def _in_text(start: int, end: int, text: str) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)


def check_units(units: tuple, text: str) -> None:
    positions = [u.position for u in units]
    expect(positions == list(range(1, len(units) + 1)), "positions count 1, 2, 3, …")
    for unit in units:
        agency = unit.agency
        expect(
            isinstance(agency.surface, str) and agency.surface != "", "unit is a non-empty string"
        )
        expect(_in_text(agency.start, agency.end, text), "unit span inside the input")
        expect(unit.role in ("lead", "support"), "role is lead or support")


def deterministic(parse: Callable[[], Any]) -> Any:
    first = parse()
    expect(first == parse(), "same input, same result")
    return first


def check_find_clauses(text: str, gazetteer: AgencyGazetteer) -> None:
    clauses = deterministic(lambda: find_clauses(text, gazetteer, "上海"))
    for clause in clauses:
        expect(_in_text(clause.start, clause.end, text), "clause span inside the input")
        check_units(clause.units, text)


def check_parse_clause(text: str, gazetteer: AgencyGazetteer) -> None:
    check_units(deterministic(lambda: parse_clause(text, gazetteer, "上海")), text)


def check_parse_unit_list(text: str, gazetteer: AgencyGazetteer) -> None:
    for mode in ("first", "lead", "support"):
        units = deterministic(lambda mode=mode: parse_unit_list(text, gazetteer, mode=mode))
        check_units(units, text)


def check_find_doc_numbers(text: str) -> None:
    for start, end, number in deterministic(lambda: find_doc_numbers(text)):
        expect(_in_text(start, end, text) and start < end, "number span inside the input")
        expect(isinstance(number, str) and number != "", "number is a non-empty string")
        digits = _ASCII_DIGIT.findall(text[start:end])
        expect(_ASCII_DIGIT.findall(number) == digits, "number holds the digits it spans")
        year = re.search(r"(?:19|20)[0-9]{2}", text[start:end])
        expect(year is None or year.group() in number, "number holds the year it spans")


def check_issuer_of_number(text: str) -> None:
    for number in [text] + [n for _, _, n in find_doc_numbers(text)]:
        issuer = deterministic(lambda number=number: issuer_of_number(number))
        expect(isinstance(issuer, str), "issuer is a string")


def check_find_metadata(text: str) -> None:
    meta = deterministic(lambda: find_metadata(text))
    for name in ("title_span", "doc_number_span", "issuer_span", "date_span"):
        span = getattr(meta, name)
        expect(span is None or _in_text(*span, text), f"{name} inside the input")
    expect(not meta.doc_number or meta.doc_number_span is not None, "a number has its span")


def parsers(material: Material, gazetteer: AgencyGazetteer) -> dict[str, tuple[Check, list[str]]]:
    """Parser name -> (check, pool of real inputs to mutate)."""
    contents = [c[1:-1] for c in material.clauses]
    heads = [f"{n}\n{c}" for n, c in zip(material.numbers, material.clauses, strict=False)]
    return {
        "find_clauses": (lambda t: check_find_clauses(t, gazetteer), material.clauses),
        "parse_clause": (lambda t: check_parse_clause(t, gazetteer), contents),
        "parse_unit_list": (lambda t: check_parse_unit_list(t, gazetteer), contents),
        "find_doc_numbers": (check_find_doc_numbers, material.numbers),
        "issuer_of_number": (check_issuer_of_number, material.numbers),
        "find_metadata": (check_find_metadata, heads + material.numbers),
    }


# ---------------------------------------------------------------------------------------------
# Running, shrinking, reporting


def failure_of(check: Check, text: str) -> str | None:
    """The invariant `text` breaks (or the exception it raises), None when all hold."""
    try:
        check(text)
    except Violation as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - any exception is a finding
        return f"{type(exc).__name__}: {exc}"
    return None


def shrink(check: Check, text: str, failure: str, budget: float = _SHRINK_SECONDS) -> str:
    """A shorter input that fails the same way: delete chunks, halving their size."""
    deadline = time.monotonic() + budget
    size = max(1, len(text) // 2)
    while size >= 1 and time.monotonic() < deadline:
        i, shrunk = 0, False
        while i < len(text) and time.monotonic() < deadline:
            candidate = text[:i] + text[i + size :]
            if failure_of(check, candidate) == failure:
                text, shrunk = candidate, True
            else:
                i += size
        if not shrunk:
            size //= 2
    return text


def run(seconds: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    gazetteer = AgencyGazetteer.default()
    material = load_material(gazetteer)
    table = parsers(material, gazetteer)
    cases: Counter[str] = Counter()
    failures: dict[tuple[str, str], str] = {}
    slowest = (0.0, "", "")
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        name = rng.choice(list(table))
        check, pool = table[name]
        text = make_input(rng, pool, material)
        t0 = time.monotonic()
        failure = failure_of(check, text)
        took = time.monotonic() - t0
        cases[name] += 1
        if took > slowest[0]:
            slowest = (took, name, text[:200])
        if failure and (name, failure) not in failures:
            failures[(name, failure)] = shrink(check, text, failure)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": seconds,
        "elapsed_seconds": round(time.monotonic() - started, 1),
        "seed": seed,
        "cases": dict(sorted(cases.items())),
        "total_cases": sum(cases.values()),
        "slowest_case": {"parser": slowest[1], "seconds": round(slowest[0], 4)},
        "failures": [
            {"parser": name, "failure": failure, "input": text}
            for (name, failure), text in sorted(failures.items())
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time to fuzz for")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from time)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the run")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else time.time_ns() % 2**32
    report = run(args.seconds, seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"seed {seed}, {report['elapsed_seconds']} s, {report['total_cases']} cases")
    for name, count in report["cases"].items():
        print(f"  {name:18} {count}")
    print(f"{len(report['failures'])} failures")
    for failure in report["failures"]:
        print(f"  {failure['parser']}: {failure['failure']}\n    input: {failure['input']!r}")
    print(f"written to {args.out}")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
