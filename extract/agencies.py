"""Agency gazetteer: resolve names of government bodies and find them in clean text.

Three data files under `data/` drive everything (see `data/agencies.md`):
- `agencies.csv`: canonical name, alias, level and jurisdiction of known bodies;
- `admin_divisions.csv`: provinces, prefecture-level cities and Shanghai's districts;
- `agency_patterns.json`: prefixes, suffixes, collective markers and context words of the
  general name shape, used for bodies that are not in the table.

An alias is *relative* when it names its body only inside one jurisdiction (`市商务委` is
上海市商务委员会 in a Shanghai text, 广州市商务委 in a Guangzhou one): it has a jurisdiction
and does not start with a place or national prefix. Relative aliases resolve through the table
only for their own jurisdiction (or when the jurisdiction is unknown); elsewhere the relative
prefix is expanded with the caller's jurisdiction and the name counts as unseen.

`find` scans whole texts with three compiled regexes (the alias table as one character trie)
and does Python work only per hit.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .records import AgencyLevel
from .textscan import trie_pattern

logger = logging.getLogger(__name__)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs: extension A and the unified block
_LEVELS = frozenset({"national", "municipal", "district", "other", "collective"})
_PLACE_LEVEL: dict[str, AgencyLevel] = {
    "municipality": "municipal",
    "city": "municipal",
    "district": "district",
    "province": "other",
    "autonomous_region": "other",
    "sar": "other",
}
_RELATIVE_LEVEL: dict[str, AgencyLevel] = {
    "city": "municipal",
    "district": "district",
    "province": "other",
    "autonomous_region": "other",
    "prefecture": "other",
}
# ASCII and CJK punctuation, spaces and symbols: where a name may start without a context word
_PUNCT = r"\s!-/:-@\[-`{-~\u2000-\u206f\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef"
_SPACES = re.compile(r"\s+")
_GROUP = 4  # alternatives per group in `grouped_word_pattern` (fastest on the seed texts)
_SUB_UNIT_CORE = 10  # longest name part before a sub-unit suffix (外资司)
_BRACKETED = re.compile(r"(?P<outer>[^()]+)\((?P<inner>.+)\)")


@dataclass(frozen=True, slots=True)
class AgencyName:
    """A resolved agency: canonical name, level and whether the gazetteer knows it."""

    canonical: str
    level: AgencyLevel
    known: bool  # in the gazetteer (True) or recognised by pattern only (False)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One row of `data/agencies.csv`, its alias normalised (NFKC, no whitespace)."""

    canonical: str
    alias: str
    level: AgencyLevel
    jurisdiction: str
    relative: bool = False  # valid only inside `jurisdiction`; set by the gazetteer


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative division: short name (上海), full name (上海市), kind, parent."""

    name: str
    full: str
    kind: str  # municipality, province, autonomous_region, sar, city, district
    parent: str = ""

    @property
    def level(self) -> AgencyLevel:
        return _PLACE_LEVEL.get(self.kind, "other")


@dataclass(frozen=True, slots=True)
class AgencyPatterns:
    """The general shape of agency names, from `data/agency_patterns.json`."""

    national_prefixes: tuple[str, ...]
    elidable_national_prefixes: tuple[str, ...]
    party_prefixes: tuple[str, ...]
    party_full: str
    party_short: str
    party_committee: str
    party_committee_full: str
    party_department: str
    relative_prefixes: dict[str, str]
    relative_prefix_exceptions: tuple[str, ...]
    relative_prefix_blocked_after: dict[str, str]
    subplace_suffixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    national_suffixes: tuple[str, ...]
    vertical_suffixes: tuple[str, ...]
    weak_suffixes: tuple[str, ...]
    weak_suffix_core_words: tuple[str, ...]
    branch_suffixes: tuple[str, ...]
    sub_unit_suffixes: tuple[str, ...]
    sub_unit_parents: tuple[str, ...]
    sub_unit_words: tuple[str, ...]
    sub_unit_excluded_endings: tuple[str, ...]
    government_words: dict[str, str]
    core_excluded_chars: str
    max_core: int
    unprefixed_min_core: int
    non_agency_endings: tuple[str, ...]
    non_agency_core_words: tuple[str, ...]
    reject_following: dict[str, str]
    left_boundary_words: tuple[str, ...]
    right_boundary_words: tuple[str, ...]
    prefix_required_suffixes: tuple[str, ...]
    list_before_chars: str
    list_after_chars: str
    reject_after_chars: str
    collective_markers: tuple[str, ...]
    collective_suffixes: tuple[str, ...]
    collective_separators: str
    collective_tail: str
    collective_label: str
    generic_collectives: tuple[str, ...]
    historical_markers: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgencyPatterns:
        party = data["party"]
        fields = {k: v for k, v in data.items() if not k.startswith("_") and k != "party"}
        for key, value in fields.items():
            if isinstance(value, list):
                fields[key] = tuple(value)
        return cls(
            party_prefixes=tuple(party["prefixes"]),
            party_full=party["full"],
            party_short=party["short"],
            party_committee=party["committee"],
            party_committee_full=party["committee_full"],
            party_department=party["department_suffix"],
            **fields,
        )


def normalise(surface: str) -> str:
    """NFKC without whitespace: the form aliases are stored and looked up in."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", surface))


