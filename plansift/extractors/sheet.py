"""Spreadsheets: .xlsx with openpyxl and .csv/.tsv with the csv module.

Each sheet is one page (``page`` = the sheet's 1-based index) opening with the
sheet name as a heading. The used range is cut at blank rows into blocks: a
block of one or two rows holding a single value each is a paragraph (a title
or a note), anything else is a :class:`Table`. Merged cells become spans with
placeholders. Formulas are read as the values Excel cached when it last saved
the file (``data_only=True``); a formula never calculated reads as empty.
Provenance: ``line_start`` is the spreadsheet row number, ``part`` the sheet name.

openpyxl's read-only mode is faster and lighter but cannot see merged cells,
so it is used only for workbooks over :data:`READ_ONLY_BYTES`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import ClassVar

from plansift.extractors import ooxml
from plansift.extractors.base import ExtractOptions, register
from plansift.extractors.model import (
    Block,
    Cell,
    Document,
    ExtractionError,
    Heading,
    Page,
    Paragraph,
    Provenance,
    Table,
)

READ_ONLY_BYTES = 20 * 1024 * 1024
CSV_SNIFF_CHARS = 64 * 1024


def format_value(value, number_format: str = "General") -> str:
    """A cell value as the text a reader would see (integers without '.0', thousands where formatted)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        fmt = number_format or "General"
        if "%" in fmt:
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        thousands = "#,##" in fmt
        if isinstance(value, int):
            text = f"{value:,}" if thousands else str(value)
        else:
            text = f"{value:,.2f}" if thousands else f"{value:g}" if abs(value) < 1e15 else str(value)
        if "£" in fmt:
            text = text.replace("-", "-£", 1) if text.startswith("-") else f"£{text}"
        return text
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def grid_blocks(
    grid: list[list[str]], merges: list[tuple[int, int, int, int]], page: int, part: str | None, first_row: int = 1
) -> list[Block]:
    """Blocks of a sheet's used range: tables and notes split at blank rows.

    ``merges`` holds (row0, col0, row1, col1), 0-based and inclusive, in ``grid``
    coordinates; ``first_row`` is the spreadsheet number of ``grid[0]``.
    """
    n_cols = max((len(r) for r in grid), default=0)
    grid = [row + [""] * (n_cols - len(row)) for row in grid]
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    origin[(r, c)] = (r0, c0)
    runs: list[list[int]] = []
    for r, row in enumerate(grid):
        blank = not any(v.strip() for v in row) and not any((r, c) in origin for c in range(n_cols))
        if blank:
            if runs and runs[-1]:
                runs.append([])
            continue
        if not runs:
            runs.append([])
        runs[-1].append(r)
    out: list[Block] = []
    for rows in (run for run in runs if run):
        out.extend(_run_blocks(grid, rows, origin, spans, page, part, first_row))
    return out


def _run_blocks(grid, rows, origin, spans, page, part, first_row) -> list[Block]:
    values = [[v for v in grid[r] if v.strip()] for r in rows]
    if len(rows) <= 2 and all(len(v) == 1 for v in values):
        return [
            Paragraph(
                text=v[0], prov=Provenance(page=page, line_start=first_row + r, line_end=first_row + r, part=part)
            )
            for r, v in zip(rows, values, strict=True)
        ]
    used = [c for c in range(len(grid[0])) if any(grid[r][c].strip() or (r, c) in origin for r in rows)]
    c_lo, c_hi = min(used), max(used)
    r_lo = rows[0]
    table_rows: list[list[Cell]] = []
    for r in rows:
        row_cells = []
        for c in range(c_lo, c_hi + 1):
            line = first_row + r
            if (r, c) in origin:
                orow, ocol = origin[(r, c)]
                if orow >= r_lo and c_lo <= ocol:
                    row_cells.append(Cell(spanned_from=(orow - r_lo, ocol - c_lo)))
                    continue
            text = grid[r][c]
            prov = Provenance(page=page, line_start=line, line_end=line, part=part)
            rs, cs = spans.get((r, c), (1, 1))
            blocks = [Paragraph(text=t, prov=prov) for t in text.split("\n") if t.strip()]
            row_cells.append(
                Cell(blocks=blocks, row_span=min(rs, rows[-1] - r + 1), col_span=min(cs, c_hi - c + 1), prov=prov)
            )
        table_rows.append(row_cells)
    row_provs = [Provenance(page=page, line_start=first_row + r, line_end=first_row + r, part=part) for r in rows]
    prov = Provenance(page=page, line_start=first_row + rows[0], line_end=first_row + rows[-1], part=part)
    return [Table(rows=table_rows, prov=prov, row_provs=row_provs)]


