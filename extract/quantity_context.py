"""Context around quantities, shared by targets and observations: time, sections, clauses.

- Time mentions (`find_times`): years (2021年, 二〇二五年), year ranges (2016—2021年), parts of
  a year (2022年上半年, 2022年1—6月, 截至2022年年底) and plan periods (“十四五”期间, 到“十四五”末),
  each classified by its role in the sentence: a target year (到2025年), the year of the value
  right after it (2021年的946.0亿美元), a point of comparison (较2015年增长) or the period the
  sentence reports on (2021年,…).
- Document time (`DocumentTime`): the year the document speaks from (its date, else the latest
  reported year) and the target year its plan period implies (“十四五” -> 2025).
- Sections (`SectionIndex`): the heading path of a position and whether its section reviews the
  past (发展基础, 主要进展) or states goals (发展目标, 主要指标).
- Clauses (`Marks`): sentence and clause bounds of a paragraph by punctuation, where `.` counts
  only when it is not a decimal point (texts that print 。 as `.`).
- The shared scan (`scan_text`): quantities grouped by paragraph with their time mentions and
  clause marks, the document time and the heading index, computed once for both finders.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, NamedTuple

from .quantities import find_quantities
from .quantity_records import Quantity
from .records import Heading

_DATA = "policykg.data"
TimeRole = Literal["future", "anchor", "comparison", "context", "range"]

# Clause and sentence ends. `.` ends a sentence unless a digit or Latin letter follows
# (decimals, URLs).
# Each opens with a character class so that `re` skips other text in C.
_CLAUSE_END = re.compile(r"[。!?;,:\n.](?:(?<!\.)|(?![0-9A-Za-z]))")
_SENTENCE_MARKS = "。!?\n."  # sentence ends: the clause ends at one of these
_CN_DIGITS = "〇○零一二三四五六七八九"
_CN_VALUE = {ch: i % 10 for i, ch in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_DATE = re.compile(r"((?:19|20)[0-9]{2})年[0-9]{1,2}月[0-9]{1,2}日")
_HEADER_CHARS = 2000  # the date line of a notice sits in its first lines
_AS_OF = ("截至", "截止")
_REPORTING_SHARE = 0.1  # share of the most named year's mentions a reporting year reaches
_TITLE_END = re.compile(r"[。,;:]|\.(?![0-9])")
_HEADING_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(_DATA).joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def cues() -> dict[str, Any]:
    """The cue lists of `data/indicator_cues.json`."""
    with resources.files(_DATA).joinpath("indicator_cues.json").open(encoding="utf-8") as f:
        return json.load(f)


@cache
def plan_periods() -> dict[str, tuple[int, int]]:
    """Five-year plan short names -> (first year, last year), from `data/plan_periods.csv`."""
    return {row["name"]: (int(row["start"]), int(row["end"])) for row in _rows("plan_periods.csv")}


@cache
def cue_words(key: str) -> tuple[str, ...]:
    """A cue list of `data/indicator_cues.json`, longest word first."""
    return tuple(sorted(cues()[key], key=len, reverse=True))


@cache
def _cue_regex(key: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(cues()[key], key=len, reverse=True)))


@cache
def _prefixes() -> tuple[str, ...]:
    words = [*cues()["future_prefix"], *_AS_OF]
    return tuple(sorted(words, key=len, reverse=True))


@cache
def time_pattern() -> re.Pattern[str]:
    """Years, year ranges, parts of years and plan periods.

    The pattern opens with one character class (十, 1, 2, 二, 一) and dispatches on it with
    lookbehinds, so that `re` can skip to candidate characters in C (a leading alternation of
    groups would make it try every position). The prefix (到, 力争到, 截至) is read separately.
    """
    plans = sorted({p[1:] for p in plan_periods() if p.startswith("十")})
    plan_rest = "|".join(re.escape(p) for p in plans)
    period_words = "|".join(re.escape(w) for w in cues()["period_words"])
    year = rf"(?:19|20)[0-9]{{2}}|(?:二[〇○零]|一九)[{_CN_DIGITS}]{{2}}"
    return re.compile(
        rf"(?P<lead>[十12二一])"
        rf"(?:(?<=十)(?P<plan>{plan_rest})[”\"]?(?:期间|时期|期末|末)?"
        rf"|(?<=[12])(?P<yd>[0-9]{{3}})"
        rf"|(?<=二)(?P<yc>[〇○零][{_CN_DIGITS}]{{2}})"
        rf"|(?<=一)(?P<yn>九[{_CN_DIGITS}]{{2}}))"
        rf"(?(plan)|(?:[ ]?[—–\-~至到][ ]?(?P<y2>{year}))?[ ]?年"
        rf"(?:(?P<pword>{period_words})|(?P<m1>[0-9]{{1,2}})(?:[—–\-~至到](?P<m2>[0-9]{{1,2}}))?月)?)"
    )


@cache
def _prefix_pattern() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, _prefixes())) + ')[“"]?$')


@cache
def _prefix_ends() -> frozenset[str]:
    """What the character before a time mention is when a prefix word introduces it: the
    prefix's last character, a quote, or a line break (`$` matches before a final one)."""
    return frozenset({w[-1] for w in _prefixes()} | {"“", '"', "\n"})


