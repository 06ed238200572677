"""Named bases, zones, parks, platforms, clusters and programmes in a cleaned text.

Three sources, merged with the longest span winning where they overlap:

1. the gazetteer of well-known zones and national programmes (`data/bases.csv`), whose rows
   also give the canonical name, type and district;
2. typed endings (`data/base_types.csv`: …综合保税区, …服务出口基地, …产业园, …交易所, …试点),
   the name starting after the last boundary before the ending (`names.name_start`); weak
   endings (…基地, …平台, …计划) need a quoted or place-led name;
3. lists closed by a type word (依托东方芯港、生命蓝湾、大飞机园等特色园区) and statements of
   designation (徐汇区被…遴选为首批国家文化出口基地; a table row `上海浦东软件园<TAB>国家数字服务
   出口基地`; a heading `国家数字服务出口基地——上海浦东软件园`), which name bases that have
   no typed ending at all.

A quoted short name inside a name (“信息飞鱼”全球数字经济创新岛, “伯乐”奖励计划) is a mention
of the same base too. Relations are in `base_relations.py`.
"""

from __future__ import annotations

import bisect
import csv
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from .entity_records import BaseMention
from .names import name_cues, name_start, place_re, skip_junk
from .records import Heading
from .textscan import Span, WordLists, lines_holding

logger = logging.getLogger(__name__)

_MAX_NAME = 24  # characters of a name before its typed ending
_MAX_ITEM = 16  # characters of one item of a list of names
_MAX_TAIL_AFTER_QUOTE = 4  # “伯乐”奖励计划: ending words after a quoted short name
_CJK_OR_LATIN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{3,}")
_LIST_SEPARATOR = re.compile(r"(、|和|及|与)")
_LIST_BREAK = ",。;:()《》“”"
_MAX_LIST = 160
_TYPE_CHARS = "园区平台基地载体集聚功能承交易所中心联盟试点示范"
_TRAILING_QUALIFIER = re.compile(r"\([^()]{1,10}\)$")
_QUALIFIER = re.compile(r"\(([^()\s,。、;:]{1,10})\)")
_QUOTED = re.compile(r"“([^“”\n]{2,16})”")
_LEADING_QUALIFIERS = re.compile(r"^(?:国家级|国家|上海市|上海|市级|特色|专业类|国家特色)+")
_DESIGNATION_VERBS = r"遴选为|认定为|评为|批准为|确定为|授予|入选|获批|成为|列为"
_MAX_PASSIVE = 30
_MAX_HEADING_TYPE = 30  # 国家数字服务出口基地——上海浦东软件园: the type opens a short line
_PROGRAMME_LEAD = re.compile(r"^(?:国家|全国|我国|上海市|上海|本市|全市)+")
# 公共服务平台“上交会发布”: a quoted name right after a type word. The pattern opens with the
# quote, a literal `re` jumps to, and looks behind it for the type word.
_TYPED_QUOTE = re.compile(r"“(?<=(?:平台|品牌|基地|园区|中心|系统|载体|计划)“)([^“”\n]{2,12})”")
_TYPE_WORD_LEN = 2  # of the type words above
_BATCH = r"(?:首批|第[一二三四五六七八九十]+批|[0-9]{4}年度?)?"


@dataclass(frozen=True, slots=True)
class _Type:
    type: str
    strength: str  # strong, medium, weak


@dataclass(frozen=True, slots=True)
class _Known:
    canonical: str
    type: str
    district: str


def _read(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


@cache
def base_types() -> dict[str, _Type]:
    rows = csv.DictReader(_read("base_types.csv").splitlines())
    return {r["suffix"]: _Type(r["type"], r["strength"]) for r in rows}


@cache
def _base_rows() -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(_read("bases.csv").splitlines()))


@cache
def known_bases() -> dict[str, _Known]:
    """Alias -> known zone or programme."""
    return {
        r["alias"]: _Known(r["canonical"], r["type"], r["district"])
        for r in _base_rows()
        if r["kind"] in ("zone", "programme")
    }


@cache
def _words() -> WordLists:
    """Gazetteer names and typed endings, found in one scan."""
    return WordLists(known_bases(), base_types())


