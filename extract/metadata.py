"""Document metadata from the head of a cleaned text: title, number (文号), issuer and date.

The head of a Chinese government document follows the national format (GB/T 9704): a banner
`<issuer>文件`, the number `<prefix>〔YYYY〕N号`, the title `<issuer>关于<subject>的<kind>`,
addressees, the notice text, the signing date, and at the very end an 印发 footer. Reports
have none of that: a title line, authors, a date. Each field is taken from the most specific
place that holds it; the words involved are data (`data/metadata_cues.csv`) and number
prefixes map to issuers through `data/doc_number_prefixes.csv`.

Also here: `find_doc_numbers`, every document number in a text, and `find_document_leads`,
the bodies that lead a whole plan's work (由…领导小组牵头…工作).
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .records import DocumentMeta
from .structure import cn_numeral_class, first_heading_start, numeral_value
from .textscan import drop_layout_spaces, lines_holding, matches_from

logger = logging.getLogger(__name__)

_HEAD_LIMIT = 3000  # the head (banner … notice … date) fits well within this
_TAIL_LIMIT = 3000  # where a closing signature and date are looked for
_MAX_PREFIX = 8  # characters of an unknown number prefix
_MAX_PREFIX_TAIL = 4  # characters after a known prefix (沪商 + 服贸)
_MAX_SIGNATURE = 30  # characters of a signature line
_MAX_SIGNATURE_LINES = 12
_MAX_TITLE = 80
_NUMBER_LINE_SLACK = 12  # other characters allowed on a number's own line (【发布文号】)

_OPEN = "〔[［【(（"
_CLOSE = "〕]］】)）"
_PUNCT = ",，。.;；:：!！?？"  # a line holding these is prose, not a title or signature
_YEAR = r"(?:19|20)[0-9]{2}"
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_PREFIX_RUN = re.compile(rf"{_CJK}(?: ?{_CJK})*")
_LINE = re.compile(r"[^\n]+")


def _data_rows(name: str) -> list[dict[str, str]]:
    with resources.files("policykg.data").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """Group -> words, longest first, from `data/metadata_cues.csv`."""
    groups: dict[str, list[str]] = {}
    for row in _data_rows("metadata_cues.csv"):
        groups.setdefault(row["group"], []).append(row["text"])
    return {g: tuple(sorted(set(ws), key=lambda w: (-len(w), w))) for g, ws in groups.items()}


def _alt(group: str) -> str:
    return "(?:" + "|".join(map(re.escape, cues()[group])) + ")"


def _one(group: str) -> str:
    return cues()[group][0]


@cache
def prefix_issuers() -> dict[str, str]:
    """Document-number prefix -> issuing body, from `data/doc_number_prefixes.csv`."""
    return {row["prefix"]: row["issuer"] for row in _data_rows("doc_number_prefixes.csv")}


@cache
def _known_prefix() -> re.Pattern[str]:
    known = sorted(prefix_issuers(), key=lambda p: (-len(p), p))
    return re.compile("|".join(map(re.escape, known)))


def issuer_of_number(doc_number: str) -> str:
    """The issuer that a number's prefix names (沪府办发〔2024〕31号 -> 上海市人民政府办公厅)."""
    m = _known_prefix().match(doc_number)
    return prefix_issuers()[m.group()] if m else ""


# ---------------------------------------------------------------------------------------------
# Document numbers


@cache
def _number_pattern() -> re.Pattern[str]:
    hao, di, nian = _alt("number_suffix"), _alt("ordinal"), _alt("year")
    bracketed = rf"(?P<open>[{re.escape(_OPEN)}]) *(?P<y1>{_YEAR}) *[{re.escape(_CLOSE)}] *(?P<o1>{di} *)?(?P<n1>[0-9]{{1,5}}) *{hao}"
    announcement = rf"(?P<ann>{_alt('announcement')}) *(?P<y2>{_YEAR}) *{nian} *{di} *(?P<n2>[0-9]{{1,5}}) *{hao}"
    decree = rf"(?P<dec>{_alt('decree')}) *(?:(?P<y3>{_YEAR}) *{nian} *)?{di} *(?P<n3>[0-9]{{1,5}}) *{hao}"
    return re.compile(f"{bracketed}|{announcement}|{decree}")


