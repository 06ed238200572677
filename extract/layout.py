"""Lines and paragraphs of a PDF-extracted text: the layout half of cleaning (see `clean.py`).

Works on the normalised text (`charnorm.normalise`), whose indices are raw indices:

* `split_lines`: the non-empty lines, each with the layout around it (blank lines before, an
  indent, the single space that opens a page, a form feed) and its text as it will be in the
  clean text (footnote marks dropped, letter spacing closed up: `line_pieces`);
* `mark_page_furniture`: page numbers (—４—, 第3页, padded bare numbers) and running headers
  (short lines repeated at page boundaries, or sitting on a page number);
* `measure_layout` and `group`: which lines make one paragraph. A line joins the previous one
  unless that one ends a sentence or is a heading, caption or table row, or the line starts a
  heading, caption, table row, footnote or indented paragraph. Texts with a blank line after
  every visual line, and texts wrapped at a fixed width, are joined this way; texts whose
  lines are already paragraphs only across page breaks.

Patterns are data (`data/cleaning.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from . import charnorm
from .offsets import Piece, cut, text_of, trim_spaces

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LINE_BREAKS: Final = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LETTER_SPACED: Final = re.compile(rf"(?:[{_CJK}] )+[{_CJK}]")
_BARE_NUMBER: Final = re.compile(r"[0-9]{1,4}")
_LATIN_END: Final = re.compile(r"[0-9A-Za-z]\.$")
_LATIN_START: Final = re.compile(r"[0-9A-Za-z]")
_BOLD: Final = re.compile(r"\*\*")
# A table row flattened with spaces: three or more cells, one of them a bare number, and none
# of the punctuation of running text (服务出口 6071.6 17.2 100 / 1 服务业增加值占全市生产总值比重 % 预期性 75左右).
_NUMBER_CELL: Final = re.compile(r"(?:^| )[-+]?[0-9][0-9.,/%-]*(?= |$)")
_RUNNING_TEXT_PUNCT: Final = re.compile(r"[\u3002,;:!?]")

# Line kinds. Module constants are `Final` so that compiled code (mypyc) reads them as C
# constants instead of looking the name up in the module on every use.
CONTENT: Final = 0
PAGE: Final = 1
MARKS: Final = 2  # bare footnote marks
HEADER: Final = 3
# A line shorter than this share of the usual full line width ended its paragraph early.
_SHORT_LINE: Final = 0.8
_MIN_LINES_FOR_LAYOUT: Final = 8
_MAX_PRINTED_LINE: Final = 80  # characters on one printed line, at most
MAX_PAGE_NUMBER_LINE: Final = 24


@dataclass(frozen=True, slots=True)
class Rules:
    """The layout rules of `data/cleaning.json`, compiled once (`layout_rules()`)."""

    sentence_end: frozenset[str]
    soft_end: frozenset[str]
    closing: frozenset[str]
    list_heading: re.Pattern[str]
    # how a line opens: group "s" a whole-line paragraph (date, 文号), "h" a heading,
    # "c" a caption or provenance line
    opening: re.Pattern[str]
    # `opening` without group "s", for lines longer than any whole-line paragraph: the
    # 文号 pattern (\S{1,12}…) backtracks on every line
    opening_long: re.Pattern[str]
    # the characters a match of `opening_long` can start with (None: any): most long lines
    # start with none of them, and a set lookup is much cheaper than a failing match
    opening_long_first: frozenset[str] | None
    whole_max: int  # length of the longest line group "s" can match
    page_number: re.Pattern[str]
    inner_sentence_end: re.Pattern[str]
    header_stop: re.Pattern[str]  # a running header has none of these
    header_max: int
    marks: frozenset[str]  # footnote marks and superscript digits


def _alternation(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


@cache
def layout_rules() -> Rules:
    """The layout rules of `data/cleaning.json`, compiled."""
    cfg = charnorm.config()
    heads = cfg["heading_patterns"]
    ends = cfg["sentence_end"]
    inner = "".join(ch for ch in ends if ch not in cfg["soft_sentence_end"])
    headings = _alternation(heads["list"] + heads["section"])
    captions = _alternation(cfg["standalone_start_patterns"]["patterns"])
    whole = _alternation(cfg["standalone_line_patterns"]["patterns"])
    opening_long = f"(?P<h>{headings})|(?P<c>{captions})"
    return Rules(
        sentence_end=frozenset(ends),
        soft_end=frozenset(cfg["soft_sentence_end"]),
        closing=frozenset(cfg["closing_marks"]),
        list_heading=re.compile(_alternation(heads["list"])),
        opening=re.compile(f"(?P<s>{whole}\\Z)|(?P<h>{headings})|(?P<c>{captions})"),
        opening_long=re.compile(opening_long),
        opening_long_first=_first_chars(opening_long),
        whole_max=_max_width(whole),
        page_number=re.compile(_alternation(cfg["page_number_patterns"]["patterns"])),
        inner_sentence_end=re.compile("[" + re.escape(inner) + "]"),
        header_stop=re.compile("[" + re.escape(ends + ",") + "]"),
        header_max=cfg["running_header_max_chars"],
        marks=frozenset(charnorm.footnote_marks() + charnorm.superscript_digits()),
    )


def _max_width(pattern: str) -> int:
    """The length of the longest string `pattern` can match; -1 when unbounded or unknown."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # the width `re` computes for its own optimisations

        width = _parser.parse(pattern).getwidth()[1]
    except (ImportError, AttributeError):  # a private module: without it, no bound
        return -1
    return width if width < _parser.MAXREPEAT else -1