@cache
def export_fields() -> tuple[tuple[str, str], ...]:
    """(field word, type) of national service export bases, longest word first."""
    rows = [(r["alias"], r["type"]) for r in _base_rows() if r["kind"] == "export_field"]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


@cache
def areas() -> dict[str, str]:
    """Functional area of Shanghai -> its district (张江 -> 浦东新区)."""
    return {r["area"]: r["district"] for r in csv.DictReader(_read("areas.csv").splitlines())}


@cache
def _place_start_re() -> re.Pattern[str]:
    return re.compile("(?:“)?(?:" + place_re().pattern + "|国家)")


@cache
def _org_after_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, name_cues()["org_after"])))


@cache
def _list_end_re() -> re.Pattern[str]:
    """The end of a list of names: 等(一批)…园区 (anchored on 等)."""
    types = "|".join(map(re.escape, name_cues()["list_type"]))
    return re.compile(rf"等(?:一批|多个|[0-9]+个)?[^\s,。;:、()]{{0,10}}?(?:{types})")


@cache
def _lead_re() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, name_cues()["base_lead"])) + ")+")


def _past_lead(text: str, start: int, end: int) -> int:
    """Start of a name after the verbs that open its span (制定中国(上海)自由贸易试验区,
    做精做优做强“6天+365天”…平台). Only at the start: 全面深化…试点 keeps its 深化."""
    m = _lead_re().match(text, start, end)
    if not m:
        return start
    # 构建以数据交易所: the preposition after the verb goes too; skip_junk wants to see three
    # characters after it, so it reads on past the ending and is clipped back.
    return min(m.end() + skip_junk(text, m.end(), end + 3), end)


@lru_cache(maxsize=8192)
def base_type(name: str, suffix: str) -> str:
    """Type of a base from its ending, refined by the field of an export base."""
    kind = base_types()[suffix].type if suffix in base_types() else "base"
    if kind.startswith("national_service_export_base") or kind == "national_cultural_trade_base":
        for word, field_type in export_fields():  # 特色服务出口基地(语言服务): also in brackets
            if word in name:
                return field_type
    return kind


@lru_cache(maxsize=8192)
def is_generic(name: str, suffix: str) -> bool:
    """A type used as a name (国家文化出口基地, 国家特色服务出口基地), not one base."""
    rest = _LEADING_QUALIFIERS.sub("", _strip_quotes(name))
    return rest == suffix or bool(_generic_export_re().fullmatch(rest))


@cache
def _generic_export_re() -> re.Pattern[str]:
    fields = "|".join(map(re.escape, (w for w, _ in export_fields())))
    return re.compile(rf"(?:{fields})?(?:服务)?(?:出口基地|贸易基地)")


def _strip_quotes(s: str) -> str:
    return s.replace("“", "").replace("”", "")


@lru_cache(maxsize=8192)
def canonical_name(surface: str, kind: str = "") -> str:
    """The gazetteer name of a surface; else the surface without quotes at its ends, and for
    a programme without the leading 国家/上海市 (国家全面深化服务贸易创新发展试点)."""
    core = surface.strip("“”")
    if core.count("“") != core.count("”"):
        core = surface  # “信息飞鱼”全球数字经济创新岛 keeps its quotes
    for name in (surface, core):
        if name in known_bases():
            return known_bases()[name].canonical
    if kind.endswith("programme"):
        stripped = _PROGRAMME_LEAD.sub("", core)
        if len(stripped) >= 4:
            return known_bases()[stripped].canonical if stripped in known_bases() else stripped
    return core


# ---------------------------------------------------------------------------------------------


class _Candidate(NamedTuple):
    """A possible mention (a named tuple: thousands per document, and it never leaves here)."""

    start: int
    end: int
    type: str
    canonical: str
    generic: bool
    priority: int  # 2 = gazetteer, 1 = typed ending / designation, 0 = list item or alias


def _qualified_end(text: str, end: int) -> int:
    """Extend a name over a short bracketed qualifier: 国家文化出口基地(徐汇区), …(B型)."""
    m = _QUALIFIER.match(text, end)
    if (
        m
        and not m.group(1).startswith(("以下", "下文", "文后", "简称", "单位", "见"))
        and not re.fullmatch(r"[0-9.%]+", m.group(1))
    ):
        return m.end()
    return end


