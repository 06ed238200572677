"""Latency of the named queries on the bundled graph, as `policykg query` runs them.

Loads the bundled texts into Neo4j (idempotently: documents already loaded are skipped, other
data is left alone unless --fresh), runs each named query with typical parameters, first
--warmup times untimed, then --runs times, each a separate read transaction through
`run_query`. Prints p50/p95 per query and writes benchmarks/results/queries.json. A second
pass records the server's own time per run (from the result summary), which tells the cost of
the query from the round trips and record decoding of the Python driver.
Goal: p95 <= 10 ms per query on the bundled graph. The latency is the client's wall time per
call, round trip included.

    python benchmarks/queries.py [--runs 200] [--warmup 20] [--fresh]

Connection: $POLICYKG_NEO4J_URI etc., else the local server (`policykg neo4j start`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import neo4j

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file
from policykg.graph.builder import build_graph
from policykg.graph.connection import Connection, ConnectionFailure
from policykg.graph.loader import clear_database, load_graph
from policykg.queries.library import load_queries, run_query

RESULTS = Path(__file__).parent / "results" / "queries.json"
GOAL_P95_MS = 10.0

# Typical questions on the bundled graph: a policy by document number, an agency by its short
# name, two agencies a few hops apart, a Chinese substring.
TYPICAL = {
    "policy": "沪府办发〔2024〕31号",
    "agency": "市商务委",
    "min_count": 2,
    "limit": 20,
    "key": "上海市商务委员会",
    "name": None,
    "from": "浦东新区政府",
    "to": "中央宣传部",
    "q": "商务",
    "base": "上海浦东软件园",
    "year": 2025,
    "indicator": None,
}


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values."""
    index = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[index]


def server_ms(
    driver: neo4j.Driver, cypher: str, params: dict, database: str | None, runs: int
) -> list[int]:
    """The server's own time per run: planning, execution and streaming, in whole ms."""
    times = []
    for _ in range(runs):
        summary = driver.execute_query(
            cypher, params, routing_=neo4j.RoutingControl.READ, database_=database
        ).summary
        times.append((summary.result_available_after or 0) + (summary.result_consumed_after or 0))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="Empty the database first.")
    args = parser.parse_args()

    graph = build_graph(extract_file(p) for p in sorted(bundled_texts().glob("*.txt")))
    try:
        connection = Connection.resolve()
        driver = connection.driver()
    except ConnectionFailure as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    with driver:
        database = connection.database
        if args.fresh:
            clear_database(driver, database)
        load_graph(driver, graph, database=database)
        server = driver.execute_query(
            "CALL dbms.components() YIELD name, versions RETURN name, versions[0] AS version",
            database_=database,
        ).records[0]

        results: dict = {
            "python": platform.python_version(),
            "driver": neo4j.__version__,
            "server": f"{server['name']} {server['version']}",
            "uri": connection.uri,
            "graph": {"nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()},
            "runs": args.runs,
            "warmup": args.warmup,
            "load_average_at_start": os.getloadavg()[0],  # other work on the machine skews p95
            "goal": {"p95_ms": GOAL_P95_MS},
            "queries": {},
        }
        for name, named in load_queries().items():
            params = {p: TYPICAL[p] for p in named.parameter_names}
            for _ in range(args.warmup):
                run_query(driver, named, params, database)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                _, rows = run_query(driver, named, params, database)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            server_times = sorted(server_ms(driver, named.cypher, params, database, args.runs))
            results["queries"][name] = {
                "params": params,
                "rows": len(rows),
                "p50_ms": round(percentile(times, 50), 3),
                "p95_ms": round(percentile(times, 95), 3),
                "max_ms": round(times[-1], 3),
                "mean_ms": round(statistics.fmean(times), 3),
                "server_p50_ms": percentile(server_times, 50),
                "server_p95_ms": percentile(server_times, 95),
            }

    worst = max(q["p95_ms"] for q in results["queries"].values())
    results["within_goal"] = worst <= GOAL_P95_MS
    print(f"{'query':<24} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'server p95':>10}")
    for name, q in results["queries"].items():
        print(
            f"{name:<24} {q['rows']:>5} {q['p50_ms']:>8.2f} {q['p95_ms']:>8.2f} "
            f"{q['max_ms']:>8.2f} {q['server_p95_ms']:>10}"
        )
    verdict = "within" if results["within_goal"] else "OVER"
    print(
        f"worst p95 {worst:.2f} ms: {verdict} the goal of {GOAL_P95_MS:.0f} ms ({results['server']})"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
