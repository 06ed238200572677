"""Load the graph into Neo4j, idempotently, one document's facts at a time as a unit.

- The schema (uniqueness constraints, indexes, the full-text index) is derived from the ontology.
- Writes are batched `UNWIND $rows … MERGE` statements, one per label or relationship type.
- A `Document` node records the hash of each loaded text, set only after all its facts are in:
  re-loading an unchanged document is skipped, and a changed (or half-loaded) document first loses
  every fact that came from it, then gets the new ones. Facts of other documents stay untouched.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx
from neo4j import Driver
from neo4j.exceptions import (
    ClientError,
    ResultFailedError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from policykg.ontology.schema import GraphSchema, load_schema

FULLTEXT_INDEX = "entity_names"
DEFAULT_BATCH_SIZE = 5000
# Infrastructure, not knowledge: one node that serialises concurrent loads (see load_lock).
LOCK_LABEL = "PolicykgLoadLock"
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
# Node properties that gather values from every document that mentions the node.
LIST_PROPERTIES = ("aliases", "documents")

T = TypeVar("T")


class LoadBusy(Exception):
    """Another load holds the database's load lock for longer than we were willing to wait."""


def retrying(action: Callable[[], T]) -> T:
    """Run `action`, retrying transient failures with backoff (the driver's managed
    transactions retry by themselves; this covers auto-commit statements)."""
    for delay in RETRY_DELAYS:
        try:
            return action()
        except (TransientError, ServiceUnavailable, SessionExpired):
            time.sleep(delay)
    return action()


@dataclass(frozen=True, slots=True)
class LoadStats:
    documents_loaded: int  # new or changed documents written
    documents_unchanged: int  # same hash as already loaded: skipped
    documents_replaced: int  # changed documents whose old facts were removed first
    nodes: int  # node rows written
    relationships: int  # relationship rows written
    seconds: float


