"""The unified table (../shared/SCHEMA.md) as code: columns, dtypes, vocabularies.

Columns are a contract: add, never rename or drop. ``records_frame`` turns a
list of row dicts into a DataFrame with exactly these columns, in this order,
with fixed dtypes, so every writer and every run sees the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

RECORD_TYPES = ("target", "action", "funding")
VALUE_KINDS = ("baseline", "target", "actual")
UNITS = ("count", "rate_per_1000", "percent", "gbp", "other")
FUNDING_KINDS = ("capital", "revenue", "in_kind")
DOCUMENT_STATUSES = ("ok", "failed", "skipped")
ENTITY_TYPES = ("indicator", "organisation", "officer", "area")

# (column, dtype, description). dtype is a pandas dtype name; "category:<vocab>" a fixed vocabulary.
RECORD_COLUMNS: list[tuple[str, str, str]] = [
    ("record_id", "string", "stable id: the same document and the same fact give the same id on every run"),
    ("record_type", "category:record_type", "target | action | funding"),
    ("document", "string", "path of the source document, relative to the corpus root"),
    ("document_sha256", "string", "hash of the source file's bytes"),
    ("area", "string", "canonical area name from the gazetteer, or null"),
    ("area_code", "string", "ONS GSS code of that area, or null"),
    ("page", "Int64", "1-based page of the source where the fact stands"),
    ("source_text", "string", "the verbatim text the fact was read from"),
    ("confidence", "Float64", "the extractor's own confidence, 0..1"),
    ("issues", "string", "';'-separated validation flags, or null"),
    # targets
    ("indicator_code", "string", "canonical code, 'NI <n>', or the document's own code for a local indicator"),
    ("indicator_title", "string", "canonical title of the indicator from the gazetteer"),
    ("period", "string", "financial year 'YYYY/YY'; a quarter as 'YYYY/YY Q1'"),
    ("value_kind", "category:value_kind", "baseline | target | actual"),
    ("value", "Float64", "the number"),
    ("unit", "category:unit", "count | rate_per_1000 | percent | gbp | other"),
    ("value_text", "string", "the number as written, with its words"),
    # actions
    ("action_ref", "string", "the document's own reference, or null"),
    ("description", "string", "the action, whitespace-normalised, bullets stripped"),
    ("lead_officer", "string", "canonical person name, no title or role"),
    ("lead_role", "string", "the officer's role or post as written"),
    ("lead_organisation", "string", "canonical organisation name from the gazetteer"),
    ("partners", "string", "';'-separated canonical names of the other organisations"),
    ("due_date", "date", "the milestone or deadline (ISO date)"),
    ("milestone", "string", "the milestone text as written"),
    # funding
    ("funding_source", "string", "canonical funding stream or funder"),
    ("recipient", "string", "canonical organisation receiving it"),
    ("purpose", "string", "what is funded, as written"),
    ("amount_gbp", "Float64", "pounds"),
    ("funding_kind", "category:funding_kind", "capital | revenue | in_kind | null"),
    ("assured", "boolean", "whether the document says the funding is assured"),
    # additions (allowed by the contract: add, never rename)
    ("line_start", "Int64", "first source line of the fact (text formats)"),
    ("line_end", "Int64", "last source line of the fact (text formats)"),
    ("bbox", "string", "x0,top,x1,bottom of the source block on its page (PDF)"),
    ("plansift_version", "string", "version of plansift that produced the row"),
]

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "record_type": RECORD_TYPES,
    "value_kind": VALUE_KINDS,
    "unit": UNITS,
    "funding_kind": FUNDING_KINDS,
    "status": DOCUMENT_STATUSES,
    "entity_type": ENTITY_TYPES,
}

DOCUMENT_COLUMNS: list[tuple[str, str, str]] = [
    ("document", "string", "path relative to the corpus root"),
    ("path", "string", "path as given on the command line"),
    ("sha256", "string", "hash of the file's bytes"),
    ("format", "string", "format the extractor read (txt, html, docx, pdf, xlsx, ...)"),
    ("pages", "Int64", "number of pages (1 for formats without pages)"),
    ("producer", "string", "the producing application, where the file says"),
    ("status", "category:status", "ok | failed | skipped"),
    ("error", "string", "what went wrong and what to do, for failed or skipped files"),
    ("warnings", "string", "';'-separated non-fatal problems (pages without text, fallbacks)"),
    ("area", "string", "canonical area detected for the document"),
    ("area_code", "string", "ONS GSS code of that area"),
    ("n_targets", "Int64", "target rows"),
    ("n_actions", "Int64", "action rows"),
    ("n_funding", "Int64", "funding rows"),
    ("seconds", "Float64", "processing time"),
]

ENTITY_COLUMNS: list[tuple[str, str, str]] = [
    ("document", "string", "path relative to the corpus root"),
    ("entity_type", "category:entity_type", "indicator | organisation | officer | area"),
    ("name", "string", "canonical name (raw text where no confident match)"),
    ("code", "string", "indicator code, ONS code or organisation id, where known"),
    ("entity_subtype", "string", "organisation type, indicator theme"),
    ("mentions", "string", "the raw spellings seen, ';'-separated"),
    ("role", "string", "for officers: role or post"),
    ("organisation", "string", "for officers: canonical organisation"),
    ("match_score", "Float64", "gazetteer match score 0..100 (100 exact)"),
    ("matched", "boolean", "false when the mention is kept raw, unmatched (flagged)"),
    ("page", "Int64", "page of the first mention"),
]


def column_names(columns: list[tuple[str, str, str]]) -> list[str]:
    return [c[0] for c in columns]


RECORD_COLUMN_NAMES = column_names(RECORD_COLUMNS)
DOCUMENT_COLUMN_NAMES = column_names(DOCUMENT_COLUMNS)
ENTITY_COLUMN_NAMES = column_names(ENTITY_COLUMNS)


def _coerce(df, columns):
    import pandas as pd

    for name, dtype, _ in columns:
        if name not in df.columns:
            df[name] = None
        if dtype.startswith("category:"):
            vocab = VOCABULARIES[dtype.split(":", 1)[1]]
            values = df[name].astype("object").where(df[name].notna(), None)
            bad = set(values.dropna()) - set(vocab)
            if bad:
                raise ValueError(f"column {name!r} has values outside its vocabulary: {sorted(bad)}")
            df[name] = pd.Categorical(values, categories=list(vocab))
        elif dtype == "date":
            df[name] = pd.to_datetime(df[name], errors="coerce").dt.date.astype("object")
            df[name] = df[name].where(df[name].notna(), None)
        elif dtype == "boolean":
            df[name] = df[name].astype("object").where(df[name].notna(), None).astype("boolean")
        elif dtype in ("Int64", "Float64"):
            df[name] = pd.to_numeric(df[name], errors="coerce").astype(dtype)
        else:
            column = df[name]
            if column.dtype == object:  # a column of texts arrives as pandas' own string dtype: no detour
                column = column.where(column.notna(), None)
            df[name] = column.astype(dtype)
    return df[[c[0] for c in columns]]


def _valid_text(value):
    """A string every writer can encode: lone surrogates (a file name that is not UTF-8, decoded by the OS
    with surrogateescape) become backslash escapes of the original bytes, e.g. ``latin1-\\xa3.txt``."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no byte escape produced
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _frame(rows: Iterable[Mapping[str, Any]], columns):
    rows = list(rows)
    names = [c[0] for c in columns]
    extra = sorted(set().union(*rows) - set(names))
    if extra:
        raise ValueError(f"unknown columns: {extra}")
    try:
        return _build(rows, names, columns)
    except UnicodeEncodeError:
        # a text that is not valid Unicode (a lone surrogate: a file name that is not UTF-8) fails its conversion
        # to Arrow-backed text, which every text goes through: only then are the texts checked one by one
        return _build([{k: _valid_text(v) for k, v in r.items()} for r in rows], names, columns)


def _build(rows: list[Mapping[str, Any]], names: list[str], columns):
    import pandas as pd

    df = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names)
    return _coerce(df, columns)


def records_frame(rows: Iterable[Mapping[str, Any]]):
    """The records DataFrame: exactly the SCHEMA.md columns (plus additions), fixed dtypes."""
    return _frame(rows, RECORD_COLUMNS)


def documents_frame(rows: Iterable[Mapping[str, Any]]):
    return _frame(rows, DOCUMENT_COLUMNS)


def entities_frame(rows: Iterable[Mapping[str, Any]]):
    return _frame(rows, ENTITY_COLUMNS)
