"""The extraction modules compiled with mypyc (setup.py) and their pure Python sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policykg import native
from policykg.extract import pipeline

PURE = bool(os.environ.get(native.PURE_ENV))
POLICYKG = Path(sys.executable).with_name("policykg")


def test_the_install_compiled_the_extraction_modules():
    if PURE:
        pytest.skip(f"{native.PURE_ENV} is set: the sources run as pure Python")
    assert native.is_compiled()
    assert not pipeline.__file__.endswith(".py")  # an extension module: pipeline.cpython-….so


def test_pure_python_is_asked_for_with_an_environment_variable():
    script = (
        "import importlib, json, policykg.native as n, policykg.extract._compiled as c; "
        "print(json.dumps([n.is_compiled()] + "
        "[importlib.import_module('policykg.extract.' + m).__file__ for m in c.MODULES]))"
    )
    env = {**os.environ, native.PURE_ENV: "1"}
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    if "No module named 'policykg.extract._compiled'" in run.stderr:
        pytest.skip("not compiled")
    compiled, *files = json.loads(run.stdout)
    assert compiled is False
    assert files and all(f.endswith(".py") for f in files)  # all of them: never a mix


def test_compiled_and_pure_python_write_the_same_bytes(tmp_path):
    if not native.is_compiled():
        pytest.skip("not compiled")
    outputs = {}
    for mode, extra in (("compiled", {}), ("pure", {native.PURE_ENV: "1"})):
        out = tmp_path / mode
        subprocess.run(
            [POLICYKG, "build", "--out", out, "--no-table", "--no-validate"],
            env={**os.environ, **extra},
            check=True,
            capture_output=True,
        )
        outputs[mode] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.json")}
    assert len(outputs["pure"]) == 6  # five extractions and the graph
    assert outputs["compiled"] == outputs["pure"]


def test_a_changed_source_is_noticed(tmp_path):
    (tmp_path / "clean.py").write_text("def clean_text(raw): ...\n")
    built_from = native.sources_digest(tmp_path, ["clean"])
    assert not native.changed_since_build(tmp_path, ["clean"], built_from)
    (tmp_path / "clean.py").write_text("def clean_text(raw): return raw\n")
    assert native.changed_since_build(tmp_path, ["clean"], built_from)


def test_an_install_without_sources_trusts_its_build(tmp_path):
    assert not native.changed_since_build(tmp_path, ["clean"], "0" * 64)
