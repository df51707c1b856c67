"""Areas: which LAA area a name means, and which area a whole document is about.

:func:`match_area` reads one name ('Sandwell MBC', 'Solihull Borough',
'Coventry City Council', 'Warwickshire County Council', 'Sandwell').

:func:`detect_area` weighs every mention of an area in a document: its title
and opening text count more than the rest; a body of one area ('Safer
Sandwell Partnership') votes for it, a body serving several ('West Midlands
Police') for none. A document must also read as English local government
(an LAA, National Indicators, a council, a community safety partnership) or
no area is given. An area mentioned only in passing is not enough.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from plansift.normalise.organisations import find_organisations, match_organisation, org_key

if TYPE_CHECKING:
    from plansift.extractors.model import Document
    from plansift.gazetteer import Area

MIN_AREA_SCORE = 4.0
"""The weighted mentions an area needs to be the document's area."""
MIN_AREA_LEAD = 2.0
"""The winning area must score at least this many times the runner-up."""
EARLY_CHARS = 600
"""Text within the first characters of a document (its title and header) weighs most."""

PLAN_MARKERS = re.compile(
    r"\bLAA\b|Local\s+Area\s+Agreement|National\s+Indicator|\bN\.?I\.?\s?-?\d{1,3}\b|\bCDRPs?\b|"
    r"Community\s+Safety|Crime\s+and\s+Disorder|Safer\s+(?:and\s+Stronger\s+)?Communities|"
    r"Local\s+Strategic\s+Partnership|Sustainable\s+Community\s+Strategy|Area\s+Based\s+Grant"
)
"""Words only a plan of English local government uses: without one, a text names no area and no bodies."""


def is_plan_text(text: str) -> bool:
    """True when ``text`` reads as an English local-government plan (an LAA, NIs, community safety)."""
    return isinstance(text, str) and PLAN_MARKERS.search(text) is not None


@dataclass(frozen=True, slots=True)
class AreaVote:
    """One mention counted towards an area: where, how much it weighs, and the text."""

    area: str
    weight: float
    raw: str


@cache
def _area_index() -> dict[str, Area]:
    from plansift.gazetteer import areas

    out: dict[str, Area] = {}
    for area in areas():
        for name in (area.name, area.council, *area.aliases):
            if name:
                out.setdefault(org_key(name), area)
    return out


@cache
def _bodies_by_name() -> dict:
    from plansift.gazetteer import organisations

    return {o.name: o for o in organisations()}


@cache
def _areas_by_name() -> dict[str, Area]:
    from plansift.gazetteer import areas

    return {a.name: a for a in areas()}


_LETTER_RUN = re.compile(r"(?<![\w-])[^\W\d_]+")


def _names_pattern(names: list[str]) -> re.Pattern[str]:
    # place names are proper nouns: matched with their capitals (checked by the caller), whitespace flexible
    alts = [r"\s+".join(re.escape(w) for w in n.split()) for n in names]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


@cache
def _area_patterns() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str] | None]:
    """The area names and aliases, longest first, by the run of letters they start with (case-folded:
    'north', 'st', 'kingston'); or a single pattern of them all when some name starts otherwise."""
    from plansift.gazetteer import areas

    names = sorted({n for a in areas() for n in (a.name, *a.aliases) if n}, key=lambda n: (-len(n), n))
    runs = [_LETTER_RUN.match(n) for n in names]
    if not all(runs):
        return {}, _names_pattern(names) if names else None
    by_run: dict[str, list[str]] = {}
    for name, run in zip(names, runs, strict=True):
        by_run.setdefault(run.group(0).casefold(), []).append(name)
    return {run: tuple(group) for run, group in by_run.items()}, None


