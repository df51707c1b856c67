"""The records table keeps the SCHEMA.md contract: every column, fixed dtypes, vocabularies."""

import re
from datetime import date
from pathlib import Path

import pytest

from plansift.output.schema import RECORD_COLUMN_NAMES, documents_frame, records_frame

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def _schema_md_columns() -> list[str]:
    path = ROOT / "docs" / "SCHEMA.md"
    cols = []
    for line in path.read_text().splitlines():
        m = re.match(r"\|\s*`([a-z_0-9]+)`\s*\|", line)
        if m and m.group(1) not in cols:
            cols.append(m.group(1))
    return cols


def test_the_shipped_contract_is_the_shared_one():
    shared = SHARED_CORPUS.parent / "SCHEMA.md"
    if not shared.exists():
        pytest.skip("../shared/SCHEMA.md is absent")
    assert (ROOT / "docs" / "SCHEMA.md").read_text() == shared.read_text()


def test_every_contract_column_is_present():
    contract = _schema_md_columns()
    assert len(contract) > 30
    missing = [c for c in contract if c not in RECORD_COLUMN_NAMES]
    assert missing == []


def test_records_frame_fixes_dtypes_and_vocabularies():
    df = records_frame(
        [
            {"record_id": "t-1", "record_type": "target", "value": 1.33, "unit": "rate_per_1000", "page": 2},
            {"record_id": "a-1", "record_type": "action", "due_date": date(2009, 3, 31), "description": "x"},
            {"record_id": "f-1", "record_type": "funding", "amount_gbp": 25000, "assured": True},
        ]
    )
    assert list(df.columns) == RECORD_COLUMN_NAMES
    assert str(df["record_type"].dtype) == "category"
    assert list(df["unit"].cat.categories) == ["count", "rate_per_1000", "percent", "gbp", "other"]
    assert str(df["value"].dtype) == "Float64" and str(df["page"].dtype) == "Int64"
    assert df.loc[1, "due_date"] == date(2009, 3, 31)
    assert df["assured"].tolist()[2] is True


def test_empty_frame_has_the_columns():
    assert list(records_frame([]).columns) == RECORD_COLUMN_NAMES
    assert "status" in documents_frame([]).columns


def test_values_outside_a_vocabulary_are_refused():
    with pytest.raises(ValueError, match="unit"):
        records_frame([{"record_type": "target", "unit": "per cent"}])
    with pytest.raises(ValueError, match="unknown columns"):
        records_frame([{"record_type": "target", "colour": "red"}])


def test_root_is_the_repository():
    assert (ROOT / "pyproject.toml").exists()


@pytest.mark.parametrize(
    "values",
    [
        ["NI 15", None, "Serious violent crime", float("nan")],
        [5, None, 7],
        [1.5, 2.0, None],
        [True, None, False],
        ["text", 3, 2.5, None, True],
        [None, None],
        ["£1,000", "=SUM(A1)", "", "  spaced  "],
    ],
)
def test_text_columns_take_every_value_as_the_object_detour_did(values):
    """Text columns are converted straight from the dtype pandas gives them (its own string dtype, numbers,
    objects): the same values, missing markers and dtype as converting through objects first."""
    import pandas as pd

    from plansift.output.schema import ENTITY_COLUMNS, entities_frame

    text_columns = [name for name, dtype, _ in ENTITY_COLUMNS if dtype == "string"]
    rows = [{name: v for name in text_columns} for v in values]
    frame = entities_frame(rows)
    for name in text_columns:
        column = pd.DataFrame.from_records(rows, columns=[c[0] for c in ENTITY_COLUMNS])[name]
        expected = column.astype("object").where(column.notna(), None).astype("string")
        pd.testing.assert_series_equal(frame[name], expected, check_exact=True)


def test_a_text_that_is_not_unicode_is_escaped_in_every_kind_of_column():
    """A lone surrogate (a file name that is not UTF-8) fails the conversion to Arrow-backed text; the frame is
    then built from escaped texts, the other rows untouched."""
    from plansift.output.schema import documents_frame

    rows = [
        {"document": "latin1-\udca3.txt", "path": "/in/latin1-\udca3.txt", "status": "ok"},
        {"document": "plain.txt", "path": "/in/plain.txt", "status": "ok", "error": None},
    ]
    df = documents_frame(rows)
    assert df["document"].tolist() == ["latin1-\\xa3.txt", "plain.txt"]
    assert df["path"].tolist() == ["/in/latin1-\\xa3.txt", "/in/plain.txt"]
    assert df["error"].isna().all() and str(df["document"].dtype) == "string"
