"""Score extraction output against gold annotations, by the rules of `gold/FORMAT.md`.

Gold files are one JSON object per text; extraction output is one dict per document in the
"Extraction output" shape of FORMAT.md. Every comparison is between `norm`ed strings.

Counting conventions (FORMAT.md leaves these open; they are fixed here):

* `tp` counts matched gold items, `fn` unmatched gold items, `fp` unmatched predictions. For
  measures and lead/support the matching is one to one, so `tp` is also the number of matched
  predictions. For agencies, enterprises, bases, policies, targets and metrics a gold item is
  "found" when any prediction matches it (not one to one), and `fp` counts *distinct* predictions
  (by normalised key) that match no gold item.
* `fp` is only counted where precision is scored (the gold's `complete` names the kind; for
  lead/support, `complete.measures`); elsewhere it is 0 and precision and F1 are None.
* A ratio with a zero denominator is None. F1 is the harmonic mean of precision and recall; it is
  0.0 when either is 0.0 (whatever the other is) and None when precision is not scored.
* A kind with no gold items and no precision scoring in a text contributes nothing: it is left out
  of that text's `kinds`. The micro average sums `tp`/`fn` over all texts and takes precision
  from the texts where it is scored only.

Caveat inherited from FORMAT.md: `norm` drops symbols, so the units "%" and "‰" both normalise to
"" and equal a missing unit. The scorer keeps that rule so that its numbers match the client's.
"""

from __future__ import annotations

import json
import logging
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

KINDS: tuple[str, ...] = (
    "measures",
    "lead",
    "support",
    "agencies",
    "enterprises",
    "bases",
    "policies",
    "targets",
    "metrics",
)
_NAMED_KINDS = ("agencies", "enterprises", "bases")
_VALUE_KINDS = ("targets", "metrics")
_ROLE_KINDS = ("lead", "support")
# FORMAT.md: "starting at position 8 or earlier (room for a leading number)".
MAX_ANCHOR_POSITION = 8
_REL_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class Counts:
    """Counts and ratios of one kind, in one text or summed over texts."""

    tp: int
    fp: int
    fn: int
    precision_scored: bool
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True, slots=True)
class TextScore:
    doc: str
    text: str
    kinds: dict[str, Counts]


@dataclass(frozen=True, slots=True)
class Report:
    texts: tuple[TextScore, ...]
    micro: dict[str, Counts]


# --- normalisation -----------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _keep(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def norm(s: str) -> str:
    """Unicode NFKC, then keep only letters and digits (categories L* and N*)."""
    return "".join(filter(_keep, unicodedata.normalize("NFKC", s)))


def _n(value: Any) -> str:
    """`norm` of a field that may be missing or not a string."""
    return norm(value) if isinstance(value, str) else ""


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p == 0.0 or r == 0.0:
        return 0.0
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r)


def _counts(tp: int, fp: int, fn: int, scored: bool) -> Counts:
    recall = _ratio(tp, tp + fn)
    if not scored:
        return Counts(tp, 0, fn, False, None, recall, None)
    precision = _ratio(tp, tp + fp)
    return Counts(tp, fp, fn, True, precision, recall, _f1(precision, recall))


def _items(doc: Mapping[str, Any], kind: str) -> list[Any]:
    items = doc.get(kind)
    return list(items) if isinstance(items, list) else []


# --- measures and their responsible units ------------------------------------------------------


def _document_order(measures: list[Any]) -> list[Mapping[str, Any]]:
    """Predicted measures in document order: by raw `start` when every measure has one, else
    in list order (the extractor emits them in reading order)."""
    preds = [m for m in measures if isinstance(m, Mapping)]
    starts = [m.get("start") for m in preds]
    if all(isinstance(s, int) and not isinstance(s, bool) for s in starts):
        order = sorted(range(len(preds)), key=lambda i: (starts[i], i))
        return [preds[i] for i in order]
    return preds


def _anchor_matches(anchor: str, text: str) -> bool:
    """`anchor` and `text` are normed; the anchor must start at position <= 8 of the text."""
    # Ending the search at 8 + len(anchor) admits exactly the start positions 0..8.
    return bool(anchor) and text.find(anchor, 0, MAX_ANCHOR_POSITION + len(anchor)) != -1


