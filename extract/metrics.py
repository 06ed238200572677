"""Observations: reported values with indicator, region, period, growth, share, basis and source.

For every quantity in running text that no future frame covers (those are targets; in a plan,
so are values with no year at all):

- period: the value's own year (2021年的946.0亿美元; in a 2010—2021年 sentence, 从1.9万亿美元
  上升至3.81万亿美元 gives 2010 and 2021), else the latest year stated before it in the
  paragraph (2022年上半年,…), else the last year of an earlier paragraph under the same
  heading, else a year in the heading path. Points of comparison (较2015年, 为2012年的1.5倍)
  never set the period.
- role: a percentage or multiple after a growth cue (同比增长15.9%, 同比增长1.2倍) is the growth
  of the value before it in the sentence, or of the next one (实现31.2%的大幅增长,达到568.8亿美元);
  a percentage after 占 is the share of the value before it; percentage points and multiples
  after a value compare it with something else. Everything else is an observation.
- indicator: the words between the clause start (or the previous value) and the value, without
  verbs (为, 达到, 约为, 实现) and leading place names. A generic head (出口额, 进出口总额) takes
  the subject of the sentence or of the previous indicator (文化产品和服务进口额…,出口额 ->
  文化产品和服务出口额); an empty one takes the sentence's subject. Lists (A和B…分别为x和y) give
  each value its own subject when the counts agree.
- region: the last place named in the sentence before the value that is not in a ranking or a
  comparison (位居全国首位, 全球第三, 占全国的…), of a chain the most specific (上海市浦东新区),
  else the previous value's region in the paragraph, else the last one under the same heading.
  全市/本市 is the document's city (the first city its header names).
- basis and source: 根据商务部的统计口径 / 据国家外汇管理局上海市分局的统计 earlier in the paragraph.
"""

from __future__ import annotations

import bisect
import csv
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

from .agencies import grouped_word_pattern
from .quantity_context import (
    DocumentTime,
    Line,
    QuantityScan,
    SectionIndex,
    clause_end,
    cue_words,
    cues,
    scan_text,
)
from .quantity_records import Observation, Quantity
from .records import Heading
from .targets import (
    JOINERS,
    THRESHOLD_DIMENSIONS,
    after_time,
    before_qualifier,
    clean_indicator,
    indicator_segment,
    is_threshold,
)
from .textscan import trie_pattern

logger = logging.getLogger(__name__)

_DATA = "policykg.data"
_RATES = frozenset({"percent", "multiple"})
_COMPARE_UNITS = frozenset({"multiple", "percentage_point"})
_HEADER_CHARS = 2000
_PART_OF_YEAR = "0123456789HQ"  # periods that are parts of a year do not set the paragraph's
_CLAUSE_STOP = re.compile(r"[,。;:]")
_JOINERS_DE = JOINERS + "的"


def _alternation(key: str) -> str:
    return "|".join(map(re.escape, cue_words(key)))


@cache
def _basis_lead() -> re.Pattern[str]:
    return re.compile(rf"^.*?(?:{_alternation('basis_lead')})")


@cache
def _growth_after() -> re.Pattern[str]:
    """实现31.2%的大幅增长: a growth rate whose cue follows it."""
    adverbs = _alternation("trailing_adverbs")
    return re.compile(rf"的(?:{adverbs})?({_alternation('growth_after')})")


@cache
def _inner_verbs() -> re.Pattern[str]:
    return re.compile(trie_pattern(cue_words("inner_verbs")))  # longest first, as listed


@cache
def _subject_end() -> re.Pattern[str]:
    return re.compile(_alternation("subject_end"))


@dataclass(frozen=True, slots=True)
class _Region:
    canonical: str
    level: str


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(_DATA).joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def _regions() -> dict[str, _Region]:
    """Region surfaces -> canonical region: `metric_regions.csv` and `admin_divisions.csv`.

    Provinces and municipalities go by their short names (上海), cities and districts by their
    full names (浦东新区, 苏州市); a port is its city + 港 (上海港).
    """
    table: dict[str, _Region] = {}
    short_kinds = ("municipality", "province", "autonomous_region", "sar")
    for row in _rows("admin_divisions.csv"):
        name, full, kind = row["name"], row["full"], row["kind"]
        if row["note"].startswith("historical"):
            continue
        canonical = name if kind in short_kinds else full
        level = "city" if kind in ("municipality", "city") else kind
        table.setdefault(full, _Region(canonical, level))
        if kind in short_kinds:  # short city names are words too (大同, 中山): full names only
            table.setdefault(name, _Region(canonical, level))
        if kind != "district":
            table.setdefault(name + "港", _Region(name + "港", "port"))
    for row in _rows("metric_regions.csv"):
        table[row["surface"]] = _Region(row["canonical"], row["level"])
    for word in cue_words("home_words"):
        table[word] = _Region(word, "home")
    return table


