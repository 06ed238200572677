"""Exports: RDF and GraphML round trips, neo4j-admin CSVs and their bulk import, tables, CLI."""

from __future__ import annotations

import csv
import json
import socket
from collections import Counter

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase
from rdflib import RDF, Graph, URIRef

from policykg.cli import bundled_texts
from policykg.export_command import export as export_command
from policykg.extract.pipeline import extract_file, iter_text_files
from policykg.graph import neo4j_server
from policykg.graph.builder import build_graph, write_node_link
from policykg.graph.bulk_import import bulk_import
from policykg.graph.export import ARRAY_DELIMITER, export
from policykg.graph.frames import to_dataframes, to_networkx
from policykg.graph.loader import clear_database, load_graph
from policykg.graph.rdf import fact_iri, node_iri, to_rdf
from policykg.ontology.schema import load_schema

PLAN_002 = next(bundled_texts().glob("002_*.txt"))
COMMERCE = (
    "Agency:上海市商务委员会"  # 002 line 68: "(责任单位:市商务委、市科委…" lists it as 市商务委
)


@pytest.fixture(scope="module")
def graph():
    return build_graph([extract_file(p) for p in iter_text_files([bundled_texts()])])


def rdf_counts(rdf: Graph) -> tuple[Counter, int, int]:
    """(nodes per class, facts, triples) of an RDF view."""
    classes = {URIRef(n.iri): n.label for n in load_schema().nodes}
    per_class = Counter(classes[c] for _, c in rdf.subject_objects(RDF.type) if c in classes)
    facts = sum(1 for _ in rdf.subjects(RDF.type, RDF.Statement))
    return per_class, facts, len(rdf)


def test_export_node_iris_are_stable_and_urlencoded():
    assert node_iri("Agency", "上海市商务委员会") == URIRef(
        "https://w3id.org/policykg/id/Agency/"
        "%E4%B8%8A%E6%B5%B7%E5%B8%82%E5%95%86%E5%8A%A1%E5%A7%94%E5%91%98%E4%BC%9A"
    )
    assert node_iri("Policy", "doc:000_x/y") == URIRef(
        "https://w3id.org/policykg/id/Policy/doc%3A000_x%2Fy"
    )


def test_export_fact_iri_names_type_endpoints_and_edge_key():
    assert fact_iri("LEADS", "A", "M#(一)@1", "LEADS|d|5|9") == URIRef(
        "https://w3id.org/policykg/id/LEADS/A/M%23%28%E4%B8%80%29%401/LEADS%7Cd%7C5%7C9"
    )


@pytest.mark.parametrize(("fmt", "name", "rdf_format"), [("turtle", "graph.ttl", "turtle"), ("jsonld", "graph.jsonld", "json-ld")])  # fmt: skip
def test_export_rdf_parses_back_with_the_same_counts(graph, tmp_path, fmt, name, rdf_format):
    (path,) = export(graph, fmt, tmp_path)
    assert path == tmp_path / name
    parsed = Graph().parse(path, format=rdf_format)
    per_class, facts, triples = rdf_counts(parsed)
    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    assert (per_class, facts) == (labels, graph.number_of_edges())
    assert triples == len(to_rdf(graph).graph)


def test_export_rdf_keeps_a_fact_with_its_provenance(tmp_path):
    graph = build_graph([extract_file(PLAN_002)])
    parsed = Graph().parse(export(graph, "turtle", tmp_path)[0], format="turtle")
    rows = parsed.query(
        """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT ?start ?end ?surface WHERE {
            ?fact rdf:subject ?agency ; rdf:predicate pkg:leads ; rdf:object ?measure ;
                  pkg:start ?start ; pkg:end ?end ; pkg:surface ?surface .
            ?measure pkg:number "(三)" .
            ?agency pkg:key "上海市商务委员会" .
        }"""
    )
    # 002 line 68: the clause of measure (三) names 市商务委 first, so it leads.
    assert [(r.start.toPython(), r.end.toPython(), str(r.surface)) for r in rows] == [
        (838, 842, "市商务委")
    ]


def test_export_graphml_round_trips_counts_and_lists(graph, tmp_path):
    (path,) = export(graph, "graphml", tmp_path)
    again = nx.read_graphml(path, force_multigraph=True)
    assert (again.number_of_nodes(), again.number_of_edges()) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    assert json.loads(again.nodes[COMMERCE]["aliases"]) == graph.nodes[COMMERCE]["aliases"]


def test_export_neo4j_csv_headers_are_typed_for_neo4j_admin(graph, tmp_path):
    export(graph, "neo4j-csv", tmp_path)
    out = tmp_path / "neo4j-import"

    def header(name: str) -> str:
        return (out / name).read_text(encoding="utf-8").splitlines()[0]

    assert header("nodes_Agency.csv") == (
        "key:ID(Agency),:LABEL,alias_text,aliases:string[],level,name"
    )
    assert header("nodes_Measure.csv") == (
        "key:ID(Measure),:LABEL,doc_id,end:int,name,number,section,start:int,text"
    )
    assert header("relationships_LEADS.csv") == (
        ":START_ID(Agency),:END_ID(Measure),:TYPE,doc_id,end:int,evidence,position:int,start:int,"
        "surface"
    )


