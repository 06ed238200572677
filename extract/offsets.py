"""A compact, monotone map from clean-text indices back to raw-text indices.

Cleaning keeps runs of raw characters in order, drops others, and sometimes turns one raw
character into several (NFKC '…' -> '...'). So the map is stored as segments: segment k starts at
clean index `starts[k]`; if `raws[k] >= 0` it is a run (clean i -> raws[k] + i - starts[k]),
otherwise all its characters come from the one raw character `~raws[k]`. Lookups are a `bisect`
over `starts`: O(log n), two arrays of machine integers, no list with one entry per character.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

# A piece of clean text and where it comes from: a raw start index (>= 0) for a run copied one
# character for one, or ~raw index (< 0) when every character comes from that one raw character.
Piece = tuple[str, int]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    starts: array  # clean index where each segment starts (increasing)
    raws: array  # raw start of a run, or ~raw index of a one-character source
    length: int  # length of the clean text

    def index(self, i: int) -> int:
        """The raw index of clean character `i`."""
        if not 0 <= i < self.length:
            raise IndexError(f"clean index {i} outside 0..{self.length - 1}")
        k = bisect_right(self.starts, i) - 1
        raw = self.raws[k]
        return raw + i - self.starts[k] if raw >= 0 else ~raw

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The smallest raw range holding the sources of clean characters start..end-1.

        The map is monotone, so that is [source of start, source of end-1 + 1]; whatever cleaning
        removed in between (line breaks, page numbers) lies inside it. An empty span maps to an
        empty raw span at the source of `start` (or just after the last source, at the end).
        """
        if not 0 <= start <= end <= self.length:
            raise ValueError(f"clean span ({start}, {end}) outside 0..{self.length}")
        if start == end:
            if start < self.length:
                pos = self.index(start)
            else:
                pos = self.index(start - 1) + 1 if start else 0
            return pos, pos
        return self.index(start), self.index(end - 1) + 1

    def span_function(self) -> Callable[[int, int], tuple[int, int]]:
        """`span` as a closure over the map as lists, for mapping many spans in a row (the
        pipeline maps every record of a document): no attribute lookups, no array reads."""
        starts: list[int] = self.starts.tolist()
        starts.append(self.length)  # where the last segment ends: segment k ends at starts[k + 1]
        raws: list[int] = self.raws.tolist()
        length, general = self.length, self.span
        k = 0  # the segment of the previous span's start

        def span(start: int, end: int) -> tuple[int, int]:
            nonlocal k
            if not 0 <= start < end <= length:
                return general(start, end)  # empty or invalid spans
            # Records come mostly in text order: half of the spans start in the segment of the
            # previous one or in the next, found without a search.
            if not starts[k] <= start < starts[k + 1]:
                if starts[k] <= start < starts[k + 2]:  # k + 2 exists: start < length
                    k += 1
                else:
                    k = bisect_right(starts, start) - 1
            raw = raws[k]
            first = raw + start - starts[k] if raw >= 0 else ~raw
            last, j = end - 1, k
            if last >= starts[j + 1]:  # most spans lie within one segment: no second search
                # segments are one character long at least: `last` lies in at most the
                # (last - starts[j])-th segment after j, so the search stays short
                hi = min(len(starts), j + last - starts[j] + 1)
                j = bisect_right(starts, last, j, hi) - 1
                raw = raws[j]
            return first, (raw + last - starts[j] if raw >= 0 else ~raw) + 1

        return span


def build(pieces: list[Piece], joined: str | None = None) -> tuple[str, OffsetMap]:
    """Concatenate the pieces into the clean text and its map (runs that continue merge).

    `joined`: the pieces' text when the caller has it already (`text_of(pieces)`)."""
    starts: list[int] = []
    raws: list[int] = []
    length, next_raw = 0, -1  # next_raw: the raw index that would continue the last run
    for text, code in pieces:
        n = len(text)
        if not n:
            continue
        if code < 0 and n == 1:
            code = ~code  # one character from one character: a run of one
        if code >= 0:
            if code != next_raw:
                starts.append(length)
                raws.append(code)
            next_raw = code + n
        else:
            starts.append(length)
            raws.append(code)
            next_raw = -1
        length += n
    text = text_of(pieces) if joined is None else joined
    return text, OffsetMap(array("q", starts), array("q", raws), length)


def text_of(pieces: list[Piece]) -> str:
    """The clean text of the pieces."""
    if len(pieces) == 1:
        return pieces[0][0]
    return "".join([piece for piece, _ in pieces])


def cut(pieces: list[Piece], cuts: list[int]) -> list[Piece]:
    """The pieces without the characters at `cuts` (sorted offsets into their text)."""
    out: list[Piece] = []
    offset = 0
    for piece, code in pieces:
        end = offset + len(piece)
        keep_from = 0
        for at in cuts[bisect_left(cuts, offset) : bisect_left(cuts, end)]:
            i = at - offset
            if i > keep_from:
                out.append((piece[keep_from:i], code + keep_from if code >= 0 else code))
            keep_from = i + 1
        if keep_from < len(piece):
            out.append((piece[keep_from:], code + keep_from if code >= 0 else code))
        offset = end
    return out


def trim_spaces(pieces: list[Piece]) -> list[Piece]:
    """The pieces without spaces at both ends of their text (the list is changed in place)."""
    while pieces and not pieces[0][0].strip(" "):
        pieces.pop(0)
    while pieces and not pieces[-1][0].strip(" "):
        pieces.pop()
    if pieces:
        text, code = pieces[0]
        n = len(text) - len(text.lstrip(" "))
        pieces[0] = (text[n:], code + n if code >= 0 else code)
        text, code = pieces[-1]
        pieces[-1] = (text.rstrip(" "), code)
    return pieces
