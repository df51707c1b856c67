"""A document's own names for the bodies the gazetteer makes by rule."""

from __future__ import annotations

from plansift.normalise.local_names import document_names, rename
from plansift.pipeline import process_file


def _org(name: str, mentions: str) -> dict:
    return {"entity_type": "organisation", "name": name, "mentions": mentions}


def test_the_name_a_document_writes_in_full_replaces_the_rules():
    entities = [
        _org("York Community Safety Partnership", "SYP;Safer York Partnership"),
        _org("Blackpool Youth Offending Service", "Youth Offending Team;the YOT"),
        _org("Kent Drug and Alcohol Action Team", "DAAT"),  # initials only: kept
        _org("West Midlands Police", "WMP;West Midlands Police"),  # a body with a name of its own: kept
    ]
    names = document_names(entities, "Safer York Partnership (SYP) ... the Youth Offending Team ... DAAT")
    assert names == {
        "York Community Safety Partnership": "Safer York Partnership",
        "Blackpool Youth Offending Service": "Blackpool Youth Offending Team",
    }


def test_a_document_writing_the_rules_name_keeps_it():
    entities = [_org("Bolton Community Safety Partnership", "Bolton Community Safety Partnership;Safer Bolton")]
    assert document_names(entities, "the Bolton Community Safety Partnership, known as Safer Bolton") == {}


def test_rename_reaches_every_column_that_names_a_body():
    records = [
        {
            "lead_organisation": "York Community Safety Partnership",
            "partners": "North Yorkshire Police;York Community Safety Partnership",
            "recipient": None,
            "funding_source": None,
        }
    ]
    entities = [
        _org("York Community Safety Partnership", "SYP"),
        {"entity_type": "officer", "name": "Gill Rawson", "organisation": "York Community Safety Partnership"},
    ]
    rename(records, entities, {"York Community Safety Partnership": "Safer York Partnership"})
    assert records[0]["lead_organisation"] == "Safer York Partnership"
    assert records[0]["partners"] == "North Yorkshire Police;Safer York Partnership"
    assert entities[0]["name"] == "Safer York Partnership"
    assert entities[1]["organisation"] == "Safer York Partnership"


def test_a_whole_plan(tmp_path):
    plan = tmp_path / "york.txt"
    plan.write_text(
        "York LAA delivery plan 2009-11\n\nDelivery partnership: Safer York Partnership (SYP)\n\n"
        "Ref\tAction\tLead\tTarget date\nY1\tAchieve Purple Flag accreditation\tSYP\tDec 2010\n",
        encoding="utf-8",
    )
    result = process_file(plan)
    [action] = [r for r in result.records if r["record_type"] == "action"]
    assert action["lead_organisation"] == "Safer York Partnership"
    assert "Safer York Partnership" in {e["name"] for e in result.entities if e["entity_type"] == "organisation"}
