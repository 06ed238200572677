"""Policy documents named in a cleaned text: titles, numbers, issuers, dates and relations.

Every bracketed title 《…》 is classified first (`classify_title`): a title linked to a
document number is a policy; otherwise genre words around it (游戏《原神》, 《…》有声书) make it
a creative work, a foreign body named before it makes it a foreign document, and else its last
word decides (意见/规划/办法 → policy, 协定 → agreement, 规范/标准 → standard, 报告/年鉴 →
report). The vocabulary is `data/title_classes.json`.

Document numbers come from `metadata.find_doc_numbers`. A number is linked to the reference
it belongs to by its place: in brackets after a title or a bare notice title (list entries,
citations: `《…》(沪委发〔2020〕35号)`, `商务部关于…的通知(商服贸发〔2020〕165号)`), or on a
line of its own under or above a notice title (the header of a reprinted document). A reprint
without a number is found from the notice's addressees right after its title (…的通知各有关单位:)
or from a title and its issuer right after the previous reprint's colophon (…日印发).

Issuers come from the notice title (`X关于印发《…》的通知`), from the bodies printed before the
title and a publishing verb (`市委、市政府印发《…》`, table cells), from the bodies inside an
announcement's brackets, or from the number's prefix (`data/doc_number_prefixes.csv`).

Relations (`data/policy_cues.csv`): CITES (根据/贯彻落实/对标 …《…》, 《…》要求), IMPLEMENTS (the
citing document is an implementation plan or opinion and the cited one an opinion, plan or
outline; also 关于落实〈X〉的若干措施), REPEALS (《…》(…)同步废止). The citing document is the
document itself, or, in a compilation, the reprinted document whose header precedes the clause.
"""

from __future__ import annotations

import bisect
import csv
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .agencies import AgencyGazetteer
from .entity_records import (
    PolicyMention,
    PolicyRelation,
    PolicyRelationType,
    PolicyRole,
    TitleKind,
    TitleMention,
)
from .metadata import find_doc_numbers, issuer_of_number
from .records import AgencyMention, DocumentMeta
from .textscan import char_positions, drop_layout_spaces

logger = logging.getLogger(__name__)

_TITLE = re.compile(r"《([^《》\n]{1,200})》")
_LAST_GROUP = re.compile(r"\(([^()]{1,8})\)\s*$")
_INNER_TITLE = re.compile(r"〈([^〈〉\n]{1,120})〉")
_TRAILING_GROUP = re.compile(
    r"\s*(?:\([^()]{0,30}\)|[0-9]{4}(?:\s*[-—–~至]\s*[0-9]{4})?\s*年?)\s*$"
)
_VERSION_GROUP = re.compile(
    r"\s*(?:\((?P<inner>[^()]{0,30})\)|(?P<year>[0-9]{4}(?:\s*[-—–~至]\s*[0-9]{4})?\s*年?))\s*$"
)
# Cleaned text is NFKC: ASCII ;!?,:() and the ideographic 。、 remain.
_CLAUSE_END = "。;!?\n"
_SENTENCE_END = "。.;!?\n"
_DATE = re.compile(
    r"(?P<y>(?:19|20)[0-9]{2})\s*(?:年\s*(?P<m1>[0-9]{1,2})\s*月(?:\s*(?P<d1>[0-9]{1,2})\s*日)?"
    r"|[./-](?P<m2>[0-9]{1,2})(?:[./-](?P<d2>[0-9]{1,2}))?)(?![0-9])"
)
_LIST_MARK = re.compile(
    r"(?:[-—–]+|[0-9]{1,3}\s*[.、]|\([0-9一二三四五六七八九十]{1,3}\)|[0-9]{1,3}\t)\s*"
)
_ROW_PREFIX = re.compile(r"^(?:[0-9]{1,3}\t)?(?:[0-9]{4}[./-][0-9]{1,2}(?:[./-][0-9]{1,2})?\t)?")
_PLACE_CITY = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,3}?)[市省](?=[\u4e00-\u9fff]{4})")
_GAP_FILLERS = re.compile(r"[\s、,，和及与以]|国家|中央|党中央|本市|我市|等|有关|相关|共同|联合")
_HEADER_LABEL = re.compile(r"^\s*(?:【[^】]{1,8}】|[^\s\w]?(?:文号|发文字号|发布文号)[::]?)\s*")
_NOTICE_TAIL = re.compile(
    r"(?:[0-9]{8}|\([0-9]{8}\)|发布日期\s*\(?[0-9]{8}\)?|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)\s*$"
)
_MAX_HEADER_EXTRA = 12  # other characters on a header number's line (【发布文号】)
_MAX_PAREN_LOOKBACK = 80  # an announcement's issuers inside its brackets
_MAX_ISSUER_WINDOW = 120
_MAX_NOTICE_TITLE = 160
_MAX_HEADER_TITLE = 40  # a reprint's title on its own after the previous one's colophon
_MAX_SENTENCE = 300  # how far back a citation verb is looked for
_MAX_CITE_GAP = 40  # characters between a citation verb and its title, titles not counted
_PAREN = re.compile(r"\([^()]{0,40}\)")


