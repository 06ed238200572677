"""Character-level normalisation tables for cleaning (used by `clean.py`).

Two kinds of change, kept apart so the offset map stays exact:

* one-to-one replacements, applied to the whole text as one table lookup (offsets do not move):
  traditional -> simplified, NFKC where it yields one character (full-width forms, U+3000 ->
  space), «» -> 《》, the private-use "lost space"; and font-garbled Latin (犐犆犜 -> ICT),
  decoded on the assembled clean text, where footnote marks and line breaks are gone;
* drops and expansions, found by `special_pattern()` and replaced piece by piece while the clean
  text is assembled: footnote marks (①, ¹), invisible and private-use characters, and the few
  characters whose NFKC is not one character (… -> ...).

The tables are built once from `data/cleaning.json`, `data/t2s_chars.tsv`, the GBK codec and
`unicodedata`, and cached.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

# Letters and digits that a PDF font placed at GBK A0xx; decoded as GBK they became rare CJK.
_GARBLED_SOURCES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# Latin or digit next to a single garbled character: then it is a letter too (犃ＩｏＴ).
_LATIN_NEIGHBOUR = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Code point ranges whose NFKC may differ from the character (the rest of Unicode is stable).
_NFKC_RANGES = (
    (0x00A0, 0xD7FF),
    (0xF900, 0xFFFF),
    (0x1D400, 0x1D7FF),
    (0x1F100, 0x1F2FF),
    (0x2F800, 0x2FA1F),
)
# Below this share of traditional-only characters a text is simplified (names, quotations).
_MIN_TRADITIONAL_SHARE = 0.01
# Characters per slice for the numpy lookups (16 MB of code points at a time).
_CHUNK = 1 << 22


@cache
def config() -> dict[str, Any]:
    """The cleaning rules in `data/cleaning.json`."""
    path = resources.files("policykg.data").joinpath("cleaning.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _code_ranges(pairs: list[list[str]]) -> list[tuple[int, int]]:
    return [(int(lo, 16), int(hi, 16)) for lo, hi in pairs]


def _char_class(chars: str) -> str:
    """A regex class; astral characters apart, so the BMP part compiles to a fast bitmap."""
    bmp = "".join(re.escape(ch) for ch in sorted(set(chars)) if ord(ch) <= 0xFFFF)
    astral = "".join(re.escape(ch) for ch in sorted(set(chars)) if ord(ch) > 0xFFFF)
    if not astral:
        return f"[{bmp}]"
    # an astral character is first matched by one cheap range, then checked against the list
    astral_class = f"[\\U00010000-\\U0010ffff](?<=[{astral}])"
    return f"(?:[{bmp}]|{astral_class})" if bmp else astral_class


@cache
def footnote_marks() -> str:
    """Every circled-number footnote mark, as one string."""
    ranges = _code_ranges(config()["footnote_mark_ranges"]["ranges"])
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1))


@cache
def superscript_digits() -> str:
    return config()["superscript_digits"]


@cache
def dropped_chars() -> str:
    """Characters removed outright: footnote marks, invisible and private-use characters."""
    cfg = config()
    invisible = "".join(chr(int(c, 16)) for c in cfg["invisible_chars"]["codes"])
    lo, hi = (int(c, 16) for c in cfg["private_use"]["range"])
    spaces = {int(c, 16) for c in cfg["private_use"]["as_space"]}
    private = "".join(chr(c) for c in range(lo, hi + 1) if c not in spaces)
    return footnote_marks() + invisible + private


@cache
def garbled_latin() -> dict[str, str]:
    """CJK character -> the Latin letter or digit it stands for (GBK A0 + (ASCII | 0x80))."""
    table = {}
    for letter in _GARBLED_SOURCES:
        try:
            ch = bytes([0xA0, ord(letter) | 0x80]).decode("gbk")
        except UnicodeDecodeError:  # not every cell of the A0 row is assigned
            continue
        table[ch] = letter
    return table


@cache
def _garbled_run() -> re.Pattern[str]:
    return re.compile(_char_class("".join(garbled_latin())) + "+")


def decode_garbled_latin(text: str) -> str:
    """Replace runs of font-garbled Latin (犐犆犜 -> ICT), one character for one.

    A run of two or more is decoded; a single character only next to a Latin letter or digit,
    because these are also rare real characters (陈　犇 is a person's name).
    """
    table = garbled_latin()
    if _garbled_run().search(text) is None:
        return text

    def decode(m: re.Match[str]) -> str:
        run = m.group()
        if len(run) == 1:
            start, end = m.span()
            before = text[start - 1 : start]
            after = text[end : end + 1]
            if not (_LATIN_NEIGHBOUR.match(before) or _LATIN_NEIGHBOUR.match(after)):
                return run
        return "".join(table[ch] for ch in run)

    return _garbled_run().sub(decode, text)


@cache
def _t2s_pairs() -> dict[str, str]:
    path = resources.files("policykg.data").joinpath("t2s_chars.tsv")
    pairs: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        rows = (line.rstrip("\n") for line in handle if not line.startswith("#"))
        next(rows)  # header: traditional, simplified
        for row in rows:
            trad, simp = row.split("\t")
            pairs[trad] = simp
    return pairs


# `_script()` values: a character only in traditional or only in simplified writing.
_TRADITIONAL_ONLY, _SIMPLIFIED_ONLY = 1, 2


@cache
def _script() -> np.ndarray:
    """Code point -> `_TRADITIONAL_ONLY`, `_SIMPLIFIED_ONLY` or 0, from the t2s pairs."""
    pairs = _t2s_pairs()
    keys, values = set(pairs), set(pairs.values())
    script = np.zeros(0x110000, dtype=np.uint8)
    script[[ord(ch) for ch in keys - values]] = _TRADITIONAL_ONLY
    script[[ord(ch) for ch in values - keys]] = _SIMPLIFIED_ONLY
    return script


def _mask(chars: set[str] | str) -> np.ndarray:
    mask = np.zeros(0x110000, dtype=bool)
    mask[[ord(ch) for ch in chars]] = True
    return mask


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


# Lookups by code point use `take`, not `table[codes]`: numpy's general fancy indexing is about
# three times slower on these long index arrays.


def looks_traditional(text: str) -> bool:
    """True when traditional-only characters clearly outnumber simplified-only ones.

    Simplified texts keep some traditional forms in names and quotations, and some traditional
    forms are valid simplified characters (乾, 著): only the balance over the text counts.
    """
    script = _script()
    n_trad = n_simp = 0
    for chunk in _chunks(text):
        found = script.take(_codes(chunk))
        n_trad += int(np.count_nonzero(found == _TRADITIONAL_ONLY))
        n_simp += int(np.count_nonzero(found == _SIMPLIFIED_ONLY))
    return n_trad >= max(2, _MIN_TRADITIONAL_SHARE * len(text)) and n_trad > 2 * n_simp


def _chunks(text: str) -> Iterator[str]:
    """The text in slices, so the code point arrays of a very long text stay small."""
    return (text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK))


def _nfkc_changes() -> dict[str, str]:
    changes = {}
    for lo, hi in _NFKC_RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            norm = unicodedata.normalize("NFKC", ch)
            if norm != ch:
                changes[ch] = norm
    return changes


@cache
def _nfkc_table() -> dict[str, str]:
    """NFKC per character, each produced character itself NFKC-stable (so cleaning is idempotent)."""
    changes = _nfkc_changes()
    stable = {}
    for ch, norm in changes.items():
        for _ in range(3):  # rare: a produced character is not NFKC-stable on its own
            if not any(c in changes for c in norm):
                break
            norm = "".join(changes.get(c, c) for c in norm)
        stable[ch] = norm
    return stable


@cache
def _special_chars() -> str:
    """Characters handled while assembling the clean text, not by the one-to-one table."""
    expanding = "".join(ch for ch, norm in _nfkc_table().items() if len(norm) != 1)
    return dropped_chars() + superscript_digits() + expanding


@cache
def one_to_one_table(traditional: bool) -> dict[int, str]:
    """Code point -> replacement character (for traditional texts, t2s included)."""
    cfg = config()
    table = {ch: norm for ch, norm in _nfkc_table().items() if len(norm) == 1}
    table.update(cfg["unify"]["pairs"])
    for code in cfg["private_use"]["as_space"]:
        table[chr(int(code, 16))] = " "
    if traditional:
        for trad, simp in _t2s_pairs().items():
            table[trad] = simp
        # a compatibility form normalises to a traditional character: go on to the simplified one
        table = {ch: _t2s_pairs().get(out, out) for ch, out in table.items()}
    special = set(_special_chars())
    return {ord(ch): out for ch, out in table.items() if ch not in special and ch != out}


@cache
def _lookup(traditional: bool) -> np.ndarray:
    """`one_to_one_table` as an array indexed by code point (4.4 MB, built once)."""
    table = np.arange(0x110000, dtype=np.uint32)
    for code, out in one_to_one_table(traditional).items():
        table[code] = ord(out)
    return table


def normalise_chars(raw: str, traditional: bool | None = None) -> str:
    """All one-to-one replacements; the result has the length of `raw`, offsets unchanged.
    `traditional`: convert traditional characters to simplified (None: if `raw` looks so).
    """
    return normalise(raw, looks_traditional(raw) if traditional is None else traditional).text


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text after `normalise_chars`, with the positions cleaning treats apart."""

    text: str
    specials: list[int]  # where `special_pattern()` matches: dropped or expanding characters
    garbled: list[int]  # font-garbled Latin, or characters expanding into some


def normalise(raw: str, traditional: bool) -> Normalised:
    """`normalise_chars(raw, traditional)` and its special and garbled positions, in one pass.

    Lookups run over the UTF-32 code units with numpy: `str.translate` does a dict lookup per
    character and is fifteen times slower on Chinese text. The positions come from the raw code
    points through a table composed with the replacements, so the normalised text is not
    encoded again.
    """
    table, kinds = _lookup(traditional), _kinds(traditional)
    parts: list[str] = []
    specials: list[int] = []
    garbled: list[int] = []
    for n, chunk in enumerate(_chunks(raw)):
        codes = _codes(chunk)
        parts.append(table.take(codes).tobytes().decode("utf-32-le", "surrogatepass"))
        found = kinds.take(codes)
        at = np.flatnonzero(found)  # few: find them first, then tell the kinds apart
        kind = found.take(at)
        at += n * _CHUNK
        specials += at[(kind & _SPECIAL) != 0].tolist()
        garbled += at[(kind & _GARBLED) != 0].tolist()
    return Normalised("".join(parts), specials, garbled)


@cache
def special_pattern() -> re.Pattern[str]:
    """Every character that is dropped or expands."""
    return re.compile(_char_class(_special_chars()))


# `_kinds()` bits.
_SPECIAL, _GARBLED = 1, 2


@cache
def _kinds(traditional: bool) -> np.ndarray:
    """Raw code point -> what its normalised character is: `_SPECIAL` (see `special_pattern`)
    and/or `_GARBLED` (font-garbled Latin, or expanding into some)."""
    garbled = set(garbled_latin())
    expanding = {ch for ch, norm in _expansions().items() if garbled.intersection(norm)}
    kinds = _mask(_special_chars()).astype(np.uint8) * _SPECIAL
    kinds |= _mask(garbled | expanding).astype(np.uint8) * _GARBLED
    return kinds.take(_lookup(traditional))


@cache
def _expansions() -> dict[str, str]:
    """Characters whose NFKC is not one character (… -> ...), except those dropped."""
    dropped = set(dropped_chars())
    return {ch: norm for ch, norm in _nfkc_table().items() if len(norm) != 1 and ch not in dropped}


_SUPERSCRIPT_BASE = re.compile(r"[A-Za-z]")


def special_replacement(text: str, m: re.Match[str]) -> str:
    """What a `special_pattern()` match becomes in the clean text ('' = dropped).

    A superscript digit stays (as a digit) only after a Latin letter, where it is an exponent
    (km²); elsewhere it is a footnote mark (数字贸易规模¹).
    """
    found = m.group()
    if found in superscript_digits():
        start = m.start()
        if start and _SUPERSCRIPT_BASE.match(text, start - 1):
            return unicodedata.normalize("NFKC", found)
        return ""
    return _expansions().get(found, "")  # dropped characters: nothing
