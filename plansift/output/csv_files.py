"""CSV output: records.csv (when asked), documents.csv and entities.csv (always), appended per document.

Text cells are neutralised against formula injection (see :mod:`plansift.output.safety`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from plansift.output.atomic import AtomicFile
from plansift.output.rows import Rows, csv_text
from plansift.output.safety import neutralise_frame
from plansift.output.schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, RECORD_COLUMNS

TABLE_COLUMNS = {"records": RECORD_COLUMNS, "documents": DOCUMENT_COLUMNS, "entities": ENTITY_COLUMNS}


class CsvWriter:
    """Streams the given tables to ``<table>.csv`` (RFC 4180: UTF-8, CRLF, header once; ISO dates; empty = null).

    CRLF line ends make the csv module quote any field holding a carriage
    return or a line feed, so no cell can break a row for any reader.
    """

    def __init__(self, out_dir: Path, tables: tuple[str, ...]):
        self._files = {t: AtomicFile(out_dir, f"{t}.csv") for t in tables}
        self._handles = {}
        for table, f in self._files.items():
            fh = open(f.tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115 - kept open while streaming
            self._handles[table] = fh
            self._write_frame(table, None)

    def _write_frame(self, table: str, df) -> None:
        import pandas as pd

        columns = TABLE_COLUMNS[table]
        if df is None:
            pd.DataFrame(columns=[c[0] for c in columns]).to_csv(
                self._handles[table], index=False, lineterminator="\r\n"
            )
            return
        neutralise_frame(df, columns).to_csv(self._handles[table], index=False, header=False, lineterminator="\r\n")

    def write(self, documents, records, entities) -> None:
        """Append the rows of typed frames (from plansift.output.schema) to their CSV files."""
        for table, df in (("documents", documents), ("records", records), ("entities", entities)):
            if table in self._files and len(df):
                self._write_frame(table, df)

    def write_rows(self, batch: Rows) -> None:
        """Append a batch of row dicts, written directly (see plansift.output.rows); a batch with a value the
        direct path does not cover is written through its frames."""
        for table, rows in (("documents", batch.documents), ("records", batch.records), ("entities", batch.entities)):
            if table not in self._files or not rows:
                continue
            columns = TABLE_COLUMNS[table]
            text = csv_text(rows, columns, batch.values(table, columns))
            if text is None:
                self._write_frame(table, batch.frame(table))
                continue
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate (a file name that is not UTF-8): escaped, as in frames
                data = csv_text(rows, columns, batch.values(table, columns), valid=True).encode("utf-8")
            handle = self._handles[table]
            handle.flush()  # what the text layer holds (the header, a batch written from frames) goes first
            handle.buffer.write(data)

    def close(self) -> list[AtomicFile]:
        """Flush and close every file; the caller commits the returned temporary files."""
        for fh in self._handles.values():
            fh.close()
        return list(self._files.values())

    def abort(self) -> None:
        """Close and remove every temporary file (closing one may fail as the write that failed did: a full disk)."""
        for fh in self._handles.values():
            with contextlib.suppress(OSError):
                fh.close()
        for f in self._files.values():
            f.discard()
