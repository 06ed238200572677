"""Measures: the numbered items of a policy that carry tasks, with their responsible units.

Which numbering level holds the measures differs between documents: `(一)` in one plan, `1.`
in another, table rows in a task-division table. We let the responsibility clauses decide:
the heading kind that owns most clauses is the measure level, and every heading of that kind
in the stretch where clauses occur is a measure (a measure without a clause gets no lead).
A document without any clause falls back to the leaf items of its task sections
(主要任务 / 保障措施 …).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from .agencies import AgencyGazetteer
from .records import Heading, Measure, ResponsibleUnit
from .responsibility import Clause, find_clauses, vocabulary
from .task_tables import find_table_measures


def find_measures(
    text: str,
    headings: Sequence[Heading],
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None = None,
) -> list[Measure]:
    """Measures of a cleaned document, in clean-text offsets and document order."""
    clauses = find_clauses(text, gazetteer, jurisdiction)
    measures = _measures_from_headings(text, headings, clauses)
    measures += find_table_measures(text, gazetteer, jurisdiction)
    measures.sort(key=lambda m: m.start)
    return measures


def _measures_from_headings(
    text: str, headings: Sequence[Heading], clauses: list[Clause]
) -> list[Measure]:
    if not headings:
        return []
    owners = _owners(headings, [c.start for c in clauses])
    owned = [i for i in owners if i is not None]
    if owned:
        kind, level = Counter((headings[i].kind, headings[i].level) for i in owned).most_common(1)[
            0
        ][0]
        members = [
            i
            for i in range(len(headings))
            if headings[i].kind == kind and headings[i].level == level
        ]
        first, last = min(owned), max(owned)
        last_parent = headings[last].parent
        chosen = [
            i
            for i in members
            if first <= i <= last or (i > last and headings[i].parent == last_parent)
        ]
    else:
        chosen = _task_items(headings)
    measures = []
    clauses = sorted(clauses, key=lambda c: c.start)  # in text order already; bisect needs it
    starts = [c.start for c in clauses]
    for i in chosen:
        start = headings[i].start
        end = _section_end(text, headings, i)
        own = clauses[bisect_left(starts, start) : bisect_left(starts, end)]
        if own:
            line_end = text.find("\n", own[-1].end)
            end = min(end, len(text) if line_end < 0 else line_end)
        measures.append(_measure(text, headings, i, start, end, own))
    return measures


def _owners(headings: Sequence[Heading], positions: list[int]) -> list[int | None]:
    """For each position, the index of the innermost heading that precedes it, skipping boxes:
    the last non-box heading before the first one past the position. That stretch only grows
    with the position, so one walk over the headings serves all positions, taken in order."""
    owners: list[int | None] = [None] * len(positions)
    owner = None
    i = 0
    for k in sorted(range(len(positions)), key=positions.__getitem__):
        while i < len(headings) and headings[i].start <= positions[k]:
            if headings[i].kind != "box":
                owner = i
            i += 1
        owners[k] = owner
    return owners


def _section_end(text: str, headings: Sequence[Heading], i: int) -> int:
    level = headings[i].level
    for h in headings[i + 1 :]:
        if h.level <= level or h.kind == "box":
            return _trim_end(text, h.start)
    return _trim_end(text, len(text))


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in "\n ":
        end -= 1
    return end


def _task_items(headings: Sequence[Heading]) -> list[int]:
    """Leaf items inside task sections, for documents that name no responsible units."""
    has_child = {h.parent for h in headings if h.parent is not None}
    chosen: list[int] = []
    for i, h in enumerate(headings):
        if i in has_child or h.kind == "box":
            continue
        ancestors = _ancestors(headings, i)
        words = vocabulary().task_section_words
        if any(w in headings[a].title for a in ancestors for w in words):
            chosen.append(i)
    if not chosen:
        return []
    kind = Counter(headings[i].kind for i in chosen).most_common(1)[0][0]
    return [i for i in chosen if headings[i].kind == kind]


def _ancestors(headings: Sequence[Heading], i: int) -> list[int]:
    found = []
    parent = headings[i].parent
    while parent is not None:
        found.append(parent)
        parent = headings[parent].parent
    return found


def _measure(
    text: str, headings: Sequence[Heading], i: int, start: int, end: int, clauses: list[Clause]
) -> Measure:
    heading = headings[i]
    units: list[ResponsibleUnit] = []
    seen: set[tuple[str, str]] = set()
    for clause in clauses:
        for unit in clause.units:
            key = (unit.agency.canonical, unit.role)
            if key not in seen:  # a second list repeating a unit adds nothing
                seen.add(key)
                units.append(unit)
    parent = headings[heading.parent] if heading.parent is not None else None
    return Measure(
        id=heading.label,
        title=heading.title,
        text=text[start:end],
        start=start,
        end=end,
        units=tuple(units),
        section=(parent.label + parent.title) if parent else "",
        list_spans=tuple((c.start, c.end) for c in clauses),
    )