def read_xlsx(path: Path, options: ExtractOptions, fmt: str = "xlsx") -> Document:
    """Read an .xlsx workbook, one page per sheet."""
    ooxml.check_package(path, options.limits, "xl/workbook.xml")
    import openpyxl

    read_only = path.stat().st_size > READ_ONLY_BYTES
    # Opened as a stream: given a name, openpyxl refuses any that does not end in .xlsx or .xlsm, and a
    # workbook is read by its content whatever its name. Read-only sheets read from it until closed.
    with path.open("rb") as fh:
        try:
            wb = openpyxl.load_workbook(fh, data_only=True, read_only=read_only)
        except Exception as exc:  # openpyxl raises KeyError, ValueError, zip and XML errors on damaged parts
            raise ExtractionError(
                f"cannot open the workbook ({type(exc).__name__}: {exc}); re-save it in Excel"
            ) from exc
        warnings: list[str] = []
        if read_only:
            warnings.append("large workbook read in read-only mode: merged cells are not seen as spans")
        pages: list[Page] = []
        try:
            sheets = wb.worksheets
            if len(sheets) > options.limits.max_pages:
                raise ExtractionError(
                    f"{len(sheets)} sheets, over the limit of {options.limits.max_pages} (raise --max-pages)",
                    status="skipped",
                )
            for index, ws in enumerate(sheets, start=1):
                pages.append(_sheet_page(ws, index, read_only))
            props = wb.properties
            title = (props.title or "").strip() or None if props is not None else None
            producer = (props.creator or "").strip() or None if props is not None else None
        finally:
            if read_only:
                wb.close()
    if not any(p.has_text for p in pages):
        warnings.append("the workbook has no values")
    return Document(path=str(path), format=fmt, pages=pages, title=title, producer=producer, warnings=warnings)


def _sheet_page(ws, index: int, read_only: bool) -> Page:
    title = ws.title
    heading = Heading(text=title, level=1, prov=Provenance(page=index, part=title))
    grid: list[list[str]] = []
    first_row = None
    for row in ws.iter_rows():
        values = [format_value(c.value, getattr(c, "number_format", "General")) for c in row]
        if first_row is None:
            if not any(values):
                continue
            first_row = row[0].row if hasattr(row[0], "row") and row[0].row else 1
        grid.append(values)
    while grid and not any(grid[-1]):
        grid.pop()
    merges = []
    if not read_only and first_row is not None:
        for rng in ws.merged_cells.ranges:
            r0, r1 = rng.min_row - first_row, rng.max_row - first_row
            if r0 >= 0 and r1 < len(grid):
                merges.append((r0, rng.min_col - 1, r1, rng.max_col - 1))
    blocks = grid_blocks(grid, merges, index, title, first_row or 1) if grid else []
    return Page(number=index, blocks=[heading, *blocks], has_text=bool(blocks))


def read_csv(path: Path, options: ExtractOptions) -> Document:
    """Read a .csv or .tsv file as one table (dialect sniffed, UTF-8 or Windows-1252)."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ExtractionError("binary content in a .csv file: it is not a text table")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append("not UTF-8: decoded as Windows-1252")
    try:
        dialect = csv.Sniffer().sniff(text[:CSV_SNIFF_CHARS], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    try:
        grid = [[" ".join(v.split()) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ExtractionError(f"malformed CSV: {exc}") from exc
    blocks = grid_blocks(grid, [], 1, None) if grid else []
    page = Page(number=1, blocks=blocks, has_text=bool(blocks))
    return Document(path=str(path), format="csv", pages=[page], warnings=warnings)


@register
class XlsxExtractor:
    """Excel 2007+ workbooks, sniffed as a zip holding ``xl/workbook.xml``."""

    name: ClassVar[str] = "xlsx"
    extensions: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm")
    priority: ClassVar[int] = 50

    def accepts(self, head: bytes, path: Path) -> bool:
        if ooxml.is_encrypted_office(head, path):
            return path.suffix.lower() in self.extensions
        members = ooxml.zip_members(head, path)
        return members is not None and "xl/workbook.xml" in members

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        return read_xlsx(path, options)


@register
class CsvExtractor:
    """Comma- or tab-separated tables: no signature, so a text file named .csv or .tsv."""

    name: ClassVar[str] = "csv"
    extensions: ClassVar[tuple[str, ...]] = (".csv", ".tsv")
    priority: ClassVar[int] = 70

    def accepts(self, head: bytes, path: Path) -> bool:
        return path.suffix.lower() in self.extensions and b"\x00" not in head

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        return read_csv(path, options)