@cache
def _region_pattern() -> re.Pattern[str]:
    # Hundreds of place names open with common characters (上, 中, 新 …): this form of the
    # trie drops most positions after two class tests and groups its wide branches.
    return re.compile(grouped_word_pattern(_regions()))


@cache
def _cue_pattern(key: str) -> re.Pattern[str]:
    return re.compile(trie_pattern(cues()[key]))


@cache
def _provenance_pattern() -> re.Pattern[str]:
    """Cue words of statistical provenance: 口径, 根据/据 (a one-character prefix only where a
    clause starts: not the 据 of 数据), 数据显示."""
    words = [cues()["basis_cue"], *cues()["source_display"]]
    parts = [re.escape(w) for w in words]
    for prefix in cues()["source_prefix"]:
        lookbehind = "" if len(prefix) > 1 else rf"(?<![\u4e00-\u9fff]{re.escape(prefix)})"
        parts.append(re.escape(prefix) + lookbehind)
    return re.compile("|".join(parts))


@cache
def _source_pattern() -> re.Pattern[str]:
    tail = "|".join(re.escape(w) for w in sorted(cues()["source_cues"], key=len, reverse=True))
    return re.compile(rf"([^,。;:\n《》]{{2,30}}?)的?(?:{tail})$")


def _home_region(text: str) -> str:
    """The document's city: the first city named in its first lines (issuer, title)."""
    for m in _region_pattern().finditer(text, 0, _HEADER_CHARS):
        region = _regions()[m.group()]
        if region.level == "city":
            return region.canonical
    return ""


def _strip_regions(indicator: str) -> str:
    m = _region_pattern().match(indicator)
    while m and m.end() < len(indicator):
        indicator = indicator[m.end() :].lstrip("的")
        m = _region_pattern().match(indicator)
    return indicator


@cache
def _generic_heads() -> tuple[str, ...]:
    return tuple(sorted(cues()["generic_heads"], key=len, reverse=True))


def _topic(indicator: str) -> str:
    """The subject part of an indicator: 文化产品和服务进口额 -> 文化产品和服务."""
    for head in _generic_heads():
        if indicator.endswith(head):
            return indicator[: -len(head)]
    return ""


@lru_cache(maxsize=4096)
def _indicator_text(segment: str) -> str:
    return _strip_regions(_inner_verbs().sub("", clean_indicator(segment))).strip(_JOINERS_DE)


def _with_cue(subject: str, cue: str) -> str:
    """The indicator of a rate with no value: its subject and cue, the cue once where the
    subject already names it (出口增速 + 增速, 进出口总额年均增长率 + 年均增长率)."""
    return subject if cue in subject else subject + cue


def _sentence_subject(text: str, sent: int, pos: int) -> str:
    """The subject of the sentence: its first clause up to the first verb or adverb."""
    start = after_time(text, sent, pos)
    start = start + 1 if start < pos and text[start] in JOINERS else start
    end = clause_end(text, start, pos)
    m = _subject_end().search(text, start, end)
    return _indicator_text(text[start : m.start() if m else end])


def _cue_before(text: str, lo: int, pos: int, key: str, gap: int) -> str:
    """A cue word of `key` ending at most `gap` characters before `pos` (同比增长15.9%)."""
    found = ""
    for m in _cue_pattern(key).finditer(text, max(lo, pos - gap - 6), pos):
        if pos - m.end() <= gap:
            found = m.group()
    return found


@dataclass(frozen=True, slots=True)
class _Time:
    year: int | None
    period: str
    future: bool
    context: int  # start of the time mention the year comes from (-1: none)


# The quantities of a paragraph share a few time frames: one shared record per frame spares
# building one per quantity.
_time = lru_cache(maxsize=4096)(_Time)


