"""The HTML explorer (data embedded, offline) and the Neo4j Browser assets."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from policykg.cli import bundled_texts
from policykg.explore_command import explore as explore_command
from policykg.extract.pipeline import extract_file, iter_text_files
from policykg.graph.browser import ASSET_DIR, browser_assets
from policykg.graph.browser.saved_queries import saved_script
from policykg.graph.browser.style import NEO4J_BROWSER_PALETTE, class_styles, grass
from policykg.graph.builder import build_graph, write_node_link
from policykg.graph.explore import explorer_data, render_explorer, write_explorer
from policykg.ontology.schema import load_schema
from policykg.queries.library import load_queries

PLAN_002 = next(bundled_texts().glob("002_*.txt"))
COMMERCE = "Agency:上海市商务委员会"
# 002 line 102-107: "(七)推动扩展跨境电商进口业务 …(责任单位:市商务委、上海海关、临港…"
CROSS_BORDER = "推动扩展跨境电商进口业务"
_DATA_BLOCK = re.compile(r'<script type="application/json" id="policykg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def bundled_graph() -> nx.MultiDiGraph:
    return build_graph([extract_file(p) for p in iter_text_files([bundled_texts()])])


@pytest.fixture(scope="module")
def plan_graph() -> nx.MultiDiGraph:
    return build_graph([extract_file(PLAN_002)])


def embedded(html: str) -> dict:
    return json.loads(_DATA_BLOCK.search(html).group(1))


def test_explore_page_embeds_every_node_and_relationship(bundled_graph):
    data = embedded(render_explorer(bundled_graph))
    assert len(data["nodes"]) == bundled_graph.number_of_nodes()
    assert len(data["edges"]) == bundled_graph.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(bundled_graph.nodes)


def test_explore_page_loads_nothing_from_outside(bundled_graph):
    html = render_explorer(bundled_graph)
    page = _DATA_BLOCK.sub("", html)  # the texts may quote web addresses: data, never loaded
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.I)
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]*\bsrc=|@import|url\(", page, re.I)
    assert not re.search(r"\b(fetch|XMLHttpRequest|WebSocket|importScripts)\b", page)


def test_explore_data_classes_and_colours_come_from_the_ontology(plan_graph):
    schema = load_schema()
    data = explorer_data(plan_graph, schema)
    styles = class_styles(schema)
    assert [c["label"] for c in data["classes"]] == [n.label for n in schema.nodes]
    assert [c["color"] for c in data["classes"]] == [styles[n.label].color for n in schema.nodes]
    assert [r["type"] for r in data["relations"]] == [r.type for r in schema.relationships]
    agency = next(c for c in data["classes"] if c["label"] == "Agency")
    agencies = sum(1 for _n, d in plan_graph.nodes(data=True) if d["label"] == "Agency")
    assert agency["label_zh"] == "机构" and agency["count"] == agencies


def test_explore_data_keeps_aliases_and_provenance(plan_graph):
    data = explorer_data(plan_graph)
    nodes = data["nodes"]
    commerce = next(i for i, n in enumerate(nodes) if n["id"] == COMMERCE)
    assert "市商务委" in nodes[commerce]["aliases"]
    measure = next(i for i, n in enumerate(nodes) if n.get("name") == CROSS_BORDER)
    lead = next(e for e in data["edges"] if e["s"] == commerce and e["t"] == measure)
    assert lead["type"] == "LEADS" and lead["surface"] == "市商务委" and lead["position"] == 1
    assert lead["doc_id"] == PLAN_002.stem
    assert lead["evidence"].startswith("(责任单位:市商务委、上海海关")
    assert PLAN_002.read_text()[lead["start"] : lead["end"]] == "市商务委"


def test_explore_data_marks_the_responsibility_roles(plan_graph):
    roles = {r["type"]: r["role"] for r in explorer_data(plan_graph)["relations"] if r["role"]}
    assert roles == {"LEADS": "lead", "SUPPORTS": "support"}


def test_explore_page_escapes_markup_inside_the_data():
    graph = nx.MultiDiGraph()
    graph.add_node("Agency:x", label="Agency", key="x", name="</script><!-- 市商务委 & co")
    html = render_explorer(graph, title="a <b> & c")
    assert html.count("</script>") == 2  # the data block and the program, nothing else
    assert "<!--" not in html
    assert embedded(html)["nodes"][0]["name"] == "</script><!-- 市商务委 & co"
    assert "<title>a &lt;b&gt; &amp; c</title>" in html


def test_explore_write_creates_the_parent_directory(plan_graph, tmp_path):
    path = write_explorer(plan_graph, tmp_path / "deep" / "explorer.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_explore_command_writes_the_page_from_graph_json(plan_graph, tmp_path):
    graph_file = tmp_path / "graph.json"
    write_node_link(plan_graph, graph_file)
    out = tmp_path / "explorer.html"
    result = CliRunner().invoke(explore_command, ["--graph", str(graph_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    nodes, edges = plan_graph.number_of_nodes(), plan_graph.number_of_edges()
    assert len(embedded(out.read_text(encoding="utf-8"))["nodes"]) == nodes
    assert f"{nodes} nodes, {edges} relationships" in result.output


def test_explore_command_rejects_paths_with_graph(plan_graph, tmp_path):
    graph_file = tmp_path / "graph.json"
    write_node_link(plan_graph, graph_file)
    args = [str(PLAN_002), "--graph", str(graph_file), "--out", str(tmp_path / "x.html")]
    result = CliRunner().invoke(explore_command, args)
    assert result.exit_code == 2
    assert "either PATHS or --graph" in result.output


# ---------------------------------------------------------------------------------------------
# Neo4j Browser assets


def test_explore_grass_has_a_rule_per_ontology_class():
    sheet = grass()
    for node in load_schema().nodes:
        rule = re.search(rf"node\.{node.label} \{{(.*?)\n\}}", sheet, re.S)
        assert rule is not None, node.label
        assert 'caption: "{name}";' in rule.group(1)
    first = load_schema().nodes[0].label
    assert f"node.{first} {{\n  color: {NEO4J_BROWSER_PALETTE[0][0]};" in sheet


def test_explore_class_colours_are_distinct():
    colours = [s.color for s in class_styles().values()]
    assert len(set(colours)) == len(colours)


def test_explore_saved_script_sets_parameters_before_the_statement():
    script = saved_script(load_queries()["list_agency_measures"])
    lines = script.splitlines()
    assert lines[0] == "// Measures an agency is responsible for"
    param = lines.index(":param agency => null;")
    assert lines[param + 1].startswith("MATCH (a:Agency)")
    assert script.endswith(";\n") and script.count(";\n") == 2


def test_explore_browser_assets_are_current():
    # Regenerate with `python -m policykg.graph.browser` after changing the ontology or queries.
    expected = browser_assets()
    committed = {
        str(p.relative_to(ASSET_DIR)): p.read_text(encoding="utf-8")
        for p in [ASSET_DIR / "policykg.grass", *sorted((ASSET_DIR / "saved-queries").glob("*"))]
    }
    assert committed == expected
