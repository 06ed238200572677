"""Neo4j load rate: the batched loader beside a naive one-row-per-transaction loader.

Prints the figures and writes benchmarks/results/load.json. Goals (issue #3): >= 100,000 rows/s
(nodes + relationships) on the x100 graph; re-load <= 1.5x the first load.

    python benchmarks/load.py [--copies 100] [--naive-seconds 20]

Needs a running server (`policykg neo4j start`, or POLICYKG_NEO4J_URI …). It clears the
database it writes to. The x100 graph holds 100 copies of every seed document under new
document ids and numbers (agencies are shared between copies, as in a real corpus).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import networkx as nx

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file
from policykg.graph.builder import build_graph
from policykg.graph.connection import Connection
from policykg.graph.loader import _node_query, _relationship_query, clear_database, load_graph

RESULTS = Path(__file__).parent / "results" / "load.json"


def copies_of(extractions, n: int):
    for i in range(n):
        for ex in extractions:
            number = f"{ex.meta.doc_number}#copy{i:03d}" if ex.meta.doc_number else ""
            yield replace(
                ex,
                doc_id=f"{ex.doc_id}_copy{i:03d}",
                sha256=f"{ex.sha256}{i:03d}",
                meta=replace(ex.meta, doc_number=number),
            )


def rows(graph: nx.MultiDiGraph) -> int:
    return graph.number_of_nodes() + graph.number_of_edges()


def batched(driver, graph, batch_size: int) -> dict:
    clear_database(driver)
    first = load_graph(driver, graph, batch_size=batch_size)
    again = load_graph(driver, graph, batch_size=batch_size)
    # A re-load where every document changed: old facts deleted, new ones written.
    changed = graph.copy()
    for node, data in changed.nodes(data=True):
        if data["label"] == "Document":
            changed.nodes[node]["sha256"] = data["sha256"] + "-revised"
    replaced = load_graph(driver, changed, batch_size=batch_size)
    return {
        "rows": rows(graph),
        "first_load_seconds": first.seconds,
        "rows_per_second": round(rows(graph) / first.seconds),
        "reload_unchanged_seconds": again.seconds,
        "reload_all_changed_seconds": replaced.seconds,
        "reload_all_changed_ratio": round(replaced.seconds / first.seconds, 2),
    }


def naive(driver, graph, seconds: float) -> dict:
    """One MERGE per transaction, as a loader without batching would do; time-boxed."""
    clear_database(driver)
    done, started = 0, time.perf_counter()
    items = [("node", n, d) for n, d in graph.nodes(data=True)]
    items += [("edge", (u, v), d) for u, v, d in graph.edges(data=True)]
    for kind, ident, data in items:
        if kind == "node":
            props = {
                k: v
                for k, v in data.items()
                if k not in ("label", "key", "aliases") and v not in ("", None)
            }
            row = {"key": data["key"], "props": props, "aliases": data.get("aliases")}
            driver.execute_query(_node_query(data["label"]), rows=[row])
        else:
            s, t = graph.nodes[ident[0]], graph.nodes[ident[1]]
            props = {k: v for k, v in data.items() if k not in ("type", "doc_id", "start", "end")}
            row = {
                "s": s["key"],
                "t": t["key"],
                "doc_id": data["doc_id"],
                "start": data["start"],
                "end": data["end"],
                "props": props,
            }
            driver.execute_query(
                _relationship_query(data["type"], s["label"], t["label"]), rows=[row]
            )
        done += 1
        if time.perf_counter() - started > seconds:
            break
    elapsed = time.perf_counter() - started
    return {
        "rows": done,
        "of_rows": len(items),
        "seconds": round(elapsed, 3),
        "rows_per_second": round(done / elapsed),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--naive-seconds", type=float, default=20.0)
    args = parser.parse_args()

    extractions = [extract_file(p) for p in sorted(bundled_texts().glob("*.txt"))]
    bundled = build_graph(extractions)
    large = build_graph(copies_of(extractions, args.copies))
    results: dict = {
        "batch_size": args.batch_size,
        "goal": {"rows_per_second": 100_000, "reload_ratio": 1.5},
    }
    with Connection.resolve().driver() as driver:
        results["bundled"] = {
            "batched": batched(driver, bundled, args.batch_size),
            "naive": naive(driver, bundled, args.naive_seconds),
        }
        results[f"x{args.copies}"] = {
            "batched": batched(driver, large, args.batch_size),
            "naive": naive(driver, large, args.naive_seconds),
        }
        clear_database(driver)
    for name in ("bundled", f"x{args.copies}"):
        b, n = results[name]["batched"], results[name]["naive"]
        print(
            f"{name:>8}: {b['rows']:>8,} rows; batched {b['rows_per_second']:>8,} rows/s "
            f"(first load {b['first_load_seconds']:.2f} s, re-load unchanged "
            f"{b['reload_unchanged_seconds']:.2f} s, all changed {b['reload_all_changed_seconds']:.2f} s "
            f"= {b['reload_all_changed_ratio']}x); naive {n['rows_per_second']:,} rows/s"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
