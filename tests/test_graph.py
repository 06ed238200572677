"""The graph built from extraction records: schema from the ontology, provenance on every edge."""

from __future__ import annotations

import pytest

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file
from policykg.graph.builder import GraphBuilder, build_graph, read_node_link, write_node_link
from policykg.ontology.schema import load_schema


@pytest.fixture(scope="module")
def graph():
    path = next(bundled_texts().glob("002_*.txt"))
    return build_graph([extract_file(path)])


def test_schema_from_ontology_has_core_classes_and_relations():
    schema = load_schema()
    assert {n.label for n in schema.nodes} >= {"Policy", "Measure", "Agency"}
    leads = schema.relationship("LEADS")
    assert (leads.source, leads.target) == ("Agency", "Measure")
    assert "position" in schema.relationship("SUPPORTS").properties
    assert schema.relationship("HAS_MEASURE").source == "Policy"
    assert schema.relationship("ISSUED_BY").target == "Agency"


def test_graph_builder_rejects_unknown_labels_and_wrong_endpoints():
    builder = GraphBuilder()
    with pytest.raises(KeyError):
        builder.node("Planet", "x")
    agency = builder.node("Agency", "上海市商务委员会")
    policy = builder.node("Policy", "沪府办发〔2024〕31号")
    with pytest.raises(ValueError):
        builder.relate("LEADS", policy, agency, doc_id="d", start=0, end=1, evidence="")


def test_graph_every_relationship_has_provenance(graph):
    for _, _, data in graph.edges(data=True):
        assert data["doc_id"]
        if data["type"] != "HAS_SOURCE":  # the link to the whole file has no span
            assert data["end"] > data["start"] >= 0


def test_graph_measure_leads_and_supports(graph):
    commerce = "Agency:上海市商务委员会"
    led = [v for _, v, d in graph.out_edges(commerce, data=True) if d["type"] == "LEADS"]
    assert len(led) == 11  # 市商务委 leads 11 of the 23 measures of 002
    policy = "Policy:沪府办发〔2024〕31号"
    measures = [v for _, v, d in graph.out_edges(policy, data=True) if d["type"] == "HAS_MEASURE"]
    assert len(measures) == 23
    issued = [v for _, v, d in graph.out_edges(policy, data=True) if d["type"] == "ISSUED_BY"]
    assert issued == ["Agency:上海市人民政府办公厅"]


def test_graph_node_link_round_trip(graph, tmp_path):
    path = tmp_path / "graph.json"
    write_node_link(graph, path)
    again = read_node_link(path)
    assert again.number_of_nodes() == graph.number_of_nodes()
    assert again.number_of_edges() == graph.number_of_edges()


def test_graph_building_twice_is_identical(tmp_path):
    path = next(bundled_texts().glob("002_*.txt"))
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_node_link(build_graph([extract_file(path)]), a)
    write_node_link(build_graph([extract_file(path)]), b)
    assert a.read_bytes() == b.read_bytes()
