"""plansift.xlsx is a finished workbook: README, one sheet per record type, documents, entities; styled and typed."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from plansift.output import OutputSink

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def workbook_path(gold_results, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    with OutputSink(out, ["xlsx"]) as sink:
        for result in gold_results:
            sink.add(result)
    return out / "plansift.xlsx"


def _header(ws) -> list[str]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def test_sheets_hold_every_row_of_their_record_type(workbook_path, gold_results):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == ["README", "targets", "actions", "funding", "documents", "entities"]
    for kind, sheet in (("target", "targets"), ("action", "actions"), ("funding", "funding")):
        ids = {row[0] for row in wb[sheet].iter_rows(min_row=2, values_only=True)}
        assert ids == {r["record_id"] for res in gold_results for r in res.records if r["record_type"] == kind}
    assert wb["documents"].max_row == len(gold_results) + 1
    assert wb["entities"].max_row == sum(len(r.entities) for r in gold_results) + 1


def test_every_sheet_is_styled_frozen_filtered_and_sized(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    for ws in wb:
        header = next(ws.iter_rows(min_row=1, max_row=1))
        assert all(c.font.bold and c.fill.fgColor.rgb.endswith("1F3864") for c in header), ws.title
        assert ws.freeze_panes in ("A2", "B2")
        assert ws.auto_filter.ref == f"A1:{header[-1].column_letter}{ws.max_row}"
        widths = [ws.column_dimensions[c.column_letter].width for c in header]
        assert all(w and w >= 10 for w in widths), ws.title
    actions = wb["actions"]
    names = _header(actions)
    assert actions.column_dimensions[actions.cell(1, names.index("description") + 1).column_letter].width >= 50


def test_numbers_and_dates_are_typed_with_formats(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    funding = wb["funding"]
    col = _header(funding).index("amount_gbp")
    cells = [row[col] for row in funding.iter_rows(min_row=2) if row[col].value is not None]
    assert cells and all(isinstance(c.value, int | float) and "£" in c.number_format for c in cells)
    actions = wb["actions"]
    col = _header(actions).index("due_date")
    dated = [row[col] for row in actions.iter_rows(min_row=2) if row[col].value is not None]
    assert dated and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dated)
    targets = wb["targets"]
    names = _header(targets)
    for row in targets.iter_rows(min_row=2):
        value, unit = row[names.index("value")], row[names.index("unit")].value
        assert value.data_type == "n"
        assert value.number_format == ("#,##0" if unit == "count" else "#,##0.00")


def test_readme_explains_every_column_of_every_sheet(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    described = {(s, c) for s, c, *_ in wb["README"].iter_rows(min_row=3, values_only=True)}
    for sheet in ("targets", "actions", "funding", "documents", "entities"):
        assert {(sheet, c) for c in _header(wb[sheet])} <= described
    meanings = [m for *_, m in wb["README"].iter_rows(min_row=2, values_only=True)]
    assert all(meanings)


def test_libreoffice_reads_the_workbook(workbook_path, tmp_path, gold_results):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("no LibreOffice (apt-get install libreoffice-calc-nogui)")
    src = tmp_path / "in.xlsx"
    shutil.copyfile(workbook_path, src)
    # sheet 3 (actions) as CSV, UTF-8: the filter options select the sheet
    cmd = [
        soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3',
        "--outdir", str(tmp_path), str(src),
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    produced = sorted(tmp_path.glob("in*.csv"))
    if not produced and "could not be loaded" in (done.stdout + done.stderr):
        pytest.skip("LibreOffice without Calc cannot open XLSX (apt-get install libreoffice-calc-nogui)")
    assert produced, done.stdout + done.stderr
    with open(produced[0], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["record_id", "document", "area"]
    want = {r["record_id"] for res in gold_results for r in res.records if r["record_type"] == "action"}
    assert {r[0] for r in rows[1:]} == want
