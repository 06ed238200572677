"""Faults: the server killed in the middle of a load, then the load run again.

Uses its own server (a separate home and port, the main server's jars), because killing the
shared one would break the other tests.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from dataclasses import replace

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file
from policykg.graph import neo4j_server
from policykg.graph.builder import build_graph
from policykg.graph.loader import load_graph

pytestmark = pytest.mark.neo4j


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_server(tmp_path, neo4j_driver):  # neo4j_driver: the main server has fetched the jars
    main = neo4j_server.ServerConfig.from_env()
    config = replace(
        main,
        home=tmp_path / "neo4j",
        bolt_port=free_port(),
        http_port=None,
        password="fault-test-pw",
    )
    config.home.mkdir()
    config.lib_dir.symlink_to(main.lib_dir)
    neo4j_server.start(config)
    yield config
    neo4j_server.stop(config)


def corpus_graph(copies: int):
    extractions = [extract_file(p) for p in sorted(bundled_texts().glob("*.txt"))]
    copied = [
        replace(
            ex,
            doc_id=f"{ex.doc_id}_{i}",
            sha256=f"{ex.sha256}{i}",
            meta=replace(
                ex.meta, doc_number=f"{ex.meta.doc_number}#{i}" if ex.meta.doc_number else ""
            ),
        )
        for i in range(copies)
        for ex in extractions
    ]
    return build_graph(copied)


def counts(driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def test_fault_server_killed_mid_load_then_reload_converges(own_server):
    graph = corpus_graph(3)
    auth = ("neo4j", own_server.password)
    failure: list[BaseException] = []

    def load() -> None:
        try:
            # Give up quickly once the server is gone (the defaults retry for 30 s).
            with GraphDatabase.driver(
                own_server.bolt_uri, auth=auth, max_transaction_retry_time=2, connection_timeout=2
            ) as driver:
                load_graph(driver, graph, batch_size=500, lock_ttl=3)
        except (DriverError, Neo4jError, OSError) as exc:
            failure.append(exc)

    loader = threading.Thread(target=load)
    loader.start()
    # Kill as soon as the first measures are in: the relationships and the completion marks
    # that follow them are certainly not.
    with GraphDatabase.driver(own_server.bolt_uri, auth=auth) as watcher:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            query = "MATCH (m:Measure) RETURN count(m) AS c"
            if watcher.execute_query(query).records[0]["c"] > 0:
                break
            time.sleep(0.01)
    pid = neo4j_server.status(own_server).pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    loader.join(timeout=90)
    assert failure, "the load should fail when its server dies"

    neo4j_server.start(own_server)
    with GraphDatabase.driver(own_server.bolt_uri, auth=auth) as driver:
        stats = load_graph(driver, graph, batch_size=500)  # waits out the dead load's lease
        assert stats.documents_loaded + stats.documents_unchanged == 5 * 3
        assert counts(driver) == (graph.number_of_nodes(), graph.number_of_edges())
        duplicates = driver.execute_query(
            "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.doc_id AS d, r.start AS s, r.end AS e, "
            "count(*) AS c WHERE c > 1 RETURN count(*) AS n"
        ).records[0]["n"]
        assert duplicates == 0
