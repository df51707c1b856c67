"""The spaCy pipeline: built from registered factories, rule entities, no downloads."""

from __future__ import annotations

import pytest

from plansift.normalise.nlp import INITIALISM_RULER_NAME, RULER_NAME, model_available, pipeline


def test_blank_pipeline_with_the_gazetteer_rulers():
    nlp = pipeline()
    assert nlp.pipe_names == [RULER_NAME, INITIALISM_RULER_NAME]
    assert pipeline() is nlp  # built once per process


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


def test_a_model_that_is_not_installed_is_a_clear_error():
    name = "en_plansift_no_such_model"
    assert not model_available(name)
    with pytest.raises(LookupError, match=name):
        pipeline(name)