def _typed(text: str, endings: list[Span]) -> list[_Candidate]:
    """Names before the typed endings at `endings`."""
    out: list[_Candidate] = []
    place, org_after, types = place_re(), _org_after_re(), base_types()
    for suffix_start, suffix_end in endings:
        suffix = text[suffix_start:suffix_end]
        info = types[suffix]
        if org_after.match(text, suffix_end):
            continue
        if info.strength == "weak":  # cheap test first: a quote or a place name just before
            lo = max(0, suffix_start - _MAX_NAME)
            quoted = text.find("”", lo, suffix_start) >= 0 or text.find("“", lo, suffix_start) >= 0
            if not quoted and not place.search(text, lo, suffix_start):
                continue
        start = _past_lead(text, name_start(text, suffix_start, _MAX_NAME), suffix_start)
        head = text[start:suffix_start]
        if not _head_ok(text, start, head, info.strength):
            continue
        if text[start] == "“" and "”" not in head:
            start += 1  # 依托“国际数据港”的…: the quote closes after the name
        if text.startswith("》", suffix_end) and start > 0 and text[start - 1] == "《":
            continue  # 《…行动计划》: the policy itself, not a programme it names
        end = _qualified_end(text, suffix_end)
        name = text[start:suffix_end]
        kind = base_type(name, suffix)
        canonical = canonical_name(name if end == suffix_end else text[start:end], kind)
        out.append(_Candidate(start, end, kind, canonical, is_generic(name, suffix), 1))
    for m in _TYPED_QUOTE.finditer(text):  # 公共服务平台“上交会发布”
        if m.group(1) in _slogans():
            continue
        type_word = text[m.start() - _TYPE_WORD_LEN : m.start()]
        kind = types.get(type_word, _Type("base", "weak")).type
        s, e = m.span(1)
        out.append(_Candidate(s, e, kind, m.group(1), False, 0))
    return out


_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _head_ok(text: str, start: int, head: str, strength: str) -> bool:
    """Is there a name before the ending? Strong endings need two characters, medium ones
    three, weak ones a quoted or place-led name of three."""
    core = head.replace("“", "").replace("”", "")
    if len(core) < 2 or not _NAME_CHAR.search(core):
        return False
    if strength == "strong":
        return True
    if strength == "medium":
        return len(core) >= 3
    return len(core) >= 2 and ("“" in head or bool(_place_start_re().match(text, start)))


def _gazetteer(text: str, spans: list[Span]) -> list[_Candidate]:
    out = []
    org_after = _org_after_re()
    for start, end in spans:
        if org_after.match(text, end):
            continue
        known = known_bases()[text[start:end]]
        out.append(_Candidate(start, end, known.type, known.canonical, False, 2))
    return out


def _list_items(text: str) -> list[_Candidate]:
    """依托东方芯港、生命蓝湾、大飞机园等特色园区: each item is a base of that type, when at
    least one item has a typed ending itself and the items are not bare place names."""
    out = []
    for m in _list_end_re().finditer(text):
        end = m.start()
        lo = max(text.rfind("\n", 0, end) + 1, end - _MAX_LIST)
        clause_start = lo + max(text[lo:end].rfind(ch) for ch in _LIST_BREAK) + 1
        pieces = _LIST_SEPARATOR.split(text[clause_start:end])
        if len(pieces) < 3:  # one item is no list
            continue
        kind = base_types().get(m.group()[len(m.group().rstrip(_TYPE_CHARS)) :], None)
        kind_name = kind.type if kind else _list_type(m.group())
        items: list[tuple[int, int]] = []
        pos = clause_start
        for i, piece in enumerate(pieces):
            s, e = pos, pos + len(piece)
            pos = e
            if i % 2:
                continue
            if i == 0:  # the first item is bounded by the words before it
                s = name_start(text, e, _MAX_ITEM, floor=s) if e - s > 2 else s
            s += skip_junk(text, s, e)
            items.append((_past_lead(text, s, e), e))
        names = [text[s:e] for s, e in items]
        if not any(_suffix_of(n) for n in names) or any(len(n) > _MAX_ITEM for n in names):
            continue
        for (s, e), name in zip(items, names, strict=True):
            if len(name) >= 3 and not _is_place(name):
                out.append(_Candidate(s, e, kind_name, canonical_name(name), False, 0))
    return out