def _time_of(text: str, q: Quantity, line: Line, doc: DocumentTime) -> _Time:
    anchor, latest = line.timeline.time_at(q.start)
    if anchor is not None:
        return _time(anchor.year, anchor.period, doc.is_future(anchor.year), anchor.start)
    if latest is None:
        return _time(None, "", False, -1)
    if latest.role == "future":
        return _time(latest.year, latest.period, True, latest.start)
    if latest.role == "range":
        starts = text.endswith(cue_words("range_start"), max(0, q.start - 1), q.start)
        year = latest.first_year if starts and latest.first_year else latest.year
        future = doc.is_future(latest.year) and not starts
        return _time(year, latest.period, future, latest.start)
    return _time(latest.year, latest.period, False, latest.start)


@dataclass
class _State:
    """What carries from one paragraph to the next under the same heading."""

    heading: int | None = None
    year: int | None = None
    region: str = ""


class _Draft:
    """An observation being read: growth and share are attached as the sentence goes on."""

    __slots__ = ("fields", "growth", "growth_kind", "share", "share_of")

    def __init__(self, fields: tuple) -> None:
        self.fields = fields  # Observation's fields up to `qualifier`, then basis, source, section
        self.growth: Quantity | None = None
        self.growth_kind = ""
        self.share: Quantity | None = None
        self.share_of = ""

    def build(self) -> Observation:
        (
            indicator,
            region,
            year,
            quantity,
            start,
            end,
            period,
            qualifier,
            basis,
            source,
            section,
        ) = self.fields
        return Observation(
            indicator,
            region,
            year,
            quantity,
            start,
            end,
            period,
            qualifier,
            self.growth,
            self.growth_kind,
            self.share,
            self.share_of,
            basis,
            source,
            section,
        )


def find_observations(
    text: str, headings: Sequence[Heading], *, scan: QuantityScan | None = None
) -> list[Observation]:
    """Reported values of a cleaned document (see the module docstring).

    `scan` (from `quantity_context.scan_text(text, headings)`) may be shared with
    `find_targets`; it holds the heading index, so `headings` is then not read again.
    """
    scan = scan or scan_text(text, headings)
    sections = scan.sections
    home = _home_region(text)
    out: list[Observation] = []
    state = _State()
    for line in scan.lines:
        if line.table:
            continue  # table rows: their periods are column headers, not sentences
        heading = sections.index_at(line.start)
        if heading != state.heading:
            state = _State(heading, sections.year_at(line.start), "")
        out.extend(_LineReader(text, line, scan.doc, sections, home, state).read())
    return out


