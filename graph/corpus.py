"""The corpus-level step of the graph build: one key per real entity across all documents.

`Corpus.of(extractions)` runs the extractor's entity resolution (`extract/resolve.py`) over
every document at once, so a policy cited by number in one document and issued in another, or
a base named three ways in two documents, becomes one node; look-alikes stay apart because the
resolver keeps them apart. It also knows each document's own Policy key, which the facts of
that document hang from.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from policykg.extract.entity_records import PolicyMention, Resolution, ResolvedEntity
from policykg.extract.records import Extraction, Heading
from policykg.extract.resolve import resolve_entities

SELF = "self"  # PolicyMention.role of the document naming itself
HEADER = "header"  # PolicyMention.role of a policy reprinted in the document, at its header


def document_year(ex: Extraction) -> int:
    """The document's own year (from its date), 0 when unknown: the resolver dates versions."""
    date = ex.meta.date
    return int(date[:4]) if date[:4].isdigit() else 0


def self_mention(ex: Extraction) -> PolicyMention | None:
    return next((m for m in ex.entities.policies if m.role == SELF), None)


@dataclass(frozen=True, slots=True)
class Corpus:
    resolution: Resolution
    # A document's key of a policy (its number, else "t:" + normalised title) -> resolved key,
    # for relations whose target the citing document names only inside another title.
    policy_keys: Mapping[str, str]
    own_keys: Mapping[str, str]  # doc_id -> key of the document's own Policy node

    @classmethod
    def of(cls, extractions: Iterable[Extraction]) -> Corpus:
        extractions = sorted(extractions, key=lambda e: e.doc_id)
        resolution = resolve_entities(
            [ex.entities.for_resolution(ex.doc_id, document_year(ex)) for ex in extractions]
        )
        policy_keys: dict[str, str] = {}
        own_keys: dict[str, str] = {}
        for ex in extractions:
            for m in ex.entities.policies:
                key = resolution.key_of(ex.doc_id, "policy", m.start, m.end)
                if key and m.key:
                    policy_keys.setdefault(m.key, key)
            own_keys[ex.doc_id] = _own_key(ex, resolution)
        return cls(resolution, policy_keys, own_keys)

    def key_of(self, doc_id: str, kind: str, start: int, end: int) -> str | None:
        return self.resolution.key_of(doc_id, kind, start, end)

    def entity(self, key: str) -> ResolvedEntity | None:
        return self.resolution.entities.get(key)

    def own_key(self, ex: Extraction) -> str:
        return self.own_keys.get(ex.doc_id) or _own_key(ex, self.resolution)


@dataclass(frozen=True, slots=True)
class Reprint:
    """A policy a document reprints whole (a yearbook's appendix): its key and its span, from
    its header to where the text stops being that policy (`reprints`)."""

    key: str
    start: int
    end: int | None  # None: to the end of the text

    def holds(self, pos: int) -> bool:
        return self.start <= pos and (self.end is None or pos < self.end)


def reprints(ex: Extraction, corpus: Corpus) -> list[Reprint]:
    """The policies `ex` reprints, in order: each from the header the extraction found for it
    (title, 文号, issuer as a document header) to the next header, the next top-level heading
    of the document (附件2, the report's next chapter), the heading that starts another
    document (a new numbering at the reprint's top level: 一、 again, or 第一章 after 一、…七、)
    or the end of the text."""
    own = corpus.own_key(ex)
    headers = []
    for m in sorted(ex.entities.policies, key=lambda m: m.start):
        key = corpus.key_of(ex.doc_id, "policy", m.start, m.end) if m.role == HEADER else None
        if key and key != own:
            headers.append((m.start, m.end, key))
    headings = sorted(ex.headings, key=lambda h: h.start)
    starts = [h.start for h in headings]
    out = []
    for i, (start, end, key) in enumerate(headers):
        stop = headers[i + 1][0] if i + 1 < len(headers) else None
        inside = headings[bisect.bisect_left(starts, end) :]
        inside = [h for h in inside if stop is None or h.start < stop]
        out.append(Reprint(key, start, _reprint_end(inside, stop)))
    return out


def _reprint_end(headings: list[Heading], stop: int | None) -> int | None:
    """Where the text after a reprint's header stops being that reprint: at a top-level
    heading, or at a heading of its own top level that opens another numbering."""
    if not headings:
        return stop
    first = headings[0]
    for h in headings:
        if h.level == 1:
            return h.start
        restarts = h.kind != first.kind or h.label == first.label  # 第一章 after 一、, 一、 again
        if h is not first and h.level <= first.level and restarts:
            return h.start
    return stop


def _own_key(ex: Extraction, resolution: Resolution) -> str:
    """The document's own Policy key: its number; else the key the resolver gave the document
    naming itself (a title shared with a numbered reference elsewhere takes that number);
    else `doc:<doc_id>` (reports and other documents that are not policies)."""
    if ex.meta.doc_number:
        return ex.meta.doc_number
    own = self_mention(ex)
    if own is not None:
        key = resolution.key_of(ex.doc_id, "policy", own.start, own.end)
        if key:
            return key
    return f"doc:{ex.doc_id}"
