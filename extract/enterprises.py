"""Enterprises named in a cleaned text: registered names, group names and their short forms.

A registered name ends in a legal form (…有限公司, …股份有限公司, …集团, `data/
enterprise_words.csv`); it starts after the last boundary before it (`names.name_start`; a
bracketed place such as （上海） or （集团） stays inside). Names made only of places, industry
words and descriptions (全资子公司, 船务代理有限公司) are not names.

Short names are linked to their registered name three ways: a definition (…有限公司（以下简称
“UDC”）), a bracketed form right after the name (上海必博人力资源服务有限公司（BIPO）), and
the name's trade-name core (字号) found elsewhere in the text: the registered name without its
place, legal form and trailing industry words, with the industry words added back one by one
(上海沐瞳科技有限公司 → 沐瞳科技, 沐瞳; 上海文思海辉软件技术有限公司 → 上海文思海辉, 文思海辉软件
…). A two-character trade name counts only where no other Chinese character follows it.

Table rows that hold a registered name give its sector and district (001 表3-3: `16<TAB>上海沐瞳
科技有限公司<TAB>数字内容<TAB>嘉定`).
"""

from __future__ import annotations

import bisect
import csv
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

from .bases import areas
from .entity_records import AliasLink, EnterpriseForm, EnterpriseMention
from .names import name_start, place_re, places
from .textscan import lines_holding, matches_from, trie_pattern, word_pattern

logger = logging.getLogger(__name__)

_MAX_NAME = 30  # characters of a registered name before its legal form
_GROUP = re.compile(r"\(([^()]{1,8})\)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_FOLLOWERS_OK = "的在是与和及等于将为已也还均通过公司集团旗下作每自"
_STRICT = "和与及为同向在对以由从把被将跟"  # never inside a company name
_NOT_AFTER_SHORT = re.compile(r"总署|总局|部|局|委|厅|办|园|区|基地")  # 新闻出版总署
_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")
_FEW_FIRSTS = 4  # opening characters found by literal scans rather than one class scan
_LATIN_ALIAS = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9 .&\-]{1,30}?)\s*\)")


