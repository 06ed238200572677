"""A self-contained HTML explorer of the graph: one file that works offline.

The page (`explore.html`, `explore.css`, `explore.js` beside this module) carries the whole
graph as JSON and its own canvas renderer with a Barnes-Hut force layout: no CDN, no fonts or
scripts fetched (its Content-Security-Policy forbids any load), so it opens from disk or an
e-mail attachment. Classes, their Chinese labels and colours, and relationship types come from
the ontology (`load_schema()`, `graph/browser/style.py`), so a new class shows up without a
change here.

Researchers search a name or alias, filter by class and relationship, open an agency (what it
leads, supports, and with whom) or a measure (its text, with the responsibility clause and the
units marked), and click anything for its properties and provenance (doc_id, raw start/end,
evidence).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.ontology.schema import GraphSchema, load_schema

from .browser.style import class_styles

logger = logging.getLogger(__name__)

DEFAULT_TITLE = "policykg explorer"
# The relationships that make an agency responsible for a measure, and the role each marks
# (the builder writes a ResponsibleUnit of role "lead" as LEADS, "support" as SUPPORTS).
UNIT_ROLES = {"LEADS": "lead", "SUPPORTS": "support"}
_PLACEHOLDER = re.compile(r"/\*__POLICYKG_(CSS|JS)__\*/|__POLICYKG_(DATA|TITLE)__")


@cache
def _asset(name: str) -> str:
    return resources.files("policykg.graph").joinpath(name).read_text(encoding="utf-8")


def _plain(value: Any) -> Any:
    """A JSON value the browser's JSON.parse accepts (no NaN or Infinity)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def explorer_data(
    graph: nx.MultiDiGraph, schema: GraphSchema | None = None, title: str = DEFAULT_TITLE
) -> dict[str, Any]:
    """What the page embeds: classes and relationship types of the ontology (with colours and
    counts), nodes (`id` and every property), and edges (`s`, `t` as node indices, `type`
    and every property, provenance included)."""
    schema = schema or load_schema()
    styles = class_styles(schema)
    ids = sorted(graph.nodes)
    index = {node_id: i for i, node_id in enumerate(ids)}
    nodes = [_plain({"id": node_id, **graph.nodes[node_id]}) for node_id in ids]
    edges = sorted(
        (
            _plain({"s": index[u], "t": index[v], **{k: x for k, x in d.items() if k != "key"}})
            for u, v, d in graph.edges(data=True)
        ),
        key=lambda e: (e["s"], e["t"], e.get("type", ""), e.get("start", 0)),
    )
    label_counts = Counter(n.get("label", "") for n in nodes)
    type_counts = Counter(e.get("type", "") for e in edges)
    classes = [
        {
            "label": node.label,
            "label_zh": node.label_zh,
            "definition": node.definition,
            "color": styles[node.label].color,
            "border": styles[node.label].border,
            "text": styles[node.label].text,
            "count": label_counts.get(node.label, 0),
        }
        for node in schema.nodes
    ]
    relations = [
        {
            "type": rel.type,
            "label_zh": rel.label_zh,
            "definition": rel.definition,
            "source": rel.source,
            "target": rel.target,
            "role": UNIT_ROLES.get(rel.type, ""),
            "count": type_counts.get(rel.type, 0),
        }
        for rel in schema.relationships
    ]
    unknown = (set(label_counts) - {c["label"] for c in classes}) | (
        set(type_counts) - {r["type"] for r in relations}
    )
    if unknown:  # a graph from an older ontology: still shown, in the default grey
        logger.warning("labels or types not in the ontology: %s", ", ".join(sorted(unknown)))
    return {
        "title": title,
        "classes": classes,
        "relations": relations,
        "nodes": nodes,
        "edges": edges,
    }


def _script_json(data: dict[str, Any]) -> str:
    # `<` escaped so no `</script>` or `<!--` in a name or text can end the data block early;
    # JSON.parse turns \u003c back into `<`.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_explorer(
    graph: nx.MultiDiGraph, title: str = DEFAULT_TITLE, schema: GraphSchema | None = None
) -> str:
    """The explorer page for `graph`, as one HTML document."""
    script = _asset("explore.js")
    if "</script" in script.lower():
        raise ValueError("explore.js must not contain '</script': it is inlined in the page")
    parts = {
        "CSS": _asset("explore.css"),
        "JS": script,
        "DATA": _script_json(explorer_data(graph, schema, title)),
        "TITLE": _html_text(title),
    }
    # One pass, so text inside the inserted parts is never taken for a placeholder.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1) or m.group(2)], _asset("explore.html"))


def write_explorer(graph: nx.MultiDiGraph, path: Path, title: str = DEFAULT_TITLE) -> Path:
    """Write the explorer page to `path` (parent directories created); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_explorer(graph, title), encoding="utf-8")
    return path
