"""Parquet output: records.parquet through one ``pyarrow.parquet.ParquetWriter`` with a fixed schema.

Each document's rows become a row group as they arrive (small groups are
buffered), so memory stays flat. Vocabulary columns are dictionary-encoded and
read back as pandas categoricals with the full vocabulary.
"""

from __future__ import annotations

from pathlib import Path

from plansift.output.atomic import AtomicFile
from plansift.output.schema import RECORD_COLUMNS

ROW_GROUP_ROWS = 5000


def arrow_type(dtype: str):
    """The Arrow type of a schema dtype name."""
    import pyarrow as pa

    if dtype.startswith("category:"):
        return pa.dictionary(pa.int8(), pa.string())
    return {
        "string": pa.string(),
        "Int64": pa.int64(),
        "Float64": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }[dtype]


def arrow_schema(columns=RECORD_COLUMNS):
    """The fixed Arrow schema of a table (no metadata)."""
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(dtype), nullable=True) for name, dtype, _ in columns])


def arrow_table(df, columns=RECORD_COLUMNS):
    """``df`` (a frame from plansift.output.schema) as an Arrow table with the fixed schema.

    The table carries pandas metadata, so ``pandas.read_parquet`` restores the
    nullable dtypes and the categorical vocabularies.
    """
    import pyarrow as pa

    return pa.Table.from_pandas(df[[c[0] for c in columns]], schema=arrow_schema(columns), preserve_index=False)


def file_schema():
    """The schema records.parquet is opened with: the fixed fields plus the pandas metadata."""
    from plansift.output.schema import records_frame

    return arrow_table(records_frame([])).schema


class ParquetWriter:
    """Streams records to ``records.parquet`` (zstd), one row group per few thousand rows."""

    def __init__(self, out_dir: Path):
        import pyarrow.parquet as pq

        self._file = AtomicFile(out_dir, "records.parquet")
        self._writer = pq.ParquetWriter(self._file.tmp, file_schema(), compression="zstd")
        self._buffer: list = []
        self._buffered = 0

    def write(self, documents, records, entities) -> None:
        """Buffer a records frame; a full buffer becomes one row group."""
        if not len(records):
            return
        self._buffer.append(arrow_table(records))
        self._buffered += len(records)
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def write_rows(self, batch) -> None:
        """Buffer a batch's records (plansift.output.rows.Rows), converted without a DataFrame where they can be."""
        from plansift.output.rows import arrow_table as rows_table

        if not batch.records:
            return
        table = rows_table(batch.records, RECORD_COLUMNS, batch.values("records", RECORD_COLUMNS))
        self._buffer.append(table if table is not None else arrow_table(batch.frame("records")))
        self._buffered += len(batch.records)
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            self._writer.write_table(pa.concat_tables(self._buffer).combine_chunks())
        self._buffer, self._buffered = [], 0

    def close(self) -> list[AtomicFile]:
        self._flush()
        self._writer.close()
        return [self._file]

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self._file.discard()