@cache
def _number_firsts() -> str:
    """The characters a document number opens with (see `_number_pattern`)."""
    words = cues()["announcement"] + cues()["decree"]
    return "".join(sorted(set(_OPEN) | {w[0] for w in words}))


@cache
def _breakers() -> tuple[str, ...]:
    return cues()["prefix_breaker"]


def _prefix_start(compact: str) -> int | None:
    """Where the number prefix starts inside the CJK run before the number (spaces removed)."""
    best: tuple[int, int] | None = None  # (-length, start)
    pattern = _known_prefix()
    for i in range(len(compact)):
        m = pattern.match(compact, i)
        if m and len(compact) - m.end() <= _MAX_PREFIX_TAIL:
            key = (-len(m.group()), i)
            best = key if best is None or key < best else best
    if best is not None:
        return best[1]
    cut = 0
    for word in _breakers():
        at = compact.rfind(word)
        if at >= 0:
            cut = max(cut, at + len(word))
    cut = max(cut, len(compact) - _MAX_PREFIX)
    return cut if len(compact) - cut >= 2 else None


def _prefix_before(text: str, end: int) -> tuple[int, str] | None:
    """The number prefix that ends at `end` (spaces inside allowed): (start, compact prefix)."""
    lo = max(0, end - 2 * (_MAX_PREFIX + _MAX_PREFIX_TAIL + 8))
    while end > lo and text[end - 1] == " ":
        end -= 1
    run = None
    for m in _PREFIX_RUN.finditer(text, lo, end):
        if m.end() == end:
            run = m
    if run is None:
        return None
    compact = run.group().replace(" ", "")
    cut = _prefix_start(compact)
    if cut is None:
        return None
    # Map the cut in the compact string back to an offset in the text.
    start, seen = run.start(), 0
    while seen < cut or text[start] == " ":
        if text[start] != " ":
            seen += 1
        start += 1
    return start, compact[cut:]