class _LineReader:
    """Reads the observations of one paragraph, left to right."""

    def __init__(
        self,
        text: str,
        line: Line,
        doc: DocumentTime,
        sections: SectionIndex,
        home: str,
        state: _State,
    ) -> None:
        self.text, self.line, self.doc, self.home, self.state = text, line, doc, home, state
        self.section = sections.path_at(line.start)
        self.marks = line.marks
        self.region_cache: dict[int, tuple[int, int, str]] = {}  # lo -> scanned, end, name
        self.basis, self.sources = self._provenance()
        self.drafts: list[_Draft] = []
        # A growth rate before its value: (rate, cue, its period's offset, its subject, year,
        # period).
        self.pending: tuple[Quantity, str, int, str, int | None, str] | None = None
        self.last_level: _Draft | None = None  # the last value of the current sentence
        self.sentence = line.start
        self.previous_end = line.start
        self.previous_indicator = ""
        self.previous_region = ""
        # End, cue and subject of the last growth rate.
        self.last_rate: tuple[int, str, str] = (-1, "", "")

    def read(self) -> list[Observation]:
        text, line = self.text, self.line
        for q in line.quantities:
            if q.dimension in THRESHOLD_DIMENSIONS and is_threshold(text, q, line.end):
                continue
            sent = self.marks.sentence_start(q.start)
            if sent != self.sentence:
                self._flush()
                self.sentence, self.last_level = sent, None
            time = _time_of(text, q, line, self.doc)
            if time.future:
                continue  # a target
            if time.year is None and self.state.year is None and self.doc.target_year:
                continue  # in a plan, a value with no year at all is a commitment (打造5条…)
            if time.year is not None and time.period[:1] not in _PART_OF_YEAR:
                self.state.year = time.year
            if self._attach(q, time):
                continue
            self._observe(q, sent, time)
        self._flush()
        observations = [d.build() for d in self.drafts]
        if text.find(cues()["list_cue"], line.start, line.end) >= 0:
            observations = _pair_lists(text, observations)
        return observations

    def _attach(self, q: Quantity, time: _Time) -> bool:
        """Growth, share or comparison of a value: attach it instead of observing it."""
        text = self.text
        dimension = q.dimension
        if dimension not in _RATES and dimension != "percentage_point":
            return False
        clause = self.marks.clause_start(q.start)
        last = self.last_level
        if dimension in _RATES:
            cue = _cue_before(text, clause, q.start, "growth_cues", gap=4)
            if not cue:  # 实现31.2%的大幅增长
                after = _growth_after().match(text, q.end, min(self.line.end, q.end + 8))
                cue = after.group(1) if after else ""
            end, previous_cue, previous_subject = self.last_rate
            listed = end >= clause and not text[end : q.start].strip(JOINERS)
            if not cue and listed:  # 分别增长57.4%和31.3%
                cue = previous_cue
            if cue:
                subject = ""
                if last is not None and last.growth is None:
                    last.growth, last.growth_kind = q, cue
                elif last is None:
                    self._flush()  # a list of rates without values: each stands alone
                    # 出口增速分别为21.4%、21.1%: every rate of a list has the words before
                    # the first one as its subject, not the rates read since.
                    subject = previous_subject if listed else self._rate_subject(q, clause, cue)
                    self.pending = (q, cue, time.context, subject, time.year, time.period)
                self.last_rate = (q.end, cue, subject)
                return True
        if last is None:
            return False
        if dimension in _COMPARE_UNITS:
            return True  # 为2012年的1.5倍, 高于全国25.7个百分点
        if _cue_before(text, clause, q.start, "share_cues", gap=30):
            if last.share is None:
                last.share, last.share_of = q, _share_of(text, clause, q.start)
            return True
        return False

    def _rate_subject(self, q: Quantity, clause: int, cue: str) -> str:
        _, before = indicator_segment(self.text, clause, q.start)
        return _indicator_text(before.removesuffix(cue))

    def _subject_region(self, lo: int, hi: int) -> str:
        """The last place in `[lo, hi)` that is a subject, not a point of comparison (位居全国
        首位, 全球第三, 占全国的…). Scans resume where the last one from `lo` stopped, so a
        sentence is read once however many values it holds."""
        scanned, end, name = self.region_cache.get(lo, (lo, -1, ""))
        if scanned < hi:
            text = self.text
            rank_after, compare_before = cue_words("rank_after"), cue_words("compare_before")
            regions = _regions()
            for m in _region_pattern().finditer(text, scanned, hi):
                start, stop = m.span()
                if text.startswith(rank_after, stop) or text.endswith(compare_before, lo, start):
                    continue
                region = regions[m.group()]
                end = stop
                name = (
                    (self.home or region.canonical) if region.level == "home" else region.canonical
                )
            self.region_cache[lo] = (hi, end, name)
        return name if 0 <= end <= hi else ""

    def _observe(self, q: Quantity, sent: int, time: _Time) -> None:
        text, line = self.text, self.line
        clause = self.marks.clause_start(q.start)
        seg_start, segment = indicator_segment(
            text, max(clause, min(self.previous_end, q.start)), q.start
        )
        indicator = _indicator_text(segment)
        if indicator in _generic_heads():
            topic = _topic(self.previous_indicator)
            if topic:
                indicator = topic + indicator
        elif not indicator:
            pending_subject = self.pending[3] if self.pending else ""
            indicator = (
                self.previous_indicator or pending_subject or _sentence_subject(text, sent, q.start)
            )
        elif indicator.startswith(cues()["share_lead"]):
            subject = self.previous_indicator or (self.pending[3] if self.pending else "")
            indicator = subject + indicator
        region = (
            self._subject_region(sent, q.start)
            or self.previous_region
            or self._subject_region(line.start, q.start)
            or self.state.region
        )
        self.state.region = region
        draft = _Draft(
            (
                indicator,
                region,
                time.year if time.year is not None else self.state.year,
                q,
                min(seg_start, q.start),
                q.end,
                time.period,
                before_qualifier(text, seg_start, q.start),
                self._before(self.basis, q.start),
                self._before(self.sources, q.start),
                self.section,
            )
        )
        if self.pending is not None:
            growth, cue, context = self.pending[:3]
            # A growth rate before a value belongs to it when no other period comes between.
            if context == time.context:
                draft.growth, draft.growth_kind = growth, cue
                self.pending = None
            else:
                self._flush()
        self.drafts.append(draft)
        self.last_level = draft
        self.previous_end = q.end
        self.previous_indicator = indicator
        self.previous_region = region

    def _flush(self) -> None:
        """A growth rate that found no value is an observation of its own (年均增长3%)."""
        if self.pending is None:
            return
        q, cue, _, subject, year, period = self.pending
        self.pending = None
        indicator = _with_cue(subject, cue)
        region = self.previous_region or self.state.region
        draft = _Draft(
            (
                indicator,
                region,
                year if year is not None else self.state.year,
                q,
                self.sentence,
                q.end,
                period,
                "",
                "",
                "",
                self.section,
            )
        )
        draft.growth, draft.growth_kind = q, cue
        self.drafts.append(draft)

    def _provenance(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """(offset, basis) for each 统计口径 and (offset, source) for each 根据/据 X 的统计 and
        X 的数据显示 in the paragraph, from one scan for their cue words."""
        text, line = self.text, self.line
        basis: list[tuple[int, str]] = []
        sources: list[tuple[int, str]] = []
        basis_cue = cues()["basis_cue"]
        for m in _provenance_pattern().finditer(text, line.start, line.end):
            cue, i = m.group(), m.start()
            if cue == basis_cue:
                head = _CLAUSE_STOP.split(text[max(line.start, i - 30) : i])[-1]
                head = _basis_lead().sub("", head).removesuffix("统计").removesuffix("的")
                if head:
                    basis.append((i, head + cue))
            elif cue in cues()["source_display"]:
                lo = max(line.start, i - 30)
                head = _CLAUSE_STOP.split(text[lo:i])[-1].removesuffix("的")
                if head:
                    sources.append((lo, head))
            else:  # 根据 / 据 … 的统计
                limit = min(line.end, m.end() + 40)
                stop = _CLAUSE_STOP.search(text, m.end(), limit)
                found = _source_pattern().search(text, m.end(), stop.start() if stop else limit)
                if found:
                    sources.append((i, found.group(1).strip()))
        sources.sort()
        return basis, sources

    @staticmethod
    def _before(items: Sequence[tuple[int, str]], pos: int) -> str:
        if not items:
            return ""
        i = bisect.bisect_left(items, (pos, "")) - 1
        return items[i][1] if i >= 0 else ""


def _share_of(text: str, lo: int, pos: int) -> str:
    """What a share is of: 占全国的30.0% -> 全国; 全国占比16.6% -> 全国."""
    lead = cues()["share_lead"]
    i = text.rfind(lead, lo, pos)
    if i < 0:
        return ""
    if text.startswith(lead + "比", i):
        return text[lo:i].strip(JOINERS)
    return re.split(r"的|比重|比例", text[i + 1 : pos], maxsplit=1)[0]


def _pair_lists(text: str, observations: list[Observation]) -> list[Observation]:
    """A和B…分别为x和y: each value gets its own subject when the subjects are listed."""
    out = list(observations)
    i = 0
    while i < len(out):
        obs = out[i]
        if text.rfind(cues()["list_cue"], max(0, obs.quantity.start - 6), obs.quantity.start) < 0:
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j].indicator == obs.indicator:
            j += 1
        subjects = _list_subjects(obs.indicator)
        if j - i > 1 and len(subjects) == j - i:
            for k, subject in enumerate(subjects):
                out[i + k] = replace(out[i + k], indicator=subject)
        i = j
    return out


def _list_subjects(indicator: str) -> list[str]:
    """离岸服务外包合同和执行金额 -> [离岸服务外包合同金额, 执行金额]: split at 、/和, and give the
    last item's head to the others when they lack one."""
    parts = [p for p in re.split(r"以及|[、和及与]", indicator) if p]  # 以及 before 及
    if len(parts) < 2:
        return parts
    head = _topic_head(parts[-1])
    if head:
        parts = [p if _topic_head(p) else p + head for p in parts[:-1]] + [parts[-1]]
    return parts


def _topic_head(indicator: str) -> str:
    for head in _generic_heads():
        if indicator.endswith(head):
            return head
    return ""
