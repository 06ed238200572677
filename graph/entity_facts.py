"""Nodes and relationships of issue #4 for one document: policies referred to and the relations
between policies, bases, enterprises and events, and which measure and document names them.

Nodes are keyed by the corpus resolution (`graph/corpus.py`), so each is one real entity across
documents, with its `aliases` and `documents`. Relationships carry the document's raw spans:

- CITES / REPEALS / IMPLEMENTS between Policy nodes, ISSUED_BY for the issuers of references;
- LOCATED_IN, OPERATED_BY, DESIGNATED_BY (with `year`), MEMBER_OF, ORGANISED_BY;
- MENTIONS_* from each measure to the entities whose mentions lie inside its span (agencies
  outside its responsibility list), NAMES_* from the document at each entity's first mention.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.entity_records import (
    BaseMention,
    EnterpriseMention,
    EntityRelation,
)
from policykg.extract.policies import letters
from policykg.extract.records import AgencyMention, Extraction, Measure

from .corpus import SELF, Corpus

if TYPE_CHECKING:
    from .builder import GraphBuilder

logger = logging.getLogger(__name__)

# Mention kinds of the resolver -> (label, MENTIONS type from a measure, NAMES type from a document)
KINDS = {
    "policy": ("Policy", "MENTIONS_POLICY", "NAMES_POLICY"),
    "base": ("Base", "MENTIONS_BASE", "NAMES_BASE"),
    "enterprise": ("Enterprise", "MENTIONS_ENTERPRISE", "NAMES_ENTERPRISE"),
    "event": ("Event", "MENTIONS_EVENT", "NAMES_EVENT"),
}
_ISSUER_FROM_NUMBER = "prefix"  # PolicyMention.issuer_source of an issuer read off the number


@dataclass(frozen=True, slots=True)
class _Mention:
    """One mention resolved to its node: where it is and what it says."""

    kind: str  # "policy", "base", "enterprise", "event" or "agency"
    node: str
    start: int
    end: int
    surface: str


def add_entities(
    builder: GraphBuilder,
    ex: Extraction,
    corpus: Corpus,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None,
    policy: str,
    document: str,
    measures: MeasureNodes,
) -> None:
    """Everything issue #4 found in `ex`, hung from its own `policy` and `document` nodes;
    `measures` are its measures with their node ids."""
    mentions = _policy_mentions(builder, ex, corpus, policy)
    mentions += _entity_mentions(builder, ex, corpus)
    _issuers(builder, ex, corpus, gazetteer, jurisdiction, policy)
    _policy_relations(builder, ex, corpus, policy)
    _entity_relations(builder, ex, corpus, gazetteer, jurisdiction)
    _names(builder, ex, mentions, document)
    # Agencies named in a measure's text outside its responsibility list.
    agencies = [
        _Mention("agency", builder.agency(a), a.start, a.end, a.surface)
        for a in ex.agencies
        if any(not _in_list(m, a.start, a.end) for m, _ in measures.around(a.start, a.end))
    ]
    _measure_mentions(builder, ex, mentions, agencies, measures)


# ---------------------------------------------------------------------------------------------
# Nodes


def entity_node(builder: GraphBuilder, corpus: Corpus, label: str, key: str, doc_id: str) -> str:
    """The node of a resolved entity: its name, type, aliases and documents from the corpus."""
    entity = corpus.entity(key)
    if label == "Policy" and builder.node_id(label, key) not in builder.graph:
        # Every Policy node has these, "" when unknown (as a source document without them).
        builder.node(label, key, title="", doc_number="", date_issued="")
    if entity is None:  # named only by a relation (MEMBER_OF 高通): its own name is all we have
        node = builder.node(label, key)
        builder.fill(node, name=key)
        builder.extend(node, documents=[doc_id])
        return node
    node = builder.node(label, key)
    builder.fill(node, name=entity.name)  # a policy's own document may have named it already
    if entity.type and label in ("Base", "Event"):
        builder.fill(node, type=entity.type)
    if label == "Policy" and entity.family:
        builder.fill(node, family=entity.family)
    builder.extend(node, aliases=entity.aliases, documents=entity.documents)
    return node


def _policy_mentions(
    builder: GraphBuilder, ex: Extraction, corpus: Corpus, policy: str
) -> list[_Mention]:
    out = []
    for m in ex.entities.policies:
        if m.role == SELF:
            continue
        key = corpus.key_of(ex.doc_id, "policy", m.start, m.end)
        if key is None:
            continue
        node = entity_node(builder, corpus, "Policy", key, ex.doc_id)
        # A reference fills in what it knows; the policy's own document (if read) overrides.
        name = builder.graph.nodes[node]["name"]
        builder.fill(
            node,
            title=m.title or (name if name != key else ""),
            doc_number=m.doc_number,
            date_issued=m.date,
        )
        if node != policy:  # the document naming itself (a header, 本方案) is HAS_SOURCE
            out.append(_Mention("policy", node, m.start, m.end, m.title or m.doc_number))
    return out


def _entity_mentions(builder: GraphBuilder, ex: Extraction, corpus: Corpus) -> list[_Mention]:
    out = []
    records: Iterable[tuple[str, Sequence[BaseMention | EnterpriseMention]]] = (
        ("base", [b for b in ex.entities.bases if not b.generic]),
        ("enterprise", ex.entities.enterprises),
        ("event", ex.entities.events),
    )
    for kind, mentions in records:
        label = KINDS[kind][0]
        for m in mentions:
            key = corpus.key_of(ex.doc_id, kind, m.start, m.end)
            if key is None:
                continue
            node = entity_node(builder, corpus, label, key, ex.doc_id)
            if isinstance(m, EnterpriseMention):
                builder.fill(node, sector=m.sector, district=m.district)
            out.append(_Mention(kind, node, m.start, m.end, m.surface))
    return out


# ---------------------------------------------------------------------------------------------
# Policies


def resolve_agency(
    gazetteer: AgencyGazetteer, surface: str, jurisdiction: str | None, start: int, end: int
) -> AgencyMention:
    name = gazetteer.resolve(surface, jurisdiction) if jurisdiction else gazetteer.resolve(surface)
    return AgencyMention(surface, name.canonical, name.level, start, end, name.known)


def _issuers(
    builder: GraphBuilder,
    ex: Extraction,
    corpus: Corpus,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None,
    policy: str,
) -> None:
    """ISSUED_BY for every issuer a reference names (the document's own issuer is its meta)."""
    for m in ex.entities.policies:
        if m.role == SELF or not m.issuers:
            continue
        key = corpus.key_of(ex.doc_id, "policy", m.start, m.end)
        if key is None or builder.node_id("Policy", key) == policy:
            continue
        from_number = m.issuer_source == _ISSUER_FROM_NUMBER and m.number_span is not None
        start, end = m.number_span if from_number else (m.start, m.end)  # type: ignore[misc]
        for surface in m.issuers:
            issuer = builder.agency(resolve_agency(gazetteer, surface, jurisdiction, start, end))
            builder.relate(
                "ISSUED_BY",
                builder.node_id("Policy", key),
                issuer,
                doc_id=ex.doc_id,
                start=start,
                end=end,
                evidence=m.doc_number if from_number else surface,
            )


def _policy_relations(builder: GraphBuilder, ex: Extraction, corpus: Corpus, policy: str) -> None:
    """CITES / REPEALS / IMPLEMENTS between the document's policy keys, resolved to nodes."""
    own = next((m.key for m in ex.entities.policies if m.role == SELF), "")
    local: dict[str, str] = {}
    for m in ex.entities.policies:
        key = corpus.key_of(ex.doc_id, "policy", m.start, m.end)
        if m.key and key:
            local.setdefault(m.key, builder.node_id("Policy", key))
    if own:
        local[own] = policy

    def node_of(key: str) -> str | None:
        if key == "":
            return policy  # the document itself
        if key in local:
            return local[key]
        resolved = corpus.policy_keys.get(key)
        if resolved and builder.node_id("Policy", resolved) in builder.graph:
            return builder.node_id("Policy", resolved)
        return None

    for r in ex.entities.policy_relations:
        source, target = node_of(r.source), node_of(r.target)
        if source is None or target is None or source == target:
            logger.debug(
                "%s [%d:%d] %s: no policy node for an end", ex.doc_id, r.start, r.end, r.type
            )
            continue
        builder.relate(
            r.type, source, target, doc_id=ex.doc_id, start=r.start, end=r.end, evidence=r.cue
        )


# ---------------------------------------------------------------------------------------------
# Bases, enterprises and events


class _Finder:
    """The resolved node of a mention named by a relation, by canonical name or surface: the one
    inside the relation's span, else the nearest before it, else the first."""

    def __init__(self, ex: Extraction, corpus: Corpus, kind: str, mentions: Sequence) -> None:
        self.ex, self.corpus, self.kind = ex, corpus, kind
        # Spans sorted once per name: a big document names one entity thousands of times.
        self.by_name: dict[str, list[tuple[int, int]]] = {}
        for m in sorted(mentions, key=lambda m: (m.start, m.end)):
            for name in {m.canonical, m.surface}:
                self.by_name.setdefault(name, []).append((m.start, m.end))
        self.starts = {name: [s for s, _ in spans] for name, spans in self.by_name.items()}

    def key(self, names: Iterable[str], start: int, end: int) -> str | None:
        # Per name, found by bisection: its first span inside [start, end], its last span
        # starting at or before `start`, its first span; then the best over the names.
        inside: list[tuple[int, int]] = []
        before: list[tuple[int, int]] = []
        first: list[tuple[int, int]] = []
        for name in names:
            spans = self.by_name.get(name)
            if not spans:
                continue
            starts = self.starts[name]
            first.append(spans[0])
            i = bisect.bisect_right(starts, start)
            if i:
                before.append(spans[i - 1])
            for span in spans[bisect.bisect_left(starts, start) : bisect.bisect_right(starts, end)]:
                if span[1] <= end:
                    inside.append(span)
                    break
        if not first:
            return None
        pick = min(inside) if inside else max(before) if before else min(first)
        return self.corpus.key_of(self.ex.doc_id, self.kind, *pick)


def _entity_relations(
    builder: GraphBuilder,
    ex: Extraction,
    corpus: Corpus,
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None,
) -> None:
    bases = _Finder(ex, corpus, "base", [b for b in ex.entities.bases if not b.generic])
    enterprises = _Finder(ex, corpus, "enterprise", ex.entities.enterprises)
    events = _Finder(ex, corpus, "event", ex.entities.events)
    agencies = {a.canonical: a for a in reversed(ex.agencies)}  # the first mention of each
    for r in ex.entities.relations:
        span = {"doc_id": ex.doc_id, "start": r.start, "end": r.end, "evidence": r.evidence}
        if r.type == "ORGANISED_BY":
            event = events.key((r.subject_canonical, r.subject), r.start, r.end)
            if event:
                agency = _agency(builder, agencies, gazetteer, jurisdiction, r)
                builder.relate("ORGANISED_BY", builder.node_id("Event", event), agency, **span)
            continue
        if r.type == "MEMBER_OF":
            base = bases.key((r.object_canonical, r.object), r.start, r.end)
            if bases.key((r.subject,), r.start, r.end):  # a base listed among members
                logger.debug("%s [%d:%d] member %s is a base", ex.doc_id, r.start, r.end, r.subject)
            elif base:
                member = _enterprise(builder, corpus, enterprises, ex, r.subject, r.start, r.end)
                builder.relate("MEMBER_OF", member, builder.node_id("Base", base), **span)
            continue
        base = bases.key((r.subject_canonical, r.subject), r.start, r.end)
        if base is None:
            continue
        subject = builder.node_id("Base", base)
        if r.type == "LOCATED_IN":
            region = region_node(builder, r.object_canonical or r.object, ex.doc_id)
            builder.relate("LOCATED_IN", subject, region, **span)
        elif r.type == "DESIGNATED_BY":
            agency = _agency(builder, agencies, gazetteer, jurisdiction, r)
            year = {"year": r.year} if r.year else {}
            builder.relate("DESIGNATED_BY", subject, agency, **span, **year)
            if r.year:
                designated = builder.graph.nodes[subject].get("designated_year")
                builder.graph.nodes[subject]["designated_year"] = min(designated or r.year, r.year)
        elif r.type == "OPERATED_BY":
            if r.object_canonical in agencies or r.object in agencies:
                logger.debug(
                    "%s [%d:%d] operator %s is an agency", ex.doc_id, r.start, r.end, r.object
                )
                continue  # the ontology's operators are enterprises
            operator = _enterprise(builder, corpus, enterprises, ex, r.object, r.start, r.end)
            builder.relate("OPERATED_BY", subject, operator, **span)


def _agency(
    builder: GraphBuilder,
    agencies: dict[str, AgencyMention],
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None,
    r: EntityRelation,
) -> str:
    known = agencies.get(r.object_canonical)
    if known is not None:
        mention = AgencyMention(r.object, known.canonical, known.level, r.start, r.end, known.known)
    else:
        mention = resolve_agency(gazetteer, r.object, jurisdiction, r.start, r.end)
    return builder.agency(mention)


def _enterprise(
    builder: GraphBuilder,
    corpus: Corpus,
    finder: _Finder,
    ex: Extraction,
    name: str,
    start: int,
    end: int,
) -> str:
    """An enterprise a relation names: a mention of it in this document (a short name links
    only through its own document, as in the resolver), else a node of its own name."""
    key = finder.key((name,), start, end)
    if key is None:
        key = "enterprise:" + letters(name)
        node = builder.node("Enterprise", key)
        builder.fill(node, name=name)
        builder.extend(node, aliases=[name], documents=[ex.doc_id])
        return node
    return entity_node(builder, corpus, "Enterprise", key, ex.doc_id)


def region_node(builder: GraphBuilder, name: str, doc_id: str) -> str:
    node = builder.node("Region", name, name=name)
    builder.extend(node, documents=[doc_id])
    return node


# ---------------------------------------------------------------------------------------------
# Which measure and which document name each entity


def _names(builder: GraphBuilder, ex: Extraction, mentions: list[_Mention], document: str) -> None:
    """NAMES_* from the document to each entity, at its first mention."""
    seen: set[str] = set()
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if m.node in seen:
            continue
        seen.add(m.node)
        builder.relate(
            KINDS[m.kind][2],
            document,
            m.node,
            doc_id=ex.doc_id,
            start=m.start,
            end=m.end,
            evidence=m.surface,
        )


def _in_list(measure: Measure, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in measure.list_spans)


def _measure_mentions(
    builder: GraphBuilder,
    ex: Extraction,
    mentions: list[_Mention],
    agencies: list[_Mention],
    measures: MeasureNodes,
) -> None:
    """MENTIONS_* from each measure to every mention inside it (agencies outside its
    responsibility list: the units listed there LEAD or SUPPORT it)."""
    for m in [*mentions, *agencies]:
        for measure, node in measures.around(m.start, m.end):
            if m.kind == "agency" and _in_list(measure, m.start, m.end):
                continue
            type_ = "MENTIONS_AGENCY" if m.kind == "agency" else KINDS[m.kind][1]
            builder.relate(
                type_, node, m.node, doc_id=ex.doc_id, start=m.start, end=m.end, evidence=m.surface
            )


class MeasureNodes:
    """A document's measures with their node ids, to find the ones holding a span."""

    def __init__(self, measures: Iterable[tuple[Measure, str]]) -> None:
        self.items = sorted(measures, key=lambda item: (item[0].start, item[0].end))
        self.starts = [m.start for m, _ in self.items]
        self.reach = list(itertools.accumulate((m.end for m, _ in self.items), max))

    def around(self, start: int, end: int) -> list[tuple[Measure, str]]:
        """The measures whose span holds [start, end), innermost (latest start) first."""
        out = []
        for i in range(bisect.bisect_right(self.starts, start) - 1, -1, -1):
            if self.reach[i] < end:
                break  # no measure up to this one ends at or after `end`
            measure = self.items[i][0]
            if measure.start <= start and end <= measure.end:
                out.append(self.items[i])
        return out