# ---------------------------------------------------------------------------------------------
# Data


def _read(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


@cache
def title_classes() -> dict[str, Any]:
    return json.loads(_read("title_classes.json"))


@cache
def policy_cues() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for row in csv.DictReader(_read("policy_cues.csv").splitlines()):
        groups.setdefault(row["group"], []).append(row["text"])
    return {g: tuple(sorted(set(ws), key=lambda w: (-len(w), w))) for g, ws in groups.items()}


@cache
def _suffix_table() -> dict[str, str]:
    """Title ending -> class."""
    return {w: kind for kind, ws in title_classes()["suffixes"].items() for w in ws}


@cache
def _suffix_re() -> re.Pattern[str]:
    # Anchored at the end, the leftmost match is the longest ending.
    words = sorted(_suffix_table(), key=lambda w: (-len(w), w))
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")


@cache
def _words_re(group: str, where: str) -> re.Pattern[str]:
    words = sorted(title_classes()[group], key=lambda w: (-len(w), w))
    alt = "|".join(map(re.escape, words))
    return re.compile(
        f"(?:{alt})$" if where == "end" else f"^(?:{alt})" if where == "start" else alt
    )


@cache
def _alt(group: str) -> str:
    return "|".join(map(re.escape, policy_cues()[group]))


# ---------------------------------------------------------------------------------------------
# Titles and their classes


def compact(title: str) -> str:
    """A title with layout spaces (next to Chinese characters) removed."""
    return drop_layout_spaces(title.strip())


def title_core(title: str) -> str:
    """The title without trailing bracketed groups, years and versions (for its last word)."""
    core = compact(title)
    while True:
        stripped = _TRAILING_GROUP.sub("", core)
        if stripped == core or not stripped:
            return core
        core = stripped


@lru_cache(maxsize=4096)
def title_suffix_class(title: str) -> tuple[TitleKind, str] | None:
    """The class its last word gives a title, with that word; None when no ending matches."""
    tail = _LAST_GROUP.search(title)  # 《…发展状况(白皮书)》
    if tail and tail.group(1) in _suffix_table():
        return _suffix_table()[tail.group(1)], tail.group(1)  # type: ignore[return-value]
    m = _suffix_re().search(title_core(title))
    if m is None:
        return None
    return _suffix_table()[m.group()], m.group()  # type: ignore[return-value]


def _foreign_before(text: str, start: int) -> str:
    clause = text[max(0, start - 20) : start]
    cut = max(clause.rfind(ch) for ch in _CLAUSE_END + ",")
    m = _words_re("foreign_places", "any").search(clause, cut + 1)
    return m.group() if m else ""


def _foreign_in(title: str) -> str:
    m = _words_re("foreign_places", "any").search(title_core(title))
    return m.group() if m else ""


def classify_title(text: str, start: int, end: int) -> tuple[TitleKind, str]:
    """Class of the title text[start:end] (brackets included) and the word that decided it."""
    title = text[start + 1 : end - 1]
    before = text[max(0, start - 6) : start].rstrip()
    after = text[end : end + 8].lstrip()
    m = _words_re("work_cues_before", "end").search(before) or _words_re(
        "work_cues_after", "start"
    ).match(after)
    if m:
        return "work", m.group()
    by_suffix = title_suffix_class(title)
    if by_suffix is None:
        for group, kind in (("report_cues_after", "report"), ("list_cues_after", "list")):
            m = _words_re(group, "start").match(after)
            if m:
                return kind, m.group()  # type: ignore[return-value]
        return "other", ""
    if by_suffix[0] == "policy":  # a foreign government's law or strategy
        place = _foreign_before(text, start) or _foreign_in(title)
        if place and not _starts_with_home_place(title):
            return "foreign", place
    return by_suffix


def _starts_with_home_place(title: str) -> bool:
    return title.startswith(("中华人民共和国", "中国", "国务院", "中共", "关于")) or bool(
        _PLACE_CITY.match(title)
    )


def find_titles(text: str) -> list[TitleMention]:
    """Every 《…》 title of a cleaned text with its class; titles printed together as a chain
    (《A》《B》、《C》) share a creative-work genre word."""
    found = []
    for m in _TITLE.finditer(text):
        kind, cue = classify_title(text, m.start(), m.end())
        found.append(TitleMention(compact(m.group(1)), kind, m.start(), m.end(), cue))
    return _share_genre(text, found)


def _share_genre(text: str, titles: list[TitleMention]) -> list[TitleMention]:
    chains: list[list[int]] = []
    for i, t in enumerate(titles):
        if chains and _adjacent(text, titles[chains[-1][-1]].end, t.start):
            chains[-1].append(i)
        else:
            chains.append([i])
    out = list(titles)
    for chain in chains:
        works = [titles[i] for i in chain if titles[i].kind == "work"]
        if not works:
            continue
        for i in chain:
            if titles[i].kind == "other":
                out[i] = replace(titles[i], kind="work", cue=works[0].cue)
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    return start - end <= 2 and all(ch in "、,， 和及与" for ch in text[end:start])


# ---------------------------------------------------------------------------------------------
# Policy keys


@cache
def _place_re() -> tuple[re.Pattern[str], dict[str, str]]:
    """Leading full names of provinces and cities, and their short names (上海市 -> 上海)."""
    rows = csv.DictReader(_read("admin_divisions.csv").splitlines())
    names = {
        r["full"]: r["name"]
        for r in rows
        if r["kind"] in ("municipality", "province", "city", "autonomous_region")
    }
    words = sorted(names, key=lambda w: (-len(w), w))
    return re.compile("^(?:" + "|".join(map(re.escape, words)) + ")"), names


_NOT_LETTER = re.compile(r"[\W_]+")
_ZEROS = str.maketrans({"○": "〇", "零": "〇"})  # 二○三五 / 二〇三五 / 二零三五


def letters(s: str) -> str:
    """Letters and digits only, after NFKC (the scorer's `norm`)."""
    return _NOT_LETTER.sub("", unicodedata.normalize("NFKC", s))


@lru_cache(maxsize=4096)
def policy_key(title: str) -> tuple[str, str, str]:
    """(key, family, version) of a title: letters and digits only, a leading 上海市 read as
    上海, the version (（2020年版）, （2019—2021年）, （试行）) split off for the family."""
    core = compact(title)
    versions: list[str] = []
    while True:
        m = _VERSION_GROUP.search(core)
        if not m or m.start() == 0:
            break
        inner = m.group("inner")
        if inner is not None and not (
            re.search(r"[0-9]", inner) or inner in title_classes()["version_words"]
        ):
            break
        versions.append(letters(m.group()))
        core = core[: m.start()]
    pattern, names = _place_re()
    m = pattern.match(core)
    if m:
        core = names[m.group()] + core[m.end() :]
    family = letters(core.translate(_ZEROS))
    version = "".join(reversed(versions))
    return "t:" + family + version, "f:" + family, version


# ---------------------------------------------------------------------------------------------
# Context: issuers and dates


@dataclass(frozen=True, slots=True)
class _Ref:
    """A reference being built: the policy's name, its number and where they are."""

    start: int
    end: int
    title: str
    title_span: tuple[int, int] | None
    number: str = ""
    number_span: tuple[int, int] | None = None
    notice: str = ""
    issuers: tuple[str, ...] = ()
    issuer_source: str = ""
    role: PolicyRole = "mentioned"


class _Context:
    """Per-text helpers over the agency mentions of the text (sorted spans)."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def agencies(self, start: int, end: int) -> list[tuple[int, int]]:
        """Agency spans lying inside [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return [(s, e) for s, e in self.spans[i:j] if e <= end]

    def issuer_chain(self, pos: int, lo: int | None = None) -> tuple[int, tuple[str, ...]]:
        """Bodies printed right before `pos` (joined by spaces, 、, 和 …, maybe followed by
        等N部门 and a publishing verb): (start of the chain, surfaces). (pos, ()) if none."""
        lo = max(0, pos - _MAX_ISSUER_WINDOW) if lo is None else lo
        found = self.agencies(lo, pos)
        if not found:
            return pos, ()
        tail = self.text[found[-1][1] : pos]
        if not _chain_tail_ok(tail):
            return pos, ()
        chain = [found[-1]]
        for s, e in reversed(found[:-1]):
            gap = self.text[e : chain[-1][0]]
            if len(gap) > 3 or _GAP_FILLERS.sub("", gap):
                break
            chain.append((s, e))
        chain.reverse()
        return chain[0][0], tuple(self.text[s:e].replace(" ", "") for s, e in chain)


@cache
def _chain_tail_re() -> re.Pattern[str]:
    verb = _alt("publish_verb")
    return re.compile(
        r"^\s*(?:等(?:[0-9]+|[一二三四五六七八九十]+)?个?(?:部门|单位|部委)?)?\s*"
        rf"(?:联合|共同|正式|先后|又|再次|还)?\s*(?:{verb})?\s*(?:了)?\s*(?:最新)?\s*$"
    )


def _chain_tail_ok(tail: str) -> bool:
    return bool(_chain_tail_re().match(tail)) and "\n" not in tail


def _iso(m: re.Match[str]) -> str:
    month = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    if not month or not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
        return ""
    return f"{m.group('y')}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def _date_near(text: str, start: int, end: int) -> str:
    """A date printed with a reference: right after it (`(国函〔2018〕79号),2018年6月8日`, table
    cells after the title) or before a publishing verb in its clause (2019年8月,市委印发《…》)."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[end : min(line_end, end + 40)]
    m = re.match(r"[\s,，]*(?:[^\s,，。;；《》()]{2,20}\s+)?", after)
    if m:
        d = _DATE.match(after, m.end())
        if d and "《" not in after[: d.start()]:
            iso = _iso(d)
            if iso:
                return iso
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40) : start]
    cut = max(before.rfind(ch) for ch in "。;；!?》")
    before = before[cut + 1 :]
    dates = list(_DATE.finditer(before))
    if not dates:
        return ""
    rest = before[dates[-1].end() :]
    if re.match(rf"\s*(?:{_alt('publish_verb')})", rest):
        return ""  # 2021年5月12日印发: the footer of the text before
    if re.search(_alt("publish_verb"), rest) or "\t" in before:
        return _iso(dates[-1])
    return ""


@cache
def _label_date_re() -> re.Pattern[str]:
    return re.compile(rf"\s*【[^】]{{0,6}}日期】\s*{_DATE.pattern}")


def _header_date(text: str, ref_start: int, ref_end: int, notice_end: int) -> str:
    """A reprint header's date: a 【发文日期】 line below it, or 发布日期(20220413) after its title."""
    tail = re.match(
        r"\s*发布日期\s*\(?(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})", text[notice_end:]
    )
    if tail:
        return f"{tail.group('y')}-{tail.group('m')}-{tail.group('d')}"
    pos = ref_end
    for _ in range(2):
        line_start = text.find("\n", pos)
        if line_start < 0:
            break
        line_end = text.find("\n", line_start + 1)
        line_end = len(text) if line_end < 0 else line_end
        m = _label_date_re().match(text, line_start + 1, line_end)
        if m:
            return _iso(m)
        pos = line_end
    return ""


# ---------------------------------------------------------------------------------------------
# Numbers -> references


def _enclosing_paren(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The brackets around a number: (open, close+1), the open bracket at most 80 characters
    before it on the same line (an announcement's issuers sit inside)."""
    lo = max(text.rfind("\n", 0, start) + 1, start - _MAX_PAREN_LOOKBACK)
    inner = text[lo:start]
    open_at = inner.rfind("(")
    if open_at < 0 or ")" in inner[open_at:]:
        return None
    pos = end
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if pos < len(text) and text[pos] == ")":
        return lo + open_at, pos + 1
    return None


def _segment_start(text: str, pos: int, floor: int) -> int:
    """Where a bare list entry or clause ending at `pos` starts."""
    lo = max(floor, text.rfind("\n", 0, pos) + 1, pos - _MAX_NOTICE_TITLE)
    cut = max(text.rfind(ch, lo, pos) for ch in "。;!?,:")
    return max(lo, cut + 1)


def _name_in_notice(notice: str) -> str:
    """The policy a notice carries: 《X》 after its publishing verb (else its last 《X》), or X
    in 关于印发X的通知; else the notice title itself."""
    verb = _alt("publish_verb")
    m = re.search(rf"(?:{verb})(?:的)?《([^《》]+)》", notice)
    if m:
        return compact(m.group(1))
    titles = list(_TITLE.finditer(notice))
    if titles:
        return compact(titles[-1].group(1))
    m = re.search(rf"(?:{_alt('notice_verb')})(.{{4,}}?)的(?:通知|公告|函)$", notice)
    return compact(m.group(1)) if m else compact(notice)


def _strip_entry(text: str, start: int, end: int) -> int:
    """Skip list marks and a leading date cell of a list entry or table row."""
    seg = text[start:end]
    m = _ROW_PREFIX.match(seg)
    skip = m.end() if m else 0
    m = _LIST_MARK.match(seg, skip)
    skip = m.end() if m else skip
    while start + skip < end and text[start + skip] in " \t":
        skip += 1
    return start + skip


@cache
def _addressee_re() -> re.Pattern[str]:
    """The addressees of a notice: 各有关单位:, 各区人民政府,市政府各委、办、局: (a line's end)."""
    return re.compile(rf"(?:{_alt('addressee_open')})[^\n。;:]{{1,80}}:[ \t]*$", re.M)


@cache
def _colophon_re() -> re.Pattern[str]:
    """The colophon closing a reprinted document: 商务部办公厅 2021年7月21日印发."""
    return re.compile(rf"[0-9]{{4}}年[0-9]{{1,2}}月[0-9]{{1,2}}日(?:{_alt('colophon_verb')})")


def _colophon_ends(text: str) -> list[int]:
    """Ends of the colophons of a text. `_colophon_re` opens with four digits, which `re`
    tries at every digit of a report full of figures; every match has its 年 exactly four
    characters in, and the text holds far fewer 年. Two matches never overlap, so matching
    at each 年 finds what `finditer` finds."""
    pattern = _colophon_re()
    ends = []
    for at in char_positions(text, "年"):
        m = pattern.match(text, at - 4) if at >= 4 else None
        if m:
            ends.append(m.end())
    return ends


def _unnumbered_headers(
    builder: _Builder, refs: list[_Ref], title_starts: list[int], used_titles: set[int]
) -> list[_Ref]:
    """Headers of reprinted documents that carry no number: a notice followed by its
    addressees, or a title and its issuer right after the previous document's colophon."""
    text = builder.text
    taken = [r.title_span for r in refs if r.role == "header" and r.title_span]
    found = [builder.addressed_ref(m.start()) for m in _addressee_re().finditer(text)]
    found += [builder.colophon_ref(end) for end in _colophon_ends(text)]
    out = []
    for ref in sorted(filter(None, found), key=lambda r: r.start):
        if ref.title_span is None or not ref.title:
            continue
        s, e = ref.title_span
        if any(s < te and ts < e for ts, te in taken):
            continue  # the numbered header of the same document
        taken.append(ref.title_span)
        i, j = bisect.bisect_left(title_starts, s), bisect.bisect_left(title_starts, e)
        used_titles.update(title_starts[i:j])
        out.append(ref)
    return out


def _is_header(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _HEADER_LABEL.sub("", text[line_start:start]).strip()
    after = text[end:line_end].strip()
    return len(before) + len(after) <= _MAX_HEADER_EXTRA and not re.search(r"[。,,;;]", before)


def _lines_around(text: str, start: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Up to two non-label lines before and after the line holding `start`."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    before: list[tuple[int, int]] = []
    pos = line_start - 1
    while pos > 0 and len(before) < 2:
        s = text.rfind("\n", 0, pos) + 1
        if not text[s:pos].lstrip().startswith("【"):
            before.append((s, pos))
        pos = s - 1
    after: list[tuple[int, int]] = []
    pos = line_end + 1
    while pos < len(text) and len(after) < 2:
        e = text.find("\n", pos)
        e = len(text) if e < 0 else e
        if not text[pos:e].lstrip().startswith("【"):
            after.append((pos, e))
        pos = e + 1
    return before, after


class _Builder:
    def __init__(self, text: str, ctx: _Context, titles: list[TitleMention]):
        self.text = text
        self.ctx = ctx
        self.titles = titles
        self.title_by_end = {t.end: t for t in titles}

    # A notice title at the end of a line: [issuers]关于…的通知 (headers of reprints).
    def notice_at_line_end(self, start: int, end: int) -> tuple[int, str] | None:
        text = self.text
        tail = _NOTICE_TAIL.search(text, start, end)
        end = tail.start() if tail else end
        while end > start and text[end - 1] == " ":
            end -= 1
        lo = max(start, end - _MAX_NOTICE_TITLE)
        about = text.rfind("关于", lo, end)
        kind = title_suffix_class(text[lo:end])
        if about >= 0 and kind and kind[0] == "policy":
            cut = max(text.rfind(ch, lo, about) for ch in "。;!?,:")
            chain_start, issuers = self.ctx.issuer_chain(about, max(lo, cut + 1))
            begin = chain_start if issuers else about
            # 市商务委关于印发…: a body glued to the end of the previous paragraph
            return begin, text[begin:end]
        line = text[start:end].strip()
        if (
            0 < len(line) <= 80
            and not re.search(r"[。,,;;::]", line)
            and kind
            and kind[0] == "policy"
        ):
            return start + (len(text[start:end]) - len(text[start:end].lstrip())), line
        return None

    def header_ref(self, start: int, end: int, number: str) -> _Ref:
        before, after = _lines_around(self.text, start)
        for s, e in before[:1] + after[:1]:
            found = self.notice_at_line_end(s, e)
            if found:
                return self._notice_header(*found, (start, end), number)
        return _Ref(start, end, "", None, number, (start, end), role="header")

    def addressed_ref(self, addressee: int) -> _Ref | None:
        """A reprinted notice without a number: its title ends where the list of addressees
        begins (…关于印发《…办法》的通知各有关单位:), on the same line or the one before."""
        text = self.text
        line_start = text.rfind("\n", 0, addressee) + 1
        if text[line_start:addressee].strip():
            found = self.notice_at_line_end(line_start, addressee)
        else:
            found = self.notice_at_line_end(text.rfind("\n", 0, line_start - 1) + 1, line_start - 1)
        if not found or "关于" not in found[1]:
            return None
        return self._notice_header(*found, None, "")

    def colophon_ref(self, pos: int) -> _Ref | None:
        """商务部办公厅 2021年7月21日印发 | 中国禁止进口限制进口技术目录 | 中华人民共和国商务部: a
        policy title followed by its issuer right after a colophon starts a reprint."""
        text = self.text
        issuers = self.ctx.agencies(pos, pos + _MAX_HEADER_TITLE + _MAX_ISSUER_WINDOW)
        if not issuers:
            return None
        issuer_start, issuer_end = issuers[0]
        title = text[pos:issuer_start].strip()
        kind = title_suffix_class(title)
        if (
            not 4 <= len(title) <= _MAX_HEADER_TITLE
            or not kind
            or kind[0] != "policy"
            or re.search(r"[\s。,,;;::()《》]", title)
            or "关于" in title
        ):
            return None
        start = pos + text[pos:issuer_start].index(title)
        return _Ref(
            start=start,
            end=issuer_end,
            title=title,
            title_span=(start, start + len(title)),
            issuers=(text[issuer_start:issuer_end],),
            issuer_source="context",
            role="header",
        )

    def _notice_header(
        self, begin: int, notice: str, number_span: tuple[int, int] | None, number: str
    ) -> _Ref:
        notice_end = begin + len(notice)
        _, issuers, source = self._notice_issuers(begin, notice)
        return _Ref(
            start=min(begin, number_span[0]) if number_span else begin,
            end=max(notice_end, number_span[1]) if number_span else notice_end,
            title=_name_in_notice(notice),
            title_span=(begin, notice_end),
            number=number,
            number_span=number_span,
            notice=compact(notice),
            issuers=issuers,
            issuer_source=source,
            role="header",
        )

    def title_issuers(self, title: TitleMention) -> tuple[str, ...]:
        """Bodies at the start of a title of the form X关于… (《国务院关于…的意见》)."""
        about = self.text.find("关于", title.start + 1, title.end)
        if about <= title.start + 1:
            return ()
        chain_start, issuers = self.ctx.issuer_chain(about, title.start + 1)
        return issuers if chain_start == title.start + 1 else ()

    def _notice_issuers(self, begin: int, notice: str) -> tuple[int, tuple[str, ...], str]:
        """Bodies before the last 关于 (or 《, or a publishing verb) of a notice title:
        (where they start, surfaces, source)."""
        cut = notice.rfind("关于")
        if cut <= 0:
            m = re.search(rf"《|{_alt('publish_verb')}", notice)
            cut = m.start() if m else -1
        if cut <= 0:
            return begin, (), ""
        chain_start, issuers = self.ctx.issuer_chain(begin + cut, begin)
        return chain_start, issuers, "title" if issuers else ""

    def bracketed_ref(
        self, paren: tuple[int, int], start: int, end: int, number: str, floor: int
    ) -> _Ref:
        text = self.text
        open_at, close_end = paren
        inner_issuers: tuple[str, ...] = ()
        if start > open_at + 1:  # (商务部、财政部公告2018年第105号)
            _, inner_issuers = self.ctx.issuer_chain(start, open_at + 1)
        pos = open_at
        while pos > floor and text[pos - 1] == " ":
            pos -= 1
        title = self.title_by_end.get(pos)
        if title is not None:
            seg_start = _segment_start(text, title.start, floor)
            seg_start = _strip_entry(text, seg_start, title.start)
            chain_start, issuers = self.ctx.issuer_chain(title.start, seg_start)
            ref_start = chain_start if issuers else title.start
            source = "context" if inner_issuers or issuers else ""
            issuers = inner_issuers or issuers
            if not issuers:
                issuers = self.title_issuers(title)
                source = "title" if issuers else ""
            return _Ref(
                start=ref_start,
                end=close_end,
                title=title.title,
                title_span=(title.start, title.end),
                number=number,
                number_span=(start, end),
                issuers=issuers,
                issuer_source=source,
                role="listed",
            )
        seg_start = _strip_entry(text, _segment_start(text, pos, floor), pos)
        if seg_start >= pos:
            return _Ref(
                start,
                close_end,
                "",
                None,
                number,
                (start, end),
                issuers=inner_issuers,
                issuer_source="context" if inner_issuers else "",
            )
        chain_start, issuers, source = self._notice_issuers(seg_start, text[seg_start:pos])
        if issuers:  # an unnumbered entry may precede: start at the issuers of this one
            seg_start = chain_start
        notice = text[seg_start:pos]
        if not issuers:
            m = _TITLE.search(notice)
            if m:
                _, issuers = self.ctx.issuer_chain(seg_start + m.start(), seg_start)
                source = "context" if issuers else ""
        if inner_issuers:
            issuers, source = inner_issuers, "context"
        return _Ref(
            start=seg_start,
            end=close_end,
            title=_name_in_notice(notice),
            title_span=(seg_start, pos),
            number=number,
            number_span=(start, end),
            notice=compact(notice),
            issuers=issuers,
            issuer_source=source,
            role="listed",
        )


# ---------------------------------------------------------------------------------------------
# Relations


@dataclass(frozen=True, slots=True)
class _Region:
    """The stretch of text a citing document speaks for."""

    start: int
    end: int
    key: str
    title: str


def _region_of(regions: list[_Region], pos: int) -> _Region | None:
    i = bisect.bisect_right([r.start for r in regions], pos) - 1
    return regions[i] if i >= 0 and pos < regions[i].end else None


_SIGNATURE_DATE = re.compile(rf"(?m)^[^\n。,;:]{{0,40}}?{_DATE.pattern}\s*(?:印发)?\s*$")
_MIN_REGION = 300  # a reprint's own head may hold a date line; its signature comes later


def _regions(text: str, headers: list[PolicyMention], own: _Region | None) -> list[_Region]:
    """Each reprinted document (a header) speaks until its signature date line or the next
    header; the document itself speaks everywhere else."""
    out: list[_Region] = []
    starts = [h.start for h in headers] + [len(text)]
    for h, next_start in zip(headers, starts[1:], strict=False):
        m = _SIGNATURE_DATE.search(text, h.end + _MIN_REGION, next_start)
        end = text.find("\n", m.end()) if m else next_start
        out.append(
            _Region(h.start, next_start if end < 0 else min(end, next_start), h.key, h.title)
        )
    if own is None:
        return out
    # The document's own region fills the gaps between reprints.
    filled: list[_Region] = []
    pos = 0
    for r in out:
        if r.start > pos:
            filled.append(replace(own, start=pos, end=r.start))
        filled.append(r)
        pos = r.end
    filled.append(replace(own, start=pos, end=len(text)))
    return filled


@cache
def _cite_before_re() -> re.Pattern[str]:
    return re.compile(f"(?:{_alt('cite_before')})")


@cache
def _after_cue_re() -> re.Pattern[str]:
    return re.compile(
        rf"\s*(?:\([^()]{{0,40}}\))?\s*(?:等(?:政策|文件|规定)?)?\s*(?:的)?\s*(?P<cue>{_alt('cite_after')})"
    )


@cache
def _repeal_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:\([^()]{{0,40}}\))?\s*(?P<cue>{_alt('repeal_after')})")


def _gap_is_chain(text: str, start: int, end: int) -> bool:
    """Between a citation verb and a title, within one clause: other titles, their numbers,
    bodies and objects joined to the title (根据市委、市政府《A》(沪委发…)和商务部《B》, 根据国家
    关于…的总体要求和《C》), but no publishing verb (结合实际制定《D》 is no citation)."""
    if end - start > _MAX_CITE_GAP * 2:
        return False
    gap = _TITLE.sub("", text[start:end])
    gap = _PAREN.sub("", gap)
    return (
        len(gap) <= _MAX_CITE_GAP
        and not any(ch in gap for ch in ",:。;!?\n")
        and not _publish_re().search(gap)
    )


@cache
def _publish_re() -> re.Pattern[str]:
    return re.compile(_alt("publish_verb"))


def _relations(
    text: str,
    ctx: _Context,
    mentions: list[PolicyMention],
    regions: list[_Region],
    self_key: str,
) -> tuple[list[PolicyRelation], dict[int, PolicyRole]]:
    relations: list[PolicyRelation] = []
    roles: dict[int, PolicyRole] = {}
    cues = policy_cues()
    for i, m in enumerate(mentions):
        if m.role in ("self", "header"):
            continue
        region = _region_of(regions, m.start)
        source = region.key if region else self_key
        source_title = region.title if region else ""
        if source == m.key:
            continue
        anchor = m.title_span[0] if m.title_span else m.start
        close = m.end
        lo = max(0, anchor - _MAX_SENTENCE)
        sentence_start = max(lo - 1, *(text.rfind(ch, lo, anchor) for ch in _SENTENCE_END)) + 1
        repeal = _repeal_re().match(text, close)
        if repeal:
            relations.append(
                PolicyRelation(
                    "REPEALS", source, m.key, repeal.group("cue"), sentence_start, repeal.end()
                )
            )
            roles[i] = "repealed"
            continue
        cue = ""
        clause = text[sentence_start:anchor]
        hits = list(_cite_before_re().finditer(clause))
        for hit in reversed(hits):
            if _gap_is_chain(text, sentence_start + hit.end(), anchor):
                cue = hit.group()
                break
        if not cue:
            after = _after_cue_re().match(text, close)
            if after:
                cue = after.group("cue")
        if not cue:
            continue
        kind: PolicyRelationType = "CITES"
        target_kind = title_suffix_class(m.title)
        if (
            cue in cues["implement_before"]
            and source_title
            and title_core(source_title).endswith(cues["implement_title"])
            and target_kind
            and target_kind[1].endswith(cues["implement_target"])
        ):
            kind = "IMPLEMENTS"
        end = max(close, anchor)
        relations.append(PolicyRelation(kind, source, m.key, cue, sentence_start, end))
        roles.setdefault(i, "cited")
    for m in mentions:  # 关于高质量落实〈X〉的若干措施: the title itself implements X
        inner = _INNER_TITLE.search(m.title)
        if inner and re.search(f"(?:{_alt('implement_before')})$", m.title[: inner.start()]):
            target, _, _ = policy_key(inner.group(1))
            relations.append(PolicyRelation("IMPLEMENTS", m.key, target, "title", m.start, m.end))
    return relations, roles


# ---------------------------------------------------------------------------------------------
# Entry point


def _self_ref(meta: DocumentMeta) -> _Ref | None:
    """The document itself, when it is a policy (numbered, or titled like one)."""
    kind = title_suffix_class(meta.title) if meta.title else None
    if not meta.doc_number and not (kind and kind[0] == "policy"):
        return None
    spans = [s for s in (meta.title_span, meta.doc_number_span) if s]
    if not spans:
        return None
    issuers = (meta.issuer,) if meta.issuer else ()
    return _Ref(
        start=min(s for s, _ in spans),
        end=max(e for _, e in spans),
        title=meta.title,
        title_span=meta.title_span,
        number=meta.doc_number,
        number_span=meta.doc_number_span,
        issuers=issuers,
        issuer_source="meta" if issuers else "",
        role="self",
    )


def _mention(ref: _Ref, date: str) -> PolicyMention:
    key, family, version = policy_key(ref.title) if ref.title else ("", "", "")
    issuers, source = ref.issuers, ref.issuer_source
    if not issuers and ref.number:
        prefix_issuer = issuer_of_number(ref.number)
        if prefix_issuer:
            issuers, source = (prefix_issuer,), "prefix"
    return PolicyMention(
        title=ref.title,
        doc_number=ref.number,
        start=ref.start,
        end=ref.end,
        key=ref.number or key,
        family=family or ("n:" + ref.number),
        version=version,
        role=ref.role,
        issuers=issuers,
        issuer_source=source,
        date=date,
        notice_title=ref.notice,
        title_span=ref.title_span,
        number_span=ref.number_span,
    )


def _aliases(text: str, titles: list[TitleMention]) -> dict[str, str]:
    """《X》(以下简称《Y》): key of Y -> key of X."""
    out: dict[str, str] = {}
    by_start = {t.start: t for t in titles}
    for m in re.finditer(r"\((?:以下|下文|文后)?简称《", text):
        short = by_start.get(m.end() - 1)
        if short is None:
            continue
        pos = m.start()
        while pos > 0 and text[pos - 1] == " ":
            pos -= 1
        full = next((t for t in titles if t.end == pos), None)
        if full is not None:
            out[policy_key(short.title)[0]] = policy_key(full.title)[0]
    return out


def find_policies(
    text: str,
    meta: DocumentMeta,
    agencies: Sequence[AgencyMention] | None = None,
    gazetteer: AgencyGazetteer | None = None,
    jurisdiction: str | None = None,
    titles: Sequence[TitleMention] | None = None,
) -> tuple[list[PolicyMention], list[PolicyRelation]]:
    """Policy references of a cleaned text (clean offsets) and the relations stated between
    them. The document itself is the first mention (role "self") when it is a policy.

    `agencies` are the text's agency mentions (the pipeline has them already); without them the
    gazetteer is run over the text here. `titles` are the text's `find_titles` when the caller
    has them already."""
    if agencies is None:
        gazetteer = gazetteer or AgencyGazetteer.default()
        spans = [(s, e) for s, e, _, _ in gazetteer.find(text, jurisdiction)]
    else:
        spans = sorted((a.start, a.end) for a in agencies)
    ctx = _Context(text, spans)
    titles = list(titles) if titles is not None else find_titles(text)
    builder = _Builder(text, ctx, titles)
    refs: list[_Ref] = []
    own = _self_ref(meta)
    if own:
        refs.append(own)
    used_titles: set[int] = set()
    title_starts = [t.start for t in titles]
    floor = 0
    for start, end, number in find_doc_numbers(text):
        if meta.doc_number_span and start == meta.doc_number_span[0]:
            continue
        paren = _enclosing_paren(text, start, end)
        if paren:
            ref = builder.bracketed_ref(paren, start, end, number, floor)
            floor = paren[1]
        elif _is_header(text, start, end):
            ref = builder.header_ref(start, end, number)
        else:
            prev = builder.title_by_end.get(start)
            if prev is not None:
                ref = _Ref(
                    prev.start, end, prev.title, (prev.start, prev.end), number, (start, end)
                )
            else:
                ref = _Ref(start, end, "", None, number, (start, end))
        if ref.title_span:
            i = bisect.bisect_left(title_starts, ref.title_span[0])
            j = bisect.bisect_left(title_starts, ref.title_span[1])
            used_titles.update(title_starts[i:j])
        refs.append(ref)
    refs += _unnumbered_headers(builder, refs, title_starts, used_titles)
    numbered_titles = {policy_key(r.title)[0]: r.number for r in refs if r.number and r.title}
    for t in titles:
        if t.start in used_titles or t.kind != "policy":
            continue
        chain_start, issuers = ctx.issuer_chain(t.start)
        source = "context" if issuers else ""
        if not issuers:
            issuers = builder.title_issuers(t)
            source = "title" if issuers else ""
        refs.append(
            _Ref(
                start=chain_start if source == "context" else t.start,
                end=t.end,
                title=t.title,
                title_span=(t.start, t.end),
                issuers=issuers,
                issuer_source=source,
            )
        )
    refs.sort(key=lambda r: (r.start, r.end))
    mentions = [
        _mention(
            r,
            _header_date(text, r.start, r.end, r.title_span[1] if r.title_span else r.end)
            if r.role == "header"
            else _date_near(text, r.start, r.end),
        )
        for r in refs
    ]
    mentions = _link_titles(mentions, numbered_titles, _aliases(text, titles))
    self_key = mentions[0].key if own and mentions and mentions[0].role == "self" else ""
    if self_key:  # the document naming itself (印发《X》的通知, 《X》已经市政府同意) adds nothing
        mentions = [m for m in mentions if m.role == "self" or m.key != self_key]
    headers = [m for m in mentions if m.role == "header" and m.key]
    own_region = _Region(0, len(text), self_key, own.title) if own else None
    regions = _regions(text, headers, own_region)
    relations, roles = _relations(text, ctx, mentions, regions, self_key)
    mentions = [replace(m, role=roles[i]) if i in roles else m for i, m in enumerate(mentions)]
    return mentions, relations


def _link_titles(
    mentions: Iterable[PolicyMention], numbered: dict[str, str], aliases: dict[str, str]
) -> list[PolicyMention]:
    """A title-only mention takes the number that the same title has elsewhere in the text,
    and a short title defined by 以下简称 takes the key of the full one."""
    out = []
    for m in mentions:
        if not m.doc_number and m.key:
            key = aliases.get(m.key, m.key)
            number = numbered.get(key, "")
            if number:
                m = replace(m, doc_number=number, key=number)
            elif key != m.key:
                m = replace(m, key=key)
        out.append(m)
    return out
