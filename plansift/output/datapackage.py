"""datapackage.json: a Frictionless Data Package describing every tabular output file.

Each CSV, JSON Lines and Parquet file is a resource with a Table Schema: field
types, the vocabularies as ``enum`` constraints, ``primaryKey`` and
``foreignKeys`` (records and entities refer to documents by ``document``).
``frictionless validate datapackage.json`` checks the files against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plansift import __version__
from plansift.output.atomic import AtomicFile
from plansift.output.schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, RECORD_COLUMNS, VOCABULARIES

_TYPES = {"string": "string", "Int64": "integer", "Float64": "number", "boolean": "boolean", "date": "date"}
TABLES = {
    "records": (RECORD_COLUMNS, ["record_id"]),
    "documents": (DOCUMENT_COLUMNS, ["document"]),
    "entities": (ENTITY_COLUMNS, None),
}
_FORMAT_OF = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}
_CSV_NOTE = (
    " In this CSV file, text beginning with =, +, -, @, a tab or a carriage return has a leading single quote "
    "so spreadsheets do not run it as a formula."
)


def table_field(name: str, dtype: str, description: str) -> dict[str, Any]:
    """One Table Schema field for a schema column.

    >>> table_field("unit", "category:unit", "the unit")["constraints"]["enum"][:2]
    ['count', 'rate_per_1000']
    >>> table_field("page", "Int64", "page")["type"]
    'integer'
    """
    if dtype.startswith("category:"):
        enum = list(VOCABULARIES[dtype.split(":", 1)[1]])
        return {"name": name, "type": "string", "description": description, "constraints": {"enum": enum}}
    return {"name": name, "type": _TYPES[dtype], "description": description}


def table_schema(table: str) -> dict[str, Any]:
    """The Table Schema of ``records``, ``documents`` or ``entities``."""
    columns, key = TABLES[table]
    schema: dict[str, Any] = {"fields": [table_field(*c) for c in columns], "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    if table in ("records", "entities"):
        schema["foreignKeys"] = [
            {"fields": ["document"], "reference": {"resource": "documents", "fields": ["document"]}}
        ]
    return schema


def resource(file_name: str) -> dict[str, Any]:
    """The resource describing one output file (``records.csv``, ``records.parquet``, ...)."""
    path = Path(file_name)
    table, fmt = path.stem, _FORMAT_OF[path.suffix]
    schema = table_schema(table)
    name = table if fmt == "csv" else f"{table}-{fmt}"
    if fmt != "csv":
        schema.pop("foreignKeys", None)  # one set of keys is enough: they are checked on the CSV files
    res: dict[str, Any] = {
        "name": name,
        "path": file_name,
        "format": fmt,
        "profile": "tabular-data-resource",
        "schema": schema,
    }
    if fmt == "csv":
        res.update(encoding="utf-8", mediatype="text/csv", description=f"{table} table.{_CSV_NOTE}")
    else:
        res["description"] = f"{table} table, text exactly as extracted."
    return res


def descriptor(file_names: list[str], empty: set[str] = frozenset()) -> dict[str, Any]:
    """The datapackage.json content for the tabular files among ``file_names``.

    An empty JSON Lines file (a run without records) is listed, not described:
    with no row there is nothing to read its columns from.
    """
    tabular = [
        n
        for n in file_names
        if Path(n).suffix in _FORMAT_OF and Path(n).stem in TABLES and not (n in empty and n.endswith(".jsonl"))
    ]
    other = [n for n in file_names if n not in tabular]
    return {
        "profile": "tabular-data-package",
        "name": "plansift-output",
        "title": "Targets, actions and funding extracted from Local Area Agreement delivery plans",
        "created_by": f"plansift {__version__}",
        "resources": [resource(n) for n in tabular],
        "plansift_other_files": other,
    }


def write_datapackage(out_dir: Path, file_names: list[str], empty: set[str] = frozenset()) -> AtomicFile:
    """Write datapackage.json to a temporary file beside its final name; the caller commits it.

    ``empty`` names the files that hold no rows.
    """
    f = AtomicFile(out_dir, "datapackage.json")
    text = json.dumps(descriptor(file_names, empty), indent=2, ensure_ascii=False) + "\n"
    f.tmp.write_text(text, encoding="utf-8")
    return f
