"""The extract and evaluate verbs, through typer's test runner."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from plansift.cli import app

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path, samples_dir):
    root = tmp_path / "corpus"
    root.mkdir()
    for path in sorted(samples_dir.glob("*.txt"))[:2]:
        shutil.copy(path, root / path.name)
    (root / "notes.bin").write_bytes(b"\x00\x01 not a plan")
    return root


def test_help_lists_the_verbs():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "evaluate" in result.output


def test_extract_writes_the_files_and_a_summary(tmp_path, corpus):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--format", "csv,jsonl", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "read 3 documents" in result.output
    assert "notes.bin" in result.output  # the file not read is named, with the reason
    assert f"Files in {out}" in result.output.replace("\n", "")
    documents = pd.read_csv(out / "documents.csv")
    assert sorted(documents["document"]) == sorted(p.name for p in corpus.iterdir())
    assert (out / "records.jsonl").exists() and not (out / "records.parquet").exists()

    again = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--format", "csv,jsonl", "--quiet"])
    assert again.exit_code == 0
    assert again.output.startswith("3 documents:")


def test_json_log_gives_one_line_per_document_and_a_summary(tmp_path, corpus):
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "o"), "-f", "csv", "--json-log"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [e["event"] for e in lines if e["event"] == "document"] == ["document"] * 3
    summary = lines[-1]
    assert summary["event"] == "summary" and summary["documents"] == 3
    assert sum(summary["status"].values()) == 3


def test_bad_arguments_exit_2_with_a_message(tmp_path, corpus):
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "o"), "--format", "csv,pdf"])
    assert result.exit_code == 2
    assert "unknown format pdf" in result.output
    result = runner.invoke(app, ["extract", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no such file or folder" in " ".join(result.output.split())
    assert not (tmp_path / "o" / "records.csv").exists()
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "o"), "--executor", "spark"])
    assert result.exit_code == 2
    assert "unknown executor" in " ".join(result.stderr.split())


def test_evaluate_extracts_and_scores_every_rendering(samples_dir, gold_dir):
    paths = [str(p) for p in sorted(samples_dir.glob("*.txt"))]
    result = runner.invoke(app, ["evaluate", *paths, "--gold", str(gold_dir), "--json", "--workers", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["documents"]) == len(paths)
    gold_actions = sum(len(json.loads(p.read_text())["actions"]) for p in gold_dir.glob("*.json"))
    assert report["totals"]["actions"]["gold"] == gold_actions
    assert report["unscored"] == []


def test_evaluate_scores_a_records_file(tmp_path, samples_dir, gold_dir):
    out = tmp_path / "out"
    paths = [str(p) for p in sorted(samples_dir.glob("*.txt"))[:1]]
    assert runner.invoke(app, ["extract", *paths, "--out", str(out), "-f", "csv,parquet"]).exit_code == 0
    for name in ("records.csv", "records.parquet"):
        result = runner.invoke(app, ["evaluate", "--records", str(out / name), "--gold", str(gold_dir), "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert [d["document"] for d in report["documents"]] == [sorted(samples_dir.glob("*.txt"))[0].name]
    table = runner.invoke(app, ["evaluate", "--records", str(out / "records.csv"), "--gold", str(gold_dir)])
    assert table.exit_code == 0
    assert "Totals" in table.output and "F1" in table.output


def test_evaluate_needs_documents_or_records(gold_dir):
    result = runner.invoke(app, ["evaluate", "--gold", str(gold_dir)])
    assert result.exit_code == 2


def test_a_full_disk_stops_the_run_with_a_message_and_leaves_the_last_outputs_as_they_were(
    tmp_path, corpus, monkeypatch
):
    """A write that fails for want of space (here the CSV writer's) ends the run with a message saying what to
    do, not a traceback; the temporary files go, the previous run's files stay as they were, and the documents
    cached before the failure are not processed again on the next run."""
    import errno

    from plansift.output.csv_files import CsvWriter

    out = tmp_path / "out"
    args = ["extract", str(corpus), "--out", str(out), "--format", "csv,jsonl", "--workers", "1"]
    assert runner.invoke(app, args).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (corpus / "another.txt").write_text(next(corpus.glob("*.txt")).read_text() + "\nAnother copy.\n")

    def full(self, rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(CsvWriter, "write_rows", full)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "no space left to write" in message and "run the same command again" in message
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # no temporary files either
    monkeypatch.undo()
    result = runner.invoke(app, [*args, "--json-log"])
    assert result.exit_code == 0, result.output
    summary = json.loads(next(line for line in result.output.splitlines() if '"event": "summary"' in line))
    assert summary["processed"] == 0 and summary["documents"] == 4


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["extract", "docs", "--out", "{out}"], True),
        (["extract", "docs", "-o", "{out}", "--workers", "2"], True),
        (["extract", "docs", "--out={out}", "--executor", "local"], True),
        (["extract", "docs", "--out", "{cached}"], False),  # its cache may answer every document
        (["extract", "docs", "--out", "{cached}", "--no-cache"], True),
        (["extract", "docs", "--out", "{out}", "--executor", "dask"], False),
        (["extract", "docs", "--out", "{out}", "--help"], False),
        (["extract", "docs"], False),  # no --out: typer reports it
        (["evaluate", "docs", "--gold", "gold", "--out", "{out}"], False),
    ],
)
def test_the_warm_up_starts_before_parsing_only_for_a_cold_local_extract(tmp_path, monkeypatch, args, starts):
    from plansift import cli
    from plansift.corpus import executors

    cached = tmp_path / "cached"
    (cached / ".plansift-cache").mkdir(parents=True)
    args = [a.format(out=tmp_path / "new", cached=cached) for a in args]
    calls = []
    monkeypatch.setattr(executors, "start_warm_up", lambda: calls.append(True))
    cli._start_warm_up_early(args)
    assert bool(calls) == starts
