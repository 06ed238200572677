"""docs/robustness.md lists exactly the robustness cases the tests hold (like docs/reference.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "robustness_cases.py"


def load_script():
    spec = importlib.util.spec_from_file_location("robustness_cases", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_robustness_doc_lists_every_case():
    script = load_script()
    listed = script.listed_cases(script.DOC.read_text(encoding="utf-8"))
    assert listed == [case.id for case in script.cases()], (
        "docs/robustness.md is stale: run python scripts/robustness_cases.py --run "
        "(with a Neo4j server, see README.md)"
    )


def test_robustness_doc_has_an_outcome_for_every_case():
    script = load_script()
    page = script.DOC.read_text(encoding="utf-8")
    assert "| not run |" not in page
    assert "Run: " in page
