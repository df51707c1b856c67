"""The scorer (plansift.corpus.evaluate) on the real gold keys and on small hand-made cases."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from plansift.corpus.evaluate import PARTS, evaluate, gold_key_for, score_document
from plansift.output.schema import entities_frame, records_frame


def gold_as_predictions(gold: dict, document: str) -> tuple[list[dict], list[dict]]:
    """Records and entities that say exactly what a gold key says."""
    records = [
        {
            "record_type": "target",
            "document": document,
            "indicator_code": t["indicator"],
            "period": t["period"],
            "value_kind": t["kind"],
            "unit": t["unit"],
            "value": t["value"],
        }
        for t in gold["targets"]
    ]
    records += [
        {
            "record_type": "funding",
            "document": document,
            "amount_gbp": f["amount_gbp"],
            "period": f["period"],
            "funding_source": f["source"],
        }
        for f in gold["funding"]
    ]
    records += [
        {
            "record_type": "action",
            "document": document,
            "description": a["description"],
            "lead_organisation": a["lead_organisation"],
        }
        for a in gold["actions"]
    ]
    entities = [{"document": document, "entity_type": "indicator", "name": c, "code": c} for c in gold["indicators"]]
    entities += [
        {"document": document, "entity_type": "organisation", "name": o["name"]} for o in gold["organisations"]
    ]
    entities += [{"document": document, "entity_type": "officer", "name": o["name"]} for o in gold["officers"]]
    return records, entities


def load(gold_dir: Path, stem: str) -> dict:
    return json.loads((gold_dir / f"{stem}.json").read_text())


def test_perfect_predictions_score_one_on_every_key(gold_dir):
    for key in sorted(gold_dir.glob("*.json")):
        gold = json.loads(key.read_text())
        records, entities = gold_as_predictions(gold, f"{key.stem}.pdf")
        scores = score_document(records, entities, gold)
        for part in PARTS:
            score = scores.parts[part]
            assert score.tp == score.n_gold == score.n_pred, (key.stem, part)
            if score.n_gold:
                assert score.precision == score.recall == score.f1 == 1.0
        assert scores.lead_organisation.value in (1.0, None)
        assert scores.funding_source.value in (1.0, None)


def test_one_wrong_target_value_costs_one_in_precision_and_recall(gold_dir):
    stem = "coventry-laa-target-action-plan-violent-crime"
    gold = load(gold_dir, stem)
    records, entities = gold_as_predictions(gold, f"{stem}.txt")
    first = next(r for r in records if r["record_type"] == "target")
    first["value"] = first["value"] * 1.01  # outside the 0.5 % tolerance
    n = len(gold["targets"])
    score = score_document(records, entities, gold).parts["targets"]
    assert (score.tp, score.n_pred, score.n_gold) == (n - 1, n, n)
    assert score.precision == pytest.approx((n - 1) / n)
    assert score.recall == pytest.approx((n - 1) / n)


def test_target_value_within_half_a_percent_matches():
    gold = {"targets": [{"indicator": "NI 15", "period": "2008/09", "kind": "target", "value": 200, "unit": "count"}]}
    near = {"record_type": "target", "indicator_code": "NI015", "period": "2008/09", "value_kind": "target"}
    assert score_document([{**near, "unit": "count", "value": 200.9}], [], gold).parts["targets"].tp == 1
    assert score_document([{**near, "unit": "count", "value": 201.1}], [], gold).parts["targets"].tp == 0
    assert score_document([{**near, "unit": "percent", "value": 200}], [], gold).parts["targets"].tp == 0


def test_matching_is_one_to_one():
    gold = {"funding": [{"amount_gbp": 81000, "period": "2008/09", "source": "Home Office"}]}
    twice = [{"record_type": "funding", "amount_gbp": 81000.4, "period": "2008/09"}] * 2
    score = score_document(twice, [], gold).parts["funding"]
    assert (score.tp, score.precision, score.recall) == (1, 0.5, 1.0)


def test_funding_period_counts_only_where_the_gold_gives_one():
    gold = {"funding": [{"amount_gbp": 500, "period": None, "source": None}]}
    pred = [{"record_type": "funding", "amount_gbp": 500, "period": "2009/10"}]
    assert score_document(pred, [], gold).parts["funding"].tp == 1
    gold["funding"][0]["period"] = "2008/09"
    assert score_document(pred, [], gold).parts["funding"].tp == 0


def test_actions_match_by_similarity_best_first_and_lead_organisation_is_scored():
    gold = {
        "organisations": [{"name": "West Midlands Police", "aliases": ["WMP"]}],
        "actions": [
            {"description": "Analysis of repeat violent crime victims", "lead_organisation": "West Midlands Police"},
            {"description": "Domestic violence awareness campaign", "lead_organisation": None},
        ],
    }
    pred = [
        {"record_type": "action", "description": "Domestic Violence awareness campaign in schools"},
        {
            "record_type": "action",
            "description": "ANALYSIS of repeat violent crime victims",
            "lead_organisation": "WMP",
        },
        {"record_type": "action", "description": "Something unrelated entirely"},
    ]
    scores = score_document(pred, [], gold)
    assert (scores.parts["actions"].tp, scores.parts["actions"].n_pred) == (2, 3)
    assert (scores.lead_organisation.correct, scores.lead_organisation.pairs) == (2, 2)


def test_organisations_officers_and_indicators_come_from_records_and_entities():
    gold = {
        "indicators": ["NI 15", "NI 20"],
        "organisations": [{"name": "Home Office", "aliases": []}, {"name": "Probation West Midlands", "aliases": []}],
        "officers": [{"name": "Richard Howe"}, {"name": "Sara Roach"}],
    }
    records = [
        {"record_type": "target", "indicator_code": "NI 15"},
        {"record_type": "action", "lead_officer": "Howe Richard", "partners": "Probation West Midlands;Home Office"},
    ]
    entities = [
        {"entity_type": "indicator", "code": "NI 20", "name": "Serious acquisitive crime"},
        {"entity_type": "indicator", "code": "LAA 7", "name": "a local indicator"},
        {"entity_type": "officer", "name": "Someone Else"},
    ]
    scores = score_document(records, entities, gold)
    assert (scores.parts["indicators"].tp, scores.parts["indicators"].n_pred) == (2, 2)
    assert (scores.parts["organisations"].tp, scores.parts["organisations"].n_pred) == (2, 2)
    assert (scores.parts["officers"].tp, scores.parts["officers"].n_pred) == (1, 2)


def test_every_rendering_finds_its_key_and_others_are_unscored(samples_dir, gold_dir):
    keys = {p.stem: {} for p in gold_dir.glob("*.json")}
    for path in samples_dir.iterdir():
        assert gold_key_for(f"documents/{path.name}", keys) is not None, path.name
    assert gold_key_for("zips/plans.zip/unknown-plan.txt", keys) is None


def test_evaluate_scores_documents_without_rows_and_totals_per_format(gold_dir):
    stem = "sandwell-laa-implementation-plan-high-volume-crime"
    records, entities = gold_as_predictions(load(gold_dir, stem), f"plans/{stem}.docx")
    documents = [f"plans/{stem}.pdf", "other.txt", f"gold/{stem}.json"]
    records = [*records, {"record_type": "funding", "document": "other.txt", "amount_gbp": 5.0}]
    report = evaluate(records, gold_dir, entities=entities, documents=documents)
    assert report.unscored_records == {f"gold/{stem}.json": 0, "other.txt": 1}
    assert [d.document for d in report.documents] == [f"plans/{stem}.docx", f"plans/{stem}.pdf"]
    assert report.unscored == [f"gold/{stem}.json", "other.txt"]
    by_format = report.by_format()
    assert by_format["docx"].parts["actions"].f1 == 1.0
    assert by_format["pdf"].parts["actions"].recall == 0.0
    assert report.totals.parts["actions"].recall == 0.5
    frame = report.to_frame()
    assert len(frame) == 2 * len(PARTS)
    assert set(frame["part"]) == set(PARTS)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_a_records_file_scores_as_the_frames_do(tmp_path, gold_dir, fmt):
    stem = "coventry-laa-target-action-plan-violent-crime"
    records, entities = gold_as_predictions(load(gold_dir, stem), f"{stem}.txt")
    records = records[::2]  # a partial extraction, so the scores are not all 1.0
    for i, rec in enumerate(records):
        rec["record_id"] = f"x-{i}"
    expected = evaluate(records, gold_dir, entities=entities).to_dict()
    frame = records_frame(records)
    path = tmp_path / f"records.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "parquet":
        frame.to_parquet(path)
    else:
        frame.to_json(path, orient="records", lines=True, date_format="iso")
    entities_frame(entities).to_csv(tmp_path / "entities.csv", index=False)
    pd.DataFrame({"document": [f"{stem}.txt"]}).to_csv(tmp_path / "documents.csv", index=False)
    assert evaluate(path, gold_dir).to_dict()["totals"] == expected["totals"]
