"""XLSX output: plansift.xlsx, a finished workbook streamed with openpyxl's write-only mode.

Sheets: ``README`` (what every column means), ``targets``, ``actions``,
``funding`` (one per record type, with the columns that type uses), ``documents``
and ``entities``. Each sheet has a styled, frozen header row, an autofilter,
set column widths and number/date formats (counts ``#,##0``, rates and
percentages ``0.00``, pounds ``£#,##0``, dates ``yyyy-mm-dd``).

Formula safety: every text cell is written as a string, never a formula; text
that a spreadsheet could take for a formula (see :mod:`plansift.output.safety`)
also gets the "quote prefix" style, so editing the cell keeps it text. Control
characters XML forbids are replaced with U+FFFD and text longer than a cell can
hold is cut with a marker.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from plansift.output.atomic import AtomicFile
from plansift.output.cells import plain_rows
from plansift.output.safety import is_formula_like
from plansift.output.schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, RECORD_COLUMNS

MAX_CELL_CHARS = 32767
MAX_SHEET_ROWS = 1_048_575  # plus the header row
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_COMMON_HEAD = ["record_id", "document", "area", "area_code", "page"]
_TYPE_COLUMNS = {
    "target": ["indicator_code", "indicator_title", "period", "value_kind", "value", "unit", "value_text"],
    "action": [
        "action_ref",
        "description",
        "indicator_code",
        "lead_officer",
        "lead_role",
        "lead_organisation",
        "partners",
        "due_date",
        "milestone",
    ],
    "funding": ["funding_source", "recipient", "purpose", "amount_gbp", "period", "funding_kind", "assured"],
}
_COMMON_TAIL = ["source_text", "confidence", "issues", "line_start", "line_end", "bbox", "document_sha256"]
SHEET_NAMES = {"target": "targets", "action": "actions", "funding": "funding"}
_WIDE = {"source_text", "description", "purpose", "milestone", "error", "warnings", "mentions", "indicator_title"}
_MEDIUM = {"document", "path", "lead_organisation", "partners", "funding_source", "recipient", "name", "value_text"}
_MEDIUM |= {"lead_role", "lead_officer", "organisation", "role", "issues", "area", "producer", "record_id"}
README_INTRO = (
    "plansift output: one row per extracted fact, one sheet per record type (targets, actions, funding), "
    "plus the documents read and the entities they name. Every row names its source document and page. "
    "Text that a spreadsheet could take for a formula is stored as text (quote prefix)."
)
_FORMATS = {"Int64": "0", "Float64": "0.00", "date": "yyyy-mm-dd"}


def sheet_columns(record_type: str) -> list[str]:
    """The columns of one record type's sheet: common, type-specific, then every other schema column.

    >>> sheet_columns("funding")[5:9]
    ['funding_source', 'recipient', 'purpose', 'amount_gbp']
    """
    named = _COMMON_HEAD + _TYPE_COLUMNS[record_type] + _COMMON_TAIL
    every_type = {c for cols in _TYPE_COLUMNS.values() for c in cols}
    rest = [n for n, _, _ in RECORD_COLUMNS if n not in named and n not in every_type and n != "record_type"]
    return named + rest


def column_width(name: str) -> float:
    """A readable width (in characters) for a column, from what it holds."""
    if name in _WIDE:
        return 60
    if name in _MEDIUM:
        return 28
    return max(12, len(name) + 3)


def clean_text(text: str) -> str:
    """Text a worksheet cell can hold: XML-illegal control characters replaced, cut to the cell limit.

    >>> clean_text("a\\x00b")
    'a\\ufffdb'
    """
    text = _ILLEGAL_XML.sub("\ufffd", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 20] + " [...cut: too long]"
    return text


def _type_label(dtype: str) -> str:
    """A reader's name for a schema dtype ('one of: target, action, funding' for a vocabulary)."""
    from plansift.output.schema import VOCABULARIES

    if dtype.startswith("category:"):
        return "one of: " + ", ".join(VOCABULARIES[dtype.split(":", 1)[1]])
    return {"string": "text", "Int64": "whole number", "Float64": "number", "boolean": "true/false"}.get(dtype, dtype)