def _char_class_body(excluded: str) -> str:
    """Ranges of all ideographs except `excluded` (a set difference `re` cannot write)."""
    cut = sorted({ord(c) for c in excluded if "\u4e00" <= c <= "\u9fff"})
    parts = ["\u3400-\u4dbf"]
    lo = 0x4E00
    for cp in cut:
        if cp > lo:
            parts.append(f"{chr(lo)}-{chr(cp - 1)}" if cp - 1 > lo else chr(lo))
        lo = cp + 1
    if lo <= 0x9FFF:
        parts.append(f"{chr(lo)}-\u9fff")
    return "".join(parts)


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def grouped_word_pattern(words: Iterable[str]) -> str:
    """`textscan.word_pattern(words)`, the same matches, with every wide branch of the trie
    split into groups of `_GROUP` alternatives, each behind a lookahead class of their first
    characters.

    `re` tries the alternatives of a branch one by one; the alias trie has branches of over a
    hundred characters (the second character of every alias, what follows 上海市 …), tried
    at every position that opens an alias, so a failing position costs a few class tests here
    instead of a hundred literal ones."""
    root: dict[str, Any] = {}
    for word in filter(None, words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    if not root:
        return "(?!)"
    firsts = sorted(root)
    by_second: dict[str, list[str]] = {}
    for first in firsts:
        for second, child in sorted(root[first].items()):
            if second:  # the first character is picked by a lookbehind, as in word_pattern
                branch = f"(?<={re.escape(first + second)}){_grouped_trie(child)}"
                by_second.setdefault(second, []).append(branch)
    longer = ""
    if by_second:
        branches = {ch: re.escape(ch) + _alternatives(alts) for ch, alts in by_second.items()}
        longer = f"(?={_class(by_second)}){_grouped(branches)}"
    singles = [ch for ch in firsts if "" in root[ch]]
    if not singles:
        return _class(firsts) + longer
    single = "" if len(singles) == len(firsts) else f"(?<={_class(singles)})"
    if not longer:
        return _class(firsts) + single
    return _class(firsts) + (f"(?:{longer}|{single})" if single else f"(?:{longer})?")


def _grouped_trie(node: dict[str, Any]) -> str:
    branches = {ch: re.escape(ch) + _grouped_trie(child) for ch, child in node.items() if ch}
    if not branches:
        return ""
    body = _grouped(branches)
    return f"(?:{body})?" if "" in node else body  # a word may end here: longer first


def _grouped(branches: dict[str, str]) -> str:
    """Alternation of `branches` (first character -> source), grouped when wide."""
    chars = sorted(branches)
    if len(chars) <= _GROUP:
        return _alternatives([branches[ch] for ch in chars])
    size = _GROUP if len(chars) <= _GROUP * _GROUP else -(-len(chars) // _GROUP)
    groups = [chars[i : i + size] for i in range(0, len(chars), size)]
    return _alternatives(
        [f"(?={_class(g)})" + _alternatives([branches[ch] for ch in g]) for g in groups]
    )


def _alternatives(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _class(chars: Iterable[str]) -> str:
    return "[" + "".join(map(re.escape, sorted(chars))) + "]"


def _read_data(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


def load_alias_rows(text: str) -> list[AliasEntry]:
    """Rows of `agencies.csv` (header: canonical,alias,level,jurisdiction,note)."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        level = row["level"].strip()
        if level not in _LEVELS:
            raise ValueError(f"agencies.csv: unknown level {level!r} for {row['alias']!r}")
        rows.append(
            AliasEntry(
                canonical=row["canonical"].strip(),
                alias=normalise(row["alias"]),
                level=level,  # type: ignore[arg-type]
                jurisdiction=row["jurisdiction"].strip(),
            )
        )
    return rows


def load_places(text: str) -> list[Place]:
    """Rows of `admin_divisions.csv` (header: name,full,kind,parent,note)."""
    return [
        Place(r["name"].strip(), r["full"].strip(), r["kind"].strip(), r["parent"].strip())
        for r in csv.DictReader(io.StringIO(text))
    ]


@dataclass(frozen=True, slots=True)
class _Prefix:
    """How a name starts: its level-bearing prefix."""

    kind: str  # "place", "short_place", "national", "relative" or "" (none)
    end: int  # length of the prefix; for "place" the whole chain (上海市黄浦区)
    place: Place | None = None  # for "place": the lowest division of the chain
    relative: str = ""  # the relative token (市, 省, …) when kind == "relative"
    party: int = 0  # length of a leading party prefix (中共, 中国共产党)


@dataclass(frozen=True, slots=True)
class _AliasContext:
    """What `find` checks around a hit of one alias, computed once per alias."""

    relative: str  # the relative prefix token (市…) or ""
    extendable: bool  # a place name right before it may belong to it (上海市 + 统计局)
    blocked_after: frozenset[str]  # characters before it that make it part of a word (城市政府)
    reject_following: frozenset[str]  # characters after it that make it part of a word (部门)
    branch_parent: bool  # may be followed by a branch or sub-unit (上海分行, 外资司)


class AgencyGazetteer:
    """Known agencies plus the general name shape; see the module docstring."""

    def __init__(
        self, rows: Iterable[AliasEntry], places: Iterable[Place], patterns: AgencyPatterns
    ) -> None:
        self.patterns = p = patterns
        self._places_by_full: dict[str, Place] = {}
        self._places_by_name: dict[str, Place] = {}
        for place in places:
            self._places_by_full.setdefault(place.full, place)
            self._places_by_name.setdefault(place.name, place)  # first listed wins: 吉林 省
        self._place_full_re = re.compile(trie_pattern(self._places_by_full))
        self._place_short_re = re.compile(trie_pattern(self._places_by_name))
        reversed_places = [w[::-1] for w in (*self._places_by_full, *self._places_by_name)]
        self._place_before_re = re.compile(trie_pattern(reversed_places))
        self._national_re = re.compile(_alternation(p.national_prefixes))
        self._party_re = re.compile(_alternation(p.party_prefixes))
        self._relative_re = re.compile(self._relative_source())
        self._subplace_re = re.compile(
            f"[{_HAN}]{{1,4}}?{_alternation(p.subplace_suffixes)}(?=[{_HAN}])"
        )
        self._collective_re = re.compile(
            f"[{_HAN}]{{0,8}}?{_alternation(p.collective_markers)}"
            f"[{_HAN}{re.escape(p.collective_separators)}]{{0,10}}?"
            f"{_alternation(p.collective_suffixes)}"
        )
        self._collective_tail_re = re.compile(p.collective_tail)
        self._generic = frozenset(normalise(w) for w in p.generic_collectives)
        self._suffix_re = re.compile(_alternation((*p.suffixes, *p.weak_suffixes)) + "$")

        self._aliases: dict[str, list[AliasEntry]] = {}
        for row in rows:
            relative = bool(row.jurisdiction) and not (
                self._is_absolute(row.alias) or row.jurisdiction in row.alias
            )
            entry = AliasEntry(row.canonical, row.alias, row.level, row.jurisdiction, relative)
            self._aliases.setdefault(entry.alias, []).append(entry)
        # scanned over every text: a trie whose first two characters are tested by classes
        self._alias_re = re.compile(grouped_word_pattern(self._aliases))
        self._name_regexes()
        self._branch_regexes()
        self._alias_ctx = {alias: self._alias_context(alias) for alias in self._aliases}
        self._resolved: dict[tuple[str, str | None], AgencyName] = {}
        self._shapes: dict[str, str] = {}
        self._shorts: dict[str, str] = {}

    @classmethod
    def default(cls) -> AgencyGazetteer:
        """The gazetteer built from the data files shipped in `policykg.data` (cached)."""
        return _default_gazetteer()

    # ---- regexes ------------------------------------------------------------------------------

    def _relative_source(self) -> str:
        p = self.patterns
        alts = []
        for token in sorted(p.relative_prefixes, key=len, reverse=True):
            tails = [e[len(token) :] for e in p.relative_prefix_exceptions if e.startswith(token)]
            alts.append(re.escape(token) + (f"(?!{_alternation(tails)})" if tails else ""))
        return "(?:" + "|".join(alts) + ")"

    def _right_boundary(self) -> str:
        words = _alternation(self.patterns.right_boundary_words)
        return f"(?:(?![{_HAN}])|(?={words}))"

    def _left_boundary_check(self) -> str:
        """True right after punctuation or a context word (由, 会同, …); lookbehinds must
        have a fixed width, so the words are grouped by length."""
        by_len: dict[int, list[str]] = {}
        for w in self.patterns.left_boundary_words:
            by_len.setdefault(len(w), []).append(w)
        alts = [f"(?<=[{_PUNCT}])"] + [
            f"(?<={_alternation(ws)})" for _, ws in sorted(by_len.items())
        ]
        return "(?:" + "|".join(alts) + ")"

    def _name_regexes(self) -> None:
        p = self.patterns
        core = "[" + _char_class_body(p.core_excluded_chars) + "]"
        n = p.max_core
        all_suffixes = (*p.suffixes, *p.weak_suffixes)
        first = "".join(sorted({s[0] for s in all_suffixes}))
        suffix = f"(?=[{first}]){_alternation(all_suffixes)}"  # one set test before the branch
        party = _alternation(p.party_prefixes)
        place_full = trie_pattern(self._places_by_full)
        place_short = trie_pattern(self._places_by_name)
        national = _alternation(p.national_prefixes)
        relative = self._relative_source()
        lb_words = _alternation(p.left_boundary_words)
        rb = self._right_boundary()
        prefix = f"(?:{party}?(?:{place_full}|{place_short}|{national})|{relative})"
        # looks_like_agency: one delimited unit = optional prefix, core, suffix
        self._name_re = re.compile(f"(?:{prefix})?{core}{{0,{n}}}{suffix}")
        # find, shape 1: a name after a full place name. The scan stops only at the last
        # character of place names (市, 省, 区, 县) and captures the rest in a lookahead; the
        # place itself is checked per hit on the reversed text before it.
        ends = "".join(sorted({f[-1] for f in self._places_by_full}))
        self._place_end_re = re.compile(
            f"[{re.escape(ends)}](?<=[{_HAN}].)(?=(?P<rest>{core}{{0,{n}}}?{suffix}){rb})"
            if ends
            else "(?!)(?P<rest>)"
        )
        self._place_full_before_re = re.compile(trie_pattern(f[::-1] for f in self._places_by_full))
        # find, shape 2: any other name needs a left boundary: punctuation or a context word
        # (由, 会同, …). The boundary character is consumed so that the search loop skips ahead
        # with one set test; the lookbehind then checks the whole context word.
        bounded = f"(?!{lb_words}){core}{{1,{n}}}?{suffix}"
        lb_last = re.escape("".join(sorted({w[-1] for w in p.left_boundary_words})))
        self._bounded_re = re.compile(
            f"[{_PUNCT}{lb_last}](?=[{_HAN}]){self._left_boundary_check()}(?P<name>{bounded}){rb}"
        )
        self._bounded_start_re = re.compile(f"(?P<name>{bounded}){rb}")
        # Punctuation is everywhere, so `_bounded_re` is only run near the suffixes its names
        # end with (`_bounded_windows`): a match starts at most max_core + 1 characters before
        # its suffix, and its lookaheads read at most one boundary word past the suffix.
        self._suffix_word_re = re.compile(_alternation(all_suffixes))
        longest_suffix = max(map(len, all_suffixes))
        boundary_words = (*p.left_boundary_words, *p.right_boundary_words)
        longest_word = max(map(len, boundary_words), default=0)
        self._bounded_reach = (n + 1, 2 * longest_suffix + longest_word + 1)

    def _branch_regexes(self) -> None:
        p = self.patterns
        place = f"(?:{trie_pattern(self._places_by_full)}|{trie_pattern(self._places_by_name)})"
        core = "[" + _char_class_body(p.core_excluded_chars) + "]"
        shapes = (
            f"{place}{core}{{0,6}}?{_alternation(p.branch_suffixes)}",  # 上海分行, 深圳市分局
            f"{core}{{1,{_SUB_UNIT_CORE}}}?{_alternation(p.sub_unit_suffixes)}",  # 外资司
            _alternation(p.sub_unit_words),  # 办公厅
        )
        rb = self._right_boundary()
        self._branch_whole = [re.compile(f"(?:{x})$") for x in shapes]
        self._branch_text = [re.compile(f"(?:{x}){rb}") for x in shapes]
        # What each shape can open with (see `_may_branch`; shape 1 is tested by its suffix).
        self._branch_firsts = (
            frozenset(w[0] for w in (*self._places_by_full, *self._places_by_name)),
            frozenset[str](),
            frozenset(w[0] for w in p.sub_unit_words),
        )

    def _branch_end(self, parent: str, s: str, pos: int, whole: bool) -> int | None:
        """End of a branch or sub-unit written right after a known body's alias at `pos`."""
        p = self.patterns
        for shape, regex in enumerate(self._branch_whole if whole else self._branch_text):
            if not self._may_branch(shape, parent, s, pos):
                continue
            m = regex.match(s, pos)
            if m is None:
                continue
            if shape == 1 and (
                not parent.endswith(p.sub_unit_parents)
                or m.group().endswith(p.sub_unit_excluded_endings)
            ):
                continue  # 司 only under a ministry-type body, and never …公司
            return m.end()
        return None

    def _may_branch(self, shape: int, parent: str, s: str, pos: int) -> bool:
        """Whether branch shape `shape` of `_branch_regexes` can match at `pos`: a necessary
        condition, tested with a set or `str.find`. Known aliases are common and almost none
        is followed by a branch, so this spares most regex calls."""
        if shape == 1:  # core + 司, and only under a ministry-type parent
            p = self.patterns
            return parent.endswith(p.sub_unit_parents) and any(
                s.find(suffix, pos + 1, pos + _SUB_UNIT_CORE + len(suffix)) >= 0
                for suffix in p.sub_unit_suffixes
            )
        return s[pos : pos + 1] in self._branch_firsts[shape]

    def _is_absolute(self, alias: str) -> bool:
        """Whether an alias names its body without the document's jurisdiction."""
        if alias.isascii():
            return True
        rest = alias[m.end() :] if (m := self._party_re.match(alias)) else alias
        return bool(
            self._national_re.match(rest)
            or self._place_full_re.match(rest)
            or self._place_short_re.match(rest)
        )

    # ---- prefixes -----------------------------------------------------------------------------

    def _prefix(self, s: str) -> _Prefix:
        m = self._party_re.match(s)
        party = m.end() if m else 0
        rest = s[party:]
        if self._place_full_re.match(rest):
            end, place = self._place_chain(rest)
            return _Prefix("place", party + end, place, party=party)
        if nm := self._national_re.match(rest):
            return _Prefix("national", party + nm.end(), party=party)
        if sm := self._place_short_re.match(rest):
            place = self._places_by_name[sm.group()]
            return _Prefix("short_place", party + sm.end(), place, party=party)
        if (rm := self._relative_re.match(rest)) and not party:
            return _Prefix("relative", rm.end(), relative=rm.group())
        return _Prefix("", 0)

    def _place_chain(self, s: str) -> tuple[int, Place]:
        """Length and lowest division of the place chain `s` starts with: 上海市 /
        上海市黄浦区 / 杭州市余杭区 (an unlisted district of a listed city)."""
        m = self._place_full_re.match(s)
        assert m is not None
        end, place = m.end(), self._places_by_full[m.group()]
        if place.kind in ("city", "municipality"):
            dm = self._place_full_re.match(s, end)
            sub = self._places_by_full.get(dm.group()) if dm else None
            if dm and sub is not None and sub.kind == "district":
                return dm.end(), sub
            gm = self._subplace_re.match(s, end)
            if gm and not self._relative_exception(s, end):
                return gm.end(), Place(gm.group(), gm.group(), "district", place.name)
        return end, place

    def _relative_exception(self, s: str, at: int) -> bool:
        return any(s.startswith(e, at) for e in self.patterns.relative_prefix_exceptions)

    def _jurisdiction(self, jurisdiction: str | None) -> Place | None:
        if not jurisdiction:
            return None
        return self._places_by_name.get(jurisdiction) or self._places_by_full.get(jurisdiction)

    def _short(self, jurisdiction: str | None) -> str | None:
        """The jurisdiction's short name (上海市 → 上海); unknown names are kept as given."""
        if not jurisdiction:
            return None
        short = self._shorts.get(jurisdiction)
        if short is None:  # once per jurisdiction: `resolve` asks for every mention
            j = normalise(jurisdiction)
            place = self._jurisdiction(j)
            short = self._shorts[jurisdiction] = place.name if place else j
        return short

    # ---- resolution ---------------------------------------------------------------------------

    def _lookup(self, alias: str, jurisdiction: str | None) -> AliasEntry | None:
        entries = self._aliases.get(alias)
        if not entries:
            return None
        for e in entries:
            if not e.relative:
                return e
        for e in entries:  # unknown jurisdiction: the table's own reading is the best guess
            if jurisdiction is None or e.jurisdiction == jurisdiction:
                return e
        return None

    def resolve(self, surface: str, jurisdiction: str | None = "上海") -> AgencyName:
        """Canonical name and level of one delimited unit. Never fails: unknown names are
        expanded where a rule applies and their level is guessed from their shape."""
        j = self._short(jurisdiction)
        key = (surface, j)
        hit = self._resolved.get(key)
        if hit is None:
            hit = self._resolved[key] = self._resolve(normalise(surface), j)
        return hit

    def _resolve(self, s: str, j: str | None) -> AgencyName:
        entry = self._lookup(s, j)
        if entry is not None:
            return AgencyName(entry.canonical, entry.level, True)
        if m := _BRACKETED.fullmatch(s):  # an alternate name in brackets: one unit
            return self._resolve(m.group("outer"), j)
        for marker in self.patterns.historical_markers:  # 原文化部
            if s.startswith(marker) and len(s) > len(marker) + 1:
                inner = self._resolve(s[len(marker) :], j)
                if inner.known:
                    return inner
        if self._is_collective(s):
            return AgencyName(self._collective_canonical(s, j), "collective", False)
        branch = self._resolve_branch(s, j)
        if branch is not None:
            return branch
        full = self._absolute(s, j)
        for form, form_j in self._lookup_forms(full, j):
            entry = self._lookup(form, form_j)
            if entry is not None and (form == full or entry.jurisdiction == form_j):
                return AgencyName(entry.canonical, entry.level, True)
        return AgencyName(full, self._guess_level(full), False)

    def _resolve_branch(self, s: str, j: str | None) -> AgencyName | None:
        """`<known body><branch>` → the parent's canonical name + the rest, parent's level:
        国家外汇管理局深圳市分局, 商务部外资司, 工业和信息化部办公厅."""
        end = len(s)
        while end > 1 and (m := self._alias_re.match(s, 0, end)) is not None:
            parent = self._lookup(m.group(), j)
            if (
                m.end() < len(s)
                and parent is not None
                and parent.level != "collective"
                and self._branch_end(m.group(), s, m.end(), whole=True) == len(s)
            ):
                return AgencyName(parent.canonical + s[m.end() :], parent.level, False)
            end = m.end() - 1  # a shorter alias may be the real parent
        return None

    def _lookup_forms(self, full: str, j: str | None) -> list[tuple[str, str | None]]:
        """`full` and the forms the table may hold it under, each with the jurisdiction it
        must belong to: 上海市科委 → 市科委 (上海), 上海市黄浦区政府 → 黄浦区政府 (上海)."""
        forms: list[tuple[str, str | None]] = [(full, j)]
        rest = full[m.end() :] if (m := self._party_re.match(full)) else full
        pm = self._place_full_re.match(rest)
        if pm:
            place = self._places_by_full[pm.group()]
            tail = rest[pm.end() :]
            forms.append((tail, place.name))
            if place.kind in ("city", "municipality"):
                forms.append((place.full[len(place.name) :] + tail, place.name))
        return forms

    def _absolute(self, s: str, j: str | None) -> str:
        """The name written out in full: relative prefix → the jurisdiction, a district → its
        city, place + 政府 → place + 人民政府, place + 委… → the party committee."""
        pre = self._prefix(s)
        if pre.kind == "relative":
            place = self._relative_place(pre.relative, j)
            if place is None:
                return s
            s = place.full + s[len(pre.relative) :]
            pre = self._prefix(s)
        elif pre.kind == "short_place" and pre.place is not None and not pre.party:
            full = pre.place.full + s[len(pre.place.name) :]
            known = any(
                (e := self._lookup(f, fj)) is not None and (f == full or e.jurisdiction == fj)
                for f, fj in self._lookup_forms(full, j)
            )
            return full if known else s  # 上海经济和信息化委员会 → 上海市经济和信息化委员会
        if pre.kind != "place" or pre.place is None:
            return s
        head, tail = s[: pre.end], s[pre.end :]
        if pre.place.kind == "district" and pre.place.parent and not pre.party:
            parent = self._places_by_name.get(pre.place.parent)
            if parent is not None and not head.startswith(parent.full):
                head = parent.full + head
        for short, full in self.patterns.government_words.items():
            if tail.startswith(short) and not tail.startswith(full):
                tail = full + tail[len(short) :]
        p = self.patterns
        if not pre.party and tail.startswith(p.party_committee):
            if tail == p.party_committee:
                return p.party_full + head + p.party_committee_full
            if not tail.startswith(p.party_committee_full):
                return p.party_short + head + tail
        return head + tail

    def _relative_place(self, token: str, j: str | None) -> Place | None:
        """The division a relative prefix refers to in jurisdiction `j` (市 → 上海市)."""
        kind = self.patterns.relative_prefixes.get(token)
        place = self._jurisdiction(j)
        if place is None or kind is None:
            return None
        if kind == "city":
            return place if place.kind in ("city", "municipality") else None
        if kind in ("province", "autonomous_region"):
            if place.kind == "city":
                place = self._places_by_name.get(place.parent, place)
            return place if place.kind == kind else None
        return None

    def _guess_level(self, s: str) -> AgencyLevel:
        p = self.patterns
        pre = self._prefix(s)
        if pre.kind != "relative" and s.endswith(p.vertical_suffixes):
            return "national"  # 上海海关, 广州市税务局: central-vertical branches
        if pre.kind in ("place", "short_place") and pre.place is not None:
            return pre.place.level
        if pre.kind == "national":
            return "national"
        if pre.kind == "relative":
            return _RELATIVE_LEVEL.get(p.relative_prefixes[pre.relative], "other")
        if self._subplace_re.match(s) and not self._relative_exception(s, 0):
            return "district"  # 余杭区人民政府: an unlisted district or county
        if s.endswith(p.national_suffixes):
            return "national"
        return "other"

    # ---- collectives --------------------------------------------------------------------------

    def _is_collective(self, s: str) -> bool:
        return (
            s in self._generic
            or self._collective_tail_re.search(s) is not None
            or self._collective_re.fullmatch(s) is not None
        )

    def _collective_canonical(self, s: str, j: str | None) -> str:
        p = self.patterns
        if s in self._generic or self._collective_tail_re.search(s):
            return s + p.collective_label
        full = self._absolute(s, j)
        marker = next((m for m in p.collective_markers if full.startswith(m)), None)
        place = self._jurisdiction(j)
        if marker and place is not None and self._relative_re.match(full, len(marker)):
            full = place.full + full  # 各区政府 in a Shanghai text: Shanghai's districts
        for short, long in p.government_words.items():
            if full.endswith(short) and not full.endswith(long):
                full = full[: -len(short)] + long
        return full + p.collective_label

    # ---- recognition --------------------------------------------------------------------------

    def looks_like_agency(self, surface: str) -> bool:
        """Whether one delimited unit is a government body: a gazetteer name, a collective
        addressee, a branch of a known body, or prefix + core + body suffix."""
        s = normalise(surface)
        if not s:
            return False
        if s in self._aliases:
            return True
        if m := _BRACKETED.fullmatch(s):
            return self.looks_like_agency(m.group("outer"))
        if self._is_collective(s) or self._resolve_branch(s, None) is not None:
            return True
        return self._name_re.fullmatch(s) is not None and self._valid_name(s)

    def _valid_name(self, s: str) -> bool:
        """A candidate of the general shape checked against the non-agency word lists."""
        p = self.patterns
        if s.endswith(p.non_agency_endings):
            return False
        sm = self._suffix_re.search(s)
        if sm is None:
            return False
        suffix = sm.group()
        pre = self._prefix(s)
        if sm.start() < pre.end:
            return False  # 上海关(于): prefix and suffix share characters
        core = s[pre.end : sm.start()]
        if any(w in core for w in p.non_agency_core_words):
            return False  # 上海中外律师事务所联营办公室
        if not pre.kind:
            if len(core) < p.unprefixed_min_core:
                return False
        elif not core and len(suffix) == 1 and suffix != p.party_committee:
            return False  # 市局, 国家部: a prefix and a bare one-character suffix
        if suffix in p.weak_suffixes:  # 中心: only 市…服务中心 and the like
            return pre.kind in ("place", "relative", "national") and any(
                w in core for w in p.weak_suffix_core_words
            )
        return True

    def find(
        self, text: str, jurisdiction: str | None = "上海"
    ) -> list[tuple[int, int, str, AgencyName]]:
        """All agency mentions in a cleaned text as (start, end, surface, name), sorted by
        start, non-overlapping, longest candidate first. Gazetteer aliases count anywhere
        (after checks against their neighbours); names of the general shape only after a full
        place name or a boundary (punctuation, 、, 由, 会同 …), and never around a known alias
        unless the extra part is a prefix (中共 + 深圳市委宣传部)."""
        known: list[tuple[int, int]] = []
        for m in self._alias_re.finditer(text):
            span = self._checked_alias(text, m.start(), m.end())
            if span is not None:
                known.append(span)
        shaped: list[tuple[int, int]] = []
        for m in self._place_end_re.finditer(text):
            start = self._place_start(text, m.end())
            if start is not None:
                shaped.append((start, m.end("rest")))
        shaped += [
            m.span("name")
            for lo, hi in self._bounded_windows(text)
            for m in self._bounded_re.finditer(text, lo, hi)
        ]
        if m0 := self._bounded_start_re.match(text):
            shaped.append(m0.span("name"))
        # Longest first, then known before shaped, then leftmost: the tuples sort in that
        # order by themselves (no key function called per candidate).
        candidates = [(s - e, False, s, e) for s, e in known]
        candidates += [(s - e, True, s, e) for s, e in shaped if self._shaped_ok(text, s, e)]
        candidates.sort()
        known.sort()
        taken: list[tuple[int, int]] = []
        for _, shaped_only, s, e in candidates:
            i = bisect.bisect_left(taken, (s, s))
            if (i < len(taken) and taken[i][0] < e) or (i > 0 and taken[i - 1][1] > s):
                continue
            if shaped_only and not self._wraps_only_prefix(text, s, e, known):
                continue
            taken.insert(i, (s, e))
        j = self._short(jurisdiction)
        found = []
        for s, e in taken:
            surface = text[s:e]
            found.append((s, e, surface, self.resolve(surface, j)))
        return found

    def _bounded_windows(self, text: str) -> list[tuple[int, int]]:
        """The stretches of `text` that can hold a match of `_bounded_re`, in order.

        Around each body suffix: from the farthest boundary a name ending there starts at to
        past the lookaheads after it, and past a suffix that overlaps this one (工作组委会), which
        the search skips. Overlapping stretches are merged, so that no match straddles two:
        scanning each finds exactly what a scan of the whole text finds.
        """
        before, after = self._bounded_reach
        windows: list[tuple[int, int]] = []
        for m in self._suffix_word_re.finditer(text):
            lo, hi = max(0, m.start() - before), m.start() + after
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
        return windows

    def _shaped_ok(self, text: str, s: int, e: int) -> bool:
        """A name of the general shape found in running text: well-formed, not followed by a
        document-number bracket (沪府办〔2016〕), and, without a prefix, only as a list item."""
        p = self.patterns
        if e < len(text) and text[e] in p.reject_after_chars:
            return False
        name = text[s:e]
        shape = self._shapes.get(name)
        if shape is None:
            shape = self._shapes[name] = self._shape(name)
        if shape != "unprefixed":
            return shape == "prefixed"
        # spaces and line breaks separate signatories; tabs separate table cells, not items
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        return (before in " \n" or before in p.list_before_chars) and (
            after in " \n" or after in p.list_after_chars
        )

    def _shape(self, name: str) -> str:
        """ "prefixed", "unprefixed" (only valid as a list item) or "invalid"."""
        if not self._valid_name(name):
            return "invalid"
        if self._prefix(name).kind:
            return "prefixed"
        if name.endswith(self.patterns.prefix_required_suffixes):
            return "invalid"  # 坚持政府, 财务部, 后方指挥部
        return "unprefixed"

    def _wraps_only_prefix(self, text: str, s: int, e: int, known: list[tuple[int, int]]) -> bool:
        """A shaped candidate may contain known aliases only behind a prefix of its own:
        中共 + 深圳市委宣传部 yes, 该项工作由 + 市商务委 no."""
        i = bisect.bisect_left(known, (s, s))
        if i > 0 and known[i - 1][1] > s:
            return False  # overlaps an alias that starts before it
        prefix_end = None
        while i < len(known) and known[i][0] < e:
            ks, ke = known[i]
            if ke > e:
                return False
            if prefix_end is None:
                prefix_end = s + self._prefix(text[s:e]).end
            if ks > prefix_end:
                return False
            i += 1
        return True

    def _place_start(self, text: str, anchor_end: int) -> int | None:
        """Start of the full place name (and party prefix) ending at `anchor_end`."""
        m = self._place_full_before_re.match(text[max(0, anchor_end - 10) : anchor_end][::-1])
        if m is None:
            return None
        start = anchor_end - m.end()
        for party in self.patterns.party_prefixes:
            if text.startswith(party, start - len(party)):
                return start - len(party)
        return start

    def _checked_alias(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """Context checks and extensions of one alias hit; None when it is not a mention."""
        ctx = self._alias_ctx[text[s:e]]
        if e < len(text) and text[e] in ctx.reject_following:
            return None  # 财政部门, 国办发
        start = self._extend_left(text, s, ctx) if ctx.extendable and s else s
        if start == s and s and text[s - 1] in ctx.blocked_after:
            return None  # 城市政府, 社区…
        if ctx.branch_parent:
            end = self._branch_end(text[s:e], text, e, whole=False)
            if end is not None:
                e = end  # 中国进出口银行上海分行, 商务部外资司, 工业和信息化部办公厅
        return start, e

    def _extend_left(self, text: str, s: int, ctx: _AliasContext) -> int:
        """Start of the mention when a place name right before the alias belongs to it:
        深圳 + 市委宣传部, 上海市 + 统计局."""
        m = self._place_before_re.match(text[max(0, s - 12) : s][::-1])
        if not m:
            return s
        token = m.group()[::-1]
        if ctx.relative:
            place = self._places_by_name.get(token)
            if place is None or place.full != token + ctx.relative:
                return s
        return s - len(token)

    def _alias_context(self, alias: str) -> _AliasContext:
        p = self.patterns
        pre = self._prefix(alias)
        entry = self._lookup(alias, None)
        extendable = not (
            pre.kind in ("place", "short_place", "national")
            or pre.party
            or alias.endswith(p.national_suffixes)  # 商务部 stays the ministry
        )
        blocked = p.relative_prefix_blocked_after.get(pre.relative, "") if pre.relative else ""
        return _AliasContext(
            relative=pre.relative,
            extendable=extendable,
            blocked_after=frozenset(blocked),
            reject_following=frozenset(p.reject_following.get(alias[-1], "")),
            branch_parent=pre.kind != "relative"
            and entry is not None
            and entry.level != "collective",
        )

    # ---- elided prefixes ----------------------------------------------------------------------

    def expand_elided(
        self, previous: str, surface: str, jurisdiction: str | None = "上海"
    ) -> str | None:
        """The surface with the level prefix of the previous list item when the list elides
        it: (省发展改革委, 财政厅) → 省财政厅. None when the surface has a prefix of its own, is
        a known ministry, or the expanded name is neither known nor well-formed."""
        prev, s = normalise(previous), normalise(surface)
        if not prev or not s or self._prefix(s).kind:
            return None
        p = self.patterns
        j = self._short(jurisdiction)
        own = self._lookup(s, j)
        if own is not None and own.level == "national" and s.endswith(p.national_suffixes):
            return None  # 财政部 after 市商务委 is the ministry
        pre = self._prefix(prev)
        head = prev[: pre.end]
        if pre.kind == "national":
            # 国家税务总局、外汇管理局 → 国家外汇管理局, only into a known name
            if pre.party or head not in p.elidable_national_prefixes:
                return None
            return head + s if self._lookup(head + s, None) else None
        if pre.kind not in ("place", "relative"):
            return None
        if prev[pre.end :].startswith(p.party_committee) and s.endswith(p.party_department):
            head += p.party_committee  # 市委宣传部、组织部 → 市委组织部
        candidate = head + s
        if self._resolve(candidate, j).known or self.looks_like_agency(candidate):
            return candidate
        return None


@cache
def _default_gazetteer() -> AgencyGazetteer:
    rows = load_alias_rows(_read_data("agencies.csv"))
    places = load_places(_read_data("admin_divisions.csv"))
    patterns = AgencyPatterns.from_json(json.loads(_read_data("agency_patterns.json")))
    logger.debug("agency gazetteer: %d aliases, %d places", len(rows), len(places))
    return AgencyGazetteer(rows, places, patterns)


def expand_elided(previous: str, surface: str, jurisdiction: str | None = "上海") -> str | None:
    """`AgencyGazetteer.expand_elided` on the default gazetteer."""
    return AgencyGazetteer.default().expand_elided(previous, surface, jurisdiction)
