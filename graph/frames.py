"""The graph for notebooks: as networkx, and as pandas node and edge tables.

from policykg.graph.frames import to_networkx, to_dataframes
graph = to_networkx("policykg-out/graph.json")   # or text files / directories
nodes, edges = to_dataframes(graph)
edges[edges.type == "LEADS"].merge(nodes, left_on="source", right_on="id")
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from policykg.graph.builder import build_graph, read_node_link

NODE_COLUMNS = ("id", "label", "key", "name")
EDGE_COLUMNS = ("source", "target", "key", "type", "doc_id", "start", "end", "evidence")


def to_networkx(paths: str | Path | Iterable[str | Path]) -> nx.MultiDiGraph:
    """A graph.json written by `policykg build`, or the graph of the texts under `paths`."""
    from policykg.extract.pipeline import extract_file, iter_text_files

    items = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    if len(items) == 1 and items[0].suffix == ".json":
        return read_node_link(items[0])
    return build_graph([extract_file(path) for path in iter_text_files(items)])


def _frame(rows: list[dict[str, Any]], first: tuple[str, ...]) -> pd.DataFrame:
    columns = [c for c in first if any(c in r for r in rows)]
    columns += sorted({c for r in rows for c in r} - set(columns))
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for column in columns:
        values = [r[column] for r in rows if r.get(column) is not None]
        # Integers with gaps (start on measures only) stay integers: pandas' nullable Int64.
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
    return frame


def to_dataframes(graph: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges): one row per node (`id`, `label`, `key`, `name`, then every property)
    and per relationship (`source`, `target`, `key`, `type`, provenance, then the rest).
    Lists (agency aliases) stay Python lists; missing properties are NA."""
    nodes = [{"id": n, **data} for n, data in sorted(graph.nodes(data=True), key=lambda i: i[0])]
    edges = [
        {"source": u, "target": v, "key": k, **data}
        for u, v, k, data in sorted(
            graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))
        )
    ]
    return _frame(nodes, NODE_COLUMNS), _frame(edges, EDGE_COLUMNS)