def find_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every document number in a cleaned text: (start, end, normalised number).

    Normalised: ASCII digits, 〔〕 brackets, no spaces — 沪府办发〔2024〕31号, 国务院令〔2020〕第732号,
    公告2018年第105号 (the issuers printed before 公告 are not part of the number),
    国务院令第732号.
    """
    hao, di, nian = _one("number_suffix"), _one("ordinal"), _one("year")
    found: list[tuple[int, int, str]] = []
    for m in matches_from(_number_pattern(), text, _number_firsts()):
        if m.group("ann"):
            number = f"{m.group('ann')}{m.group('y2')}{nian}{di}{m.group('n2')}{hao}"
            found.append((m.start(), m.end(), number))
            continue
        if m.group("dec"):
            prefix = _prefix_before(text, m.start())
            if prefix is None:
                continue
            year = f"{m.group('y3')}{nian}" if m.group("y3") else ""
            number = f"{prefix[1]}{m.group('dec')}{year}{di}{m.group('n3')}{hao}"
            found.append((prefix[0], m.end(), number))
            continue
        prefix = _prefix_before(text, m.start())
        if prefix is None:
            continue
        ordinal = di if m.group("o1") else ""
        number = f"{prefix[1]}〔{m.group('y1')}〕{ordinal}{m.group('n1')}{hao}"
        found.append((prefix[0], m.end(), number))
    return found


# ---------------------------------------------------------------------------------------------
# Dates


@cache
def _date_pattern() -> re.Pattern[str]:
    nian, yue, ri = _alt("year"), _alt("month"), _alt("day")
    cn = cn_numeral_class()
    arabic = rf"(?P<y>{_YEAR}) *{nian} *(?P<m>[0-9]{{1,2}}) *{yue}(?: *(?P<d>[0-9]{{1,2}}) *{ri})?"
    written = (
        rf"(?P<cy>{cn}{{4}}) *{nian} *(?P<cm>{cn}{{1,2}}) *{yue}(?: *(?P<cd>{cn}{{1,3}}) *{ri})?"
    )
    return re.compile(rf"(?:{arabic}|{written})")


@cache
def _date_line() -> re.Pattern[str]:
    """A line that is a date, maybe after a signature, maybe followed by 印发 (the footer)."""
    return re.compile(
        rf"(?m)^ *(?P<sig>[^\n\t{_PUNCT}]{{0,{_MAX_SIGNATURE}}}?) *"
        rf"(?P<date>{_date_pattern().pattern}) *(?P<footer>{_alt('footer_verb')})? *$"
    )


@dataclass(frozen=True, slots=True)
class _Date:
    iso: str
    start: int
    end: int
    line_start: int
    signature: tuple[int, int] | None  # a signature printed on the date's own line
    footer: bool


def _iso(m: re.Match[str]) -> str:
    if m.group("y"):
        parts = [int(m.group("y")), int(m.group("m"))] + (
            [int(m.group("d"))] if m.group("d") else []
        )
    else:
        parts = [numeral_value(m.group(g)) or 0 for g in ("cy", "cm", "cd") if m.group(g)]
    if not 1 <= parts[1] <= 12 or (len(parts) == 3 and not 1 <= parts[2] <= 31):
        return ""
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])


def _dates(text: str, pos: int, endpos: int) -> Iterator[_Date]:
    for m in _date_line().finditer(text, pos, endpos):
        iso = _iso(m)
        if not iso:
            continue
        sig = (m.start("sig"), m.end("sig")) if m.group("sig").strip() else None
        yield _Date(iso, m.start("date"), m.end("date"), m.start(), sig, bool(m.group("footer")))


def _signing_date(text: str, head_end: int) -> _Date | None:
    """The signing date: in the head, else the last one near the end, else the 印发 date."""
    for date in _dates(text, 0, head_end):
        if not date.footer:
            return date
    tail = list(_dates(text, max(0, len(text) - _TAIL_LIMIT), len(text)))
    signed = [d for d in tail if not d.footer]
    if signed:
        return signed[-1]
    return tail[0] if tail else None


# ---------------------------------------------------------------------------------------------
# Head: banner, title, signature


@dataclass(frozen=True, slots=True)
class _Title:
    title: str
    span: tuple[int, int]
    issuer: tuple[int, int] | None  # issuer text before 关于


@cache
def _notice_pattern() -> re.Pattern[str]:
    """A title line; the addressees (各区人民政府,…:) may have been run on after it."""
    about, verb, kind = _alt("notice_about"), _alt("notice_verb"), _alt("title_kind")
    return re.compile(
        rf"(?m)^ *(?P<pre>[^\n{_PUNCT}]{{0,60}}?) *{about} *(?P<verb>{verb})? *"
        rf"(?P<body>[^:：;；。]{{0,{_MAX_TITLE}}}?) *{_alt('possessive')}?{kind}"
        rf"(?= *$|[^\n《》]*[:：] *$)"
    )


@cache
def _co_issuers() -> re.Pattern[str]:
    """商务部等27部门 -> the first named body."""
    number = rf"(?:[0-9]+|{cn_numeral_class()}+)"
    return re.compile(rf"{_alt('co_issuer_marker')} *{number}? *{_alt('co_issuer_unit')} *$")


def _lines(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, without surrounding spaces."""
    for m in _LINE.finditer(text, pos, endpos):
        start, end = m.span()
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            yield start, end


