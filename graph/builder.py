"""Build the knowledge graph (networkx) from extraction records.

Node ids are `Label:key`, with keys that depend only on content (an agency's canonical name, a
policy's document number, a measure's document and position, the corpus resolution's key of a
base, enterprise or event), so building twice, or in another order, gives the same graph.
Labels and relationship types are checked against the ontology. Every relationship carries its
provenance: `doc_id`, raw `start`/`end`, `evidence`.

`build_graph` first resolves the entities of all documents together (`graph/corpus.py`), so a
policy, base, enterprise or event is one node across documents; then each document adds its
spine (policy, measures, responsibilities), its entities (`entity_facts.py`) and its targets
and observations (`quantity_facts.py`). The measures and targets of a policy the document
reprints (a yearbook's appendix) hang from that policy's node, not the document's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.pipeline import jurisdiction_of
from policykg.extract.records import AgencyMention, Extraction
from policykg.ontology.schema import GraphSchema, load_schema

from .corpus import Corpus, reprints
from .entity_facts import MeasureNodes, add_entities, entity_node
from .quantity_facts import add_quantities


class GraphBuilder:
    """Adds nodes and provenance-carrying relationships, validated against the schema."""

    def __init__(self, schema: GraphSchema | None = None) -> None:
        self.schema = schema or load_schema()
        self.graph = nx.MultiDiGraph()

    @staticmethod
    def node_id(label: str, key: str) -> str:
        return f"{label}:{key}"

    def node(self, label: str, key: str, **props: Any) -> str:
        self.schema.node(label)  # raises for labels the ontology does not define
        node_id = self.node_id(label, key)
        if node_id in self.graph:
            self.graph.nodes[node_id].update(
                {k: v for k, v in props.items() if v not in ("", None)}
            )
        else:
            self.graph.add_node(node_id, label=label, key=key, **props)
        return node_id

    def fill(self, node_id: str, **props: Any) -> None:
        """Set the properties the node does not have yet (what a mere reference knows)."""
        data = self.graph.nodes[node_id]
        for k, v in props.items():
            if v not in ("", None) and data.get(k) in ("", None):
                data[k] = v

    def extend(self, node_id: str, **lists: Iterable[str]) -> None:
        """Add to list properties (aliases, documents), kept sorted and without repeats."""
        data = self.graph.nodes[node_id]
        for k, values in lists.items():
            data[k] = sorted(set(data.get(k, ())) | {v for v in values if v})

    def relate(
        self,
        type_: str,
        source: str,
        target: str,
        *,
        doc_id: str,
        start: int,
        end: int,
        evidence: str,
        **props: Any,
    ) -> None:
        rel = self.schema.relationship(type_)
        for node_id, expected in ((source, rel.source), (target, rel.target)):
            actual = self.graph.nodes[node_id]["label"]
            if actual != expected:
                raise ValueError(
                    f"{type_} needs {rel.source}->{rel.target}, got {actual} at {node_id}"
                )
        # Identity: endpoints, type and source range; re-adding the same fact changes nothing.
        edge_key = f"{type_}|{doc_id}|{start}|{end}"
        self.graph.add_edge(
            source,
            target,
            key=edge_key,
            type=type_,
            doc_id=doc_id,
            start=start,
            end=end,
            evidence=evidence,
            **props,
        )

    def agency(self, mention: AgencyMention) -> str:
        node_id = self.node(
            "Agency", mention.canonical, name=mention.canonical, level=mention.level
        )
        aliases = set(self.graph.nodes[node_id].get("aliases", []))
        aliases.add(mention.surface)
        self.graph.nodes[node_id]["aliases"] = sorted(aliases)
        return node_id

    def add_extraction(
        self, ex: Extraction, gazetteer: AgencyGazetteer, corpus: Corpus | None = None
    ) -> None:
        """Add one document's facts. `corpus` is the resolution of every document being built
        (`build_graph` makes it); without it the document is resolved on its own."""
        corpus = corpus or Corpus.of([ex])
        meta = ex.meta
        policy_key = corpus.own_key(ex)
        # The document's own policy: what it says of itself wins over what others say of it.
        if corpus.entity(policy_key) is not None:
            entity_node(self, corpus, "Policy", policy_key, ex.doc_id)
        policy = self.node(
            "Policy",
            policy_key,
            name=meta.title or ex.doc_id,
            title=meta.title,
            doc_number=meta.doc_number,
            date_issued=meta.date,
            doc_id=ex.doc_id,
        )
        self.extend(policy, documents=[ex.doc_id])
        jurisdiction = jurisdiction_of(meta)
        if meta.issuer:
            name = gazetteer.resolve(meta.issuer)
            start, end = meta.issuer_span or (0, 0)
            issuer = self.agency(
                AgencyMention(meta.issuer, name.canonical, name.level, start, end, name.known)
            )
            self.relate(
                "ISSUED_BY",
                policy,
                issuer,
                doc_id=ex.doc_id,
                start=start,
                end=end,
                evidence=meta.issuer,
            )
        document = self.node(
            "Document", ex.doc_id, name=ex.doc_id, doc_id=ex.doc_id, path=ex.path, sha256=ex.sha256
        )
        self.relate("HAS_SOURCE", policy, document, doc_id=ex.doc_id, start=0, end=0, evidence="")
        for lead in ex.document_leads:
            self.relate(
                "LED_BY",
                policy,
                self.agency(lead.agency),
                doc_id=ex.doc_id,
                start=lead.agency.start,
                end=lead.agency.end,
                evidence=lead.evidence,
            )
        owners = _Owners(self, corpus, ex, policy)
        ordinals: Counter[str] = Counter()
        measures = []
        for m in ex.measures:
            owner = owners.at(m.start)  # a reprinted policy's measure is that policy's
            ordinals[owner] += 1
            measure = self.node(
                "Measure",
                f"{ex.doc_id}#{m.id}@{m.start}",
                name=m.title,
                number=m.id,
                text=m.text,
                section=m.section,
                doc_id=ex.doc_id,
                start=m.start,
                end=m.end,
            )
            measures.append((m, measure))
            self.relate(
                "HAS_MEASURE",
                owner,
                measure,
                doc_id=ex.doc_id,
                start=m.start,
                end=m.end,
                evidence=m.title,
                ordinal=ordinals[owner],
            )
            for unit in m.units:
                self.relate(
                    "LEADS" if unit.role == "lead" else "SUPPORTS",
                    self.agency(unit.agency),
                    measure,
                    doc_id=ex.doc_id,
                    start=unit.agency.start,
                    end=unit.agency.end,
                    evidence=unit.clause,
                    position=unit.position,
                    surface=unit.agency.surface,
                )
        measure_nodes = MeasureNodes(measures)
        add_entities(self, ex, corpus, gazetteer, jurisdiction, policy, document, measure_nodes)
        add_quantities(self, ex, policy, measure_nodes, owners.at)


class _Owners:
    """The Policy node a fact of a document hangs from by its position: the policy the
    document reprints there (`corpus.reprints`: 000 reprints 商服贸发〔2022〕102号 whole, with its
    measures), else the document's own policy."""

    def __init__(self, builder: GraphBuilder, corpus: Corpus, ex: Extraction, policy: str):
        self.policy = policy
        self.spans = [
            (r, entity_node(builder, corpus, "Policy", r.key, ex.doc_id))
            for r in reprints(ex, corpus)
        ]

    def at(self, pos: int) -> str:
        return next((node for r, node in self.spans if r.holds(pos)), self.policy)


def build_graph(
    extractions: Iterable[Extraction],
    gazetteer: AgencyGazetteer | None = None,
    corpus: Corpus | None = None,
) -> nx.MultiDiGraph:
    """The graph of all `extractions`, their entities resolved across documents first
    (`corpus`, when given, must be the resolution of these same extractions)."""
    builder = GraphBuilder()
    gazetteer = gazetteer or AgencyGazetteer.default()
    extractions = sorted(extractions, key=lambda e: e.doc_id)
    corpus = corpus or Corpus.of(extractions)
    for ex in extractions:
        builder.add_extraction(ex, gazetteer, corpus)
    return builder.graph


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link JSON with a stable order (nodes and edges sorted by id)."""
    nodes = [{"id": n, **graph.nodes[n]} for n in sorted(graph.nodes)]
    edges = sorted(
        (
            {"source": u, "target": v, "key": k, **d}
            for u, v, k, d in graph.edges(keys=True, data=True)
        ),
        key=lambda e: (e["source"], e["target"], e["key"]),
    )
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> None:
    path.write_text(json.dumps(to_node_link(graph), ensure_ascii=False, indent=1) + "\n")


def read_node_link(path: Path) -> nx.MultiDiGraph:
    data = json.loads(path.read_text())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
