"""The ontology as the single source: labels, alignment, shapes, generated files, record types."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, SH, SKOS, Namespace

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file, iter_text_files
from policykg.extract.records import AgencyLevel
from policykg.graph.builder import build_graph
from policykg.ontology import reference
from policykg.ontology.namespace import PKG
from policykg.ontology.schema import load_schema, ontology_graph, shapes_graph

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


def pkg_terms():
    g = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return [t for k in kinds for t in g.subjects(RDF.type, k) if str(t).startswith(str(PKG._NS))]


def test_ontology_namespace_module_is_current():
    assert reference.NAMESPACE_FILE.read_text() == reference.namespace_source(), (
        "ontology/namespace.py is stale: run python -m policykg.ontology.reference --write"
    )


def test_ontology_reference_page_is_current():
    assert reference.REFERENCE_FILE.read_text() == reference.reference_markdown(), (
        "docs/reference.md is stale: run python -m policykg.ontology.reference --write"
    )


def test_ontology_namespace_rejects_unknown_terms():
    assert PKG.leads == URIRef("https://w3id.org/policykg/ontology#leads")
    with pytest.raises(AttributeError):
        PKG.lead  # noqa: B018


def test_ontology_every_term_has_english_and_chinese_labels():
    g = ontology_graph()
    for term in pkg_terms():
        languages = {label.language for label in g.objects(term, RDFS.label)}
        assert {"en", "zh"} <= languages, term


def test_ontology_every_class_and_property_has_english_and_chinese_definitions():
    g = ontology_graph()
    for term in pkg_terms():
        if (term, RDF.type, OWL.AnnotationProperty) in g:
            continue
        languages = {d.language for d in g.objects(term, SKOS.definition)}
        assert {"en", "zh"} <= languages, term


def test_ontology_policy_aligns_with_eli_and_schema_org():
    g = ontology_graph()
    assert {ELI.LegalResource, SCHEMA.Legislation} <= set(g.objects(PKG.Policy, RDFS.subClassOf))
    assert {ELI.id_local, SCHEMA.legislationIdentifier} <= set(
        g.objects(PKG.docNumber, RDFS.subPropertyOf)
    )
    assert ELI.passed_by in set(g.objects(PKG.issuedBy, RDFS.subPropertyOf))
    assert ELI.responsibility_of in set(g.objects(PKG.ledBy, RDFS.subPropertyOf))


def test_ontology_agency_is_an_org_organization_and_sources_are_prov():
    g = ontology_graph()
    assert ORG.Organization in set(g.objects(PKG.Agency, RDFS.subClassOf))
    assert PROV.Entity in set(g.objects(PKG.Document, RDFS.subClassOf))
    assert PROV.hadPrimarySource in set(g.objects(PKG.hasSource, RDFS.subPropertyOf))


def test_ontology_schema_names_properties_in_snake_case():
    schema = load_schema()
    assert schema.property("doc_number").iri == str(PKG.docNumber)
    assert schema.property("date_issued").datatypes[1:] == (
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
        "http://www.w3.org/2001/XMLSchema#gYear",
    )
    assert not schema.property("aliases").functional
    assert schema.relationship("LEADS").properties == ("position", "surface")


def test_ontology_agency_levels_are_those_of_the_extraction_records():
    assert load_schema().property("level").allowed == get_args(AgencyLevel)


def test_ontology_shapes_allow_the_agency_levels_of_the_ontology():
    shapes = shapes_graph()
    (level_shape,) = shapes.subjects(SH.path, PKG.level)
    allowed = tuple(str(v) for v in Collection(shapes, shapes.value(level_shape, SH["in"])))
    assert allowed == load_schema().property("level").allowed


def test_ontology_shapes_check_the_domain_and_range_of_every_relationship():
    shapes, schema = shapes_graph(), load_schema()
    for rel in schema.relationships:
        for target, label in ((SH.targetSubjectsOf, rel.source), (SH.targetObjectsOf, rel.target)):
            classes = {
                shapes.value(s, SH["class"]) for s in shapes.subjects(target, URIRef(rel.iri))
            }
            assert classes == {URIRef(schema.node(label).iri)}, (rel.type, target)


def test_ontology_every_class_has_a_closed_shape():
    shapes = shapes_graph()
    closed = {
        cls
        for shape in shapes.subjects(SH.closed, Literal(True))
        for cls in shapes.objects(shape, SH.targetClass)
    }
    assert {URIRef(n.iri) for n in load_schema().nodes} <= closed


def test_ontology_every_graph_property_is_in_the_ontology():
    graph = build_graph([extract_file(p) for p in iter_text_files([bundled_texts()])])
    names = {p.name for p in load_schema().properties}
    node_props = {k for _, d in graph.nodes(data=True) for k in d} - {"label"}
    edge_props = {k for *_, d in graph.edges(data=True) for k in d} - {"type"}
    assert node_props | edge_props <= names


def test_ontology_every_shape_message_is_english_text():
    for message in shapes_graph().objects(None, SH.message):
        assert isinstance(message, Literal) and message[:1].isalpha(), message


@pytest.mark.neo4j
def test_ontology_reference_cypher_examples_compile(neo4j_driver):
    blocks = re.findall(r"```cypher\n(.*?)```", reference.reference_markdown(), re.S)
    assert len(blocks) == len(load_schema().nodes) + len(load_schema().relationships)
    for cypher in blocks:
        neo4j_driver.execute_query("EXPLAIN " + cypher, key="x")
