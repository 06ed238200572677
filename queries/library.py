"""The researchers' named Cypher queries: `queries/<verb>_<noun>.cypher`, each with a header.

A file holds one statement after `//` header lines:

    // title: Units responsible for each measure of a policy
    // description: Which units lead … (repeat the line to continue the text)
    // param policy: the policy's document number, title, or source doc_id

Every `$name` in the statement must be declared by a `// param` line and every declared
parameter must be used, so a file cannot drift from its documentation. Parameters a caller
leaves out are sent as null, which lets a query default them with `coalesce($p, …)`.
Named queries always run in a read transaction; `run_cypher` can also write, for ad-hoc use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from neo4j import Driver, NotificationSeverity, RoutingControl
from neo4j.exceptions import DriverError, Neo4jError
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

PACKAGE = "policykg.queries"
SUFFIX = ".cypher"

_NAME = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")  # <verb>_<noun>
_HEADER = re.compile(r"//[ \t]*(?:(title|description)|param[ \t]+([A-Za-z_]\w*))[ \t]*:[ \t]*(.*)")
# Text in which a `$` or `;` is not Cypher: string literals, quoted names, comments.
_NOT_CODE = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL
)
_PARAM = re.compile(r"\$(\w*)")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"


class QueryFileError(ValueError):
    """A query file breaks the header or one-statement rules; the message names the file."""


class QueryError(Exception):
    """A query could not run: bad parameters, a Cypher error, or a lost connection."""


class ReadOnlyViolation(QueryError):
    """The statement tried to write inside a read transaction."""


@dataclass(frozen=True, slots=True)
class QueryParameter:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    cypher: str  # the statement alone: no header, no trailing semicolon
    title: str
    description: str
    parameters: tuple[QueryParameter, ...]

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)


def parse_query(name: str, text: str) -> NamedQuery:
    """Parse one query file's text; `name` is the file stem. Raises QueryFileError."""
    if not _NAME.fullmatch(name):
        raise QueryFileError(f"{name}{SUFFIX}: the name must be <verb>_<noun> in lower case")
    lines = text.lstrip("\ufeff").splitlines()
    title, description, declared, body_start = _header(name, lines)
    cypher, code = _statement(name, "\n".join(lines[body_start:]))
    used = _used_parameters(name, code)
    undeclared = [p for p in used if p not in declared]
    if undeclared:
        raise QueryFileError(
            f"{name}{SUFFIX}: parameter(s) {', '.join('$' + p for p in undeclared)} used "
            "but not declared with '// param <name>: …'"
        )
    unused = [p for p in declared if p not in used]
    if unused:
        raise QueryFileError(
            f"{name}{SUFFIX}: parameter(s) {', '.join('$' + p for p in unused)} declared "
            "but not used"
        )
    parameters = tuple(QueryParameter(p, d) for p, d in declared.items())
    return NamedQuery(name, cypher, title, description, parameters)


def _header(name: str, lines: list[str]) -> tuple[str, str, dict[str, str], int]:
    """(title, description, declared parameters, index of the first statement line)."""
    fields: dict[str, list[str]] = {"title": [], "description": []}
    declared: dict[str, str] = {}
    body_start = len(lines)
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = number
            break
        if stripped.strip("/ \t") == "":
            continue  # an empty comment line separates header paragraphs
        match = _HEADER.fullmatch(stripped)
        if match is None:  # strict, so a misspelt field name cannot pass unnoticed
            raise QueryFileError(
                f"{name}{SUFFIX}:{number + 1}: header lines are '// title: …', "
                f"'// description: …' or '// param <name>: …', got {stripped!r}"
            )
        field, param, value = match.groups()
        if param is None:
            fields[field].append(value.strip())
        elif param in declared:
            raise QueryFileError(f"{name}{SUFFIX}:{number + 1}: ${param} declared twice")
        else:
            declared[param] = value.strip()
    title, description = (" ".join(fields[f]).strip() for f in ("title", "description"))
    for field, value in (("title", title), ("description", description)):
        if not value:
            raise QueryFileError(f"{name}{SUFFIX}: no '// {field}:' line in the header")
    return title, description, declared, body_start