def _first_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first body of a joint issuer list (商务部 中央网信办 …, 商务部等27部门)."""
    m = _co_issuers().search(text, start, end)
    if m:
        end = m.start()
    for sep in (" ", "、", ",", "，"):
        at = text.find(sep, start, end)
        if at > start:
            end = at
    while end > start and text[end - 1] == " ":
        end -= 1
    return (start, end) if end - start >= 2 else None


def _banner(
    text: str, head_end: int, number_start: int | None
) -> tuple[tuple[int, int] | None, int] | None:
    """`<issuer>文件` on one of the first lines: (the first issuer's span, end of the banner)."""
    suffix = _one("banner_suffix")
    for i, (start, end) in enumerate(_lines(text, 0, head_end)):
        if i >= 3:
            break
        at = text.find(suffix, start, min(end, start + 40 + len(suffix)))
        if at <= start:
            continue
        rest = text[at + len(suffix) : end].strip()
        glued = number_start is not None and at + len(suffix) <= number_start <= end
        if (rest and not glued) or any(ch in _PUNCT for ch in text[start:at]):
            continue
        return _first_name(text, start, at), at + len(suffix)
    return None


def _notice_title(text: str, head_end: int, floor: int) -> _Title | None:
    """`<issuer>关于印发《<title>》的通知` (the attached plan's title) or `<issuer>关于…的<kind>`.

    The search starts on the line of `floor` (the end of banner and number), and the issuer part
    starts at `floor` when those were run together with the title on one line.
    """
    m = _notice_pattern().search(text, text.rfind("\n", 0, floor) + 1, head_end)
    if not m:
        return None
    pre_start, pre_end = m.start("pre"), m.end("pre")
    if pre_start < floor <= pre_end:
        pre_start = floor
    issuer = _first_name(text, pre_start, pre_end) if pre_end > pre_start else None
    body_start, body_end = m.span("body")
    if m.group("verb"):
        open_at = text.find("《", body_start, body_end)
        close_at = text.find("》", open_at + 1, body_end) if open_at >= 0 else -1
        if close_at > open_at >= 0:
            span = (open_at + 1, close_at)
            return _Title(drop_layout_spaces(text[span[0] : span[1]]), span, issuer)
    start = pre_start
    while text[start] == " ":
        start += 1
    end = m.end()
    while text[end - 1] == " ":
        end -= 1
    return _Title(drop_layout_spaces(text[start:end]), (start, end), issuer)


def _plain_title(text: str, head_end: int, skip: list[tuple[int, int]]) -> _Title | None:
    """The first substantial line that is neither banner, number, date nor prose (reports)."""
    cjk = re.compile(_CJK)
    for start, end in _lines(text, 0, head_end):
        if any(s < end and start < e for s, e in skip):
            continue
        line = text[start:end]
        if len(line) > _MAX_TITLE or any(ch in _PUNCT for ch in line) or line[0] in _OPEN:
            continue
        if len(cjk.findall(line)) >= 4:
            return _Title(drop_layout_spaces(line), (start, end), None)
    return None


def _signature(text: str, date: _Date, skip: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first signatory of the lines right above a date (or on the date's line)."""
    if date.signature:
        return _first_name(text, *date.signature)
    found = None
    lo = text.rfind("\n", 0, max(0, date.line_start - 60 * _MAX_SIGNATURE_LINES)) + 1
    lines = list(_lines(text, lo, date.line_start))
    for start, end in reversed(lines[-_MAX_SIGNATURE_LINES:]):
        line = text[start:end]
        if (
            end - start > _MAX_SIGNATURE
            or any(ch in _PUNCT for ch in line)
            or any(s < end and start < e for s, e in skip)
            or first_heading_start(text, end, start) == start
            or _date_pattern().search(line)
        ):
            break
        found = (start, end)
    return _first_name(text, *found) if found else None


def _head_end(text: str) -> int:
    """The head ends at the first heading (一、 …) after the first line, or after 3000 chars."""
    limit = min(len(text), _HEAD_LIMIT)
    first_line_end = text.find("\n")
    if first_line_end < 0:
        return limit
    heading = first_heading_start(text, limit, first_line_end + 1)
    return limit if heading is None else heading


def _own_number(text: str, head_end: int) -> tuple[int, int, str] | None:
    """The document's own number: the first in the head that stands on a line of its own,
    else the first on one of the head's first lines (a head whose lines were run together)."""
    numbers = find_doc_numbers(text[:head_end])
    for start, end, number in numbers:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = head_end if line_end < 0 else line_end
        if (line_end - line_start) - (end - start) <= _NUMBER_LINE_SLACK:
            return start, end, number
    first_lines = [span for _, span in zip(range(3), _lines(text, 0, head_end), strict=False)]
    for start, end, number in numbers:
        if any(s <= start < e for s, e in first_lines):
            return start, end, number
    return None


def find_metadata(text: str) -> DocumentMeta:
    """Title, number, issuer and signing date of a cleaned document, with clean-text spans."""
    head_end = _head_end(text)
    number = _own_number(text, head_end)
    banner = _banner(text, head_end, number[0] if number else None)
    floor = max(banner[1] if banner else 0, number[1] if number else 0)
    title = _notice_title(text, head_end, floor) or _notice_title(text, head_end, 0)
    date = _signing_date(text, head_end)
    banner_issuer = banner[0] if banner else None
    skip = [s for s in (banner_issuer, number[:2] if number else None) if s]
    if date:
        skip.append((date.start, date.end))
    if title is None:
        title = _plain_title(text, head_end, skip)
    if title:
        skip.append(title.span)

    issuer_span = banner_issuer or (title.issuer if title else None)
    if issuer_span is None and date is not None:
        issuer_span = _signature(text, date, skip)
    issuer = text[issuer_span[0] : issuer_span[1]].replace(" ", "") if issuer_span else ""
    if not issuer and number:
        issuer = issuer_of_number(number[2])

    meta = DocumentMeta(
        title=title.title if title else "",
        doc_number=number[2] if number else "",
        issuer=issuer,
        date=date.iso if date else "",
        title_span=title.span if title else None,
        doc_number_span=number[:2] if number else None,
        issuer_span=issuer_span,
        date_span=(date.start, date.end) if date else None,
    )
    logger.debug("metadata: %s", meta)
    return meta


# ---------------------------------------------------------------------------------------------
# Document-level lead bodies

_BODY = r"[^\n,，。.;；:：!！?？()（）]{2,60}?"


@cache
def _lead_patterns() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Each lead pattern with the closing words that every one of its matches ends with."""
    return tuple(
        (re.compile(pattern), cues()[close])
        for pattern, close in (
            (
                rf"{_alt('lead_by_open')}(?P<body>{_BODY}){_alt('lead_by_close')}",
                "lead_by_close",
            ),
            (
                rf"{_alt('lead_role_open')}(?P<body>{_BODY})(?P<via>{_alt('possessive')}[^\n{_PUNCT}]{{0,6}}?)?{_alt('lead_role_close')}",
                "lead_role_close",
            ),
            (
                rf"(?m)(?:^|(?<=[{_PUNCT}]))(?P<body>{_BODY}){_alt('lead_coordinate')}",
                "lead_coordinate",
            ),
            (
                rf"{_alt('lead_under_open')}(?P<body>{_BODY}){_alt('possessive')}?{_alt('lead_under_close')}",
                "lead_under_close",
            ),
        )
    )


def _sentence(text: str, start: int, end: int) -> str:
    # A line break ends a sentence too, so the other marks are looked for within the line
    # only: looking for a rare "!" in the whole text would read all of it.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = max(line_start, *(text.rfind(ch, line_start, start) + 1 for ch in "。.!?"))
    rights = [i for i in (text.find(ch, end, line_end) for ch in "。.!?") if i >= 0]
    return text[left : min(rights, default=line_end)]


def _inside_brackets(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def find_document_leads(text: str) -> list[tuple[int, int, str]]:
    """Bodies that lead the document's work as a whole: (start, end, surface).

    由X牵头…工作 / 发挥X作用 (in a sentence about coordination, or X a coordinating body such
    as a 领导小组) / X负责统筹协调 / 在X领导下. X must end like a body's name (…领导小组, …委,
    …局). Clauses inside brackets are a measure's responsibility list and are skipped.
    """
    suffixes = cues()["org_suffix"]
    context = cues()["lead_context"]
    coordinating = cues()["coordinating_body"]
    found: dict[tuple[int, int], str] = {}
    for kind, (pattern, closing) in enumerate(_lead_patterns()):
        # A match never spans a line break and ends with a closing word, so only the few lines
        # holding one need the (slow, lazily quantified) pattern; `^` and lookbehinds still see
        # the text before the line.
        matches = (
            m
            for start, end in lines_holding(text, closing)
            for m in pattern.finditer(text, start, end)
        )
        for m in matches:
            if _inside_brackets(text, m.start()):
                continue
            body_start, body_end = m.span("body")
            if kind == 1:  # 发挥X作用 is a lead only in a coordination context
                body = m.group("body")
                sentence = _sentence(text, m.start(), m.end())
                if not (body.endswith(coordinating) or any(w in sentence for w in context)):
                    continue
            bodies = list(_split_bodies(text, body_start, body_end))
            if bodies and all(text[s:e].endswith(suffixes) for s, e in bodies):
                found.update({(s, e): text[s:e] for s, e in bodies})
    return [(s, e, surface) for (s, e), surface in sorted(found.items())]


@cache
def _body_separator() -> re.Pattern[str]:
    return re.compile(_alt("body_separator"))


def _split_bodies(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A list of bodies (A、B / A会同B) split at the separators, spaces trimmed."""
    pos = start
    for cut in [*_body_separator().finditer(text, start, end), None]:
        s, e = pos, cut.start() if cut else end
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e - s >= 2:
            yield s, e
        if cut:
            pos = cut.end()
