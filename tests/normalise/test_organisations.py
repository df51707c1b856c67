"""Organisations, funding streams and areas: corpus spellings, generic names within an area, refusals."""

from __future__ import annotations

import pytest

from plansift.gazetteer import areas
from plansift.normalise.areas import area_of_text, match_area
from plansift.normalise.organisations import (
    find_org_phrases,
    find_organisations,
    match_funding_stream,
    match_organisation,
)

AREAS = {a.name: a for a in areas()}


@pytest.mark.parametrize(
    ("raw", "area", "name"),
    [
        ("West Midlands Police", None, "West Midlands Police"),
        ("West Midland Police", None, "West Midlands Police"),
        ("Sandwell MBC", None, "Sandwell Metropolitan Borough Council"),
        ("SMBC", "Sandwell", "Sandwell Metropolitan Borough Council"),
        ("Coventry City Council", None, "Coventry City Council"),
        ("Warwickshire County Council", None, "Warwickshire County Council"),
        ("WCC", "Warwickshire", "Warwickshire County Council"),
        ("W.C.C.", "Warwickshire", "Warwickshire County Council"),
        ("WCC- all directorates", "Warwickshire", "Warwickshire County Council"),
        ("WCC-CYPF", "Warwickshire", "Warwickshire County Council"),
        ("Police", "Sandwell", "West Midlands Police"),
        ("the Police", "Coventry", "West Midlands Police"),
        ("Police", "Warwickshire", "Warwickshire Police"),
        ("the Council", "Coventry", "Coventry City Council"),
        ("Community Safety Partnership", "Coventry", "Coventry Community Safety Partnership"),
        ("Safer Sandwell Partnership", None, "Safer Sandwell Partnership"),
        # refused: a generic name without an area, an initialism shared by several areas, an unknown body
        ("Police", None, None),
        ("the Council", None, None),
        ("SMBC", None, None),
        ("Priority Crime Group", "Coventry", None),
        ("Chief Supts K1 and K2", "Sandwell", None),
        ("", None, None),
    ],
)
def test_match_organisation(raw, area, name):
    got = match_organisation(raw, AREAS.get(area) if area else None)
    assert got.name == name
    assert got.matched is (name is not None)
    assert got.raw == raw
    if name is not None:
        assert match_organisation(got.name, AREAS.get(area) if area else None).name == name


def test_an_unmatched_mention_keeps_its_candidates():
    got = match_organisation("Police", None)
    assert not got.matched and got.name is None
    assert got.candidates
    assert all(match_organisation(n, None).name == n for n, _ in got.candidates)


def test_find_organisations_in_running_text():
    text = "Police, Police Authority, all directorates of WCC, the City Council's plan and Sandwell MBC."
    found = find_organisations(text, AREAS["Warwickshire"])
    assert [text[m.start : m.end] for m in found] == [m.raw for m in found]
    names = [m.name for m in found]
    assert names[0] == "Warwickshire Police"
    assert "Warwickshire County Council" in names
    assert "Sandwell Metropolitan Borough Council" in names
    assert "City Council" not in [m.raw for m in found]  # a possessive names the plan's owner, not a partner


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("Monthly monitoring through Priority Crime Group", ["Priority Crime Group"]),
        (
            "Quarterly reporting to the Community Safety Partnership Joint Commissioning Group.",
            ["Community Safety Partnership Joint Commissioning Group"],
        ),
        (
            "via the Safer Communities Service and Performance Management Group.",
            ["Safer Communities Service", "Performance Management Group"],
        ),
        ("through the Domestic Violence & Abuse Partnership and sub-groups", ["Domestic Violence & Abuse Partnership"]),
        ("Links with Safer Neighbourhood teams improved", ["Safer Neighbourhood teams"]),
        ("the ASBAT service continue to suffer", ["ASBAT service"]),
        ("Mandie Watson Community Safety Team", ["Community Safety Team"]),
        ("Extend the Youth Offending Team triage to every custody suite", ["Youth Offending Team"]),
        ("Introduce Restorative Justice Service in every school", ["Restorative Justice Service"]),
        # not bodies: plans, posts, bland labels, kinds of service
        ("Community Safety Partnership Strategic Assessment 2008/09", []),
        ("Violent Crime Action Plan", []),
        ("Executive Director for Adult and Community Services", []),
        ("Lead Agency", []),
        ("between DIP and PPO services", []),
        ("Although CDRP partnership plans are 3 year plans", []),
    ],
)
def test_find_org_phrases(text, phrases):
    found = find_org_phrases(text)
    assert [p for p, _, _ in found] == phrases
    assert all(text[s:e] == p for p, s, e in found)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("WNF", "Working Neighbourhoods Fund"),
        ("Area Based Grant", "Area Based Grant"),
        ("ABG", "Area Based Grant"),
        ("Etc.", None),
        ("", None),
    ],
)
def test_match_funding_stream(raw, name):
    got = match_funding_stream(raw)
    assert (got.name if got else None) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sandwell MBC", "Sandwell"),
        ("Solihull Borough", "Solihull"),
        ("Coventry City Council", "Coventry"),
        ("Warwickshire County Council", "Warwickshire"),
        ("Sandwell", "Sandwell"),
        ("Safer Sandwell Partnership", "Sandwell"),
        ("West Midlands", None),
        ("West Midlands Police", None),
        ("", None),
    ],
)
def test_match_area(text, name):
    got = match_area(text)
    assert (got.name if got else None) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Local Area Agreement Implementation Plan 2008 - 2011\nSandwell Plan Priority: High Volume Crime\n"
            "Responsible Thematic Partnership: Safer Sandwell Partnership",
            "Sandwell",
        ),
        # a plan naming a force of several areas names none of them
        ("LAA delivery plan. Lead: West Midlands Police. NI 15 serious violent crime.", None),
        # an area named once in passing in a long plan is not its area
        ("LAA plan for the borough. " + "Partners will reduce crime. " * 200 + "Learning from Coventry.", None),
        # not English local government at all
        ("Birmingham, Alabama: the city council met on Tuesday to approve $2m for roads.", None),
    ],
)
def test_area_of_text(text, name):
    got = area_of_text(text)
    assert (got.name if got else None) == name


