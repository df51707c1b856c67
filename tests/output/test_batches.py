"""Streaming in batches: the files are the same however the rows are cut, and bad rows name their document."""

from __future__ import annotations

import pandas as pd
import pytest

import plansift.output as output
from plansift.output import ALL_FORMATS, OutputSink


def _read_all(out) -> dict[str, pd.DataFrame]:
    import duckdb

    con = duckdb.connect(str(out / "plansift.duckdb"), read_only=True)
    try:
        tables = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in ("records", "entities", "officers")}
    finally:
        con.close()
    tables["parquet"] = pd.read_parquet(out / "records.parquet").sort_values("record_id", ignore_index=True)
    tables["csv"] = pd.read_csv(out / "records.csv", dtype=str).sort_values("record_id", ignore_index=True)
    return tables


def test_tiny_batches_write_the_same_tables(gold_results, tmp_path, monkeypatch):
    with OutputSink(tmp_path / "whole", ALL_FORMATS) as sink:
        for result in gold_results:
            sink.add(result)
    monkeypatch.setattr(output, "BATCH_DOCUMENTS", 1)
    monkeypatch.setattr("plansift.output.parquet.ROW_GROUP_ROWS", 7)
    monkeypatch.setattr("plansift.output.duckdb_file.BATCH_ROWS", 5)
    with OutputSink(tmp_path / "cut", ALL_FORMATS) as sink:
        for result in gold_results:
            sink.add(result)
    whole, cut = _read_all(tmp_path / "whole"), _read_all(tmp_path / "cut")
    for name in whole:
        pd.testing.assert_frame_equal(whole[name], cut[name], obj=name)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(tmp_path / "cut" / "records.parquet").num_row_groups > 1


def test_a_full_sheet_continues_on_a_numbered_sheet(gold_results, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr("plansift.output.workbook.MAX_SHEET_ROWS", 10)
    with OutputSink(tmp_path, ["xlsx"]) as sink:
        for result in gold_results:
            sink.add(result)
    wb = openpyxl.load_workbook(tmp_path / "plansift.xlsx")
    n_actions = sum(1 for res in gold_results for r in res.records if r["record_type"] == "action")
    action_sheets = [ws for ws in wb if ws.title == "actions" or ws.title.startswith("actions (")]
    assert len(action_sheets) == -(-n_actions // 10)
    assert sum(ws.max_row - 1 for ws in action_sheets) == n_actions
    assert all(ws.auto_filter.ref and ws.freeze_panes == "B2" for ws in action_sheets)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": "furlongs"}, "'unit' = 'furlongs' is not one of"),
        ({"colour": "red"}, "unknown columns \\['colour'\\]"),
        ({"record_id": None}, "without a record_id"),
    ],
)
def test_a_row_outside_the_schema_fails_naming_its_document(gold_results, tmp_path, change, message):
    import copy

    bad = copy.deepcopy(gold_results[0])
    bad.records[0].update(change)
    with OutputSink(tmp_path, ["csv"]) as sink:
        with pytest.raises(ValueError, match=message) as err:
            sink.add(bad)
        assert gold_results[0].document["document"] in str(err.value)
        sink.add(gold_results[1])  # the sink stays usable
    assert len(pd.read_csv(tmp_path / "documents.csv")) == 1


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    with pytest.raises(ValueError, match="cannot write the outputs to"):
        OutputSink(blocker, ["csv"])


def test_a_planted_symlink_is_replaced_not_followed(gold_results, tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.csv").symlink_to(outside)
    with OutputSink(out, ["csv"]) as sink:
        sink.add(gold_results[0])
    assert outside.read_text() == "keep me"
    assert not (out / "records.csv").is_symlink()
