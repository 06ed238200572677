"""Bulk-load the neo4j-admin CSVs of `policykg export --format neo4j-csv` into a stopped server.

`neo4j-admin database import full` writes a new store directly, far faster than Bolt for large
graphs, but only into a stopped server, and without constraints or indexes: start the server
afterwards and run `loader.ensure_schema` (or `schema.cypher`, or `policykg load` of the same
graph, which also sees every document as loaded already). The admin tool is run from the
server's own jars (`org.neo4j.cli.AdminTool`, as `neo4j_server` does for the initial password).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policykg.graph import neo4j_server
from policykg.graph.neo4j_server import ServerConfig, ServerError

ARRAY_DELIMITER_ARG = "U+001F"  # export.ARRAY_DELIMITER, in the admin tool's notation
SMALL_IMPORT_BYTES = 64 * 2**20
_IMPORTED = re.compile(r"(\d+) (nodes|relationships|properties)")


@dataclass(frozen=True, slots=True)
class ImportStats:
    nodes: int
    relationships: int
    properties: int
    seconds: float


def admin_import_arguments(
    csv_dir: Path, database: str = "neo4j", *, relative: bool = False, options: Sequence[str] = ()
) -> list[str]:
    """Arguments of `neo4j-admin` for the CSVs in `csv_dir` (file names only if `relative`)."""

    def name(path: Path) -> str:
        return path.name if relative else str(path)

    nodes = sorted(csv_dir.glob("nodes_*.csv"))
    relationships = sorted(csv_dir.glob("relationships_*.csv"))
    if not nodes:
        raise ServerError(f"no nodes_*.csv in {csv_dir}: export with --format neo4j-csv first")
    return [
        "database",
        "import",
        "full",
        "--overwrite-destination=true",
        "--multiline-fields=true",  # measure texts and evidence span lines
        f"--array-delimiter={ARRAY_DELIMITER_ARG}",
        *(f"--nodes={name(p)}" for p in nodes),
        *(f"--relationships={name(p)}" for p in relationships),
        *options,
        database,
    ]


def _jvm_flags(csv_bytes: int) -> tuple[str, ...]:
    """Small imports are all JVM start-up: the C1 compiler only and the serial collector halve
    their CPU time. Large ones need the optimising compiler and more heap."""
    if csv_bytes < SMALL_IMPORT_BYTES:
        return ("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
    return ("-Xmx2g",)


def bulk_import(csv_dir: Path, config: ServerConfig, database: str = "neo4j") -> ImportStats:
    """Replace `database` of the (stopped) server at `config.home` with the CSVs' graph."""
    if neo4j_server.status(config).running:
        raise ServerError(f"Neo4j at {config.home} is running; stop it before a bulk import")
    java = shutil.which(config.java or "java")
    if java is None:
        raise ServerError(f"no Java found ({config.java or 'java'} is not on PATH)")
    config.home.mkdir(parents=True, exist_ok=True)
    # The same jars as the server (fetched with Maven unless `<home>/lib` holds them).
    neo4j_server.fetch_jars(config)
    (config.home / "conf").mkdir(exist_ok=True)
    report = config.home / "logs" / "import.report"
    report.parent.mkdir(exist_ok=True)
    command = [
        java,
        *_jvm_flags(sum(f.stat().st_size for f in csv_dir.glob("*.csv"))),
        *(flag for flag in neo4j_server.JVM_FLAGS if flag.startswith("--add-opens")),
        "-cp",
        f"{config.lib_dir}/*",
        neo4j_server.ADMIN_CLASS,
        *admin_import_arguments(csv_dir.resolve(), database, options=[f"--report-file={report}"]),
    ]
    env = {**os.environ, "NEO4J_HOME": str(config.home), "NEO4J_CONF": str(config.home / "conf")}
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.rstrip().splitlines()[-20:])
        raise ServerError(f"neo4j-admin database import failed (exit {result.returncode}):\n{tail}")
    counts = {kind: int(n) for n, kind in _IMPORTED.findall(output.split("IMPORT DONE")[-1])}
    return ImportStats(
        nodes=counts.get("nodes", 0),
        relationships=counts.get("relationships", 0),
        properties=counts.get("properties", 0),
        seconds=round(time.perf_counter() - started, 3),
    )