def _read(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


@cache
def enterprise_words() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for row in csv.DictReader(_read("enterprise_words.csv").splitlines()):
        groups.setdefault(row["group"], []).append(row["text"])
    return {g: tuple(sorted(set(ws), key=lambda w: (-len(w), w))) for g, ws in groups.items()}


@cache
def _form_re() -> re.Pattern[str]:
    return re.compile(trie_pattern(enterprise_words()["form"]))


@cache
def _places() -> tuple[re.Pattern[str], frozenset[str]]:
    """Leading place words of a company name (`names.places`)."""
    return re.compile("^(?:" + place_re().pattern + ")"), places()


@cache
def _industry_end_re() -> re.Pattern[str]:
    words = enterprise_words()["industry"]
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")


@cache
def _industry_re() -> re.Pattern[str]:
    """The first industry word (longest first) at a position."""
    return re.compile("|".join(map(re.escape, enterprise_words()["industry"])))


@cache
def _generic_re() -> re.Pattern[str]:
    words = enterprise_words()["generic"] + enterprise_words()["industry"]
    return re.compile(
        "^(?:" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + ")+$"
    )


@cache
def _description_re() -> re.Pattern[str]:
    words = sorted(enterprise_words()["generic"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")+")


@cache
def _alias_re() -> re.Pattern[str]:
    markers = "|".join(map(re.escape, enterprise_words()["alias_marker"]))
    return re.compile(rf"\((?:{markers})[::]?\s*“?(?P<alias>[^“”()\s,。;]{{2,20}})”?\)")


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    form: str  # legal form that ended it


def _strip_places(head: str) -> str:
    """A name's head without its leading place words; a place is kept when what follows
    it would be too short to be a trade name (上海外高桥造船 -> 外高桥造船)."""
    pattern, _ = _places()
    while True:
        m = pattern.match(head)
        if not m or len(head) - m.end() <= 2:
            return head
        head = head[m.end() :]


@lru_cache(maxsize=8192)
def trade_name(name: str) -> str:
    """The 字号 of a registered name: 上海沐瞳科技有限公司 -> 沐瞳."""
    core = _strip_places(_head(name))
    while True:
        stripped = _industry_end_re().sub("", core)
        if stripped == core or len(stripped) < 2:
            return core
        core = stripped


@lru_cache(maxsize=8192)
def _head(name: str) -> str:
    """A registered name without its (last) legal form and bracketed groups."""
    last = None
    for m in _form_re().finditer(name):
        last = m
    head = name[: last.start()] if last and last.end() == len(name) else name
    return _GROUP.sub("", head)


@lru_cache(maxsize=8192)
def short_forms(name: str) -> tuple[str, ...]:
    """Short names a text may use for a registered name, longest first: the trade name with
    its industry words added back one by one (沐瞳, 沐瞳科技), and the place followed by the
    trade name (上海文思海辉). A name whose core is a place or only industry words
    (上海外高桥集团, 上海市外高桥国际贸易营运中心) has none: its parts name other things."""
    head = _head(name)
    core = _strip_places(head)
    if core in places() or _generic_re().match(core):
        return ()
    brand = trade_name(name)
    forms = {brand}
    pos = len(brand)
    industry = _industry_re()
    while pos < len(core):
        m = industry.match(core, pos)
        if not m:
            break
        pos = m.end()
        forms.add(core[:pos])
    if head != core and head.endswith(core):
        forms.add(head[: len(head) - len(core)] + brand)
    return tuple(
        sorted((f for f in forms if len(f) >= 2 and f != name), key=lambda f: (-len(f), f))
    )


@lru_cache(maxsize=8192)
def _is_generic(head: str) -> bool:
    """全资子, 航运项目, 船务代理, 外资保险: no trade name before the legal form. A place
    followed by industry words is a name (上海外高桥国际贸易营运中心有限公司)."""
    head = _GROUP.sub("", head)
    core = _strip_places(head)
    if len(core) < 2 or head in _places()[1]:
        return True
    if core != head:  # a place leads: only descriptions make it generic
        return bool(_description_re().fullmatch(core))
    return bool(_generic_re().match(core))


def _registered(text: str) -> list[_Name]:
    out: list[_Name] = []
    for m in _form_re().finditer(text):
        if text.startswith(")", m.end()) or (
            m.group() == "集团" and text[m.end() : m.end() + 1] in "化军"
        ):
            continue  # (集团)有限公司; 集团化, 集团军
        start = name_start(text, m.start(), _MAX_NAME, strict=_STRICT)
        head = text[start : m.start()]
        if _is_generic(head) or not _CJK.search(head + "x") or head.endswith(("等", "的")):
            continue
        out.append(_Name(start, m.end(), m.group()))
    # 集团 followed by a longer form (集团有限公司) is one name: keep the longest per start
    best: dict[int, _Name] = {}
    for n in out:
        if n.start not in best or n.end > best[n.start].end:
            best[n.start] = n
    names = sorted(best.values(), key=lambda n: n.start)
    return [n for i, n in enumerate(names) if not (i and names[i - 1].end > n.start)]


def find_enterprises(text: str) -> tuple[list[EnterpriseMention], list[AliasLink]]:
    """Enterprise mentions of a cleaned text (registered and group names, and the short names
    linked to them) and the alias links that justify the short ones."""
    names = _registered(text)
    mentions: list[EnterpriseMention] = []
    links: list[AliasLink] = []
    canonical_of: dict[str, str] = {}
    for n in names:
        surface = text[n.start : n.end]
        canonical = canonical_of.setdefault(surface, surface)
        form: EnterpriseForm = "group" if n.form == "集团" else "registered"
        mentions.append(EnterpriseMention(surface, canonical, n.start, n.end, form))
        after = _alias_re().match(text, n.end) or _LATIN_ALIAS.match(text, n.end)
        if after:
            alias = after.group(1)
            if after.re is _alias_re():
                links.append(AliasLink(alias, canonical, "enterprise", "defined", *after.span(1)))
            else:
                links.append(AliasLink(alias, canonical, "enterprise", "bracketed", *after.span(1)))
            mentions.append(EnterpriseMention(alias, canonical, *after.span(1), form="alias"))
    mentions += _short_mentions(text, {m.canonical for m in mentions if m.form != "alias"}, links)
    mentions += _defined_alias_mentions(text, links, mentions)
    mentions = _with_table_facts(text, _dedupe(mentions))
    return mentions, links


def _short_mentions(
    text: str, registered: Iterable[str], links: list[AliasLink]
) -> list[EnterpriseMention]:
    """Trade names and cores of the registered names, wherever the text uses them."""
    owner: dict[str, str] = {}
    clash: set[str] = set()
    for name in sorted(registered):
        for form in short_forms(name):
            if owner.get(form, name) != name:
                clash.add(form)  # two companies share it: it names neither
            owner.setdefault(form, name)
    _, places = _places()
    forms = {f: n for f, n in owner.items() if f not in clash and f not in places}
    if not forms:
        return []
    bare = {f for f, n in forms.items() if f.endswith(trade_name(n))}  # 米哈游, 上海仓城
    out = []
    for start, end, form in _occurrences(text, forms):
        nxt = text[end : end + 1]
        prev = text[start - 1 : start]
        if (len(form) <= 3 or form in bare) and (
            (nxt and _CJK.match(nxt) and nxt not in _FOLLOWERS_OK)
            or (len(form) == 2 and prev and _CJK.match(prev) and prev not in _FOLLOWERS_OK)
        ):
            continue  # 飞机 in 大飞机园: a short trade name must stand as a word
        if _NOT_AFTER_SHORT.match(text, end):
            continue
        out.append(EnterpriseMention(form, forms[form], start, end, "short"))
        links.append(AliasLink(form, forms[form], "enterprise", "core", start, end))
    return out


def _occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of `words`, longest word first where they overlap. The
    per-text word list is indexed by its three-character openings, which one small regex
    finds; compiling the whole list into a regex would cost more than the scan."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    by_opening: dict[str, list[str]] = {}
    for word in ordered:  # three characters where there are: 上海 alone opens too much
        by_opening.setdefault(word[:3], []).append(word)
    longer: dict[str, list[list[str]]] = {}  # two characters -> buckets they open
    for key, bucket in by_opening.items():
        if len(key) == 3:
            longer.setdefault(key[:2], []).append(bucket)
    for word in ordered:
        if len(word) == 2:
            for bucket in longer.get(word, ()):
                bucket.append(word)
    if not by_opening:
        return []
    # The longest opening at each position, as the list sorted longest first gave; as a
    # trie (first two characters tested by classes), `re` does not try every opening at
    # every position.
    openings = re.compile(word_pattern(by_opening))
    firsts = "".join({key[0]: None for key in by_opening})
    # A class is tested at every character of the text; a few literals are found far faster
    # (UDC, BIPO: a text's aliases open with few characters).
    if len(firsts) <= _FEW_FIRSTS:
        matches: Iterable[re.Match[str]] = matches_from(openings, text, firsts)
    else:
        matches = openings.finditer(text)
    out: list[tuple[int, int, str]] = []
    for m in matches:
        start = m.start()
        if out and start < out[-1][1]:
            continue
        for word in by_opening[m.group()]:
            if text.startswith(word, start):
                out.append((start, start + len(word), word))
                break
    return out


def _defined_alias_mentions(
    text: str, links: list[AliasLink], mentions: list[EnterpriseMention]
) -> list[EnterpriseMention]:
    """Later uses of a defined or bracketed alias (UDC, BIPO)."""
    aliases = {a.alias: a.name for a in links if a.basis in ("defined", "bracketed")}
    if not aliases:
        return []
    taken = {(m.start, m.end) for m in mentions}
    out = []
    for start, end, alias in _occurrences(text, aliases):
        if (start, end) in taken:
            continue
        before = text[start - 1 : start]
        after = text[end : end + 1]
        if _LATIN_CHAR.match(before) or _LATIN_CHAR.match(after):
            continue  # a Latin alias inside a longer word
        out.append(EnterpriseMention(alias, aliases[alias], start, end, "alias"))
    return out


def _dedupe(mentions: list[EnterpriseMention]) -> list[EnterpriseMention]:
    """One mention per span; a short name inside a registered name is dropped."""
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[EnterpriseMention] = []
    for m in mentions:
        recent = out[-8:]
        if m.form in ("short", "alias") and any(
            o.start <= m.start and m.end <= o.end for o in recent
        ):
            continue
        if out and (out[-1].start, out[-1].end) == (m.start, m.end):
            continue
        out.append(m)
    return out


def _with_table_facts(text: str, mentions: list[EnterpriseMention]) -> list[EnterpriseMention]:
    """A table row holding a registered name: a place cell is its district, a short word cell
    its sector (数字内容, 云服务)."""
    if "\t" not in text:
        return mentions
    starts = [m.start for m in mentions]
    out = list(mentions)
    _, places = _places()
    for row_start, row_end in lines_holding(text, ("\t",)):
        i = bisect.bisect_left(starts, row_start)
        j = bisect.bisect_left(starts, row_end)
        inside = [k for k in range(i, j) if mentions[k].form in ("registered", "group")]
        if len(inside) != 1:
            continue
        k = inside[0]
        cells = [c.strip() for c in text[row_start:row_end].split("\t")]
        name = mentions[k].surface
        district = sector = ""
        for cell in cells:
            if not cell or cell == name or re.search(r"[0-9.]", cell):
                continue
            plain = cell.rstrip("区县")
            if cell in places or plain in areas() or plain + "区" in places:
                district = district or cell
            elif len(cell) <= 8 and _CJK.match(cell):
                sector = sector or cell
        if district or sector:
            out[k] = replace(mentions[k], district=district, sector=sector)
    return out
