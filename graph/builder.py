"""Build the knowledge graph (networkx) from extraction records.

Node ids are `Label:key`, with keys that depend only on content (an agency's canonical name, a
policy's document number, a measure's document and position), so building twice, or in another
order, gives the same graph. Labels and relationship types are checked against the ontology.
Every relationship carries its provenance: `doc_id`, raw `start`/`end`, `evidence`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.records import AgencyMention, Extraction
from policykg.ontology.schema import GraphSchema, load_schema


class GraphBuilder:
    """Adds nodes and provenance-carrying relationships, validated against the schema."""

    def __init__(self, schema: GraphSchema | None = None) -> None:
        self.schema = schema or load_schema()
        self.graph = nx.MultiDiGraph()

    def node(self, label: str, key: str, **props: Any) -> str:
        self.schema.node(label)  # raises for labels the ontology does not define
        node_id = f"{label}:{key}"
        if node_id in self.graph:
            self.graph.nodes[node_id].update(
                {k: v for k, v in props.items() if v not in ("", None)}
            )
        else:
            self.graph.add_node(node_id, label=label, key=key, **props)
        return node_id

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

    def add_extraction(self, ex: Extraction, gazetteer: AgencyGazetteer) -> None:
        meta = ex.meta
        policy_key = meta.doc_number or f"doc:{ex.doc_id}"
        policy = self.node(
            "Policy",
            policy_key,
            name=meta.title or ex.doc_id,
            title=meta.title,
            doc_number=meta.doc_number,
            date_issued=meta.date,
            doc_id=ex.doc_id,
        )
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
        for ordinal, m in enumerate(ex.measures, 1):
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
            self.relate(
                "HAS_MEASURE",
                policy,
                measure,
                doc_id=ex.doc_id,
                start=m.start,
                end=m.end,
                evidence=m.title,
                ordinal=ordinal,
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


def build_graph(
    extractions: Iterable[Extraction], gazetteer: AgencyGazetteer | None = None
) -> nx.MultiDiGraph:
    builder = GraphBuilder()
    gazetteer = gazetteer or AgencyGazetteer.default()
    for ex in sorted(extractions, key=lambda e: e.doc_id):
        builder.add_extraction(ex, gazetteer)
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