def schema_statements(schema: GraphSchema | None = None) -> list[str]:
    """Constraints and indexes for every class and relationship type of the ontology."""
    schema = schema or load_schema()
    statements = []
    for node in schema.nodes:
        label, key = node.label, node.key
        statements.append(
            f"CREATE CONSTRAINT {label.lower()}_{key} IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        )
        for prop in ("name", "doc_id"):
            statements.append(
                f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            )
    for rel in schema.relationships:
        statements.append(
            f"CREATE INDEX {rel.type.lower()}_doc_id IF NOT EXISTS "
            f"FOR ()-[r:{rel.type}]-() ON (r.doc_id)"
        )
    labels = "|".join(n.label for n in schema.nodes)
    # The CJK analyzer indexes character bigrams, so any two-character substring finds a name.
    statements.append(
        f"CREATE CONSTRAINT policykg_load_lock IF NOT EXISTS "
        f"FOR (l:{LOCK_LABEL}) REQUIRE l.key IS UNIQUE"
    )
    statements.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
        f"FOR (n:{labels}) ON EACH [n.name, n.alias_text] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    return statements


def ensure_schema(driver: Driver, database: str | None = None) -> None:
    # `IF NOT EXISTS` keeps a full-text index built for an older ontology's labels: rebuild it.
    labels = sorted(n.label for n in load_schema().nodes)
    records = driver.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes WHERE name = $name RETURN labelsOrTypes",
        name=FULLTEXT_INDEX,
        database_=database,
    ).records
    if records and sorted(records[0]["labelsOrTypes"]) != labels:
        _schema_change(driver, f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS", database)
    for statement in schema_statements():
        _schema_change(driver, statement, database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


# Two loads that start together both find a rule missing and both create it; `IF NOT EXISTS`
# does not cover that race, and the loser gets one of these. The rule exists either way.
_SCHEMA_RACE_CODES = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)


def _schema_change(driver: Driver, statement: str, database: str | None) -> None:
    try:
        driver.execute_query(statement, database_=database)
    except (ClientError, ResultFailedError) as exc:
        if _server_code(exc) not in _SCHEMA_RACE_CODES:
            raise


def _server_code(exc: BaseException | None) -> str | None:
    """The server's error code, also where the driver reports it as the cause of another error:
    a failure met while a retried transaction rolls back arrives as ResultFailedError."""
    while exc is not None:
        code = getattr(exc, "code", None)
        if code:
            return code
        exc = exc.__cause__
    return None


def clear_database(driver: Driver, database: str | None = None) -> None:
    """Delete every node and relationship (tests and benchmarks)."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


# ---------------------------------------------------------------------------------------------
# Rows from the networkx graph


def _props(data: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
    """Neo4j stores no nulls or empty strings as meaningful values: leave them out."""
    return {k: v for k, v in data.items() if k not in skip and v is not None and v != ""}


def _documents_of_node(graph: nx.MultiDiGraph, node: str) -> set[str]:
    docs = {d["doc_id"] for *_, d in graph.in_edges(node, data=True)}
    docs |= {d["doc_id"] for *_, d in graph.out_edges(node, data=True)}
    return docs


def _node_rows(graph: nx.MultiDiGraph, documents: set[str]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        if not _documents_of_node(graph, node) & documents:
            continue
        props = _props(data, ("label", "key", *LIST_PROPERTIES))
        row = {"key": data["key"], "props": props}
        row.update({name: data.get(name) for name in LIST_PROPERTIES})
        rows[data["label"]].append(row)
    return rows


def _relationship_rows(
    graph: nx.MultiDiGraph, documents: set[str]
) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        if data["doc_id"] not in documents:
            continue
        s, t = graph.nodes[source], graph.nodes[target]
        rows[(data["type"], s["label"], t["label"])].append(
            {
                "s": s["key"],
                "t": t["key"],
                "doc_id": data["doc_id"],
                "start": data["start"],
                "end": data["end"],
                "props": _props(data, ("type", "doc_id", "start", "end")),
            }
        )
    return rows


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# ---------------------------------------------------------------------------------------------
# Cypher: labels and types cannot be parameters, so they are checked against the schema first.


def _node_query(label: str) -> str:
    node = load_schema().node(label)  # raises for a label the ontology does not define
    if node.per_document:
        # Its document's old facts were deleted before loading: nothing to merge with.
        return f"UNWIND $rows AS row CREATE (n:{label} {{key: row.key}}) SET n += row.props"
    merged = ", ".join(f"n.{name} = {_union(name)}" for name in LIST_PROPERTIES)
    return (
        f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row.props "
        # Lists that accumulate over documents (aliases, documents) are merged, not overwritten.
        f"SET {merged} "
        "SET n.alias_text = CASE WHEN n.aliases IS NULL THEN null "
        "ELSE reduce(text = '', a IN n.aliases | text + ' ' + a) END"
    )


def _union(name: str) -> str:
    """Cypher for the stored list `name` plus the row's items it lacks, in order."""
    return (
        f"CASE WHEN row.{name} IS NULL THEN n.{name} "
        f"ELSE reduce(acc = coalesce(n.{name}, []), a IN row.{name} | "
        "CASE WHEN a IN acc THEN acc ELSE acc + a END) END"
    )


def _relationship_query(type_: str, source: str, target: str) -> str:
    rel = load_schema().relationship(type_)
    if (rel.source, rel.target) != (source, target):
        raise ValueError(f"{type_} goes {rel.source}->{rel.target}, not {source}->{target}")
    # Every relationship carries its document's id and is deleted with it before a (re)load,
    # so CREATE is safe and avoids scanning the relationships of busy agencies.
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{source} {{key: row.s}}) MATCH (b:{target} {{key: row.t}}) "
        f"CREATE (a)-[r:{type_} {{doc_id: row.doc_id, start: row.start, end: row.end}}]->(b) "
        "SET r += row.props"
    )


def loaded_documents(driver: Driver, database: str | None = None) -> dict[str, str]:
    """doc_id -> hash of every document whose load completed."""
    records, _, _ = driver.execute_query(
        "MATCH (d:Document) WHERE d.loaded_sha256 IS NOT NULL RETURN d.key AS k, d.loaded_sha256 AS h",
        database_=database,
    )
    return {r["k"]: r["h"] for r in records}