def _prefix(text: str, start: int) -> str:
    """The word that introduces a time mention: 到, 力争到, 至, 截至 (or "")."""
    if text[start - 1 : start] not in _prefix_ends():
        return ""  # most years have no prefix: one set test instead of a regex search
    m = _prefix_pattern().search(text, max(0, start - 4), start)
    return m.group().rstrip('“"') if m else ""


def _year(s: str) -> int:
    if s[0].isdigit():
        return int(s)
    return int("".join(str(_CN_VALUE[ch]) for ch in s))


class TimeMention(NamedTuple):
    """A year, year range, part of a year or plan period, with its role in the sentence.

    A named tuple, not a dataclass: documents hold thousands and they never leave `extract/`.
    """

    start: int
    end: int
    year: int  # the (last) year meant
    role: TimeRole
    first_year: int | None = None  # start of a range or plan period
    period: str = ""  # "H1", "01/06", "end", "2016-2020" …
    compared: bool = False  # an anchor after 较/为/从 …: a point of comparison, not the period


class _RawTime(NamedTuple):
    """A time match before roles are known (they depend on the document's own year)."""

    start: int
    end: int
    year: int
    first_year: int | None
    plan: bool
    prefix: str
    period: str
    before_de: bool  # followed by 的: the year of the value right after it


@dataclass(frozen=True, slots=True)
class DocumentTime:
    """When a document speaks from, and the target year its plan period implies."""

    now: int | None  # the year of its date, else the latest year it reports on
    dated: bool  # `now` comes from the document's date
    target_year: int | None  # default year of a plan's targets without one (plan period end)

    def is_future(self, year: int) -> bool:
        if self.now is None:
            return False
        return year >= self.now if self.dated else year > self.now


def _raw_times(text: str, start: int, end: int) -> list[_RawTime]:
    out: list[_RawTime] = []
    for m in time_pattern().finditer(text, start, end):
        lead, plan, digits = m.group("lead", "plan", "yd")
        if digits and not (lead + digits).startswith(("19", "20")):
            continue
        prefix = _prefix(text, m.start())
        if plan:
            first, last = plan_periods()[lead + plan]
            out.append(
                _RawTime(m.start(), m.end(), last, first, True, prefix, f"{first}-{last}", False)
            )
            continue
        y1 = _year(lead + (digits or m.group("yc") or m.group("yn")))
        y2 = _year(m.group("y2")) if m.group("y2") else None
        period = ""
        if m.group("pword"):
            period = cues()["period_words"][m.group("pword")]
        elif m.group("m1"):
            m1 = int(m.group("m1"))
            period = f"{m1:02d}/{int(m.group('m2')):02d}" if m.group("m2") else f"{m1:02d}"
        elif y2 is not None:
            period = f"{y1}-{y2}"
        before_de = text.startswith("的", m.end())
        year = y2 if y2 is not None else y1
        out.append(
            _RawTime(m.start(), m.end(), year, y1 if y2 else None, False, prefix, period, before_de)
        )
    return out


def document_time(text: str, times: Sequence[_RawTime] | None = None) -> DocumentTime:
    """Read the document's date, its latest reported year and its plan period.

    `times` are the time matches to learn from (default: the whole text).
    """
    header = text[:_HEADER_CHARS]
    date = _DATE.search(header)
    raw = _raw_times(text, 0, len(text)) if times is None else times
    context_years: Counter[int] = Counter()
    future_years: Counter[int] = Counter()
    plan_ends = [t.year for t in _raw_times(text, 0, len(header)) if t.plan]
    for t in raw:
        if t.plan:
            continue
        if t.prefix and t.prefix not in _AS_OF:
            if not t.before_de:
                future_years[t.year] += 1
        else:
            context_years[t.year] += 1
    now: int | None
    if date:
        now, dated = int(date.group(1)), True
    else:
        now, dated = _latest_reported(context_years), False
    # Only a plan (a dated notice, or a plan period in its title) sets targets without a year;
    # a report names future years only in quotes and forecasts.
    target: int | None = None
    if plan_ends:
        target = max(plan_ends)
    elif dated and now is not None:
        ahead = [y for y in future_years if y >= now]
        if ahead:
            target = max(ahead, key=lambda y: (future_years[y], y))
    return DocumentTime(now, dated, target)


