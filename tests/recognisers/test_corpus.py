"""Properties of the recognisers' rows on the real sample plans (no whole answers hard-coded)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from plansift.extractors.base import read_document
from plansift.extractors.model import ExtractionError
from plansift.normalise.areas import detect_area
from plansift.normalise.recognisers import FLAGS, recognise
from plansift.output.schema import RECORD_COLUMN_NAMES, UNITS, VALUE_KINDS, records_frame

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TXT_PLANS = sorted(SAMPLES.glob("*.txt"))
ALL_RENDERINGS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))


def _records(path: Path) -> list[dict]:
    doc = read_document(path)
    return recognise(doc, area=detect_area(doc))


@pytest.fixture(scope="module")
def corpus_records() -> dict[str, list[dict]]:
    return {p.name: _records(p) for p in TXT_PLANS}


@pytest.fixture(scope="module")
def rendering_records() -> dict[str, list[dict]]:
    """Every rendering of the samples: text, Word and both PDF producers."""
    return {p.name: _records(p) for p in ALL_RENDERINGS}


def _words(text: str) -> str:
    return " ".join(re.sub(r"[•·\-–]", " ", text).split()).lower()


def test_board_report_yields_no_target_and_no_funding(corpus_records):
    board = [name for name in corpus_records if "board-report" in name]
    assert board, "the board report sample is missing"
    recs = corpus_records[board[0]]
    assert not [r for r in recs if r["record_type"] in ("target", "funding")]
    assert [r for r in recs if r["record_type"] == "action"]


def test_every_row_has_page_source_text_and_schema_columns(corpus_records):
    for name, recs in corpus_records.items():
        for r in recs:
            assert set(r) <= set(RECORD_COLUMN_NAMES), name
            assert isinstance(r["page"], int) and r["page"] >= 1
            assert r["source_text"] and r["source_text"].strip()
            assert 0 < r["confidence"] <= 1
            for issue in (r["issues"] or "").split(";"):
                assert not issue or issue in FLAGS
        records_frame(recs)  # dtypes and vocabularies hold


def test_source_text_contains_the_value_as_written(rendering_records):
    assert {p.suffix for p in ALL_RENDERINGS} == {".txt", ".docx", ".pdf"}
    for name, recs in rendering_records.items():
        assert recs, name
        for r in recs:
            if r["record_type"] == "target":
                assert r["value_text"] in r["source_text"], (name, r["source_text"])
                assert r["value_kind"] in VALUE_KINDS and r["unit"] in UNITS
                numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", r["value_text"])]
                assert r["value"] in numbers
            elif r["record_type"] == "funding":
                text = r["source_text"]
                assert f"{r['amount_gbp']:,.0f}" in text or f"{r['amount_gbp']:.0f}" in text
            else:
                assert _words(r["description"]) in _words(r["source_text"])


def test_rows_come_in_document_order(corpus_records):
    for recs in corpus_records.values():
        lines = [r["line_start"] for r in recs]
        assert lines == sorted(lines)


def test_funding_totals_are_not_rows(corpus_records):
    """An amount that is the sum of a document's other amounts is a total, never a row of its own."""
    for recs in corpus_records.values():
        amounts = [r["amount_gbp"] for r in recs if r["record_type"] == "funding"]
        if len(amounts) > 2:
            assert sum(amounts) - max(amounts) != max(amounts)


def test_flags_and_dates_are_consistent(corpus_records):
    for recs in corpus_records.values():
        for r in recs:
            flags = (r["issues"] or "").split(";")
            if r["record_type"] == "action":
                assert r["due_date"] is None or isinstance(r["due_date"], dt.date)
                if "default_deadline" in flags:
                    assert r["milestone"]
            if r["record_type"] == "funding" and "source_unlabelled" in flags:
                assert r["funding_source"] is None


@pytest.mark.parametrize("path", TXT_PLANS, ids=lambda p: p.stem[:30])
def test_targets_cover_the_gold_indicators_with_numbers(path, gold_dir):
    """Every indicator the key gives numbers for gets target rows (the key is read, not copied)."""
    gold = json.loads((gold_dir / f"{path.stem}.json").read_text())
    wanted = {t["indicator"] for t in gold["targets"]}
    got = {r["indicator_code"] for r in _records(path) if r["record_type"] == "target"}
    assert wanted <= got


def test_negative_documents_invent_nothing(negative_dir):
    """Unrelated word-processor and web files give no rows at all, and never crash."""
    checked = 0
    for path in sorted(negative_dir.iterdir()):
        if path.suffix.lower() not in (".docx", ".html"):
            continue
        try:
            doc = read_document(path)
        except ExtractionError:
            continue
        recs = recognise(doc, area=None)
        checked += 1
        assert recs == [], path.name
    assert checked


def test_regression_scoring_notes_table_is_not_an_activity_form():
    """gold/GOLD.md has a two-column row 'actions | description similarity ...': not a proposed activity."""
    gold_md = SAMPLES.parent / "gold" / "GOLD.md"
    if not gold_md.exists():
        pytest.skip("gold/GOLD.md is absent")
    assert _records(gold_md) == []


FACT_FIELDS = (
    "record_type",
    "indicator_code",
    "period",
    "value_kind",
    "value",
    "unit",
    "description",
    "lead_officer",
    "lead_role",
    "lead_organisation",
    "partners",
    "due_date",
    "amount_gbp",
    "funding_source",
    "recipient",
)


def test_every_rendering_of_a_plan_gives_the_facts_of_its_text(rendering_records):
    """Word and both PDF producers give the text rendering's rows, field for field: no wrapped line, broken
    word, bullet or page break read differently changes a fact."""
    from collections import Counter

    def facts(records: list[dict]) -> Counter:
        return Counter(tuple(str(r.get(f)) for f in FACT_FIELDS) for r in records)

    for txt in TXT_PLANS:
        expected = facts(rendering_records[txt.name])
        assert expected, txt.name
        for name, records in rendering_records.items():
            if name != txt.name and name.split(".")[0] == txt.stem:
                got = facts(records)
                assert got == expected, (name, list((expected - got).items())[:2], list((got - expected).items())[:2])
