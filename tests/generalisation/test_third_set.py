"""The recognisers on a third set of plans, first scored as a measure of unseen layouts.

The ten plans in ``third/plans`` were written by two separate sessions that saw GOLD.md, SCHEMA.md
and the corpus's text renderings but not plansift's code, with their keys in ``third/gold``
written before the tool ever ran on them: grid tables ruled with ``+---+`` or Unicode box
characters, tables dumped one cell per line with headers split over two lines, scorecards with
RAG and year-to-date columns, 'Field: value' action forms, amounts in £000s columns and in prose.
First scored unseen (targets F1 0.36, funding 0.57, actions 0.72, lead organisation 0.34), then
general rules came from what it showed: grid tables, tables dumped one cell per line, a lead-body
column or field, a baseline cell's own year, bare codes in an 'NI' column, a 'Baseline year'
column, units of measure the schema lacks, flattened amounts as clusters. Being no longer unseen,
it now guards those rules. The thresholds sit under the scores then reached, so that a change
losing ground on them fails here; the test asserts F1 per part, not outputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring import assert_every_plan_scored, score_plans

HERE = Path(__file__).resolve().parent / "third"
PLANS = HERE / "plans"
GOLD = HERE / "gold"

THRESHOLDS = {"targets": 0.65, "funding": 0.62, "actions": 0.75, "indicators": 0.95, "officers": 0.8}
ACCURACY = {"lead_organisation": 0.8, "funding_source": 0.6}


@pytest.fixture(scope="module")
def report():
    return score_plans(PLANS, GOLD)


def test_every_plan_has_a_key_and_is_scored(report):
    stems = assert_every_plan_scored(report, PLANS, GOLD)
    assert len(stems) == 10


@pytest.mark.parametrize("part", sorted(THRESHOLDS))
def test_f1_over_a_third_set_of_templates(report, part):
    score = report.totals.parts[part]
    assert score.n_gold > 0
    assert score.f1 >= THRESHOLDS[part], (
        f"{part}: F1 {score.f1:.2f} (tp {score.tp}, predicted {score.n_pred}, gold {score.n_gold})"
    )


@pytest.mark.parametrize("name", sorted(ACCURACY))
def test_accuracy_of_leads_and_sources(report, name):
    value = report.totals.to_dict()[f"{name}_accuracy"]["accuracy"]
    assert value >= ACCURACY[name], f"{name} accuracy {value:.2f}"
