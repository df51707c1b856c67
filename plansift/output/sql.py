"""The relational export into any SQLAlchemy database (``plansift extract ... --to URL``).

Tables: ``documents``, ``records``, ``entities`` and the canonical-entity
tables ``indicators``, ``organisations``, ``officers``, ``areas``, with primary
keys, foreign keys (records and entities to documents; records to the indicator,
organisations, officer and area they name; documents to their area) and
indexes on the columns people filter by.

Re-running is safe: records are upserted by ``record_id`` (``ON CONFLICT``
on PostgreSQL, SQLite and DuckDB; update-or-insert by key elsewhere), a document's records that a new run no longer finds are removed,
its entities are replaced, and the catalogue tables are upserted by key. The
whole export is one transaction: an interrupted run leaves the database as it
was. (In DuckDB, whose foreign keys forbid updating a referenced row, the
tables get their primary keys and indexes but no foreign-key constraints.)
Catalogue rows carry the aliases and document counts of the latest run.
"""

from __future__ import annotations

import hashlib
from typing import Any

from plansift.output.catalogue import CATALOGUE_COLUMNS, Catalogue
from plansift.output.cells import plain_rows
from plansift.output.schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, RECORD_COLUMNS, VOCABULARIES

KEY_COLUMNS = {"record_id", "document", "area", "area_code", "indicator_code", "lead_organisation", "recipient"}
KEY_COLUMNS |= {"lead_officer", "name", "entity_type", "entity_id", "record_type", "sha256", "document_sha256"}
# records column -> (catalogue table, its key)
RECORD_REFERENCES = {
    "indicator_code": ("indicators", "indicator_code"),
    "lead_organisation": ("organisations", "name"),
    "recipient": ("organisations", "name"),
    "lead_officer": ("officers", "name"),
    "area": ("areas", "name"),
}
INDEXES = {
    "records": ["document", "record_type", "indicator_code", "area", "lead_organisation", "period"],
    "entities": ["document", "entity_type", "name"],
    "documents": ["status", "area"],
}


def _column_type(name: str, dtype: str):
    import sqlalchemy as sa

    if dtype.startswith("category:"):
        vocab = dtype.split(":", 1)[1]
        return sa.Enum(*VOCABULARIES[vocab], name=vocab, native_enum=False, create_constraint=True, length=32)
    if dtype == "string":
        return sa.String(255) if name in KEY_COLUMNS else sa.Text()
    return {"Int64": sa.BigInteger(), "Float64": sa.Float(53), "boolean": sa.Boolean(), "date": sa.Date()}[dtype]


def build_metadata(foreign_keys: bool = True):
    """The SQLAlchemy tables of the relational export (``foreign_keys=False`` leaves the constraints out)."""
    import sqlalchemy as sa

    md = sa.MetaData()

    def fk(cols: list[str], refs: list[str]) -> list:
        return [sa.ForeignKeyConstraint(cols, refs)] if foreign_keys else []

    for table, columns in CATALOGUE_COLUMNS.items():
        cols = [sa.Column(n, _column_type(n, d), primary_key=(i == 0)) for i, (n, d, _) in enumerate(columns)]
        sa.Table(table, md, *cols)
    doc_cols = [sa.Column(n, _column_type(n, d), primary_key=(n == "document")) for n, d, _ in DOCUMENT_COLUMNS]
    sa.Table("documents", md, *doc_cols, *fk(["area"], ["areas.name"]))
    rec_cols = [sa.Column(n, _column_type(n, d), primary_key=(n == "record_id")) for n, d, _ in RECORD_COLUMNS]
    fks = fk(["document"], ["documents.document"])
    for col, (t, k) in RECORD_REFERENCES.items():
        fks += fk([col], [f"{t}.{k}"])
    sa.Table("records", md, *rec_cols, *fks)
    ent_cols = [sa.Column("entity_id", sa.String(64), primary_key=True)]
    ent_cols += [sa.Column(n, _column_type(n, d)) for n, d, _ in ENTITY_COLUMNS]
    sa.Table("entities", md, *ent_cols, *fk(["document"], ["documents.document"]))
    for table, names in INDEXES.items():
        for name in names:
            sa.Index(f"ix_{table}_{name}", md.tables[table].c[name])
    return md


def entity_ids(rows: list[dict[str, Any]]) -> None:
    """Give each entities row a stable key: document, type, name and order of appearance."""
    seen: dict[tuple, int] = {}
    for row in rows:
        key = (row["document"], row["entity_type"], row["name"])
        n = seen[key] = seen.get(key, -1) + 1
        row["entity_id"] = hashlib.sha256("\x1f".join(map(str, (*key, n))).encode()).hexdigest()[:32]


def shown_url(url: str) -> str:
    """A database URL fit for a message: the password hidden.

    >>> shown_url("postgresql://me:secret@db/plans")
    'postgresql://me:***@db/plans'
    """
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.split(":", 1)[0] + ":..."


