"""A batch of rows on its way to the writers, and the two writers' paths that need no DataFrame.

The streaming sink collects plain row dicts (one per record, entity and
document). Most writers take typed frames (:mod:`plansift.output.schema`), built
once per batch and only when a writer asks for them. The CSV and Parquet
writers, the ones every run uses, write the rows directly: the cells a DataFrame
would have given, formatted as pandas formats them, or the Arrow columns of the
fixed schema. Building the frames was most of the main process's work in a run.

The direct paths cover the types the pipeline produces (text, int, float,
bool, date and None). Any other value in a batch (a numpy number, a
timestamp, a text in an int column) sends that batch down the DataFrame path,
which coerces it as it always did, so the files are the same either way.

>>> from plansift.output.schema import ENTITY_COLUMNS
>>> row = {"document": "a.txt", "entity_type": "officer", "name": "=Jo Bloggs", "match_score": 90, "matched": True}
>>> csv_cells([row], ENTITY_COLUMNS)
[['a.txt', 'officer', "'=Jo Bloggs", '', '', '', '', '', '90.0', 'True', '']]
>>> csv_cells([{**row, "page": 1.0}], ENTITY_COLUMNS) is None  # a float page: the DataFrame path decides
True
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from plansift.output.safety import FORMULA_TRIGGERS, neutralise
from plansift.output.schema import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    RECORD_COLUMNS,
    VOCABULARIES,
    _valid_text,
    documents_frame,
    entities_frame,
    records_frame,
)

Row = Mapping[str, Any]
_EXACT = 2**53
"""Ints up to this size are the same number as a float: pandas reads a column of ints with a null as floats."""


class _Slow(Exception):
    """A value the direct paths do not cover: the batch goes through DataFrames instead."""


class Rows:
    """One batch of rows for the writers: the row dicts as collected, their typed frames built on first use."""

    __slots__ = ("records", "documents", "entities", "_frames")

    def __init__(self, records: list[Row], documents: list[Row], entities: list[Row]):
        self.records, self.documents, self.entities = records, documents, entities
        self._frames = None

    def frames(self) -> tuple:
        """(records, documents, entities) as typed DataFrames (built once)."""
        if self._frames is None:
            self._frames = (records_frame(self.records), documents_frame(self.documents), entities_frame(self.entities))
        return self._frames

    def frame(self, table: str):
        """The typed DataFrame of one table: 'records', 'documents' or 'entities'."""
        return self.frames()[("records", "documents", "entities").index(table)]


# --- CSV: each cell as the text pandas' to_csv writes for its column's dtype ----------------------------------


def _text_cell(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is not str:
        raise _Slow
    return neutralise(v) if v.startswith(FORMULA_TRIGGERS) else v


def _float_cell(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is float:
        return "" if v != v else repr(v)  # NaN is null
    if type(v) is int and -_EXACT <= v <= _EXACT:
        return repr(float(v))
    raise _Slow


def _int_cell(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is int and -_EXACT <= v <= _EXACT:
        return str(v)
    raise _Slow


def _bool_cell(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is bool:
        return "True" if v else "False"
    raise _Slow


def _date_cell(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is datetime.date:
        return v.isoformat()
    raise _Slow


def _vocabulary_cell(vocabulary: frozenset[str]) -> Callable[[Any], str]:
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if type(v) is str and v in vocabulary:
            return v
        raise _Slow  # the DataFrame path names the value outside the vocabulary

    return cell


_CELLS = {"string": _text_cell, "Float64": _float_cell, "Int64": _int_cell, "boolean": _bool_cell, "date": _date_cell}


def _cell_functions(columns) -> list[tuple[str, Callable[[Any], str]]]:
    out = []
    for name, dtype, _ in columns:
        if dtype.startswith("category:"):
            out.append((name, _vocabulary_cell(frozenset(VOCABULARIES[dtype.split(":", 1)[1]]))))
        else:
            out.append((name, _CELLS[dtype]))
    return out


_CELL_FUNCTIONS = {id(c): _cell_functions(c) for c in (RECORD_COLUMNS, DOCUMENT_COLUMNS, ENTITY_COLUMNS)}


def csv_cells(rows: Sequence[Row], columns) -> list[list[str]] | None:
    """The CSV cells of ``rows`` in ``columns`` order, text neutralised against formulas, exactly as
    ``neutralise_frame(frame).to_csv(...)`` writes them; None when a value needs the DataFrame path."""
    functions = _CELL_FUNCTIONS.get(id(columns)) or _cell_functions(columns)
    try:
        return [[cell(row.get(name)) for name, cell in functions] for row in rows]
    except _Slow:
        return None


def valid_cells(cells: list[list[str]]) -> list[list[str]]:
    """``cells`` with lone surrogates escaped (as the DataFrame path does: see schema._valid_text)."""
    return [[_valid_text(c) for c in row] for row in cells]


# --- Parquet: the columns of the fixed Arrow schema --------------------------------------------------------------


def _values(rows: Sequence[Row], name: str, dtype: str) -> list:
    values = [row.get(name) for row in rows]
    if dtype == "string":
        ok = all(type(v) is str or v is None for v in values)
    elif dtype == "Float64":
        values = [None if v is None or v != v else v for v in values]
        ok = all(v is None or type(v) is float or (type(v) is int and -_EXACT <= v <= _EXACT) for v in values)
        values = [v if v is None else float(v) for v in values]
    elif dtype == "Int64":
        ok = all(v is None or (type(v) is int and -_EXACT <= v <= _EXACT) for v in values)
    elif dtype == "boolean":
        ok = all(v is None or type(v) is bool for v in values)
    elif dtype == "date":
        ok = all(v is None or type(v) is datetime.date for v in values)
    else:
        ok = True
    if not ok:
        raise _Slow
    return values


def arrow_table(rows: Sequence[Row], columns):
    """``rows`` as an Arrow table with the fixed schema of ``columns`` (no metadata), equal to the one
    the DataFrame path converts; None when a value needs the DataFrame path."""
    import pyarrow as pa

    from plansift.output.parquet import arrow_schema, arrow_type

    arrays = []
    try:
        for name, dtype, _ in columns:
            values = _values(rows, name, dtype)
            if dtype.startswith("category:"):
                vocabulary = VOCABULARIES[dtype.split(":", 1)[1]]
                index = {v: i for i, v in enumerate(vocabulary)}
                if any(v is not None and (type(v) is not str or v not in index) for v in values):
                    raise _Slow
                codes = pa.array([None if v is None else index[v] for v in values], pa.int8())
                arrays.append(pa.DictionaryArray.from_arrays(codes, pa.array(vocabulary, pa.string())))
                continue
            try:
                arrays.append(pa.array(values, arrow_type(dtype)))
            except UnicodeEncodeError:
                arrays.append(pa.array([_valid_text(v) for v in values], pa.string()))
    except _Slow:
        return None
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns))