def match_measures(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one, order-preserving matching of gold to predicted measures.

    Reading of "in document order": gold measures are taken in list order (the gold lists them
    as printed) and predicted ones in the order given (callers pass them sorted by `start`).
    Greedily, each gold measure takes the first predicted measure that matches its anchor and
    comes after the predicted measure matched by the previous gold one; a gold measure with no
    such match stays unmatched and does not move the cursor. So matched pairs never cross, and
    a prediction can satisfy at most one gold measure. Returns (gold index, predicted index).
    """
    anchors = [_n(g.get("anchor")) for g in gold]
    texts = [_n(p.get("text")) for p in predicted]
    pairs: list[tuple[int, int]] = []
    cursor = 0
    for gi, anchor in enumerate(anchors):
        for pj in range(cursor, len(texts)):
            if _anchor_matches(anchor, texts[pj]):
                pairs.append((gi, pj))
                cursor = pj + 1
                break
    return pairs


def _gold_units(measure: Mapping[str, Any], role: str) -> list[tuple[str, str]]:
    """(normed surface, normed canonical or "") of a gold measure's units in `role`."""
    canonical = measure.get("canonical")
    canonical = canonical if isinstance(canonical, Mapping) else {}
    by_norm = {_n(k): v for k, v in canonical.items()}
    units = []
    for unit in _items(measure, role):
        if isinstance(unit, Mapping):  # tolerate the prediction shape in gold
            surface, canon = unit.get("surface"), unit.get("canonical")
        else:
            surface = unit
            canon = canonical.get(surface) if isinstance(surface, str) else None
            if canon is None:
                canon = by_norm.get(_n(surface))
        units.append((_n(surface), _n(canon)))
    return units


def _predicted_units(measure: Mapping[str, Any], role: str) -> list[tuple[str, str]]:
    units = []
    for unit in _items(measure, role):
        if isinstance(unit, Mapping):
            units.append((_n(unit.get("surface")), _n(unit.get("canonical"))))
        else:
            units.append((_n(unit), ""))
    return units


def _unit_equal(gold: tuple[str, str], pred: tuple[str, str]) -> bool:
    """Surfaces equal, or the gold gives a canonical and it equals the predicted canonical."""
    return (bool(gold[0]) and gold[0] == pred[0]) or (bool(gold[1]) and gold[1] == pred[1])


def _max_matching(gold: list[tuple[str, str]], pred: list[tuple[str, str]]) -> int:
    """Size of a maximum one-to-one matching between gold and predicted units (Kuhn's
    augmenting paths; lists are a handful of units, so this is cheap)."""
    edges = [[j for j, p in enumerate(pred) if _unit_equal(g, p)] for g in gold]
    owner: list[int | None] = [None] * len(pred)

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            holder = owner[j]
            if holder is None or augment(holder, seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def _score_measures(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> dict[str, Counts]:
    complete = bool(_complete(gold).get("measures"))
    gold_measures = [m for m in _items(gold, "measures") if isinstance(m, Mapping)]
    preds = _document_order(_items(predicted, "measures"))
    pairs = match_measures(gold_measures, preds)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pj for _, pj in pairs}
    out = {
        "measures": _counts(
            len(pairs), len(preds) - len(pairs), len(gold_measures) - len(pairs), complete
        )
    }
    for role in _ROLE_KINDS:
        tp = fp = fn = 0
        for gi, pj in pairs:
            g_units = _gold_units(gold_measures[gi], role)
            p_units = _predicted_units(preds[pj], role)
            hits = _max_matching(g_units, p_units)
            tp += hits
            fn += len(g_units) - hits
            fp += len(p_units) - hits
        fn += sum(
            len(_gold_units(m, role)) for i, m in enumerate(gold_measures) if i not in matched_gold
        )
        fp += sum(
            len(_predicted_units(p, role)) for j, p in enumerate(preds) if j not in matched_pred
        )
        out[role] = _counts(tp, fp, fn, complete)
    return out


# --- named things: agencies, enterprises, bases ------------------------------------------------


def _gold_names(item: Any) -> set[str]:
    if isinstance(item, str):
        return {norm(item)} - {""}
    if not isinstance(item, Mapping):
        return set()
    names = [item.get("surface"), item.get("name"), item.get("canonical")]
    surfaces = item.get("surfaces")
    if isinstance(surfaces, list):
        names.extend(surfaces)
    return {_n(s) for s in names} - {""}


def _score_named(gold: Mapping[str, Any], predicted: Mapping[str, Any], kind: str) -> Counts:
    gold_sets = [_gold_names(item) for item in _items(gold, kind)]
    gold_sets = [s for s in gold_sets if s]
    # Distinct predicted surfaces, each with every normed surface/canonical given for it.
    by_surface: dict[str, set[str]] = {}
    for item in _items(predicted, kind):
        if not isinstance(item, Mapping):
            continue
        surface, canonical = _n(item.get("surface")), _n(item.get("canonical"))
        key = surface or canonical
        if key:
            by_surface.setdefault(key, set()).update({surface, canonical} - {""})
    pred_keys = set().union(*by_surface.values())
    gold_keys = set().union(*gold_sets)
    tp = sum(1 for s in gold_sets if s & pred_keys)
    fp = sum(1 for keys in by_surface.values() if not keys & gold_keys)
    return _counts(tp, fp, len(gold_sets) - tp, bool(_complete(gold).get(kind)))


# --- policies ----------------------------------------------------------------------------------


def _score_policies(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> Counts:
    golds = [
        (_n(p.get("doc_number")), _n(p.get("title")))
        for p in _items(gold, "policies")
        if isinstance(p, Mapping)
    ]
    golds = [g for g in golds if g[0] or g[1]]
    gold_numbers = {num for num, _ in golds if num}
    gold_titles = {title for num, title in golds if not num and title}  # matched by title only
    pred_numbers: set[str] = set()
    pred_titles: set[str] = set()
    distinct: dict[str, bool] = {}  # distinct prediction key -> matches some gold policy
    for p in _items(predicted, "policies"):
        if not isinstance(p, Mapping):
            continue
        num, title = _n(p.get("doc_number")), _n(p.get("title"))
        pred_numbers.add(num)
        pred_titles.add(title)
        key = f"n:{num}" if num else f"t:{title}" if title else ""
        if key:
            hit = (bool(num) and num in gold_numbers) or (bool(title) and title in gold_titles)
            distinct[key] = distinct.get(key, False) or hit
    pred_numbers.discard("")
    pred_titles.discard("")
    tp = sum(1 for num, title in golds if (num in pred_numbers if num else title in pred_titles))
    fp = sum(1 for hit in distinct.values() if not hit)
    return _counts(tp, fp, len(golds) - tp, bool(_complete(gold).get("policies")))


# --- targets and metrics -----------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _year(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _value_key(item: Mapping[str, Any]) -> tuple[float | None, str, Any]:
    return _number(item.get("value")), _n(item.get("unit")), _year(item.get("year"))


def _same_value(gold: tuple[float | None, str, Any], pred: tuple[float | None, str, Any]) -> bool:
    gv, pv = gold[0], pred[0]
    if gv is None or pv is None or gold[1] != pred[1] or gold[2] != pred[2]:
        return False
    return math.isclose(gv, pv, rel_tol=_REL_TOL)


def _score_values(gold: Mapping[str, Any], predicted: Mapping[str, Any], kind: str) -> Counts:
    golds = [_value_key(t) for t in _items(gold, kind) if isinstance(t, Mapping)]
    preds = list(
        dict.fromkeys(_value_key(t) for t in _items(predicted, kind) if isinstance(t, Mapping))
    )
    tp = sum(1 for g in golds if any(_same_value(g, p) for p in preds))
    fp = sum(1 for p in preds if not any(_same_value(g, p) for g in golds))
    return _counts(tp, fp, len(golds) - tp, bool(_complete(gold).get(kind)))


# --- texts and reports -------------------------------------------------------------------------


def _complete(gold: Mapping[str, Any]) -> Mapping[str, Any]:
    complete = gold.get("complete")
    return complete if isinstance(complete, Mapping) else {}


def score_text(gold: dict, predicted: dict) -> TextScore:
    """Score one document's extraction output against its gold file."""
    doc = str(gold.get("doc", ""))
    pred_doc = predicted.get("doc")
    if pred_doc and doc and pred_doc != doc:
        raise ValueError(f"prediction for {pred_doc!r} scored against gold for {doc!r}")
    kinds = _score_measures(gold, predicted)
    for kind in _NAMED_KINDS:
        kinds[kind] = _score_named(gold, predicted, kind)
    kinds["policies"] = _score_policies(gold, predicted)
    for kind in _VALUE_KINDS:
        kinds[kind] = _score_values(gold, predicted, kind)
    # A kind with no gold items and no precision scoring tells nothing about this text.
    kept = {
        k: kinds[k] for k in KINDS if kinds[k].tp + kinds[k].fn > 0 or kinds[k].precision_scored
    }
    return TextScore(doc=doc, text=str(gold.get("text", "")), kinds=kept)


def _micro(counts: list[Counts]) -> Counts:
    tp = sum(c.tp for c in counts)
    fn = sum(c.fn for c in counts)
    scored = [c for c in counts if c.precision_scored]
    recall = _ratio(tp, tp + fn)
    if not scored:
        return Counts(tp, 0, fn, False, None, recall, None)
    s_tp, s_fp = sum(c.tp for c in scored), sum(c.fp for c in scored)
    precision = _ratio(s_tp, s_tp + s_fp)
    return Counts(tp, s_fp, fn, True, precision, recall, _f1(precision, recall))


def score(pairs: Iterable[tuple[dict, dict]]) -> Report:
    """Score (gold, predicted) pairs; `micro` sums counts over texts, per kind, for the kinds
    that some text contributes (see the module docstring)."""
    texts = tuple(score_text(gold, predicted) for gold, predicted in pairs)
    micro = {
        kind: _micro([t.kinds[kind] for t in texts if kind in t.kinds])
        for kind in KINDS
        if any(kind in t.kinds for t in texts)
    }
    return Report(texts=texts, micro=micro)


def pair_by_doc(gold: Iterable[dict], predicted: Iterable[dict]) -> list[tuple[dict, dict]]:
    """Pair each gold file with the prediction of the same `doc`, in gold order. A gold text
    without a prediction is scored against an empty one; predictions without gold are ignored."""
    by_doc: dict[str, dict] = {}
    for pred in predicted:
        by_doc[str(pred.get("doc", ""))] = pred
    pairs = []
    for g in gold:
        doc = str(g.get("doc", ""))
        if doc not in by_doc:
            logger.warning("no prediction for gold document %s; scoring it as empty", doc)
        pairs.append((g, by_doc.pop(doc, {"doc": doc})))
    for doc in by_doc:
        logger.info("prediction for %s has no gold file; not scored", doc)
    return pairs


def load_gold(gold_dir: Path) -> list[dict]:
    """Read every `*.json` directly in `gold_dir` (not `detail/`, not `FORMAT.md`), sorted by
    file name."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gold_dir}")
    golds = []
    for path in sorted(gold_dir.glob("*.json"), key=lambda p: p.name):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from exc
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a JSON object, got {type(data).__name__}")
        if not isinstance(data.get("doc"), str) or not data["doc"]:
            raise ValueError(f"{path}: gold file has no 'doc' string")
        golds.append(data)
    return golds


def _counts_to_dict(c: Counts) -> dict[str, Any]:
    return {
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "precision_scored": c.precision_scored,
        "precision": c.precision,
        "recall": c.recall,
        "f1": c.f1,
    }


def report_to_dict(report: Report) -> dict:
    """JSON-serialisable form; kinds always in `KINDS` order, texts in scoring order."""
    return {
        "micro": {k: _counts_to_dict(report.micro[k]) for k in KINDS if k in report.micro},
        "texts": [
            {
                "doc": t.doc,
                "text": t.text,
                "kinds": {k: _counts_to_dict(t.kinds[k]) for k in KINDS if k in t.kinds},
            }
            for t in report.texts
        ],
    }


_HEADER = f"{'kind':<12}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"


def _cell(value: float | None, scored: bool = True) -> str:
    if not scored:
        return "–"
    return "n/a" if value is None else f"{value:.3f}"


def _rows(kinds: Mapping[str, Counts], indent: str) -> list[str]:
    rows = [indent + _HEADER]
    for kind in KINDS:
        if kind not in kinds:
            continue
        c = kinds[kind]
        fp = str(c.fp) if c.precision_scored else "–"
        rows.append(
            f"{indent}{kind:<12}{c.tp:>6}{fp:>6}{c.fn:>6}"
            f"{_cell(c.precision, c.precision_scored):>8}{_cell(c.recall):>8}"
            f"{_cell(c.f1, c.precision_scored):>8}"
        )
    return rows


def format_report(report: Report) -> str:
    """Readable text tables: micro P/R/F1 per kind, then the same per text."""
    lines = [f"Micro average over {len(report.texts)} text(s)", *_rows(report.micro, "")]
    for t in report.texts:
        lines += ["", f"{t.doc} ({t.text})" if t.text else t.doc, *_rows(t.kinds, "  ")]
    lines += [
        "",
        "– = precision not scored (gold list not complete); n/a = undefined (0/0).",
        "Micro precision uses only the texts where the kind is complete.",
    ]
    return "\n".join(lines)
