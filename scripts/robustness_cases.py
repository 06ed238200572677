"""docs/robustness.md: every robustness case of issue #8, what it checks and its outcome.

    python scripts/robustness_cases.py --run          # run the tests, then write the page
    python scripts/robustness_cases.py --junit FILE   # write it from an earlier pytest run
    python scripts/robustness_cases.py --check        # exit 1 if the page's cases are stale

The cases are the test functions of the files in `SOURCES` (all of a file, or the functions
named there), read from the source with `ast`, so listing them runs nothing; the fuzzer's last
run (benchmarks/results/fuzz.json) is one more row. Outcomes come only from a real pytest run
(its JUnit XML): the page says "passed" because that run passed. The tests that need Neo4j run
against the server the environment names (POLICYKG_NEO4J_URI …), as in `make test`.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DOC = ROOT / "docs" / "robustness.md"
FUZZ = ROOT / "benchmarks" / "results" / "fuzz.json"
ALL = None

# (section, test file, the functions that are robustness cases; ALL = every test function)
SOURCES: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("Bad input: reading files", "test_reader.py", ALL),
    (
        "Bad input: the command line",
        "test_cli.py",
        ("test_cli_build_reports_bad_files_and_goes_on", "test_cli_eval_missing_text_is_a_clear_error"),
    ),
    ("Bad input: a 50 MB file", "test_big_file.py", ALL),
    ("Random and mutated texts (hypothesis)", "test_properties.py", ALL),
    ("Random and mutated texts (hypothesis)", "test_clean.py", (
        "test_clean_is_idempotent_on_random_texts",
        "test_clean_map_is_monotone_and_inside_raw",
    )),
    ("Parser fuzzing", "test_fuzz_script.py", ALL),
    ("Faults: server, credentials, concurrency", "test_faults.py", ALL),
    ("Faults: server, credentials, concurrency", "test_loader.py", (
        "test_loader_cli_wrong_password_is_a_clear_error",
        "test_loader_cli_unreachable_server_is_a_clear_error",
        "test_loader_two_loads_at_once_make_no_duplicates",
        "test_loader_schema_created_by_concurrent_loads_on_a_fresh_database",
        "test_loader_busy_lock_is_a_clear_error",
    )),
    ("Faults: server, credentials, concurrency", "test_queries.py", (
        "test_queries_cli_wrong_password_is_reported",
        "test_queries_cli_unreachable_server_is_reported",
    )),
    ("Injection", "test_loader.py", ("test_loader_hostile_strings_are_data",)),
    ("Injection", "test_queries.py", (
        "test_queries_injected_text_in_parameters_is_data",
        "test_queries_text_where_a_number_belongs_is_an_error",
        "test_queries_unknown_parameter_is_an_error",
        "test_queries_named_query_runs_read_only",
        "test_queries_cli_cypher_create_without_write_fails_and_creates_nothing",
        "test_queries_cli_cypher_parameters_are_data",
    )),
]  # fmt: skip


@dataclass(frozen=True)
class Case:
    section: str
    file: str
    name: str
    checks: str  # what the test checks: its docstring's first line, else its name in words

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def _examples(func: ast.FunctionDef) -> int | None:
    """max_examples of a hypothesis `@settings(...)`, if the function has one."""
    for decorator in func.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "settings":
            for keyword in decorator.keywords:
                if keyword.arg == "max_examples" and isinstance(keyword.value, ast.Constant):
                    return keyword.value.value
    return None


def _words(name: str, stem: str) -> str:
    """A test's name without `test_` and the file's word: test_property_x_y -> "x y"."""
    name = name.removeprefix("test_")
    first = name.split("_")[0]
    for prefix in (stem + "_", first + "_" if stem.startswith(first[:-1]) else ""):
        if prefix and name.startswith(prefix):
            return name.removeprefix(prefix).replace("_", " ")
    return name.replace("_", " ")


def _describe(func: ast.FunctionDef, stem: str) -> str:
    doc = ast.get_docstring(func)
    text = doc.split("\n")[0] if doc else _words(func.name, stem)
    examples = _examples(func)
    return f"{text} ({examples:,} examples)" if examples else text


def cases() -> list[Case]:
    """The robustness cases, in the order of `SOURCES` and of each file."""
    out: list[Case] = []
    for section, file, names in SOURCES:
        tree = ast.parse((TESTS / file).read_text(encoding="utf-8"))
        funcs = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        }
        missing = set(names or ()) - set(funcs)
        if missing:
            raise SystemExit(f"{file} has no {', '.join(sorted(missing))}: update SOURCES")
        stem = file.removeprefix("test_").removesuffix(".py")
        for name in names or funcs:
            out.append(Case(section, file, name, _describe(funcs[name], stem)))
    return out


# ---------------------------------------------------------------------------------------------
# Outcomes


def run_tests(junit: Path) -> int:
    """pytest on exactly the cases; the JUnit XML goes to `junit`."""
    ids = [f"tests/{case.id}" for case in cases()]
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    return subprocess.run([*pytest, f"--junitxml={junit}", *ids], cwd=ROOT).returncode


def outcomes(junit: Path) -> dict[str, Counter[str]]:
    """Case id -> counts of passed / failed / skipped runs (a parametrised test runs many)."""
    found: dict[str, Counter[str]] = {}
    for testcase in ET.parse(junit).iter("testcase"):
        file = testcase.get("classname", "").rsplit(".", 1)[-1] + ".py"
        name = re.sub(r"\[.*\]$", "", testcase.get("name", ""))
        status = "passed"
        for child in testcase:
            if child.tag in ("failure", "error"):
                status = "failed"
            elif child.tag == "skipped":
                status = "skipped"
        found.setdefault(f"{file}::{name}", Counter())[status] += 1
    return found


def _outcome(counts: Counter[str] | None) -> str:
    if not counts:
        return "not run"
    runs = sum(counts.values())
    if counts["failed"]:
        return f"**failed** ({counts['failed']} of {runs})"
    if counts["skipped"]:
        return f"skipped ({counts['skipped']} of {runs})"
    return "passed" if runs == 1 else f"passed ({runs} of {runs})"


def _fuzz_row() -> str:
    if not FUZZ.exists():
        return "| fuzz_parsers.py | (no run recorded) | not run |"
    run = json.loads(FUZZ.read_text(encoding="utf-8"))
    per_parser = ", ".join(f"{name} {count:,}" for name, count in run["cases"].items())
    failures = len(run["failures"])
    outcome = "0 failures" if not failures else f"**{failures} failures**"
    return (
        f"| `scripts/fuzz_parsers.py --seconds {run['seconds']:g} --seed {run['seed']}` "
        f"| {run['total_cases']:,} cases on {run['date'][:10]}: {per_parser} | {outcome} |"
    )


# ---------------------------------------------------------------------------------------------
# The page


_HEADER = "| case | what is checked | outcome |"


def markdown(junit: Path, summary: str) -> str:
    results = outcomes(junit)
    lines = [
        "# Robustness cases (issue #8)",
        "",
        "Generated by `python scripts/robustness_cases.py --run` from a pytest run of the tests",
        "below; do not edit. `tests/test_robustness_doc.py` fails when a case is added or removed",
        "and the page is not regenerated.",
        "",
        f"Run: {summary}",
    ]
    section = None
    for case in cases():
        if case.section != section:
            section = case.section
            lines += ["", f"## {section}", "", _HEADER, "| --- | --- | --- |"]
            if section == "Parser fuzzing":
                lines.append(_fuzz_row())
        outcome = _outcome(results.get(case.id))
        lines.append(f"| `{case.id}` | {case.checks} | {outcome} |")
    return "\n".join(lines) + "\n"


def listed_cases(page: str) -> list[str]:
    """The case ids a generated page lists, in order."""
    return re.findall(r"^\| `(test_\w+\.py::\w+)` \|", page, flags=re.M)


def _summary(junit: Path) -> str:
    suite = next(ET.parse(junit).iter("testsuite"))
    counts = {key: int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped")}
    date = (suite.get("timestamp") or datetime.now(UTC).isoformat())[:10]
    return (
        f"{date}, {counts['tests']} tests, {counts['failures'] + counts['errors']} failed, "
        f"{counts['skipped']} skipped, {float(suite.get('time', 0)):.0f} s."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--run", action="store_true", help="run the tests, then write the page")
    group.add_argument("--junit", type=Path, help="write the page from this JUnit XML")
    group.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    parser.add_argument("--save-junit", type=Path, help="with --run: keep the JUnit XML here")
    args = parser.parse_args(argv)
    if args.check:
        stale = listed_cases(DOC.read_text(encoding="utf-8")) != [c.id for c in cases()]
        print("docs/robustness.md is stale" if stale else "docs/robustness.md is current")
        return int(stale)
    if args.run:
        with tempfile.TemporaryDirectory() as tmp:
            junit = args.save_junit or Path(tmp) / "junit.xml"
            code = run_tests(junit)
            DOC.write_text(markdown(junit, _summary(junit)), encoding="utf-8")
    else:
        code = 0
        DOC.write_text(markdown(args.junit, _summary(args.junit)), encoding="utf-8")
    print(f"written to {DOC}")
    return code


if __name__ == "__main__":
    sys.exit(main())
