"""The recognisers on a second set of plans in templates neither the corpus nor the first set uses.

The twenty-eight plans in ``second/plans`` were written by three separate sessions that saw
GOLD.md, SCHEMA.md and the corpus's text renderings but not plansift's code, each
with its keys in ``second/gold`` written from the text before the tool ever ran on
it (see each key's ``notes``): fixed-width, tab and pipe tables, years as rows or
as columns, one row per indicator and year, kinds of value as row labels under a
caption naming the indicator, rates per 100,000, funding by stream and year in £,
£k and £m, in sentences, by acronym, action tables with many header words,
numbered actions followed by 'Lead officer:' lines, bullets under theme lines,
initialisms each plan defines for itself. Each set was first scored when unseen
(the last eight, from the third session, were kept aside as a final check and only
three of their errors looked at), and the rules since written from what they showed
were kept general; the thresholds below sit under the scores then reached, so that a
change losing ground on them fails here. The test asserts F1 per part, not outputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring import assert_every_plan_scored, score_plans

HERE = Path(__file__).resolve().parent / "second"
PLANS = HERE / "plans"
GOLD = HERE / "gold"

THRESHOLDS = {"targets": 0.85, "funding": 0.8, "actions": 0.9, "indicators": 0.95, "officers": 0.85}
ACCURACY = {"lead_organisation": 0.8, "funding_source": 0.65}


@pytest.fixture(scope="module")
def report():
    return score_plans(PLANS, GOLD)


def test_every_plan_has_a_key_and_is_scored(report):
    stems = assert_every_plan_scored(report, PLANS, GOLD)
    assert len(stems) == 28


@pytest.mark.parametrize("part", sorted(THRESHOLDS))
def test_f1_over_a_second_set_of_templates(report, part):
    score = report.totals.parts[part]
    assert score.n_gold > 0
    assert score.f1 >= THRESHOLDS[part], (
        f"{part}: F1 {score.f1:.2f} (tp {score.tp}, predicted {score.n_pred}, gold {score.n_gold})"
    )


@pytest.mark.parametrize("name", sorted(ACCURACY))
def test_accuracy_of_leads_and_sources(report, name):
    value = report.totals.to_dict()[f"{name}_accuracy"]["accuracy"]
    assert value >= ACCURACY[name], f"{name} accuracy {value:.2f}"
