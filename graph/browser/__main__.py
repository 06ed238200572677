"""Regenerate the Neo4j Browser assets: `python -m policykg.graph.browser [DIRECTORY]`."""

from __future__ import annotations

import sys
from pathlib import Path

from . import ASSET_DIR, write_browser_assets

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ASSET_DIR
    for path in write_browser_assets(target):
        print(path)
