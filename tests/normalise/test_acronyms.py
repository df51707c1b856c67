"""Initialisms a document defines for itself, and what they then mean in that document only."""

from __future__ import annotations

import pytest

from plansift.normalise.acronyms import defined, expansion, find_definitions
from plansift.normalise.organisations import match_organisation
from plansift.pipeline import process_file


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Safer York Partnership (SYP)", {"SYP": "Safer York Partnership"}),
        (
            "owned by Wakefield Metropolitan District Council (WMDC).",
            {"WMDC": "Wakefield Metropolitan District Council"},
        ),
        ("Cornwall Fire and Rescue Service (CFRS)", {"CFRS": "Cornwall Fire and Rescue Service"}),
        ("Stoke-on-Trent City Council (SOTCC)", {"SOTCC": "Stoke-on-Trent City Council"}),
        ("Prolific and Priority Offenders (PPOs)", {"PPOs": "Prolific and Priority Offenders"}),
        # not definitions: initials that do not fit the words before them, a year between, one capital
        ("the Police (NYP)", {}),
        ("Place Survey 2008 (PS)", {}),
        ("the Police (Reform) Act", {}),
        ("rates (per 1,000)", {}),
    ],
)
def test_find_definitions(text, expected):
    assert find_definitions(text) == expected


def test_a_defined_initialism_means_its_name_only_while_it_is_defined():
    assert match_organisation("SYP").name == "South Yorkshire Police"
    with defined({"SYP": "Safer York Partnership"}):
        assert expansion("SYP") == "Safer York Partnership"
        found = match_organisation("SYP")
        assert found.raw == "SYP"
        assert found.name == "York Community Safety Partnership"
    with defined({"WDH": "Wakefield District Housing"}):
        found = match_organisation("WDH")
        assert not found.matched and found.raw == "Wakefield District Housing"
    assert expansion("SYP") is None
    assert match_organisation("SYP").name == "South Yorkshire Police"


PLAN = """{area} LAA delivery plan 2009-11

Delivery partnership: {body} ({initials})

Ref\tAction\tLead\tTarget date
A1\tRun a town centre night-time economy scheme\tJo Bloggs ({initials})\tMar 2010
"""


def test_each_document_reads_its_own_definitions(tmp_path):
    """The same lead cell in two plans: the one that defines SYP means its partnership, the other the police."""
    york = tmp_path / "york.txt"
    york.write_text(PLAN.format(area="York", body="Safer York Partnership", initials="SYP"), encoding="utf-8")
    sheffield = tmp_path / "sheffield.txt"
    sheffield.write_text(
        PLAN.format(area="Sheffield", body="Safer Sheffield", initials="SS").replace("(SS)\tMar", "(SYP)\tMar"),
        encoding="utf-8",
    )
    leads = {}
    for path in (york, sheffield, york):
        result = process_file(path)
        [action] = [r for r in result.records if r["record_type"] == "action"]
        leads.setdefault(path.stem, set()).add(action["lead_organisation"])
    assert leads == {"york": {"Safer York Partnership"}, "sheffield": {"South Yorkshire Police"}}
