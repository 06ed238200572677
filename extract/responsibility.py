"""Responsibility clauses: who leads and who supports a measure.

Chinese policy texts name the units responsible for a measure in a clause, usually in brackets
at the end of the measure. The formats differ from one issuer to the next:

    (责任单位:A、B、C)                    first-listed unit leads (列第一位的为牵头单位)
    (牵头单位:A,配合单位:B、C)             labelled roles
    (牵头单位:A,责任单位:B、C)             责任单位 then names the co-units
    (A牵头,B、C配合) / (A、B牵头,C按职责分工负责)   role markers after each group
    (A,B按职责分工负责)                    units before the first comma lead
    (A、B和C按职责分工负责)                all responsible, none marked as lead
    (责任单位:*A、B)                       an asterisk marks the lead

This module finds such clauses in cleaned text and parses them into ordered units with roles
and clean-text offsets. Label words and markers are data (`data/responsibility.json`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .agencies import AgencyGazetteer
from .records import AgencyMention, ResponsibleUnit, Role
from .textscan import char_positions, trie_pattern

_OPEN = "(（"
_CLOSE = ")）"
_GROUP_SEPARATORS = ",，;；"
_COLLECTIVE_STARTS = ("各", "相关", "有关", "区级各", "其他")


@dataclass(frozen=True, slots=True)
class ResponsibilityVocabulary:
    """The words that mark responsibility clauses, loaded from `data/responsibility.json`."""

    list_labels: tuple[str, ...]
    lead_labels: tuple[str, ...]
    support_labels: tuple[str, ...]
    lead_markers: tuple[str, ...]
    support_markers: tuple[str, ...]
    tails: tuple[str, ...]
    lead_star: tuple[str, ...]
    conjunctions: tuple[str, ...]
    lead_note_patterns: tuple[str, ...]
    table_lead_headers: tuple[str, ...]
    table_support_headers: tuple[str, ...]
    table_task_headers: tuple[str, ...]
    table_number_headers: tuple[str, ...]
    task_section_words: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return _longest_first(self.list_labels + self.lead_labels + self.support_labels)


def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def vocabulary() -> ResponsibilityVocabulary:
    raw = json.loads(resources.files("policykg.data").joinpath("responsibility.json").read_text())
    fields = ResponsibilityVocabulary.__dataclass_fields__
    return ResponsibilityVocabulary(**{name: _longest_first(tuple(raw[name])) for name in fields})


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = vocabulary()
    label = re.compile("(" + "|".join(map(re.escape, vocab.labels)) + r")\s*[:：]\s*")
    markers = vocab.lead_markers + vocab.support_markers
    marker_end = re.compile("(" + "|".join(map(re.escape, _longest_first(markers))) + r")[\s。.]*$")
    label_line = re.compile(
        r"(?m)^[\s]*(?:" + "|".join(map(re.escape, vocab.labels)) + r")\s*[:：][^\n]*$"
    )
    return label, marker_end, label_line


@cache
def _label_word() -> re.Pattern[str]:
    """Any label, anywhere (a trie: one class test per position of a text without any)."""
    return re.compile(trie_pattern(vocabulary().labels))


@dataclass(frozen=True, slots=True)
class Clause:
    """One responsibility clause: its clean-text span and the units it names."""

    start: int
    end: int
    units: tuple[ResponsibleUnit, ...]


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    start: int  # clean-text offset
    starred: bool = False


def find_clauses(
    text: str,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None = None,
    *,
    base: int = 0,
) -> list[Clause]:
    """All responsibility clauses in `text` (a measure), with offsets shifted by `base`."""
    label, marker_end, label_line = _patterns()
    clauses: list[Clause] = []
    taken: list[tuple[int, int]] = []
    for open_at, close_at in _bracket_groups(text):
        content = text[open_at + 1 : close_at]
        if not (label.match(content.lstrip()) or marker_end.search(content)):
            continue
        units = parse_clause(content, gazetteer, jurisdiction, base=base + open_at + 1)
        if not label.match(content.lstrip()) and not all(
            u.agency.known or gazetteer.looks_like_agency(u.agency.surface) for u in units
        ):
            continue  # a marker word alone is not enough: 由企业负责 names no government unit
        if units:
            clauses.append(Clause(base + open_at, base + close_at + 1, units))
            taken.append((open_at, close_at + 1))
    # Unbracketed clauses on a line of their own: "责任单位：市商务委、市财政局". The pattern
    # opens with ^, so `re` tries it at every position: first check that a label occurs at all.
    labelled = not vocabulary().labels or _label_word().search(text) is not None
    for m in label_line.finditer(text) if labelled else ():
        if any(s <= m.start() < e for s, e in taken):
            continue
        units = parse_clause(m.group().strip(), gazetteer, jurisdiction, base=base + m.start())
        if units:
            clauses.append(Clause(base + m.start(), base + m.end(), units))
    clauses.sort(key=lambda c: c.start)
    return clauses


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """Outermost bracket pairs (open index, close index), nesting-aware."""
    groups: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    previous = 0
    for at in char_positions(text, "()（）"):
        if depth and text.find("\n", previous, at) >= 0:
            depth = 0  # brackets never span paragraphs; reset on a new one
        previous = at
        if text[at] in _OPEN:
            if depth == 0:
                opened = at
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                groups.append((opened, at))
    return groups


def parse_clause(
    content: str,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None = None,
    *,
    base: int = 0,
) -> tuple[ResponsibleUnit, ...]:
    """Parse the inside of a responsibility clause into ordered units with roles."""
    vocab = vocabulary()
    label, _, _ = _patterns()
    labelled = list(label.finditer(content))
    has_lead_label = any(m.group(1) in vocab.lead_labels for m in labelled)

    roles: list[tuple[list[_Piece], str]] = []  # (pieces, how roles are assigned)
    if labelled:
        for i, m in enumerate(labelled):
            seg_end = labelled[i + 1].start() if i + 1 < len(labelled) else len(content)
            segment = content[m.end() : seg_end]
            word = m.group(1)
            if word in vocab.lead_labels:
                mode = "lead"
            elif word in vocab.list_labels and not has_lead_label:
                mode = "first"
            else:
                mode = "support"
            groups = _groups(segment, m.end())
            for i_group, group in enumerate(groups):
                if mode == "first" and len(groups) > 1:
                    # 责任单位:A、B,C — the comma sets the leading group apart.
                    roles.append((_units_of(group, base), "lead" if i_group == 0 else "support"))
                else:
                    roles.append((_units_of(group, base), mode))
    else:
        groups = _groups(content, 0)
        marked = [_marker_role(text) for text, _ in groups]
        for i, (group, role) in enumerate(zip(groups, marked, strict=True)):
            if role is None:
                # An unmarked group before a marked one is set apart by the comma: it leads.
                later = [r for r in marked[i + 1 :] if r is not None]
                role = "lead" if later and i == 0 else "support"
            roles.append((_units_of(_strip_marker(group), base), role))

    units: list[ResponsibleUnit] = []
    position = 0
    previous: str | None = None
    for pieces, mode in roles:
        starred = any(p.starred for p in pieces)
        for index, piece in enumerate(pieces):
            resolved = _resolve(piece, previous, gazetteer, jurisdiction)
            if resolved is None:
                continue
            mention, previous = resolved
            position += 1
            unit_role: Role
            if starred:
                unit_role = "lead" if piece.starred else "support"
            elif mode == "first":
                unit_role = "lead" if index == 0 else "support"
            else:
                unit_role = "lead" if mode == "lead" else "support"
            units.append(ResponsibleUnit(agency=mention, role=unit_role, position=position))
    return tuple(units)


def parse_unit_list(
    text: str,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None = None,
    *,
    base: int = 0,
    mode: str = "first",
) -> tuple[ResponsibleUnit, ...]:
    """Parse a bare list of units (a table cell) whose role is given by its column.

    `mode` is "lead", "support", or "first" (the first-listed unit leads).
    """
    vocab = vocabulary()
    labels = {
        "lead": vocab.lead_labels,
        "support": vocab.support_labels,
        "first": vocab.list_labels,
    }
    prefix = labels[mode][0] + ":"
    return parse_clause(prefix + text, gazetteer, jurisdiction, base=base - len(prefix))


def _groups(segment: str, offset: int) -> list[tuple[str, int]]:
    """Split a segment at top-level commas/semicolons: [(text, start offset)]."""
    groups: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(segment):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _GROUP_SEPARATORS:
            groups.append((segment[start:i], offset + start))
            start = i + 1
    groups.append((segment[start:], offset + start))
    return [(g, o) for g, o in groups if g.strip(" 。.")]


def _marker_role(group: str) -> Role | None:
    vocab = vocabulary()
    tail = group.rstrip(" 。.")
    for word in vocab.lead_markers:
        if tail.endswith(word):
            return "lead"
    for word in vocab.support_markers:
        if tail.endswith(word):
            return "support"
    return None


def _strip_marker(group: tuple[str, int]) -> tuple[str, int]:
    text, offset = group
    vocab = vocabulary()
    tail = text.rstrip(" 。.")
    for word in vocab.lead_markers + vocab.support_markers:
        if tail.endswith(word):
            return tail[: -len(word)], offset
    return text, offset


def _units_of(group: tuple[str, int], base: int) -> list[_Piece]:
    """Split one group into unit pieces at top-level 、 and conjunctions."""
    text, offset = group
    vocab = vocabulary()
    pieces: list[_Piece] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text + "、"):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、,，":
            pieces.extend(_clean_piece(text[start:i], base + offset + start))
            start = i + 1
    pieces = _merge_collectives(pieces)
    if pieces:
        last = pieces[-1]
        for tail in vocab.tails:
            if last.text.endswith(tail) and len(last.text) > len(tail):
                pieces[-1] = _Piece(last.text[: -len(tail)], last.start, last.starred)
                break
    return [p for q in pieces for p in _split_conjunctions(q)]


def _clean_piece(text: str, start: int) -> list[_Piece]:
    vocab = vocabulary()
    stripped = text.lstrip(" \u3000")
    start += len(text) - len(stripped)
    stripped = stripped.rstrip(" \u3000。.")
    starred = False
    for star in vocab.lead_star:
        if stripped.startswith(star):
            stripped, start, starred = stripped[len(star) :], start + len(star), True
        elif stripped.endswith(star):
            stripped, starred = stripped[: -len(star)], True
    return [_Piece(stripped, start, starred)] if stripped else []


def _merge_collectives(pieces: list[_Piece]) -> list[_Piece]:
    """Keep 各区、县级市 and 市政府各委、办、局 as one collective unit."""
    gazetteer = AgencyGazetteer.default()
    merged: list[_Piece] = []
    for piece in pieces:
        if merged:
            prev = merged[-1]
            collective = prev.text.startswith(_COLLECTIVE_STARTS) or "各" in prev.text
            adjacent = piece.start == prev.start + len(prev.text) + 1
            if (
                collective
                and adjacent
                and len(piece.text) <= 3
                and not gazetteer.looks_like_agency(piece.text)
            ):
                merged[-1] = _Piece(prev.text + "、" + piece.text, prev.start, prev.starred)
                continue
        merged.append(piece)
    return merged


def _split_conjunctions(piece: _Piece) -> list[_Piece]:
    """`广电总局和各地方人民政府` is two units; `市人力资源和社会保障局` is one."""
    gazetteer = AgencyGazetteer.default()
    text = piece.text
    if gazetteer.resolve(text).known:
        return [piece]
    for word in vocabulary().conjunctions:
        at = text.find(word)
        while at > 0:
            left, right = text[:at], text[at + len(word) :]
            if gazetteer.looks_like_agency(left) and gazetteer.looks_like_agency(right):
                return [
                    _Piece(left, piece.start, piece.starred),
                    *_split_conjunctions(_Piece(right, piece.start + at + len(word))),
                ]
            at = text.find(word, at + 1)
    return [piece]


def _resolve(
    piece: _Piece,
    previous: str | None,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None,
) -> tuple[AgencyMention, str] | None:
    """The unit's mention, and its full name for expanding the next unit's elided prefix."""
    surface = re.sub(r"\s+", "", piece.text)
    if not surface:
        return None
    full = surface
    name = gazetteer.resolve(surface, jurisdiction)
    if not name.known and previous is not None:
        expanded = gazetteer.expand_elided(previous, surface)
        if expanded:
            full = expanded
            name = gazetteer.resolve(expanded, jurisdiction)
    mention = AgencyMention(
        surface=surface,
        canonical=name.canonical,
        level=name.level,
        start=piece.start,
        end=piece.start + len(piece.text),
        known=name.known,
    )
    return mention, full