class _Sheet:
    """One write-only worksheet: header written on creation, autofilter set at close."""

    def __init__(self, wb, title: str, columns: list[str], dtypes: dict[str, str], styles: dict[str, Any]):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        self.columns, self.dtypes, self.styles = columns, dtypes, styles
        self.rows = 0
        self._cell = WriteOnlyCell
        for i, name in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = column_width(name)
        self.ws.freeze_panes = "B2"
        header = []
        for name in columns:
            cell = WriteOnlyCell(self.ws, name)
            cell.font, cell.fill, cell.alignment, cell.border = styles["header"]
            header.append(cell)
        self.ws.append(header)
        self.last_column = get_column_letter(len(columns))

    def append(self, row: dict[str, Any]) -> None:
        """Append one row: plain text as is, formula-like text as quote-prefixed strings, numbers formatted."""
        cells: list[Any] = []
        for name in self.columns:
            value = row.get(name)
            if value is None:
                cells.append(None)
            elif isinstance(value, str):
                text = clean_text(value)
                cells.append(self._text_cell(text) if is_formula_like(value) or text.startswith("=") else text)
            else:
                fmt = self._number_format(name, row)
                if fmt:
                    cell = self._cell(self.ws, value)
                    cell.number_format = fmt
                    value = cell
                cells.append(value)
        self.ws.append(cells)
        self.rows += 1

    def _text_cell(self, text: str):
        cell = self._cell(self.ws, text)
        cell.data_type = "s"  # a string, never a formula
        cell.quotePrefix = True  # and editing it keeps it text
        return cell

    def _number_format(self, name: str, row: dict[str, Any]) -> str | None:
        if name == "amount_gbp":
            return '"£"#,##0'
        if name == "value":
            return "#,##0" if row.get("unit") in ("count", "gbp") else "#,##0.00"
        if name == "confidence":
            return "0.00"
        return _FORMATS.get(self.dtypes.get(name, ""))

    def discard(self) -> None:
        """Close the sheet's stream without saving and remove its temporary file."""
        if self.ws.closed:
            return
        self.ws.close()
        self.ws._writer.cleanup()

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{self.last_column}{self.rows + 1}"


class XlsxWriter:
    """Streams records, documents and entities into plansift.xlsx (write-only mode, flat memory)."""

    def __init__(self, out_dir: Path):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._file = AtomicFile(out_dir, "plansift.xlsx")
        self._wb = Workbook(write_only=True)
        thin = Side(style="thin", color="1F3864")
        styles = {
            "header": (
                Font(bold=True, color="FFFFFF"),
                PatternFill("solid", fgColor="1F3864"),
                Alignment(vertical="center", wrap_text=True),
                Border(bottom=thin),
            )
        }
        record_dtypes = {n: d for n, d, _ in RECORD_COLUMNS}
        self._finished: list[_Sheet] = []
        self._parts: dict[str, int] = {}
        self._write_readme(styles)
        self._sheets = {
            rt: _Sheet(self._wb, SHEET_NAMES[rt], sheet_columns(rt), record_dtypes, styles) for rt in _TYPE_COLUMNS
        }
        for table, columns in (("documents", DOCUMENT_COLUMNS), ("entities", ENTITY_COLUMNS)):
            self._sheets[table] = _Sheet(
                self._wb, table, [c[0] for c in columns], {n: d for n, d, _ in columns}, styles
            )

    def _write_readme(self, styles) -> None:
        from openpyxl.cell import WriteOnlyCell

        ws = self._wb.create_sheet("README")
        for letter, width in zip("ABCD", (14, 22, 22, 90), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        header = []
        for name in ("sheet", "column", "type", "meaning"):
            cell = WriteOnlyCell(ws, name)
            cell.font, cell.fill, cell.alignment, cell.border = styles["header"]
            header.append(cell)
        ws.append(header)
        rows = [["(all)", "", "", README_INTRO]]
        described = {n: (d, text) for n, d, text in RECORD_COLUMNS}
        for rt, title in SHEET_NAMES.items():
            rows += [[title, name, *described[name]] for name in sheet_columns(rt)]
        for table, columns in (("documents", DOCUMENT_COLUMNS), ("entities", ENTITY_COLUMNS)):
            rows += [[table, name, dtype, text] for name, dtype, text in columns]
        for sheet, name, dtype, text in rows:
            ws.append([sheet, name, _type_label(dtype), text])
        ws.auto_filter.ref = f"A1:D{len(rows) + 1}"

    def write(self, documents, records, entities) -> None:
        """Append rows: records go to their record type's sheet, documents and entities to theirs."""
        for table, df in (("documents", documents), ("records", records), ("entities", entities)):
            self._append(table, df)

    def _append(self, table: str, df) -> None:
        for row in plain_rows(df):
            key = row["record_type"] if table == "records" else table
            sheet = self._sheets[key]
            if sheet.rows >= MAX_SHEET_ROWS:  # a sheet is full: continue on "<name> (2)"
                self._finished.append(sheet)
                self._parts[key] = self._parts.get(key, 1) + 1
                title = f"{SHEET_NAMES.get(key, key)} ({self._parts[key]})"
                sheet = self._sheets[key] = _Sheet(self._wb, title, sheet.columns, sheet.dtypes, sheet.styles)
            sheet.append(row)

    def close(self) -> list[AtomicFile]:
        for sheet in [*self._finished, *self._sheets.values()]:
            sheet.finish()
        self._wb.save(self._file.tmp)
        return [self._file]

    def abort(self) -> None:
        """Close every sheet's stream, remove openpyxl's per-sheet temporary files and ours."""
        for sheet in [*self._finished, *self._sheets.values()]:
            sheet.discard()
        self._file.discard()
