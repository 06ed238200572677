"""Connecting to Neo4j: the local server by default, or any URI (bolt://, neo4j://, neo4j+s://).

Settings come from arguments, else the environment (`POLICYKG_NEO4J_URI`, `_USER`, `_PASSWORD`,
`_DATABASE`), else the local server of `policykg neo4j start` with its password file.
Failures become `ConnectionFailure` with a message that names the server and never the password.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

from . import neo4j_server


class ConnectionFailure(Exception):
    """The server could not be reached or refused us; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Connection:
    uri: str
    user: str
    password: str
    database: str | None = None

    def __repr__(self) -> str:  # never show the password
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    @classmethod
    def resolve(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Connection:
        env = os.environ if environ is None else environ
        uri = uri or env.get("POLICYKG_NEO4J_URI")
        database = database or env.get("POLICYKG_NEO4J_DATABASE") or None
        if uri:
            return cls(
                uri,
                user or env.get("POLICYKG_NEO4J_USER", "neo4j"),
                password if password is not None else env.get("POLICYKG_NEO4J_PASSWORD", ""),
                database,
            )
        try:
            config = neo4j_server.ServerConfig.from_env(env)
            local_uri, local_user, local_password = neo4j_server.connection_settings(config)
        except neo4j_server.ServerError as exc:
            raise ConnectionFailure(f"no Neo4j URI given and no local server: {exc}") from None
        return cls(local_uri, user or local_user, password or local_password, database)

    def driver(self) -> Driver:
        """A driver whose connectivity and credentials have been checked."""
        try:
            driver = GraphDatabase.driver(
                self.uri,
                auth=(self.user, self.password),
                # A property not yet in an empty database is expected, not a problem to report.
                notifications_disabled_classifications=["UNRECOGNIZED"],
            )
        except (ConfigurationError, ValueError) as exc:
            raise ConnectionFailure(f"bad Neo4j URI {self.uri!r}: {exc}") from None
        try:
            driver.verify_connectivity()
        except AuthError:
            driver.close()
            raise ConnectionFailure(
                f"Neo4j at {self.uri} refused user {self.user!r}: wrong user or password"
            ) from None
        except (ServiceUnavailable, OSError) as exc:
            driver.close()
            raise ConnectionFailure(
                f"cannot reach Neo4j at {self.uri} ({type(exc).__name__}); is the server running?"
                " Start the local one with `policykg neo4j start`."
            ) from None
        except Neo4jError as exc:
            driver.close()
            raise ConnectionFailure(f"Neo4j at {self.uri}: {exc.message}") from None
        return driver
