"""What a text states about its bases: where they lie, who runs them, who designated them and
which enterprises they hold.

- LOCATED_IN (base → district): a district or Shanghai area opening the base's name
  (徐汇区国家文化出口基地, 张江科学城) or in its bracketed qualifier (国家文化出口基地（徐汇区）);
  the gazetteer's district; or the clause after it (…产业园位于上海松江区永丰街道, …在上海静安区
  正式挂牌, 基地设在长宁区).
- OPERATED_BY (base → company or body): …的运营方上海仓城文化创意发展有限公司, 由X运营.
- DESIGNATED_BY (base → body): the bodies between 被 and the designation verb (徐汇区被商务部、
  中央宣传部等部门遴选为…), or the bodies that open a sentence whose verb designates the base
  (原总装备部和上海市政府正式为…基地揭牌); with the year the sentence gives.
- MEMBER_OF (enterprise → base): the items listed after 聚集了/集聚了/孵化出了/入驻了 in the base's
  sentence (上海浦东软件园…聚集了SAP、高通、塔塔信息…等) when what the list is of, after its 等,
  is a kind of company (…等500多家跨国公司和龙头企业), not places (…等重点区域); an item that is
  a place (宝山, 闵行) is no member either. The words are `data/name_cues.csv` (`member_*`).
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from .bases import areas, known_bases
from .entity_records import BaseMention, EntityRelation, EntityRelationType
from .names import Sentences, name_cues, places
from .records import AgencyMention

_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
_LOCATION_VERBS = r"位于|坐落于|地处|设在|落户|落户于|在"
_OPERATOR = re.compile(
    r"(?:运营方|运营主体|运营单位|运营商|运营机构)(?:为|是)?(?P<op>[^\s,。;、()]{2,30}?"
    r"(?:有限公司|有限责任公司|集团|委员会|管委会|中心|局))"
)
_RUN_BY = re.compile(
    r"由(?P<op>[^\s,。;、()]{2,30}?(?:有限公司|有限责任公司|集团|管委会))(?:负责)?运营"
)
_DESIGNATE = re.compile(r"遴选|认定|授予|批复|批准|挂牌|揭牌|授牌|颁牌|颁发|命名|确定")
_MAX_MEMBER_LIST = 120
_MAX_MEMBER_KIND = 30  # characters after 等 to the word saying what the members are


def _read(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


@cache
def _districts() -> dict[str, str]:
    """District words (short, full, Shanghai areas) -> district full name."""
    out: dict[str, str] = {}
    for r in csv.DictReader(_read("admin_divisions.csv").splitlines()):
        if r["kind"] == "district" and not r["note"].startswith("historical"):
            out[r["name"]] = r["full"]
            out[r["full"]] = r["full"]
    for area, district in areas().items():
        out.setdefault(area, district)
    return out


@cache
def _district_re() -> re.Pattern[str]:
    words = sorted(_districts(), key=lambda w: (-len(w), w))
    return re.compile("(?:上海市?)?(" + "|".join(map(re.escape, words)) + ")")


class _Sentence:
    """One sentence's facts that every base in it reads: its span, the year it gives and its
    first designation verb, each found once however many bases the sentence names."""

    __slots__ = ("_verb", "_year", "hi", "lo", "text")

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self._year: int | None = None
        self._verb: re.Match[str] | None | bool = False  # False: not looked for yet

    @property
    def year(self) -> int:
        if self._year is None:
            m = _YEAR.search(self.text, self.lo, self.hi)
            self._year = int(m.group(1)) if m else 0
        return self._year

    @property
    def verb(self) -> re.Match[str] | None:
        if self._verb is False:
            self._verb = _DESIGNATE.search(self.text, self.lo, self.hi)
        return self._verb  # type: ignore[return-value]


def _rel(
    kind: EntityRelationType,
    b: BaseMention,
    obj: str,
    canonical: str,
    span: tuple[int, int],
    year: int,
    text: str,
) -> EntityRelation:
    return EntityRelation(
        kind,
        b.surface,
        b.canonical,
        obj,
        canonical,
        span[0],
        span[1],
        year,
        text[span[0] : span[1]],
    )  # type: ignore[arg-type]


_QUALIFIER = re.compile(r"\(([^()]{1,10})\)$")
_LOCATION_CLAUSE = re.compile(rf"[^,。;]{{0,12}}?(?:{_LOCATION_VERBS})(?:上海市?)?(?:的)?")


def _located(text: str, b: BaseMention, sentence: _Sentence) -> list[EntityRelation]:
    out = []
    m = _district_re().match(b.surface.lstrip("“"))
    qualifier = _QUALIFIER.search(b.surface) if ")" in b.surface else None
    if m:
        out.append(
            _rel("LOCATED_IN", b, m.group(1), _districts()[m.group(1)], (b.start, b.end), 0, text)
        )
    elif qualifier and _district_re().fullmatch(qualifier.group(1)):
        d = _district_re().fullmatch(qualifier.group(1)).group(1)  # type: ignore[union-attr]
        out.append(_rel("LOCATED_IN", b, d, _districts()[d], (b.start, b.end), 0, text))
    else:
        known = known_bases().get(b.surface) or known_bases().get(b.canonical)
        if known and known.district:
            out.append(
                _rel("LOCATED_IN", b, known.district, known.district, (b.start, b.end), 0, text)
            )
    c = _LOCATION_CLAUSE.match(text, b.end, sentence.hi)
    if c:
        d = _district_re().match(text, c.end())
        if d and d.group(1) in _districts():
            out.append(
                _rel(
                    "LOCATED_IN",
                    b,
                    d.group(1),
                    _districts()[d.group(1)],
                    (b.start, d.end()),
                    sentence.year,
                    text,
                )
            )
    return out


def _operated(text: str, b: BaseMention, sentence: _Sentence) -> list[EntityRelation]:
    out: list[EntityRelation] = []
    stop = min(sentence.hi, b.end + 40)
    if text.find("运营", b.end, stop) < 0:
        return out  # both patterns hold the word: most bases have no operator named
    for pattern in (_OPERATOR, _RUN_BY):
        m = pattern.search(text, b.end, stop)
        if m:
            op = m.group("op")
            out.append(_rel("OPERATED_BY", b, op, op, (b.start, m.end()), 0, text))
    return out


def _designated(
    text: str,
    b: BaseMention,
    agencies: Sequence[AgencyMention],
    starts: list[int],
    sentence: _Sentence,
) -> list[EntityRelation]:
    verb = sentence.verb
    if verb is None:
        return []
    lo, hi = sentence.lo, sentence.hi
    i, j = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    sentence_agencies = [a for a in agencies[i:j] if a.end <= hi]
    by = text.rfind("被", b.end, verb.start())
    if by >= 0 and b.end <= by:  # X被A、B等部门遴选为…
        bodies = [a for a in sentence_agencies if by < a.start and a.end <= verb.start()]
    elif b.start > verb.start():  # A和B正式为X揭牌 / A…共同认定X
        bodies = [a for a in sentence_agencies if a.end <= verb.start() and a.end <= b.start]
    else:
        bodies = []
    if not bodies:
        return []
    year = sentence.year
    return [_rel("DESIGNATED_BY", b, a.surface, a.canonical, (lo, hi), year, text) for a in bodies]


@cache
def _member_verb_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, name_cues()["member_verb"])))


@cache
def _member_split_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, name_cues()["member_separator"])))


@cache
def _member_kind_re() -> re.Pattern[str]:
    """What a list of members is of, after its 等 and before the clause ends."""
    kinds = "|".join(map(re.escape, name_cues()["member_type"]))
    return re.compile(rf"[^,。;:()]{{0,{_MAX_MEMBER_KIND}}}?(?:{kinds})")


def _members(text: str, b: BaseMention, sentence: _Sentence) -> list[EntityRelation]:
    lo, hi = sentence.lo, sentence.hi
    m = _member_verb_re().search(text, b.end, min(hi, b.end + 30))
    if m is None:
        return []
    stop = text.find("等", m.end(), min(hi, m.end() + _MAX_MEMBER_LIST))
    if stop < 0 or not _member_kind_re().match(text, stop + 1, hi):
        return []  # 杨浦、宝山、闵行等滨江区域: a list of places, not of companies
    out = []
    pos = m.end()
    for sep in [*_member_split_re().finditer(text, m.end(), stop), None]:
        s, e = pos, sep.start() if sep else stop
        pos = sep.end() if sep else stop
        item = text[s:e].strip()
        s += text[s:e].find(item)
        if 2 <= len(item) <= 16 and "," not in item and item not in places():
            out.append(
                EntityRelation(
                    "MEMBER_OF",
                    item,
                    item,
                    b.surface,
                    b.canonical,
                    s,
                    s + len(item),
                    sentence.year,
                    text[lo:hi],
                )
            )
    return out


def find_base_relations(
    text: str,
    bases: Sequence[BaseMention],
    agencies: Sequence[AgencyMention] = (),
    sentences: Sentences | None = None,
) -> list[EntityRelation]:
    """LOCATED_IN, OPERATED_BY, DESIGNATED_BY and MEMBER_OF relations of the bases of a cleaned
    text (clean offsets). `agencies` are the text's agency mentions, sorted by start."""
    starts = [a.start for a in agencies]
    sentences = sentences or Sentences(text)
    by_span: dict[tuple[int, int], _Sentence] = {}
    out: list[EntityRelation] = []
    for b in bases:
        if b.generic:
            continue
        span = sentences.around(b.start, b.end)
        sentence = by_span.get(span)
        if sentence is None:
            sentence = by_span[span] = _Sentence(text, *span)
        out += _located(text, b, sentence) + _operated(text, b, sentence)
        out += _designated(text, b, agencies, starts, sentence) + _members(text, b, sentence)
    seen = set()
    unique = []
    for r in out:
        key = (r.type, r.subject_canonical, r.object_canonical, r.start, r.end)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique
