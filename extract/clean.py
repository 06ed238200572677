"""Cleaning: raw PDF-extracted text -> one paragraph per line, with an exact offset map.

1. Characters (`charnorm.py`): traditional -> simplified (only for texts that look
   traditional), NFKC per character, «» -> 《》, private-use characters, all one to one, so the
   normalised text keeps the raw offsets. Footnote marks (①, ¹), invisible characters and the
   few NFKC expansions are handled piece by piece; font-garbled Latin (犐犆犜 -> ICT) is
   decoded on the clean paragraphs, one character for one.
2. Lines and paragraphs (`layout.py`): blank lines, page numbers and running headers are
   dropped, lines are stripped and joined into paragraphs.
3. Paragraphs (here): Markdown `**` goes, letter spacing is closed up (上 海 市 -> 上海市), and
   so are spaces between Chinese characters and digits in running text (2021 年 -> 2021年).

Cleaning is idempotent: cleaning a clean text changes nothing. `CleanText.to_raw` maps any
clean span back to the raw characters it came from.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Final

from . import charnorm, layout
from .layout import Line, Rules
from .offsets import OffsetMap, Piece, build, cut, text_of

logger = logging.getLogger(__name__)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Layout spaces: between Chinese and digits in running text, and before the year bracket of
# a document number (沪府办发 〔2024〕31号). Running text = has a 。 or a comma between Chinese.
# The patterns open with their literal (space, comma) and look behind from there, so that the
# search skips ahead to the next such character instead of testing every position.
_PROSE_SPACE: Final = re.compile(rf" (?:(?<=[{_CJK}] )(?=[0-9])|(?<=[0-9%] )(?=[{_CJK}]))")
_YEAR_BRACKET: Final = "\u3014"
_NUMBER_SPACE: Final = re.compile(rf"(?<=[{_CJK}]) (?={_YEAR_BRACKET}[0-9]{{4}}\u3015)")
_PROSE: Final = re.compile(rf"\u3002|,(?<=[{_CJK}],)|,(?=[{_CJK}])")


@dataclass(frozen=True, slots=True)
class CleanText:
    """A cleaned text and the map from its characters back to the raw text."""

    raw: str
    text: str  # the cleaned text: one paragraph per line
    offsets: OffsetMap = field(repr=False, compare=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Clean span -> the smallest raw span holding its characters' sources."""
        return self.offsets.span(start, end)

    def to_raw_index(self, i: int) -> int:
        """Clean character index -> raw character index."""
        return self.offsets.index(i)


def clean_text(raw: str) -> CleanText:
    """Clean `raw` (see the module docstring); every clean character maps back to raw."""
    traditional = charnorm.looks_traditional(raw)
    clean = _clean(raw, traditional)
    # The script is judged on the whole raw text. Without its page furniture (a simplified
    # running header over a traditional text) the rest may look traditional, and cleaning the
    # clean text would convert it: convert it now, so that cleaning stays idempotent.
    if not traditional and charnorm.looks_traditional(clean.text):
        clean = _clean(raw, True)
    return clean


def _clean(raw: str, traditional: bool) -> CleanText:
    norm = charnorm.normalise(raw, traditional)
    rules = layout.layout_rules()
    lines = layout.split_lines(raw, norm.text, norm.specials, rules)
    layout.mark_page_furniture(lines, rules)
    text, offsets = _emit(_paragraphs(lines, rules, norm.garbled))
    return CleanText(raw=raw, text=text, offsets=offsets)


def _paragraphs(lines: list[Line], rules: Rules, garbled: list[int]) -> list[Line]:
    """The paragraphs of the text, each as one line of the clean text.

    `garbled`: the sorted indices of font-garbled Latin in the normalised text.
    """
    kept = [line for line in lines if line.kind == layout.CONTENT]
    groups = layout.group(lines, layout.measure_layout(lines, kept, rules), rules)
    paragraphs = [p for p in (_merge(group, rules, garbled) for group in groups) if p is not None]
    # Cleaning the clean text again must change nothing. Its lines are these paragraphs: if
    # they still look like a text wrapped at a fixed width (a short text, say), that second
    # cleaning would join them, so join them now, until they no longer do.
    while True:
        found = layout.measure_layout(paragraphs, paragraphs, rules)
        if not found.join_plain:
            return paragraphs
        groups = layout.group(paragraphs, found, rules)
        if len(groups) == len(paragraphs):
            return paragraphs
        paragraphs = [
            p for p in (_merge(group, rules, garbled) for group in groups) if p is not None
        ]


def _merge(lines: list[Line], rules: Rules, garbled: list[int]) -> Line | None:
    """One paragraph as one line, with the fixes that need the whole paragraph.

    None when nothing is left, or when the joined text is a page number (— | 4—).
    """
    if len(lines) == 1:
        line = lines[0]
        joined = line.text
        pieces: list[Piece] = line.pieces or [(joined, line.start)]
    else:
        joined = "".join([line.text for line in lines])  # each line's text is its pieces'
        pieces = []
        for line in lines:
            if line.pieces is None:
                pieces.append((line.text, line.start))
            else:
                pieces += line.pieces
    joined_pieces = pieces
    if "*" in joined:  # ** split by a line break
        pieces = layout.close_up_letters(layout.drop_bold_markers(pieces))
    if " " in joined:
        pieces = _close_up(pieces)
    text = joined if pieces is joined_pieces else text_of(pieces)
    if not text or (len(text) <= layout.MAX_PAGE_NUMBER_LINE and rules.page_number.fullmatch(text)):
        return None
    # Decoding looks at every character: only paragraphs whose source holds garbled Latin.
    first = bisect_left(garbled, lines[0].start)
    holds_garbled = first < len(garbled) and garbled[first] < lines[-1].end
    decoded = charnorm.decode_garbled_latin(text) if holds_garbled else text  # one for one
    if decoded is not text:
        pos, decoded_pieces = 0, []
        for piece, code in pieces:
            decoded_pieces.append((decoded[pos : pos + len(piece)], code))
            pos += len(piece)
        pieces, text = decoded_pieces, decoded
    paragraph = Line(lines[0].start, lines[-1].end, lines[-1].brk, 0, False, text)
    paragraph.pieces = pieces
    return paragraph


def _close_up(pieces: list[Piece]) -> list[Piece]:
    """Delete the layout spaces of one paragraph (see `_PROSE_SPACE`, `_NUMBER_SPACE`)."""
    text = text_of(pieces)
    cuts = [m.start() for m in _NUMBER_SPACE.finditer(text)] if _YEAR_BRACKET in text else []
    if "\t" not in text and _PROSE.search(text):
        cuts += [m.start() for m in _PROSE_SPACE.finditer(text)]
    return cut(pieces, sorted(cuts)) if cuts else pieces


def _emit(paragraphs: list[Line]) -> tuple[str, OffsetMap]:
    """The clean text (paragraphs joined by "\\n") and its offset map."""
    out: list[Piece] = []
    separator_at = -1  # raw index of the line break that ended the previous paragraph
    for paragraph in paragraphs:
        if separator_at >= 0:
            out.append(("\n", separator_at))
        out += paragraph.pieces or [(paragraph.text, paragraph.start)]
        separator_at = paragraph.brk
    # each paragraph's text is its pieces' text: joining the paragraphs is joining the pieces
    return build(out, "\n".join([paragraph.text for paragraph in paragraphs]))
