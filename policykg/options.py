"""Options shared by the commands that talk to Neo4j (`load`, `query`, `cypher`)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from policykg.graph.connection import Connection, ConnectionFailure


def connection_options(command: Callable) -> Callable:
    """--uri/--user/--password/--database; the command receives `connection: Connection`."""

    @click.option(
        "--uri",
        help="Neo4j URI: bolt://, neo4j:// (cluster), neo4j+s:// (Aura). "
        "Default: $POLICYKG_NEO4J_URI, else the local server.",
    )
    @click.option("--user", help="Default: $POLICYKG_NEO4J_USER, else neo4j.")
    @click.option(
        "--password",
        help="Default: $POLICYKG_NEO4J_PASSWORD, else the local "
        "server's password file. Prefer the environment: options show in `ps`.",
    )
    @click.option("--database", help="Default: the server's default database.")
    @functools.wraps(command)
    def wrapper(*args, uri, user, password, database, **kwargs):
        try:
            connection = Connection.resolve(uri, user, password, database)
        except ConnectionFailure as exc:
            raise click.ClickException(str(exc)) from None
        return command(*args, connection=connection, **kwargs)

    return wrapper