class SqlWriter:
    """Upserts every batch into the database at ``url`` inside one transaction, committed at close."""

    def __init__(self, url: str):
        import sqlalchemy as sa

        try:
            self._engine = sa.create_engine(url)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            hint = " (for duckdb:// install duckdb-engine)" if url.startswith("duckdb") else ""
            raise ValueError(f"cannot use database URL {shown_url(url)!r}: {exc}{hint}") from exc
        self._dialect = self._engine.dialect.name
        # DuckDB cannot update a row other tables refer to (its foreign-key limitations): keys and indexes only
        self._md = build_metadata(foreign_keys=self._dialect != "duckdb")
        try:
            self._conn = self._engine.connect()
        except sa.exc.DBAPIError as exc:
            self._engine.dispose()
            raise ValueError(f"cannot connect to {shown_url(url)!r}: {str(exc.orig).strip()}") from exc
        self._tx = self._conn.begin()
        self._md.create_all(self._conn, checkfirst=True)
        self._add_missing_columns()
        self._catalogue = Catalogue()

    def _add_missing_columns(self) -> None:
        """Bring tables an older plansift created up to date: columns are only ever added (SCHEMA.md)."""
        import sqlalchemy as sa

        for table in self._md.sorted_tables:  # column names from an empty query: no dialect reflection needed
            have = set(self._conn.execute(sa.select(sa.text("*")).select_from(sa.table(table.name)).limit(0)).keys())
            for col in table.columns:
                if col.name not in have:
                    kind = col.type.compile(dialect=self._conn.dialect)
                    self._conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN "{col.name}" {kind}'))

    def _upsert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows``, updating those whose primary key exists (never a duplicate, never a delete)."""
        import sqlalchemy as sa

        if not rows:
            return
        t = self._md.tables[table]
        (pk,) = [c.name for c in t.primary_key.columns]
        if self._dialect in ("postgresql", "sqlite", "duckdb"):
            if self._dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:  # duckdb_engine speaks PostgreSQL's ON CONFLICT
                from sqlalchemy.dialects.postgresql import insert
            stmt = insert(t)
            update = {c.name: stmt.excluded[c.name] for c in t.columns if c.name != pk}
            self._conn.execute(stmt.on_conflict_do_update(index_elements=[pk], set_=update), rows)
            return
        existing: set = set()
        ids = [r[pk] for r in rows]
        for start in range(0, len(ids), 500):
            existing.update(self._conn.scalars(sa.select(t.c[pk]).where(t.c[pk].in_(ids[start : start + 500]))))
        old = [{**{f"new_{k}": v for k, v in r.items()}, "key": r[pk]} for r in rows if r[pk] in existing]
        if old:
            values = {c.name: sa.bindparam(f"new_{c.name}") for c in t.columns if c.name != pk}
            self._conn.execute(t.update().where(t.c[pk] == sa.bindparam("key")).values(values), old)
        new = [r for r in rows if r[pk] not in existing]
        if new:
            self._conn.execute(t.insert(), new)

    def _upsert_catalogue(self, keys: dict[str, set[str]]) -> None:
        for table, wanted in keys.items():
            if wanted:
                self._upsert(
                    table, [r for r in self._catalogue.rows(table) if r[CATALOGUE_COLUMNS[table][0][0]] in wanted]
                )

    def write(self, documents, records, entities) -> None:
        """Upsert one batch: catalogue rows it refers to, documents, records (stale ones removed), entities."""
        import sqlalchemy as sa

        self._catalogue.add(documents, records, entities)
        doc_rows, rec_rows, ent_rows = (
            list(plain_rows(documents)),
            list(plain_rows(records)),
            list(plain_rows(entities)),
        )
        keys: dict[str, set[str]] = {t: set() for t in CATALOGUE_COLUMNS}
        for row in rec_rows:
            for col, (table, _) in RECORD_REFERENCES.items():
                if row[col]:
                    keys[table].add(row[col])
        keys["areas"].update(r["area"] for r in doc_rows if r["area"])
        self._upsert_catalogue(keys)
        self._upsert("documents", doc_rows)
        names = [r["document"] for r in doc_rows]
        recs, ents = self._md.tables["records"], self._md.tables["entities"]
        if names:
            ids = [r["record_id"] for r in rec_rows]
            stale = recs.delete().where(recs.c.document.in_(names))
            self._conn.execute(stale.where(recs.c.record_id.not_in(ids)) if ids else stale)
            self._conn.execute(ents.delete().where(ents.c.document.in_(names)))
        self._upsert("records", rec_rows)
        entity_ids(ent_rows)
        if ent_rows:
            self._conn.execute(sa.insert(ents), ent_rows)

    def close(self) -> list:
        """Upsert the full catalogue, commit, and release the connection (no files to move)."""
        try:
            for table in CATALOGUE_COLUMNS:
                self._upsert(table, list(self._catalogue.rows(table)))
            self._tx.commit()
        finally:
            self._conn.close()
            self._engine.dispose()
        return []

    def abort(self) -> None:
        """Roll the whole export back."""
        try:
            if self._tx.is_active:
                self._tx.rollback()
        finally:
            self._conn.close()
            self._engine.dispose()
