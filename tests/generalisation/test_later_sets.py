"""The recognisers on three later sets of plans, in templates neither the corpus nor the first set uses.

Each set was written by separate sessions that saw GOLD.md, SCHEMA.md and the corpus's text
renderings but not plansift's code, each plan's key written from the text before the tool ever
ran on it (see each key's ``notes``). Each set was first scored when unseen, and the rules since
written from what it showed were kept general; the thresholds sit under the scores then reached,
so that a change losing ground on them fails here. The tests assert F1 per part, not outputs.

``second/`` (twenty-eight plans, from three sessions): fixed-width, tab and pipe tables, years as
rows or as columns, one row per indicator and year, kinds of value as row labels under a caption
naming the indicator, rates per 100,000, funding by stream and year in £, £k and £m, in sentences,
by acronym, action tables with many header words, numbered actions followed by 'Lead officer:'
lines, bullets under theme lines, initialisms each plan defines for itself. Its last eight were
kept aside as a final check and only three of their errors looked at.

``third/`` (ten plans, from two sessions): grid tables ruled with ``+---+`` or Unicode box
characters, tables dumped one cell per line with headers split over two lines, scorecards with RAG
and year-to-date columns, 'Field: value' action forms, amounts in £000s columns and in prose.
First scored unseen at targets F1 0.36, funding 0.57, actions 0.72 and lead organisation 0.34;
the rules written from it: grid tables, tables dumped one cell per line, a lead-body column or
field, a baseline cell's own year, bare codes in an 'NI' column, a 'Baseline year' column, units
of measure the schema lacks, flattened amounts as clusters.

``fourth/`` (ten plans, from two sessions: five text dumps and five Word files): dash-ruled tables with
headers over two lines, items led by codes ('A1   Deliver ...') with 'Lead:' and 'By:' lines, CSV and
tab-separated spreadsheet exports, unit columns, quarterly monitoring tables, Word headings set as bold
text, indicator cells merged down over one row per year and status, actions with their fields inline,
funders in brackets or in a column of their own. First scored unseen at targets F1 0.34, funding 0.60,
actions 0.56 and lead organisation 0.65.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from scoring import assert_every_plan_scored, score_plans

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PlanSet:
    plans: int
    f1: dict[str, float]
    accuracy: dict[str, float]


SETS = {
    "second": PlanSet(
        28,
        {"targets": 0.85, "funding": 0.8, "actions": 0.9, "indicators": 0.95, "officers": 0.85},
        {"lead_organisation": 0.8, "funding_source": 0.65},
    ),
    "third": PlanSet(
        10,
        {"targets": 0.7, "funding": 0.72, "actions": 0.8, "indicators": 0.95, "officers": 0.85},
        {"lead_organisation": 0.85, "funding_source": 0.6},
    ),
    "fourth": PlanSet(
        10,
        {"targets": 0.7, "funding": 0.8, "actions": 0.82, "indicators": 0.95, "officers": 0.9},
        {"lead_organisation": 0.7, "funding_source": 0.7},
    ),
}
_reports: dict[str, object] = {}


def _report(name: str):
    if name not in _reports:
        _reports[name] = score_plans(HERE / name / "plans", HERE / name / "gold")
    return _reports[name]


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_plan_has_a_key_and_is_scored(name):
    stems = assert_every_plan_scored(_report(name), HERE / name / "plans", HERE / name / "gold")
    assert len(stems) == SETS[name].plans


@pytest.mark.parametrize(("name", "part"), [(n, p) for n in sorted(SETS) for p in sorted(SETS[n].f1)])
def test_f1_per_part(name, part):
    score = _report(name).totals.parts[part]
    assert score.n_gold > 0
    assert score.f1 >= SETS[name].f1[part], (
        f"{name} {part}: F1 {score.f1:.2f} (tp {score.tp}, predicted {score.n_pred}, gold {score.n_gold})"
    )


@pytest.mark.parametrize(("name", "measure"), [(n, m) for n in sorted(SETS) for m in sorted(SETS[n].accuracy)])
def test_accuracy_of_leads_and_sources(name, measure):
    value = _report(name).totals.to_dict()[f"{measure}_accuracy"]["accuracy"]
    assert value >= SETS[name].accuracy[measure], f"{name} {measure} accuracy {value:.2f}"
