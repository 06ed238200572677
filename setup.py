"""Build hook: compile the extraction modules of `extract/` to C extensions with mypyc.

The metadata lives in pyproject.toml; this file only adds the extensions. mypyc compiles the
same, type-annotated Python source (no second implementation to keep in step). The extraction
spends most of its time in small functions over strings and offsets, where compiled code runs
about 1.4x faster than the interpreter: the difference between missing and meeting the
throughput goal of 1,000,000 characters per second per core (benchmarks/extraction.py).

- Each compiled module is installed beside its source (`extract/clean.cpython-311-….so` next to
  `extract/clean.py`); Python imports the extension in preference to the source.
- The build embeds a digest of the compiled sources. When a source changes after the build
  (an editable install being edited), `policykg/native.py` notices and runs all of them as pure
  Python, with a warning, until the next build (`make install`).
- `POLICYKG_PURE_PYTHON=1` at install time skips compilation (no C compiler); at run time it
  makes an existing build run as pure Python.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).parent
EXTRACT = ROOT / "extract"
STAGE = ROOT / "build" / "mypyc-src"  # the sources under their package path, as mypyc wants

# Not compiled: the record dataclasses (shared with graph/ and copied with `dataclasses`
# functions), the spaCy components (spaCy inspects their factories) and the package itself.
INTERPRETED = {"__init__", "records", "entity_records", "quantity_records", "components"}


def compiled_modules() -> list[str]:
    return sorted(p.stem for p in EXTRACT.glob("*.py") if p.stem not in INTERPRETED)


def sources_digest(modules: list[str]) -> str:
    """Digest of the compiled modules' sources; `policykg/native.py` computes the same."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0" + (EXTRACT / f"{name}.py").read_bytes() + b"\0")
    return digest.hexdigest()


def stage(modules: list[str]) -> list[str]:
    """Copy extract/ to build/mypyc-src/policykg/extract/ (mypyc names modules after their
    path, and extract/ is installed as `policykg.extract`), with a generated module holding
    the digest. Returns the paths to compile."""
    shutil.rmtree(STAGE, ignore_errors=True)
    package = STAGE / "policykg" / "extract"
    package.mkdir(parents=True)
    (STAGE / "policykg" / "__init__.py").write_text("")
    for source in EXTRACT.glob("*.py"):
        shutil.copyfile(source, package / source.name)
    (package / "_compiled.py").write_text(
        '"""Written by setup.py: what was compiled, and from which sources."""\n\n'
        f"MODULES = {tuple(modules)!r}\n"
        f"SOURCES_SHA256 = {sources_digest(modules)!r}\n"
    )
    return [str(package / f"{name}.py") for name in [*modules, "_compiled"]]


def remove_earlier_builds() -> None:
    """Extensions an earlier (editable) build left beside the sources would be imported in
    preference to them, even for modules this build no longer compiles."""
    for built in [*EXTRACT.glob("*.so"), *(ROOT / "policykg").glob("extract__mypyc*.so")]:
        built.unlink()


# The commands that build extensions; setup.py also runs for metadata only (egg_info), where
# type-checking and generating C would be wasted.
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def extensions() -> list:
    if not BUILDING & set(sys.argv[1:]):
        return []
    remove_earlier_builds()
    if os.environ.get("POLICYKG_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    paths = stage(compiled_modules())
    extensions = mypycify(
        ["--ignore-missing-imports", *paths],
        group_name="policykg.extract",  # one shared library: policykg/extract__mypyc.*.so
        multi_file=True,  # a C file per module, compiled in parallel (build_ext below)
    )
    for extension in extensions:  # mypyc writes the group's headers under the package path
        extension.include_dirs.append(os.path.join("build", "policykg"))
    return extensions


setup(
    ext_modules=extensions(),
    options={"build_ext": {"parallel": os.cpu_count() or 1}},
)
