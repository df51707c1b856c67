"""Indicator codes and title-only mentions, as the corpus writes them, and what must be refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansift.normalise.indicators import (
    canonical_indicator_code,
    find_indicator_codes,
    indicator_title,
    match_indicator_title,
)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("NI 15", ["NI 15"]),
        ("NI15", ["NI 15"]),
        ("NI-015", ["NI 15"]),
        ("LAA NI 16", ["NI 16"]),
        ("N.I. 16", ["NI 16"]),
        ("National Indicator 16", ["NI 16"]),
        ("NI 15 & NI 16 offenders", ["NI 15", "NI 16"]),
        ("NI 15, 16 and 21", ["NI 15", "NI 16", "NI 21"]),
        ("NI 19 and NI 30", ["NI 19", "NI 30"]),
        ("Indicators incorporating cross cutting issues\tNI 21, 30", ["NI 21", "NI 30"]),
        ("NI69 children who have experienced bullying; NI71 Children who have run away", ["NI 69", "NI 71"]),
        ("NI 15 – Serious Violent Crime Rate, NI 20 – Assault With Injury Crime Rate", ["NI 15", "NI 20"]),
        ("NI 15 To reduce incidents of serious violent crime by 5% each year", ["NI 15"]),
        ("NI 47 To reduce KSI by 1% each year – 393 by Mar 09", ["NI 47"]),
        ("* Cross-cutting issue with NI 111", ["NI 111"]),
        # refused: numbers outside the set, words that start with NI, codes of other schemes
        ("NI 250", []),
        ("NI 0", []),
        ("NIGHT 15", []),
        ("UNI 15", []),
        ("HVC 1", []),
        ("LAA 3", []),
        ("ni 15", []),
        ("NI 30 and 40 per cent", ["NI 30"]),
        ("", []),
    ],
)
def test_find_indicator_codes(text, codes):
    assert [m.code for m in find_indicator_codes(text)] == codes


def test_mentions_point_at_their_text():
    text = "Successful completion of community sentences for NI 15 & NI 16 young offenders"
    found = find_indicator_codes(text)
    assert [text[m.start : m.end] for m in found] == [m.raw for m in found] == ["NI 15", "NI 16"]
    assert all(m.title == indicator_title(m.code) for m in found)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NI-015", "NI 15"),
        (" NI 111 ", "NI 111"),
        ("National Indicator 16", "NI 16"),
        ("NI 15 & NI 16", None),
        ("Serious violent crime", None),
        ("", None),
    ],
)
def test_canonical_indicator_code(text, code):
    assert canonical_indicator_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Serious Acquisitive Crime rate", "NI 16"),
        ("Assault with injury crime rate", "NI 20"),
        ("Assault With Injury Crime Rate Per 1,000 Population", "NI 20"),
        ("Serious Violent Crime Rate", "NI 15"),
        ("Rate of proven re-offending by young offenders", "NI 19"),
        ("Re-offending rate of Prolific & Priority Offenders (PPOs)", "NI 30"),
        # refused: too vague, or several indicators answer equally well
        ("crime rate", None),
        ("Crime", None),
        ("Funding & Planned Spend", None),
        ("Increase the use of civil orders to reduce violent crime", None),
        ("", None),
    ],
)
def test_match_indicator_title(text, code):
    got = match_indicator_title(text)
    assert (got.code if got else None) == code


def test_indicator_title_is_canonical():
    assert indicator_title("NI15") == indicator_title("NI 15")
    assert indicator_title("NI 999") is None
    assert indicator_title(None) is None


@given(st.text(max_size=60))
def test_never_raise_and_codes_are_stable(text):
    for m in find_indicator_codes(text):
        assert canonical_indicator_code(m.code) == m.code
    hit = match_indicator_title(text)
    if hit is not None:
        assert match_indicator_title(hit.title).code == hit.code
