"""`policykg build`: run the pipeline over files, write extraction JSON and the graph, and
validate the graph against the ontology's SHACL shapes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.output import dumps, to_json
from policykg.extract.pipeline import extract_source, iter_text_files
from policykg.extract.reader import SourceError, read_source
from policykg.extract.records import Extraction
from policykg.graph.builder import build_graph, write_node_link
from policykg.graph.validate import ValidationReport, validate_graph


@dataclass
class BuildResult:
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    graph_path: Path | None = None
    nodes: int = 0
    relationships: int = 0
    validation: ValidationReport | None = None  # None when not validated

    @property
    def table(self) -> str:
        return measure_table(self.extractions)

    @property
    def summary(self) -> str:
        measures = sum(len(e.measures) for e in self.extractions)
        led = sum(1 for e in self.extractions for m in e.measures if m.lead)
        return (
            f"{len(self.extractions)} documents, {measures} measures ({led} with a lead), "
            f"{self.nodes} nodes, {self.relationships} relationships -> {self.graph_path}"
            + (f"; {len(self.failures)} files failed" if self.failures else "")
            + _validation_summary(self.validation)
        )


def _validation_summary(report: ValidationReport | None) -> str:
    if report is None:
        return ""
    if report.conforms:
        return "; conforms to the SHACL shapes"
    return f"; {len(report.violations)} SHACL violations"


def run_build(
    paths: list[Path],
    out_dir: Path,
    progress: Callable | None = None,
    *,
    validate: bool = True,
) -> BuildResult:
    """Extract every text under `paths`, write outputs to `out_dir`; bad files are reported.

    With `validate`, the graph is checked against the SHACL shapes (`result.validation`)."""
    files = list(iter_text_files(paths))
    total = sum(f.stat().st_size for f in files)
    gazetteer = AgencyGazetteer.default()
    result = BuildResult()
    (out_dir / "extractions").mkdir(parents=True, exist_ok=True)
    bar = progress(files, total, "Extracting") if progress else None
    with bar if bar is not None else _nullcontext(files) as items:
        for path in items:
            try:
                source = read_source(path)
            except SourceError as exc:
                result.failures.append(str(exc))
                continue
            extraction = extract_source(source, gazetteer)
            result.extractions.append(extraction)
            out = out_dir / "extractions" / f"{source.doc_id}.json"
            out.write_text(dumps(to_json(extraction)))
            if bar is not None:
                bar.update(path.stat().st_size)
    graph = build_graph(result.extractions, gazetteer)
    result.graph_path = out_dir / "graph.json"
    write_node_link(graph, result.graph_path)
    result.nodes, result.relationships = graph.number_of_nodes(), graph.number_of_edges()
    if validate:
        result.validation = validate_graph(graph)
    return result


class _nullcontext:
    def __init__(self, items) -> None:
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc) -> None:
        return None


def measure_table(extractions: list[Extraction]) -> str:
    """Each measure with its lead and supporting units, one document after another."""
    lines: list[str] = []
    for ex in extractions:
        with_units = [m for m in ex.measures if m.units]
        title = ex.meta.title or ex.doc_id
        number = f" ({ex.meta.doc_number})" if ex.meta.doc_number else ""
        lines.append(
            f"== {title}{number}: {len(ex.measures)} measures, {len(with_units)} with responsible units"
        )
        for lead in ex.document_leads:
            lines.append(f"   overall lead: {lead.agency.surface}")
        for m in with_units:
            lead = "、".join(a.surface for a in m.lead) or "-"
            support = "、".join(a.surface for a in m.support) or "-"
            lines.append(f"{m.id:<8} {m.title[:24]:<24}  lead: {lead}  |  support: {support}")
        lines.append("")
    return "\n".join(lines)
