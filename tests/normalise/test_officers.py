"""Officer cells of the corpus and realistic variants: people, posts, bodies and partners."""

from __future__ import annotations

import pytest

from plansift.gazetteer import areas
from plansift.normalise.officers import normal_spelling, parse_officer_cell
from plansift.normalise.organisations import match_organisation

AREAS = {a.name: a for a in areas()}


def canon(raw, area=None):
    """The organisation a parsed cell should report: the gazetteer's name, or the text as written."""
    got = match_organisation(raw, AREAS.get(area) if area else None)
    return got.name if got.matched else raw


def people(text, area=None):
    return [(o.name, o.role, o.organisation) for o in parse_officer_cell(text, AREAS.get(area) if area else None)]


@pytest.mark.parametrize(
    ("text", "area", "expected"),
    [
        (
            "Richard Howe - Partnership Analyst (West Midlands Police), Nikki Murch, Crime Information Officer "
            "(Community Safety Team)",
            "Coventry",
            [
                ("Richard Howe", "Partnership Analyst", "West Midlands Police"),
                ("Nikki Murch", "Crime Information Officer", "Community Safety Team"),
            ],
        ),
        ("Sara Roach", "Coventry", [("Sara Roach", None, None)]),
        ("Sara Roach\nCommunity Safety Manager", "Coventry", [("Sara Roach", "Community Safety Manager", None)]),
        ("Mandie Watson Community Safety Team", "Coventry", [("Mandie Watson", None, "Community Safety Team")]),
        (
            "Alison Quigley Hate Crime Reduction Officer",
            None,
            [("Alison Quigley", "Hate Crime Reduction Officer", None)],
        ),
        (
            "Sarah Chand, Chief Officer, Probation West Midlands",
            "Coventry",
            [("Sarah Chand", "Chief Officer", canon("Probation West Midlands", "Coventry"))],
        ),
        ("(Jane Smith community safety)", None, [("Jane Smith", None, None)]),
        ("Kit Leck DAAT- WCC+ PCT", "Warwickshire", [("Kit Leck", None, "Warwickshire Drug and Alcohol Action Team")]),
        (
            "Liz Stafford/Andy Wade @Probation",
            "Warwickshire",
            [
                ("Liz Stafford", None, canon("Probation", "Warwickshire")),
                ("Andy Wade", None, canon("Probation", "Warwickshire")),
            ],
        ),
        ("Robert Beggs @N Warks BC", "Warwickshire", [("Robert Beggs", None, canon("N Warks BC", "Warwickshire"))]),
        (
            "Hugh Disley, Mark Ryder at WCC",
            "Warwickshire",
            [("Hugh Disley", None, "Warwickshire County Council"), ("Mark Ryder", None, "Warwickshire County Council")],
        ),
        (
            "Deputy Chief Constable – block lead David Whitehouse, Adrian Pearson at Police HQ",
            "Warwickshire",
            [
                ("David Whitehouse", "Deputy Chief Constable; block lead", "Warwickshire Police"),
                ("Adrian Pearson", None, "Warwickshire Police"),
            ],
        ),
        ("Insp Smith", None, [("Smith", "Inspector", None)]),
        ("Ins Smith", None, [("Smith", "Inspector", None)]),
        ("Supt Jones", None, [("Jones", "Superintendent", None)]),
        ("Ch Supt Jones", None, [("Jones", "Chief Superintendent", None)]),
        ("DCI Patel, Police", "Coventry", [("Patel", "Detective Chief Inspector", "West Midlands Police")]),
        ("PC Brown", None, [("Brown", "Police Constable", None)]),
        ("Sgt Green", None, [("Green", "Sergeant", None)]),
        # posts without a name are roles, not people
        ("Chief Supts K1 and K2", "Sandwell", [(None, "Chief Supts K1 and K2", "West Midlands Police")]),
        ("Chief Supts K1 and K2", None, [(None, "Chief Supts K1 and K2", None)]),
        (
            "Executive Director of Adult and Community Services",
            "Sandwell",
            [(None, "Executive Director of Adult and Community Services", None)],
        ),
        ("Cabinet Member for Community Safety", "Sandwell", [(None, "Cabinet Member for Community Safety", None)]),
        (
            "DA manager WCC + Police and all agencies dealing with DA",
            "Warwickshire",
            [(None, "DA manager", "Warwickshire County Council")],
        ),
        # a body alone
        ("West Midlands Police", "Coventry", [(None, None, "West Midlands Police")]),
        ("", None, []),
    ],
)
def test_parse_officer_cell(text, area, expected):
    assert people(text, area) == expected


