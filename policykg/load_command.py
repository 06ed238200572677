"""`policykg load`: put the graph into Neo4j (the local server by default)."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.graph.connection import Connection, ConnectionFailure
from policykg.options import connection_options


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Load a graph.json written by `policykg build` instead of extracting PATHS.",
)
@click.option(
    "--batch-size",
    default=5000,
    show_default=True,
    type=click.IntRange(1),
    help="Rows per UNWIND statement.",
)
@connection_options
def load(
    paths: tuple[Path, ...], graph_file: Path | None, batch_size: int, connection: Connection
) -> None:
    """Load the graph into Neo4j, idempotently.

    Extracts PATHS (default: the bundled texts) or reads --graph. Documents already loaded with
    the same text are skipped; a changed document's old facts are replaced; other documents'
    facts are left as they are.

    \b
    Example:
        policykg neo4j start && policykg load
        policykg load --graph policykg-out/graph.json --uri neo4j+s://xxxx.databases.neo4j.io
    """
    from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

    from policykg.cli import bundled_texts
    from policykg.graph.builder import build_graph, read_node_link
    from policykg.graph.loader import LoadBusy, load_graph

    if graph_file:
        graph = read_node_link(graph_file)
    else:
        from policykg.extract.pipeline import extract_file, iter_text_files
        from policykg.extract.reader import SourceError

        extractions = []
        for path in iter_text_files(list(paths) or [bundled_texts()]):
            try:
                extractions.append(extract_file(path))
            except SourceError as exc:
                click.echo(f"Error: {exc}", err=True)
        graph = build_graph(extractions)
    try:
        with connection.driver() as driver:
            stats = load_graph(driver, graph, database=connection.database, batch_size=batch_size)
    except (ConnectionFailure, LoadBusy) as exc:
        raise click.ClickException(str(exc)) from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise click.ClickException(
            f"lost the connection to Neo4j at {connection.uri} during the load "
            f"({type(exc).__name__}). Run `policykg load` again: documents whose load did not "
            "finish are loaded again from scratch, the others are skipped."
        ) from None
    except Neo4jError as exc:
        raise click.ClickException(f"Neo4j at {connection.uri}: {exc.message}") from None
    click.echo(
        f"{stats.documents_loaded} documents loaded ({stats.documents_replaced} replaced), "
        f"{stats.documents_unchanged} unchanged; {stats.nodes} nodes and "
        f"{stats.relationships} relationships written in {stats.seconds:.2f} s to {connection.uri}"
    )
