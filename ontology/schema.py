"""The graph schema, derived from the OWL ontology in `policykg.ttl`.

Everything that names a node label, relationship type or property (the graph builder, the Neo4j
loader, the RDF view, the SHACL validation, the exports) reads it from here, so a change in the
ontology shows up everywhere. Property names in the graph are the snake_case form of the data
properties' local names (`pkg:docNumber` is `doc_number`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
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
class DataProperty:
    name: str  # property name in the graph and in Neo4j: snake_case of the local name
    iri: str
    datatypes: tuple[str, ...]  # XSD datatype IRIs a value may have (a union range gives several)
    functional: bool  # one value; otherwise a list (a Neo4j array)
    domain: str  # label of the class that carries it; "" for provenance used on relationships too
    definition: str
    label_zh: str
    allowed: tuple[str, ...] = ()  # the only values allowed (owl:oneOf range), e.g. agency levels


@dataclass(frozen=True, slots=True)
class GraphSchema:
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelationshipType, ...]
    properties: tuple[DataProperty, ...] = ()

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

    def property(self, name: str) -> DataProperty:
        for p in self.properties:
            if p.name == name:
                return p
        raise KeyError(f"unknown property {name!r} (not a data property in the ontology)")


def _text(g: Graph, subject: URIRef, predicate: URIRef, lang: str | None = "en") -> str:
    for value in g.objects(subject, predicate):
        if isinstance(value, Literal) and (lang is None or value.language in (lang, None)):
            return str(value)
    return ""


def _local(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake_case(local_name: str) -> str:
    """docNumber -> doc_number: the graph's name for a data property."""
    return _CAMEL_HUMP.sub("_", local_name).lower()


def _parse(resource: str) -> Graph:
    g = Graph()
    g.parse(
        data=resources.files("policykg.ontology").joinpath(resource).read_text(), format="turtle"
    )
    return g


@cache
def ontology_graph() -> Graph:
    """The ontology (cached: treat as read-only)."""
    return _parse("policykg.ttl")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes of a valid graph, `shapes.ttl` (cached: treat as read-only)."""
    return _parse("shapes.ttl")


def _range(g: Graph, prop: URIRef) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(datatypes, allowed values) of a data property's range."""
    rng = g.value(prop, RDFS.range)
    if rng is None:
        return (str(XSD.string),), ()
    if not isinstance(rng, BNode):
        return (str(rng),), ()
    union = g.value(rng, OWL.unionOf)
    if union is not None:
        return tuple(str(t) for t in Collection(g, union)), ()
    one_of = g.value(rng, OWL.oneOf)
    if one_of is not None:
        values = list(Collection(g, one_of))
        datatypes = sorted({str(v.datatype or XSD.string) for v in values})
        return tuple(datatypes), tuple(str(v) for v in values)
    raise ValueError(f"unsupported range of {prop}: a datatype, owl:unionOf or owl:oneOf")


def _data_properties(g: Graph) -> tuple[DataProperty, ...]:
    properties = []
    for prop in sorted(g.subjects(RDF.type, OWL.DatatypeProperty)):
        if not str(prop).startswith(str(PKG)):
            continue
        datatypes, allowed = _range(g, prop)
        domain = g.value(prop, RDFS.domain)
        properties.append(
            DataProperty(
                name=snake_case(_local(prop)),
                iri=str(prop),
                datatypes=datatypes,
                functional=(prop, RDF.type, OWL.FunctionalProperty) in g,
                domain=_local(domain) if domain is not None else "",
                definition=_text(g, prop, SKOS.definition),
                label_zh=_text(g, prop, RDFS.label, "zh"),
                allowed=allowed,
            )
        )
    return tuple(properties)


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
                properties=tuple(
                    sorted(snake_case(_local(v)) for v in g.objects(prop, PKG.relationshipProperty))
                ),
                definition=_text(g, prop, SKOS.definition),
                label_zh=_text(g, prop, RDFS.label, "zh"),
                iri=str(prop),
            )
        )
    schema = GraphSchema(tuple(nodes), tuple(relationships), _data_properties(g))
    for r in schema.relationships:  # domain and range must be classes we define
        schema.node(r.source), schema.node(r.target)
        for name in r.properties:  # and the properties they carry must be defined
            schema.property(name)
    for p in schema.properties:
        if p.domain:
            schema.node(p.domain)
    return schema
