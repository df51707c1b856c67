"""The shipped gazetteer: completeness and consistency of the reference data and its loaders."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from plansift import gazetteer
from plansift.gazetteer import area_names

GSS = re.compile(r"^E(06|08|09|10)\d{6}$")


def norm(name: str) -> str:
    return " ".join(name.casefold().split())


# --- indicators -------------------------------------------------------------------------------


def test_exactly_198_indicators_numbered_1_to_198():
    inds = gazetteer.indicators()
    assert len(inds) == 198
    assert [i.number for i in inds] == list(range(1, 199))


def test_indicator_codes_are_canonical_and_unique():
    inds = gazetteer.indicators()
    assert all(i.code == f"NI {i.number}" for i in inds)
    assert len({i.code for i in inds}) == 198


def test_indicator_titles_and_themes():
    inds = gazetteer.indicators()
    assert all(i.title.strip() for i in inds)
    assert len({norm(i.title) for i in inds}) == 198
    themes = Counter(i.theme for i in inds)
    assert set(themes) == {
        "Stronger communities",
        "Safer communities",
        "Children and young people",
        "Adult health and wellbeing",
        "Tackling exclusion and promoting equality",
        "Local economy",
        "Environmental sustainability",
    }


def test_indicator_lookup_by_code():
    assert gazetteer.indicator("NI 16").title == "Serious acquisitive crime rate"
    assert gazetteer.indicator("NI 30").theme == "Safer communities"
    assert gazetteer.indicator("NI 0") is None
    assert gazetteer.indicator("NI 199") is None


def test_indicator_variants_never_name_another_indicator():
    owner: dict[str, str] = {}
    for ind in gazetteer.indicators():
        for text in (ind.title, *ind.variants):
            key = norm(text)
            assert owner.setdefault(key, ind.code) == ind.code, f"{text!r} names {owner[key]} and {ind.code}"


CODE_THEN_TITLE = re.compile(r"\bNI ?(\d{1,3})\s*[\u2013-]?\s*([A-Z][^\t\n;<]{8,}?)(?=\s{2,}|\t|\n|$| NI |<|,)")


def test_titles_written_after_a_code_in_the_plans_fit_that_indicator_best(shared_corpus):
    """Where a real plan writes 'NI <n> <title>', the title fits indicator n as well as any other indicator."""
    from rapidfuzz import fuzz

    inds = gazetteer.indicators()

    def fit(text: str, ind) -> float:
        return max(fuzz.partial_ratio(text.lower(), t.lower()) for t in (ind.title, *ind.variants))

    checked = 0
    for path in sorted((shared_corpus / "documents").glob("*.txt")):
        for m in CODE_THEN_TITLE.finditer(path.read_text(encoding="utf-8")):
            coded = gazetteer.indicator(f"NI {int(m.group(1))}")
            assert coded is not None, m.group(0)
            text = m.group(2).strip()
            if fit(text, coded) < 90:
                continue  # a sentence or an aim after the code, not a title
            checked += 1
            assert fit(text, coded) >= max(fit(text, other) for other in inds), (path.name, m.group(0))
    assert checked >= 10


# --- areas ------------------------------------------------------------------------------------


def test_150_areas_with_well_formed_codes_and_unique_names():
    areas = gazetteer.areas()
    assert len(areas) == 150
    assert all(GSS.match(a.code) for a in areas)
    assert all(a.former_code is None or GSS.match(a.former_code) for a in areas)
    assert len({a.name for a in areas}) == 150


def test_area_counts_per_type():
    counts = Counter(a.area_type for a in gazetteer.areas())
    assert counts == {"county": 34, "metropolitan_district": 36, "london_borough": 33, "unitary": 47}


def test_area_code_prefix_matches_type_unless_reorganised():
    prefix = {"metropolitan_district": "E08", "london_borough": "E09", "unitary": "E06", "county": "E10"}
    for a in gazetteer.areas():
        if not a.code.startswith(prefix[a.area_type]):
            assert a.note and a.former_code, f"{a.name}: {a.code} needs a note and its former code"


def test_reorganised_areas_say_so():
    by_name = {a.name: a for a in gazetteer.areas()}
    for name in ("Bedfordshire", "Cheshire", "Cornwall", "County Durham", "Northumberland", "Shropshire", "Wiltshire",
                 "Northamptonshire", "Cumbria", "North Yorkshire", "Somerset", "Buckinghamshire", "Dorset", "Bournemouth",
                 "Poole"):  # fmt: skip
        assert by_name[name].note, name


def test_area_aliases_never_name_two_areas():
    owner: dict[str, str] = {}
    for a in gazetteer.areas():
        for text in (a.name, *a.aliases):
            assert owner.setdefault(norm(text), a.name) == a.name, f"{text!r} names {owner[norm(text)]} and {a.name}"


def test_ambiguous_initialisms_are_abbreviations_not_aliases():
    areas = gazetteer.areas()
    aliases = {norm(x) for a in areas for x in a.aliases}
    by_abbr = defaultdict(list)
    for a in areas:
        for abbr in a.abbreviations:
            by_abbr[abbr].append(a.name)
    assert len(by_abbr["WCC"]) > 1  # Warwickshire, Worcestershire, Westminster ...
    assert not any(norm(abbr) in aliases for abbr, owners in by_abbr.items() if len(owners) > 1)


def test_council_forms_follow_the_area_type():
    forms = area_names.council_forms("Sandwell", "metropolitan_district", "Sandwell Metropolitan Borough Council")
    assert {"Sandwell MBC", "Sandwell Metropolitan Borough Council", "Sandwell Council"} <= set(forms)
    city = area_names.council_forms("Coventry", "metropolitan_district", "Coventry City Council")
    assert "Coventry City Council" in city and "Coventry MBC" not in city
    assert "London Borough of Barnet" in area_names.council_forms(
        "Barnet", "london_borough", "London Borough of Barnet"
    )
    assert area_names.initialism("Warwickshire County Council") == "WCC"


# --- organisations ----------------------------------------------------------------------------


def test_43_territorial_police_forces_cover_every_area_once():
    orgs = gazetteer.organisations()
    forces = [o for o in orgs if o.org_type == "police_force"]
    assert len(forces) == 43
    assert any(o.name == "British Transport Police" and o.org_type != "police_force" for o in orgs)
    for area in gazetteer.areas():
        assert sum(o.serves(area.name) for o in forces) == 1, area.name


def test_probation_areas_and_pcts_of_2008():
    counts = Counter(o.org_type for o in gazetteer.organisations())
    assert counts["probation"] == 42
    assert counts["primary_care_trust"] == 152


def test_every_shire_county_has_its_2008_districts():
    districts = [o for o in gazetteer.organisations() if o.org_type == "district_council"]
    assert len(districts) == 238
    counties = {a.name for a in gazetteer.areas() if a.area_type == "county"}
    assert {o.area for o in districts} == counties
    warwickshire = {o.name for o in districts if o.area == "Warwickshire"}
    assert "Nuneaton and Bedworth Borough Council" in warwickshire and len(warwickshire) == 5


def test_every_area_has_its_council_yos_daat_and_csp():
    orgs = gazetteer.organisations()
    for area in gazetteer.areas():
        for kind in ("council", "youth_offending_service", "drug_action_team", "community_safety_partnership"):
            assert any(o.org_type == kind and o.serves(area.name) for o in orgs), (area.name, kind)


def test_every_organisations_area_is_a_known_area():
    names = {a.name for a in gazetteer.areas()}
    for o in gazetteer.organisations():
        assert o.area is None or o.area in names, o.name
        assert set(o.covers) <= names, o.name


def test_no_name_or_alias_is_shared_by_two_organisations():
    owner: dict[str, str] = {}
    for o in gazetteer.organisations():
        for text in (o.name, *o.aliases):
            assert owner.setdefault(norm(text), o.name) == o.name, f"{text!r} names {owner[norm(text)]} and {o.name}"


def test_generic_names_are_unambiguous_within_each_area():
    orgs = gazetteer.organisations()
    for area in gazetteer.areas():
        owner: dict[str, str] = {}
        for o in orgs:
            if o.serves(area.name):
                for text in o.generic:
                    assert owner.setdefault(norm(text), o.name) == o.name, (area.name, text, owner[norm(text)], o.name)


@pytest.mark.parametrize(
    ("generic", "area", "expected"),
    [
        ("Police", "Warwickshire", "Warwickshire Police"),
        ("Police", "Coventry", "West Midlands Police"),
        ("Police", "City of London", "City of London Police"),
        ("YOS", "Coventry", "Coventry Youth Offending Service"),
        ("the Council", "Sandwell", "Sandwell Metropolitan Borough Council"),
        ("WCC", "Warwickshire", "Warwickshire County Council"),
        ("WCC", "Westminster", "Westminster City Council"),
        ("PCT", "Sandwell", "NHS Sandwell – Sandwell PCT"),
        ("CDRP", "Sandwell", "Safer Sandwell Partnership"),
    ],
)
def test_generic_names_resolve_within_their_area(generic, area, expected):
    hits = [o.name for o in gazetteer.organisations() if o.serves(area) and norm(generic) in map(norm, o.generic)]
    assert hits == [expected]


def test_pct_is_not_generic_where_several_pcts_share_an_area():
    hits = [o for o in gazetteer.organisations() if o.serves("Birmingham") and "PCT" in o.generic]
    assert hits == []


def test_funding_streams_have_unique_names_and_aliases():
    streams = gazetteer.funding_streams()
    owner: dict[str, str] = {}
    for s in streams:
        for text in (s.name, *s.aliases):
            assert owner.setdefault(norm(text), s.name) == s.name, text
    for acronym in ("ABG", "WNF", "NRF", "SSCF", "LPSA", "BCU Fund", "DIP Funding", "PTB", "ESF"):
        assert norm(acronym) in owner, acronym


def test_funders_are_known_organisations():
    names = {o.name for o in gazetteer.organisations()}
    assert all(s.funder is None or s.funder in names for s in gazetteer.funding_streams())


# --- first names and loaders --------------------------------------------------------------------


def test_first_names_are_a_large_lower_case_lexicon():
    names = gazetteer.first_names()
    assert len(names) > 5000
    assert all(n == n.lower() and " " not in n for n in names)
    assert {"john", "siobhan", "mohammed", "agnieszka", "rhys"} <= names
    assert not {"grant", "may", "amber", "mar", "williams"} & names


def test_loaders_are_cached():
    for loader in (gazetteer.indicators, gazetteer.areas, gazetteer.organisations, gazetteer.funding_streams,
                   gazetteer.first_names):  # fmt: skip
        assert loader() is loader()
        assert loader.cache_info().hits >= 1


def test_gazetteer_version_is_declared():
    assert re.match(r"^\d{4}\.\d{1,2}\.\d+$", gazetteer.GAZETTEER_VERSION)


DATA_DIGESTS = {
    "2026.11.7": "ca2abe841d549a22970d3854acaafa826855036a1227e5b6ee29213c797d5ee2",
    "2026.12.1": "7102daaf9c913a7947602da142c67942003369f480466109cc4e2d705823707b",  # same data, faster rules
    "2026.12.3": "3291a4a21e4d86b5e34bea4838a599fa267642f29db9038ef823c7076ecb2021",  # PCTs named 'NHS X – X PCT'
}
"""The digest of data/* and the naming rules each released GAZETTEER_VERSION was cut from."""


def test_data_changes_bump_the_version():
    """Any edit of the data or of a naming rule must come with a new GAZETTEER_VERSION (it keys the run cache)."""
    import hashlib
    from pathlib import Path

    root = Path(gazetteer.__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("data/*"), root / "area_names.py", root / "area_bodies.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    recorded = DATA_DIGESTS.get(gazetteer.GAZETTEER_VERSION)
    assert recorded is not None, f"record the digest of version {gazetteer.GAZETTEER_VERSION}: {digest.hexdigest()}"
    assert recorded == digest.hexdigest(), "gazetteer data changed: bump GAZETTEER_VERSION and record the new digest"
