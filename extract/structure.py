"""The heading tree of a cleaned document: numbered heading lines and how they nest.

A heading is a line that opens with a numbering (一、 / (一) / 1. / (1) / 第一章 / 专栏1 / 附件1 …;
the styles are data, `data/heading_kinds.csv`). Table rows (lines with a TAB) are never headings,
and a `1.` label followed by a digit or `%` is a decimal (`156.4%.`), not a heading.

Nesting follows the order in which numbering styles appear, not a fixed hierarchy, because
documents skip levels (一、 then 1.) and number items continuously across sections. A heading
whose style is already open becomes a sibling of the open one (numbering may restart: a
compilation reprints several documents); a new style nests under the open headings whose
usual rank (第X部分 > 第X章 > 第X节 > 第X条 > 一、 > (一) > 1. > (1)) is higher.

Boxes (专栏) are containers inside the running text. Their items often reuse the style of
the surrounding section ((一) inside a box under (一)), so the numbers decide: an item numbered
1 opens the box's list, and a heading that continues an outer list ((三) after an outer (二))
closes the box.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .records import Heading
from .textscan import drop_layout_spaces

logger = logging.getLogger(__name__)

BOX = "box"

# A sentence ends at 。!? or at a '.' that is not a decimal point or inside a Latin word/URL.
# One character class first (the '.' case checked after it), so that `re` skips ahead to the
# next candidate instead of trying a branch at every position.
_SENTENCE_END = re.compile(r"[。!?.](?!(?<=\.)[0-9A-Za-z])")
# Table-of-contents entries: dot leaders and a page number.
_TOC_TAIL = re.compile(r"(?:\.{3,}|·{3,})\s*\d+\s*$")
_DIGITS = re.compile(r"[0-9]+")
_SEPARATORS = " :·"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MAX_CAPTION = 20


@dataclass(frozen=True, slots=True)
class HeadingKind:
    """One numbering style, as listed in `data/heading_kinds.csv`."""

    name: str
    rank: int | None  # 0 = highest; None for containers (专栏)
    prefix: tuple[str, ...]
    numerals: str  # "cn", "digit" or "any"
    number_required: bool
    suffix: tuple[str, ...]
    caption: bool
    box_item: bool  # may number the items of a 专栏; other styles close an open box

    @property
    def label_prefix(self) -> str:
        return self.prefix[0] if self.prefix else ""

    @property
    def label_suffix(self) -> str:
        return self.suffix[0] if self.suffix else ""


def _data_rows(name: str) -> list[dict[str, str]]:
    with resources.files("policykg.data").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _alternatives(cell: str) -> tuple[str, ...]:
    return tuple(part for part in cell.split("|") if part)


@cache
def heading_kinds() -> tuple[HeadingKind, ...]:
    return tuple(
        HeadingKind(
            name=row["kind"],
            rank=int(row["rank"]) if row["rank"] else None,
            prefix=_alternatives(row["prefix"]),
            numerals=row["numerals"],
            number_required=row["number_required"] == "yes",
            suffix=_alternatives(row["suffix"]),
            caption=row["caption"] == "yes",
            box_item=row["box_item"] == "yes",
        )
        for row in _data_rows("heading_kinds.csv")
    )


@cache
def _numerals() -> dict[str, tuple[int, bool]]:
    """Chinese numeral character -> (value, is_unit)."""
    return {
        row["char"]: (int(row["value"]), row["role"] == "unit")
        for row in _data_rows("cn_numerals.csv")
    }


@cache
def cn_numeral_class() -> str:
    """A regex character class of the Chinese numeral characters."""
    return "[" + "".join(map(re.escape, _numerals())) + "]"


@cache
def _numeral_run() -> re.Pattern[str]:
    return re.compile(r"[0-9]+|" + cn_numeral_class() + "+")


@lru_cache(maxsize=4096)  # the same few labels (一, 二, 1, …) come back in every document
def numeral_value(label: str) -> int | None:
    """The number in a label or numeral string: 一 -> 1, (二十三) -> 23, 第十条 -> 10, １ -> 1.

    Digit-by-digit forms without 十/百/千 read positionally (二〇二四 -> 2024), which dates use.
    Returns None when the label holds no number.
    """
    m = _numeral_run().search(label)
    if not m:
        m = _DIGITS.search(label.translate(_FULLWIDTH_DIGITS))
        if not m:
            return None
    run = m.group()
    if run.isascii():
        return int(run)
    table = _numerals()
    values = [table[ch] for ch in run]
    if not any(is_unit for _, is_unit in values):
        return int("".join(str(v) for v, _ in values))
    total = current = 0
    for value, is_unit in values:
        if is_unit:
            total += (current or 1) * value
            current = 0
        else:
            current = value  # 零 in 一百零五 just resets
    return total + current


def _number_pattern(numerals: str, group: str) -> str:
    cn = cn_numeral_class() + "{1,6}"
    digits = r"[0-9]{1,3}"
    body = {"cn": cn, "digit": digits}.get(numerals, f"(?:{digits}|{cn})")
    return f"(?P<{group}>{body})"


def _kind_pattern(index: int, kind: HeadingKind) -> str:
    prefix = "|".join(map(re.escape, kind.prefix))
    suffix = "|".join(map(re.escape, kind.suffix))
    number = _number_pattern(kind.numerals, f"n{index}")
    if kind.number_required:
        body = f"(?:{prefix}) *{number}" if prefix else number
    else:
        # Without a number the marker must stand alone: 专栏: / 专栏 … but not 专栏文章.
        body = f"(?:{prefix})(?: *{number}|(?=[{re.escape(_SEPARATORS)}]|$))"
    if suffix:
        body += f" *(?:{suffix})"
    if kind.numerals != "cn" and any(s in ".、" for s in kind.suffix):
        body += "(?![0-9%])"  # 156.4% and 3.2%左右 are numbers, not labels
    return f"(?P<k{index}>{body})"


@cache
def _heading_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A heading label at a line start: (to match at a line start, to search for).

    The search pattern opens with the line break before the label, a literal that `re` skips
    ahead to; `(?m)^` would be tried at every position of the text.
    """
    kinds = heading_kinds()
    label = "(?:" + "|".join(_kind_pattern(i, k) for i, k in enumerate(kinds)) + ")"
    return re.compile(rf"(?m) *{label}"), re.compile(rf"(?m)\n *{label}")


