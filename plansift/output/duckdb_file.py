"""DuckDB output: plansift.duckdb, one embedded database holding every table.

Tables: ``records``, ``documents``, ``entities`` (inserted in batches as
documents arrive) and ``indicators``, ``organisations``, ``officers``, ``areas``
(one row per canonical entity with every alias seen, written at close).
Vocabulary columns are DuckDB ENUM types; primary keys: ``records.record_id``,
``documents.document`` and the name or code of each catalogue row.
"""

from __future__ import annotations

from pathlib import Path

from plansift.output.atomic import AtomicFile
from plansift.output.catalogue import CATALOGUE_COLUMNS, Catalogue
from plansift.output.parquet import arrow_table
from plansift.output.schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, RECORD_COLUMNS, VOCABULARIES

BATCH_ROWS = 500
MEMORY_LIMIT = "256MB"  # DuckDB keeps pages cached up to its limit; this keeps a long run flat
TABLES = {"records": RECORD_COLUMNS, "documents": DOCUMENT_COLUMNS, "entities": ENTITY_COLUMNS}
PRIMARY_KEYS = {"records": "record_id", "documents": "document"}
_SQL_TYPES = {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def duckdb_type(dtype: str) -> str:
    """The DuckDB column type of a schema dtype name (vocabularies are ENUM types of the same name)."""
    return dtype.split(":", 1)[1] if dtype.startswith("category:") else _SQL_TYPES[dtype]


def create_statements() -> list[str]:
    """DDL for the ENUM types and the streamed tables."""
    stmts = [
        f"CREATE TYPE {name} AS ENUM ({', '.join(repr(v) for v in vocab)})" for name, vocab in VOCABULARIES.items()
    ]
    for table, columns in TABLES.items():
        cols = [f'"{name}" {duckdb_type(dtype)}' for name, dtype, _ in columns]
        if table in PRIMARY_KEYS:
            cols.append(f'PRIMARY KEY ("{PRIMARY_KEYS[table]}")')
        stmts.append(f"CREATE TABLE {table} ({', '.join(cols)})")
    for table, columns in CATALOGUE_COLUMNS.items():
        cols = [f'"{name}" {_SQL_TYPES[dtype]}' for name, dtype, _ in columns]
        stmts.append(f'CREATE TABLE {table} ({", ".join(cols)}, PRIMARY KEY ("{columns[0][0]}"))')
    return stmts


class DuckdbWriter:
    """Streams the three tables into plansift.duckdb in batches of a few hundred rows."""

    def __init__(self, out_dir: Path):
        import duckdb

        self._file = AtomicFile(out_dir, "plansift.duckdb")
        self._file.tmp.unlink()  # DuckDB refuses to open an empty non-database file
        self._con = duckdb.connect(str(self._file.tmp), config={"memory_limit": MEMORY_LIMIT})
        for stmt in create_statements():
            self._con.execute(stmt)
        self._buffers: dict[str, list] = {t: [] for t in TABLES}
        self._buffered = dict.fromkeys(TABLES, 0)
        self._catalogue = Catalogue()

    def write(self, documents, records, entities) -> None:
        """Buffer the rows of each table; a full buffer is inserted."""
        self._catalogue.add(documents, records, entities)
        for table, df in (("documents", documents), ("records", records), ("entities", entities)):
            if not len(df):
                continue
            self._buffers[table].append(arrow_table(df, TABLES[table]))
            self._buffered[table] += len(df)
            if self._buffered[table] >= BATCH_ROWS:
                self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa

        if not self._buffers[table]:
            return
        batch = pa.concat_tables(self._buffers[table])
        verb = "INSERT OR REPLACE" if table == "documents" else "INSERT"
        self._con.register("plansift_batch", batch)
        try:
            self._con.execute(f"{verb} INTO {table} SELECT * FROM plansift_batch")
        finally:
            self._con.unregister("plansift_batch")
        self._buffers[table], self._buffered[table] = [], 0

    def close(self) -> list[AtomicFile]:
        """Insert what is buffered, write the catalogue tables, checkpoint and close."""
        for table in TABLES:
            self._flush(table)
        for table in CATALOGUE_COLUMNS:
            frame = self._catalogue.frame(table)
            if len(frame):
                self._con.register("plansift_batch", frame)
                self._con.execute(f"INSERT INTO {table} SELECT * FROM plansift_batch")
                self._con.unregister("plansift_batch")
        self._con.execute("CHECKPOINT")
        self._con.close()
        return [self._file]

    def abort(self) -> None:
        try:
            self._con.close()
        finally:
            self._file.discard()
