"""Everything plansift writes: the records table and its companions, in every output format.

:class:`OutputSink` streams per-document results into the files of one output
directory as they arrive (memory stays flat) and finalises them atomically:
each file is written under a hidden temporary name and renamed over its final
name only when every file is complete, so an interrupted run never leaves a
half-written file that looks complete, and a previous complete output stays
until the new one replaces it.

Files (names are fixed; nothing derived from a document's name is ever used as a path):
``records.csv``, ``records.parquet``, ``records.jsonl``, ``plansift.xlsx``,
``plansift.duckdb`` (as asked by ``formats``), and always ``documents.csv``,
``entities.csv`` and ``datapackage.json``. With ``sql_url`` the relational
export is also upserted into that SQLAlchemy database.

>>> ALL_FORMATS
('csv', 'parquet', 'xlsx', 'jsonl', 'duckdb')
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from pathlib import Path

ALL_FORMATS = ("csv", "parquet", "xlsx", "jsonl", "duckdb")
BATCH_DOCUMENTS = 200  # documents buffered before a write
BATCH_ROWS = 5000  # records + entities buffered before a write

log = logging.getLogger(__name__)

__all__ = ["ALL_FORMATS", "OutputSink", "write_outputs"]


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(ALL_FORMATS))
    if unknown:
        raise ValueError(f"unknown output format(s) {unknown}; choose from {', '.join(ALL_FORMATS)}")
    return tuple(f for f in ALL_FORMATS if f in formats)


@functools.cache
def _row_checks() -> dict[str, tuple[frozenset[str], tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]]]:
    """For records, entities and documents rows: the columns allowed, and each vocabulary column with its
    words (as a set to test, and in order for the message). Built once: every document's rows are checked."""
    from plansift.output.schema import (
        DOCUMENT_COLUMN_NAMES,
        DOCUMENT_COLUMNS,
        ENTITY_COLUMN_NAMES,
        ENTITY_COLUMNS,
        RECORD_COLUMN_NAMES,
        RECORD_COLUMNS,
        VOCABULARIES,
    )

    def vocabularies(columns) -> tuple:
        words = [(c, VOCABULARIES[d.split(":", 1)[1]]) for c, d, _ in columns if d.startswith("category:")]
        return tuple((c, frozenset(w), w) for c, w in words)

    return {
        "record": (frozenset(RECORD_COLUMN_NAMES), vocabularies(RECORD_COLUMNS)),
        "entity": (frozenset(ENTITY_COLUMN_NAMES), vocabularies(ENTITY_COLUMNS)),
        "documents row": (frozenset(DOCUMENT_COLUMN_NAMES), vocabularies(DOCUMENT_COLUMNS)),
    }


def check_result(result) -> None:
    """Refuse a document's rows that do not fit the schema, naming the document (before anything is buffered)."""
    name = result.document.get("document")
    checks = _row_checks()
    for rows, what in ((result.records, "record"), (result.entities, "entity"), ([result.document], "documents row")):
        allowed, vocab = checks[what]
        for row in rows:
            if not allowed.issuperset(row):
                raise ValueError(f"{name}: {what} with unknown columns {sorted(set(row) - allowed)}")
            for col, words, values in vocab:
                value = row.get(col)
                if value is not None and not (isinstance(value, str) and value in words):
                    raise ValueError(f"{name}: {what} column {col!r} = {value!r} is not one of {values}")
            if what == "record" and not row.get("record_id"):
                raise ValueError(f"{name}: a record without a record_id; assign ids first")


