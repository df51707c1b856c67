"""Regression: a file name that is not valid UTF-8 crashed every output writer, so the run wrote nothing.

On Linux a name with a cp1252 byte (``b'latin1-\\xa3.txt'``, common on shares written by old Windows
tools) reaches Python as a lone surrogate (``'latin1-\\udca3.txt'``). CSV, Parquet, JSON Lines, XLSX and
DuckDB all raise ``UnicodeEncodeError: surrogates not allowed`` on the documents row, the sink aborts and
the whole run ends without output. Names (and paths, and messages quoting them) should be made valid text
before they reach a writer, e.g. ``os.fsencode(name).decode("utf-8", "backslashreplace")`` in discovery
and in ``process_file``'s row, or a last-line cleanup of string cells in ``plansift.output.schema``.
"""

from __future__ import annotations

import csv
import os

import pytest

from plansift.output import ALL_FORMATS, OutputSink
from plansift.pipeline import DocumentResult

NAME = os.fsdecode(b"latin1-\xa3-name.txt")


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_non_utf8_file_name_crashes_writers(tmp_path, fmt):
    out = tmp_path / "out"
    row = {
        "document": NAME,
        "path": f"/data/{NAME}",
        "status": "failed",
        "error": f"cannot read file: [Errno 2] No such file or directory: '/data/{NAME}'",
    }
    with OutputSink(out, [fmt]) as sink:
        sink.add(DocumentResult(document=row))
    with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["document"].startswith("latin1-") and rows[0]["document"].endswith(".txt")