@cache
def _run_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of the names sharing a first run, compiled the first time a word starts as they do."""
    return _names_pattern(list(names))


def _area_mentions(text: str) -> Iterator[re.Match[str]]:
    """Area names in ``text``, left to right, as one case-insensitive pattern of every name would find them.

    A name starts a word and its first run of letters is that word's first run of letters, so each word
    is tried against the names that start as it does (in the same longest-first order), not against all
    of them: the same matches, several times faster.

    Only the words that start some name are tried, and they are found in C rather than by reading every
    word in Python. The text's distinct words are those of its distinct whitespace-separated tokens (a
    word never spans whitespace, and whitespace is neither a letter nor a hyphen, so a token's words are
    the same alone as in the text); one pattern of the exact spellings whose case-folded form is a name's
    first run, bounded as :data:`_LETTER_RUN` bounds a word, then finds each place such a word stands and
    no other. Every word skipped starts no name, so the words tried, their order and the overlap rule are
    those of reading every word.
    """
    by_run, every = _area_patterns()
    if every is not None:
        yield from every.finditer(text)
        return
    distinct = set(_LETTER_RUN.findall(" ".join(set(text.split()))))
    starts = {w: names for w in distinct if (names := by_run.get(w.casefold())) is not None}
    if not starts:
        return
    spellings = sorted(starts, key=lambda w: (-len(w), w))
    words = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, spellings)) + r")(?![^\W\d_])")
    end = 0
    for word in words.finditer(text):
        if word.start() < end:
            continue
        m = _run_pattern(starts[word.group(0)]).match(text, word.start())
        if m is not None:
            end = m.end()
            yield m


def match_area(text: str) -> Area | None:
    """The area a short name means ('Sandwell MBC', 'Coventry City Council', 'Sandwell'), else None.

    A body of exactly one area ('Safer Sandwell Partnership') names that area too.
    """
    if not isinstance(text, str):
        return None
    key = org_key(re.sub(r"\s+", " ", text))
    if not key:
        return None
    area = _area_index().get(key)
    if area is not None:
        return area
    org = match_organisation(text)
    if org.matched and org.score >= 95:
        from plansift.gazetteer import organisations

        body = next((o for o in organisations() if o.name == org.name), None)
        if body is not None and body.area and len(body.covers) <= 1:
            return _areas_by_name().get(body.area)
    return None


def document_text(doc: Document) -> str:
    """The text a document's area is read from: its title, then every block's text, furniture included."""
    parts = []
    if doc.title:
        parts.append(doc.title)
    for page in doc.pages:
        for block in (*page.furniture, *page.blocks):
            text = block.text  # a table's text is built on each read: read once
            if text:
                parts.append(text)
    return "\n".join(parts)


def area_votes(text: str) -> list[AreaVote]:
    """The weighted mentions of areas in ``text`` (title and opening text weigh more)."""
    if not isinstance(text, str) or not text:
        return []
    return list(_area_votes(text))


@lru_cache(maxsize=2)
def _area_votes(text: str) -> tuple[AreaVote, ...]:
    """:func:`area_votes`, remembered for the last texts: a document's area and its entities read the same text."""
    early = min(EARLY_CHARS, max(200, len(text) // 10))
    opening = max(early, len(text) // 5)

    def weight(pos: int) -> float:
        return 3.0 if pos < early else 2.0 if pos < opening else 1.0

    bodies = _bodies_by_name()
    votes: list[AreaVote] = []
    masked: list[tuple[int, int]] = []
    for m in find_organisations(text):
        body = bodies.get(m.name) if m.matched else None
        if body is None:
            continue
        masked.append((m.start, m.end))
        if body.area and len(body.covers) <= 1 and m.score >= 100:
            votes.append(AreaVote(body.area, weight(m.start), m.raw))
    index = _area_index()
    for m in _area_mentions(text):
        if not m.group(0)[0].isupper() or any(s <= m.start() < e for s, e in masked):
            continue  # part of a body's name, counted above (or a body of several areas)
        area = index.get(org_key(m.group(0)))
        if area is not None:
            votes.append(AreaVote(area.name, weight(m.start()), m.group(0)))
    return tuple(votes)


def detect_area(doc: Document) -> Area | None:
    """The area a document is about, or None when the text does not say.

    Needs :data:`MIN_AREA_SCORE` weighted mentions, a lead of
    :data:`MIN_AREA_LEAD` times the runner-up, and a text that reads as
    English local government.
    """
    text = document_text(doc) if not isinstance(doc, str) else doc
    return area_of_text(text)


def area_of_text(text: str) -> Area | None:
    """:func:`detect_area` for plain text."""
    if not is_plan_text(text):
        return None
    scores: dict[str, float] = defaultdict(float)
    for vote in area_votes(text):
        scores[vote.area] += vote.weight
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    name, best = ranked[0]
    if best < MIN_AREA_SCORE:
        return None
    if len(ranked) > 1 and best < MIN_AREA_LEAD * ranked[1][1]:
        return None
    return _areas_by_name().get(name)