def _latest_reported(years: Counter[int]) -> int | None:
    """The latest year a text reports on: the last one named often enough to be a reporting
    period, not a vision year named in a title once or twice (二〇三五年远景目标)."""
    if not years:
        return None
    floor = max(years.values()) * _REPORTING_SHARE
    return max(y for y, n in years.items() if n >= floor)


def classify_times(text: str, raw: Sequence[_RawTime], doc: DocumentTime) -> list[TimeMention]:
    """Give each time match its role in the sentence (see the module docstring)."""
    comparison = tuple(cues()["comparison_before_year"])
    out: list[TimeMention] = []
    undated = doc.now is None  # a snippet: 到2025年 still looks ahead
    for t in raw:
        role: TimeRole
        if t.plan:
            ahead = doc.is_future(t.year) or (undated and t.prefix in ("到", "至"))
            role = "future" if ahead else "range"
            out.append(TimeMention(t.start, t.end, t.year, role, t.first_year, t.period))
            continue
        period = t.period
        compared = False
        if t.prefix in _AS_OF:
            role, period = "context", period or "end"
        elif t.before_de:
            role = "anchor"
            compared = not t.prefix and text.endswith(comparison, max(0, t.start - 2), t.start)
        elif t.prefix:
            role = "future" if undated or doc.is_future(t.year) else "context"
        elif t.first_year is not None:
            role = "range"
        elif text.endswith(comparison, max(0, t.start - 2), t.start):
            role = "comparison"
        else:
            role = "context"
        out.append(TimeMention(t.start, t.end, t.year, role, t.first_year, period, compared))
    return out


def find_times(text: str, start: int, end: int, doc: DocumentTime) -> list[TimeMention]:
    """Time mentions in `text[start:end]` with their roles."""
    return classify_times(text, _raw_times(text, start, end), doc)


class Marks:
    """Sentence and clause ends of one paragraph, for O(log n) lookups by position."""

    __slots__ = ("_clauses", "_sentences", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.start, self.end = start, end
        self._clauses = [m.end() for m in _CLAUSE_END.finditer(text, start, end)]
        # sentence ends: the clause ends at a sentence mark (no second scan)
        self._sentences = [i for i in self._clauses if text[i - 1] in _SENTENCE_MARKS]

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self._sentences, pos) - 1
        return self._sentences[i] if i >= 0 else self.start

    def clause_start(self, pos: int) -> int:
        i = bisect.bisect_right(self._clauses, pos) - 1
        return self._clauses[i] if i >= 0 else self.start

    def clause_end(self, pos: int) -> int:
        """End of the clause holding `pos`: the position of its closing mark."""
        i = bisect.bisect_right(self._clauses, pos)
        return self._clauses[i] - 1 if i < len(self._clauses) else self.end


_NO_MARKS = Marks("", 0, 0)


def clause_end(text: str, pos: int, ceiling: int) -> int:
    m = _CLAUSE_END.search(text, pos, ceiling)
    return m.start() if m else ceiling


SectionMode = Literal["review", "goal", "task"]


