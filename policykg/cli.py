"""The `policykg` command: thin wrappers over the library (extract, graph, evaluation)."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click

from policykg import __version__
from policykg.explore_command import explore, report
from policykg.export_command import export
from policykg.load_command import load
from policykg.neo4j_command import neo4j
from policykg.query_commands import cypher, query

CONTEXT = {"help_option_names": ["-h", "--help"]}


def bundled_texts() -> Path:
    return Path(str(resources.files("policykg.data").joinpath("texts")))


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="policykg")
def cli() -> None:
    """Turn Chinese policy texts into a knowledge graph of who leads which measure."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("policykg-out"),
    show_default=True,
    help="Output directory.",
)
@click.option(
    "--table/--no-table",
    default=True,
    show_default=True,
    help="Print each measure with its lead and supporting units.",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check the graph against the ontology's SHACL shapes; a violation fails the build.",
)
def build(paths: tuple[Path, ...], out_dir: Path, table: bool, validate: bool) -> None:
    """Extract facts from policy texts and build the graph.

    PATHS are text files or directories (default: the bundled documents). Writes one
    extraction JSON per document (the format of gold/FORMAT.md) and the graph as node-link JSON,
    then validates the graph against the SHACL shapes of the ontology: violations are printed
    by document and span, and fail the build (exit code 1) unless --no-validate.

    \b
    Example:
        policykg build
        policykg build my-texts/ --out out/ --no-validate
    """
    from policykg.build import run_build

    result = run_build(
        list(paths) or [bundled_texts()], out_dir, progress=_progress, validate=validate
    )
    if table:
        click.echo(result.table)
    for failure in result.failures:
        click.echo(f"Error: {failure}", err=True)
    invalid = result.validation is not None and not result.validation.conforms
    if invalid:
        click.echo(result.validation.format(), err=True)
    click.echo(result.summary, err=True)
    if result.failures or invalid:
        sys.exit(1)


def _progress(items, length: int, label: str):
    """A progress bar on stderr for long inputs; silent for short ones."""
    if length < 2_000_000:
        return _NullBar(items)
    return click.progressbar(items, length=length, label=label, file=sys.stderr)


class _NullBar:
    def __init__(self, items) -> None:
        self.items = items

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def __iter__(self):
        return iter(self.items)

    def update(self, n: int) -> None:
        return None


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--texts",
    "text_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory with the texts the gold files name.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the scores as JSON.",
)
def evaluate(gold_dir: Path, text_dir: Path, json_out: Path | None) -> None:
    """Score the extractor against gold annotations (rules of gold/FORMAT.md).

    \b
    Example:
        policykg eval ../shared/gold --texts ../shared/seeds --json scores.json
    """
    from policykg.evaluation import format_report, report_to_dict
    from policykg.extract.reader import SourceError
    from policykg.run_eval import MissingText, run_eval

    try:
        report = run_eval(gold_dir, text_dir)
    except (ValueError, MissingText, SourceError) as exc:  # bad gold JSON, missing or bad text
        raise click.ClickException(str(exc)) from exc
    click.echo(format_report(report))
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(report_to_dict(report), ensure_ascii=False, indent=1) + "\n")


cli.add_command(neo4j)
cli.add_command(load)
cli.add_command(query)
cli.add_command(cypher)
cli.add_command(export)
cli.add_command(explore)
cli.add_command(report)