_MAX_FIRST_CHARS: Final = 1000  # a wider set of first characters is not worth listing


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with; None when any or unknown."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]  # as in `_max_width`

        parsed = _parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        codes = _first_codes(parsed.data, _constants)
    except (ImportError, AttributeError):  # a private module: without it, no filter
        return None
    if codes is None or len(codes) > _MAX_FIRST_CHARS:
        return None
    return frozenset(chr(code) for code in codes)


def _first_codes(items: list[Any], c: Any) -> set[int] | None:
    """First code points of a parsed pattern (a sequence of `re._parser` items), or None."""
    if not items:
        return None  # the empty pattern matches before any character
    op, arg = items[0]
    if op is c.LITERAL:
        return {arg}
    if op is c.IN:
        codes: set[int] = set()
        for kind, value in arg:
            if kind is c.LITERAL:
                codes.add(value)
            elif kind is c.RANGE and value[1] - value[0] < _MAX_FIRST_CHARS:
                codes.update(range(value[0], value[1] + 1))
            else:  # a negated set or a category (\S, \d …)
                return None
        return codes
    if op is c.SUBPATTERN:
        if arg[1] & re.IGNORECASE:  # (?i:…)
            return None
        return _first_codes(list(arg[-1]) + items[1:], c)
    if op is c.BRANCH:
        found: set[int] = set()
        for branch in arg[1]:
            branch_codes = _first_codes(list(branch) + items[1:], c)
            if branch_codes is None:
                return None
            found |= branch_codes
        return found
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
        return _first_codes(list(arg[2]), c)
    return None  # an optional item, a lookaround, an anchor …


class Line:
    """A non-empty line of the normalised text (whose indices are raw indices)."""

    __slots__ = (
        "start",
        "end",
        "brk",
        "blanks",
        "form_feed",
        "indent",
        "page_start",
        "note_start",
        "text",
        "pieces",
        "kind",
    )

    def __init__(
        self, start: int, end: int, brk: int, blanks: int, form_feed: bool, text: str
    ) -> None:
        self.start = start  # first character of the line without its surrounding spaces
        self.end = end  # end of the line without its surrounding spaces
        self.brk = brk  # index of the line break after the line (len(text) at the end)
        self.blanks = blanks  # empty lines right before this one
        self.form_feed = form_feed  # a form feed (page break) right before this line
        self.indent = False  # opens with U+3000 or 2+ spaces/TABs: a paragraph indent
        self.page_start = False  # opens with exactly one ASCII space: first line of a page
        self.note_start = False  # opens with a footnote mark: a footnote text
        self.text = text  # the line as it will be in the clean text
        self.pieces: list[Piece] | None = None  # when text is not simply norm[start:end]
        self.kind = CONTENT  # or PAGE, HEADER (dropped) or MARKS (bare footnote marks)


