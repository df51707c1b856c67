"""datapackage.json describes every tabular output file, and Frictionless validates the files against it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from plansift.output import ALL_FORMATS, OutputSink
from plansift.output.schema import RECORD_COLUMN_NAMES, VOCABULARIES

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def out_dir(gold_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    with OutputSink(out, ALL_FORMATS) as sink:
        for result in gold_results:
            sink.add(result)
    return out


def test_every_tabular_file_is_a_resource_with_keys_and_enums(out_dir):
    package = json.loads((out_dir / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"]: r for r in package["resources"]}
    assert set(paths) == {"records.csv", "records.parquet", "records.jsonl", "documents.csv", "entities.csv"}
    records = paths["records.csv"]["schema"]
    assert [f["name"] for f in records["fields"]] == RECORD_COLUMN_NAMES
    assert records["primaryKey"] == ["record_id"]
    assert records["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["document"]}
    enums = {f["name"]: f["constraints"]["enum"] for f in records["fields"] if "constraints" in f}
    assert enums["unit"] == list(VOCABULARIES["unit"]) and enums["record_type"] == list(VOCABULARIES["record_type"])
    types = {f["name"]: f["type"] for f in records["fields"]}
    assert (types["value"], types["page"], types["due_date"], types["assured"]) == (
        "number",
        "integer",
        "date",
        "boolean",
    )
    assert set(package["plansift_other_files"]) == {"plansift.xlsx", "plansift.duckdb"}


def test_frictionless_validates_every_output_file(out_dir):
    report = frictionless.validate(str(out_dir / "datapackage.json"))
    errors = [(task.name, err.message) for task in report.tasks for err in task.errors]
    assert report.valid, errors[:10]
    assert {task.name for task in report.tasks} == {
        "records",
        "records-parquet",
        "records-jsonl",
        "documents",
        "entities",
    }
    assert (
        sum(task.stats["rows"] for task in report.tasks if task.name == "records")
        == len((out_dir / "records.csv").read_text(encoding="utf-8").splitlines()) - 1
    )


def test_frictionless_cli_passes(out_dir):
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    if not exe:
        pytest.skip("no frictionless command beside this Python")
    done = subprocess.run(
        [exe, "validate", "datapackage.json"], cwd=out_dir, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_a_broken_file_fails_validation(out_dir, tmp_path):
    for p in out_dir.iterdir():
        shutil.copyfile(p, tmp_path / p.name)
    records = pd.read_csv(tmp_path / "records.csv", dtype=str, keep_default_na=False)
    pd.concat([records, records.iloc[[0]]]).to_csv(tmp_path / "records.csv", index=False)  # a repeated record_id
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert any(err.type == "primary-key" for task in report.tasks for err in task.errors)


def test_a_run_without_records_still_validates(tmp_path):
    from plansift.pipeline import DocumentResult

    with OutputSink(tmp_path, ALL_FORMATS) as sink:
        sink.add(DocumentResult(document={"document": "memo.txt", "status": "ok"}))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert "records.jsonl" in package["plansift_other_files"]
