"""Tables dumped as comma-separated values inside a text file ('"NI 56","Obesity ...","Baseline","2007/08"').

Spreadsheet exports pasted into a plan keep their CSV form: a run of lines of fields separated by commas,
text fields in double quotes (a quote inside one doubled), a quoted field free to hold commas and line
breaks. Such a run is read with Python's own CSV reader when

* its first line opens with a quoted field next to a comma (``"a",`` ...), so that sentences with commas
  never open one;
* every record has as many fields as the first, and at least :data:`MIN_FIELDS`;
* it holds at least :data:`MIN_RECORDS` records (a header and a row).

The run ends at a blank line or a page break outside a quoted field, or at a line that is not a record of
as many fields. A record's provenance is its physical lines.
"""

from __future__ import annotations

import csv
import io
import re

from plansift.extractors.text_cells import SourceLine
from plansift.extractors.text_tables import RawRow, raw_row

MIN_FIELDS = 3
MIN_RECORDS = 2
MAX_RECORD_LINES = 20
"""A quoted field may run over line breaks, but not over more lines than this (an unclosed quote)."""

_CSV_START = re.compile(r'^\s*"(?:[^"]|"")*",')
"""A line opening with a quoted field and a comma after it."""


def starts_csv(text: str) -> bool:
    return bool(_CSV_START.match(text))


def _fields(text: str) -> list[str] | None:
    """The fields of one record's text, or None when its quotes do not close."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    return records[0] if len(records) == 1 else None


def csv_rows(lines: list[SourceLine], start: int) -> tuple[list[RawRow] | None, int]:
    """The rows of the CSV table at ``lines[start]`` and the index after it; (None, start + 1) when there is
    none (see the module docstring)."""
    rows: list[RawRow] = []
    width = 0
    i, n = start, len(lines)
    page = lines[start].page
    while i < n:
        first = lines[i]
        if not first.text.strip() or first.page != page:
            break
        # a record: this line, and the next ones while a quoted field is open
        text, j = first.text, i + 1
        fields = _fields(text)
        while fields is None and j < n and j - i < MAX_RECORD_LINES and lines[j].page == page:
            text += "\n" + lines[j].text
            j += 1
            fields = _fields(text)
        if fields is None or (width and len(fields) != width) or len(fields) < MIN_FIELDS:
            break
        width = width or len(fields)
        row = raw_row(fields, first.no, page)
        row.last = lines[j - 1].no
        rows.append(row)
        i = j
    if len(rows) < MIN_RECORDS:
        return None, start + 1
    return rows, i
