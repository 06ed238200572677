"""Assets for the Neo4j Browser, generated from the ontology and the named queries.

`style.py` assigns each class of the ontology its colour and caption (also used by the HTML
explorer and the report charts, so a class looks the same everywhere) and writes them as a
Neo4j Browser style sheet (`policykg.grass`); `saved_queries.py` turns `queries/*.cypher` into
scripts the Browser's Favorites drawer imports (`saved-queries/`). Regenerate both with
`python -m policykg.graph.browser`; a test fails when the files here are stale.
"""

from __future__ import annotations

from pathlib import Path

from .saved_queries import saved_scripts
from .style import grass

ASSET_DIR = Path(__file__).parent
GRASS_FILE = "policykg.grass"
SCRIPTS_DIR = "saved-queries"


def browser_assets() -> dict[str, str]:
    """Every generated file, by path relative to the asset directory, with its text."""
    files = {GRASS_FILE: grass()}
    files.update({f"{SCRIPTS_DIR}/{name}": text for name, text in saved_scripts().items()})
    return files


def write_browser_assets(directory: Path = ASSET_DIR) -> list[Path]:
    """Write (or refresh) the generated files under `directory`; scripts of queries that no
    longer exist are removed. Returns the paths written."""
    files = browser_assets()
    scripts = directory / SCRIPTS_DIR
    scripts.mkdir(parents=True, exist_ok=True)
    for stale in scripts.glob("*.cypher"):
        if f"{SCRIPTS_DIR}/{stale.name}" not in files:
            stale.unlink()
    written = []
    for relative, text in files.items():
        path = directory / relative
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


__all__ = ["ASSET_DIR", "browser_assets", "grass", "saved_scripts", "write_browser_assets"]
