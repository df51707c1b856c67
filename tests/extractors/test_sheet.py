"""Sheet extractor: XLSX sheets as pages of tables with spans, CSV as one table."""

from __future__ import annotations

from pathlib import Path

import pytest

from plansift.extractors.base import read_document
from plansift.extractors.model import ExtractionError, Heading, Paragraph, Table


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Funding"
    ws["A1"] = "Funding & Planned Spend"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["Stream", "2008/09", "2009/10", "2010/11", "Total"])
    ws.append(["Home Office Funding", 81000, 0, 0, "=B4+C4+D4"])
    ws.append(["Offender Management", 65500.0, "To be determined", None, 65500])
    ws["B4"].number_format = "#,##0"
    ws.merge_cells("C5:D5")
    second = wb.create_sheet("Targets")
    second.append(["Indicator", "Baseline", "Target"])
    second.append(["NI 15", 383, 368])
    second.append(["NI 20", 0.137, 0.1344])
    second["B3"].number_format = "0.0%"
    wb.save(tmp_path / "plan.xlsx")
    return tmp_path / "plan.xlsx"


def test_each_sheet_is_a_page_with_its_name_and_table(workbook):
    doc = read_document(workbook)
    assert doc.format == "xlsx" and doc.n_pages == 2
    for number, page in enumerate(doc.pages, start=1):
        assert page.number == number
        assert isinstance(page.blocks[0], Heading)
        assert any(isinstance(b, Table) for b in page.blocks)
    first = doc.pages[0]
    assert first.blocks[0].text == "Funding"
    assert isinstance(first.blocks[1], Paragraph) and first.blocks[1].text == "Funding & Planned Spend"


def test_values_spans_and_provenance(workbook):
    doc = read_document(workbook)
    table = next(doc.iter_tables())
    grid = table.text_grid()
    assert grid[0] == ["Stream", "2008/09", "2009/10", "2010/11", "Total"]
    assert grid[1][:2] == ["Home Office Funding", "81,000"]
    assert grid[1][4] == ""  # a formula never calculated has no cached value
    assert table.rows[2][2].col_span == 2 and table.rows[2][3].spanned_from == (2, 2)
    assert table.row_provs[0].line_start == 3 and table.prov.part == "Funding"
    targets = list(doc.iter_tables())[1].text_grid()
    assert targets[1] == ["NI 15", "383", "368"]
    assert targets[2][1] == "13.7%"


def test_csv_is_one_table(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text('Indicator;2008/09;2009/10\nNI 15;"1,200";368\nNI 20;4122;4039\n', encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "csv"
    (table,) = doc.iter_tables()
    assert table.text_grid() == [
        ["Indicator", "2008/09", "2009/10"],
        ["NI 15", "1,200", "368"],
        ["NI 20", "4122", "4039"],
    ]


def test_cp1252_csv_is_decoded_and_flagged(tmp_path):
    path = tmp_path / "money.csv"
    path.write_bytes("Item,Amount\nGrant,£25,000\n".encode("cp1252"))
    doc = read_document(path)
    assert "£25" in doc.text()
    assert any("1252" in w for w in doc.warnings)


def test_password_protected_xlsx(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ExtractionError, match="password"):
        read_document(path)