class SectionIndex:
    """Heading lookups by position: the innermost heading, its path and its section's mode."""

    def __init__(self, headings: Sequence[Heading]) -> None:
        self._headings = list(headings)
        self._starts = [h.start for h in self._headings]
        self._titles = [self._title(h) for h in self._headings]
        self._paths: dict[int, str] = {}
        review = _cue_regex("review_headings")
        goal = _cue_regex("goal_headings")
        self._modes: list[SectionMode] = []
        for h, title in zip(self._headings, self._titles, strict=True):
            mode: SectionMode = "task"
            if goal.search(title):
                mode = "goal"
            elif review.search(title):
                mode = "review"
            elif h.parent is not None and 0 <= h.parent < len(self._modes):
                mode = self._modes[h.parent]
            self._modes.append(mode)

    @staticmethod
    def _title(h: Heading) -> str:
        # Run-in headings carry their paragraph; the heading proper ends at the first stop.
        m = _TITLE_END.search(h.title)
        return h.title[: m.start()] if m else h.title

    def index_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i if i >= 0 else None

    def mode_at(self, pos: int) -> SectionMode:
        i = self.index_at(pos)
        return self._modes[i] if i is not None else "task"

    def path_at(self, pos: int) -> str:
        """ "三、主要任务 > 专栏2提升… > (一)…" for the innermost heading at `pos`."""
        i = self.index_at(pos)
        if i is None:
            return ""
        path = self._paths.get(i)
        if path is None:
            parts: list[str] = []
            j: int | None = i
            while j is not None and 0 <= j < len(self._headings) and len(parts) < 12:
                parts.append(self._headings[j].label + self._titles[j])
                j = self._headings[j].parent
            path = self._paths[i] = " > ".join(reversed(parts))
        return path

    def year_at(self, pos: int) -> int | None:
        """A year named in the heading path (（一）2021年上海服务贸易发展情况)."""
        m = _HEADING_YEAR.search(self.path_at(pos))
        return int(m.group(1)) if m else None


class Timeline:
    """The time mentions of a paragraph, indexed for `time_at`."""

    __slots__ = ("_anchors", "_ends", "_setters")

    def __init__(self, times: Sequence[TimeMention]) -> None:
        # Anchors date the value right after them (2021年的946.0亿美元); the others set the
        # period of what follows, except points of comparison (较2015年, 为2012年的1.5倍).
        self._anchors = {t.end: t for t in times if t.role == "anchor"}
        setters = [
            t for t in times if t.role != "comparison" and not (t.role == "anchor" and t.compared)
        ]
        self._setters = setters
        self._ends = [t.end for t in setters]

    def time_at(self, pos: int) -> tuple[TimeMention | None, TimeMention | None]:
        """(the anchor dating a value at `pos`, the latest mention setting the period)."""
        anchor = self._anchors.get(pos) or self._anchors.get(pos - 1)
        if anchor is not None:
            return anchor, None
        i = bisect.bisect_right(self._ends, pos) - 1
        return None, (self._setters[i] if i >= 0 else None)


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph (line of clean text) holding quantities, with its time mentions."""

    start: int
    end: int
    quantities: tuple[Quantity, ...]
    times: tuple[TimeMention, ...]
    table: bool  # a TAB-separated table row
    marks: Marks = field(compare=False, repr=False)
    timeline: Timeline = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class QuantityScan:
    """One pass over a document, shared by the target and observation finders."""

    doc: DocumentTime
    lines: tuple[Line, ...]
    sections: SectionIndex = field(compare=False, repr=False)


def make_line(
    text: str, start: int, end: int, quantities: Sequence[Quantity], doc: DocumentTime
) -> Line:
    """A `Line` for a paragraph outside the scan (a value word without a number)."""
    times = tuple(find_times(text, start, end, doc))
    return Line(
        start,
        end,
        tuple(quantities),
        times,
        "\t" in text[start:end],
        Marks(text, start, end),
        Timeline(times),
    )


def scan_text(text: str, headings: Sequence[Heading] = ()) -> QuantityScan:
    """Quantities grouped by paragraph, each paragraph's time mentions and clause marks, the
    document time and the heading index: everything both finders read, computed once."""
    groups: list[tuple[int, int, list[Quantity]]] = []
    for q in find_quantities(text):
        if groups and groups[-1][0] <= q.start < groups[-1][1]:
            groups[-1][2].append(q)
            continue
        start = text.rfind("\n", 0, q.start) + 1
        end = text.find("\n", q.end)
        groups.append((start, len(text) if end < 0 else end, [q]))
    # TAB-separated table rows are read by column, not as sentences: no times, no marks.
    tables = [text.find("\t", start, end) >= 0 for start, end, _ in groups]
    raw = [
        [] if table else _raw_times(text, start, end)
        for (start, end, _), table in zip(groups, tables, strict=True)
    ]
    doc = document_time(text, [t for times in raw for t in times])
    lines = []
    for (start, end, qs), times, table in zip(groups, raw, tables, strict=True):
        mentions = tuple(classify_times(text, times, doc))
        marks = _NO_MARKS if table else Marks(text, start, end)
        lines.append(Line(start, end, tuple(qs), mentions, table, marks, Timeline(mentions)))
    return QuantityScan(doc, tuple(lines), SectionIndex(headings))
