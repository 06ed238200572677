"""Cross-document entity resolution: one key per real policy, base, enterprise and event.

Keys depend only on content, never on processing order:

- policy: its document number; a mention without one takes the number that the same title
  key (`policies.policy_key`: 上海/上海市, dash and zero variants folded) has elsewhere in the
  corpus when exactly one number has it. Several numbers with one title are versions (沪商服贸
  〔2016〕266号 and 沪商规〔2020〕9号 both 《…认定管理办法》): a title-only mention then takes the
  latest version issued no later than the mentioning document's year, and stays at family level
  when that is unknown. Version families (（2020年版）, （2021年版）) share `family`.
- base: the gazetteer name, else the name without leading place words (unless only a type
  would remain: 中国(河北)自由贸易试验区 stays apart from 中国(上海)…) and with 园区 read as 园;
  a shorter name folds into a longer one of the same ending when its characters are a
  subsequence of exactly one longer name (北斗西虹桥基地 → 中国北斗产业技术创新西虹桥基地,
  漕河泾开发区 → 漕河泾新兴技术开发区); a generic type name (国家文化出口基地) is no entity.
  Different endings never fold (漕河泾综合保税区 is not 漕河泾新兴技术开发区).
- enterprise: the registered name; a short name links only through its own document's alias
  links, so a short name two companies share (园区, 中远海运) stays with neither.
- event: the series (第五届 dropped, 进博会 read as 中国国际进口博览会).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

from .bases import base_types, known_bases
from .entity_records import (
    DocumentEntities,
    EntityKind,
    MentionRef,
    PolicyMention,
    Resolution,
    ResolvedEntity,
)
from .policies import letters
from .textscan import trie_pattern

_NUMBER_YEAR = re.compile(r"(?:〔|^公告|令〔)?((?:19|20)[0-9]{2})")
_FUNCTION_CHARS = frozenset("的了已与和及在是将被把等为对向从")
_BASE_ENDINGS = (
    "自由贸易试验区",
    "综合保税区",
    "保税区",
    "开发区",
    "高新区",
    "产业园",
    "软件园",
    "科技园",
    "创新园",
    "示范区",
    "先行区",
    "合作区",
    "集聚区",
    "商务区",
    "科学城",
    "基地",
    "平台",
    "中心",
    "交易所",
    "联盟",
    "试点",
    "港",
    "园",
)


class _Entities:
    """Accumulates names and documents per key."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.kinds: dict[str, EntityKind] = {}
        self.aliases: dict[str, dict[str, None]] = defaultdict(dict)
        self.docs: dict[str, dict[str, None]] = defaultdict(dict)
        self.extra: dict[str, dict[str, str]] = defaultdict(dict)
        self.mentions: dict[MentionRef, str] = {}

    def add(
        self,
        kind: EntityKind,
        key: str,
        name: str,
        surface: str,
        doc: str,
        ref: MentionRef | None,
        **extra: str,
    ) -> None:
        self.kinds[key] = kind
        if key not in self.names or len(name) > len(self.names[key]):
            self.names[key] = name
        self.aliases[key][surface] = None
        self.docs[key][doc] = None
        for k, v in extra.items():
            if v:
                self.extra[key].setdefault(k, v)
        if ref is not None:
            self.mentions[ref] = key

    def build(self) -> Resolution:
        entities = {
            key: ResolvedEntity(
                kind=self.kinds[key],
                key=key,
                name=self.names[key],
                aliases=tuple(sorted(self.aliases[key])),
                documents=tuple(sorted(self.docs[key])),
                family=self.extra[key].get("family", ""),
                type=self.extra[key].get("type", ""),
                note=self.extra[key].get("note", ""),
            )
            for key in sorted(self.names)
        }
        return Resolution(entities, dict(self.mentions))


# ---------------------------------------------------------------------------------------------
# Policies


def _number_year(number: str) -> int:
    m = _NUMBER_YEAR.search(number)
    return int(m.group(1)) if m else 0


