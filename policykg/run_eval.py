"""`policykg eval`: run the extractor on the texts the gold files name, and score it."""

from __future__ import annotations

from pathlib import Path

from policykg.evaluation import Report, load_gold, score
from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.output import to_json
from policykg.extract.pipeline import extract_file


class MissingText(Exception):
    """A gold file names a text that is not in the text directory."""


def find_text(text_dir: Path, gold: dict) -> Path:
    """The text a gold file names: the exact file name, or a file named `<stem>_<description>.txt`."""
    name = gold.get("text") or f"{gold['doc']}.txt"
    exact = text_dir / name
    if exact.is_file():
        return exact
    stem = Path(name).stem
    candidates = sorted(text_dir.glob(f"{stem}_*.txt"))
    if len(candidates) == 1:
        return candidates[0]
    raise MissingText(f"{text_dir}: no text {name!r} for gold document {gold.get('doc')!r}")


def run_eval(gold_dir: Path, text_dir: Path) -> Report:
    gazetteer = AgencyGazetteer.default()
    pairs = []
    for gold in load_gold(gold_dir):
        predicted = to_json(extract_file(find_text(text_dir, gold), gazetteer))
        predicted["doc"] = gold["doc"]  # the text may be named `<doc>_<description>.txt`
        pairs.append((gold, predicted))
    return score(pairs)
