"""`policykg explore` (an offline HTML explorer) and `policykg report` (charts as PNG and SVG)."""

from __future__ import annotations

from pathlib import Path

import click
import networkx as nx

_PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
_GRAPH = click.option(
    "--graph",
    "graph_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use a graph.json written by `policykg build` instead of extracting PATHS.",
)


def _graph(paths: tuple[Path, ...], graph_file: Path | None) -> nx.MultiDiGraph:
    """The graph of --graph, else of PATHS, else of the bundled texts."""
    from policykg.cli import bundled_texts
    from policykg.extract.reader import SourceError
    from policykg.graph.frames import to_networkx

    if graph_file and paths:
        raise click.UsageError("give either PATHS or --graph, not both")
    try:
        return to_networkx(graph_file or list(paths) or [bundled_texts()])
    except (SourceError, ValueError) as exc:  # an unreadable text or a malformed graph.json
        raise click.ClickException(str(exc)) from None


@click.command()
@_PATHS
@_GRAPH
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("policykg-out/explorer.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option("--title", default="policykg explorer", show_default=True, help="Page title.")
def explore(paths: tuple[Path, ...], graph_file: Path | None, out_file: Path, title: str) -> None:
    """Write the graph as one self-contained HTML page to explore offline.

    Extracts PATHS (default: the bundled texts) or reads --graph. The page needs no network:
    search by Chinese name or alias, filter by class and relationship, open an agency (what it
    leads and supports, and with whom) or a measure (its text with the responsibility clause
    and units marked), and click a node or relationship for its properties and provenance.

    \b
    Example:
        policykg explore --graph policykg-out/graph.json --out explorer.html
        policykg explore my-texts/ --out my-explorer.html
    """
    from policykg.graph.explore import write_explorer

    graph = _graph(paths, graph_file)
    path = write_explorer(graph, out_file, title=title)
    size = path.stat().st_size / 1e6
    click.echo(f"{path} ({size:.1f} MB)")
    click.echo(
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships", err=True
    )


@click.command()
@_PATHS
@_GRAPH
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("policykg-out/report"),
    show_default=True,
    help="Directory for the charts.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    help="How many agencies the ranking shows.",
)
def report(paths: tuple[Path, ...], graph_file: Path | None, out_dir: Path, top: int) -> None:
    """Draw the report charts as PNG and SVG.

    Extracts PATHS (default: the bundled texts) or reads --graph, then writes under --out:
    agencies ranked by measures led and supported (agency-ranking), the network of agencies
    that share measures (co-responsibility), and quantified targets by target year
    (targets-by-year). Chinese labels need a CJK font (Debian: fonts-noto-cjk); set
    POLICYKG_CJK_FONT to a font file to choose one.

    \b
    Example:
        policykg report --graph policykg-out/graph.json --out report/
    """
    from policykg.graph.report import FontError, write_report

    graph = _graph(paths, graph_file)
    try:
        files = write_report(graph, out_dir, top=top)
    except FontError as exc:
        raise click.ClickException(str(exc)) from None
    for path in files:
        click.echo(path)