def _statement(name: str, body: str) -> tuple[str, str]:
    """The statement without a trailing semicolon, and the same text with non-code blanked."""
    body = body.strip()
    # Same-length blanks keep positions in `code` equal to those in `body`.
    code = _NOT_CODE.sub(lambda m: " " * len(m.group()), body)
    if code.rstrip().endswith(";"):  # a trailing semicolon is allowed and dropped
        end = code.rstrip().rfind(";")
        body, code = body[:end].rstrip(), code[:end]
    if not code.strip():
        raise QueryFileError(f"{name}{SUFFIX}: no Cypher statement after the header")
    if ";" in code:
        raise QueryFileError(f"{name}{SUFFIX}: one statement per file (found a ';' inside)")
    return body, code


def _used_parameters(name: str, code: str) -> list[str]:
    used: list[str] = []
    for match in _PARAM.finditer(code):
        param = match.group(1)
        if not _IDENTIFIER.fullmatch(param):
            raise QueryFileError(
                f"{name}{SUFFIX}: parameters are written $name (letters, digits, _), "
                f"got {code[match.start() : match.end() + 1]!r}"
            )
        if param not in used:
            used.append(param)
    return used


def load_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries by name: the bundled ones, or those of `directory`."""
    if directory is None:
        return dict(_bundled_queries())
    return _read_directory(directory)


@cache
def _bundled_queries() -> tuple[tuple[str, NamedQuery], ...]:
    files = resources.files(PACKAGE)
    entries = sorted(
        (f.name, f.read_text(encoding="utf-8")) for f in files.iterdir() if f.name.endswith(SUFFIX)
    )
    return tuple((q.name, q) for q in (parse_query(n[: -len(SUFFIX)], t) for n, t in entries))


def _read_directory(directory: Path) -> dict[str, NamedQuery]:
    queries = {}
    for path in sorted(directory.glob(f"*{SUFFIX}")):
        query = parse_query(path.stem, path.read_text(encoding="utf-8"))
        queries[query.name] = query
    return queries


def bind_parameters(query: NamedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check names against the declaration; a declared parameter left out is sent as null."""
    unknown = sorted(set(params) - set(query.parameter_names))
    if unknown:
        declared = ", ".join(query.parameter_names) or "none"
        raise QueryError(
            f"query {query.name!r} has no parameter(s) {', '.join(unknown)} (it takes: {declared})"
        )
    return {name: params.get(name) for name in query.parameter_names}


def run_query(
    driver: Driver,
    query: NamedQuery,
    params: Mapping[str, Any] | None = None,
    database: str | None = None,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a named query in a read transaction: (column names, rows of plain Python values)."""
    return run_cypher(
        driver,
        query.cypher,
        bind_parameters(query, params or {}),
        database,
        on_warning=on_warning,
    )


def run_cypher(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    database: str | None = None,
    *,
    write: bool = False,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one statement; read-only unless `write`. Values come back as plain Python values.

    Reads use a managed read transaction (the server refuses any write in it). Writes run in
    an auto-commit transaction, so `CALL { … } IN TRANSACTIONS` works there. The server's
    warnings (an unknown label, say) go to `on_warning`, one line each.
    """
    try:
        if write:
            with driver.session(database=database) as session:
                result = session.run(cypher, dict(params or {}))
                records = list(result)
                columns = list(result.keys())
                summary = result.consume()
        else:
            records, summary, columns = driver.execute_query(
                cypher,
                parameters_=dict(params or {}),
                routing_=RoutingControl.READ,
                database_=database,
            )
    except Neo4jError as exc:
        if exc.code == _ACCESS_MODE:
            raise ReadOnlyViolation(
                "the statement writes to the database, but it ran in a read-only transaction"
            ) from None
        raise QueryError(exc.message or str(exc)) from None
    except DriverError as exc:
        raise QueryError(f"{type(exc).__name__}: {exc}") from None
    if on_warning is not None:
        for status in summary.gql_status_objects:
            if status.is_notification and status.severity == NotificationSeverity.WARNING:
                on_warning(status.status_description)
    return list(columns), [tuple(plain(v) for v in record.values()) for record in records]


def plain(value: Any) -> Any:
    """A driver value as JSON-friendly Python: graph objects as dicts, temporals as ISO text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": plain(dict(value)),
        }
    if isinstance(value, GraphPath):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray):
        return value.hex()
    if isinstance(value, Sequence):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime, Duration
        return value.iso_format()
    return str(value)  # spatial points and anything newer: their text form
