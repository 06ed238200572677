"""Targets: what a plan commits to, from indicator tables and goal sentences.

1. Indicator tables (主要指标 / 主要预期指标): a header row with an indicator column (指标名称)
   and a year or target column (2025年, 2025年目标值), then one row per indicator, cells split
   by TABs or, where the text lost them, by spaces. Columns are recognised by their header
   words (`data/indicator_cues.json`, `table_columns`): unit (单位), attribute (指标属性:
   预期性/约束性), category (指标类别; merged cells are blank and inherit the one above), baseline
   years and remarks (备注). A header repeated after a page break is skipped, and a row whose
   cells wrap onto the next line is joined. The target year is the target column's year; a
   baseline cell may name its own year (1942 万平方米 (2019 年)) or period (“十三五”期间累计).
   A table without a target column or attribute column (and no goal caption) holds statistics.
2. Sentences: a quantity is a target when a future frame covers it (到2025年, 力争到2029年,
   到“十四五”末, “十四五”期间), or when it stands outside a review section (发展基础, 主要进展)
   without any year and is bounded (左右, 以上, 超过, 不低于 …) or the object of a commitment verb
   (打造25条…, 建设100个左右…). A year stated before it in the sentence or paragraph
   (2020年,…) makes it a past value. Such targets take the plan's year: the end of the
   five-year period its title names, else, in a dated notice, its most frequent 到YYYY年.
   A report (undated, no plan period in its title) has targets only in future frames.

Amounts that bound an indicator are not targets (新增…1亿美元以上项目100个左右: the target is
100个). Chinese numerals in running text are idiom (两个市场, 三项任务: GB/T 15835 writes counted
quantities in Arabic digits), so sentence targets need digits. 每年 targets recur and have no
target year; 每年 and 年均 make the unit “…/年”. Value words (全覆盖 = 100%) count only in a
future frame.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .quantities import search_quantity, unit_words
from .quantity_context import (
    DocumentTime,
    Line,
    QuantityScan,
    SectionIndex,
    cue_words,
    cues,
    make_line,
    plan_periods,
    scan_text,
    time_pattern,
)
from .quantity_records import Quantity, Target
from .records import Heading
from .textscan import trie_pattern

logger = logging.getLogger(__name__)

# Amounts that an indicator name may be bounded by (1亿美元以上项目, 超过1亿美元的企业);
# counts and shares are the measured values themselves (25个以上示范区, 80%的学校).
THRESHOLD_DIMENSIONS = frozenset({"currency", "area", "weight", "container", "length"})
JOINERS = "、,;:和及与或并 \u3000"
_INDICATOR_STRIP = JOINERS + '“”"()'
_YEAR_CELL = re.compile(r"((?:19|20)[0-9]{2})[ ]?年")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PER_YEAR = "/年"
_ROW_START = re.compile(r"[0-9]{1,3}(?:\t|[ ]+(?=\S))")
_MAX_WRAPS = 3  # continuation lines a table row may take
_MAX_WRAP_CHARS = 60  # longer lines are paragraphs, not the rest of a row
_SENTENCE_STOP = re.compile(r"[。!?]|\.(?![0-9A-Za-z])|[、,][^\t]*[、,]")


# --- cue helpers ---------------------------------------------------------------------------


@cache
def _indicator_word() -> str:
    return cues()["indicator_header"]


@cache
def _time_chars() -> re.Pattern[str]:
    """Characters every time mention holds one of: 年, or the last one of a plan name (五)."""
    chars = ("年", *sorted({name[-1] for name in plan_periods()}))
    return re.compile("[" + "".join(map(re.escape, chars)) + "]")


def _longest_first(*keys: str) -> tuple[str, ...]:
    words: set[str] = set()
    for key in keys:
        words.update(cues()[key])
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _qualifiers_before() -> tuple[str, ...]:
    return _longest_first("qualifier_before")


@cache
def _qualifiers_after() -> tuple[str, ...]:
    return _longest_first("qualifier_after")


@cache
def _forward_verbs() -> tuple[str, ...]:
    return _longest_first("forward_verbs")


@cache
def _object_verbs() -> tuple[str, ...]:
    """Commitment verbs whose object follows the number (打造25条特色商业街区)."""
    value = set(cues()["value_verbs"])
    return tuple(v for v in _forward_verbs() if v not in value)


@cache
def _lead_words() -> tuple[str, ...]:
    return _longest_first("lead_words", "forward_verbs")


@cache
def _leading() -> re.Pattern[str]:
    words = "|".join(map(re.escape, _lead_words()))
    return re.compile(rf"^(?:(?:{words})[{JOINERS}]*)+(?=.)")


@cache
def _trailing_words() -> tuple[str, ...]:
    words = _longest_first("value_verbs", "qualifier_before", "trailing_adverbs")
    return words + cue_words("range_start")


@cache
def _trailing() -> re.Pattern[str]:
    # As a trie the words cost `re` little at the many positions where it tries them; the
    # match (the leftmost start from which the words run to the end) does not depend on
    # the order they are tried in.
    return re.compile(rf"(?:[{JOINERS}]*{trie_pattern(_trailing_words())})+$")


@cache
def _plan_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(p) for p in plan_periods())
    return re.compile(rf"[“\"]?({names})[”\"]?(?:期间|时期)?")


def after_qualifier(text: str, pos: int) -> str:
    """左右, 以上 … right after a value."""
    for word in _qualifiers_after():
        if text.startswith(word, pos):
            return word
    return ""


@cache
def _before_pattern() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, _qualifiers_before())) + ")$")


@cache
def _qualifier_ends() -> frozenset[str]:
    return frozenset(w[-1] for w in _qualifiers_before())


def before_qualifier(text: str, lo: int, pos: int) -> str:
    """超过, 不低于 … right before a value."""
    if pos <= lo or text[pos - 1] not in _qualifier_ends():
        return ""
    m = _before_pattern().search(text, max(lo, pos - 4), pos)
    return m.group() if m else ""


def _per_year(segment: str) -> str:
    """ "recurring" (每年), "average" (年均) or ""."""
    for word, kind in cues()["per_year"].items():
        if word in segment:
            return kind
    return ""


def _qualifier(before: str, segment: str, after: str) -> str:
    words = []
    cumulative = cues()["cumulative"]
    if cumulative in segment and before != cumulative:
        words.append(cumulative)
    if _per_year(segment) == "average":
        words.append("年均")
    if before:
        words.append(before)
    head = "".join(words)
    return f"{head}…{after}" if head and after else head or after


def is_threshold(text: str, q: Quantity, limit: int) -> bool:
    """1亿美元以上项目 / 超过1亿美元的企业: an amount that bounds a noun, not a value."""
    if q.dimension not in THRESHOLD_DIMENSIONS:
        return False
    for word in cue_words("threshold_words"):
        if text.startswith(word, q.end):
            pos = q.end + len(word)
            return pos < limit and bool(_HAN.match(text, pos))
    return q.end + 1 < limit and text[q.end] == "的" and text[q.end + 1] != "比"


@lru_cache(maxsize=4096)
def clean_indicator(segment: str) -> str:
    """Strip joiners, leading words (其中, 实现, 打造) and trailing verbs and qualifiers (达到, 超过)."""
    s = segment.strip(_INDICATOR_STRIP)
    if not s:
        return s
    # The patterns try every position; they can only match where these cheap tests pass.
    if s.endswith(_trailing_words()) or "\n" in s:
        s = _trailing().sub("", s)
    if s.startswith(_lead_words()):
        s = _leading().sub("", s)
    return s.strip(JOINERS)


def after_time(text: str, start: int, end: int) -> int:
    """Where an indicator may start: after the last time mention (到2025年,) in the span."""
    last = start
    for m in time_pattern().finditer(text, start, end):
        last = m.end()
    return last


def indicator_segment(text: str, start: int, end: int) -> tuple[int, str]:
    """The words before a value that may name it: from after the last time mention that sets
    a period (2021年,) to the value, without a year that only dates the value (由2015年的…).
    Returns (start offset, text)."""
    if _time_chars().search(text, start, end) is None:
        return start, text[start:end]  # no year and no plan period: nothing to cut
    parts: list[str] = []
    lo = start
    comparison = cue_words("comparison_before_year")
    for m in time_pattern().finditer(text, start, end):
        for word in comparison:  # 进出口比2015年分别增长: the predicate starts at 比
            if m.start() - len(word) >= lo and text.startswith(word, m.start() - len(word)):
                parts.append(text[lo : m.start() - len(word)])
                return start, "".join(parts)
        if text.startswith("的", m.end()):
            parts.append(text[lo : m.start()])
            lo = m.end() + 1
        else:
            parts.clear()
            lo = start = m.end()
    parts.append(text[lo:end])
    return start, "".join(parts)


def _indicator(segment: str, obj: str, q: Quantity, previous: str) -> str:
    """The indicator of a sentence target.

    `segment` is the text before the number in its clause, `obj` the noun phrase right after
    it. 打造25条特色商业街区 -> the object; 累计认定跨国公司地区总部1000家 -> the text after the
    verb; 占服务贸易的比重达到50% -> the previous indicator with the share;
    分别超过45%和70% -> the previous indicator.
    """
    if obj and q.dimension == "count":
        return obj
    cut = -1
    for verb in _object_verbs():
        i = segment.rfind(verb)
        if i >= 0 and i + len(verb) > cut:
            cut = i + len(verb)
    head = clean_indicator(segment[cut:] if cut >= 0 else segment)
    if cut >= 0 and (not head or head.endswith(cues()["enumeration_end"])):
        if q.dimension == "percent" and obj:
            return clean_indicator(segment) + obj
        return obj or head or clean_indicator(segment) or segment.strip(JOINERS)
    if head.startswith(cues()["share_lead"]) and previous:
        return previous + head
    return head or obj or previous


@cache
def _scales() -> frozenset[str]:
    return frozenset(w for w, u in unit_words().items() if u.kind == "scale")


@cache
def _counted_suffixes() -> tuple[tuple[str, str], ...]:
    """(indicator ending, counted unit): 人数 -> 人, 家数量 -> 家."""
    units = sorted(
        (w for w, u in unit_words().items() if u.kind == "unit" and u.dimension == "count"),
        key=len,
        reverse=True,
    )
    return tuple((u + end, u) for u in units for end in ("数量", "数"))


def _unit_from_indicator(unit: str, indicator: str) -> str:
    """A bare scale takes the counted noun of its indicator: 老年人数达60万 -> 万人."""
    bare = unit.removesuffix(_PER_YEAR)
    if bare not in _scales():
        return unit
    for ending, counted in _counted_suffixes():
        if indicator.endswith(ending):
            return bare + counted + unit[len(bare) :]
    return unit


# --- sentence targets ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frame:
    """The time frame of a value: future (a target), past, or none stated."""

    future: bool | None
    year: int | None


@lru_cache(maxsize=256)
def _frame(future: bool | None, year: int | None) -> Frame:
    # Frames take few values (a year, whether it is ahead): one shared record per value
    # spares building one per quantity.
    return Frame(future, year)


def frame_of(q: Quantity, line: Line, doc: DocumentTime) -> Frame:
    """The value's own year (2021年的946.0亿美元), else the latest time before it in the paragraph.

    Points of comparison (较2015年, 为2012年的1.5倍) never set the frame.
    """
    anchor, latest = line.timeline.time_at(q.start)
    if anchor is not None:
        return _frame(doc.is_future(anchor.year), anchor.year)
    if latest is None:
        return _frame(None, None)
    if latest.role == "future" or (latest.role == "range" and doc.is_future(latest.year)):
        return _frame(True, latest.year)
    return _frame(False, latest.year)


def _value_words(text: str, start: int, end: int) -> list[Quantity]:
    """Words that state a value (全覆盖 = 100%) in `text[start:end]`."""
    out = []
    for word, spec in cues()["value_words"].items():
        i = text.find(word, start, end)
        while i >= 0:
            unit = unit_words()[spec["unit"]]
            value = float(spec["value"])
            out.append(
                Quantity(
                    value,
                    spec["unit"],
                    value * unit.factor,
                    unit.base,
                    unit.dimension,
                    i,
                    i + len(word),
                    word,
                )
            )
            i = text.find(word, i + len(word), end)
    return out


def _line_targets(
    text: str, line: Line, quantities: Sequence[Quantity], doc: DocumentTime, sections: SectionIndex
) -> Iterator[Target]:
    start, end = line.start, line.end
    marks = line.marks
    mode = sections.mode_at(start)
    previous_end = start
    previous_indicator = ""
    for n, q in enumerate(quantities):
        if not q.text[:1].isdigit() and q.text not in cues()["value_words"]:
            continue  # Chinese numerals in running text: idiom (两个市场)
        frame = frame_of(q, line, doc)
        if frame.future is False:
            continue
        if frame.future is None and (mode == "review" or doc.target_year is None):
            continue  # no year, and no plan year to give it
        if is_threshold(text, q, end) or text.endswith(cue_words("unit_caption"), start, q.start):
            continue
        if not q.text[:1].isdigit() and not frame.future:
            continue  # value words only in a future frame
        clause = marks.clause_start(q.start)
        clause_text = text[clause : q.start]
        before = before_qualifier(text, clause, q.start)
        after = after_qualifier(text, q.end)
        if frame.future is None:
            bounded = bool(before or after or cues()["cumulative"] in clause_text)
            if not bounded and not any(v in clause_text for v in _forward_verbs()):
                continue
        year = frame.year if frame.future else doc.target_year
        per_year = _per_year(clause_text)
        unit, period = q.unit, ""
        if per_year:
            unit += _PER_YEAR
            period = "annual average" if per_year == "average" else "annual"
            year = None if per_year == "recurring" else year
        seg_start, segment = indicator_segment(
            text, max(clause, min(previous_end, q.start)), q.start
        )
        next_start = quantities[n + 1].start if n + 1 < len(quantities) else end
        obj_start = q.end + len(after)
        obj_end = min(marks.clause_end(obj_start), next_start)
        obj = ""
        if obj_start < obj_end and text[obj_start] not in JOINERS:
            obj = text[obj_start:obj_end].lstrip("的").strip(JOINERS)
        indicator = _indicator(segment, obj, q, previous_indicator)
        yield Target(
            indicator=indicator,
            quantity=q,
            unit=_unit_from_indicator(unit, indicator),
            year=year,
            start=min(seg_start, q.start),
            end=q.end + len(after),
            qualifier=_qualifier(before, clause_text, after),
            period=period,
            section=sections.path_at(q.start),
            source="sentence",
        )
        previous_end = q.end + len(after)
        previous_indicator = indicator


# --- indicator tables ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Columns:
    count: int
    index: int | None
    indicator: int
    unit: int | None
    attribute: int | None
    category: int | None
    remark: int | None
    target: int
    target_year: int | None
    baseline: int | None
    baseline_year: int | None
    tabs: bool


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    start: int  # clean-text offset of the cell's first character


_EMPTY = _Cell("", -1)


def _cells(text: str, start: int, end: int, tabs: bool) -> list[_Cell]:
    if tabs:
        out = []
        pos = start
        for part in text[start:end].split("\t"):
            stripped = part.strip()
            out.append(_Cell(stripped, pos + (len(part) - len(part.lstrip()))))
            pos += len(part) + 1
        return out
    return [_Cell(m.group(), m.start()) for m in re.finditer(r"\S+", text[start:end])]


def _header(cells: Sequence[_Cell], caption: str, tabs: bool) -> _Columns | None:
    if len(cells) < 3 or not any(_indicator_word() in c.text for c in cells):
        return None
    words = cues()["table_columns"]
    roles: dict[str, int] = {}
    years: list[tuple[int, int, bool]] = []  # (column, year or 0, says 目标)
    for i, cell in enumerate(c.text for c in cells):
        year = _YEAR_CELL.search(cell)
        is_target = any(w in cell for w in words["target"])
        for role in ("index", "category", "attribute", "remark"):
            if any(w in cell for w in words[role]):
                roles.setdefault(role, i)
                break
        else:
            if year or is_target:
                years.append((i, int(year.group(1)) if year else 0, is_target))
            elif any(w in cell for w in words["unit"]):
                roles.setdefault("unit", i)
            elif any(w in cell for w in words["indicator"]):
                roles.setdefault("indicator", i)
    if "indicator" not in roles or not years:
        return None
    marked = [y for y in years if y[2]]
    if marked:
        target = marked[0]
    elif "attribute" in roles or any(w in caption for w in cues()["goal_headings"]):
        target = max(years, key=lambda y: y[1])
    else:
        return None  # a statistics table (observations by year), not a target table
    earlier = [y for y in years if y is not target and y[1] and (not target[1] or y[1] < target[1])]
    baseline = earlier[-1] if earlier else None
    return _Columns(
        count=len(cells),
        index=roles.get("index"),
        indicator=roles["indicator"],
        unit=roles.get("unit"),
        attribute=roles.get("attribute"),
        category=roles.get("category"),
        remark=roles.get("remark"),
        target=target[0],
        target_year=target[1] or None,
        baseline=baseline[0] if baseline else None,
        baseline_year=baseline[1] if baseline else None,
        tabs=tabs,
    )


def _is_row(line: str, cols: _Columns) -> bool:
    if cols.tabs and "\t" not in line:
        return False
    return cols.index is None or bool(_ROW_START.match(line))


def _align(cells: list[_Cell], cols: _Columns) -> list[_Cell]:
    """Cells -> one per header column: the columns after the indicator are read from the
    right, extra tokens join the indicator (a name with a space), missing ones stay blank."""
    n = cols.count
    if len(cells) == n:
        return cells
    out = [_EMPTY] * n
    right = min(n - cols.indicator - 1, max(0, len(cells) - 1))
    tail = cells[len(cells) - right :] if right else []
    head = cells[: len(cells) - right]
    for j, cell in enumerate(tail):
        out[n - right + j] = cell
    if cols.index is not None and cols.index < cols.indicator and head:
        out[cols.index], head = head[0], head[1:]
    others = [i for i in range(cols.indicator) if i != cols.index]
    if len(head) > len(others):
        for i, cell in zip(others, head, strict=False):
            out[i] = cell
        rest = head[len(others) :]
        out[cols.indicator] = _Cell("".join(c.text for c in rest), rest[0].start)
    elif head:
        out[cols.indicator] = head[-1]
        for i, cell in zip(others, head[:-1], strict=False):
            out[i] = cell
    return out


def _cell_year(cell: str) -> int | None:
    m = _YEAR_CELL.search(cell)
    return int(m.group(1)) if m else None


def _cell_quantity(cell: _Cell, unit_cell: str) -> tuple[Quantity | None, str, str]:
    """(quantity, reported unit, qualifier) of a value cell; the unit column fills a bare number."""
    q = search_quantity(cell.text)
    if q is None:
        return None, "", ""
    unit = q.unit
    if unit_cell and not q.dimension and (not unit or unit in _scales()):
        unit += unit_cell
    before_text = cell.text[: q.start].rstrip()
    before = before_qualifier(before_text, 0, len(before_text))
    after = after_qualifier(cell.text, q.end)
    if _per_year(before_text):
        unit += _PER_YEAR
    qualifier = _qualifier(before, before_text, after)
    plan = _plan_pattern().search(before_text)
    if plan and qualifier:
        qualifier = f"“{plan.group(1)}”期间{qualifier}"
    shifted = Quantity(
        q.value,
        q.unit,
        q.base_value,
        q.base_unit,
        q.dimension,
        q.start + cell.start,
        q.end + cell.start,
        q.text,
        q.upper,
        q.modifier,
    )
    return shifted, unit, qualifier


def _attribute(cell: str) -> str:
    """预期性 / 约束性, or "" for anything else in the attribute column."""
    return next((a for a in cue_words("attributes") if a in cell), "")


def _cell_period(cell: str) -> tuple[str, int | None]:
    """A plan period named in a cell: ("2016-2020", 2020) for “十三五”期间累计."""
    plan = _plan_pattern().search(cell)
    if not plan:
        return "", None
    first, last = plan_periods()[plan.group(1)]
    return f"{first}-{last}", last


def _row_target(
    cells: list[_Cell],
    cols: _Columns,
    span: tuple[int, int],
    category: str,
    default_year: int | None,
    section: str,
) -> Target | None:
    cell = cells[cols.target]
    unit_cell = cells[cols.unit].text if cols.unit is not None else ""
    q, unit, qualifier = _cell_quantity(cell, unit_cell)
    if q is None:
        return None  # a qualitative target (基本保持稳定)
    offset = q.start - cell.start
    before_text = cell.text[:offset]
    per_year = _per_year(before_text)
    period_span, _ = _cell_period(before_text)
    period = ""
    if per_year:
        period = "annual average" if per_year == "average" else "annual"
    elif period_span and cues()["cumulative"] in before_text:
        period = f"{period_span} cumulative"
    year = _cell_year(cell.text[q.end - cell.start :]) or cols.target_year or default_year
    if per_year == "recurring":
        year = None
    baseline, baseline_year, baseline_period = None, None, ""
    if cols.baseline is not None:
        bcell = cells[cols.baseline]
        baseline, _, _ = _cell_quantity(bcell, unit_cell)
        if baseline is not None:
            baseline_period, period_end = _cell_period(bcell.text)
            own = _cell_year(bcell.text[baseline.end - bcell.start :])
            baseline_year = own or period_end or cols.baseline_year
    indicator = cells[cols.indicator].text
    return Target(
        indicator=indicator,
        quantity=q,
        unit=_unit_from_indicator(unit, indicator),
        year=year,
        start=span[0],
        end=span[1],
        qualifier=qualifier,
        attribute=_attribute(cells[cols.attribute].text if cols.attribute is not None else ""),
        category=category,
        period=period,
        baseline=baseline,
        baseline_year=baseline_year,
        baseline_period=baseline_period,
        remark=cells[cols.remark].text if cols.remark is not None else "",
        section=section,
        source="table",
    )


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    """An indicator table: its span (header to last row) and the targets of its rows."""

    start: int
    end: int
    targets: tuple[Target, ...]


def _line_at(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return pos, len(text) if end < 0 else end


def find_indicator_tables(
    text: str, sections: SectionIndex, default_year: int | None
) -> list[IndicatorTable]:
    """Indicator tables: a header row with 指标 and a year or target column, then its rows."""
    tables: list[IndicatorTable] = []
    hit = text.find(_indicator_word())
    while hit >= 0:
        line_start = text.rfind("\n", 0, hit) + 1
        _, line_end = _line_at(text, line_start)
        tabs = "\t" in text[line_start:line_end]
        caption_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        caption = text[caption_start:line_end]
        cols = _header(_cells(text, line_start, line_end, tabs), caption, tabs)
        next_pos = line_end + 1
        if cols is not None:
            table = _read_rows(text, line_start, line_end, cols, sections, default_year)
            if table.targets:
                tables.append(table)
                next_pos = table.end + 1
        hit = text.find(_indicator_word(), next_pos)
    return tables


def _read_rows(
    text: str,
    header_start: int,
    header_end: int,
    cols: _Columns,
    sections: SectionIndex,
    default_year: int | None,
) -> IndicatorTable:
    targets: list[Target] = []
    category = ""
    section = sections.path_at(header_start)
    table_end = header_end
    pos = header_end + 1
    while pos < len(text):
        row_start, row_end = _line_at(text, pos)
        row = text[row_start:row_end]
        row_cells = _cells(text, row_start, row_end, cols.tabs)
        if _indicator_word() in row and _header(row_cells, "", cols.tabs) is not None:
            # the header repeated after a page break
            table_end, pos = row_end, row_end + 1
            continue
        if not _is_row(row, cols):
            break
        # A row whose cells wrap onto the next line: join short lines that do not start a
        # row, a header or a sentence (a paragraph after the table stays out).
        joined = 0
        while len(row_cells) < cols.count and row_end + 1 < len(text) and joined < _MAX_WRAPS:
            nxt_start, nxt_end = _line_at(text, row_end + 1)
            nxt = text[nxt_start:nxt_end]
            if (
                not nxt
                or len(nxt) > _MAX_WRAP_CHARS
                or _SENTENCE_STOP.search(nxt)
                or _is_row(nxt, cols)
                or (
                    _indicator_word() in nxt
                    and _header(_cells(text, nxt_start, nxt_end, cols.tabs), "", cols.tabs)
                )
            ):
                break
            joined += 1
            more = _cells(text, nxt_start, nxt_end, cols.tabs)
            # The wrap fell between two cells when that completes the row, else inside one.
            if row_cells and more and len(row_cells) + len(more) != cols.count:
                last = row_cells[-1]
                row_cells[-1] = _Cell(last.text + more[0].text, last.start)
                more = more[1:]
            row_cells.extend(more)
            row_end = nxt_end
        cells = _align(row_cells, cols)
        if cols.category is not None and cells[cols.category].text:
            category = cells[cols.category].text
        target = _row_target(cells, cols, (row_start, row_end), category, default_year, section)
        if target is not None:
            targets.append(target)
        table_end, pos = row_end, row_end + 1
    return IndicatorTable(header_start, table_end, tuple(targets))


# --- entry point ---------------------------------------------------------------------------


def find_targets(
    text: str, headings: Sequence[Heading], *, scan: QuantityScan | None = None
) -> list[Target]:
    """Targets of a cleaned document, from its indicator tables and goal sentences.

    `scan` (from `quantity_context.scan_text`) may be shared with `find_observations`.
    """
    scan = scan or scan_text(text, headings)
    doc = scan.doc
    sections = scan.sections
    tables = find_indicator_tables(text, sections, doc.target_year)
    targets = [t for table in tables for t in table.targets]
    spans = [(t.start, t.end) for t in tables]
    lines = {line.start: line for line in scan.lines}
    for word in cues()["value_words"]:  # lines with a value word but no number
        i = text.find(word)
        while i >= 0:
            start = text.rfind("\n", 0, i) + 1
            _, end = _line_at(text, start)
            if start not in lines:
                lines[start] = make_line(text, start, end, (), doc)
            i = text.find(word, end)
    for line in sorted(lines.values(), key=lambda ln: ln.start):
        if line.table or any(s <= line.start <= e for s, e in spans):
            continue
        found = list(line.quantities)
        if any(word in text[line.start : line.end] for word in cues()["value_words"]):
            found = sorted(
                [*found, *_value_words(text, line.start, line.end)], key=lambda q: q.start
            )
        targets.extend(_line_targets(text, line, found, doc, sections))
    targets.sort(key=lambda t: (t.start, t.end))
    return targets
