"""The canonical-entity tables: one row per indicator, organisation, officer and area, with every alias seen.

Built incrementally from the entities rows (and from the names records refer
to, so every key a record holds exists in its table), in memory proportional to
the number of distinct entities, not of records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from plansift.output.cells import plain_rows

# table -> (column, SQL-ish type, description); the first column is the primary key.
CATALOGUE_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "indicators": [
        ("indicator_code", "string", "canonical code ('NI 15') or the document's own code for a local indicator"),
        ("title", "string", "canonical title"),
        ("theme", "string", "indicator theme, where known"),
        ("aliases", "string", "';'-separated spellings seen in the documents"),
        ("n_documents", "Int64", "documents that name it"),
    ],
    "organisations": [
        ("name", "string", "canonical organisation name"),
        ("organisation_type", "string", "organisation type, where known"),
        ("code", "string", "organisation id, where known"),
        ("aliases", "string", "';'-separated spellings seen in the documents"),
        ("matched", "boolean", "false when only raw, unmatched mentions were seen"),
        ("n_documents", "Int64", "documents that name it"),
    ],
    "officers": [
        ("name", "string", "canonical person name"),
        ("roles", "string", "';'-separated roles or posts seen"),
        ("organisations", "string", "';'-separated organisations seen"),
        ("aliases", "string", "';'-separated spellings seen in the documents"),
        ("n_documents", "Int64", "documents that name them"),
    ],
    "areas": [
        ("name", "string", "canonical area name"),
        ("area_code", "string", "ONS GSS code"),
        ("aliases", "string", "';'-separated spellings seen in the documents"),
        ("n_documents", "Int64", "documents about or naming it"),
    ],
}

ENTITY_TABLE = {"indicator": "indicators", "organisation": "organisations", "officer": "officers", "area": "areas"}


@dataclass
class _Entry:
    attrs: dict[str, Any] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    matched: bool = False

    def note(self, name: str, value: Any) -> None:
        if value is not None and self.attrs.get(name) is None:
            self.attrs[name] = value

    def collect(self, name: str, value: str | None) -> None:
        if value:
            self.sets.setdefault(name, set()).update(v.strip() for v in str(value).split(";") if v.strip())


class Catalogue:
    """Accumulates canonical entities; :meth:`frames` returns the four tables."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, _Entry]] = {t: {} for t in CATALOGUE_COLUMNS}

    def _entry(self, table: str, key: str | None) -> _Entry | None:
        if not key:
            return None
        return self._entries[table].setdefault(key, _Entry())

    def add(self, documents, records, entities) -> None:
        """Fold a batch of typed frames into the catalogue."""
        self.add_documents(documents)
        self.add_records(records)
        self.add_entities(entities)

    def add_entities(self, df) -> None:
        """Fold rows of an entities frame into the catalogue."""
        for row in plain_rows(df):
            table = ENTITY_TABLE.get(row["entity_type"])
            key = (row["code"] or row["name"]) if table == "indicators" else row["name"]
            entry = self._entry(table, key) if table else None
            if entry is None:
                continue
            entry.documents.add(row["document"])
            entry.collect("aliases", row["mentions"])
            entry.matched = entry.matched or row["matched"] is not False
            if table == "indicators":
                entry.note("title", row["name"] if row["code"] else None)
                entry.note("theme", row["entity_subtype"])
            elif table == "organisations":
                entry.note("organisation_type", row["entity_subtype"])
                entry.note("code", row["code"])
            elif table == "officers":
                entry.collect("roles", row["role"])
                entry.collect("organisations", row["organisation"])
            else:
                entry.note("area_code", row["code"])

    def add_records(self, df) -> None:
        """Make sure every indicator, organisation, officer and area a record names has a row."""
        for row in plain_rows(df):
            doc = row["document"]
            if entry := self._entry("indicators", row["indicator_code"]):
                entry.note("title", row["indicator_title"])
                entry.documents.add(doc)
            for name in (row["lead_organisation"], row["recipient"]):
                if entry := self._entry("organisations", name):
                    entry.matched = True
                    entry.documents.add(doc)
            if entry := self._entry("officers", row["lead_officer"]):
                entry.collect("roles", row["lead_role"])
                entry.collect("organisations", row["lead_organisation"])
                entry.documents.add(doc)
            if entry := self._entry("areas", row["area"]):
                entry.note("area_code", row["area_code"])
                entry.documents.add(doc)

    def add_documents(self, df) -> None:
        """Fold the area each document is about into the areas table."""
        for row in plain_rows(df):
            if entry := self._entry("areas", row["area"]):
                entry.note("area_code", row["area_code"])
                entry.documents.add(row["document"])

    def rows(self, table: str) -> Iterable[dict[str, Any]]:
        """The rows of one catalogue table, sorted by key."""
        columns = CATALOGUE_COLUMNS[table]
        key_name = columns[0][0]
        for key in sorted(self._entries[table]):
            entry = self._entries[table][key]
            row: dict[str, Any] = {key_name: key}
            for name, _, _ in columns[1:]:
                if name == "n_documents":
                    row[name] = len(entry.documents - {None})
                elif name == "matched":
                    row[name] = entry.matched
                elif name in entry.sets or name in ("aliases", "roles", "organisations"):
                    row[name] = ";".join(sorted(entry.sets.get(name, ()))) or None
                else:
                    row[name] = entry.attrs.get(name)
            yield row

    def frame(self, table: str):
        """One catalogue table as a typed DataFrame."""
        import pandas as pd

        columns = CATALOGUE_COLUMNS[table]
        df = pd.DataFrame.from_records(list(self.rows(table)), columns=[c[0] for c in columns])
        return df.astype({name: dtype for name, dtype, _ in columns})
