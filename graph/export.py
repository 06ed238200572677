"""Export the graph for other tools: RDF, GraphML, neo4j-admin import CSVs, node and edge tables.

| format      | files                                   | for                                   |
| ----------- | --------------------------------------- | ------------------------------------- |
| `turtle`    | `graph.ttl`                             | RDF tools, SPARQL (stable IRIs)       |
| `jsonld`    | `graph.jsonld`                          | JSON-LD consumers                     |
| `graphml`   | `graph.graphml`                         | Gephi, yEd, networkx                  |
| `neo4j-csv` | `neo4j-import/` (CSVs, schema, script)  | `neo4j-admin database import full`    |
| `csv`       | `nodes.csv`, `edges.csv`                | spreadsheets, pandas                  |
| `parquet`   | `nodes.parquet`, `edges.parquet`        | pandas, DuckDB, Spark                 |

The RDF view is the one validated by SHACL (graph/rdf.py). The neo4j-admin CSVs give the same
nodes, relationships and properties as the Bolt loader (graph/loader.py), including the loader's
`alias_text` (for the full-text index) and `loaded_sha256` (so a later `policykg load` of the
same texts skips them).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib.namespace import PROV, RDF, XSD

from policykg.graph.rdf import ID, to_rdf
from policykg.ontology.namespace import PKG
from policykg.ontology.schema import GraphSchema, load_schema

FORMATS = ("turtle", "jsonld", "graphml", "neo4j-csv", "csv", "parquet")
NEO4J_DIR = "neo4j-import"
# Between the items of an array value: a control character no text contains (checked).
ARRAY_DELIMITER = "\x1f"
# Properties the Bolt loader derives: aliases joined for the full-text index, and the hash that
# marks a document as completely loaded (see graph/loader.py).
ALIAS_TEXT, LOADED_SHA256 = "alias_text", "loaded_sha256"
JSONLD_CONTEXT = {
    "pkg": str(PKG._NS),
    "id": ID,
    "prov": str(PROV),
    "rdf": str(RDF),
    "xsd": str(XSD),
}
_NEO4J_TYPES = {str(XSD.integer): "int", str(XSD.boolean): "boolean", str(XSD.double): "double"}


def export(graph: nx.MultiDiGraph, fmt: str, out_dir: Path) -> list[Path]:
    """Write `graph` in format `fmt` under `out_dir`; return the files written."""
    writers: dict[str, Callable[[nx.MultiDiGraph, Path], list[Path]]] = {
        "turtle": lambda g, d: [write_rdf(g, d / "graph.ttl", "turtle")],
        "jsonld": lambda g, d: [write_rdf(g, d / "graph.jsonld", "json-ld")],
        "graphml": lambda g, d: [write_graphml(g, d / "graph.graphml")],
        "neo4j-csv": lambda g, d: write_neo4j_csv(g, d / NEO4J_DIR),
        "csv": lambda g, d: write_tables(g, d, "csv"),
        "parquet": lambda g, d: write_tables(g, d, "parquet"),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    return writers[fmt](graph, out_dir)


# ---------------------------------------------------------------------------------------------
# RDF


def write_rdf(graph: nx.MultiDiGraph, path: Path, rdf_format: str = "turtle") -> Path:
    rdf = to_rdf(graph).graph
    if rdf_format == "json-ld":
        text = rdf.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1)
    else:
        rdf.bind("id", ID)
        text = rdf.serialize(format=rdf_format)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# GraphML


def graphml_value(value: Any) -> Any:
    """GraphML holds scalars only: lists (and dicts) become JSON strings, None is left out."""
    if isinstance(value, list | tuple | set | dict):
        items = sorted(value) if isinstance(value, set) else value
        return json.dumps(items, ensure_ascii=False)
    return value


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> Path:
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: graphml_value(v) for k, v in data.items() if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(
            u, v, key=key, **{k: graphml_value(x) for k, x in data.items() if x is not None}
        )
    nx.write_graphml(out, path, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# neo4j-admin database import


def neo4j_column(name: str, values: Iterable[Any], schema: GraphSchema) -> str:
    """The typed header of a property column: `start:int`, `aliases:string[]`, `name`."""
    try:
        prop = schema.property(name)
        base, array = _NEO4J_TYPES.get(prop.datatypes[0], "string"), not prop.functional
    except KeyError:  # not in the ontology: type it from the values
        values = [v for v in values if v is not None and v != ""]
        array = any(isinstance(v, list | tuple | set) for v in values)
        scalars = [x for v in values for x in (v if isinstance(v, list | tuple | set) else [v])]
        if scalars and all(isinstance(x, bool) for x in scalars):
            base = "boolean"
        elif scalars and all(isinstance(x, int) and not isinstance(x, bool) for x in scalars):
            base = "int"
        elif scalars and all(isinstance(x, int | float) for x in scalars):
            base = "double"
        else:
            base = "string"
    if base == "string" and not array:
        return name
    return f"{name}:{base}{'[]' if array else ''}"


def neo4j_cell(value: Any) -> str:
    """A CSV cell: empty for None and "" (no property, as the loader), arrays joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set):
        items = [neo4j_cell(v) for v in (sorted(value) if isinstance(value, set) else value)]
        if any(ARRAY_DELIMITER in item for item in items):
            raise ValueError(f"array item contains the array delimiter U+001F: {items!r}")
        return ARRAY_DELIMITER.join(items)
    return str(value)