def _list_type(closing: str) -> str:
    for word in name_cues()["list_type"]:
        if closing.endswith(word) and word in base_types():
            return base_types()[word].type
    return "base"


def _is_place(name: str) -> bool:
    m = _place_start_re().fullmatch(name)
    return m is not None or name.rstrip("区县市") in areas()


@cache
def _slogans() -> frozenset[str]:
    return frozenset(name_cues()["slogan"])


def _quoted_parts(text: str, found: Iterable[_Candidate]) -> list[_Candidate]:
    """“信息飞鱼”全球数字经济创新岛, “伯乐”奖励计划: a quoted part that opens the name or
    stands right before its ending names the same base."""
    out = []
    for c in found:
        if text.find("“", c.start, c.end) < 0:
            continue  # most names hold no quote: no need to start a scan
        for m in _QUOTED.finditer(text, c.start, c.end):
            if (m.start(), m.end()) == (c.start, c.end):
                continue
            part = m.group(1)
            if part in _slogans() or len(_CJK_OR_LATIN.findall(part)) < 2:
                continue  # “一带一路”…, “1+6”…: a slogan or a number names no base
            opens = _PROGRAMME_LEAD.sub("", text[c.start : m.start()]) == "" or _is_place(
                text[c.start : m.start()]
            )
            if opens or c.end - m.end() <= _MAX_TAIL_AFTER_QUOTE:
                out.append(_Candidate(m.start(1), m.end(1), c.type, c.canonical, False, 0))
    return out


@cache
def _designation_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    ending = rf"(?:{'|'.join(map(re.escape, _export_suffixes()))})"
    verb = re.compile(
        rf"(?:{_DESIGNATION_VERBS})(?:国家)?{_BATCH}(?:的)?(?:国家级?)?"
        rf"(?P<type>[^\s,。;、]{{0,16}}?{ending})"
    )
    row = re.compile(
        rf"(?m)^(?:[0-9]+\t)?(?P<name>[^\t\n]{{2,30}})\t"
        rf"(?P<type>[^\t\n]{{0,16}}?{ending}\s*(?:\([^()\n]{{1,10}}\))?)\s*$"
    )
    heading = re.compile(rf"(?P<type>[^\s,。;、]{{0,16}}?{ending}(?:\([^()\n]{{1,10}}\))?)$")
    return verb, row, heading


def _designated(text: str) -> list[_Candidate]:
    """X被…遴选为首批国家文化出口基地 / X入选第二批… / table rows X<TAB>…基地 / 类型——X."""
    verb, row, heading = _designation_res()
    out = []
    # A designation names its type on the same line: only lines holding a type word can match.
    matches = (
        m
        for start, end in lines_holding(text, _export_endings())
        for m in verb.finditer(text, start, end)
    )
    for m in matches:
        end = m.start()
        by = text.rfind("被", max(0, end - _MAX_PASSIVE), end)  # X被商务部等部门遴选为…
        if by >= 0 and not any(ch in text[by:end] for ch in ",。;\n"):
            end = by
        start = _past_lead(text, name_start(text, end, _MAX_NAME), end)
        if end - start >= 2:
            out.append(_designation(text, start, end, m.group("type")))
    taken = 0  # a row match may run on over blank lines: the next starts after it
    for start, _ in lines_holding(text, ("\t",)):  # a row starts a line holding a TAB
        row_match = row.match(text, start) if start >= taken else None
        if row_match:
            out.append(_designation(text, *row_match.span("name"), row_match.group("type")))
            taken = row_match.end()
    for m in re.finditer("——", text):
        line_start = text.rfind("\n", max(0, m.start() - _MAX_HEADING_TYPE), m.start()) + 1
        if m.start() - line_start >= _MAX_HEADING_TYPE or (
            line_start == 0 and m.start() >= _MAX_HEADING_TYPE
        ):
            continue  # a dash inside a paragraph, not 类型——名称 heading
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        kind = heading.search(text, line_start, m.start())
        if kind and 2 <= line_end - m.end() <= 30:
            out.append(_designation(text, m.end(), line_end, kind.group("type")))
    return out