def delete_document_facts(driver: Driver, doc_ids: list[str], database: str | None = None) -> None:
    """Remove everything that came from these documents; keep what other documents say."""
    if not doc_ids:
        return
    schema = load_schema()
    with driver.session(database=database) as session:

        def run(statement: str) -> None:
            retrying(lambda: session.run(statement, docs=doc_ids).consume())

        for rel in schema.relationships:
            run(
                f"MATCH ()-[r:{rel.type}]->() WHERE r.doc_id IN $docs "
                "CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
            )
        # Nodes that only these documents gave us, then any node left without relationships.
        for node in schema.nodes:
            if node.per_document:
                run(
                    f"MATCH (n:{node.label}) WHERE n.doc_id IN $docs "
                    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                )
        for node in schema.nodes:
            if not node.per_document:
                run(f"MATCH (n:{node.label}) WHERE NOT (n)--() DELETE n")


@contextmanager
def load_lock(
    driver: Driver, database: str | None = None, *, wait: float = 300.0, ttl: float = 30.0
) -> Iterator[Callable[[], None]]:
    """Hold the database's load lock: concurrent loads run one after the other, so two of
    them never delete and create the same document's facts at once.

    The lock is a lease of `ttl` seconds that the holder renews (the yielded callable) between
    batches; a load that died releases it when its lease runs out."""
    owner = uuid.uuid4().hex
    ttl_ms = int(ttl * 1000)
    acquire = (
        f"MERGE (l:{LOCK_LABEL} {{key: 'load'}}) "
        "SET l.touched = timestamp() "  # takes the node's write lock before we read the owner
        "WITH l WHERE l.owner IS NULL OR l.owner = $owner OR l.expires < timestamp() "
        "SET l.owner = $owner, l.expires = timestamp() + $ttl RETURN l.owner AS owner"
    )

    def renew() -> None:
        driver.execute_query(acquire, owner=owner, ttl=ttl_ms, database_=database)

    deadline = time.monotonic() + wait
    while not driver.execute_query(acquire, owner=owner, ttl=ttl_ms, database_=database).records:
        if time.monotonic() > deadline:
            raise LoadBusy(f"another load has held the load lock for over {wait:.0f} s")
        time.sleep(0.2)
    try:
        yield renew
    finally:
        driver.execute_query(
            f"MATCH (l:{LOCK_LABEL} {{key: 'load'}}) WHERE l.owner = $owner DELETE l",
            owner=owner,
            database_=database,
        )


def load_graph(
    driver: Driver,
    graph: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lock_ttl: float = 30.0,
) -> LoadStats:
    """Write the graph; unchanged documents are skipped, changed ones replaced."""
    started = time.perf_counter()
    ensure_schema(driver, database)
    with load_lock(driver, database, ttl=lock_ttl) as renew:
        return _load(driver, graph, database, batch_size, started, renew)


def _load(
    driver: Driver,
    graph: nx.MultiDiGraph,
    database: str | None,
    batch_size: int,
    started: float,
    renew: Callable[[], None],
) -> LoadStats:
    hashes = {
        data["key"]: data.get("sha256", "")
        for _, data in graph.nodes(data=True)
        if data["label"] == "Document"
    }
    loaded = loaded_documents(driver, database)
    unchanged = {d for d, h in hashes.items() if loaded.get(d) == h}
    documents = set(hashes) - unchanged
    replaced = [d for d in sorted(documents) if d in loaded]
    # A document without a completed load may have left partial facts: clear those too.
    delete_document_facts(driver, sorted(documents), database)

    nodes = relationships = 0
    for label, rows in sorted(_node_rows(graph, documents).items()):
        query = _node_query(label)
        for batch in _batches(rows, batch_size):
            renew()
            driver.execute_query(query, rows=batch, database_=database)
        nodes += len(rows)
    for (type_, source, target), rows in sorted(_relationship_rows(graph, documents).items()):
        query = _relationship_query(type_, source, target)
        for batch in _batches(rows, batch_size):
            renew()
            driver.execute_query(query, rows=batch, database_=database)
        relationships += len(rows)
    # Last: mark each document as completely loaded.
    driver.execute_query(
        "UNWIND $rows AS row MATCH (d:Document {key: row.key}) SET d.loaded_sha256 = row.sha256",
        rows=[{"key": d, "sha256": hashes[d]} for d in sorted(documents)],
        database_=database,
    )
    return LoadStats(
        documents_loaded=len(documents),
        documents_unchanged=len(unchanged),
        documents_replaced=len(replaced),
        nodes=nodes,
        relationships=relationships,
        seconds=round(time.perf_counter() - started, 3),
    )
