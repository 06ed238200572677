"""Which indicator texts name an indicator (an Indicator node) and which are clause fragments.

The extraction keeps, for every target and observation, the words it read before the value
(`indicator`), which are sometimes a whole clause (陆家嘴集聚了各类银行机构), a verb (同比下降), a
place (徐汇区) or a function word (在). An Indicator node is one statistic across documents,
so only a text that looks like the name of one becomes a node (`data/indicator_names.json`):

- it ends in an indicator head noun (…额, …规模, …比重, …增速, …量), or in a head that names an
  indicator only for values of one dimension: for a count, what is counted (跨国公司地区总部,
  高新技术企业); for money, the flow (服务进口); with words before the head;
- it opens with no function word or verb of a clause (而爱尔兰, 占上海数字贸易总额, 为全市;
  在 and 以 only where they open a modifier of the head: 以“云会展”为主要业务的…主办企业),
  holds no clause mark (了, 是, 《》, a percentage, 分别) and no date (连续4年), and is short.

A head printed twice (出口增速增速, 年均增长率年均增长率, from a growth cue read after its
indicator) is read once. A target or observation whose text fails keeps it as a property and
has no indicator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_LAYOUT = "-—–·• \t\n"  # list bullets and dashes the layout leaves around a name
_DATE = re.compile(r"[0-9]+[年月日]")
_PAIRS = ("“”", "()", "《》", "「」")


@dataclass(frozen=True, slots=True)
class _Rules:
    heads: tuple[str, ...]
    not_heads: tuple[str, ...]
    dimension_heads: dict[str, tuple[str, ...]]  # Quantity.dimension -> heads of its values
    bad_starts: tuple[tuple[str, tuple[str, ...]], ...]  # (word, words it may open)
    modifier_starts: tuple[str, ...]  # …that may open a modifier closed by 的 (以…为核心的)
    clause_marks: tuple[str, ...]
    not_after_single_head: str  # 和数, 的量: a one-character head cut from another word
    max_length: int


@cache
def _rules() -> _Rules:
    text = resources.files("policykg.data").joinpath("indicator_names.json").read_text("utf-8")
    data = json.loads(text)

    def longest_first(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(words), key=lambda w: (-len(w), w)))

    starts = []
    for entry in data["bad_starts"]:
        word, _, exceptions = entry.partition("!")
        starts.append((word, tuple(filter(None, exceptions.split("|")))))
    return _Rules(
        heads=longest_first(data["heads"]),
        not_heads=longest_first(data["not_heads"]),
        dimension_heads={k: longest_first(v) for k, v in data["dimension_heads"].items()},
        bad_starts=tuple(starts),
        modifier_starts=tuple(data["modifier_starts"]),
        clause_marks=tuple(data["clause_marks"]),
        not_after_single_head=data["not_after_single_head"],
        max_length=int(data["max_length"]),
    )


def _once(text: str) -> str:
    """The text with a doubled ending read once (出口增速增速 -> 出口增速)."""
    for k in range(len(text) // 2, 1, -1):
        if text[-k:] == text[-2 * k : -k]:
            return text[:-k]
    return text


def _ends_in(text: str, words: tuple[str, ...]) -> bool:
    """Does `text` end in one of `words`, with at least two characters before it (and, for a
    one-character head, no function word right before it: 和数 is a cut word)?"""
    for w in words:
        if text.endswith(w) and len(text) - len(w) >= 2:
            return len(w) > 1 or text[-2] not in _rules().not_after_single_head
    return False


def _balanced(text: str) -> bool:
    """Quotes and brackets closed where opened: 随申办”实名注册用户数 lost its start."""
    return all(text.count(a) == text.count(b) for a, b in _PAIRS)


def _opens_clause(text: str) -> bool:
    for word, exceptions in _rules().bad_starts:
        if text.startswith(word) and not any(text.startswith(word + e) for e in exceptions):
            # 以软件和信息服务为核心的…营业收入: a modifier of the head, not a clause
            return not (word in _rules().modifier_starts and "的" in text)
    return False


def indicator_name(text: str, dimension: str = "") -> str | None:
    """The indicator a target's or observation's indicator text names, or None when it names
    none. `dimension` is the value's (`Quantity.dimension`): a count may name what it counts,
    an amount of money the flow it measures."""
    rules = _rules()
    name = _once(text.strip(_LAYOUT))
    if not name or len(name) > rules.max_length or _opens_clause(name):
        return None
    if any(mark in name for mark in rules.clause_marks) or _DATE.search(name):
        return None
    if not _balanced(name):
        return None
    if any(name.endswith(w) for w in rules.not_heads):
        return None
    if _ends_in(name, rules.heads):
        return name
    if _ends_in(name, rules.dimension_heads.get(dimension, ())):
        return name
    return None