def _resolve_policies(docs: Iterable[DocumentEntities], out: _Entities) -> None:
    docs = list(docs)
    numbers_by_title: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for p in d.policies:
            if p.doc_number and p.title:
                numbers_by_title["t:" + p.family[2:] + p.version].add(p.doc_number)
    for d in docs:
        for p in d.policies:
            key, note = _policy_key(p, d.year, numbers_by_title)
            name = p.title or p.doc_number
            out.add(
                "policy",
                key,
                name,
                p.title or p.doc_number,
                d.doc_id,
                (d.doc_id, "policy", p.start, p.end),
                family=p.family,
                note=note,
            )
            if p.doc_number:
                out.add("policy", key, name, p.doc_number, d.doc_id, None)
            if p.notice_title:
                out.add("policy", key, name, p.notice_title, d.doc_id, None)


def _policy_key(
    p: PolicyMention, year: int, numbers_by_title: Mapping[str, set[str]]
) -> tuple[str, str]:
    if p.doc_number:
        return p.doc_number, ""
    numbers = numbers_by_title.get(p.key, set())
    if len(numbers) == 1:
        return next(iter(numbers)), ""
    if len(numbers) > 1:
        dated = sorted((_number_year(n), n) for n in numbers)
        if year:
            before = [n for y, n in dated if y and y <= year]
            if before:
                return before[-1], "latest version no later than the document"
        return p.family, "versions: " + ", ".join(n for _, n in dated)
    return p.key, ""


# ---------------------------------------------------------------------------------------------
# Bases


