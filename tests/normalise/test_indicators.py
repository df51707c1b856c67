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


def _plain_title_match(text: str):
    """The title match scored the plain way: both rapidfuzz scorers over every title, no early refusal."""
    import re

    from rapidfuzz import fuzz, process

    from plansift.normalise import indicators as ind

    query = re.sub(r"\([^)]*\)", " ", text)
    query = re.sub(r"\bper\s+1,?000\s*(?:pop(?:ulation)?\.?)?|\bLAA\s+Indicator\b", " ", query, flags=re.I)
    query = ind._norm(query)
    if len(query) < 6 or len(query.split()) < 2:
        return None
    names, codes = ind._title_choices()
    exact = ind._exact_titles().get(ind._norm(text)) or ind._exact_titles().get(query)
    if exact is not None:
        return exact, 100.0
    shortlist = {i for _, _, i in process.extract(query, names, scorer=fuzz.token_sort_ratio, limit=15)}
    shortlist |= {i for _, _, i in process.extract(query, names, scorer=fuzz.token_set_ratio, limit=15)}
    best: dict[str, float] = {}
    for i in shortlist:
        best[codes[i]] = max(best.get(codes[i], 0.0), float(ind._title_score(query, names[i])))
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    code, score = ranked[0]
    if score < (ind.TITLE_MIN_SCORE if len(query.split()) >= 3 else ind.SHORT_TITLE_MIN_SCORE):
        return None
    if len(ranked) > 1 and score - ranked[1][1] < ind.TITLE_MIN_MARGIN:
        return None
    return code, round(score, 1)


def test_title_matching_agrees_with_scoring_every_title_both_ways(samples_dir):
    """The pre-sorted titles and the early refusal change the speed, not one answer."""
    from plansift.extractors import read_document
    from plansift.gazetteer import indicators

    texts = set()
    for ind in indicators():
        for name in (ind.title, *ind.variants):
            words = name.split()
            texts |= {name, name + " rate", " ".join(words[:4]), " ".join(reversed(words)), name.upper()}
    for path in sorted(samples_dir.glob("*.txt")):
        for block in (b for page in read_document(path).pages for b in page.blocks):
            texts |= {line for line in block.text.splitlines() if 2 <= len(line.split()) <= 25}
    assert len(texts) > 1000
    for text in sorted(texts):
        got = match_indicator_title(text)
        assert (None if got is None else (got.code, got.score)) == _plain_title_match(text), text
