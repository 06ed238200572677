"""Compiled or pure Python extraction modules: which ones run, decided once at import.

`setup.py` compiles most of `extract/` with mypyc into extensions that sit beside their sources
and that Python imports first. They are used only while they match the sources:

- after a source changed (an editable install being edited), the compiled code is stale, and
  running it would silently ignore the edit. All compiled modules then run from source (they
  call each other natively, so it is all or none), with a warning, until `make install`.
- `POLICYKG_PURE_PYTHON=1` asks for the sources in any case (debugging, comparing outputs).

`policykg/__init__.py` calls `select_modules()` before anything imports `policykg.extract`.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PURE_ENV = "POLICYKG_PURE_PYTHON"
EXTRACT = "policykg.extract"


def sources_digest(source_dir: Path, modules: Sequence[str]) -> str:
    """Digest of the modules' sources, as `setup.py` computes it at build time."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0" + (source_dir / f"{name}.py").read_bytes() + b"\0")
    return digest.hexdigest()


class _FromSource(importlib.abc.MetaPathFinder):
    """Finds the listed modules as their `.py` files, ahead of the compiled extensions."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        return importlib.util.spec_from_file_location(fullname, source) if source else None


def _build() -> tuple[Sequence[str], str] | None:
    """(compiled modules, digest of their sources at build time), or None when not compiled."""
    try:
        from policykg.extract import _compiled
    except ImportError:
        return None
    return _compiled.MODULES, _compiled.SOURCES_SHA256


_compiled_in_use = False


def select_modules() -> None:
    """Run the compiled modules if there are any and they match their sources."""
    global _compiled_in_use
    build = _build()
    if build is None:
        return
    modules, built_from = build
    from policykg import extract

    source_dir = Path(extract.__file__).parent
    if os.environ.get(PURE_ENV):
        _run_from_source(source_dir, modules)
    elif changed_since_build(source_dir, modules, built_from):
        _run_from_source(source_dir, modules)
        warnings.warn(
            f"policykg: {source_dir} changed since it was compiled; running it as pure Python "
            "(slower) until it is rebuilt with `make install`",
            RuntimeWarning,
            stacklevel=2,
        )
    else:
        _compiled_in_use = True


def changed_since_build(source_dir: Path, modules: Sequence[str], built_from: str) -> bool:
    try:
        return sources_digest(source_dir, modules) != built_from
    except OSError:  # an install without its sources: nothing to be stale against
        return False


def _run_from_source(source_dir: Path, modules: Sequence[str]) -> None:
    sources = {f"{EXTRACT}.{m}": source_dir / f"{m}.py" for m in modules}
    loaded = [name for name in sources if name in sys.modules]
    if loaded:  # too late to switch, and compiled and pure modules must never mix
        raise RuntimeError(f"policykg.native: {loaded[0]} was imported before select_modules()")
    sys.meta_path.insert(0, _FromSource(sources))


def is_compiled() -> bool:
    """Do the extraction modules run compiled (True) or as pure Python (False)?"""
    return _compiled_in_use
