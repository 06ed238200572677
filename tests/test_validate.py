"""SHACL validation of the graph: the bundled graph conforms; broken graphs give readable reports."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policykg.cli import bundled_texts, cli
from policykg.extract.pipeline import extract_file, iter_text_files
from policykg.graph.builder import build_graph
from policykg.graph.validate import validate_graph
from policykg.ontology.schema import load_schema

PLAN_002 = next(bundled_texts().glob("002_*.txt"))
DOC_002 = PLAN_002.stem
# 002 line 43: "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东" opens measure (一), whose
# responsibility clause (line 49) starts "(责任单位:市经济信息\n\n化委、市通信管理局…".
MEASURE_1 = f"Measure:{DOC_002}#(一)@448"
ECONOMY = "Agency:上海市经济和信息化委员会"
COMMERCE = "Agency:上海市商务委员会"
POLICY_002 = "Policy:沪府办发〔2024〕31号"


@pytest.fixture(scope="module")
def graph_002():
    return build_graph([extract_file(PLAN_002)])


@pytest.fixture
def graph(graph_002):
    return graph_002.copy()  # each test breaks its own copy


def edge(graph, source: str, target: str, type_: str) -> dict:
    return next(
        d for _, v, d in graph.out_edges(source, data=True) if (v, d["type"]) == (target, type_)
    )


def test_validate_bundled_graph_conforms():
    graph = build_graph([extract_file(p) for p in iter_text_files([bundled_texts()])])
    report = validate_graph(graph)
    assert report.violations == ()
    assert report.conforms


def test_validate_measure_without_policy_names_document_and_span(graph):
    key = next(k for _, v, k in graph.out_edges(POLICY_002, keys=True) if v == MEASURE_1)
    graph.remove_edge(POLICY_002, MEASURE_1, key)
    report = validate_graph(graph)
    assert not report.conforms
    assert report.format().splitlines() == [
        "SHACL validation: 1 violation in 1 document",
        DOC_002,
        f"  [448:595] {MEASURE_1} (incoming HAS_MEASURE): "
        "every measure belongs to exactly one policy (HAS_MEASURE)",
    ]


def test_validate_leads_without_span_names_document(graph):
    data = edge(graph, ECONOMY, MEASURE_1, "LEADS")
    del data["start"], data["end"]
    report = validate_graph(graph)
    assert report.format().splitlines() == [
        "SHACL validation: 2 violations in 1 document",
        DOC_002,
        f"  [no span] LEADS {ECONOMY} -> {MEASURE_1} (end): "
        "needs a source span: exactly one end offset, an integer >= 0",
        f"  [no span] LEADS {ECONOMY} -> {MEASURE_1} (start): "
        "needs a source span: exactly one start offset, an integer >= 0, not after end",
    ]


def test_validate_empty_span_of_supports_is_a_violation(graph):
    # 002 line 68: "(责任单位:市商务委、市科委、市经济信息化委、浦东新区政府)" of measure (三).
    measure_3 = f"Measure:{DOC_002}#(三)@742"
    data = edge(graph, ECONOMY, measure_3, "SUPPORTS")
    data["end"] = data["start"]
    (violation,) = validate_graph(graph).violations
    assert (violation.doc_id, violation.start, violation.end) == (DOC_002, 847, 847)
    assert violation.focus == f"SUPPORTS {ECONOMY} -> {measure_3}"
    assert violation.message.startswith("a fact's source span is empty")


def test_validate_agency_level_outside_the_allowed_set(graph):
    graph.nodes[COMMERCE]["level"] = "city"
    (violation,) = validate_graph(graph).violations
    assert (violation.focus, violation.path, violation.value) == (COMMERCE, "level", "city")
    assert violation.message == (
        "an agency has one level: national, municipal, district, other or collective"
    )
    # An agency has no span of its own: the report points at its first fact.
    assert (violation.doc_id, violation.start, violation.end) == (DOC_002, 723, 727)


def test_validate_property_not_in_the_ontology(graph):
    graph.nodes[COMMERCE]["colour"] = "red"
    (violation,) = validate_graph(graph).violations
    assert (violation.path, violation.value) == ("colour", "red")
    assert violation.message == "`colour` is not a property the ontology gives this class"


def test_validate_relationship_from_the_wrong_class(graph):
    graph.add_edge(
        POLICY_002, MEASURE_1, key="x", type="LEADS", doc_id=DOC_002, start=448, end=452,
        evidence="", position=1, surface="x",
    )  # fmt: skip
    messages = {v.message for v in validate_graph(graph).violations}
    assert "LEADS and SUPPORTS start at an Agency" in messages


def test_validate_fact_from_a_document_not_in_the_graph(graph):
    edge(graph, ECONOMY, MEASURE_1, "LEADS")["doc_id"] = "missing"
    (violation,) = validate_graph(graph).violations
    assert (violation.doc_id, violation.path, violation.value) == (
        "missing",
        "prov:wasDerivedFrom",
        "Document:missing",
    )


def test_validate_every_relationship_property_of_the_ontology_is_required(graph_002):
    for rel in load_schema().relationships:
        for name in rel.properties:
            graph = graph_002.copy()
            data = next(d for *_, d in graph.edges(data=True) if d["type"] == rel.type)
            del data[name]
            paths = {v.path for v in validate_graph(graph).violations}
            assert paths == {name}, (rel.type, name)


def test_validate_build_command_fails_on_a_violation(tmp_path, monkeypatch):
    def broken_graph(extractions, gazetteer=None):
        graph = build_graph(extractions, gazetteer)
        graph.nodes[COMMERCE]["level"] = "city"
        return graph

    monkeypatch.setattr("policykg.build.build_graph", broken_graph)
    args = ["build", str(PLAN_002), "--out", str(tmp_path), "--no-table"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"{DOC_002}\n  [723:727] {COMMERCE} (level): an agency has one level" in result.output
    assert CliRunner().invoke(cli, [*args, "--no-validate"]).exit_code == 0
