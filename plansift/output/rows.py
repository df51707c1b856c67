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

import csv
import datetime
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from plansift.output.safety import FORMULA_TRIGGERS, neutralise
from plansift.output.schema import (
    VOCABULARIES,
    _valid_text,
    documents_frame,
    entities_frame,
    records_frame,
)

Row = Mapping[str, Any]
_EXACT = 2**53
"""Ints up to this size are the same number as a float: pandas reads a column of ints with a null as floats."""


class Rows:
    """One batch of rows for the writers: the row dicts as collected, their typed frames built on first use."""

    __slots__ = ("records", "documents", "entities", "_frames", "_values")

    def __init__(self, records: list[Row], documents: list[Row], entities: list[Row]):
        self.records, self.documents, self.entities = records, documents, entities
        self._frames = None
        self._values: dict[str, list[tuple] | None] = {}

    def values(self, table: str, columns) -> list[tuple] | None:
        """The :func:`column_values` of one table's rows in ``columns`` (read once, for every writer)."""
        if table not in self._values:
            self._values[table] = column_values(getattr(self, table), columns)
        return self._values[table]

    def frames(self) -> tuple:
        """(records, documents, entities) as typed DataFrames (built once)."""
        if self._frames is None:
            self._frames = (records_frame(self.records), documents_frame(self.documents), entities_frame(self.entities))
        return self._frames

    def frame(self, table: str):
        """The typed DataFrame of one table: 'records', 'documents' or 'entities'."""
        return self.frames()[("records", "documents", "entities").index(table)]


# --- The values of a batch, column by column, checked once for both writers ------------------------------------

_NONE = type(None)
_ALLOWED = {
    "string": frozenset({str}),
    "Float64": frozenset({float, int}),
    "Int64": frozenset({int}),
    "boolean": frozenset({bool}),
    "date": frozenset({datetime.date}),
}


def _covered(values: tuple, dtype: str) -> bool:
    """Whether the direct paths write this column's values as the DataFrame path would (exact types only: a
    bool is not an int here, nor a datetime a date)."""
    types = set(map(type, values))
    types.discard(_NONE)
    if dtype.startswith("category:"):
        return types <= {str} and set(values) - {None} <= _VOCABULARY_SETS[dtype]
    if not types <= _ALLOWED[dtype]:
        return False
    if int in types:  # ints a float holds exactly (pandas reads an int column with a null as floats)
        ints = [v for v in values if type(v) is int]
        return min(ints) >= -_EXACT and max(ints) <= _EXACT
    return True


_VOCABULARY_SETS = {f"category:{name}": frozenset(vocabulary) for name, vocabulary in VOCABULARIES.items()}


def column_values(rows: Sequence[Row], columns) -> list[tuple] | None:
    """The values of ``rows`` column by column, in ``columns`` order (a missing key is None); None when a value
    needs the DataFrame path."""
    if not rows:
        return [() for _ in columns]
    names = [c[0] for c in columns]
    values = list(zip(*[tuple(map(row.get, names)) for row in rows], strict=True))
    for column, (_, dtype, _) in zip(values, columns, strict=True):
        if not _covered(column, dtype):
            return None
    return values


# --- CSV: each cell as the text pandas' to_csv writes for its column's dtype ----------------------------------


def _text_cells(values: tuple) -> list[str]:
    return ["" if v is None else neutralise(v) if v.startswith(FORMULA_TRIGGERS) else v for v in values]


def _float_cells(values: tuple) -> list[str]:
    return ["" if v is None or v != v else repr(float(v)) for v in values]  # NaN is null


def _plain_cells(values: tuple) -> list[str]:
    return ["" if v is None else str(v) for v in values]  # ints, bools (True, False), vocabulary words


def _date_cells(values: tuple) -> list[str]:
    return ["" if v is None else v.isoformat() for v in values]


_CELLS = {"string": _text_cells, "Float64": _float_cells, "Int64": _plain_cells, "boolean": _plain_cells}


