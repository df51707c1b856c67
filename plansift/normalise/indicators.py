"""National Indicators: codes as plans write them, and titles written without a code.

Codes: 'NI 15', 'NI15', 'NI-015', 'LAA NI 16', 'N.I. 16', 'National Indicator 16',
lists ('NI 15 & NI 16', 'NI 15, 16 and 21', 'NI 19 and NI 30'). Only numbers of the
2008 National Indicator Set (1..198, as the gazetteer holds them) count.

Titles: 'Serious Acquisitive Crime rate' is NI 16 even without its code.
:func:`match_indicator_title` compares a text with every title and variant
(rapidfuzz) and refuses a weak best match or two close candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from plansift.normalise.organisations import sorted_words

TITLE_MIN_SCORE = 88.0
"""A title-only match below this score is refused."""
SHORT_TITLE_MIN_SCORE = 97.0
"""A mention of one or two words ('crime rate') must be all but exact."""
TITLE_MIN_MARGIN = 4.0
"""A title-only match whose runner-up (another indicator) scores within this margin is refused."""

_CODE_HEAD = (
    r"(?<![A-Za-z0-9])(?:LAA\s+)?(?:NI|N\.\s?I\.?|National\s+Indicators?)\s*(?:[-:#.]\s*)?(?:No\.?\s*)?"
    r"(?P<n>0{0,2}[1-9]\d{0,2})(?![\d%/]|\.\d|,\d{3})"
)
# a further number in a list: ', 16', ' & NI 16', ' and 21', '/NI 30'
_CODE_MORE = (
    r"\s*(?:,|&|\+|/|\band\b|\bor\b|,\s*and\b)\s*(?:(?:NI|N\.\s?I\.?)\s*(?:[-:#.]\s*)?)?"
    r"(?P<n>0{0,2}[1-9]\d{0,2})(?![\d%/]|\.\d|,\d{3}|\s*(?:%|per\b|years?\b|months?\b|weeks?\b|days?\b))"
)


@dataclass(frozen=True, slots=True)
class IndicatorMention:
    """One indicator named in text: canonical code and title, the raw spelling, where, and how sure (0..100)."""

    code: str
    title: str
    raw: str
    start: int
    end: int
    score: float = 100.0


@cache
def _head_re() -> re.Pattern[str]:
    return re.compile(_CODE_HEAD)


@cache
def _more_re() -> re.Pattern[str]:
    return re.compile(_CODE_MORE, re.IGNORECASE)


@cache
def _by_number() -> dict[int, tuple[str, str]]:
    from plansift.gazetteer import indicators

    return {ind.number: (ind.code, ind.title) for ind in indicators()}


def indicator_title(code: str) -> str | None:
    """The canonical title of an indicator code ('NI 16' or any spelling of it), else None."""
    canonical = canonical_indicator_code(code) if isinstance(code, str) else None
    if canonical is None:
        return None
    return _by_number()[int(canonical.split()[1])][1]


def find_indicator_codes(text: str) -> list[IndicatorMention]:
    """Every National Indicator code written in ``text``, in order (a list 'NI 15, 16 and 21' gives three).

    >>> [m.code for m in find_indicator_codes('NI 15 & NI 16 offenders; NI69 and N.I. 111')]
    ['NI 15', 'NI 16', 'NI 69', 'NI 111']
    >>> [m.code for m in find_indicator_codes('Indicators focussed on Narrowing the Gap NI 15, 16 and 21')]
    ['NI 15', 'NI 16', 'NI 21']
    >>> find_indicator_codes('NI 250 and NIGHT 15')
    []
    """
    if not isinstance(text, str) or "N" not in text:  # every code is spelt with a capital N
        return []
    return list(_codes_cached(text))


@lru_cache(maxsize=4096)
def _codes_cached(text: str) -> tuple[IndicatorMention, ...]:
    """:func:`find_indicator_codes` memoised: recognisers ask again about the same cells and sentences."""
    known = _by_number()
    out: list[IndicatorMention] = []
    pos = 0
    while m := _head_re().search(text, pos):
        pos = m.end()
        number = int(m.group("n"))
        if number not in known:
            continue
        code, title = known[number]
        out.append(IndicatorMention(code=code, title=title, raw=m.group(0), start=m.start(), end=m.end()))
        while more := _more_re().match(text, pos):
            number = int(more.group("n"))
            if number not in known:
                break
            code, title = known[number]
            raw = text[more.start("n") : more.end()]
            raw_start = more.start("n")
            head = re.search(r"(?:NI|N\.\s?I\.?)\s*(?:[-:#.]\s*)?$", text[more.start() : more.start("n")], re.I)
            if head:
                raw_start = more.start() + head.start()
                raw = text[raw_start : more.end()]
            out.append(IndicatorMention(code=code, title=title, raw=raw, start=raw_start, end=more.end()))
            pos = more.end()
    return tuple(out)


def canonical_indicator_code(text: str) -> str | None:
    """The code of a cell holding one indicator ('NI15', 'NI-015', 'National Indicator 16'), else None.

    >>> canonical_indicator_code('NI-015')
    'NI 15'
    >>> canonical_indicator_code('NI 15 & NI 16') is None
    True
    """
    codes = {m.code for m in find_indicator_codes(text)} if isinstance(text, str) else set()
    return codes.pop() if len(codes) == 1 else None


def _norm(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9%]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def _title_choices() -> tuple[list[str], list[str]]:
    """Normalised titles and variants, and the code each belongs to (parallel lists)."""
    from plansift.gazetteer import indicators

    names: list[str] = []
    codes: list[str] = []
    seen: set[tuple[str, str]] = set()
    for ind in indicators():
        for name in (ind.title, *ind.variants):
            key = (_norm(name), ind.code)
            if key[0] and key not in seen:
                seen.add(key)
                names.append(key[0])
                codes.append(ind.code)
    return names, codes


@cache
def _sorted_titles() -> list[str]:
    """The normalised titles of :func:`_title_choices` with their words sorted (what token_sort_ratio compares)."""
    return [sorted_words(name) for name in _title_choices()[0]]


def _title_score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    # token_sort penalises missing words; token_set forgives word order and repetition.
    return 0.5 * fuzz.token_sort_ratio(a, b) + 0.5 * fuzz.token_set_ratio(a, b)


def match_indicator_title(text: str) -> IndicatorMention | None:
    """The indicator a title-only mention names ('Serious Acquisitive Crime rate' -> NI 16), else None.

    Refuses (None) when the best score is below :data:`TITLE_MIN_SCORE` or a
    different indicator scores within :data:`TITLE_MIN_MARGIN` of it.
    """
    if not isinstance(text, str):
        return None
    return _match_title_cached(text)


@lru_cache(maxsize=8192)
def _match_title_cached(text: str) -> IndicatorMention | None:
    """:func:`match_indicator_title` for one text (documents repeat the same cells; the answer is immutable)."""
    query = re.sub(r"\([^)]*\)", " ", text)
    query = re.sub(r"\bper\s+1,?000\s*(?:pop(?:ulation)?\.?)?|\bLAA\s+Indicator\b", " ", query, flags=re.I)
    query = _norm(query)
    if len(query) < 6 or len(query.split()) < 2:
        return None
    names, codes = _title_choices()
    if not names:
        return None
    exact = _exact_titles().get(_norm(text)) or _exact_titles().get(query)
    if exact is not None:
        return _mention(text, exact, 100.0)
    from rapidfuzz import fuzz, process

    # two fast scorers pick the candidates; the combined score ranks them. token_sort_ratio is the plain
    # ratio of the sorted words, so the titles' words are sorted once (_sorted_titles), not on every call.
    by_sort = process.extract(sorted_words(query), _sorted_titles(), scorer=fuzz.ratio, limit=15)
    need = TITLE_MIN_SCORE if len(query.split()) >= 3 else SHORT_TITLE_MIN_SCORE
    if not by_sort or by_sort[0][1] < 2 * need - 100:
        return None  # half of the score is at most this, the other half at most 100: it cannot reach `need`
    shortlist = {i for _, _, i in by_sort}
    shortlist |= {i for _, _, i in process.extract(query, names, scorer=fuzz.token_set_ratio, limit=15)}
    best_by_code: dict[str, float] = {}
    for idx in shortlist:
        code, score = codes[idx], _title_score(query, names[idx])
        best_by_code[code] = max(best_by_code.get(code, 0.0), float(score))
    ranked = sorted(best_by_code.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked:
        return None
    code, score = ranked[0]
    if score < (TITLE_MIN_SCORE if len(query.split()) >= 3 else SHORT_TITLE_MIN_SCORE):
        return None
    if len(ranked) > 1 and score - ranked[1][1] < TITLE_MIN_MARGIN:
        return None
    return _mention(text, code, round(score, 1))


def _mention(text: str, code: str, score: float) -> IndicatorMention:
    title = _by_number()[int(code.split()[1])][1]
    stripped = text.strip()
    start = text.find(stripped) if stripped else 0
    return IndicatorMention(code=code, title=title, raw=stripped, start=start, end=start + len(stripped), score=score)


@cache
def _exact_titles() -> dict[str, str]:
    """Normalised titles and variants that name exactly one indicator."""
    names, codes = _title_choices()
    owners: dict[str, set[str]] = {}
    for name, code in zip(names, codes, strict=True):
        owners.setdefault(name, set()).add(code)
    return {name: next(iter(c)) for name, c in owners.items() if len(c) == 1}
