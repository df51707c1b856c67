"""The spaCy pipeline: built from registered factories, rule entities, no downloads."""

from __future__ import annotations

import pytest

from plansift.normalise.names import RANKS
from plansift.normalise.nlp import INITIALISM_RULER_NAME, RULER_NAME, may_name_person, model_available, pipeline


def test_blank_pipeline_with_the_gazetteer_rulers():
    nlp = pipeline()
    assert nlp.pipe_names == [RULER_NAME, INITIALISM_RULER_NAME]
    assert pipeline() is nlp  # built once per process
    assert pipeline(None) is nlp  # one pipeline, however it is asked for


def test_texts_skipped_for_want_of_a_first_name_hold_no_person():
    nlp = pipeline()
    texts = [
        "Contact Jane Smith, Community Safety Manager, by March 2009.",
        "Insp Smith and A. Pearson will report to the Police.",
        "The Partnership will review the Action Plan with the Council.",
        "anne smith in lower case is not a name",
    ]
    for text in texts:
        doc = nlp.make_doc(text)
        people = [e.text for e in nlp(text).ents if e.label_ == "PERSON" and e.ent_id_ == "name"]
        if not may_name_person(doc):
            assert people == [], text  # the filter only drops texts the rules find no named person in
    assert may_name_person(nlp.make_doc(texts[0]))
    assert not may_name_person(nlp.make_doc(texts[2]))


def test_people_and_bodies_with_provenance_through_pipe():
    texts = [
        ("Richard Howe - Partnership Analyst (West Midlands Police)", 3),
        ("Insp Smith will report to WMP; wmp in lower case is not the initialism", 7),
    ]
    out = [
        (page, [(e.text, e.label_, e.ent_id_) for e in doc.ents])
        for doc, page in pipeline().pipe(texts, as_tuples=True)
    ]
    assert out[0][0] == 3 and out[1][0] == 7
    assert ("West Midlands Police", "ORG", "West Midlands Police") in out[0][1]
    assert ("Insp Smith", "PERSON", "rank") in out[1][1]
    orgs = [t for t, label, _ in out[1][1] if label == "ORG"]
    assert orgs == ["WMP"]


@pytest.mark.parametrize("dots", [False, True])
def test_every_rank_before_a_surname_is_a_person(dots):
    """Each rank of RANKS, as written and with a full stop after each word ('Ch. Supt. Jones'), with a surname
    or a first name and a surname, is one PERSON span from the rank on (the rules share patterns between ranks)."""
    nlp = pipeline()
    for rank in RANKS:
        words = [w.title() + ("." if dots else "") for w in rank.split()]
        for name in ("Jones", "Priya Jones"):
            text = f"Contact {' '.join(words)} {name} about the plan."
            people = [(e.text, e.ent_id_) for e in nlp(text).ents if e.label_ == "PERSON"]
            assert people == [(f"{' '.join(words)} {name}", "rank")], text


def test_the_first_word_of_a_longer_rank_is_no_rank_alone():
    nlp = pipeline()
    for text in ("Det Jones will report.", "Chief Jones will report.", "Ch. Jones will report."):
        assert [e.text for e in nlp(text).ents if e.label_ == "PERSON"] == [], text


def test_a_model_that_is_not_installed_is_a_clear_error():
    name = "en_plansift_no_such_model"
    assert not model_available(name)
    with pytest.raises(LookupError, match=name):
        pipeline(name)