def split_lines(raw: str, norm: str, specials: list[int], rules: Rules) -> list[Line]:
    """The non-empty lines of `norm`, with what the layout around them says.

    `specials`: the sorted indices of `charnorm.special_pattern()` in `norm`. Lines are
    classified on their text as it will be in the clean text (footnote marks and invisible
    characters dropped, letter spacing closed up), so that cleaning a clean text classifies
    them the same way.
    """
    marks = rules.marks
    k, n_specials = 0, len(specials)
    lines: list[Line] = []
    append = lines.append
    pos = 0
    blanks = 0
    form_feed = False
    for chunk in norm.splitlines(keepends=True):
        line_start = pos
        pos += len(chunk)
        if chunk == "\n":  # the most common blank line, without the stripping below
            blanks += 1
            continue
        body = chunk.rstrip(_LINE_BREAKS)
        left = body.lstrip(" ")
        text = left.rstrip(" ")
        if not text:
            blanks += 1
            form_feed = form_feed or chunk[-1] == "\x0c"
            continue
        brk = line_start + len(body)  # the line break after the line
        start = brk - len(left)
        end = start + len(text)
        opening = text[0]
        while k < n_specials and specials[k] < start:
            k += 1
        pieces = None
        if (
            (k < n_specials and specials[k] < end)
            or "**" in text
            or (len(text) > 2 and text[1] == " " and _LETTER_SPACED.fullmatch(text))
        ):
            pieces = line_pieces(norm, start, end)
            text = text_of(pieces)
            if not text.strip("\t"):
                if any(ch in marks for ch in body):  # bare footnote marks: notes follow
                    line = Line(start, end, brk, blanks, form_feed, "")
                    line.kind = MARKS
                    append(line)
                    blanks, form_feed = 0, False
                else:  # only invisible characters: a blank line
                    blanks += 1
                    form_feed = form_feed or chunk[-1] == "\x0c"
                continue
        line = Line(start, end, brk, blanks, form_feed, text)
        if pieces is not None:
            line.pieces = pieces
        if body[0] in " \t\u3000":  # an indent or the space that opens a page
            lead = len(body) - len(body.lstrip(" \t"))
            first = raw[line_start]
            if lead >= 2 or first == "\u3000":
                line.indent = True
            elif lead == 1 and first == " ":
                line.page_start = True
        elif raw[line_start] == "\u3000":
            line.indent = True
        if opening in marks:
            line.note_start = True
        append(line)
        blanks = 0
        form_feed = chunk[-1] == "\x0c"
    return lines


def mark_page_furniture(lines: list[Line], rules: Rules) -> None:
    """Mark page numbers (PAGE) and running headers (HEADER)."""
    for i, line in enumerate(lines):
        if (
            len(line.text) <= MAX_PAGE_NUMBER_LINE
            and line.kind == CONTENT
            and _is_page_number(lines, i, rules)
        ):
            line.kind = PAGE
    _mark_attached_headers(lines, rules)
    _mark_repeated_headers(lines, rules)


def _is_page_number(lines: list[Line], i: int, rules: Rules) -> bool:
    line = lines[i]
    text = line.text.strip("*")
    if rules.page_number.fullmatch(text):
        return True
    if not _BARE_NUMBER.fullmatch(text):
        return False
    # A bare number is a page number only laid out as one: padded, or alone in a page gap.
    after = lines[i + 1].blanks if i + 1 < len(lines) else 0
    return line.brk - line.end >= 2 or line.blanks >= 2 or after >= 2


def _header_candidate(line: Line, rules: Rules) -> bool:
    text = line.text.strip("*")
    return (
        line.kind == CONTENT
        and len(text) <= rules.header_max
        and "\t" not in text
        and not rules.header_stop.search(text)
        and not rules.list_heading.match(text)
    )


def _mark_attached_headers(lines: list[Line], rules: Rules) -> None:
    """One or two short lines right above a page number, after a page gap: a page header."""
    for j, page in enumerate(lines):
        if page.kind != PAGE or page.blanks > 1:
            continue
        block: list[Line] = []
        k = j - 1
        while k >= 0 and len(block) < 2 and _header_candidate(lines[k], rules):
            head = lines[k]
            block.append(head)
            if head.blanks >= 2 or head.form_feed or head.page_start or k == 0:
                for line in block:
                    line.kind = HEADER
                break
            if head.blanks:  # the lines of one header block touch each other
                break
            k -= 1


