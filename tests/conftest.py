"""Shared fixtures. `neo4j_driver` gives tests marked `neo4j` a driver to a real server;
`page` gives tests marked `browser` a page in a real headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_TIMEOUT_MS = 60_000  # a loaded 2-core machine lays out a whole graph slowly


@pytest.fixture
def page(tmp_path):
    """A page in a fresh Chromium profile, with its console errors and requests recorded
    (`page.errors`, `page.requests`, `page.failed_requests`)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: run scripts/install-system-deps.sh (Debian's chromium)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1500, "height": 900},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.errors = []
            page.requests = []
            page.failed_requests = []
            page.on(
                "console",
                lambda m: page.errors.append(m.text) if m.type in ("error", "assert") else None,
            )
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: page.requests.append(r.url))
            page.on("requestfailed", lambda r: page.failed_requests.append(r.url))
            page.set_default_timeout(CHROMIUM_TIMEOUT_MS)
            yield page
        finally:
            context.close()
