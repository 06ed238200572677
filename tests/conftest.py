"""Shared fixtures. `neo4j_driver` gives tests marked `neo4j` a driver to a real server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from neo4j import Driver, GraphDatabase

from policykg.graph import neo4j_server


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[Driver]:
    """A driver to $POLICYKG_NEO4J_URI if set, else to the local server (started if needed).

    The local server is stopped at the end only if this fixture started it, so a server
    started with `policykg neo4j start` survives the test run.
    """
    uri = os.environ.get("POLICYKG_NEO4J_URI")
    if uri:
        auth = (
            os.environ.get("POLICYKG_NEO4J_USER", "neo4j"),
            os.environ.get("POLICYKG_NEO4J_PASSWORD", ""),
        )
        with GraphDatabase.driver(uri, auth=auth) as driver:
            driver.verify_connectivity()
            yield driver
        return
    config = neo4j_server.ServerConfig.from_env()
    started = neo4j_server.start(config).started_now
    uri, user, password = neo4j_server.connection_settings(config)
    try:
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            yield driver
    finally:
        if started:
            neo4j_server.stop(config)
