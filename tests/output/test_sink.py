"""The output sink: every format written, readable by pandas, DuckDB and openpyxl, with the same facts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from plansift.output import ALL_FORMATS, OutputSink, write_outputs
from plansift.output.schema import RECORD_COLUMN_NAMES, records_frame

FILES = {
    "records.csv",
    "records.parquet",
    "records.jsonl",
    "documents.csv",
    "entities.csv",
    "plansift.xlsx",
    "plansift.duckdb",
    "datapackage.json",
}


@pytest.fixture(scope="module")
def out_dir(gold_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    with OutputSink(out) as sink:
        for result in gold_results:
            sink.add(result)
    assert set(sink.written) == FILES
    return out


def _expected(gold_results) -> pd.DataFrame:
    return records_frame([r for res in gold_results for r in res.records]).set_index("record_id").sort_index()


def test_every_file_is_written_and_no_temporary_file_is_left(out_dir):
    assert {p.name for p in out_dir.iterdir()} == FILES


def test_parquet_keeps_the_fixed_dtypes_and_every_value(out_dir, gold_results):
    got = pd.read_parquet(out_dir / "records.parquet").set_index("record_id").sort_index()
    want = _expected(gold_results)
    assert list(got.reset_index().columns) == RECORD_COLUMN_NAMES
    assert got["record_type"].dtype == want["record_type"].dtype  # categorical with the whole vocabulary
    assert str(got["value"].dtype) == "Float64" and str(got["page"].dtype) == "Int64"
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_csv_and_jsonl_hold_the_same_facts(out_dir, gold_results):
    want = _expected(gold_results)
    csv = pd.read_csv(out_dir / "records.csv", dtype=str, keep_default_na=False).set_index("record_id").sort_index()
    rows = [json.loads(line) for line in (out_dir / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    jsonl = pd.DataFrame(rows).set_index("record_id").sort_index()
    assert list(csv.index) == list(want.index) == list(jsonl.index)
    funding = want["record_type"] == "funding"
    assert csv.loc[funding, "amount_gbp"].astype(float).tolist() == want.loc[funding, "amount_gbp"].tolist()
    assert jsonl.loc[funding, "amount_gbp"].tolist() == want.loc[funding, "amount_gbp"].tolist()
    dated = want["due_date"].notna()
    assert jsonl.loc[dated, "due_date"].tolist() == [d.isoformat() for d in want.loc[dated, "due_date"]]
    assert csv.loc[dated, "due_date"].tolist() == jsonl.loc[dated, "due_date"].tolist()
    assert jsonl.loc[~funding, "amount_gbp"].isna().all()  # null, not 0 or ""


def test_duckdb_holds_every_table_with_keys(out_dir, gold_results):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect(str(out_dir / "plansift.duckdb"), read_only=True)
    try:
        n = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("records", "documents", "entities")}
        assert n == {
            "records": sum(len(r.records) for r in gold_results),
            "documents": len(gold_results),
            "entities": sum(len(r.entities) for r in gold_results),
        }
        # one row per canonical entity, with every alias seen
        orgs = dict(con.execute("SELECT name, aliases FROM organisations").fetchall())
        for res in gold_results:
            for ent in res.entities:
                if ent["entity_type"] == "organisation":
                    assert set(ent["mentions"].split(";")) <= set(orgs[ent["name"]].split(";"))
        codes = {c for (c,) in con.execute("SELECT indicator_code FROM indicators").fetchall()}
        used = {r["indicator_code"] for res in gold_results for r in res.records if r.get("indicator_code")}
        assert used <= codes
        officers = con.execute("SELECT COUNT(*) FROM officers").fetchone()[0]
        assert officers == len({e["name"] for r in gold_results for e in r.entities if e["entity_type"] == "officer"})
        keys = con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        assert {"records", "documents", "indicators", "organisations", "officers"} <= {k for (k,) in keys}
        assert con.execute("SELECT DISTINCT record_type FROM records ORDER BY 1").fetchall()
    finally:
        con.close()


def test_only_the_asked_formats_are_written_plus_the_companions(gold_results, tmp_path):
    with OutputSink(tmp_path, ["parquet"]) as sink:
        sink.add(gold_results[0])
    assert {p.name for p in tmp_path.iterdir()} == {
        "records.parquet",
        "documents.csv",
        "entities.csv",
        "datapackage.json",
    }


def test_an_unknown_format_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="unknown output format.*'pdf'"):
        OutputSink(tmp_path, ["csv", "pdf"])


def test_write_outputs_takes_whole_frames(gold_results, tmp_path):
    from plansift.output.schema import documents_frame, entities_frame

    records = records_frame([r for res in gold_results for r in res.records])
    written = write_outputs(
        tmp_path,
        records,
        documents_frame([res.document for res in gold_results]),
        entities_frame([e for res in gold_results for e in res.entities]),
        formats=("csv", "parquet"),
    )
    assert set(written) == {"records.csv", "records.parquet", "documents.csv", "entities.csv", "datapackage.json"}
    assert len(pd.read_parquet(written["records.parquet"])) == len(records)


def test_a_document_with_no_records_still_gets_headers(tmp_path):
    from plansift.pipeline import DocumentResult

    with OutputSink(tmp_path, ALL_FORMATS) as sink:
        sink.add(DocumentResult(document={"document": "empty.txt", "status": "skipped", "error": "no text"}))
    assert pd.read_csv(tmp_path / "records.csv").columns.tolist() == RECORD_COLUMN_NAMES
    assert pd.read_parquet(tmp_path / "records.parquet").empty
    docs = pd.read_csv(tmp_path / "documents.csv")
    assert docs.loc[0, "status"] == "skipped"


def test_identical_files_write_each_record_once(gold_results, tmp_path):
    import copy

    twin = copy.deepcopy(gold_results[0])
    twin.document["document"] = "copy/" + twin.document["document"]
    with OutputSink(tmp_path, ["csv", "duckdb"]) as sink:
        sink.add(gold_results[0])
        sink.add(twin)
    assert sink.duplicates == len(twin.records)
    assert len(pd.read_csv(tmp_path / "records.csv")) == len(twin.records)
    assert len(pd.read_csv(tmp_path / "documents.csv")) == 2