@cache
def _leading_place() -> re.Pattern[str]:
    """Country, province and city names that may open a base's name (上海, 上海市, 中国);
    districts and areas stay: 金桥综合保税区 is not 松江综合保税区."""
    words = {"中国", "国家"}
    for r in csv.DictReader(
        resources.files("policykg.data")
        .joinpath("admin_divisions.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        if r["kind"] != "district":
            words |= {r["name"], r["full"]}
    return re.compile("^(?:" + trie_pattern(words) + ")")


# 浦东软件园国家数字服务出口基地: a park named with the designation it holds. The park and the
# designated base are one body (the park is the base), so the designation is dropped from the
# comparison form; the designation type becomes the node's type (see `_resolve_bases`).
_DESIGNATED_PARK = re.compile(
    r"^(.{2,}?(?:园区|园|中心|基地|港|区))(?:国家)?[\u4e00-\u9fff]{0,6}服务出口基地$"
)
_DESIGNATION_TYPE = "national_service_export_base"


def _base_core(name: str) -> str:
    """Comparison form of a base name: letters only, leading places dropped (while four
    characters remain), 园区 read as 园, a designation after a park's name dropped. A place is
    kept when only a type would remain: it is then what tells the base from others of its type
    (中国(河北)自由贸易试验区 is not 中国(上海)自由贸易试验区, 海南自由贸易港 not any other 自由贸易港)."""
    s = letters(name)
    m = _DESIGNATED_PARK.match(s)
    if m and len(m.group(1)) >= 4:
        s = m.group(1)
    while True:
        m = _leading_place().match(s)
        if not m or len(s) - m.end() < 4 or s[m.end() :] in base_types():
            break
        s = s[m.end() :]
    if s.endswith("园区"):
        s = s[:-1]
    return s


def _ending(core: str) -> str:
    return next((e for e in _BASE_ENDINGS if core.endswith(e)), "")


def _resolve_bases(docs: Iterable[DocumentEntities], out: _Entities) -> None:
    docs = list(docs)
    counts: dict[str, Counter[str]] = defaultdict(Counter)  # core -> names used for it
    fixed: set[str] = set()  # cores of gazetteer names
    for d in docs:
        for b in d.bases:
            if b.generic:
                continue
            known = known_bases().get(b.canonical) or known_bases().get(b.surface)
            name = known.canonical if known else b.canonical
            core = _base_core(name)
            if known:
                fixed.add(core)
            if core:
                counts[core][name] += 1
    cores = {
        core: max(names, key=lambda n: (names[n], len(n), n)) for core, names in counts.items()
    }
    parent = _fold_abbreviations(cores, fixed)
    designated = {  # core -> the designation type one of its mentions carries
        parent.get(core, core): b.type
        for d in docs
        for b in sorted(d.bases, key=lambda b: b.type)
        if not b.generic and b.type.startswith(_DESIGNATION_TYPE)
        for core in [_base_core(b.canonical)]
    }
    for d in docs:
        defined = {a.alias: a.name for a in d.aliases if a.kind == "base"}
        for b in d.bases:
            if b.generic:
                continue
            known = known_bases().get(b.canonical) or known_bases().get(b.surface)
            name = known.canonical if known else defined.get(b.surface, b.canonical)
            core = parent.get(_base_core(name), _base_core(name))
            if not core:
                continue
            out.add(
                "base",
                "base:" + core,
                cores.get(core, name),
                b.surface,
                d.doc_id,
                (d.doc_id, "base", b.start, b.end),
                type=designated.get(core, b.type),
            )


def _fold_abbreviations(cores: Mapping[str, str], fixed: set[str]) -> dict[str, str]:
    """Shorter core -> the one longer core of the same ending and first character that it
    abbreviates (its characters in order, the dropped ones in at most two runs without
    function words), when that longer core is unique. Gazetteer names never fold."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for core in cores:
        groups[(_ending(core), core[:1])].append(core)
    parent: dict[str, str] = {}
    for (ending, _), group in groups.items():
        if not ending or len(group) < 2:
            continue
        for short in group:
            if short in fixed or len(short) - len(ending) < 3:
                continue
            longer = [c for c in group if len(c) > len(short) and _abbreviates(short, c)]
            roots = {parent.get(c, c) for c in longer}
            if len(roots) == 1:
                parent[short] = roots.pop()
    for short in list(parent):
        root = parent[short]
        while root in parent and parent[root] != root:
            root = parent[root]
        parent[short] = root
    return parent


def _abbreviates(short: str, long: str) -> bool:
    """`short` keeps `long`'s characters in order, dropping at most two runs that hold no
    function word (北斗西虹桥基地 of 北斗产业技术创新西虹桥基地)."""
    dropped: list[str] = []
    i = 0
    run = ""
    for ch in long:
        if i < len(short) and short[i] == ch:
            if run:
                dropped.append(run)
                run = ""
            i += 1
        else:
            run += ch
    if run:
        dropped.append(run)
    return (
        i == len(short)
        and len(dropped) <= 2
        and not any(_FUNCTION_CHARS.intersection(r) for r in dropped)
    )


# ---------------------------------------------------------------------------------------------
# Enterprises and events


def _enterprise_key(name: str) -> str:
    return "enterprise:" + letters(name)


def _resolve_enterprises(docs: Iterable[DocumentEntities], out: _Entities) -> None:
    for d in docs:
        for e in d.enterprises:
            key = _enterprise_key(e.canonical)
            out.add(
                "enterprise",
                key,
                e.canonical,
                e.surface,
                d.doc_id,
                (d.doc_id, "enterprise", e.start, e.end),
            )


def _resolve_events(docs: Iterable[DocumentEntities], out: _Entities) -> None:
    for d in docs:
        for e in d.events:
            key = "event:" + letters(e.canonical)
            out.add(
                "event",
                key,
                e.canonical,
                e.surface,
                d.doc_id,
                (d.doc_id, "event", e.start, e.end),
                type=e.type,
            )


def resolve_entities(
    per_document_records: Mapping[str, DocumentEntities] | Iterable[DocumentEntities],
) -> Resolution:
    """One key per real entity across documents, with all its aliases and documents."""
    docs = list(
        per_document_records.values()
        if isinstance(per_document_records, Mapping)
        else per_document_records
    )
    docs.sort(key=lambda d: d.doc_id)
    out = _Entities()
    _resolve_policies(docs, out)
    _resolve_bases(docs, out)
    _resolve_enterprises(docs, out)
    _resolve_events(docs, out)
    return out.build()