def _use_system_memory_pool() -> None:
    """Let Arrow (beneath pandas' strings and Parquet) allocate with the C library's malloc.

    Arrow's own pool (mimalloc) keeps what it frees, so the main process of a
    long run grew by tens of megabytes; the C heap can be trimmed. A user's
    ARROW_DEFAULT_MEMORY_POOL still wins.
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except (ImportError, NotImplementedError):
        pass


class OutputSink:
    """Streams per-document results into the output files in ``out_dir``; memory stays flat.

    Use as a context manager: :meth:`close` on success, :meth:`abort` on an exception.
    Rows are written in batches (at most ``BATCH_DOCUMENTS`` documents or ``BATCH_ROWS`` rows held).
    A record id already written (the same fact from a byte-identical file) is
    written once; ``duplicates`` counts the ones left out.
    """

    def __init__(self, out_dir: Path, formats: Sequence[str] = ALL_FORMATS, *, sql_url: str | None = None):
        self.out_dir = Path(out_dir)
        self.formats = _check_formats(formats)
        self.sql_url = sql_url
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError(f"cannot write the outputs to {self.out_dir}: {exc.strerror or exc}") from exc
        _use_system_memory_pool()
        self.counts = {"records": 0, "documents": 0, "entities": 0}
        self.duplicates = 0
        self._seen_docs: set[str] = set()
        """sha256 of every document whose records were taken by :meth:`add`."""
        self._seen_ids: set[str] = set()
        """Record ids taken without their document's hash (frames, results made by hand)."""
        self._pending: tuple[list, list, list] = ([], [], [])
        self._writers: list = []
        self._closed = False
        self.written: dict[str, Path] = {}
        try:
            self._open_writers()
        except BaseException:
            self.abort()
            raise

    def _open_writers(self) -> None:
        from plansift.output.csv_files import CsvWriter

        tables = ("records", "documents", "entities") if "csv" in self.formats else ("documents", "entities")
        self._writers.append(CsvWriter(self.out_dir, tables))
        if "parquet" in self.formats:
            from plansift.output.parquet import ParquetWriter

            self._writers.append(ParquetWriter(self.out_dir))
        if "jsonl" in self.formats:
            from plansift.output.jsonl import JsonlWriter

            self._writers.append(JsonlWriter(self.out_dir))
        if "xlsx" in self.formats:
            from plansift.output.workbook import XlsxWriter

            self._writers.append(XlsxWriter(self.out_dir))
        if "duckdb" in self.formats:
            from plansift.output.duckdb_file import DuckdbWriter

            self._writers.append(DuckdbWriter(self.out_dir))
        if self.sql_url:
            from plansift.output.sql import SqlWriter

            self._writers.append(SqlWriter(self.sql_url))

    def add(self, result) -> None:
        """Take one document's results (a :class:`plansift.pipeline.DocumentResult`).

        Rows are checked against the schema at once (a bad row fails this call,
        naming its document) and written in batches of a few thousand rows.
        """
        if self._closed:
            raise RuntimeError("this OutputSink is closed")
        check_result(result)
        # A record id hashes its document's bytes, so only a document already
        # written can repeat one: remembering documents (not every id) keeps memory flat.
        sha = result.document.get("sha256")
        records = []
        if sha and sha in self._seen_docs:
            self.duplicates += len(result.records)
        else:
            ids: set[str] = set()
            for rec in result.records:
                rid = rec["record_id"]
                if rid in ids or rid in self._seen_ids:
                    self.duplicates += 1
                    continue
                ids.add(rid)
                records.append(rec)
            if sha:
                self._seen_docs.add(sha)
            else:  # a result made by hand, without its document's hash: remember its ids
                self._seen_ids |= ids
        self._pending[0].append(result.document)
        self._pending[1].extend(records)
        self._pending[2].extend(result.entities)
        if len(self._pending[0]) >= BATCH_DOCUMENTS or len(self._pending[1]) + len(self._pending[2]) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        from plansift.output.rows import Rows

        documents, records, entities = self._pending
        if not documents:
            return
        self._pending = ([], [], [])
        batch = Rows(records, documents, entities)
        for table, rows in (("documents", documents), ("records", records), ("entities", entities)):
            self.counts[table] += len(rows)
        for writer in self._writers:
            if hasattr(writer, "write_rows"):  # CSV and Parquet: written from the rows, no DataFrame
                writer.write_rows(batch)
            else:
                records_df, documents_df, entities_df = batch.frames()
                writer.write(documents_df, records_df, entities_df)

    def add_frames(self, records_df, documents_df, entities_df) -> None:
        """Write typed frames (from plansift.output.schema) at once."""
        if self._closed:
            raise RuntimeError("this OutputSink is closed")
        self._flush()
        if len(records_df):
            ids = records_df["record_id"]
            if ids.isna().any():
                raise ValueError("records without a record_id cannot be written; assign ids first")
            shas = records_df["document_sha256"]
            first = (
                ~ids.duplicated().to_numpy()
                & [i not in self._seen_ids for i in ids]
                & ~shas.isin(self._seen_docs).to_numpy()
            )
            if not first.all():
                self.duplicates += int((~first).sum())
                records_df = records_df[first]
            self._seen_ids.update(records_df["record_id"])
        self._write(records_df, documents_df, entities_df)

    def _write(self, records_df, documents_df, entities_df) -> None:
        for table, df in (("documents", documents_df), ("records", records_df), ("entities", entities_df)):
            self.counts[table] += len(df)
        for writer in self._writers:
            writer.write(documents_df, records_df, entities_df)

    def close(self) -> dict[str, Path]:
        """Finish every file, then move them all into place; return {file name: path}."""
        from plansift.output.atomic import AtomicFile
        from plansift.output.datapackage import write_datapackage

        if self._closed:
            raise RuntimeError("this OutputSink is already closed")
        finished: list[AtomicFile] = []
        try:
            self._flush()
            while self._writers:
                writer = self._writers[0]
                finished += writer.close() or []
                self._writers.pop(0)
            names = [f.final.name for f in finished]
            empty = {n for n in names if n.split(".")[0] in self.counts and not self.counts[n.split(".")[0]]}
            finished.append(write_datapackage(self.out_dir, names, empty))
        except BaseException:
            for f in finished:
                f.discard()
            self.abort()
            raise
        self._closed = True
        if self.duplicates:
            log.warning(
                "%d records repeated an id already written (identical files?) and were written once", self.duplicates
            )
        self.written = {f.final.name: f.commit() for f in finished}
        return self.written

    def abort(self) -> None:
        """Remove every temporary file; previous complete outputs stay untouched."""
        self._closed = True
        while self._writers:
            writer = self._writers.pop()
            try:
                writer.abort()
            except Exception as exc:  # keep removing the others
                log.warning("could not clean up %s: %s", type(writer).__name__, exc)

    def __enter__(self) -> OutputSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_outputs(out_dir, records_df, documents_df, entities_df, formats=ALL_FORMATS, sql_url=None) -> dict[str, Path]:
    """Write whole frames (from plansift.output.schema) to ``out_dir`` at once; return {file name: path}."""
    from plansift.output.schema import documents_frame, entities_frame, records_frame

    def typed(df, make):
        return make(df.to_dict("records")) if df is not None and len(df) else make([])

    with OutputSink(out_dir, formats, sql_url=sql_url) as sink:
        sink.add_frames(
            typed(records_df, records_frame), typed(documents_df, documents_frame), typed(entities_df, entities_frame)
        )
    return sink.written
