"""The local Neo4j server: a real JVM from Maven Central jars (policykg.graph.neo4j_server)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from policykg.graph.neo4j_server import (
    DEFAULT_VERSION,
    ServerConfig,
    ServerError,
    connection_settings,
    java_major,
    start,
    status,
    stop,
    supported_java,
)


@pytest.fixture
def local_config(neo4j_driver) -> ServerConfig:
    """The config of the session's local server (tests of the launcher, not of Cypher)."""
    if os.environ.get("POLICYKG_NEO4J_URI"):
        pytest.skip("uses an external server ($POLICYKG_NEO4J_URI), not the local one")
    return ServerConfig.from_env()


@pytest.mark.neo4j
def test_neo4j_server_answers_return_1(neo4j_driver):
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS x")
    assert [record["x"] for record in records] == [1]


@pytest.mark.neo4j
def test_neo4j_server_status_reports_running(local_config):
    result = status(local_config)
    assert result.running
    assert result.pid is not None and result.pid > 0
    assert result.bolt_uri == f"bolt://127.0.0.1:{local_config.bolt_port}"
    assert result.version == DEFAULT_VERSION
    assert result.home == local_config.home


@pytest.mark.neo4j
def test_neo4j_server_wrong_password_gives_auth_error(local_config):
    uri, user, _ = connection_settings(local_config)
    with (
        GraphDatabase.driver(uri, auth=(user, "not-the-password")) as driver,
        pytest.raises(AuthError, match="unauthorized due to authentication failure"),
    ):
        driver.verify_connectivity()


@pytest.mark.neo4j
def test_neo4j_server_start_twice_is_harmless(local_config, neo4j_driver):
    pid = status(local_config).pid
    again = start(local_config)
    assert (again.running, again.started_now, again.pid) == (True, False, pid)
    records, _, _ = neo4j_driver.execute_query("RETURN 2 AS x")
    assert [record["x"] for record in records] == [2]


def test_neo4j_server_busy_port_fails_before_java(tmp_path):
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        config = ServerConfig(home=tmp_path / "home", bolt_port=port, password="password-123")
        with pytest.raises(ServerError, match=f"^Bolt port {port} on 127.0.0.1 is busy"):
            start(config)
    assert not (tmp_path / "home" / "lib").exists()
    assert not config.pid_file.exists()


def test_neo4j_server_status_of_empty_home_is_not_running(tmp_path):
    result = status(ServerConfig(home=tmp_path))
    assert (result.running, result.pid, result.password_file) == (
        False,
        None,
        tmp_path / "password",
    )


def test_neo4j_server_stop_when_not_running_is_a_no_op(tmp_path):
    config = ServerConfig(home=tmp_path)
    config.pid_file.parent.mkdir()
    config.pid_file.write_text("999999999\n")  # stale: no such process
    stop(config)
    assert not config.pid_file.exists()


def test_neo4j_server_config_from_env_reads_ports_home_and_password():
    config = ServerConfig.from_env(
        {
            "POLICYKG_NEO4J_HOME": "/srv/neo4j",
            "POLICYKG_NEO4J_BOLT_PORT": "17687",
            "POLICYKG_NEO4J_HTTP_PORT": "17474",
            "POLICYKG_NEO4J_PASSWORD": "secret-password",
        }
    )
    assert config == ServerConfig(
        home=Path("/srv/neo4j"),
        version=DEFAULT_VERSION,
        bolt_port=17687,
        http_port=17474,
        password="secret-password",
    )


def test_neo4j_server_config_from_env_defaults_to_cache_home():
    config = ServerConfig.from_env({})
    expected_home = Path.home() / ".cache" / "policykg" / f"neo4j-{DEFAULT_VERSION}"
    assert (config.home, config.bolt_port, config.http_port, config.password) == (
        expected_home,
        7687,
        7474,  # the Browser's port, as in a stock Neo4j
        None,
    )
    assert config.browser_url == "http://127.0.0.1:7474/browser/"


def test_neo4j_server_config_from_env_turns_http_off():
    config = ServerConfig.from_env({"POLICYKG_NEO4J_HTTP_PORT": "off"})
    assert (config.http_port, config.browser_url) == (None, None)


def test_neo4j_server_config_from_env_rejects_bad_port():
    with pytest.raises(ServerError, match="^not a port number: 'bolt'$"):
        ServerConfig.from_env({"POLICYKG_NEO4J_BOLT_PORT": "bolt"})


def test_neo4j_server_connection_settings_use_env_password(tmp_path):
    config = ServerConfig(home=tmp_path, bolt_port=17687, password="secret-password")
    assert connection_settings(config) == ("bolt://127.0.0.1:17687", "neo4j", "secret-password")


def test_neo4j_server_java_major_reads_version_output():
    # First line of `java -version` from Debian's OpenJDK 17 on this machine.
    assert java_major('openjdk version "17.0.15" 2025-04-15') == 17
    assert java_major('java version "1.8.0_402"') == 8


def test_neo4j_server_supported_java_follows_release_line():
    assert (
        supported_java("5.26.31"),
        supported_java("2025.06.2"),
        supported_java("2026.08.1"),
    ) == (
        (17, 21),
        (21,),
        (21, 25),
    )


@pytest.mark.neo4j
def test_neo4j_server_initial_password_may_start_with_a_dash(tmp_path, local_config, neo4j_driver):
    # A generated password starts with "-" one time in 64; neo4j-admin must not read it as an
    # option (a fresh clone's CI run failed on "-jR…").
    from policykg.graph import neo4j_server

    config = ServerConfig(home=tmp_path / "home", bolt_port=17999, password="-dash-first-pw")
    config.home.mkdir()
    config.lib_dir.symlink_to(local_config.lib_dir)  # neo4j_driver: the jars are fetched
    java, _ = neo4j_server._find_java(config)
    neo4j_server._write_conf(config)
    neo4j_server._set_initial_password(config, java, config.password)
    assert (config.home / "data" / "dbms" / "auth.ini").exists()
