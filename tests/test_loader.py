"""The Neo4j loader against a real server: idempotent, per-document replacement, provenance."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policykg.cli import bundled_texts, cli
from policykg.extract.pipeline import extract_file
from policykg.graph import neo4j_server
from policykg.graph.builder import build_graph
from policykg.graph.loader import clear_database, load_graph, schema_statements
from policykg.ontology.schema import load_schema

pytestmark = pytest.mark.neo4j

PLAN_002 = next(bundled_texts().glob("002_*.txt"))
PLAN_004 = next(bundled_texts().glob("004_*.txt"))


def counts(driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def facts_of(driver, doc_id: str) -> set[tuple]:
    records = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE r.doc_id = $doc "
        "RETURN a.key AS a, type(r) AS t, b.key AS b, r.start AS s, r.end AS e",
        doc=doc_id,
    ).records
    return {tuple(r.values()) for r in records}


@pytest.fixture
def empty(neo4j_driver):
    clear_database(neo4j_driver)
    return neo4j_driver


def test_loader_schema_covers_every_class_and_relationship():
    statements = "\n".join(schema_statements())
    schema = load_schema()
    for node in schema.nodes:
        assert f"FOR (n:{node.label}) REQUIRE n.key IS UNIQUE" in statements
    for rel in schema.relationships:
        assert f"FOR ()-[r:{rel.type}]-() ON (r.doc_id)" in statements


def test_loader_loading_twice_leaves_counts_unchanged(empty):
    graph = build_graph([extract_file(PLAN_002), extract_file(PLAN_004)])
    first = load_graph(empty, graph, batch_size=50)
    assert first.documents_loaded == 2
    after_first = counts(empty)
    assert after_first == (graph.number_of_nodes(), graph.number_of_edges())
    second = load_graph(empty, graph, batch_size=50)
    assert second.documents_unchanged == 2 and second.relationships == 0
    assert counts(empty) == after_first


def test_loader_replacing_a_document_leaves_others_untouched(empty, tmp_path):
    original_002 = extract_file(PLAN_002)
    plan_004 = extract_file(PLAN_004)
    load_graph(empty, build_graph([original_002, plan_004]))
    before_004 = facts_of(empty, plan_004.doc_id)
    # The same plan, revised: measure (一) loses its responsibility clause.
    text = PLAN_002.read_text()
    clause = "(责任单位:市经济信息\n\n化委、市通信管理局、浦东新区政府、临港新片区管委会)"
    assert clause in text
    revised_path = tmp_path / PLAN_002.name
    revised_path.write_text(text.replace(clause, ""))
    revised = extract_file(revised_path)
    stats = load_graph(empty, build_graph([revised, plan_004]))
    assert (stats.documents_loaded, stats.documents_replaced, stats.documents_unchanged) == (
        1,
        1,
        1,
    )
    assert facts_of(empty, plan_004.doc_id) == before_004
    expected = build_graph([revised])
    assert len(facts_of(empty, revised.doc_id)) == expected.number_of_edges()
    led = empty.execute_query(
        "MATCH (:Agency {key: '上海市经济和信息化委员会'})-[r:LEADS]->(m:Measure) "
        "RETURN m.number AS n ORDER BY r.start",
    ).records
    assert "(一)" not in [r["n"] for r in led]


def test_loader_relationships_carry_provenance(empty):
    ex = extract_file(PLAN_002)
    load_graph(empty, build_graph([ex]))
    record = empty.execute_query(
        "MATCH (a:Agency)-[r:LEADS]->(m:Measure {number: '(一)'})<-[:HAS_MEASURE]-(p:Policy)"
        "-[:HAS_SOURCE]->(d:Document) "
        "RETURN a.name AS agency, r.doc_id AS doc, r.start AS start, r.end AS end, "
        "r.evidence AS evidence, r.position AS position, d.sha256 AS sha",
    ).records[0]
    assert record["agency"] == "上海市经济和信息化委员会"
    assert record["doc"] == ex.doc_id and record["sha"] == ex.sha256
    assert PLAN_002.read_text()[record["start"] : record["end"]] == "市经济信息\n\n化委"
    assert record["evidence"].startswith("(责任单位:市经济信息化委")
    assert record["position"] == 1


def test_loader_full_text_index_finds_chinese_substrings(empty):
    load_graph(empty, build_graph([extract_file(PLAN_002)]))
    names = [
        r["name"]
        for r in empty.execute_query(
            "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node "
            "RETURN node.name AS name",
            q="商务委",
        ).records
    ]
    assert "上海市商务委员会" in names


def test_loader_hostile_strings_are_data(empty):
    hostile = "'}) DETACH DELETE n //"
    builder_graph = build_graph([extract_file(PLAN_002)])
    node = "Agency:上海市商务委员会"
    builder_graph.nodes[node]["aliases"] = [*builder_graph.nodes[node]["aliases"], hostile]
    load_graph(empty, builder_graph)
    nodes, _ = counts(empty)
    assert nodes == builder_graph.number_of_nodes()
    stored = empty.execute_query(
        "MATCH (a:Agency {key: '上海市商务委员会'}) RETURN a.aliases AS aliases"
    ).records[0]["aliases"]
    assert hostile in stored


def test_loader_routing_uri_works(empty):
    uri, user, password = neo4j_server.connection_settings(neo4j_server.ServerConfig.from_env())
    routing = uri.replace("bolt://", "neo4j://")
    result = CliRunner().invoke(
        cli, ["load", str(PLAN_002), "--uri", routing, "--user", user, "--password", password]
    )
    assert result.exit_code == 0, result.output
    assert "1 documents loaded" in result.output


def test_loader_cli_wrong_password_is_a_clear_error():
    uri, user, _ = neo4j_server.connection_settings(neo4j_server.ServerConfig.from_env())
    result = CliRunner().invoke(
        cli, ["load", str(PLAN_002), "--uri", uri, "--user", user, "--password", "not-the-password"]
    )
    assert result.exit_code != 0
    assert "wrong user or password" in result.output
    assert "not-the-password" not in result.output
    assert "Traceback" not in result.output


def test_loader_cli_unreachable_server_is_a_clear_error():
    result = CliRunner().invoke(
        cli, ["load", str(PLAN_002), "--uri", "bolt://127.0.0.1:1", "--password", "x"]
    )
    assert result.exit_code != 0
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output


def test_loader_two_loads_at_once_make_no_duplicates(empty):
    from concurrent.futures import ThreadPoolExecutor

    graph = build_graph([extract_file(PLAN_002), extract_file(PLAN_004)])
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: load_graph(empty, graph, batch_size=100), range(2)))
    assert sorted(r.documents_loaded for r in results) == [0, 2]  # the second found them loaded
    assert counts(empty) == (graph.number_of_nodes(), graph.number_of_edges())


def test_loader_schema_created_by_concurrent_loads_on_a_fresh_database(empty):
    # On a fresh server both loads find the rules missing and create them together; the
    # loser of that race must not fail (Neo4j answers EquivalentSchemaRuleAlreadyExists).
    from concurrent.futures import ThreadPoolExecutor

    from policykg.graph.loader import ensure_schema

    def drop_schema() -> None:
        for kind, kinds in (("CONSTRAINT", "CONSTRAINTS"), ("INDEX", "INDEXES")):
            names = empty.execute_query(
                f"SHOW {kinds} YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
            ).records
            for record in names:
                empty.execute_query(f"DROP {kind} `{record['name']}` IF EXISTS")

    try:
        for _ in range(3):
            drop_schema()
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda _: ensure_schema(empty), range(4)))
            constraints = empty.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records
            assert len(constraints) == sum(
                "CONSTRAINT" in statement for statement in schema_statements()
            )
    finally:
        ensure_schema(empty)


def test_loader_schema_race_is_recognised_behind_a_failed_rollback():
    # Seen in CI: the race's error met while the driver rolled back a retried transaction,
    # which reports it as the cause of a ResultFailedError.
    from neo4j.exceptions import ClientError, ResultFailedError

    from policykg.graph.loader import _server_code

    race = ClientError._hydrate_neo4j(
        code="Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists", message="exists"
    )
    failed = ResultFailedError(None, "The result has failed.")
    failed.__cause__ = race
    assert _server_code(failed) == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
    assert _server_code(ResultFailedError(None, "no cause")) is None


def test_loader_busy_lock_is_a_clear_error(empty):
    from policykg.graph.loader import LoadBusy, load_lock

    with load_lock(empty), pytest.raises(LoadBusy, match="another load"):  # noqa: SIM117
        with load_lock(empty, wait=0.5):
            pass
