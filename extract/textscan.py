"""Whole-text scanning helpers for the entity and quantity finders.

`re` scans fast for a pattern that opens with a literal (it jumps from one occurrence to the
next), slower for one that opens with a character class (every character is tested against
the class), and slowest at the positions where the class matches but the rest fails: a
character trie of many words tries every branch of its root there. These helpers keep the
costly patterns to the few places where they can match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def trie_pattern(words: Iterable[str]) -> str:
    """Regex source matching any of `words`, longest first, shaped as a character trie.

    `re` tests the first literal of each alternative in C and its search loop skips positions
    whose character cannot start a word, so a trie of a thousand names scans text far faster
    than a flat alternation of them.
    """
    root = _char_trie(words)
    return _trie_source(root) if root else "(?!)"


def _char_trie(words: Iterable[str]) -> dict[str, Any]:
    """Nested dicts, one level per character; the key "" marks the end of a word."""
    root: dict[str, Any] = {}
    for word in words:
        if word:
            node = root
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}
    return root


def word_pattern(words: Iterable[str]) -> str:
    """Regex source matching any of `words`, the longest word where several start at one
    position: the same matches as a character trie (`trie_pattern`), but a position
    is dropped after two character-class tests unless its first two characters open a word.

    A trie's root tries one branch per first character, so in running text, where most
    positions hold a common first character (上, 中, 新 …) but no word, most of the time went
    into failing branches. Here the first character is matched by a class, the second checked
    by a lookahead class, and only then are the branches for that second character tried (a
    lookbehind picks the first character); a one-character word is the fallback."""
    root = _char_trie(words)
    if not root:
        return "(?!)"
    firsts = sorted(root)
    singles = [ch for ch in firsts if "" in root[ch]]
    by_second: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for first in firsts:
        for second, child in sorted(root[first].items()):
            if second:
                by_second.setdefault(second, []).append((first, child))
    branches = []
    for second, pairs in sorted(by_second.items()):
        inner = [f"(?<={re.escape(first + second)}){_trie_source(child)}" for first, child in pairs]
        branches.append(re.escape(second) + _alternation(inner))
    longer = f"(?={_char_class(by_second)}){_alternation(branches)}" if branches else ""
    if not singles:
        return _char_class(firsts) + longer
    # Every first character ends a word too: the longer words, else the single character.
    single = "" if len(singles) == len(firsts) else f"(?<={_char_class(singles)})"
    if not longer:
        return _char_class(firsts) + single
    return _char_class(firsts) + (f"(?:{longer}|{single})" if single else f"(?:{longer})?")


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(map(re.escape, chars)) + "]"


def _alternation(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _trie_source(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_source(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = _alternation(branches)
    if "" in node:  # a word may end here; the greedy `?` still tries the longer word first
        return f"(?:{body})?"
    return body


def lines_holding(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every line of `text` that holds one of `words` (none holding a line
    break), in order; found with `str.find`, which skips through the text in C."""
    spans: set[tuple[int, int]] = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            spans.add((start, end))
            at = text.find(word, end + 1)  # on the next line
    return sorted(spans)


_LITERALS: dict[str, re.Pattern[str]] = {}


def char_positions(text: str, chars: str) -> list[int]:
    """Sorted offsets of every occurrence of any of `chars`: one literal scan per character,
    which `re` runs far faster than one scan for a class of them."""
    out: list[int] = []
    for ch in chars:
        pattern = _LITERALS.get(ch)
        if pattern is None:
            pattern = _LITERALS[ch] = re.compile(re.escape(ch))
        out += [m.start() for m in pattern.finditer(text)]
    out.sort()
    return out


def matches_from(pattern: re.Pattern[str], text: str, firsts: str) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))` for a pattern whose every match is non-empty and opens
    with one of the characters `firsts`: `match` is tried at those characters only.

    For a pattern that opens with a group or a branch of classes, `re` runs the whole pattern
    at every position of the text; a few literal scans and a `match` per candidate are far
    cheaper where the opening characters are rare."""
    out: list[re.Match[str]] = []
    taken = 0  # finditer resumes after the previous match
    match = pattern.match
    for at in char_positions(text, firsts):
        if at >= taken:
            m = match(text, at)
            if m:
                out.append(m)
                taken = m.end()
    return out


# Spaces next to a non-ASCII character are layout artefacts (中心 能级规划, 总  则).
_LAYOUT_SPACE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_SPACE = re.compile(r"\s")


def drop_layout_spaces(s: str) -> str:
    """`s` without the spaces next to a non-ASCII character. `_LAYOUT_SPACE` opens with a
    branch, which `re` tries at every position: most strings hold no space at all, which
    `isprintable` tells fastest (every whitespace character but " " is unprintable)."""
    if " " not in s and s.isprintable():
        return s
    return _LAYOUT_SPACE.sub("", s) if _SPACE.search(s) else s


Span = tuple[int, int]


class WordLists:
    """Several fixed lists of words (typed endings, gazetteer names) found in one scan of a
    text. Each list's spans are those `finditer` of its `trie_pattern` gives: leftmost, the
    longest at a position, none overlapping.

    Why one scan, and backwards: a regex opening with a class tests it at every character,
    and the first characters of these words are among the commonest of the texts (中心,
    产业园, 服务平台 …), so `re` tried the rest of the pattern at a sixth of all positions.
    Their last characters are few (区, 园, 台, 会 …): the reversed words, scanned in the
    reversed text, give the longest word ending at each position, and the shorter words
    ending there are its tails, known beforehand."""

    def __init__(self, *lists: Iterable[str]) -> None:
        sets = [frozenset(w for w in words if w) for words in lists]
        union = frozenset().union(*sets)
        self._backwards = re.compile(trie_pattern(w[::-1] for w in union))
        # reversed word -> for each list, the lengths of its tails in that list
        self._tails: dict[str, tuple[tuple[int, ...], ...]] = {
            w[::-1]: tuple(tuple(len(w) - i for i in range(len(w)) if w[i:] in s) for s in sets)
            for w in union
        }
        self._count = len(sets)

    def find(self, text: str) -> list[list[Span]]:
        """For each list, in order, the spans of its words in `text`."""
        backwards, size = text[::-1], len(text)
        found: list[list[Span]] = [[] for _ in range(self._count)]
        search = self._backwards.search
        m = search(backwards)
        while m is not None:
            at = m.start()
            end = size - at
            for spans, lengths in zip(found, self._tails[m.group()], strict=True):
                for n in lengths:
                    spans.append((end - n, -end))  # sorts by start, then longest first
            m = search(backwards, at + 1)  # words may end inside this one
        return [_leftmost_longest(spans) for spans in found]


def _leftmost_longest(spans: list[Span]) -> list[Span]:
    """`finditer`'s choice among all occurrences (start, -end): from the left, the longest
    at a start, skipping those that overlap the previous choice."""
    spans.sort()
    out: list[Span] = []
    taken = 0
    for start, negative_end in spans:
        if start >= taken:
            taken = -negative_end
            out.append((start, taken))
    return out
