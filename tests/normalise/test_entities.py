"""The entities table on whole documents: the corpus plans against their gold keys, and unrelated files."""

from __future__ import annotations

import json

import pytest
from rapidfuzz import fuzz

from plansift.extractors.base import read_document
from plansift.extractors.model import ExtractionError
from plansift.normalise.areas import detect_area
from plansift.normalise.entities import collect_entities
from plansift.output.schema import ENTITY_COLUMN_NAMES, entities_frame
from tests.conftest import txt_plans

PLANS = txt_plans()


def _f1(predicted: list[str], gold: list[dict], scorer, threshold: float, aliases: bool) -> float:
    """GOLD.md scoring: one-to-one, best pairs first."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            names = [g["name"], *(g.get("aliases") or [])] if aliases else [g["name"]]
            score = max(scorer(p.lower(), n.lower()) for n in names)
            if score >= threshold:
                pairs.append((score, i, j))
    used_p, used_g = set(), set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    tp = len(used_p)
    if not predicted and not gold:
        return 1.0
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    return 2 * precision * recall / (precision + recall) if tp else 0.0


@pytest.fixture(scope="module", params=PLANS, ids=[p.stem for p in PLANS])
def plan(request, gold_dir):
    doc = read_document(request.param)
    area = detect_area(doc)
    gold = json.loads((gold_dir / f"{request.param.stem}.json").read_text(encoding="utf-8"))
    return doc, area, collect_entities(doc, area, records=[]), gold


def test_rows_have_the_entity_columns(plan):
    _, _, rows, _ = plan
    assert rows
    for row in rows:
        assert set(row) == set(ENTITY_COLUMN_NAMES) - {"document"}
    frame = entities_frame([{**r, "document": "x"} for r in rows])
    assert len(frame) == len(rows)


def test_area_is_the_one_the_plan_names(plan):
    _, area, rows, gold = plan
    assert (area.name if area else None) == gold["area"]
    area_rows = [r for r in rows if r["entity_type"] == "area"]
    assert [r["name"] for r in area_rows] == ([gold["area"]] if gold["area"] else [])


def test_every_indicator_the_plan_names(plan):
    _, _, rows, gold = plan
    assert sorted({r["code"] for r in rows if r["entity_type"] == "indicator"}) == sorted(gold["indicators"])


def test_organisations_and_officers_score_well(plan):
    _, _, rows, gold = plan
    orgs = [r["name"] for r in rows if r["entity_type"] == "organisation"]
    people = [r["name"] for r in rows if r["entity_type"] == "officer"]
    assert _f1(orgs, gold["organisations"], fuzz.token_set_ratio, 90, aliases=True) >= 0.8
    assert _f1(people, gold["officers"], fuzz.token_sort_ratio, 90, aliases=False) >= 0.9


def test_unmatched_bodies_are_flagged_not_guessed(plan):
    _, _, rows, _ = plan
    for row in rows:
        if row["entity_type"] == "organisation" and not row["matched"]:
            assert row["match_score"] is None
            assert row["name"] in row["mentions"].split(";") or row["mentions"]


def test_collecting_twice_gives_the_same_rows(plan):
    doc, area, rows, _ = plan
    assert collect_entities(doc, area, records=[]) == rows


def test_records_add_their_people_and_bodies(plan):
    doc, area, rows, _ = plan
    record = {"record_type": "action", "page": 1, "lead_officer": "Zelda Quist", "partners": "Home Office;Zeta Group"}
    more = collect_entities(doc, area, records=[record])
    names = {r["name"] for r in more} - {r["name"] for r in rows}
    assert "Zelda Quist" in names
    assert "Zeta Group" in names


def test_unrelated_documents_name_no_bodies_or_people(negative_dir):
    for path in sorted(negative_dir.iterdir()):
        if path.suffix.lower() not in {".docx", ".html", ".txt"}:
            continue
        try:
            doc = read_document(path)
        except ExtractionError:
            continue
        area = detect_area(doc)
        assert area is None, path.name
        rows = collect_entities(doc, area, records=[])
        assert not [r for r in rows if r["entity_type"] in ("organisation", "officer")], path.name


def test_a_service_an_action_provides_is_no_body(tmp_path):
    """'the Independent Domestic Violence Advisor service' describes a service; 'the ASBAT service' and a body the
    gazetteer knows ('the Youth Offending service') are bodies."""
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Kent LAA delivery plan 2008-11\n\n"
        "Ref\tAction\tLead\tTarget date\n"
        "SSC1\tExtend the Independent Domestic Violence Advisor service to all MARAC areas\tKent Police\tMar 09\n"
        "SSC2\tRefer young people to the ASBAT service every month\tKent Police\tMar 09\n"
        "SSC3\tAgree referral routes with the Kent Youth Offending service\tKent Police\tMar 10\n",
        encoding="utf-8",
    )
    doc = read_document(plan)
    rows = collect_entities(doc, detect_area(doc), records=[])
    names = {r["name"] for r in rows if r["entity_type"] == "organisation"}
    assert not [n for n in names if "Advisor" in n]
    assert "ASBAT service" in names
    assert "Kent Youth Offending Service" in names


def test_a_lead_column_of_name_post_and_body(tmp_path):
    """A column headed 'Lead (name, job title, organisation)' names people with their posts and bodies: the
    people are officers and the bodies organisations, the posts neither."""
    text = (
        "Derby City Partnership - LAA delivery plan 2008-2011: worklessness\n\n"
        "Ref\tAction\tLead (name, job title, organisation)\tComplete by\n"
        "W1\tRun the Derby Jobs Brokerage\tTom Hallam, Employment and Skills Manager, Derby City Council\t31/03/2010\n"
        "W2\tDeliver the Future Jobs Fund\tRachel Vernon, Programme Manager, Jobcentre Plus\t30/09/2009\n"
    )
    path = tmp_path / "derby.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    rows = collect_entities(doc, area=detect_area(doc))
    names = {(r["entity_type"], r["name"]) for r in rows}
    assert ("officer", "Tom Hallam") in names and ("officer", "Rachel Vernon") in names
    organisations = {n for t, n in names if t == "organisation"}
    assert "Jobcentre Plus" in organisations
    assert not {"Tom Hallam", "Employment and Skills Manager", "Programme Manager"} & organisations