def test_export_neo4j_csv_has_one_row_per_node_and_relationship(graph, tmp_path):
    files = export(graph, "neo4j-csv", tmp_path)

    def rows(prefix: str) -> list[dict]:
        found = [f for f in files if f.name.startswith(prefix)]
        return [r for f in found for r in csv.DictReader(f.open(encoding="utf-8"))]

    assert len(rows("nodes_")) == graph.number_of_nodes()
    assert len(rows("relationships_")) == graph.number_of_edges()
    agency = next(r for r in rows("nodes_Agency") if r["key:ID(Agency)"] == "上海市商务委员会")
    aliases = graph.nodes[COMMERCE]["aliases"]
    assert "市商务委" in aliases
    assert agency["aliases:string[]"].split(ARRAY_DELIMITER) == aliases


def test_export_tables_as_csv_and_parquet(graph, tmp_path):
    export(graph, "csv", tmp_path)
    export(graph, "parquet", tmp_path)
    for suffix in ("csv", "parquet"):
        read = pd.read_csv if suffix == "csv" else pd.read_parquet
        nodes, edges = read(tmp_path / f"nodes.{suffix}"), read(tmp_path / f"edges.{suffix}")
        assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
    nodes = pd.read_parquet(tmp_path / "nodes.parquet").set_index("id")
    expected = graph.nodes[COMMERCE]["aliases"]
    assert list(nodes.loc[COMMERCE, "aliases"]) == expected
    aliases = pd.read_csv(tmp_path / "nodes.csv").set_index("id").loc[COMMERCE, "aliases"]
    assert json.loads(aliases) == expected


def test_frames_dataframes_keep_integers_and_lists(graph):
    nodes, edges = to_dataframes(graph)
    assert list(nodes.columns[:4]) == ["id", "label", "key", "name"]
    assert list(edges.columns[:8]) == [
        "source", "target", "key", "type", "doc_id", "start", "end", "evidence",
    ]  # fmt: skip
    assert str(nodes["start"].dtype) == "Int64"  # measures have spans, agencies not
    assert nodes.set_index("id").loc[COMMERCE, "aliases"] == graph.nodes[COMMERCE]["aliases"]
    leads = edges[(edges.type == "LEADS") & (edges.source == COMMERCE)]
    assert len(leads) == len(
        [1 for *_, d in graph.out_edges(COMMERCE, data=True) if d["type"] == "LEADS"]
    )


def test_frames_to_networkx_reads_graph_json_and_texts(tmp_path):
    from_texts = to_networkx(PLAN_002)
    write_node_link(from_texts, tmp_path / "graph.json")
    from_json = to_networkx(tmp_path / "graph.json")
    assert sorted(from_json.nodes) == sorted(from_texts.nodes)
    assert from_json.number_of_edges() == from_texts.number_of_edges() > 100


def test_export_command_writes_each_format(tmp_path):
    graph_file = tmp_path / "graph.json"
    graph = build_graph([extract_file(PLAN_002)])
    write_node_link(graph, graph_file)
    out = tmp_path / "out"
    args = ["--graph", str(graph_file), "--format", "turtle", "--format", "neo4j-csv"]
    result = CliRunner().invoke(export_command, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").exists()
    assert (out / "neo4j-import" / "import.sh").exists()
    assert (
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships" in result.output
    )


def test_export_command_rejects_paths_with_graph(tmp_path):
    graph_file = tmp_path / "graph.json"
    graph = build_graph([extract_file(PLAN_002)])
    write_node_link(graph, graph_file)
    args = [str(PLAN_002), "--graph", str(graph_file), "--format", "csv"]
    result = CliRunner().invoke(export_command, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "either PATHS or --graph" in result.output


# ---------------------------------------------------------------------------------------------
# Bulk import into a fresh, separate server: same graph as the Bolt loader gives


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((neo4j_server.HOST, 0))
        return sock.getsockname()[1]


def snapshot(driver) -> tuple[list, list]:
    """Every node and relationship with its properties, in a stable order."""

    def frozen(props: dict) -> tuple:
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items()))

    nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p").records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.key AS a, b.key AS b, properties(r) AS p"
    ).records
    return (
        sorted((tuple(r["l"]), frozen(r["p"])) for r in nodes),
        sorted((r["t"], r["a"], r["b"], frozen(r["p"])) for r in rels),
    )


@pytest.mark.neo4j
def test_export_bulk_import_gives_the_graph_of_the_bolt_loader(graph, tmp_path, neo4j_driver):
    clear_database(neo4j_driver)
    load_graph(neo4j_driver, graph)
    loaded = snapshot(neo4j_driver)
    assert (len(loaded[0]), len(loaded[1])) == (graph.number_of_nodes(), graph.number_of_edges())
    # A fresh server home on a free port, with the main server's jars (fetched by the fixture).
    export(graph, "neo4j-csv", tmp_path)
    config = neo4j_server.ServerConfig(home=tmp_path / "neo4j", bolt_port=free_port())
    config.home.mkdir()
    config.lib_dir.symlink_to(neo4j_server.ServerConfig.from_env().lib_dir)
    stats = bulk_import(tmp_path / "neo4j-import", config)
    assert (stats.nodes, stats.relationships) == (graph.number_of_nodes(), graph.number_of_edges())
    neo4j_server.start(config)
    try:
        uri, user, password = neo4j_server.connection_settings(config)
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            imported = snapshot(driver)
    finally:
        neo4j_server.stop(config)
    assert imported == loaded  # same nodes, relationships and properties
