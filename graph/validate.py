"""Validate the graph against the SHACL shapes of the ontology (pyshacl), with a typed report.

The networkx graph is turned into its RDF view (graph/rdf.py) and checked against
`ontology/shapes.ttl` with the ontology mixed in. Each violation names the node or relationship
in property-graph terms, the source document and the raw span it came from, so a report reads
like the build's other messages: by document, then by position in the text.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

import networkx as nx
from pyshacl import validate
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from policykg.graph.rdf import ID, Origin, to_rdf
from policykg.ontology.namespace import PKG
from policykg.ontology.schema import (
    GraphSchema,
    load_schema,
    ontology_graph,
    shapes_graph,
    snake_case,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str  # node id ("Measure:…") or relationship ("LEADS Agency:… -> Measure:…")
    message: str
    path: str  # the property or relationship concerned, in graph names ("start", "HAS_MEASURE")
    doc_id: str | None
    start: int | None
    end: int | None
    severity: str = "Violation"  # SHACL severity: Violation, Warning or Info
    value: str = ""  # the offending value, if any

    @property
    def span(self) -> str:
        if self.start is None or self.end is None:
            return "[no span]"
        return f"[{self.start}:{self.end}]"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]  # by document, then span

    def by_document(self) -> dict[str | None, list[Violation]]:
        groups: dict[str | None, list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[v.doc_id].append(v)
        return dict(groups)

    def format(self) -> str:
        """Violations grouped by document, each with its span, focus and message."""
        if self.conforms:
            return "SHACL validation: the graph conforms to the shapes"
        groups = self.by_document()
        lines = [
            f"SHACL validation: {_count(len(self.violations), 'violation')} in "
            f"{_count(len(groups), 'document')}"
        ]
        for doc_id, violations in groups.items():
            lines.append(doc_id or "(no document)")
            for v in violations:
                where = f" ({v.path})" if v.path else ""
                value = f" [value: {v.value}]" if v.value else ""
                lines.append(f"  {v.span} {v.focus}{where}: {v.message}{value}")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def validate_graph(graph: nx.MultiDiGraph, schema: GraphSchema | None = None) -> ValidationReport:
    schema = schema or load_schema()
    view = to_rdf(graph, schema)
    conforms, results, _ = validate(
        view.graph,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,  # SPARQL targets select the facts of some relationship types
        inplace=True,  # the view was built for this check: no need to copy it
        allow_warnings=True,
    )
    violations = [_violation(results, r, view.origins, schema) for r in _results(results)]
    violations.sort(key=_order)
    logger.debug("SHACL: %d results", len(violations))
    return ValidationReport(bool(conforms), tuple(violations))


def _order(v: Violation) -> tuple:
    """By document (none last), then by position in it (no span first), then by name."""
    span = (-1, -1) if v.start is None or v.end is None else (v.start, v.end)
    return (v.doc_id is None, v.doc_id or "", span, v.focus, v.path, v.message)


def _results(results: Graph) -> list[Node]:
    return list(results.subjects(RDF.type, SH.ValidationResult))


def _violation(
    results: Graph, result: Node, origins: Mapping[URIRef, Origin], schema: GraphSchema
) -> Violation:
    focus = results.value(result, SH.focusNode)
    origin = origins.get(focus, Origin(str(focus)))
    path = _path_name(results, results.value(result, SH.resultPath), schema)
    component = results.value(result, SH.sourceConstraintComponent)
    value = results.value(result, SH.value)
    if component == SH.ClosedConstraintComponent:
        message = f"`{path}` is not a property the ontology gives this class"
    else:
        message = str(results.value(result, SH.resultMessage) or component)
    severity = results.value(result, SH.resultSeverity)
    return Violation(
        focus=origin.name,
        message=message,
        path=path,
        doc_id=origin.doc_id,
        start=origin.start,
        end=origin.end,
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        value=_value_text(value, origins),
    )


def _path_name(results: Graph, path: Node | None, schema: GraphSchema) -> str:
    """A SHACL path in graph terms: `start`, `HAS_MEASURE`, `incoming HAS_MEASURE`."""
    if path is None:
        return ""
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        return f"incoming {_path_name(results, inverse, schema)}" if inverse else ""
    for rel in schema.relationships:
        if rel.iri == str(path):
            return rel.type
    if str(path).startswith(str(PKG._NS)):
        return snake_case(str(path)[len(PKG._NS) :])
    try:
        return shapes_graph().namespace_manager.curie(str(path), generate=False)
    except ValueError:
        return str(path)


def _value_text(value: Node | None, origins: Mapping[URIRef, Origin]) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef) and value in origins:
        return origins[value].name
    if isinstance(value, URIRef) and value.startswith(ID):  # a node that is not in the graph
        return unquote(value[len(ID) :]).replace("/", ":", 1)
    return str(value)
