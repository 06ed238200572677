"""`policykg neo4j start|stop|status`: a local Neo4j server for the graph (see graph/neo4j_server)."""

from __future__ import annotations

import click

from policykg.graph.neo4j_server import ServerConfig, ServerError, ServerStatus
from policykg.graph.neo4j_server import start as start_server
from policykg.graph.neo4j_server import status as server_status
from policykg.graph.neo4j_server import stop as stop_server


class _ServerFailure(click.ClickException):
    exit_code = 2  # 1 is left for "the command ran and found problems"


def _config() -> ServerConfig:
    try:
        return ServerConfig.from_env()
    except ServerError as exc:
        raise _ServerFailure(str(exc)) from None


@click.group()
def neo4j() -> None:
    """A local Neo4j Community server built from Maven Central jars (needs java and mvn).

    \b
    Settings come from the environment:
      POLICYKG_NEO4J_HOME       server home (default ~/.cache/policykg/neo4j-<version>)
      POLICYKG_NEO4J_BOLT_PORT  Bolt port on 127.0.0.1 (default 7687)
      POLICYKG_NEO4J_HTTP_PORT  HTTP port, serving the Neo4j Browser (default 7474; off: HTTP off)
      POLICYKG_NEO4J_PASSWORD   password of user neo4j (default: generated, in <home>/password)
      POLICYKG_NEO4J_VERSION    Neo4j version;  POLICYKG_NEO4J_JAVA  java executable
    """


@neo4j.command()
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for Bolt.")
def start(timeout: float) -> None:
    """Start the server in the background (fetching its jars on first use); wait until ready."""
    config = _config()
    try:
        result = start_server(config, timeout=timeout)
    except ServerError as exc:
        raise _ServerFailure(str(exc)) from None
    click.echo("started" if result.started_now else "already running")
    _echo_status(result)


@neo4j.command()
@click.option("--timeout", default=60.0, show_default=True, help="Seconds before SIGKILL.")
def stop(timeout: float) -> None:
    """Stop the server gracefully."""
    config = _config()
    was_running = server_status(config).running
    try:
        stop_server(config, timeout=timeout)
    except ServerError as exc:
        raise _ServerFailure(str(exc)) from None
    click.echo("stopped" if was_running else "not running")


@neo4j.command()
def status() -> None:
    """Show whether the server runs, with its pid, Bolt URI, version and home."""
    _echo_status(server_status(_config()))


def _echo_status(result: ServerStatus) -> None:
    running = f"yes (pid {result.pid})" if result.running else "no"
    password = result.password_file or "from POLICYKG_NEO4J_PASSWORD"
    click.echo(f"running:   {running}")
    click.echo(f"bolt:      {result.bolt_uri}  (user neo4j)")
    click.echo(f"browser:   {result.browser_url or 'off (HTTP disabled)'}")
    click.echo(f"version:   {result.version}")
    click.echo(f"home:      {result.home}")
    click.echo(f"password:  {password}")
