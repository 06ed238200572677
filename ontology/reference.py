"""Files generated from the ontology: the `PKG` namespace module and the reference page.

    python -m policykg.ontology.reference --write   # regenerate both
    python -m policykg.ontology.reference --check   # exit 1 if either is stale

`namespace.py` (next to this module) is an rdflib `DefinedNamespace` with `_fail = True`, so a
misspelt term raises instead of minting a new IRI. `docs/reference.md` (in the repository) lists
every class, relationship and property with its definition, its Neo4j name, a Cypher example and
the SHACL rules. Tests fail when either file differs from what the ontology gives.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from .schema import PKG, GraphSchema, load_schema, ontology_graph, shapes_graph

NAMESPACE_FILE = Path(__file__).with_name("namespace.py")
REFERENCE_FILE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
GENERATOR = "python -m policykg.ontology.reference --write"
_KINDS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties (relationship types)"),
    (OWL.DatatypeProperty, "Data properties (node and relationship properties)"),
    (OWL.AnnotationProperty, "Annotation properties (ontology to property graph)"),
)


def _label(g: Graph, term: URIRef, lang: str) -> str:
    return next((str(v) for v in g.objects(term, RDFS.label) if v.language == lang), "")


def _definition(g: Graph, term: URIRef, lang: str = "en") -> str:
    for predicate in (SKOS.definition, RDFS.comment):
        for value in g.objects(term, predicate):
            if isinstance(value, Literal) and value.language in (lang, None):
                return str(value)
    return ""


def _terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(t for t in g.subjects(RDF.type, kind) if str(t).startswith(str(PKG)))


# ---------------------------------------------------------------------------------------------
# namespace.py


def namespace_source() -> str:
    g = ontology_graph()
    lines = [
        '"""Terms of the policykg ontology as an rdflib namespace: `PKG.Agency`, `PKG.leads`.',
        "",
        f"Generated from policykg.ttl by `{GENERATOR}`; do not edit.",
        "A misspelt term (`PKG.Agncy`) raises AttributeError instead of minting a new IRI.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class PKG(DefinedNamespace):",
        f'    """policykg ontology <{PKG}>."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{PKG}")',
    ]
    for kind, title in _KINDS:
        lines += ["", f"    # {title}"]
        for term in _terms(g, kind):
            local = str(term)[len(str(PKG)) :]
            note = _label(g, term, "en") or local  # English only: code comments stay English
            neo4j = g.value(term, PKG.neo4jType)
            lines.append(f"    {local}: URIRef  # " + (f"{neo4j}: " if neo4j else "") + note)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# docs/reference.md


def _curie(g: Graph, term) -> str:
    if isinstance(term, BNode):
        inverse = g.value(term, OWL.inverseOf)
        return f"inverse of {_curie(g, inverse)}" if inverse is not None else "(anonymous)"
    try:
        return g.namespace_manager.curie(str(term), generate=False)
    except ValueError:
        return f"<{term}>"


def _supers(g: Graph, term: URIRef, predicate: URIRef) -> str:
    return ", ".join(sorted(f"`{_curie(g, s)}`" for s in g.objects(term, predicate))) or "-"


def _type_name(schema: GraphSchema, name: str) -> str:
    p = schema.property(name)
    types = " or ".join(t.rsplit("#", 1)[-1] for t in p.datatypes)
    if p.allowed:
        types += " in {" + ", ".join(p.allowed) + "}"
    return types if p.functional else f"list of {types}"


def _class_section(g: Graph, schema: GraphSchema, label: str) -> list[str]:
    node = schema.node(label)
    term = URIRef(node.iri)
    own = [p.name for p in schema.properties if p.domain == label]
    shown = ["name", *own] if "name" not in own else own
    returns = ", ".join(f"n.{p}" for p in shown)
    return [
        f"### {label} ({node.label_zh})",
        "",
        _definition(g, term),
        "",
        _definition(g, term, "zh"),
        "",
        f"- IRI: `{_curie(g, term)}`; subclass of {_supers(g, term, RDFS.subClassOf)}",
        f"- Neo4j label `{label}`, unique key property `{node.key}`"
        + ("; replaced with its source document on reload" if node.per_document else ""),
        "- Properties: " + ", ".join(f"`{p}`" for p in ("key", *shown)),
        "",
        "```cypher",
        f"MATCH (n:{label} {{{node.key}: $key}})",
        f"RETURN {returns}",
        "```",
        "",
    ]


def _relationship_section(g: Graph, schema: GraphSchema, type_: str) -> list[str]:
    rel = schema.relationship(type_)
    term = URIRef(rel.iri)
    props = ["doc_id", "start", "end", "evidence", *rel.properties]
    returns = ", ".join(["a.name", "b.name", *(f"r.{p}" for p in props)])
    return [
        f"### {type_}: {_label(g, term, 'en')} ({rel.label_zh})",
        "",
        _definition(g, term),
        "",
        _definition(g, term, "zh"),
        "",
        f"- IRI: `{_curie(g, term)}`; sub-property of {_supers(g, term, RDFS.subPropertyOf)}",
        f"- Pattern: `(:{rel.source})-[:{type_}]->(:{rel.target})`",
        "- Properties: " + ", ".join(f"`{p}`" for p in props),
        "",
        "```cypher",
        f"MATCH (a:{rel.source})-[r:{type_}]->(b:{rel.target})",
        f"RETURN {returns}",
        "LIMIT 25",
        "```",
        "",
    ]


