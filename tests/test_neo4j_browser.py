"""The Neo4j Browser, served by the local server from Maven Central jars, in real Chromium.

`policykg neo4j start` fetches `org.neo4j.client:neo4j-browser` with the server's jars and turns
the HTTP connector on (port 7474 unless POLICYKG_NEO4J_HTTP_PORT says otherwise), so the Browser
is at http://127.0.0.1:7474/browser/. This test logs in through its connect form and runs a
query with a Chinese result, as a researcher would.
"""

from __future__ import annotations

import os
import urllib.request

import pytest

from policykg.graph import neo4j_server

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


@pytest.fixture
def browser_url(neo4j_driver) -> str:
    if os.environ.get("POLICYKG_NEO4J_URI"):
        pytest.skip("an external server (POLICYKG_NEO4J_URI): its Browser is not ours to test")
    config = neo4j_server.ServerConfig.from_env()
    url = neo4j_server.status(config).browser_url
    if url is None:
        pytest.skip("the local server runs with HTTP off (POLICYKG_NEO4J_HTTP_PORT=off)")
    return url


def test_neo4j_browser_is_served_by_the_local_server(browser_url):
    with urllib.request.urlopen(browser_url, timeout=30) as response:
        assert response.status == 200
        assert "<title>Neo4j Browser</title>" in response.read().decode("utf-8")


def test_neo4j_browser_connects_and_runs_a_query(page, browser_url):
    config = neo4j_server.ServerConfig.from_env()
    _, user, password = neo4j_server.connection_settings(config)
    page.goto(f"{browser_url}?dbms={config.bolt_uri}")
    page.fill("[data-testid=username]", user)
    page.fill("[data-testid=password]", password)
    page.click("[data-testid=connect]")
    page.wait_for_selector("text=You are connected")

    page.locator("[data-testid=activeEditor]").first.click()
    page.keyboard.type("RETURN '上海市商务委员会' AS agency")
    page.keyboard.press("Enter")
    page.get_by_text('"上海市商务委员会"', exact=True).wait_for()  # a cell of the result table

    assert not [e for e in page.errors if not e.startswith("Failed to load resource")]
    # Offline, only the Browser's third-party requests (web fonts, its usage scripts) and its
    # HTTP probe of the Bolt port fail; nothing it needs from the server.
    http_root = browser_url.removesuffix("browser/")
    assert not [url for url in page.failed_requests if url.startswith(http_root)]
