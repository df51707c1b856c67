"""Area names in text: the per-word lookup finds what one pattern of every name would find."""

from __future__ import annotations

import random
import re

from plansift.extractors import read_document
from plansift.gazetteer import areas
from plansift.normalise.areas import (
    _LETTER_RUN,
    _area_mentions,
    _area_patterns,
    _run_pattern,
    detect_area,
    document_text,
)


def _one_pattern() -> re.Pattern[str]:
    """Every area name and alias in one case-insensitive alternation, longest first (the plain way)."""
    names = sorted({n for a in areas() for n in (a.name, *a.aliases) if n}, key=lambda n: (-len(n), n))
    alts = [r"\s+".join(re.escape(w) for w in n.split()) for n in names]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _spans(matches) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in matches]


def test_area_mentions_match_one_pattern_of_every_name_on_the_samples(samples_dir):
    plain = _one_pattern()
    texts = [document_text(read_document(p)) for p in sorted(samples_dir.iterdir()) if p.is_file()]
    found = [_spans(_area_mentions(t)) for t in texts]
    assert found == [_spans(plain.finditer(t)) for t in texts]
    assert sum(map(len, found)) > 20  # the plans do name their areas


def test_area_mentions_match_one_pattern_on_awkward_spellings():
    plain = _one_pattern()
    names = sorted({n for a in areas() for n in (a.name, *a.aliases) if n})
    rng = random.Random(7)
    texts = []
    for _ in range(2000):
        picked = rng.sample(names, 3)
        joiner = rng.choice([" ", "-", "\n", "_", "2", ", ", "'s ", "", "\t"])
        forms = [
            rng.choice([n, n.lower(), n.upper(), "north " + n, n + "shire", n[:5], n.replace(" ", "\n  ")])
            for n in picked
        ]
        texts.append(joiner.join(forms))
    assert [_spans(_area_mentions(t)) for t in texts] == [_spans(plain.finditer(t)) for t in texts]


def _every_word(text: str):
    """Each word of the text tried in turn against the names that start as it does (no word skipped)."""
    by_run, _ = _area_patterns()
    end = 0
    for word in _LETTER_RUN.finditer(text):
        if word.start() < end:
            continue
        names = by_run.get(word.group(0).casefold())
        m = _run_pattern(names).match(text, word.start()) if names is not None else None
        if m is not None:
            end = m.end()
            yield m


def test_area_mentions_match_reading_every_word_on_odd_characters():
    # the words that start no name are skipped: odd whitespace, case folding ('ſt', 'ß', Kelvin K, dotted I,
    # ligatures), digits, underscores and hyphens beside a word must not change which words are tried
    names = sorted({n for a in areas() for n in (a.name, *a.aliases) if n})
    odd = [
        "ſt",
        "St.",
        "ST",
        "ß",
        "İsle",
        "ı",
        "\u212a",
        "ﬁ",
        "é",
        "²",
        "Ⅻ",
        "'s",
        "’",
        "_",
        "2",
        "-",
        "&",
        "the",
        "THE",
    ]
    gaps = ["", " ", "  ", "\n", "-", "\t", "\x1c", "\xa0", "\u2028", "\u3000", "\x85", "_", "2"]
    rng = random.Random(11)
    texts = [
        "",
        " ",
        "the",
        "Sandwell",
        "2Sandwell",
        "Sandwell_",
        "-Coventry",
        "Coventry-",
        "ſandwell",
        "ſt Helens",
        "İsle of Wight",
    ]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 12)):
            name = rng.choice(names)
            parts.append(rng.choice([name, name.upper(), name.lower(), rng.choice(odd), name.replace(" ", "\xa0")]))
            parts.append(rng.choice(gaps))
        texts.append("".join(parts))
    found = [_spans(_area_mentions(t)) for t in texts]
    assert found == [_spans(_every_word(t)) for t in texts]
    assert sum(map(len, found)) > 1000


def test_the_area_of_each_sample_plan(samples_dir):
    found = {p.name.split("-")[0]: detect_area(read_document(p)) for p in sorted(samples_dir.glob("*.txt"))}
    assert found["coventry"].name == "Coventry"
    assert found["sandwell"].name == "Sandwell"
    assert found["warwickshire"].name == "Warwickshire"
