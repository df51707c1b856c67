"""``plansift inspect``: the block tree, the JSON dump and a clear failure."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from plansift.cli import app

runner = CliRunner()


def test_tree_shows_tables_and_provenance(samples_dir: Path) -> None:
    path = samples_dir / "coventry-laa-target-action-plan-violent-crime.txt"
    result = runner.invoke(app, ["inspect", str(path), "--max-chars", "0"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "format=txt" in result.output
    assert "Baseline & Year" in result.output and "header rows 1" in result.output
    assert "p. 1, line 3" in result.output


def test_json_dump_is_the_document_model(samples_dir: Path) -> None:
    path = samples_dir / "sandwell-laa-implementation-plan-high-volume-crime.txt"
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "txt"
    kinds = {b["kind"] for page in data["pages"] for b in page["blocks"]}
    assert "table" in kinds
    table = next(b for page in data["pages"] for b in page["blocks"] if b["kind"] == "table")
    assert table["rows"][0][0]["prov"]["line_start"] >= 1


def test_other_formats_and_spans(tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    path.write_text("<table><tr><th colspan=2>Both</th></tr><tr><td>a</td><td>b</td></tr></table>", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "format=html" in result.output and "(1x2)" in result.output and "↖" in result.output


def test_unreadable_file_fails_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 16)
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 1
    assert "not a text file" in result.output