def _designation(text: str, start: int, end: int, type_words: str) -> _Candidate:
    kind = base_type(type_words, _suffix_of(type_words))
    return _Candidate(start, end, kind, canonical_name(text[start:end]), False, 1)


@cache
def _export_suffixes() -> tuple[str, ...]:
    return tuple(
        w
        for w, t in base_types().items()
        if t.type.startswith(("national_service", "national_cult"))
    ) + ("基地",)


@cache
def _export_endings() -> tuple[str, ...]:
    """The type words a designation ends with, without those holding a shorter one (基地)."""
    words = _export_suffixes()
    return tuple(w for w in words if not any(o != w and o in w for o in words))


@cache
def _suffix_end_re() -> re.Pattern[str]:
    words = sorted(base_types(), key=lambda w: (-len(w), w))
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")


def _suffix_of(name: str) -> str:
    m = _suffix_end_re().search(_TRAILING_QUALIFIER.sub("", name))
    return m.group() if m else ""


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping, longest first (then the gazetteer, then typed endings). Kept inside a
    longer name: a gazetteer name inside a typed one (漕河泾开发区 in 漕河泾开发区知识产权服务
    出口基地), a typed name that opens it (上海保险交易所 in 上海保险交易所数字化…平台), and list
    items and quoted parts (priority 0)."""
    chosen: list[_Candidate] = []
    outer: list[_Candidate] = []  # the mentions that are no part of a longer one
    starts: list[int] = []
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, -c.priority, c.start))
    for c in ordered:
        i = bisect.bisect_right(starts, c.start)
        near = outer[max(0, i - 4) : i + 4]
        inside = [o for o in near if o.start < c.end and c.start < o.end]
        if not inside:  # no longer mention overlaps it: most candidates
            outer.insert(i, c)
            starts.insert(i, c.start)
            chosen.append(c)
            continue
        if any((o.start, o.end) == (c.start, c.end) for o in inside):
            continue
        nested = all(o.start <= c.start and c.end <= o.end for o in inside)
        if not (
            c.priority == 0
            or (c.priority == 2 and nested and all(o.priority != 2 for o in inside))
            or (
                c.priority == 1
                and nested
                and any(o.start == c.start and o.priority != 2 for o in inside)
            )
        ):
            continue
        chosen.append(c)
    return sorted(chosen, key=lambda c: (c.start, c.end))


def find_bases(text: str, headings: Sequence[Heading] = ()) -> list[BaseMention]:
    """Bases, zones, parks, platforms, clusters and programmes named in a cleaned text."""
    known_spans, endings = _words().find(text)
    known = _gazetteer(text, known_spans)
    known_ends = {c.end for c in known}
    # 明确在临港新片区: a typed name ending where a known one ends only adds words before it
    typed = [c for c in _typed(text, endings) if c.end not in known_ends]
    candidates = known + typed + _designated(text) + _list_items(text)
    candidates += _quoted_parts(text, typed)
    out = []
    for c in _select(candidates):
        start, end = _balanced(text, c.start, c.end)
        surface = text[start:end]
        if len(surface.strip("“”")) < 2:
            continue
        canonical = (
            c.canonical
            if c.canonical.count("“") == c.canonical.count("”")
            else _strip_quotes(c.canonical)
        )
        out.append(BaseMention(surface, canonical, c.type, start, end, c.generic))
    return out


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim or widen a span by one quote so that its quotes pair up (“离岸通”平台)."""
    s = text[start:end]
    opened, closed = s.count("“"), s.count("”")
    if opened > closed and s.startswith("“"):
        return start + 1, end
    if closed > opened and start > 0 and text[start - 1] == "“":
        return start - 1, end
    if closed > opened and s.endswith("”"):
        return start, end - 1
    return start, end
