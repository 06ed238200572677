"""`policykg export`: the graph as RDF, GraphML, neo4j-admin import CSVs, or node/edge tables."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.graph.export import FORMATS, NEO4J_DIR


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    required=True,
    help="Output format; repeat for several.",
)
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Export a graph.json written by `policykg build` instead of extracting PATHS.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("policykg-out"),
    show_default=True,
    help="Output directory.",
)
def export(
    paths: tuple[Path, ...], formats: tuple[str, ...], graph_file: Path | None, out_dir: Path
) -> None:
    """Export the graph for other tools.

    Extracts PATHS (default: the bundled texts) or reads --graph, then writes, under --out:
    turtle (graph.ttl) and jsonld (graph.jsonld): RDF with stable IRIs, relationships reified
    with their provenance; graphml (graph.graphml) for Gephi and yEd; neo4j-csv
    (neo4j-import/): CSVs for `neo4j-admin database import full`, with import.sh and
    schema.cypher; csv and parquet: node and edge tables (nodes.*, edges.*).

    \b
    Example:
        policykg export --format turtle --format neo4j-csv
        policykg export --graph policykg-out/graph.json --format parquet --out tables/
    """
    from policykg.cli import bundled_texts
    from policykg.extract.reader import SourceError
    from policykg.graph.export import export as export_graph
    from policykg.graph.frames import to_networkx

    if graph_file and paths:
        raise click.UsageError("give either PATHS or --graph, not both")
    try:
        graph = to_networkx(graph_file or list(paths) or [bundled_texts()])
    except (SourceError, ValueError) as exc:  # an unreadable text or a malformed graph.json
        raise click.ClickException(str(exc)) from None
    for fmt in dict.fromkeys(formats):
        try:
            files = export_graph(graph, fmt, out_dir)
        except ValueError as exc:
            raise click.ClickException(f"{fmt}: {exc}") from None
        where = out_dir / NEO4J_DIR if fmt == "neo4j-csv" else ", ".join(map(str, files))
        click.echo(f"{fmt}: {where}")
    if "neo4j-csv" in formats:
        click.echo(
            f"Bulk import: stop Neo4j, run {out_dir / NEO4J_DIR / 'import.sh'} "
            "(NEO4J_HOME set), start it, then run schema.cypher.",
            err=True,
        )
    click.echo(
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships", err=True
    )
