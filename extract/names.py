"""Where a name starts in running Chinese text.

Names of zones, parks, platforms, companies and events have a typed ending (…综合保税区,
…有限公司, …博览会) but no marked start. The start is after the last boundary before the
ending: punctuation, or a word of `data/name_cues.csv` (`boundary`: 在, 依托, 建设, 入选 …).
One-character function words (在, 以, 对, 和 …) also occur inside names (中以创新园, 国家对外
文化贸易基地, 文化和旅游部), so they bound a name only where they open a clause (after
punctuation or another boundary word) or right after the ending of another name
(…综合保税区和上海浦东机场综合保税区, 以“信息飞鱼”全球数字经济创新岛为核心); the `boundary_always` words (的, 是, 在 but not in
在线 …) everywhere. Counting words before a name (首批, 全国首个, 7个) are not part of it.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .textscan import char_positions, word_pattern

# Cleaned text is NFKC: ASCII punctuation, plus the ideographic 。、 and quotes/brackets.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# 中国(上海)…, …(B型): part of a name; (三), (1) and (以下简称…) are not.
_SHORT_GROUP_END = re.compile(
    r"\((?![0-9一二三四五六七八九十]{1,3}\)|以下|下称|简称|文后)[^()\s,。、;:]{1,8}\)$"
)
_NUMERALS = "0123456789一二两三四五六七八九十百千"  # what COUNT opens with
COUNT = re.compile(
    r"(?:(?:[0-9]+|[一二两三四五六七八九十百千]+)(?:个|家|批|项|大|类)|(?:19|20)[0-9]{2}年度?)"
)
_AFTER_NAME = "和与及或"
_NAME_FINAL = "区园港城市岛谷湾台心所盟点地司团会站馆院校厅局部委办门构网坛节"
_PREPOSITIONS = "在于以对向从把将被由为是如即其该这使让给至到经据"
_KEEP_START = ("对外",)
_LOOKAHEAD = 3  # 对外文化贸易基地: a name may open with these


def _read(name: str) -> str:
    return resources.files("policykg.data").joinpath(name).read_text(encoding="utf-8")


@cache
def name_cues() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for row in csv.DictReader(_read("name_cues.csv").splitlines()):
        groups.setdefault(row["group"], []).append(row["text"])
    return {g: tuple(sorted(set(ws), key=lambda w: (-len(w), w))) for g, ws in groups.items()}


@dataclass(frozen=True, slots=True)
class _Boundaries:
    """Boundary words by their last character, for a right-to-left scan."""

    by_last: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # last char -> (word, not-before)


@cache
def _boundaries() -> _Boundaries:
    entries = [w for w in name_cues()["boundary"] if len(w.partition("!")[0]) > 1]
    entries += list(name_cues()["boundary_always"])
    by_last: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for entry in entries:
        word, _, exceptions = entry.partition("!")
        by_last.setdefault(word[-1], []).append((word, tuple(filter(None, exceptions.split("|")))))
    return _Boundaries(
        {ch: tuple(sorted(ws, key=lambda w: -len(w[0]))) for ch, ws in by_last.items()}
    )


_PUNCT_SET = frozenset(",.;:!?。、()[]<>《》〈〉【】\"'|/·—- \t\n\u3000")
_COUNTERS = frozenset("个家项批大")


def _hard_end(window: str, i: int, by_last: dict[str, tuple]) -> bool:
    """Does a boundary (punctuation, a count like 8个, a boundary word) end at window[i]?"""
    ch = window[i]
    if ch in _PUNCT_SET:
        return True
    if ch in _COUNTERS and window[:i].rstrip(" ")[-1:].isdigit():
        return True  # 8个, and 8 个 where the PDF set the digit apart
    for word, exceptions in by_last.get(ch, ()):
        start = i - len(word) + 1
        if start >= 0 and window.startswith(word, start):
            if exceptions and window.startswith(exceptions, i + 1):
                continue  # 联合研究中心: 联合 opens the name here
            return True
    return False


@cache
def _single() -> frozenset[str]:
    return frozenset(w for w in name_cues()["boundary"] if len(w) == 1)


@cache
def places() -> frozenset[str]:
    """Place words a name may open with: Chinese divisions (short and full), Shanghai's
    functional areas (`data/areas.csv`), 中国, and foreign countries and unions."""
    rows = csv.DictReader(_read("admin_divisions.csv").splitlines())
    names = {w for r in rows for w in (r["name"], r["full"])}
    names |= {r["area"] for r in csv.DictReader(_read("areas.csv").splitlines())}
    names |= set(json.loads(_read("title_classes.json"))["foreign_places"]) | {"中国"}
    return frozenset(names)


@cache
def place_re() -> re.Pattern[str]:
    return re.compile(word_pattern(places()))


@dataclass(frozen=True, slots=True)
class _Scan:
    """What `name_start` consults for one `strict` set, fetched once instead of per call."""

    stop: re.Pattern[str]
    by_last: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    single: frozenset[str]
    strict: frozenset[str]
    place_at: Callable[..., re.Match[str] | None]


@cache
def _scan(strict: str) -> _Scan:
    """`stop`: a character at which `name_start` has anything to decide: punctuation, a
    counter, the last character of a boundary word or a one-character word. Every other
    character is part of the name, so the scan jumps from one of these to the previous one
    (searched for in C, in the reversed window) instead of visiting every character."""
    by_last = _boundaries().by_last
    chars = set(_PUNCT_SET) | _COUNTERS | set(by_last) | _single() | set(strict)
    stop = re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]")
    return _Scan(stop, by_last, _single(), frozenset(strict), place_re().match)


def name_start(text: str, end: int, max_len: int, floor: int = 0, strict: str = "") -> int:
    """Start of the name whose typed ending starts at `end` (the ending itself is not
    searched), looking back at most `max_len` characters and never before `floor`.
    `strict` lists one-character words that bound this kind of name wherever they stand
    (company names hold no 和, 与, 为 … unless right inside a word).

    The scan runs right to left and stops at the first boundary, so it costs a few steps."""
    lo = max(floor, end - max_len)
    lo = max(lo, text.rfind("\n", lo, end) + 1)
    # A few characters past the end let a boundary word see what follows it (联合研究中心).
    window = text[lo : end + _LOOKAHEAD]
    scan = _scan(strict)
    backwards, last = window[::-1], len(window) - 1
    start = 0
    limit = end - lo  # the next character to decide on lies before it
    while m := scan.stop.search(backwards, last + 1 - limit):
        i = limit = last - m.start()
        ch = window[i]
        if ch == ")":
            group = _SHORT_GROUP_END.search(window, 0, i + 1)
            if group and group.end() == i + 1:
                limit = group.start()  # 中国(上海)…: the group is part of the name
                continue
        if _hard_end(window, i, scan.by_last):
            start = i + 1
            break
        if _bounds_here(window, i, ch, scan):
            start = i + 1
            break
    begin = lo + start
    return begin + skip_junk(text, begin, end)


def _bounds_here(window: str, i: int, ch: str, scan: _Scan) -> bool:
    """Does the one-character word window[i] (not a hard boundary) bound the name?"""
    single = ch in scan.single
    in_strict = ch in scan.strict
    if not (single or in_strict):
        return False
    prev = window[i - 1] if i > 0 else ""
    after_name = bool(prev) and prev in _NAME_FINAL
    if in_strict and (after_name or scan.place_at(window, i + 1)):
        bounds = True
    elif single:
        bounds = after_name or (ch not in _AFTER_NAME and _opens_clause(window, i, prev, scan))
    else:
        bounds = False
    return bounds and not window.startswith(_KEEP_START, i)


def _opens_clause(window: str, i: int, prev: str, scan: _Scan) -> bool:
    return not prev or not _CJK.match(prev) or _hard_end(window, i - 1, scan.by_last)


@cache
def _junk_run() -> re.Pattern[str]:
    """What `skip_junk` skips, one item after another: counting words (首批, 7个, 2021年度),
    closing quotes, and a preposition with at least three characters after it (对外 opens
    names: 对外文化贸易基地). Alternatives in order of preference, as a loop would take them."""
    junk = "|".join(map(re.escape, name_cues()["junk"]))
    keep = "|".join(map(re.escape, _KEEP_START))
    return re.compile(
        rf"(?:{junk}|{COUNT.pattern}|[”’]|(?!{keep})[{_PREPOSITIONS}](?=[\s\S]{{3}}))*"
    )


@cache
def _junk_first() -> frozenset[str]:
    """Every character a `_junk_run` item can open with: elsewhere there is nothing to skip."""
    return frozenset({w[0] for w in name_cues()["junk"]} | set(_NUMERALS + "”’" + _PREPOSITIONS))


def skip_junk(text: str, start: int, end: int) -> int:
    """Offset (relative to `start`) past counting words, opening quotes closed before the
    name and single prepositions at the start of text[start:end]."""
    if start < end and text[start] not in _junk_first():
        return 0
    return _junk_run().match(text, start, end).end() - start  # type: ignore[union-attr]


_SENTENCE_END = "。;!?\n"
# Some texts end sentences with a full stop that cleaning folds to "." (．): one right after a
# Chinese character ends a sentence (…载体.持续推动…, …引擎.2020年); one after a digit is a
# decimal point or a heading's number (28307.54亿元, 1.服务业…).
# The literal opens the pattern, so `re` jumps from one "." to the next and looks behind
# only there (a "." after a digit is no sentence end, and reports hold thousands).
_CJK_DOT = re.compile(r"\.(?<=[\u3400-\u4dbf\u4e00-\u9fff]\.)")


class Sentences:
    """Sentence spans of a text, found once (。;!?, line ends and a "." after a Chinese
    character), looked up by bisection."""

    def __init__(self, text: str):
        self.ends = char_positions(text, _SENTENCE_END)
        dots = [m.start() for m in _CJK_DOT.finditer(text)]
        if dots:
            self.ends = sorted(self.ends + dots)
        self.size = len(text)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """(first character, end) of the sentence(s) holding text[start:end]."""
        i = bisect.bisect_left(self.ends, start) - 1
        lo = self.ends[i] + 1 if i >= 0 else 0
        j = bisect.bisect_left(self.ends, end)
        hi = self.ends[j] if j < len(self.ends) else self.size
        return lo, hi