def _cell_columns(values: list[tuple], columns) -> list[list[str]]:
    out = []
    for column, (_, dtype, _) in zip(values, columns, strict=True):
        if dtype == "date":
            out.append(_date_cells(column))
        else:
            out.append(_CELLS.get(dtype, _plain_cells)(column))
    return out


def csv_cells(rows: Sequence[Row], columns) -> list[list[str]] | None:
    """The CSV cells of ``rows`` in ``columns`` order, text neutralised against formulas, exactly as
    ``neutralise_frame(frame).to_csv(...)`` writes them; None when a value needs the DataFrame path."""
    values = column_values(rows, columns)
    if values is None:
        return None
    return [list(row) for row in zip(*_cell_columns(values, columns), strict=True)]


_QUOTED = re.compile(r'[,"\r\n]')
"""What makes the csv module quote a field (the excel dialect, CRLF line ends)."""


def _quote(cells: list[str]) -> list[str]:
    if not _QUOTED.search("".join(cells)):  # one look at the whole column: most need no quotes at all
        return cells
    search = _QUOTED.search
    return ['"' + c.replace('"', '""') + '"' if search(c) else c for c in cells]


def csv_text(rows: Sequence[Row], columns, values: list[tuple] | None = None, valid: bool = False) -> str | None:
    """The CSV lines of ``rows`` (no header) as ``csv.writer(..., lineterminator="\\r\\n")`` writes
    :func:`csv_cells`, built a column at a time; None when a value needs the DataFrame path.

    ``values`` are the rows' :func:`column_values`, when already at hand; ``valid`` escapes lone surrogates
    (as the DataFrame path does: see schema._valid_text).

    >>> from plansift.output.schema import ENTITY_COLUMNS
    >>> csv_text([{"document": "a, b.txt", "name": 'the "WMP" team', "page": 3}], ENTITY_COLUMNS)
    '"a, b.txt",,"the ""WMP"" team",,,,,,,,3\\r\\n'
    """
    if values is None:
        values = column_values(rows, columns)
    if values is None:
        return None
    if not rows:
        return ""
    cells = _cell_columns(values, columns)
    if valid:
        cells = [[_valid_text(c) for c in column] for column in cells]
    if len(columns) == 1:  # a row of one empty field is written '""'
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(zip(*cells, strict=True))
        return out.getvalue()
    return "\r\n".join([",".join(row) for row in zip(*map(_quote, cells), strict=True)]) + "\r\n"


# --- Parquet: the columns of the fixed Arrow schema --------------------------------------------------------------


def arrow_table(rows: Sequence[Row], columns, values: list[tuple] | None = None):
    """``rows`` as an Arrow table with the fixed schema of ``columns`` (no metadata), equal to the one
    the DataFrame path converts; None when a value needs the DataFrame path.

    ``values`` are the rows' :func:`column_values`, when already at hand.
    """
    import pyarrow as pa

    from plansift.output.parquet import arrow_schema, arrow_type

    if values is None:
        values = column_values(rows, columns)
    if values is None:
        return None
    arrays = []
    for column, (_, dtype, _) in zip(values, columns, strict=True):
        if dtype.startswith("category:"):
            vocabulary = VOCABULARIES[dtype.split(":", 1)[1]]
            index = _VOCABULARY_INDEX[dtype]
            codes = pa.array([None if v is None else index[v] for v in column], pa.int8())
            arrays.append(pa.DictionaryArray.from_arrays(codes, pa.array(vocabulary, pa.string())))
        elif dtype == "Float64":
            arrays.append(pa.array([None if v is None or v != v else float(v) for v in column], pa.float64()))
        else:
            try:
                arrays.append(pa.array(column, arrow_type(dtype)))
            except UnicodeEncodeError:
                arrays.append(pa.array([_valid_text(v) for v in column], pa.string()))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns))


_VOCABULARY_INDEX = {
    f"category:{name}": {v: i for i, v in enumerate(vocabulary)} for name, vocabulary in VOCABULARIES.items()
}
