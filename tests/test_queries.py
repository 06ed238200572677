"""The named Cypher queries, `policykg query` and `policykg cypher`.

Header parsing and output formatting need no server. The rest runs against a real Neo4j
holding the bundled graph: every named query must give the answer that the plain networkx
code below computes from the same in-memory graph.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file
from policykg.graph import neo4j_server
from policykg.graph.builder import build_graph
from policykg.graph.loader import clear_database, load_graph
from policykg.queries.library import (
    NamedQuery,
    QueryError,
    QueryFileError,
    ReadOnlyViolation,
    load_queries,
    parse_query,
    run_cypher,
    run_query,
)
from policykg.query_commands import (
    cypher,
    display_width,
    format_csv,
    format_table,
    parse_params,
    query,
)

PLAN_002 = "沪府办发〔2024〕31号"  # 002 l.6
TITLE_003 = "上海市服务业发展“十四五”规划"  # 003 l.1-2
DOC_001 = next(bundled_texts().glob("001_*.txt")).stem  # a report without a document number
INJECTIONS = ("'}) DETACH DELETE n //", "市商务委'; MATCH (n) DETACH DELETE n; //")
REQUIRED = {
    "list_measure_units",
    "list_agency_measures",
    "list_co_responsibility",
    "rank_agencies",
    "list_entity_facts",
    "find_shortest_path",
    "search_entities",
}


# ---------------------------------------------------------------------------------------------
# Query files (no server)


def test_queries_every_bundled_file_parses_with_title_and_description():
    queries = load_queries()
    assert set(queries) >= REQUIRED
    for name, named in queries.items():
        assert named.name == name
        assert named.title and named.description
        assert not named.cypher.lstrip().startswith("//")


def test_queries_declared_parameters_of_list_measure_units():
    named = load_queries()["list_measure_units"]
    assert named.parameter_names == ("policy",)
    assert "doc_id" in named.parameters[0].description


def test_queries_header_description_lines_are_joined():
    named = parse_query(
        "list_things",
        "// title: Things\n// description: first line\n// description: second line\n"
        "// param x: an x\nRETURN $x AS x;\n",
    )
    assert named == NamedQuery(
        "list_things", "RETURN $x AS x", "Things", "first line second line", named.parameters
    )
    assert [(p.name, p.description) for p in named.parameters] == [("x", "an x")]


def test_queries_header_without_title_is_rejected():
    with pytest.raises(QueryFileError, match="title"):
        parse_query("list_things", "// description: d\nRETURN 1")


def test_queries_header_without_description_is_rejected():
    with pytest.raises(QueryFileError, match="description"):
        parse_query("list_things", "// title: t\nRETURN 1")


def test_queries_undeclared_parameter_is_rejected():
    with pytest.raises(QueryFileError, match=r"\$agency used but not declared"):
        parse_query("list_things", "// title: t\n// description: d\nRETURN $agency")


def test_queries_unused_declared_parameter_is_rejected():
    text = "// title: t\n// description: d\n// param agency: a\nRETURN 1"
    with pytest.raises(QueryFileError, match="declared but not used"):
        parse_query("list_things", text)


def test_queries_dollar_inside_string_or_comment_is_not_a_parameter():
    text = "// title: t\n// description: d\nRETURN '$price' AS a, \"$x\" AS b // $y\n"
    assert parse_query("list_things", text).parameters == ()


def test_queries_two_statements_are_rejected():
    with pytest.raises(QueryFileError, match="one statement"):
        parse_query("list_things", "// title: t\n// description: d\nRETURN 1; RETURN 2")


def test_queries_unknown_header_line_is_rejected():
    with pytest.raises(QueryFileError, match="header lines"):
        parse_query("list_things", "// title: t\n// author: me\n// description: d\nRETURN 1")


def test_queries_file_name_must_be_verb_noun():
    with pytest.raises(QueryFileError, match="verb"):
        parse_query("Things", "// title: t\n// description: d\nRETURN 1")


def test_queries_load_from_directory_reports_the_bad_file(tmp_path):
    (tmp_path / "list_things.cypher").write_text("// description: d\nRETURN 1\n")
    with pytest.raises(QueryFileError, match=r"list_things\.cypher"):
        load_queries(tmp_path)


# ---------------------------------------------------------------------------------------------
# Parameters and output (no server)


def test_queries_params_are_json_else_text():
    params = parse_params(["limit=10", "agency=市商务委", "xs=[1, 2]", 'year="2024"', "k=null"])
    assert params == {"limit": 10, "agency": "市商务委", "xs": [1, 2], "year": "2024", "k": None}


def test_queries_params_keep_equals_signs_in_the_value():
    assert parse_params(["q=a=b"]) == {"q": "a=b"}


def test_queries_params_without_equals_are_rejected():
    runner = CliRunner()
    result = runner.invoke(query, ["rank_agencies", "--param", "limit"])
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.output


def test_queries_display_width_counts_wide_characters_twice():
    assert display_width("市商务委ab") == 10


def test_queries_table_aligns_chinese_and_cuts_long_cells():
    table = format_table(["agency", "n"], [("市商务委", 11), ("上海市经济和信息化委员会", 4)], 10)
    assert table.splitlines() == [
        "agency     n",
        "---------  --",
        "市商务委   11",
        "上海市经…  4",
    ]


def test_queries_csv_writes_lists_as_json():
    text = format_csv(["units", "n"], [(["市商务委", "市科委"], None)])
    assert text == 'units,n\n"[""市商务委"", ""市科委""]",'


# ---------------------------------------------------------------------------------------------
# The same answers from networkx (plain code, no Cypher)


def _value(value: Any) -> Any:
    """Neo4j stores no empty strings (the loader leaves them out): they read back as null."""
    return None if value == "" else value


def _nodes(g: nx.MultiDiGraph, label: str) -> list[tuple[str, dict]]:
    return [(n, d) for n, d in g.nodes(data=True) if d["label"] == label]


def _named(data: dict, text: str) -> bool:
    return data.get("name") == text or text in data.get("aliases", [])


def nx_measure_units(g: nx.MultiDiGraph, policy: str) -> list[tuple]:
    rows = []
    for p, pd in _nodes(g, "Policy"):
        sources = {
            g.nodes[v]["doc_id"]
            for _, v, e in g.out_edges(p, data=True)
            if e["type"] == "HAS_SOURCE"
        }
        if not policy or policy not in ({pd["doc_number"], pd["title"]} | sources):
            continue
        for _, m, e in g.out_edges(p, data=True):
            if e["type"] != "HAS_MEASURE":
                continue

            def units(type_: str, m: str = m) -> list[str]:
                edges = [
                    (ed["position"], g.nodes[a]["name"])
                    for a, _, ed in g.in_edges(m, data=True)
                    if ed["type"] == type_
                ]
                return [name for _, name in sorted(edges)]

            md = g.nodes[m]
            rows.append(
                (
                    pd["key"],
                    e["ordinal"],
                    md["number"],
                    md["name"],
                    units("LEADS"),
                    units("SUPPORTS"),
                )
            )
    return sorted(rows, key=lambda r: (r[0], r[1]))


def nx_agency_measures(g: nx.MultiDiGraph, agency: str) -> list[tuple]:
    rows = []
    for a, ad in _nodes(g, "Agency"):
        if not _named(ad, agency):
            continue
        for _, m, r in g.out_edges(a, data=True):
            if r["type"] not in ("LEADS", "SUPPORTS"):
                continue
            for p, _, hm in g.in_edges(m, data=True):
                if hm["type"] != "HAS_MEASURE":
                    continue
                pd, md = g.nodes[p], g.nodes[m]
                role = "lead" if r["type"] == "LEADS" else "support"
                rows.append(
                    (
                        ad["name"],
                        role,
                        r["position"],
                        pd["key"],
                        _value(pd["title"]),
                        hm["ordinal"],
                        md["number"],
                        md["name"],
                        r["doc_id"],
                        r["start"],
                        r["end"],
                        r["evidence"],
                    )
                )
    return sorted(rows, key=lambda r: (r[0], r[3], r[5], r[9], r[1]))


def nx_co_responsibility(g: nx.MultiDiGraph, min_count: int | None) -> list[tuple]:
    shared: dict[tuple[str, str], int] = {}
    for m, _ in _nodes(g, "Measure"):
        units = {a for a, _, e in g.in_edges(m, data=True) if e["type"] in ("LEADS", "SUPPORTS")}
        for a, b in itertools.combinations(sorted(g.nodes[u]["key"] for u in units), 2):
            shared[(a, b)] = shared.get((a, b), 0) + 1
    rows = [
        (a, b, n) for (a, b), n in shared.items() if n >= (1 if min_count is None else min_count)
    ]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def nx_rank_agencies(g: nx.MultiDiGraph, limit: int | None) -> list[tuple]:
    rows = []
    for a, ad in _nodes(g, "Agency"):
        led = {m for _, m, e in g.out_edges(a, data=True) if e["type"] == "LEADS"}
        supported = {m for _, m, e in g.out_edges(a, data=True) if e["type"] == "SUPPORTS"}
        if led or supported:
            rows.append(
                (
                    ad["name"],
                    _value(ad["level"]),
                    len(led),
                    len(supported),
                    len(led) + len(supported),
                )
            )
    rows.sort(key=lambda r: (-r[2], -r[3], r[0]))
    return rows[: 20 if limit is None else limit]


def nx_entity_facts(g: nx.MultiDiGraph, key: str | None, name: str | None) -> list[tuple]:
    rows = []
    for n, nd in g.nodes(data=True):
        if not (nd["key"] == key or (key is None and name is not None and _named(nd, name))):
            continue
        touching = [("out", v, e) for _, v, e in g.out_edges(n, data=True)]
        touching += [("in", u, e) for u, _, e in g.in_edges(n, data=True)]
        for direction, o, e in touching:
            od = g.nodes[o]
            rows.append(
                (
                    nd["label"],
                    nd["key"],
                    e["type"],
                    direction,
                    od["label"],
                    od["key"],
                    od["name"],
                    e["doc_id"],
                    e["start"],
                    e["end"],
                    _value(e["evidence"]),
                )
            )
    return sorted(rows, key=lambda r: (r[0], r[1], r[7], r[8], r[2], r[5]))


def nx_shortest_path(g: nx.MultiDiGraph, source: str, target: str) -> list[tuple]:
    undirected = g.to_undirected(as_view=True)
    best = None
    starts = [n for n, d in g.nodes(data=True) if _named(d, source)]
    ends = [n for n, d in g.nodes(data=True) if _named(d, target)]
    for a, b in itertools.product(starts, ends):
        if a == b or not nx.has_path(undirected, a, b):
            continue
        for path in nx.all_shortest_paths(undirected, a, b):
            if len(path) - 1 > 10:
                continue
            keys = [g.nodes[n]["key"] for n in path]
            hops = [
                sorted({d["type"] for d in undirected.get_edge_data(u, v).values()})
                for u, v in itertools.pairwise(path)
            ]
            for types in itertools.product(*hops):
                candidate = (len(path) - 1, keys, list(types), [g.nodes[n]["name"] for n in path])
                if best is None or candidate[:3] < best[:3]:
                    best = candidate
    if best is None:
        return []
    hops, keys, types, names = best
    return [(hops, names, types, keys)]


def nx_search(g: nx.MultiDiGraph, q: str) -> set[tuple]:
    text = q.strip().lower()
    return {
        (d["label"], d["key"], d["name"], tuple(d["aliases"]) if "aliases" in d else None)
        for _, d in g.nodes(data=True)
        if text
        and (text in d["name"].lower() or any(text in a.lower() for a in d.get("aliases", [])))
    }


# ---------------------------------------------------------------------------------------------
# Against the server


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph([extract_file(p) for p in sorted(bundled_texts().glob("*.txt"))])


@pytest.fixture(scope="module")
def loaded(neo4j_driver, graph):
    clear_database(neo4j_driver)
    load_graph(neo4j_driver, graph)
    return neo4j_driver


def rows_of(driver, query_name: str, **params: Any) -> list[tuple]:
    return run_query(driver, load_queries()[query_name], params)[1]


def counts(driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


@pytest.mark.neo4j
def test_queries_every_named_query_runs(loaded):
    typical = {
        "policy": PLAN_002,
        "agency": "市商务委",
        "min_count": 2,
        "limit": 5,
        "key": "上海市商务委员会",
        "from": "市商务委",
        "to": "国家文物局",
        "q": "商务",
        "name": None,
        "year": 2025,
        "base": None,
        "indicator": None,
    }
    for named in load_queries().values():
        columns, rows = run_query(loaded, named, {p: typical[p] for p in named.parameter_names})
        assert columns and rows, named.name


@pytest.mark.neo4j
def test_queries_list_measure_units_reads_the_responsibility_list(loaded):
    # 002 l.68: （责任单位：市商务委、市科委、市经济信息化委、浦东新区政府）, after measure (三)
    columns, rows = run_query(loaded, load_queries()["list_measure_units"], {"policy": PLAN_002})
    assert columns == ["policy", "ordinal", "number", "measure", "lead_units", "support_units"]
    assert rows[2] == (
        PLAN_002,
        3,
        "(三)",
        "发展高端服务外包拓展数字服务贸易",
        ["上海市商务委员会"],
        ["上海市科学技术委员会", "上海市经济和信息化委员会", "上海市浦东新区人民政府"],
    )


@pytest.mark.neo4j
@pytest.mark.parametrize("policy", [PLAN_002, TITLE_003, DOC_001, ""])
def test_queries_list_measure_units_equals_networkx(loaded, graph, policy):
    assert rows_of(loaded, "list_measure_units", policy=policy) == nx_measure_units(graph, policy)


@pytest.mark.neo4j
@pytest.mark.parametrize("agency", ["市商务委", "上海市商务委员会", "中央宣传部", "不存在的单位"])
def test_queries_list_agency_measures_equals_networkx(loaded, graph, agency):
    assert rows_of(loaded, "list_agency_measures", agency=agency) == nx_agency_measures(
        graph, agency
    )


@pytest.mark.neo4j
@pytest.mark.parametrize("min_count", [None, 1, 5])
def test_queries_list_co_responsibility_equals_networkx(loaded, graph, min_count):
    expected = nx_co_responsibility(graph, min_count)
    assert rows_of(loaded, "list_co_responsibility", min_count=min_count) == expected


@pytest.mark.neo4j
def test_queries_list_co_responsibility_defaults_min_count_to_one(loaded):
    named = load_queries()["list_co_responsibility"]
    assert run_query(loaded, named, {}) == run_query(loaded, named, {"min_count": 1})


@pytest.mark.neo4j
@pytest.mark.parametrize("limit", [None, 3, 100])
def test_queries_rank_agencies_equals_networkx(loaded, graph, limit):
    assert rows_of(loaded, "rank_agencies", limit=limit) == nx_rank_agencies(graph, limit)


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("上海市商务委员会", None),
        (None, "市商务委"),
        (PLAN_002, None),
        (None, TITLE_003),
        (DOC_001, None),
        (None, None),
    ],
)
def test_queries_list_entity_facts_equals_networkx(loaded, graph, key, name):
    assert rows_of(loaded, "list_entity_facts", key=key, name=name) == nx_entity_facts(
        graph, key, name
    )


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("市商务委", "国家文物局"),
        ("上海市商务委员会", TITLE_003),
        ("浦东新区政府", "中央宣传部"),
        ("市商务委", "上海市商务委员会"),  # the same agency: no path
    ],
)
def test_queries_find_shortest_path_equals_networkx(loaded, graph, source, target):
    rows = rows_of(loaded, "find_shortest_path", **{"from": source, "to": target})
    assert rows == nx_shortest_path(graph, source, target)


@pytest.mark.neo4j
@pytest.mark.parametrize("q", ["商务", "商务委员会", "数字贸易", "十四五", "商", "不存在"])
def test_queries_search_entities_equals_networkx(loaded, graph, q):
    rows = rows_of(loaded, "search_entities", q=q)
    found = {
        (label, key, name, tuple(aliases) if aliases else None)
        for label, key, name, aliases, _ in rows
    }
    assert found == nx_search(graph, q)
    scores = [row[-1] for row in rows]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.neo4j
def test_queries_search_entities_finds_a_chinese_substring(loaded):
    rows = rows_of(loaded, "search_entities", q="商务")
    assert "上海市商务委员会" in [name for _, _, name, _, _ in rows]


@pytest.mark.neo4j
@pytest.mark.parametrize("payload", INJECTIONS)
def test_queries_injected_text_in_parameters_is_data(loaded, payload):
    before = counts(loaded)
    for named in load_queries().values():
        for param in named.parameter_names:
            if param in ("limit", "min_count"):
                continue  # numbers: a text there is a type error, tested below
            assert run_query(loaded, named, {param: payload})[1] == [], (named.name, param)
    assert counts(loaded) == before


@pytest.mark.neo4j
def test_queries_text_where_a_number_belongs_is_an_error(loaded):
    before = counts(loaded)
    with pytest.raises(QueryError):
        run_query(loaded, load_queries()["rank_agencies"], {"limit": INJECTIONS[1]})
    assert counts(loaded) == before


@pytest.mark.neo4j
def test_queries_unknown_parameter_is_an_error(loaded):
    with pytest.raises(QueryError, match="agency"):
        run_query(loaded, load_queries()["list_agency_measures"], {"agnecy": "市商务委"})


@pytest.mark.neo4j
def test_queries_named_query_runs_read_only(loaded):
    named = parse_query(
        "create_things", "// title: t\n// description: d\nCREATE (n:PolicykgScratch)"
    )
    with pytest.raises(ReadOnlyViolation):
        run_query(loaded, named)
    assert run_cypher(loaded, "MATCH (n:PolicykgScratch) RETURN count(n)")[1] == [(0,)]


# ---------------------------------------------------------------------------------------------
# The commands


@pytest.fixture(scope="module")
def cli_env(loaded) -> dict[str, str]:
    """Connection settings of the test server, as the commands read them from the environment."""
    if os.environ.get("POLICYKG_NEO4J_URI"):
        keys = (
            "POLICYKG_NEO4J_URI",
            "POLICYKG_NEO4J_USER",
            "POLICYKG_NEO4J_PASSWORD",
            "POLICYKG_NEO4J_DATABASE",
        )
        return {k: os.environ[k] for k in keys if k in os.environ}
    uri, user, password = neo4j_server.connection_settings(neo4j_server.ServerConfig.from_env())
    return {
        "POLICYKG_NEO4J_URI": uri,
        "POLICYKG_NEO4J_USER": user,
        "POLICYKG_NEO4J_PASSWORD": password,
    }


@pytest.mark.neo4j
def test_queries_cli_query_json_equals_run_query(loaded, cli_env):
    result = CliRunner(env=cli_env).invoke(
        query, ["list_measure_units", "-p", f"policy={PLAN_002}", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    columns, rows = run_query(loaded, load_queries()["list_measure_units"], {"policy": PLAN_002})
    assert json.loads(result.stdout) == [dict(zip(columns, row, strict=True)) for row in rows]


@pytest.mark.neo4j
def test_queries_cli_query_csv_has_header_and_rows(cli_env):
    result = CliRunner(env=cli_env).invoke(
        query, ["rank_agencies", "-p", "limit=2", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "agency,level,led,supported,total",
        "上海市商务委员会,municipal,11,5,16",
        "上海市经济和信息化委员会,municipal,4,5,9",
    ]


@pytest.mark.neo4j
def test_queries_cli_query_table_has_column_header(cli_env):
    result = CliRunner(env=cli_env).invoke(query, ["list_agency_measures", "-p", "agency=市商务委"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:3] == ["agency", "role", "position"]


@pytest.mark.neo4j
def test_queries_cli_unknown_query_lists_the_names(cli_env):
    result = CliRunner(env=cli_env).invoke(query, ["list_everything"])
    assert result.exit_code != 0
    assert "no query named 'list_everything'" in result.output
    assert all(name in result.output for name in REQUIRED)
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_queries_cli_cypher_create_without_write_fails_and_creates_nothing(loaded, cli_env):
    result = CliRunner(env=cli_env).invoke(cypher, ["CREATE (n:X)"])
    assert result.exit_code != 0
    assert "--write" in result.output and "read-only" in result.output
    assert run_cypher(loaded, "MATCH (n:X) RETURN count(n)")[1] == [(0,)]


@pytest.mark.neo4j
def test_queries_cli_cypher_with_write_changes_the_database(loaded, cli_env):
    result = CliRunner(env=cli_env).invoke(
        cypher,
        [
            "--write",
            "CREATE (n:PolicykgScratch {v: $v}) RETURN n.v AS v",
            "-p",
            "v=7",
            "--format",
            "json",
        ],
    )
    try:
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [{"v": 7}]
    finally:
        loaded.execute_query("MATCH (n:PolicykgScratch) DELETE n")


@pytest.mark.neo4j
def test_queries_cli_cypher_parameters_are_data(loaded, cli_env):
    before = counts(loaded)
    statement = "MATCH (a:Agency) WHERE a.name = $name RETURN a.name"
    result = CliRunner(env=cli_env).invoke(
        cypher, [statement, "-p", f"name={INJECTIONS[1]}", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert counts(loaded) == before


@pytest.mark.neo4j
def test_queries_cli_cypher_syntax_error_is_reported(cli_env):
    result = CliRunner(env=cli_env).invoke(cypher, ["RETURN 1 +"])
    assert result.exit_code != 0
    assert result.output.startswith("Error: Cypher failed: Invalid input")


@pytest.mark.neo4j
def test_queries_cli_wrong_password_is_reported(cli_env):
    env = {**cli_env, "POLICYKG_NEO4J_PASSWORD": "not-the-password"}
    result = CliRunner(env=env).invoke(query, ["rank_agencies"])
    assert result.exit_code != 0
    assert "wrong user or password" in result.output
    assert "not-the-password" not in result.output


@pytest.mark.neo4j
def test_queries_cli_cypher_reads_the_statement_from_stdin(cli_env):
    result = CliRunner(env=cli_env).invoke(
        cypher, ["-", "--format", "csv"], input="RETURN 1 AS one"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "one\n1\n"


def test_queries_cli_help_lists_the_queries():
    result = CliRunner().invoke(query, ["--help"])
    assert result.exit_code == 0
    assert all(name in result.output for name in REQUIRED)


def test_queries_cli_unreachable_server_is_reported():
    result = CliRunner().invoke(
        cypher, ["RETURN 1", "--uri", "bolt://127.0.0.1:1", "--password", "x"]
    )
    assert result.exit_code != 0
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------
# Issues #4 and #5: entities, policy relations, targets and observations (same answers as networkx)

ENTITY_MEASURE_TYPES = (
    "MENTIONS_POLICY",
    "MENTIONS_AGENCY",
    "MENTIONS_BASE",
    "MENTIONS_ENTERPRISE",
    "MENTIONS_EVENT",
    "LEADS",
    "SUPPORTS",
)


def _touching(g: nx.MultiDiGraph, node: str, types: tuple[str, ...]) -> list[tuple[str, dict]]:
    """(other end, data) of every relationship of these types at `node`, either direction."""
    out = [(v, d) for _, v, d in g.out_edges(node, data=True) if d["type"] in types]
    return out + [(u, d) for u, _, d in g.in_edges(node, data=True) if d["type"] in types]


def _one(g: nx.MultiDiGraph, edges, type_: str) -> str | None:
    found = [other for other, d in edges if d["type"] == type_]
    assert len(found) <= 1
    return found[0] if found else None


def _prop(g: nx.MultiDiGraph, node: str | None, name: str) -> Any:
    return None if node is None else _value(g.nodes[node].get(name))


def nx_entity_measures(g: nx.MultiDiGraph, key: str | None, name: str | None) -> list[tuple]:
    labels = ("Policy", "Agency", "Base", "Enterprise", "Event")
    rows = []
    for n, nd in g.nodes(data=True):
        if nd["label"] not in labels:
            continue
        if not (nd["key"] == key or (key is None and name is not None and _named(nd, name))):
            continue
        groups: dict[tuple[str, str], list[dict]] = {}
        for m, r in _touching(g, n, ENTITY_MEASURE_TYPES):
            if g.nodes[m]["label"] != "Measure":
                continue
            how = {"LEADS": "leads", "SUPPORTS": "supports"}.get(r["type"], "mentions")
            groups.setdefault((m, how), []).append(r)
        for (m, how), rs in groups.items():
            for p, _, hm in g.in_edges(m, data=True):
                if hm["type"] != "HAS_MEASURE":
                    continue
                first = min(rs, key=lambda r: (r["start"], r["end"]))
                rows.append(
                    (
                        nd["label"],
                        nd["key"],
                        nd["name"],
                        how,
                        g.nodes[p]["key"],
                        _prop(g, p, "title"),
                        hm["ordinal"],
                        g.nodes[m]["number"],
                        g.nodes[m]["name"],
                        len(rs),
                        first["doc_id"],
                        first["start"],
                        first["end"],
                        _value(first["evidence"]),
                    )
                )
    return sorted(rows, key=lambda r: (r[0], r[1], r[4], r[6], r[3]))


def nx_policy_relations(g: nx.MultiDiGraph, policy: str) -> list[tuple]:
    rows = []
    for p, pd in _nodes(g, "Policy"):
        sources = {
            g.nodes[v]["doc_id"]
            for _, v, e in g.out_edges(p, data=True)
            if e["type"] == "HAS_SOURCE"
        }
        names = {pd["key"], pd.get("doc_number"), pd.get("title"), *pd.get("aliases", [])}
        if not policy or policy not in names | sources:
            continue
        out = [("out", v, d) for _, v, d in g.out_edges(p, data=True)]
        inward = [("in", u, d) for u, _, d in g.in_edges(p, data=True)]
        for direction, o, r in out + inward:
            if r["type"] not in ("CITES", "IMPLEMENTS", "REPEALS"):
                continue
            rows.append(
                (
                    pd["key"],
                    r["type"],
                    direction,
                    g.nodes[o]["key"],
                    g.nodes[o]["name"],
                    _prop(g, o, "doc_number"),
                    r["doc_id"],
                    r["start"],
                    r["end"],
                    _value(r["evidence"]),
                )
            )
    return sorted(rows, key=lambda r: (r[0], r[2] != "out", r[1], r[3], r[6], r[7], r[8]))


def nx_base_enterprises(g: nx.MultiDiGraph, base: str | None) -> list[tuple]:
    rows = []
    for b, bd in _nodes(g, "Base"):
        if base is not None and base != bd["key"] and not _named(bd, base):
            continue
        groups: dict[tuple[str, str], list[dict]] = {}
        for e, r in _touching(g, b, ("MEMBER_OF", "OPERATED_BY")):
            role = "operator" if r["type"] == "OPERATED_BY" else "member"
            groups.setdefault((e, role), []).append(r)
        for (e, role), rs in groups.items():
            first = min(rs, key=lambda r: (r["doc_id"], r["start"], r["end"]))
            ed = g.nodes[e]
            rows.append(
                (
                    bd["key"],
                    bd["name"],
                    role,
                    ed["key"],
                    ed["name"],
                    _prop(g, e, "sector"),
                    _prop(g, e, "district"),
                    len(rs),
                    first["doc_id"],
                    first["start"],
                    first["end"],
                    _value(first["evidence"]),
                )
            )
    return sorted(rows, key=lambda r: (r[0], r[2], r[3]))


def _target_rows(g: nx.MultiDiGraph, keep) -> list[tuple[str, str, str | None]]:
    """(policy, target, indicator) for every target `keep` accepts."""
    found = []
    for p, _ in _nodes(g, "Policy"):
        for _, t, e in g.out_edges(p, data=True):
            if e["type"] == "SETS_TARGET" and keep(g.nodes[t]):
                indicator = _one(g, _touching(g, t, ("FOR_INDICATOR",)), "FOR_INDICATOR")
                found.append((p, t, indicator))
    return found


def nx_targets_for_year(g: nx.MultiDiGraph, year: Any) -> list[tuple]:
    rows = []
    for p, t, i in _target_rows(g, lambda td: td.get("year") == year):
        td = g.nodes[t]
        m = _one(g, _touching(g, t, ("INCLUDES_TARGET",)), "INCLUDES_TARGET")
        rows.append(
            (
                g.nodes[p]["key"],
                _prop(g, p, "title"),
                _prop(g, i, "name"),
                *(
                    _value(td.get(k))
                    for k in (
                        "value",
                        "upper_value",
                        "unit",
                        "qualifier",
                        "year",
                        "period",
                        "baseline_value",
                        "baseline_unit",
                        "baseline_year",
                        "source_form",
                    )
                ),
                _prop(g, m, "number"),
                td["doc_id"],
                td["start"],
                td["end"],
                td["key"],
            )
        )
    rows.sort(key=lambda r: (r[0], r[-4], r[-3], r[-1]))
    return [r[:-1] for r in rows]


def _nulls_last(value: Any) -> tuple:
    return (value is None, value if value is not None else 0)


def nx_indicator_observations(g: nx.MultiDiGraph, indicator: str | None) -> list[tuple]:
    rows = []
    for i, idata in _nodes(g, "Indicator"):
        if indicator is not None and indicator != idata["key"] and not _named(idata, indicator):
            continue
        for o, _, e in g.in_edges(i, data=True):
            if e["type"] != "OBSERVED_FOR":
                continue
            od, edges = g.nodes[o], _touching(g, o, ("OBSERVED_IN", "FOR_REGION"))
            p, r = _one(g, edges, "OBSERVED_IN"), _one(g, edges, "FOR_REGION")
            rows.append(
                (
                    idata["name"],
                    *(_value(od.get(k)) for k in ("year", "period")),
                    _prop(g, r, "name"),
                    *(
                        _value(od.get(k))
                        for k in (
                            "value",
                            "unit",
                            "base_value",
                            "base_unit",
                            "growth",
                            "growth_unit",
                            "share",
                            "basis",
                            "data_source",
                        )
                    ),
                    g.nodes[p]["key"],
                    od["doc_id"],
                    od["start"],
                    od["end"],
                    od["key"],
                )
            )
    rows.sort(
        key=lambda r: ((r[0], _nulls_last(r[1]), _nulls_last(r[2]), _nulls_last(r[3]), *r[14:18]))
    )
    return [r[:-1] for r in rows]


def nx_targets_with_latest_observation(g: nx.MultiDiGraph, year: Any) -> list[tuple]:
    rows = []
    for p, t, i in _target_rows(g, lambda td: year is None or td.get("year") == year):
        td = g.nodes[t]
        candidates = [
            o
            for o, _, e in (g.in_edges(i, data=True) if i else ())
            if e["type"] == "OBSERVED_FOR"
            and g.nodes[o].get("year") is not None
            and (g.nodes[o].get("base_unit") or "") == (td.get("base_unit") or "")
        ]
        o = min(
            candidates,
            key=lambda o: (
                -g.nodes[o]["year"],
                *(g.nodes[o][k] for k in ("doc_id", "start", "end", "key")),
            ),
            default=None,
        )
        r = _one(g, _touching(g, o, ("FOR_REGION",)), "FOR_REGION") if o else None
        rows.append(
            (
                g.nodes[p]["key"],
                _prop(g, i, "name"),
                *(_value(td.get(k)) for k in ("year", "value", "unit", "qualifier")),
                *(_prop(g, o, k) for k in ("year", "period")),
                _prop(g, r, "name"),
                *(_prop(g, o, k) for k in ("value", "unit", "basis", "doc_id", "start")),
                td["doc_id"],
                td["start"],
                td["end"],
                td["key"],
            )
        )
    rows.sort(key=lambda r: (r[0], r[-4], r[-3], r[-1]))
    return [r[:-1] for r in rows]


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("上海市商务委员会", None),
        (None, "市商务委"),
        (None, "临港新片区"),
        ("base:自由贸易试验区临港新片区", None),
        (None, "进博会"),
        (PLAN_002, None),
        (None, None),
    ],
)
def test_queries_list_entity_measures_equals_networkx(loaded, graph, key, name):
    expected = nx_entity_measures(graph, key, name)
    assert rows_of(loaded, "list_entity_measures", key=key, name=name) == expected


@pytest.mark.neo4j
def test_queries_list_entity_measures_finds_the_measures_naming_a_base(loaded):
    # 002 l.43-45 "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东…"
    rows = rows_of(loaded, "list_entity_measures", key=None, name="临港新片区")
    first = next(r for r in rows if r[4] == PLAN_002)
    assert first[:4] == ("Base", "base:自由贸易试验区临港新片区", first[2], "mentions")
    assert (first[6], first[7], first[13]) == (1, "(一)", "临港新片区")


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "policy",
    [PLAN_002, "沪府发〔2021〕2号", "“十四五”时期提升上海国际贸易中心能级规划", DOC_001, ""],
)
def test_queries_list_policy_relations_equals_networkx(loaded, graph, policy):
    expected = nx_policy_relations(graph, policy)
    assert rows_of(loaded, "list_policy_relations", policy=policy) == expected


@pytest.mark.neo4j
def test_queries_list_policy_relations_of_the_plan_002(loaded):
    # 002 l.27-29 "为深入贯彻落实«中共中央办公厅　国务院办公厅关于数字贸易改革创新发展的意见»
    # «国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见»"
    rows = rows_of(loaded, "list_policy_relations", policy=PLAN_002)
    assert [(r[1], r[2], r[4], r[9]) for r in rows] == [
        (
            "IMPLEMENTS",
            "out",
            "中共中央办公厅国务院办公厅关于数字贸易改革创新发展的意见",
            "贯彻落实",
        ),
        (
            "IMPLEMENTS",
            "out",
            "国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见",
            "贯彻落实",
        ),
    ]


@pytest.mark.neo4j
@pytest.mark.parametrize("base", [None, "浦东软件园", "上海仓城影视文化产业园区", "不存在的园区"])
def test_queries_list_base_enterprises_equals_networkx(loaded, graph, base):
    assert rows_of(loaded, "list_base_enterprises", base=base) == nx_base_enterprises(graph, base)


@pytest.mark.neo4j
def test_queries_list_base_enterprises_lists_the_members_a_text_names(loaded):
    # 000 l.4452 "上海浦东软件园国家数字服务出口基地，聚集了ＳＡＰ、高通、塔塔信息、银联数据、
    # 荣湃半导体等"
    # names the park with its designation; asked by that alias, the query answers for the park,
    # whose members 001 lists too.
    rows = rows_of(loaded, "list_base_enterprises", base="上海浦东软件园国家数字服务出口基地")
    members = [(r[2], r[4]) for r in rows]
    assert {
        m for m in members if m[1] in {"SAP", "塔塔信息", "荣湃半导体", "银联数据", "高通"}
    } == {
        ("member", "SAP"),
        ("member", "塔塔信息"),
        ("member", "荣湃半导体"),
        ("member", "银联数据"),
        ("member", "高通"),
    }
    assert ("member", "七牛云") in members  # 000 l.4462 lists it under 上海浦东软件园


@pytest.mark.neo4j
@pytest.mark.parametrize("year", [2025, 2029, 2035, 1999])
def test_queries_list_targets_for_year_equals_networkx(loaded, graph, year):
    assert rows_of(loaded, "list_targets_for_year", year=year) == nx_targets_for_year(graph, year)


@pytest.mark.neo4j
def test_queries_list_targets_for_year_reads_the_plan_targets(loaded):
    # 002 l.35-39 "力争到２０２９年,全市服务进出口规模达到２６００亿美元,数字交付服务贸易规模达到
    # １３００亿美元,占服务贸易的比重达到５０％左右"
    rows = [r for r in rows_of(loaded, "list_targets_for_year", year=2029) if r[0] == PLAN_002]
    assert [(r[2], r[3], r[5], r[6]) for r in rows] == [
        ("全市服务进出口规模", 2600.0, "亿美元", None),
        ("数字交付服务贸易规模", 1300.0, "亿美元", None),
        ("数字交付服务贸易规模占服务贸易的比重", 50.0, "%", "左右"),
    ]


@pytest.mark.neo4j
@pytest.mark.parametrize("indicator", ["集装箱吞吐量", "服务进出口总额", None, "不存在的指标"])
def test_queries_list_indicator_observations_equals_networkx(loaded, graph, indicator):
    expected = nx_indicator_observations(graph, indicator)
    assert rows_of(loaded, "list_indicator_observations", indicator=indicator) == expected


@pytest.mark.neo4j
def test_queries_list_indicator_observations_oldest_first(loaded):
    # 003 l.60 "上海港集装箱吞吐量…" (2020) before 000 l.1979 "２０２１年，上海港完成集装箱吞吐量
    # ４７０３．３３万标准箱"
    rows = rows_of(loaded, "list_indicator_observations", indicator="集装箱吞吐量")
    years = [r[1] for r in rows]
    assert years == sorted(years) and years[0] == 2020 and years[-1] == 2021
    assert (rows[-2][4], rows[-2][5]) == (4703.33, "万标准箱")


@pytest.mark.neo4j
@pytest.mark.parametrize("year", [None, 2025, 2029])
def test_queries_list_targets_with_latest_observation_equals_networkx(loaded, graph, year):
    expected = nx_targets_with_latest_observation(graph, year)
    assert rows_of(loaded, "list_targets_with_latest_observation", year=year) == expected