def test_descriptions_of_services_are_not_bodies():
    assert find_org_phrases("2. Effective Alcohol Referral Treatment Service in police custody suites") == []


def test_a_us_text_naming_an_english_place_has_no_area():
    text = "Birmingham City Council, Alabama. " * 5 + "The Birmingham police department reported to the city council."
    assert area_of_text(text) is None


@pytest.mark.parametrize(
    ("raw", "area", "name"),
    [
        ("Source - Working Neighbourhoods Fund monies", None, "Working Neighbourhoods Fund"),
        ("This funding is part of the area based grant.", None, "Area Based Grant"),
        ("SMBC core fund", "Sandwell", "Sandwell Metropolitan Borough Council"),
        ("SMBC core fund", None, None),
        ("NLDC funds", None, None),
    ],
)
def test_funding_lines_name_their_stream_or_funder(raw, area, name):
    got = match_funding_stream(raw, AREAS.get(area) if area else None)
    assert (got.name if got else None) == name


def test_a_match_copy_is_replace_with_its_own_candidates():
    """``OrgMatch.copy`` (the fast copy every match returns) equals ``dataclasses.replace`` field for field."""
    import dataclasses

    from plansift.normalise.organisations import OrgMatch

    m = OrgMatch("Safer Sandwell", "Safer Sandwell Partnership", "partnership", 97.5, True, [("x", 1.0)], 3, 17)
    copy = m.copy()
    assert copy == dataclasses.replace(m, candidates=list(m.candidates))
    assert [f.name for f in dataclasses.fields(m)] == list(OrgMatch.__slots__)  # copy() names every field
    copy.candidates.append(("y", 2.0))
    assert m.candidates == [("x", 1.0)]


def test_an_officer_copy_is_replace_with_its_own_partners():
    import dataclasses

    from plansift.normalise.officers import Officer

    o = Officer("raw", "Jane Smith", "Manager", "Sandwell MBC", ["West Midlands Police"], "Safety", True)
    copy = o.copy()
    assert copy == dataclasses.replace(o, partners=list(o.partners))
    assert [f.name for f in dataclasses.fields(o)] == list(Officer.__slots__)
    copy.partners.append("x")
    assert o.partners == ["West Midlands Police"]


def test_organisation_types_by_name_are_those_of_the_first_body_of_that_name():
    from plansift.gazetteer import organisations
    from plansift.normalise.entities import _org_type

    for org in organisations():
        assert _org_type(org.name) == next(o.org_type for o in organisations() if o.name == org.name)
    assert _org_type("No Such Body Anywhere") is None


def test_the_name_index_holds_each_body_once_per_key_in_gazetteer_order():
    """The index of names (built with dicts as ordered sets) is the one built by testing lists."""
    from plansift.gazetteer import organisations
    from plansift.normalise.organisations import _index, org_key

    by_key: dict[str, list] = {}
    generic: dict[str, list] = {}
    for org in organisations():
        for name in (org.name, *org.aliases):
            key = org_key(name)
            if key and org not in by_key.setdefault(key, []):
                by_key[key].append(org)
        for name in org.generic:
            key = org_key(name)
            if key and org not in generic.setdefault(key, []):
                generic[key].append(org)
    index = _index()
    assert list(index.by_key.items()) == [(k, tuple(v)) for k, v in by_key.items()]
    assert list(index.generic.items()) == [(k, tuple(v)) for k, v in generic.items()]
    assert max(len(v) for v in index.generic.values()) > 50  # the keys that made the list test slow
