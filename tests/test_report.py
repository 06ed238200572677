"""Report charts: counts behind them, PNG and SVG files with Chinese text, the font check."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from policykg.cli import bundled_texts
from policykg.explore_command import report as report_command
from policykg.extract.pipeline import extract_file, iter_text_files
from policykg.graph import report
from policykg.graph.builder import build_graph, write_node_link

PLAN_002 = next(bundled_texts().glob("002_*.txt"))
PLAN_002_TITLE = "上海市推动数字贸易和服务贸易高质量发展的实施方案"
COMMERCE = "上海市商务委员会"  # 002 line 68: "(责任单位:市商务委、市科委…"
CUSTOMS = "中华人民共和国上海海关"  # 002 line 107: "(责任单位:市商务委、上海海关、临港…"
CHARTS = ("agency-ranking", "co-responsibility", "targets-by-year")


@pytest.fixture(scope="module")
def bundled_graph() -> nx.MultiDiGraph:
    return build_graph([extract_file(p) for p in iter_text_files([bundled_texts()])])


@pytest.fixture(scope="module")
def plan_graph() -> nx.MultiDiGraph:
    return build_graph([extract_file(PLAN_002)])


@pytest.fixture(scope="module")
def charts(bundled_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return out, report.write_report(bundled_graph, out)


def test_report_agency_loads_count_distinct_measures(plan_graph):
    first = report.agency_loads(plan_graph)[0]
    assert (first.name, first.level, first.led, first.supported) == (COMMERCE, "municipal", 11, 5)


def test_report_co_responsibility_weights_shared_measures(plan_graph):
    network = report.co_responsibility(plan_graph)
    assert network.nodes[COMMERCE] == {"level": "municipal", "measures": 16}
    assert network.edges[COMMERCE, CUSTOMS]["weight"] == 6


def test_report_targets_by_year_counts_per_setting_policy(plan_graph):
    assert report.targets_by_year(plan_graph) == {2029: {PLAN_002_TITLE: 3}}


def test_report_writes_png_and_svg_for_each_chart(charts):
    out, paths = charts
    assert sorted(p.name for p in paths) == sorted(
        f"{c}.{f}" for c in CHARTS for f in ("png", "svg")
    )
    for path in paths:
        assert path.parent == out
        assert path.stat().st_size > (20_000 if path.suffix == ".png" else 5_000), path.name
        if path.suffix == ".png":
            assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_report_svg_keeps_chinese_agency_names_as_text(charts):
    out, _paths = charts
    family = report.cjk_font_family()
    for chart in ("agency-ranking", "co-responsibility"):
        svg = (out / f"{chart}.svg").read_text(encoding="utf-8")
        assert f"{COMMERCE}</text>" in svg, chart
        assert f"font-family: '{family}'" in svg, chart


def test_report_targets_chart_names_the_setting_policies(charts):
    out, _paths = charts
    svg = (out / "targets-by-year.svg").read_text(encoding="utf-8")
    assert f">{PLAN_002_TITLE}</text>" in svg
    assert ">2025</text>" in svg


def test_report_without_targets_explains_the_empty_chart(plan_graph, tmp_path):
    graph = plan_graph.copy()
    graph.remove_nodes_from([n for n, d in plan_graph.nodes(data=True) if d["label"] == "Target"])
    report.write_report(graph, tmp_path)
    svg = (tmp_path / "targets-by-year.svg").read_text(encoding="utf-8")
    assert "No Target node with a `year` in this graph" in svg


def test_report_font_env_must_name_a_cjk_font(tmp_path, monkeypatch):
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_text("not a font")
    monkeypatch.setenv(report.FONT_ENV, str(not_a_font))
    report.cjk_font_path.cache_clear()
    try:
        with pytest.raises(report.FontError, match="is not a readable font covering Chinese"):
            report.cjk_font_path()
    finally:
        report.cjk_font_path.cache_clear()


def test_report_font_is_chosen_by_file_path():
    path = report.cjk_font_path()
    assert path.is_file()
    assert report._covers_cjk(str(path))


def test_report_command_writes_the_charts(plan_graph, tmp_path):
    graph_file = tmp_path / "graph.json"
    write_node_link(plan_graph, graph_file)
    out = tmp_path / "charts"
    args = ["--graph", str(graph_file), "--out", str(out), "--top", "5"]
    result = CliRunner().invoke(report_command, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{c}.{f}" for c in CHARTS for f in ("png", "svg")
    )
    assert "top 5 of" in (out / "agency-ranking.svg").read_text(encoding="utf-8")


def test_report_without_any_cjk_font_says_what_to_install(monkeypatch):
    monkeypatch.delenv(report.FONT_ENV, raising=False)
    monkeypatch.setattr(report, "_fontconfig_candidates", list)
    monkeypatch.setattr(report.font_manager, "findSystemFonts", list)
    report.cjk_font_path.cache_clear()
    try:
        with pytest.raises(report.FontError, match="apt-get install fonts-noto-cjk"):
            report.cjk_font_path()
    finally:
        report.cjk_font_path.cache_clear()