def _labels(text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """Heading labels that open a line of text[pos:endpos] (after spaces), in order."""
    at_line_start, after_line_break = _heading_patterns()
    if pos == 0 or text[pos - 1 : pos] == "\n":
        m = at_line_start.match(text, pos, endpos)
        if m:
            yield m
    yield from after_line_break.finditer(text, pos, endpos)


class _Line:
    """A heading line (thousands per document; it never leaves here). A plain class: compiled
    (mypyc), it is a C struct, where a named tuple is built by interpreted code."""

    __slots__ = ("kind", "label", "value", "title", "start", "end")

    def __init__(
        self, kind: HeadingKind, label: str, value: int | None, title: str, start: int, end: int
    ) -> None:
        self.kind = kind
        self.label = label
        self.value = value
        self.title = title
        self.start = start
        self.end = end


@cache
def _label_affixes() -> tuple[tuple[str, str], ...]:
    """(label prefix, label suffix) of each heading kind."""
    return tuple((k.label_prefix, k.label_suffix) for k in heading_kinds())


def _iter_lines(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[_Line]:
    kinds = heading_kinds()
    affixes = _label_affixes()
    endpos = len(text) if endpos is None else endpos
    for m in _labels(text, pos, endpos):
        index = int((m.lastgroup or "k0")[1:])
        start = m.start(f"k{index}")
        line_end = text.find("\n", m.end())
        if line_end < 0:
            line_end = len(text)
        line_start = text.rfind("\n", 0, start) + 1
        if text.find("\t", line_start, line_end) >= 0:
            continue  # a table row
        if _toc_entry(text, m.end(), line_end):
            continue  # a table-of-contents entry
        kind = kinds[index]
        number = (m.group(f"n{index}") or "").replace(" ", "")
        title, title_end = _title(text, m.end(), line_end, kind.caption)
        label = affixes[index][0] + number + affixes[index][1]
        value = numeral_value(number) if number else None
        yield _Line(kind, label, value, title, start, title_end)


def _toc_entry(text: str, pos: int, line_end: int) -> bool:
    """`_TOC_TAIL` in text[pos:line_end]; its dot leaders are looked for first, with `find`
    (the pattern opens with a branch, which `re` tries at every position of a long line)."""
    if text.find("...", pos, line_end) < 0 and text.find("···", pos, line_end) < 0:
        return False
    return _TOC_TAIL.search(text, pos, line_end) is not None


def _title(text: str, pos: int, line_end: int, caption: bool) -> tuple[str, int]:
    """The heading text after the label and where it ends (a run-in title ends at 。/.)."""
    while pos < line_end and text[pos] in _SEPARATORS:
        pos += 1
    if caption and text.startswith("(", pos):
        close = text.find(")", pos, min(line_end, pos + _MAX_CAPTION))
        if close > pos:
            return drop_layout_spaces(text[pos + 1 : close]), close + 1
    m = _SENTENCE_END.search(text, pos, line_end)
    end = m.start() if m else line_end
    while end > pos and text[end - 1].isspace():
        end -= 1
    return drop_layout_spaces(text[pos:end]), end


def first_heading_start(text: str, limit: int, pos: int = 0) -> int | None:
    """Offset of the first heading line that starts in text[pos:limit], if any."""
    for line in _iter_lines(text, pos, limit):
        return line.start
    return None


@dataclass(slots=True)
class _Open:
    """A heading on the stack of open headings."""

    index: int
    kind: str
    rank: int | None
    value: int | None


def _continues(entry: _Open, value: int | None) -> bool:
    return entry.value is not None and value is not None and value == entry.value + 1


def _last(stack: list[_Open], kind: str, lo: int, hi: int) -> int | None:
    for i in range(hi - 1, lo - 1, -1):
        if stack[i].kind == kind:
            return i
    return None


def _close_to(stack: list[_Open], kind: str, rank: int) -> None:
    """Pop the stack so that a heading of `kind` can be pushed (no box open)."""
    same = _last(stack, kind, 0, len(stack))
    if same is not None:
        del stack[same:]
        return
    while stack and stack[-1].rank is not None and stack[-1].rank >= rank:
        stack.pop()


def _place(stack: list[_Open], kind: HeadingKind, value: int | None) -> None:
    """Pop the stack of open headings so that the top is the new heading's parent."""
    name, rank = kind.name, kind.rank
    box = None
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].kind == BOX:
            box = i
            break
    if rank is None:  # a box: sibling of an open box, else under the current heading
        if box is not None:
            del stack[box:]
        return
    if box is None:
        _close_to(stack, name, rank)
        return
    inner = _last(stack, name, box + 1, len(stack))
    outer = _last(stack, name, 0, box)
    if inner is not None:
        outer_goes_on = outer is not None and _continues(stack[outer], value)
        if outer_goes_on and not _continues(stack[inner], value):
            inner = outer  # the box's list stopped; the outer list goes on
        del stack[inner:]
        return
    if not kind.box_item or (outer is not None and (_continues(stack[outer], value) or value != 1)):
        del stack[box:]
        _close_to(stack, name, rank)
        return
    # The first item of a list inside the box.
    while len(stack) > box + 1 and stack[-1].rank is not None and stack[-1].rank >= rank:
        stack.pop()


def find_headings(text: str) -> list[Heading]:
    """All heading lines of a cleaned text, in order, with level and parent index."""
    headings: list[Heading] = []
    stack: list[_Open] = []
    for line in _iter_lines(text):
        kind = line.kind
        _place(stack, kind, line.value)
        parent = stack[-1].index if stack else None
        stack.append(_Open(len(headings), kind.name, kind.rank, line.value))
        # positional arguments: keywords cost a dict per call into the (interpreted) record class
        headings.append(
            Heading(line.label, kind.name, len(stack), line.title, line.start, line.end, parent)
        )
    logger.debug("found %d headings", len(headings))
    return headings
