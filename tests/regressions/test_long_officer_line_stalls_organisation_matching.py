"""Regression (fuzz): one very long officer line stalled recognition past the 30 s hang limit.

Found by benchmarks/fuzz.py (seed 20261123): the Sandwell plan with 'Chief Supts K1 and K2' repeated
about 850 times on one line (18,656 characters). ``officers._org_of`` tried every split of the line into
a body and a post, two organisation lookups per split, and each lookup fuzzy-matched a key of thousands
of characters against the gazetteer (rapidfuzz over 6,564 keys): minutes. A body's name has at most a
few words (the longest gazetteer key has 69 characters), so lines longer than that are no longer split
or fuzzy-matched. The timeout is a hang guard, not a speed target.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plansift import read_document
from plansift.normalise.organisations import match_organisation
from plansift.pipeline import analyse

SAMPLE = Path(__file__).resolve().parents[2] / "samples/sandwell-laa-implementation-plan-high-volume-crime.txt"


@pytest.mark.timeout(60)
def test_long_officer_line_stalls_organisation_matching(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    assert "Chief Supts K1 and K2" in text
    path = tmp_path / "plan.txt"
    path.write_text(text.replace("Chief Supts K1 and K2", "Chief Supts K1 and K2 " * 850, 1), encoding="utf-8")
    records, _, area = analyse(read_document(path), document_name=path.name, sha256="0" * 64)
    assert area is not None and area.name == "Sandwell"
    assert any(r["record_type"] == "target" for r in records)


@pytest.mark.timeout(30)
def test_a_run_of_text_is_never_fuzzy_matched_to_a_body():
    run = "West Midlands Police and Sandwell MBC " * 200
    assert not match_organisation(run).matched
    assert match_organisation("West Midlands Police").matched