def _neo4j_node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
        row = {k: v for k, v in data.items() if k != "label"}
        if row.get("aliases"):
            row[ALIAS_TEXT] = "".join(" " + a for a in row["aliases"])
        if data["label"] == "Document" and row.get("sha256"):
            row[LOADED_SHA256] = row["sha256"]
        rows[data["label"]].append(row)
    return rows


def _neo4j_relationship_rows(
    graph: nx.MultiDiGraph, schema: GraphSchema
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u, v, _, data in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))
    ):
        rel = schema.relationship(data["type"])
        s, t = graph.nodes[u], graph.nodes[v]
        if (s["label"], t["label"]) != (rel.source, rel.target):
            raise ValueError(f"{rel.type} goes {rel.source}->{rel.target}, not {u} -> {v}")
        row = {"__start": s["key"], "__end": t["key"]}
        row.update((k, x) for k, x in data.items() if k != "type")
        rows[rel.type].append(row)
    return rows


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_neo4j_csv(graph: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """`nodes_<Label>.csv` and `relationships_<TYPE>.csv` in neo4j-admin import format, with
    `schema.cypher` (constraints and indexes, to run once the server is up) and `import.sh`."""
    from policykg.graph.bulk_import import admin_import_arguments
    from policykg.graph.loader import schema_statements

    schema = load_schema()
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in (*out_dir.glob("nodes_*.csv"), *out_dir.glob("relationships_*.csv")):
        old.unlink()  # a file left from an earlier export would be imported too
    written = []
    for label, rows in sorted(_neo4j_node_rows(graph).items()):
        key = schema.node(label).key
        names = sorted({k for row in rows for k in row} - {key})
        header = [f"{key}:ID({label})", ":LABEL"]
        header += [neo4j_column(n, (r.get(n) for r in rows), schema) for n in names]
        body = ([neo4j_cell(r[key]), label, *(neo4j_cell(r.get(n)) for n in names)] for r in rows)
        written.append(_write_csv(out_dir / f"nodes_{label}.csv", header, body))
    for type_, rows in sorted(_neo4j_relationship_rows(graph, schema).items()):
        rel = schema.relationship(type_)
        names = sorted({k for row in rows for k in row} - {"__start", "__end"})
        header = [f":START_ID({rel.source})", f":END_ID({rel.target})", ":TYPE"]
        header += [neo4j_column(n, (r.get(n) for r in rows), schema) for n in names]
        body = (
            [neo4j_cell(r["__start"]), neo4j_cell(r["__end"]), type_]
            + [neo4j_cell(r.get(n)) for n in names]
            for r in rows
        )
        written.append(_write_csv(out_dir / f"relationships_{type_}.csv", header, body))
    schema_file = out_dir / "schema.cypher"
    schema_file.write_text("".join(s + ";\n" for s in schema_statements()), encoding="utf-8")
    script = out_dir / "import.sh"
    arguments = " ".join(f"'{a}'" for a in admin_import_arguments(out_dir, relative=True))
    script.write_text(
        "#!/bin/sh\n"
        "# Import into a stopped Neo4j 5 (NEO4J_HOME set; the database is replaced), then start\n"
        "# it and run schema.cypher, e.g. with cypher-shell or `policykg load` of the same graph.\n"
        'cd "$(dirname "$0")" || exit 1\n'
        f'exec "${{NEO4J_HOME:?}}/bin/neo4j-admin" {arguments}\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return [*written, schema_file, script]


# ---------------------------------------------------------------------------------------------
# Node and edge tables


def write_tables(graph: nx.MultiDiGraph, out_dir: Path, fmt: str) -> list[Path]:
    """`nodes` and `edges` tables (frames.to_dataframes) as CSV (lists as JSON) or Parquet."""
    from policykg.graph.frames import to_dataframes

    nodes, edges = to_dataframes(graph)
    paths = []
    for name, frame in (("nodes", nodes), ("edges", edges)):
        path = out_dir / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            for column in frame.columns:
                if frame[column].map(lambda v: isinstance(v, list)).any():
                    frame[column] = frame[column].map(
                        lambda v: graphml_value(v) if isinstance(v, list) else v
                    )
            frame.to_csv(path, index=False)
        paths.append(path)
    return paths
