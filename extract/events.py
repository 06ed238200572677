"""Expos, fairs, forums, conferences and festivals named in a cleaned text.

Known events and their short names come from `data/events.csv` (进博会 = 中国国际进口博览会);
others are found by their ending (`data/event_types.csv`: …博览会, …论坛, …电影节), the name
starting after the last boundary before it (`names.name_start`). An edition printed before the
name (第五届, 首届, 2021) is kept apart: the canonical name is the series. Organisers are read
from the sentence (由X主办, Y承办) when agency mentions are given.

No event is found where the ending opens a longer word (全球四大会计师事务所, 国际重大赛事: the
ending's `not_before` characters), where no boundary opens the name within `_MAX_NAME`
characters (a name cut at an arbitrary character), or where the head before the ending is only
descriptive words and counts (世界级高水平论坛, 开幕论坛, 全球五大时装周: `data/name_cues.csv`,
`descriptor`).
"""

from __future__ import annotations

import bisect
import csv
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .entity_records import EntityRelation, EventMention
from .names import COUNT, Sentences, name_cues, name_start
from .records import AgencyMention
from .textscan import WordLists

logger = logging.getLogger(__name__)

_MAX_NAME = 28
_STRICT = "和与及为同向在对以由从把被将跟"  # never inside an event's name
_EDITION = re.compile(
    r"(?:第[0-9一二三四五六七八九十百]{1,4}届|首届|(?:19|20)[0-9]{2}(?:年)?(?:第[0-9一二三四五六七八九十]{1,3}届)?)$"
)
_EDITION_START = re.compile(
    r"^(?:第[0-9一二三四五六七八九十百]{1,4}届|首届|(?:19|20)[0-9]{2}年?(?:度)?(?:第[0-9一二三四五六七八九十]{1,3}届)?)"
)
_NOT_EVENTS = ("人民代表大会", "代表大会", "常务会议", "常委会议", "党组会议", "工作会议")
_ROLE = re.compile(r"(主办|承办|协办|指导|支持)")


@dataclass(frozen=True, slots=True)
class _Known:
    canonical: str
    type: str
    organisers: tuple[str, ...]


def _read(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


@cache
def known_events() -> dict[str, _Known]:
    rows = list(csv.DictReader(_read("events.csv").splitlines()))
    organisers = {
        r["canonical"]: tuple(filter(None, r["organisers"].split(";")))
        for r in rows
        if r["organisers"]
    }
    return {
        r["alias"]: _Known(r["canonical"], r["type"], organisers.get(r["canonical"], ()))
        for r in rows
    }


@cache
def _event_types() -> dict[str, tuple[str, str]]:
    return {
        r["suffix"]: (r["type"], r["strength"])
        for r in csv.DictReader(_read("event_types.csv").splitlines())
    }


@cache
def _not_before() -> dict[str, str]:
    """Ending -> characters that, right after it, make it part of a longer word (大会计)."""
    rows = csv.DictReader(_read("event_types.csv").splitlines())
    return {r["suffix"]: r["not_before"] for r in rows if r["not_before"]}


@cache
def _descriptive_head() -> re.Pattern[str]:
    """A head of descriptive words and counts only (世界级高水平, 全球五大, 业内展会)."""
    words = "|".join(map(re.escape, name_cues()["descriptor"]))
    return re.compile(rf"(?:{words}|{COUNT.pattern})*")


@cache
def _words() -> WordLists:
    """Known names and typed endings, found in one scan."""
    return WordLists(known_events(), _event_types())


def _split_edition(surface: str) -> tuple[str, str]:
    m = _EDITION_START.match(surface)
    return (m.group(), surface[m.end() :]) if m else ("", surface)


def series_name(surface: str) -> str:
    """The series an event mention names: its edition dropped, short names expanded."""
    _, name = _split_edition(surface)
    known = known_events().get(name)
    return known.canonical if known else name


def find_events(text: str) -> list[EventMention]:
    """Event mentions of a cleaned text (clean offsets), longest first where they overlap."""
    found: list[EventMention] = []
    known_spans, typed_spans = _words().find(text)
    for start, end in known_spans:
        before = _EDITION.search(text, max(0, start - 12), start)
        known = known_events()[text[start:end]]
        if before and before.end() == start:
            start = before.start()
        found.append(
            EventMention(
                text[start:end],
                known.canonical,
                start,
                end,
                _split_edition(text[start:end])[0],
                known.type,
            )
        )
    known_ends = {e.end for e in found}
    for suffix_start, end in typed_spans:
        if end in known_ends:  # 上海以中国国际进口博览会: words before a known name
            continue
        suffix = text[suffix_start:end]
        kind, strength = _event_types()[suffix]
        not_before = _not_before().get(suffix, "")
        if not_before and end < len(text) and text[end] in not_before:
            continue  # 全球四大会计师事务所
        # Looked for over twice the length: a start found only further back cuts the name.
        start = name_start(text, suffix_start, 2 * _MAX_NAME, strict=_STRICT)
        if suffix_start - start > _MAX_NAME:
            continue
        if text[start] == "“" and "”" not in text[start:end]:
            start += 1
        surface = text[start:end]
        edition, name = _split_edition(surface)
        head = name[: len(name) - len(suffix)]
        if len(head) < 2 or any(w in surface for w in _NOT_EVENTS):
            continue
        if _descriptive_head().fullmatch(head):
            continue  # 世界级高水平论坛, 开幕论坛: a kind of event, not one
        if strength == "weak" and not edition:
            continue
        if strength == "medium" and not edition and len(head) < 3:
            continue
        found.append(EventMention(surface, series_name(surface), start, end, edition, kind))
    found.sort(key=lambda e: (e.start - e.end, e.start))
    # Chosen mentions never overlap, so sorted by start they are sorted by end too: only the
    # last one starting before a candidate's end can overlap it.
    starts: list[int] = []
    chosen: list[EventMention] = []
    for e in found:
        i = bisect.bisect_left(starts, e.end)
        if i and chosen[i - 1].end > e.start:
            continue
        starts.insert(i, e.start)
        chosen.insert(i, e)
    return chosen


def find_event_organisers(
    text: str,
    events: Sequence[EventMention],
    agencies: Sequence[AgencyMention],
    sentences: Sentences | None = None,
) -> list[EntityRelation]:
    """由上海市人民政府主办，上海市商务委员会、…承办的首届上海数字贸易论坛: ORGANISED_BY (主办,
    承办, 协办) for each body named before the role word in the event's sentence."""
    out: list[EntityRelation] = []
    sentences = sentences or Sentences(text)
    starts = [a.start for a in agencies]
    for e in events:
        lo, hi = sentences.around(e.start, e.end)
        i, j = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, e.start)
        clause = [a for a in agencies[i:j] if a.end <= e.start]
        if not clause:
            continue
        for a in clause:
            role = _ROLE.search(text, a.end, min(e.start, a.end + 40))
            if role is None or role.group() not in ("主办", "承办", "协办"):
                continue
            out.append(
                EntityRelation(
                    "ORGANISED_BY",
                    e.surface,
                    e.canonical,
                    a.surface,
                    a.canonical,
                    lo,
                    hi,
                    0,
                    role.group(),
                )
            )
    return out
