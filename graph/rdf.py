"""The RDF view of the property graph, with stable IRIs (see the header of policykg.ttl).

- A node is `https://w3id.org/policykg/id/{Label}/{urlencoded key}`, typed by its class, with
  one triple per property (a list gives one triple per item; None and "" give none, as in Neo4j).
- A relationship is the triple (source, property, target) and an `rdf:Statement` that carries
  its provenance: `prov:wasDerivedFrom` its Document, `pkg:docId`, `pkg:start`, `pkg:end`,
  `pkg:evidence` and the relationship's own properties. Its IRI is
  `https://w3id.org/policykg/id/{TYPE}/{source key}/{target key}/{edge key}`.
- Property IRIs come from the ontology (`doc_number` is `pkg:docNumber`). A property the
  ontology does not define still gets a `pkg:` IRI, so the closed SHACL shapes report it.

`to_rdf` also records where each resource came from (node id or relationship, document, span),
so that validation reports can name the document and span of every violation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from policykg.ontology.namespace import PKG
from policykg.ontology.schema import GraphSchema, load_schema

ID = "https://w3id.org/policykg/id/"
# The class whose key is a relationship's doc_id (graph/builder.py keys documents by doc_id).
SOURCE_LABEL = "Document"
# Strings of these types are typed by their lexical form ("2023-01" is a gYearMonth); the graph
# and Neo4j keep them as ISO strings.
_LEXICAL_TYPES = {
    XSD.date: re.compile(r"-?\d{4,}-\d\d-\d\d"),
    XSD.gYearMonth: re.compile(r"-?\d{4,}-\d\d"),
    XSD.gYear: re.compile(r"-?\d{4,}"),
}
_SNAKE = re.compile(r"_([a-z0-9])")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an RDF resource comes from: a node or relationship, its document and raw span."""

    name: str  # node id, or "TYPE source -> target" for a relationship
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class RdfView:
    graph: Graph
    origins: Mapping[URIRef, Origin]


def node_iri(label: str, key: str) -> URIRef:
    return URIRef(f"{ID}{quote(label, safe='')}/{quote(key, safe='')}")


def fact_iri(type_: str, source_key: str, target_key: str, edge_key: Any) -> URIRef:
    parts = (type_, source_key, target_key, str(edge_key))
    return URIRef(ID + "/".join(quote(p, safe="") for p in parts))


def property_iri(name: str, schema: GraphSchema) -> URIRef:
    try:
        return URIRef(schema.property(name).iri)
    except KeyError:  # not in the ontology: the closed shapes will say so
        return URIRef(PKG._NS + _SNAKE.sub(lambda m: m.group(1).upper(), name))


def _literals(value: Any, datatypes: tuple[URIRef, ...]) -> list[Literal]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [lit for item in value for lit in _literals(item, datatypes)]
    if isinstance(value, str) and datatypes and all(t in _LEXICAL_TYPES for t in datatypes):
        # The first datatype whose form the value has; else the first, ill-typed: SHACL says so.
        fitting = (t for t in datatypes if _LEXICAL_TYPES[t].fullmatch(value))
        return [Literal(value, datatype=next(fitting, datatypes[0]))]
    return [Literal(value)]  # str, int, float, bool: xsd:string, integer, double, boolean


def _datatypes(name: str, schema: GraphSchema) -> tuple[URIRef, ...]:
    try:
        return tuple(URIRef(t) for t in schema.property(name).datatypes)
    except KeyError:
        return ()


def to_rdf(graph: nx.MultiDiGraph, schema: GraphSchema | None = None) -> RdfView:
    schema = schema or load_schema()
    g = Graph()
    g.bind("pkg", PKG._NS)
    g.bind("prov", PROV)
    add = g.add
    # Property IRIs and datatypes, looked up once per name rather than once per value.
    props: dict[str, tuple[URIRef, tuple[URIRef, ...]]] = {}

    def prop(name: str) -> tuple[URIRef, tuple[URIRef, ...]]:
        if name not in props:
            props[name] = (property_iri(name, schema), _datatypes(name, schema))
        return props[name]

    origins: dict[URIRef, Origin] = {}
    iris: dict[str, URIRef] = {}
    for node, data in graph.nodes(data=True):
        label = data["label"]
        subject = iris[node] = node_iri(label, data["key"])
        add((subject, RDF.type, URIRef(schema.node(label).iri)))
        for name, value in data.items():
            if name != "label":
                predicate, datatypes = prop(name)
                for literal in _literals(value, datatypes):
                    add((subject, predicate, literal))
        origins[subject] = _node_origin(graph, node, data)

    for source, target, edge_key, data in graph.edges(keys=True, data=True):
        rel = schema.relationship(data["type"])
        subject, obj = iris[source], iris[target]
        predicate = URIRef(rel.iri)
        add((subject, predicate, obj))
        s_key, t_key = graph.nodes[source]["key"], graph.nodes[target]["key"]
        fact = fact_iri(rel.type, s_key, t_key, edge_key)
        add((fact, RDF.type, RDF.Statement))
        add((fact, RDF.subject, subject))
        add((fact, RDF.predicate, predicate))
        add((fact, RDF.object, obj))
        doc_id = data.get("doc_id")
        if doc_id:
            add((fact, PROV.wasDerivedFrom, node_iri(SOURCE_LABEL, doc_id)))
        for name, value in data.items():
            if name != "type":
                p, datatypes = prop(name)
                for literal in _literals(value, datatypes):
                    add((fact, p, literal))
        origins[fact] = Origin(
            f"{rel.type} {source} -> {target}", doc_id, data.get("start"), data.get("end")
        )
    return RdfView(g, origins)


def _node_origin(graph: nx.MultiDiGraph, node: str, data: dict[str, Any]) -> Origin:
    """The node's own document and span; for a node without them (an agency), its first fact."""
    if data.get("doc_id"):
        return Origin(node, data["doc_id"], data.get("start"), data.get("end"))
    edges = [
        d
        for edges in (graph.out_edges(node, data=True), graph.in_edges(node, data=True))
        for *_, d in edges
        if d.get("doc_id")
    ]
    if not edges:
        return Origin(node)
    first = min(edges, key=lambda d: (d["doc_id"], d.get("start") or 0))
    return Origin(node, first["doc_id"], first.get("start"), first.get("end"))
