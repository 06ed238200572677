"""The parser fuzzer (scripts/fuzz_parsers.py) runs for a set time and writes its report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fuzz_parsers.py"
PARSERS = {
    "find_clauses",
    "parse_clause",
    "parse_unit_list",
    "find_doc_numbers",
    "issuer_of_number",
    "find_metadata",
}


def test_fuzz_script_runs_for_three_seconds_and_writes_its_report(tmp_path):
    """3 s of fuzzing: every parser tried, report written, no failure."""
    out = tmp_path / "fuzz.json"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "3", "--seed", "8", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["seed"] == 8
    assert report["seconds"] == 3
    assert set(report["cases"]) == PARSERS
    assert all(count > 0 for count in report["cases"].values())
    assert report["failures"] == []
    assert "0 failures" in result.stdout
