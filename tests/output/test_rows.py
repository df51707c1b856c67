"""CSV and Parquet written from the rows give the files the DataFrame path gives, byte for byte."""

from __future__ import annotations

import csv
import datetime
import io

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plansift.output import OutputSink, write_outputs
from plansift.output.parquet import arrow_table as frame_table
from plansift.output.rows import arrow_table, csv_cells, csv_text
from plansift.output.safety import neutralise_frame
from plansift.output.schema import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    RECORD_COLUMNS,
    VOCABULARIES,
    documents_frame,
    entities_frame,
    records_frame,
)
from plansift.pipeline import DocumentResult

TABLES = [(RECORD_COLUMNS, records_frame), (DOCUMENT_COLUMNS, documents_frame), (ENTITY_COLUMNS, entities_frame)]

_TEXT = st.text(st.sampled_from(list("aZ 09,.;'\"\n\r\t=+-@£é\u2019%")), max_size=12)
_VALUES = {
    "string": _TEXT,
    "Float64": st.floats() | st.integers(-(2**53), 2**53),
    "Int64": st.integers(-(2**53), 2**53),
    "boolean": st.booleans(),
    "date": st.dates(),
}


def _value(dtype: str):
    if dtype.startswith("category:"):
        return st.sampled_from(VOCABULARIES[dtype.split(":", 1)[1]])
    return _VALUES[dtype]


def _rows(columns):
    row = st.fixed_dictionaries({}, optional={name: st.none() | _value(dtype) for name, dtype, _ in columns})
    return st.lists(row, min_size=1, max_size=6)


def _pandas_csv(frame, columns) -> str:
    out = io.StringIO()
    neutralise_frame(frame, columns).to_csv(out, index=False, header=False, lineterminator="\r\n")
    return out.getvalue()


def _direct_csv(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(cells)
    return out.getvalue()


@pytest.mark.parametrize(("columns", "make"), TABLES, ids=["records", "documents", "entities"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_cells_and_arrow_columns_are_what_the_frames_give(columns, make, data):
    rows = data.draw(_rows(columns))
    frame = make(rows)
    cells = csv_cells(rows, columns)
    assert cells is not None
    assert _direct_csv(cells) == _pandas_csv(frame, columns)
    assert csv_text(rows, columns) == _pandas_csv(frame, columns)
    table = arrow_table(rows, columns)
    assert table is not None
    assert table.equals(frame_table(frame, columns), check_metadata=False)


@pytest.mark.parametrize(
    "change",
    [
        {"value": np.float64(1.5)},  # a numpy number
        {"page": "3"},  # a text in an int column
        {"page": 2.0},  # a float in an int column
        {"due_date": datetime.datetime(2009, 3, 31, 12, 0)},  # a timestamp in a date column
        {"assured": 1},  # an int in a boolean column
        {"value": 2**60 + 1},  # an int a float cannot hold exactly
        {"line_start": 2**53 + 1},  # in a column with nulls, pandas reads it as a float
    ],
    ids=["numpy", "text-int", "float-int", "datetime", "int-bool", "big-float", "big-int"],
)
def test_other_values_go_through_the_frames_and_are_written_as_before(change, tmp_path):
    row = {"record_id": "t-1", "record_type": "target", "document": "a.txt", "document_sha256": "ab", **change}
    assert csv_cells([row], RECORD_COLUMNS) is None
    assert csv_text([row], RECORD_COLUMNS) is None
    assert arrow_table([row], RECORD_COLUMNS) is None
    result = DocumentResult(document={"document": "a.txt", "sha256": "ab", "status": "ok"}, records=[row])
    with OutputSink(tmp_path / "rows", ("csv", "parquet")) as sink:
        sink.add(result)
    frames = records_frame([row]), documents_frame([result.document]), entities_frame([])
    write_outputs(tmp_path / "frames", *frames, formats=("csv", "parquet"))
    for name in ("records.csv", "documents.csv", "records.parquet"):
        assert (tmp_path / "rows" / name).read_bytes() == (tmp_path / "frames" / name).read_bytes(), name


def test_a_file_name_that_is_not_utf8_is_escaped_as_in_the_frames(tmp_path):
    name = "latin1-\udca3.txt"
    record = {"record_id": "t-1", "record_type": "target", "document": name, "document_sha256": "ab", "value": 1.0}
    result = DocumentResult(document={"document": name, "path": f"/in/{name}", "sha256": "ab", "status": "ok"})
    result.records.append(record)
    with OutputSink(tmp_path, ("csv", "parquet")) as sink:
        sink.add(result)
    documents = pd.read_csv(tmp_path / "documents.csv", dtype=str)
    assert documents.loc[0, "document"] == "latin1-\\xa3.txt" and documents.loc[0, "path"] == "/in/latin1-\\xa3.txt"
    assert pd.read_csv(tmp_path / "records.csv", dtype=str).loc[0, "document"] == "latin1-\\xa3.txt"
    assert pq.read_table(tmp_path / "records.parquet").column("document").to_pylist() == ["latin1-\\xa3.txt"]


def test_the_sample_plans_give_the_same_files_either_way(gold_results, tmp_path):
    """The sink writes from the rows; write_outputs from whole frames: the files are identical."""
    with OutputSink(tmp_path / "rows", ("csv", "parquet")) as sink:
        for result in gold_results:
            sink.add(result)
    write_outputs(
        tmp_path / "frames",
        records_frame([r for res in gold_results for r in res.records]),
        documents_frame([res.document for res in gold_results]),
        entities_frame([e for res in gold_results for e in res.entities]),
        formats=("csv", "parquet"),
    )
    for name in ("records.csv", "documents.csv", "entities.csv", "records.parquet"):
        assert (tmp_path / "rows" / name).read_bytes() == (tmp_path / "frames" / name).read_bytes(), name
    assert len(pd.read_csv(tmp_path / "rows" / "records.csv")) == sum(len(r.records) for r in gold_results) > 100