def test_partners_follow_the_plus():
    (lead,) = parse_officer_cell("Adrian Pearson/Police + WCC/District and Boroughs/Probation", AREAS["Warwickshire"])
    assert (lead.name, lead.organisation) == ("Adrian Pearson", "Warwickshire Police")
    assert lead.partners[0] == "Warwickshire County Council"
    assert "Warwickshire Police" not in lead.partners
    assert canon("Probation", "Warwickshire") in lead.partners
    assert any("District" in p for p in lead.partners)


def test_collective_mentions_are_not_partners():
    (lead,) = parse_officer_cell("Elizabeth Featherstone - WCC CYPF + voluntary organisations", AREAS["Warwickshire"])
    assert lead.partners == []
    assert lead.organisation == "Warwickshire County Council"


def test_a_surname_alone_reads_back_as_the_same_person():
    (officer,) = parse_officer_cell("Insp Smith")
    assert [o.name for o in parse_officer_cell(officer.name)] == ["Smith"]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("District and Boroughs", "District and Borough Councils"),
        ("Boroughs and Districts", "District and Borough Councils"),
        ("Districts and Borough Council", "District and Borough Councils"),
        ("CDRPS", "CDRPs"),
        ("CDRPs", "CDRPs"),
        ("CWIC", "CWIC"),
        ("Locality Forums", "Locality Forums"),
        ("District Council", "District Council"),
    ],
)
def test_one_spelling_for_an_unknown_collective(raw, normal):
    assert normal_spelling(raw) == normal


def test_the_words_of_a_post_are_no_person():
    """'Environmental Enforcement Manager': a capitalised pair before a post's head word is part of the post."""
    from plansift.gazetteer import areas
    from plansift.normalise.officers import parse_officer_cell

    wakefield = next(a for a in areas() if a.name == "Wakefield")
    officers = parse_officer_cell("Karen Lodge, Environmental Enforcement Manager, WMDC", wakefield)
    assert [(o.name, o.role, o.organisation) for o in officers] == [
        ("Karen Lodge", "Environmental Enforcement Manager", "Wakefield Metropolitan District Council")
    ]


@pytest.mark.parametrize(
    "cell",
    [
        "Cllr Martin Beaumont (Cabinet Member for Environment and Climate Change)",
        "Energy Management Unit",
        "Aintree University Hospitals NHS Foundation Trust",
        "Centre for Sustainable Energy (CSE)",
        "Older People's Partnership Board",
    ],
)
def test_capitalised_words_of_a_post_or_a_body_are_no_person(cell):
    from plansift.normalise.officers import parse_officer_cell

    names = {o.name for o in parse_officer_cell(cell)} - {None}
    assert names <= {"Martin Beaumont"}


def test_a_body_in_brackets_after_a_person_is_no_second_person():
    from plansift.normalise.officers import parse_officer_cell

    officers = parse_officer_cell("J. Barker (Carers Resource)")
    assert [o.name for o in officers] == ["J. Barker"]


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [
        ("Deborah Hulme, Neighbourhood Manager, Stockport Homes", "Deborah Hulme", "Stockport Homes"),
        ("Helen Marsden, Manager, Volunteer Centre Stockport", "Helen Marsden", "Volunteer Centre Stockport"),
        ("Alan Wardle, Head of Adult Learning, Gateshead College", "Alan Wardle", "Gateshead College"),
    ],
)
def test_an_unknown_body_after_the_post(text, name, organisation):
    """'Name, Post, Body': a body the gazetteer lacks, named by a head such as 'Homes', 'Centre' or 'College',
    is the officer's organisation, not a department."""
    [officer] = parse_officer_cell(text, AREAS["Stockport"])
    assert (officer.name, officer.organisation, officer.department) == (name, organisation, None)


def test_a_known_body_going_on_in_lower_case_is_not_cut_from_its_name():
    """'Stockport Council for Voluntary Service' is not Stockport Council with a department 'for Voluntary
    Service'."""
    [officer] = parse_officer_cell(
        "Jonathan Price, Chief Executive, Stockport Council for Voluntary Service", AREAS["Stockport"]
    )
    assert officer.organisation != "Stockport Metropolitan Borough Council"
    assert "Council for Voluntary Service" in officer.organisation
    assert officer.department in (None, "Stockport")
