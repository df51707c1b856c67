"""record_id is stable: the same document and the same fact give the same id."""

from plansift.pipeline import assign_record_ids


def _rows():
    return [
        {"record_type": "target", "indicator_code": "NI 15", "period": "2008/09", "value": 368.0, "source_text": "368"},
        {"record_type": "target", "indicator_code": "NI 15", "period": "2008/09", "value": 368.0, "source_text": "368"},
        {"record_type": "funding", "amount_gbp": 81000.0, "source_text": "£81,000"},
    ]


def test_ids_are_deterministic_and_unique():
    a, b = _rows(), _rows()
    assign_record_ids("abc", a)
    assign_record_ids("abc", b)
    assert [r["record_id"] for r in a] == [r["record_id"] for r in b]
    assert len({r["record_id"] for r in a}) == 3
    assert a[0]["record_id"].startswith("t-") and a[2]["record_id"].startswith("f-")


def test_ids_depend_on_the_document_bytes():
    a, b = _rows(), _rows()
    assign_record_ids("abc", a)
    assign_record_ids("abd", b)
    assert a[0]["record_id"] != b[0]["record_id"]