def _carriers(shapes: Graph, schema: GraphSchema) -> dict[str, list[str]]:
    """Property IRI -> what may carry it: the classes whose closed shape allows it, and the
    relationship types (all of them, or those whose pkg:relationshipProperty it is)."""
    per_type = {
        p.name: [r.type for r in schema.relationships if p.name in r.properties]
        for p in schema.properties
    }
    labels = {URIRef(n.iri): n.label for n in schema.nodes}
    carriers: dict[str, list[str]] = {}
    for shape in shapes.subjects(SH.closed, Literal(True)):
        allowed = shapes.value(shape, SH.ignoredProperties)
        for cls in shapes.objects(shape, SH.targetClass):
            carrier = labels.get(cls, "relationships" if cls == RDF.Statement else "")
            for prop in Collection(shapes, allowed) if carrier else ():
                carriers.setdefault(str(prop), []).append(carrier)
    for p in schema.properties:
        if per_type[p.name]:
            carriers[p.iri] = [c for c in carriers.get(p.iri, []) if c != "relationships"]
            carriers[p.iri] += per_type[p.name]
    return carriers


def _property_rows(g: Graph, shapes: Graph, schema: GraphSchema) -> list[str]:
    carriers = _carriers(shapes, schema)
    rows = [
        "| property | IRI | on | type | sub-property of | definition |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in schema.properties:
        term = URIRef(p.iri)
        on = ", ".join(sorted(carriers.get(p.iri, []))) or "-"
        rows.append(
            f"| `{p.name}` | `{_curie(g, term)}` | {on} | {_type_name(schema, p.name)} | "
            f"{_supers(g, term, RDFS.subPropertyOf)} | {_definition(g, term)} |"
        )
    return rows


def _targets(shapes: Graph, shape) -> str:
    targets = []
    for cls in sorted(shapes.objects(shape, SH.targetClass)):
        targets.append("every fact" if cls == RDF.Statement else f"every {_curie(shapes, cls)}")
    for predicate, word in ((SH.targetSubjectsOf, "subjects"), (SH.targetObjectsOf, "objects")):
        for prop in sorted(shapes.objects(shape, predicate)):
            targets.append(f"{word} of {_curie(shapes, prop)}")
    for target in shapes.objects(shape, SH.target):
        query = " ".join(str(shapes.value(target, SH.select)).split())
        targets.append(f"`{query}`")
    return "; ".join(targets)


def _shape_rows(shapes: Graph) -> list[str]:
    rows = ["| rule | applies to | requirement |", "| --- | --- | --- |"]
    for shape in sorted(
        set(shapes.subjects(RDF.type, SH.NodeShape))
        | set(shapes.subjects(RDF.type, SH.PropertyShape))
    ):
        targets = _targets(shapes, shape)
        if not targets:
            continue
        if shapes.value(shape, SH.closed) == Literal(True):
            allowed = Collection(shapes, shapes.value(shape, SH.ignoredProperties))
            rule = "closed: only " + ", ".join(f"`{_curie(shapes, a)}`" for a in allowed)
        else:
            rule = str(shapes.value(shape, SH.message) or _definition(shapes, shape))
        rows.append(f"| `{_curie(shapes, shape)}` | {targets} | {rule} |")
    return rows


def reference_markdown() -> str:
    g, shapes, schema = ontology_graph(), shapes_graph(), load_schema()
    ontology = URIRef(str(PKG).rstrip("#"))
    lines = [
        "# policykg ontology reference",
        "",
        f"Generated from `ontology/policykg.ttl` and `ontology/shapes.ttl` by `{GENERATOR}`;",
        "do not edit. A test fails when this page is stale.",
        "",
        f"Ontology `{ontology}`, version {g.value(ontology, OWL.versionInfo)}; "
        f"prefix `pkg:` = `{PKG}`.",
        "",
        "## How the ontology maps to the graph",
        "",
        "- A class is a Neo4j node label (its local name); its `pkg:keyProperty` is the unique key.",
        "- An object property is a relationship type (its `pkg:neo4jType`); domain and range give",
        "  the labels it connects. Every relationship also carries its provenance: `doc_id`, the raw",
        "  character span `start`/`end` in that document, and the `evidence` text.",
        "- A data property is a property of nodes or relationships, named in snake_case",
        "  (`pkg:docNumber` is `doc_number`). `aliases` is a list (a Neo4j string array).",
        "- RDF view (Turtle and JSON-LD exports, SHACL validation): a node is",
        "  `https://w3id.org/policykg/id/{Label}/{urlencoded key}`; a relationship is the triple",
        "  `(source, property, target)` and an `rdf:Statement`",
        "  `https://w3id.org/policykg/id/{TYPE}/{source key}/{target key}/{edge key}` with",
        "  `rdf:subject`, `rdf:predicate`, `rdf:object`, `prov:wasDerivedFrom` its Document, and the",
        "  relationship's properties.",
        "",
        "## Classes (node labels)",
        "",
    ]
    for node in sorted(schema.nodes, key=lambda n: n.label):
        lines += _class_section(g, schema, node.label)
    lines += ["## Relationships", ""]
    for rel in sorted(schema.relationships, key=lambda r: r.type):
        lines += _relationship_section(g, schema, rel.type)
    lines += ["## Properties", "", *_property_rows(g, shapes, schema), ""]
    lines += ["## Validation rules (SHACL)", "", *_shape_rows(shapes), ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def generated_files() -> dict[Path, str]:
    return {NAMESPACE_FILE: namespace_source(), REFERENCE_FILE: reference_markdown()}


def stale_files() -> list[Path]:
    return [
        path
        for path, text in generated_files().items()
        if not path.exists() or path.read_text() != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate the files")
    action.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    if args.write:
        for path, text in generated_files().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path}")
        return 0
    stale = stale_files()
    for path in stale:
        print(f"stale: {path} (run `{GENERATOR}`)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
