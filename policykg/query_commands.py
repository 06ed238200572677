"""`policykg query NAME` (the named queries of queries/) and `policykg cypher "…"` (ad hoc).

Both print a table, CSV or JSON. Named queries and ad-hoc Cypher run in read transactions;
only `cypher --write` may change the database.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import click

from policykg.graph.connection import Connection, ConnectionFailure
from policykg.options import connection_options
from policykg.queries.library import (
    NamedQuery,
    QueryError,
    QueryFileError,
    ReadOnlyViolation,
    bind_parameters,
    load_queries,
    run_cypher,
    run_query,
)

FORMATS = ("table", "csv", "json")
DEFAULT_MAX_WIDTH = 40


# ---------------------------------------------------------------------------------------------
# Parameters


def parse_params(values: Sequence[str]) -> dict[str, Any]:
    """`key=value` pairs; a value is JSON if it parses (numbers, lists, null), else text."""
    params: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier() or not key.isascii():
            raise click.BadParameter(
                f"{item!r} is not KEY=VALUE with KEY a parameter name", param_hint="'--param'"
            )
        if key in params:
            raise click.BadParameter(f"{key} given twice", param_hint="'--param'")
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    return params


param_option = click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; repeat for more. VALUE is read as JSON when it parses "
    '(20, [1,2], null, "2024"), else taken as text.',
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output: an aligned table, CSV, or a JSON list of objects.",
)
width_option = click.option(
    "--max-width",
    type=click.IntRange(0),
    default=DEFAULT_MAX_WIDTH,
    show_default=True,
    help="Table cells longer than this many columns are cut (0: never). CSV and JSON are never cut.",
)


# ---------------------------------------------------------------------------------------------
# Output


def _cell(value: Any) -> str:
    """A value as one line of text: lists of scalars comma-separated, nested values as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return format(value, ".6g")  # scores: enough digits to rank, few enough to read
    if isinstance(value, bool | int):
        return json.dumps(value)
    if isinstance(value, list) and all(
        isinstance(v, str | int | float | bool) or v is None for v in value
    ):
        return ", ".join(_cell(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())  # measure texts and evidence span lines
    if width <= 0 or display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def format_table(columns: list[str], rows: list[tuple[Any, ...]], max_width: int) -> str:
    cells = [[_fit(_cell(v), max_width) for v in row] for row in rows]
    widths = [
        max([display_width(c)] + [display_width(r[i]) for r in cells])
        for i, c in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        padded = (v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def format_csv(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [v if isinstance(v, str) else "" if v is None else _json_cell(v) for v in row]
        )
    return buffer.getvalue().rstrip("\n")


def _json_cell(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def format_json(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    objects = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(objects, ensure_ascii=False, indent=1)


def _echo_result(
    columns: list[str], rows: list[tuple[Any, ...]], output_format: str, max_width: int
) -> None:
    if output_format == "json":
        click.echo(format_json(columns, rows))
    elif output_format == "csv":
        click.echo(format_csv(columns, rows))
    elif columns:
        click.echo(format_table(columns, rows, max_width))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


# ---------------------------------------------------------------------------------------------
# Running


def _warn(message: str) -> None:
    click.echo(f"Warning: {message}", err=True)


def _with_driver(connection: Connection, work: Callable[[Any], Any]) -> Any:
    # The driver also logs server notifications at length; _warn reports them in one line.
    notifications = logging.getLogger("neo4j.notifications")
    if not notifications.handlers:
        notifications.addHandler(logging.NullHandler())
    try:
        with connection.driver() as driver:
            return work(driver)
    except ConnectionFailure as exc:
        raise click.ClickException(str(exc)) from None


def _queries() -> dict[str, NamedQuery]:
    try:
        return load_queries()
    except QueryFileError as exc:
        raise click.ClickException(f"bad query file: {exc}") from None


def _listing(queries: dict[str, NamedQuery]) -> list[tuple[str, str]]:
    rows = []
    for q in queries.values():
        params = ", ".join(q.parameter_names)
        rows.append((q.name, f"{q.title}" + (f" (--param {params})" if params else "")))
    return rows


class _QueryCommand(click.Command):
    """Lists the named queries under the help text, read when help is shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        try:
            queries = load_queries()
        except QueryFileError as exc:
            formatter.write_paragraph()
            formatter.write_text(f"(cannot list the queries: {exc})")
            return
        with formatter.section("Queries"):
            formatter.write_dl(_listing(queries))


def _complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    try:
        return [name for name in load_queries() if name.startswith(incomplete)]
    except QueryFileError:
        return []


@click.command(cls=_QueryCommand)
@click.argument("name", shell_complete=_complete_names)
@param_option
@format_option
@width_option
@connection_options
def query(
    name: str,
    params: tuple[str, ...],
    output_format: str,
    max_width: int,
    connection: Connection,
) -> None:
    """Run the named query NAME (a file of queries/) in a read transaction.

    Parameters a query declares but you leave out are null, so the query's default applies.

    \b
    Example:
        policykg query list_measure_units -p policy=沪府办发〔2024〕31号
        policykg query list_agency_measures -p agency=市商务委 --format json
        policykg query rank_agencies -p limit=10 --format csv > ranking.csv
    """
    queries = _queries()
    named = queries.get(name)
    if named is None:
        listing = "\n".join(f"  {n:<24} {t}" for n, t in _listing(queries))
        raise click.ClickException(f"no query named {name!r}; the queries are:\n{listing}")
    try:  # before connecting: a misspelt parameter needs no server to be reported
        values = bind_parameters(named, parse_params(params))
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="'--param'") from None

    missing = [p for p in named.parameter_names if values[p] is None]
    if missing:
        click.echo(f"Note: null (not given): {', '.join(missing)}", err=True)

    def work(driver: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
        return run_query(driver, named, values, connection.database, on_warning=_warn)

    try:
        columns, rows = _with_driver(connection, work)
    except QueryError as exc:
        raise click.ClickException(f"query {name} failed: {exc}") from None
    _echo_result(columns, rows, output_format, max_width)


@click.command()
@click.argument("statement")
@param_option
@click.option(
    "--write",
    is_flag=True,
    help="Allow the statement to change the database (default: a read-only transaction).",
)
@format_option
@width_option
@connection_options
def cypher(
    statement: str,
    params: tuple[str, ...],
    write: bool,
    output_format: str,
    max_width: int,
    connection: Connection,
) -> None:
    """Run one Cypher STATEMENT ('-' reads it from standard input).

    It runs read-only unless --write is given, so a mistaken CREATE, SET or DELETE fails and
    changes nothing. Pass values with --param and write $name in the statement.

    \b
    Example:
        policykg cypher "MATCH (a:Agency) RETURN a.name, a.level LIMIT 5"
        policykg cypher "MATCH (a:Agency {name: \\$name}) RETURN a.aliases" -p name=上海市商务委员会
        policykg cypher --write "MATCH (n:Scratch) DETACH DELETE n"
    """
    if statement == "-":
        statement = sys.stdin.read()
    if not statement.strip():
        raise click.ClickException("the statement is empty")
    values = parse_params(params)

    def work(driver: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
        return run_cypher(
            driver, statement, values, connection.database, write=write, on_warning=_warn
        )

    try:
        columns, rows = _with_driver(connection, work)
    except ReadOnlyViolation:
        raise click.ClickException(
            "the statement writes to the database, but ad-hoc Cypher runs read-only; "
            "nothing was changed. Add --write to allow writes."
        ) from None
    except QueryError as exc:
        raise click.ClickException(f"Cypher failed: {exc}") from None
    _echo_result(columns, rows, output_format, max_width)
