"""The `policykg` command on real files: build, eval, bad input, help."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from policykg.cli import bundled_texts, cli

PLAN_002 = next(bundled_texts().glob("002_*.txt"))


def test_cli_build_writes_extractions_graph_and_table(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(PLAN_002), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "lead: 市经济信息化委" in result.output
    extraction = json.loads((out / "extractions" / f"{PLAN_002.stem}.json").read_text())
    assert extraction["document"]["doc_number"] == "沪府办发〔2024〕31号"
    assert len(extraction["measures"]) == 23
    graph = json.loads((out / "graph.json").read_text())
    assert any(e["type"] == "LEADS" for e in graph["edges"])


def test_cli_build_reports_bad_files_and_goes_on(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    shutil.copy(PLAN_002, texts / "好 文件.txt")
    (texts / "broken.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(texts), "--out", str(out), "--no-table"])
    assert result.exit_code == 1
    assert "broken.txt" in result.output
    assert "Traceback" not in result.output
    assert (out / "extractions" / "好 文件.json").exists()


def test_cli_eval_scores_against_gold(tmp_path):
    gold_dir, text_dir = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    text_dir.mkdir()
    shutil.copy(PLAN_002, text_dir / "002_plan.txt")
    gold = {
        "doc": "002_plan",
        "text": "002_plan.txt",
        "complete": {"measures": False},
        "measures": [
            {
                "id": "(一)",
                "anchor": "先行先试增值电信扩大开放",
                "lead": ["市经济信息化委"],
                "support": ["市通信管理局", "浦东新区政府", "临港新片区管委会"],
                "canonical": {},
            },
        ],
    }
    (gold_dir / "002_plan.json").write_text(json.dumps(gold, ensure_ascii=False))
    scores = tmp_path / "scores.json"
    result = CliRunner().invoke(
        cli, ["eval", str(gold_dir), "--texts", str(text_dir), "--json", str(scores)]
    )
    assert result.exit_code == 0, result.output
    micro = json.loads(scores.read_text())["micro"]
    assert micro["measures"]["recall"] == 1.0
    assert micro["lead"]["recall"] == 1.0
    assert micro["support"]["recall"] == 1.0


def test_cli_eval_missing_text_is_a_clear_error(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "x.json").write_text(json.dumps({"doc": "x", "text": "x.txt"}))
    result = CliRunner().invoke(cli, ["eval", str(gold_dir), "--texts", str(tmp_path)])
    assert result.exit_code != 0
    assert "x.txt" in result.output
    assert "Traceback" not in result.output


def test_cli_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
