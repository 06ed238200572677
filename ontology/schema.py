"""The graph schema, derived from the OWL ontology in `policykg.ttl`.

Everything that names a node label or relationship type (the graph builder, the Neo4j loader,
the exports) reads it from here, so a change in the ontology shows up everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

PKG = Namespace("https://w3id.org/policykg/ontology#")
PROVENANCE_PROPERTIES = ("doc_id", "start", "end", "evidence")


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str  # Neo4j label = class local name
    key: str  # property that identifies a node
    definition: str
    label_zh: str
    iri: str
    per_document: bool = False  # instances come from one document and are replaced with it


@dataclass(frozen=True, slots=True)
class RelationshipType:
    type: str  # Neo4j relationship type, e.g. LEADS
    source: str  # label of the domain class
    target: str  # label of the range class
    properties: tuple[str, ...]  # besides provenance
    definition: str
    label_zh: str
    iri: str


@dataclass(frozen=True, slots=True)
class GraphSchema:
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelationshipType, ...]

    def node(self, label: str) -> NodeType:
        for n in self.nodes:
            if n.label == label:
                return n
        raise KeyError(f"unknown node label {label!r} (not a class in the ontology)")

    def relationship(self, type_: str) -> RelationshipType:
        for r in self.relationships:
            if r.type == type_:
                return r
        raise KeyError(f"unknown relationship type {type_!r} (not in the ontology)")


def _text(g: Graph, subject: URIRef, predicate: URIRef, lang: str | None = "en") -> str:
    for value in g.objects(subject, predicate):
        if isinstance(value, Literal) and (lang is None or value.language in (lang, None)):
            return str(value)
    return ""


def _local(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def ontology_graph() -> Graph:
    g = Graph()
    g.parse(
        data=resources.files("policykg.ontology").joinpath("policykg.ttl").read_text(),
        format="turtle",
    )
    return g


@cache
def load_schema() -> GraphSchema:
    g = ontology_graph()
    nodes = []
    for cls in sorted(g.subjects(RDF.type, OWL.Class)):
        if not str(cls).startswith(str(PKG)):
            continue
        nodes.append(
            NodeType(
                label=_local(cls),
                key=_text(g, cls, PKG.keyProperty, None) or "key",
                definition=_text(g, cls, SKOS.definition),
                label_zh=_text(g, cls, RDFS.label, "zh"),
                iri=str(cls),
                per_document=bool(g.value(cls, PKG.perDocument)),
            )
        )
    relationships = []
    for prop in sorted(g.subjects(RDF.type, OWL.ObjectProperty)):
        type_ = _text(g, prop, PKG.neo4jType, None)
        if not type_:
            continue
        relationships.append(
            RelationshipType(
                type=type_,
                source=_local(g.value(prop, RDFS.domain)),
                target=_local(g.value(prop, RDFS.range)),
                properties=tuple(sorted(str(v) for v in g.objects(prop, PKG.relationshipProperty))),
                definition=_text(g, prop, SKOS.definition),
                label_zh=_text(g, prop, RDFS.label, "zh"),
                iri=str(prop),
            )
        )
    schema = GraphSchema(tuple(nodes), tuple(relationships))
    for r in schema.relationships:  # domain and range must be classes we define
        schema.node(r.source), schema.node(r.target)
    return schema
