"""Numbers with units: `2.5万亿美元`, `75%`, `4703.33万标准箱`, `两千家`, `2—3家`.

A printed quantity is a number (ASCII digits, with an optional decimal part and thousands
commas, or Chinese numerals: 二〇二五, 两千, 一百零五), an optional 多/余, an optional scale word
(万, 亿, 万亿 …) and a unit word (美元, 元, %, 个百分点, 万标准箱 -> 标准箱, 家 …). Scale and unit
words are data (`data/units.csv`). The value is kept as printed with the printed unit
(`2.5`, `万亿美元`) and also normalised to a base unit (`2.5e12`, `美元`) so that values printed
with different scales compare.

`find_quantities` scans a whole text with one compiled regex (units as a character trie); in
running text it only reports numbers followed by a scale or unit word (a bare number is a list
label, a year or a code). A range's first side may lack the unit (2—3家, 250亿—430亿美元).
The texts are NFKC-normalised by cleaning, but `parse_quantity` also accepts full-width forms.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .quantity_records import Quantity
from .textscan import word_pattern

logger = logging.getLogger(__name__)

_DATA = "policykg.data"
# Chinese numerals that may start a quantity; 十/百/千 multiply, 〇/○/零 are zeros.
_CN_NUMERAL = "〇○零一二两三四五六七八九十百千"
# A lone 一 before a count word is an article (一个平台, 一批企业), not a quantity.
_ARTICLE = "一"
_RANGE_DASH = "—–~\\-"
_YEAR_AFTER = re.compile(r"[ \u3000]?[年月日号]")
_NOT_BEFORE_CN = "第《“\"'"
# Count units after which an article 一 is not a number.
_COUNT = "count"


@dataclass(frozen=True, slots=True)
class UnitWord:
    """One row of `data/units.csv`."""

    surface: str
    kind: str  # "scale" or "unit"
    base: str
    factor: float
    dimension: str
    not_before: frozenset[str] = frozenset()  # next characters that make another word (部门)


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(_DATA).joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def unit_words() -> dict[str, UnitWord]:
    """Scale and unit words by surface, from `data/units.csv`."""
    return {
        row["surface"]: UnitWord(
            row["surface"],
            row["kind"],
            row["base"],
            float(row["factor"]),
            row["dimension"],
            frozenset(c for c in row["not_before"].split("|") if c),
        )
        for row in _rows("units.csv")
    }


@cache
def _word_breaks() -> dict[str, frozenset[str]]:
    """Printed unit -> characters that may not follow it (万部 + 门 -> 部门)."""
    out: dict[str, frozenset[str]] = {}
    for su in _all_units():
        _, unit = _split_unit(su)
        if unit and unit_words()[unit].not_before:
            out[su] = unit_words()[unit].not_before
    return out


@cache
def _cn_numerals() -> tuple[dict[str, int], dict[str, int]]:
    """(digit -> value, multiplier -> value) from `data/cn_numerals.csv`."""
    digits: dict[str, int] = {}
    multipliers: dict[str, int] = {}
    for row in _rows("cn_numerals.csv"):
        (multipliers if row["role"] == "unit" else digits)[row["char"]] = int(row["value"])
    return digits, multipliers


@cache
def _scales() -> tuple[str, ...]:
    return tuple(
        sorted((w for w, u in unit_words().items() if u.kind == "scale"), key=len, reverse=True)
    )


@cache
def _all_units() -> tuple[str, ...]:
    """Every printed unit: scale, unit word, or scale + unit word (万标准箱)."""
    units = [w for w, u in unit_words().items() if u.kind == "unit"]
    return (*_scales(), *units, *(s + u for s in _scales() for u in units))


@cache
def _unit_suffixes() -> str:
    # Most numerals in running text (一, 十 …) have no unit after them: this form of the
    # unit trie rejects them after a class test or two instead of trying every unit.
    return word_pattern(_all_units())


@cache
def _scan_pattern() -> re.Pattern[str]:
    """Fast scan for running text: a number directly followed by a unit (required).

    The pattern opens with one character class (digits and numerals) and dispatches on it with
    lookbehinds, so `re` skips other text in C (a leading alternation would make it try every
    position); the number is atomic so a failed unit test does not retry shorter numbers
    (2021年 -> 202, 20 …), and a number inside a code or a longer number (G60, 1/3) is skipped.
    """
    cn = _CN_NUMERAL
    digits = r"(?<=[0-9])(?<![0-9A-Za-z./+_][0-9])(?>[0-9]*(?:,[0-9]{3})*(?:\.[0-9]+)?)"
    numerals = f"(?<=[{cn}])(?<![{cn}][{cn}])(?>[{cn}]*)"
    return re.compile(
        rf"(?P<num>[0-9{cn}](?:{digits}|{numerals}))(?P<mod>[多余])?[ \u3000]?"
        rf"(?P<su>{_unit_suffixes()})"
    )


@cache
def _range_left() -> re.Pattern[str]:
    """The first side of a range, read backwards from the dash: `250亿—`, `2—`, `12%—`."""
    return re.compile(
        rf"(?P<num>[0-9]+(?:\.[0-9]+)?|[{_CN_NUMERAL}]+)(?P<su>{_unit_suffixes()})?"
        rf"[ ]?(?:[{_RANGE_DASH}]|(?<=[0-9%])[至到])[ ]?$"
    )


@lru_cache(maxsize=4096)  # a few dozen units, read at every match
def _split_unit(su: str) -> tuple[str, str]:
    """Printed unit -> (scale, unit word): 万标准箱 -> (万, 标准箱), 个百分点 -> ("", 个百分点)."""
    words = unit_words()
    if su in words and words[su].kind == "unit":
        return "", su
    for scale in _scales():
        if su.startswith(scale):
            return scale, su[len(scale) :]
    return "", su


@lru_cache(maxsize=4096)  # the same numerals (一, 两, 十 …) come back all the time
def cn_number(s: str) -> int | None:
    """Chinese numeral -> int: 一百零五 -> 105, 两千 -> 2000, 二〇二五 -> 2025, 三千五百万 -> 35000000.

    Without a multiplier (十/百/千/万/亿) the digits read positionally, as years are written.
    """
    digits, multipliers = _cn_numerals()
    if not s or any(ch not in digits and ch not in multipliers and ch not in "万亿" for ch in s):
        return None
    if all(ch in digits for ch in s):
        return int("".join(str(digits[ch]) for ch in s))
    high = mid = section = current = 0
    for ch in s:
        if ch in digits:
            current = digits[ch]
        elif ch in multipliers:
            section += (current or 1) * multipliers[ch]
            current = 0
        elif ch == "万":
            mid += (section + current or 1) * 10_000
            section = current = 0
        else:  # 亿
            high += (mid + section + current or 1) * 100_000_000
            mid = section = current = 0
    return high + mid + section + current


def parse_number(s: str) -> float | None:
    """A number as printed (ASCII or full-width digits, thousands commas, Chinese numerals)."""
    s = unicodedata.normalize("NFKC", s).strip().replace(",", "")
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        value = cn_number(s)
        return None if value is None else float(value)


def _value(num: str) -> float | None:
    if num[0].isdigit():
        return float(num.replace(",", ""))
    value = cn_number(num)
    return None if value is None else float(value)


@cache
def _parse_pattern() -> re.Pattern[str]:
    """One quantity, unit optional (table cells), with an optional range: `2—3家`, `75`."""
    number = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"

    def side(p: str) -> str:
        return (
            rf"(?P<{p}num>{number}|[{_CN_NUMERAL}]+)(?P<{p}mod>[多余])?"
            rf"(?:[ \u3000]?(?P<{p}su>{_unit_suffixes()}))?"
        )

    return re.compile(
        rf"(?<![0-9A-Za-z./+_]){side('a')}"
        rf"(?:[ ]?(?:[{_RANGE_DASH}]|(?<=[0-9%])[至到])[ ]?{side('b')})?"
        r"(?![0-9A-Za-z])"
    )


@cache
def _unit_info(su: str) -> tuple[float, str, str]:
    """Printed unit -> (factor to base, base unit, dimension)."""
    if not su:
        return 1.0, "", ""
    words = unit_words()
    scale, unit = _split_unit(su)
    factor = words[scale].factor if scale else 1.0
    if not unit:
        return factor, "", ""
    word = words[unit]
    return factor * word.factor, word.base, word.dimension


def _quantity(
    num: str, mod: str, su: str, start: int, end: int, text: str, upper: float | None = None
) -> Quantity | None:
    value = float(num.replace(",", "")) if num[0].isdigit() else _value(num)
    if value is None or (upper is not None and upper < value):
        return None
    factor, base, dimension = _unit_info(su)
    return Quantity(value, su, value * factor, base, dimension, start, end, text, upper, mod)


def _from_parse(m: re.Match[str], offset: int = 0) -> Quantity | None:
    upper = None
    su = m.group("asu") or ""
    if m.group("bnum"):
        upper = _value(m.group("bnum"))
        if upper is None:
            return None
        su = m.group("bsu") or su  # 250亿—430亿美元, 2—3家: the second side's unit
    return _quantity(
        m.group("anum"),
        m.group("amod") or "",
        su,
        m.start() + offset,
        m.end() + offset,
        m.group(),
        upper,
    )


def _cn_acceptable(text: str, m: re.Match[str]) -> bool:
    """Chinese numerals count only with a unit word, not as an ordinal (第二批), a title or a
    slogan in quotes (《十万个为什么》, “五个中心”), zero (零部件) or the article 一 before a
    count word (一个平台, 一批企业); 千亿、万亿级 is a size class, not 1000亿.
    """
    if m.start() and text[m.start() - 1] in _NOT_BEFORE_CN:
        return False
    scale, unit = _split_unit(m.group("su"))
    if not unit:
        return False
    num = m.group("num")
    if cn_number(num) == 0:
        return False
    return not (num == _ARTICLE and not scale and unit_words()[unit].dimension == _COUNT)


def _merge_range(text: str, q: Quantity, previous: Quantity | None) -> tuple[Quantity, bool]:
    """Join `q` with a range's first side before it: (quantity, whether `previous` is absorbed)."""
    m = _range_left().search(text, max(0, q.start - 24), q.start)
    if m is None:
        return q, False
    lower = _value(m.group("num"))
    if lower is None or lower > q.value:
        return q, False
    own = m.group("su")
    if own and own != q.unit and not q.unit.startswith(own):
        return q, False
    absorbed = previous is not None and previous.start == m.start()
    merged = _quantity(
        m.group("num"), "", q.unit, m.start(), q.end, text[m.start() : q.end], q.value
    )
    return (merged or q), absorbed and merged is not None


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities with a unit or scale word in `text[start:end]`, in clean-text offsets."""
    out: list[Quantity] = []
    end = len(text) if end is None else end
    dashes = _RANGE_DASH + "至到 "
    info = _unit_info
    breaks = _word_breaks()
    for m in _scan_pattern().finditer(text, start, end):
        num, mod, su = m.group("num", "mod", "su")
        if su in breaks and text[m.end() : m.end() + 1] in breaks[su]:
            continue  # 7部门, 5条例: the unit word is part of another word
        if num[0].isdigit():
            value = float(num.replace(",", "")) if "," in num else float(num)
        elif _cn_acceptable(text, m):
            value = float(cn_number(num) or 0)
        else:
            continue
        factor, base, dimension = info(su)
        q_start, q_end = m.span()
        q = Quantity(
            value, su, value * factor, base, dimension, q_start, q_end, m.group(), None, mod or ""
        )
        if q_start and text[q_start - 1] in dashes:
            q, absorbed = _merge_range(text, q, out[-1] if out else None)
            if absorbed:
                out.pop()
        out.append(q)
    return out


def parse_quantity(s: str) -> Quantity | None:
    """The quantity printed in `s` (surrounding spaces allowed), or None.

    `s` must be one quantity: `２６００亿美元`, `75`, `4703.33万标准箱`, `两千家`, `2—3家`. A bare
    number is accepted here (table cells put the unit in a column of their own).
    Offsets are relative to `s` after NFKC.
    """
    norm = unicodedata.normalize("NFKC", s)
    stripped = norm.strip()
    m = _parse_pattern().fullmatch(stripped)
    if m is None:
        return None
    return _from_parse(m, len(norm) - len(norm.lstrip()))


def search_quantity(s: str, pos: int = 0) -> Quantity | None:
    """The first quantity in `s` from `pos`; bare ASCII numbers count (table cells put the
    unit in a column of their own), years (2019 年) and bare Chinese numerals (“十四五”) do not.
    """
    for m in _parse_pattern().finditer(s, pos):
        bare = not m.group("asu") and not m.group("bsu")
        if bare and (not m.group("anum")[0].isdigit() or _YEAR_AFTER.match(s, m.end())):
            continue
        q = _from_parse(m)
        if q is not None:
            return q
    return None