def _mark_repeated_headers(lines: list[Line], rules: Rules) -> None:
    """A short line found three or more times at page boundaries is a running header."""
    seen: dict[str, list[Line]] = {}
    last = len(lines) - 1
    for i, line in enumerate(lines):
        at_boundary = (
            line.blanks >= 2
            or line.form_feed
            or line.page_start
            or (i > 0 and lines[i - 1].kind == PAGE)
            or (i < last and lines[i + 1].kind == PAGE)
        )
        if at_boundary and _header_candidate(line, rules):
            seen.setdefault(line.text.strip("*").replace(" ", ""), []).append(line)
    for occurrences in seen.values():
        if len(occurrences) >= 3:
            for line in occurrences:
                line.kind = HEADER


def _percentile(values: list[int], share: float) -> int:
    return values[int(share * (len(values) - 1))] if values else 0


@dataclass(frozen=True, slots=True)
class Layout:
    """What the line lengths and blank lines say about the text as a whole."""

    join_plain: bool  # join lines across plain line breaks (else only across page breaks)
    long_lines: bool  # lines are whole paragraphs: a short one is a title or heading
    width: int  # usual length of a full line


def measure_layout(lines: list[Line], kept: list[Line], rules: Rules) -> Layout:
    """The layout of a text from its lines (`kept`: the content lines among `lines`)."""
    body = sorted([len(line.text) for line in kept if "\t" not in line.text])
    width = _percentile(body, 0.9) if len(body) >= _MIN_LINES_FOR_LAYOUT else max(body, default=0)
    typical = _percentile(body, 0.75)
    long_lines = len(body) >= _MIN_LINES_FOR_LAYOUT and typical > _MAX_PRINTED_LINE
    if len(kept) < 2:
        return Layout(False, long_lines, width)
    followed = len(
        [1 for a, b in zip(lines, lines[1:], strict=False) if b.blanks and a.kind == CONTENT]
    )
    if followed >= 0.5 * (len(kept) - 1):  # a blank line after every line: blanks mean nothing
        return Layout(True, long_lines, width)
    if len(body) < _MIN_LINES_FOR_LAYOUT:
        return Layout(False, long_lines, width)
    # Wrapped at a fixed width: most lines are about as long as the longest ones, short enough
    # for a printed line, and stop in mid-sentence. Lines that are paragraphs vary in length.
    full = len([1 for n in body if n >= 0.7 * typical])
    open_end = len([1 for line in kept if line.text[-1] not in rules.sentence_end])
    wrapped = (
        typical <= _MAX_PRINTED_LINE
        and full >= 0.5 * len(body)
        and open_end >= 0.5 * len(kept)
        and _percentile(body, 0.95) <= 1.35 * typical
    )
    return Layout(wrapped, long_lines, width)


def _is_table_row(text: str) -> bool:
    if "\t" in text:
        return True
    return (  # the punctuation first: `_NUMBER_CELL` opens with a branch, slow on long lines
        text.count(" ") >= 2
        and _RUNNING_TEXT_PUNCT.search(text) is None
        and _NUMBER_CELL.search(text) is not None
    )


def _parenthesised(text: str) -> bool:
    """The whole line is one bracketed note: (执笔:…) / (责任单位:…)."""
    if len(text) < 3 or text[0] != "(" or text[-1] != ")":
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i == len(text) - 1
    return False


def _shape(line: Line, layout: Layout, rules: Rules) -> tuple[bool, bool, str, str]:
    """(starts a paragraph, ends its paragraph, text without leading **, without trailing **)."""
    text = line.text
    head = text.lstrip("*")
    tail = text.rstrip("*")
    if 0 <= rules.whole_max < len(head):  # too long to be a whole-line paragraph
        first = rules.opening_long_first
        m = rules.opening_long.match(head) if first is None or head[0] in first else None
    else:
        m = rules.opening.match(head)
    if m is None:
        starts = line.indent or line.note_start
    else:
        kind = m.lastgroup
        if kind == "s":
            return True, True, head, tail
        if kind == "h" and len(text) < _SHORT_LINE * layout.width:
            if not rules.inner_sentence_end.search(head, m.end()):
                return True, True, head, tail  # a heading on a line of its own
        elif kind == "c":  # caption or provenance line: its own paragraph unless it wraps
            return True, len(text) < _SHORT_LINE * layout.width or _is_table_row(text), head, tail
        starts = True
    if _is_table_row(text):
        return True, True, head, tail
    # a short line among paragraph-long ones is a title, heading or signature
    ends = layout.long_lines and len(text) <= rules.header_max
    # a bracketed note on a line of its own, such as (执笔:…)
    ends = ends or (tail[:1] == "(" and tail[-1:] == ")" and _parenthesised(tail))
    return starts, ends, head, tail


def _ends_sentence(tail: str, next_head: str, open_parens: bool, rules: Rules) -> bool:
    if not tail:
        return False
    last = tail[-1]
    if last in rules.closing and len(tail) > 1 and tail[-2] in rules.sentence_end:
        return True
    if last not in rules.sentence_end:
        return False
    if last == "." and _LATIN_END.search(tail) and _LATIN_START.match(next_head):
        return False  # a decimal point or a URL broken at the line end (6. | 99, www. | gov)
    return not (last in rules.soft_end and open_parens)  # (责任单位: | 市商务委…)


def _open_parens(paragraph: list[Line]) -> bool:
    depth = 0
    for line in paragraph:
        depth = max(0, depth + line.text.count("(") - line.text.count(")"))
    return depth > 0


def group(lines: list[Line], layout: Layout, rules: Rules) -> list[list[Line]]:
    """Group the content lines into paragraphs (the other kinds only mark page breaks)."""
    paragraphs: list[list[Line]] = []
    current: list[Line] = []
    prev_ends, prev_tail = True, ""
    page_break = forced = False
    for line in lines:
        kind = line.kind
        if kind != CONTENT:
            page_break = page_break or kind != MARKS
            forced = forced or kind == MARKS
            continue
        starts, ends, head, tail = _shape(line, layout, rules)
        joinable = (
            layout.join_plain or page_break or line.blanks >= 2 or line.form_feed or line.page_start
        )
        if (
            current
            and joinable
            and not (forced or starts or prev_ends)
            and not _ends_sentence(
                prev_tail, head, prev_tail[-1:] in rules.soft_end and _open_parens(current), rules
            )
        ):
            current.append(line)
        else:
            if current:
                paragraphs.append(current)
            current = [line]
        prev_ends, prev_tail = ends, tail
        page_break = forced = False
    if current:
        paragraphs.append(current)
    return paragraphs


def line_pieces(norm: str, start: int, end: int) -> list[Piece]:
    """The clean pieces of a line norm[start:end] that needs more than stripping.

    Footnote marks, invisible characters and Markdown ** go, NFKC expansions come in, and
    letter-spaced lines are closed up (上 海 市 -> 上海市).
    """
    pieces: list[Piece] = []
    pos = start
    for m in charnorm.special_pattern().finditer(norm, start, end):
        if m.start() > pos:
            pieces.append((norm[pos : m.start()], pos))
        replacement = charnorm.special_replacement(norm, m)
        if replacement:
            pieces.append((replacement, m.start() if len(replacement) == 1 else ~m.start()))
        pos = m.end()
    if pos < end:
        pieces.append((norm[pos:end], pos))
    return close_up_letters(drop_bold_markers(trim_spaces(pieces)))


def close_up_letters(pieces: list[Piece]) -> list[Piece]:
    """上 海 市 人 民 政 府 -> 上海市人民政府 (a text of single Chinese characters and spaces)."""
    text = text_of(pieces)
    if len(text) > 2 and text[1] == " " and _LETTER_SPACED.fullmatch(text):
        return cut(pieces, list(range(1, len(text), 2)))
    return pieces


def drop_bold_markers(pieces: list[Piece]) -> list[Piece]:
    """Markdown ** (001 l.697), also when a dropped footnote mark split it."""
    text = text_of(pieces)
    cuts = [i for m in _BOLD.finditer(text) for i in range(m.start(), m.end())]
    return trim_spaces(cut(pieces, cuts)) if cuts else pieces
