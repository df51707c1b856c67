"""Organisations and funding streams: from a mention to the gazetteer's canonical name, or an honest 'unmatched'.

A match keeps its candidates and scores (the reconciliation design): an
unsure mention is never mapped (``matched=False``, ``name=None``, the raw text
kept). Generic names ('Police', 'YOS', 'PCT', 'the Council', 'WCC') mean a
body only inside a document about one of the areas it serves, so they resolve
through the document's area and stay unmatched without one.

:func:`find_organisations` finds gazetteer names in running text with one
regex compiled from every name and alias (word boundaries; initialisms
case-sensitive, dotted forms 'W.C.C.' allowed), built once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from plansift.normalise.acronyms import expansion

if TYPE_CHECKING:
    from plansift.gazetteer import Area, Organisation

FUZZY_MIN_SCORE = 92.0
"""A fuzzy organisation match below this score is refused."""
FUZZY_MIN_MARGIN = 3.0
"""A fuzzy match whose runner-up (another body) scores within this margin is refused."""
EXACT, GENERIC_IN_AREA = 100.0, 95.0
DISTRICT_TIER_TYPES = frozenset({"community_safety_partnership", "local_strategic_partnership"})
"""Bodies each district of a county has: a generic name cannot mean the county's own."""


@dataclass(slots=True)
class OrgMatch:
    """The outcome of matching one mention: canonical name or None, with the candidates considered.

    ``start``/``end`` locate the mention when it was found in running text (-1 otherwise).
    """

    raw: str
    name: str | None
    org_type: str | None
    score: float
    matched: bool
    candidates: list[tuple[str, float]] = field(default_factory=list)
    start: int = -1
    end: int = -1

    def copy(self) -> OrgMatch:
        """A copy with its own candidate list (``dataclasses.replace`` is slow on this hot path)."""
        return OrgMatch(
            self.raw, self.name, self.org_type, self.score, self.matched, list(self.candidates), self.start, self.end
        )


def org_key(text: str) -> str:
    """The comparison key of a name: case-folded, '&' as 'and', punctuation dropped, leading 'the' dropped.

    >>> org_key("The W.C.C.")
    'wcc'
    >>> org_key("Domestic Violence & Abuse Partnership")
    'domestic violence and abuse partnership'
    """
    return _org_key_cached(text)


_INITIAL_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b|\w\.)")
_APOSTROPHE = re.compile(r"[’'`]")
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")


@lru_cache(maxsize=1 << 17)
def _org_key_cached(text: str) -> str:
    """:func:`org_key` memoised: running text looks up the same runs of words again and again.

    The patterns are compiled once: ``re.sub`` with a pattern string looks it up in the module's cache on
    every call, five times per name, and the index of the gazetteer's names makes tens of thousands.
    """
    text = text.casefold().replace("&", " and ").replace("+", " and ")
    text = _INITIAL_DOT.sub("", text)  # W.C.C. -> WCC
    text = _APOSTROPHE.sub("", text)
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


def _is_initialism(name: str) -> bool:
    bare = name.replace(".", "").replace("&", "")
    return bare.isupper() and " " not in name.strip() and len(bare) <= 8


@dataclass(frozen=True, slots=True)
class _Index:
    by_key: dict[str, tuple[Organisation, ...]]
    """Names and aliases (mean their body anywhere)."""
    generic: dict[str, tuple[Organisation, ...]]
    """Generic names (mean a body only within one of the areas it serves)."""
    fuzzy_keys: tuple[str, ...]
    fuzzy_orgs: tuple[Organisation, ...]
    fuzzy_sorted: tuple[str, ...]
    """``fuzzy_keys`` with their words sorted: plain ratio on these is token_sort_ratio, without re-sorting."""


@cache
def _index() -> _Index:
    from plansift.gazetteer import organisations

    # bodies by key, each once, in gazetteer order (dicts as ordered sets: a generic key such as 'council'
    # has hundreds of bodies, and testing a list for each was most of the time this index took to build)
    by_key: dict[str, dict[Organisation, None]] = {}
    generic: dict[str, dict[Organisation, None]] = {}
    for org in organisations():
        for name in (org.name, *org.aliases):
            key = org_key(name)
            if key:
                by_key.setdefault(key, {})[org] = None
        for name in org.generic:
            key = org_key(name)
            if key:
                generic.setdefault(key, {})[org] = None
    fuzzy = [(k, o) for k, orgs in by_key.items() for o in orgs if len(k) > 6]
    return _Index(
        by_key={k: tuple(v) for k, v in by_key.items()},
        generic={k: tuple(v) for k, v in generic.items()},
        fuzzy_keys=tuple(k for k, _ in fuzzy),
        fuzzy_orgs=tuple(o for _, o in fuzzy),
        fuzzy_sorted=tuple(sorted_words(k) for k, _ in fuzzy),
    )


def sorted_words(text: str) -> str:
    """The words of ``text`` sorted: rapidfuzz's token_sort_ratio is the plain ratio of two such strings."""
    return " ".join(sorted(text.split()))


def _serves(org: Organisation, area: Area | None) -> bool:
    return area is not None and (org.area == area.name or area.name in org.covers)


def _in_area(orgs: tuple[Organisation, ...], area: Area | None) -> tuple[Organisation, ...]:
    return tuple(o for o in orgs if _serves(o, area))


def _unmatched(raw: str, candidates: list[tuple[str, float]] | None = None) -> OrgMatch:
    return OrgMatch(raw=raw, name=None, org_type=None, score=0.0, matched=False, candidates=candidates or [])


def _found(raw: str, org: Organisation, score: float, candidates: list[tuple[str, float]]) -> OrgMatch:
    return OrgMatch(raw=raw, name=org.name, org_type=org.org_type, score=score, matched=True, candidates=candidates)


def _clean(raw: str) -> str:
    text = re.sub(r"\s+", " ", raw).strip()
    text = re.sub(r"^(?:the|and|\+|&)\s+", "", text, flags=re.I)
    return text.strip(" ,.;:()[]-–*•·")


def _exact(key: str, area: Area | None) -> tuple[Organisation | None, float, list[tuple[str, float]]]:
    idx = _index()
    orgs = idx.by_key.get(key, ())
    if len(orgs) == 1:
        return orgs[0], EXACT, [(orgs[0].name, EXACT)]
    if len(orgs) > 1:
        local = _in_area(orgs, area)
        cands = [(o.name, EXACT) for o in orgs]
        return (local[0] if len(local) == 1 else None), EXACT, cands
    gen = idx.generic.get(key, ())
    if gen:
        local = _in_area(gen, area)
        if area is not None and area.area_type == "county":
            # in a two-tier area the district partnerships ('the CDRP', 'LSPs') are not the county's body
            local = tuple(o for o in local if o.org_type not in DISTRICT_TIER_TYPES)
        cands = [(o.name, GENERIC_IN_AREA) for o in (local or gen)][:10]
        # several local bodies share a generic name (a county's district councils): only a council wins
        if len(local) > 1:
            councils = [o for o in local if o.org_type == "council" and o.area == (area.name if area else None)]
            local = tuple(councils) if len(councils) == 1 else local
        return (local[0] if len(local) == 1 else None), GENERIC_IN_AREA, cands
    return None, 0.0, []


FUZZY_MAX_CHARS = 160
"""A key longer than this is a sentence or a run of text, not a name: never fuzzy-matched (the longest
name or alias in the gazetteer has 69 characters, and a long run made a stall in the fuzz run)."""


def _fuzzy(key: str, area: Area | None) -> tuple[Organisation | None, float, list[tuple[str, float]]]:
    from rapidfuzz import fuzz, process

    idx = _index()
    if len(key) <= 6 or len(key) > FUZZY_MAX_CHARS or not idx.fuzzy_keys:
        return None, 0.0, []
    best: dict[str, tuple[float, Organisation]] = {}
    # token_sort_ratio(key, k) == ratio(sorted words of key, sorted words of k): the choices are sorted once
    for _k, score, i in process.extract(sorted_words(key), idx.fuzzy_sorted, scorer=fuzz.ratio, limit=15):
        org = idx.fuzzy_orgs[i]
        if org.area and area is not None and not _serves(org, area):
            score -= 5  # another area's body: only an unmistakable spelling may name it
        if score > best.get(org.name, (-1.0, org))[0]:
            best[org.name] = (float(score), org)
    ranked = sorted(best.values(), key=lambda so: (-so[0], so[1].name))
    cands = [(o.name, round(s, 1)) for s, o in ranked[:5]]
    if not ranked or ranked[0][0] < FUZZY_MIN_SCORE:
        return None, ranked[0][0] if ranked else 0.0, cands
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < FUZZY_MIN_MARGIN:
        return None, ranked[0][0], cands
    return ranked[0][1], ranked[0][0], cands


def match_organisation(raw: str, area: Area | None = None) -> OrgMatch:
    """The canonical organisation a mention names, resolved within ``area`` for generic names.

    Tries, in order: an exact name or alias; a generic name within the area;
    a hyphenated host-unit form ('WCC-DAAT' is the DAAT, 'WCC-CYPF' the
    council); a fuzzy match (rapidfuzz) that must be strong and clear of its
    runner-up. Anything else is returned unmatched with its candidates.
    """
    if not isinstance(raw, str):
        return _unmatched("" if raw is None else str(raw))
    full = expansion(raw)
    if full is not None:  # initials the document defined ('Safer York Partnership (SYP)'): its meaning wins
        found = _match_name(full, area)
        if not found.matched:
            return _unmatched(full, found.candidates)
        found.raw = raw
        return found
    return _match_name(raw, area)


def _match_name(raw: str, area: Area | None) -> OrgMatch:
    if area is not None and _known_area(area):
        found = _match_cached(raw, area.name)
    elif area is None:
        found = _match_cached(raw, None)
    else:
        found = _match(raw, area)  # an area the gazetteer does not hold: nothing to cache it by
    return found.copy()


@cache
def _gazetteer_areas() -> dict[str, Area]:
    from plansift.gazetteer import areas

    return {a.name: a for a in areas()}


def _known_area(area: Area) -> bool:
    return _gazetteer_areas().get(area.name) == area


@lru_cache(maxsize=1 << 16)
def _match_cached(raw: str, area_name: str | None) -> OrgMatch:
    """:func:`_match` memoised: long plans repeat their owners and partners on every row."""
    return _match(raw, _gazetteer_areas().get(area_name) if area_name else None)


def _match(raw: str, area: Area | None) -> OrgMatch:
    text = _clean(raw)
    key = org_key(text)
    if not key:
        return _unmatched(raw)
    org, score, cands = _exact(key, area)
    if org is not None:
        return _found(raw, org, score, cands)
    if cands:  # a known name that the area cannot resolve: not a guess
        return _unmatched(raw, cands)
    parts = [p for p in re.split(r"\s*[-–]\s*|\s+(?=\()", text) if p.strip()]
    if len(parts) > 1:
        # 'WCC-DAAT', 'WCC- all directorates', 'DAAT – WCC': prefer the more specific unit that is a body
        hits = [(i, _exact(org_key(p), area)) for i, p in enumerate(parts)]
        hits = [(i, h) for i, h in hits if h[0] is not None]
        if hits:
            non_council = [(i, h) for i, h in hits if h[0].org_type != "council"]
            _, (org, score, cands) = (non_council or hits)[0]
            return _found(raw, org, min(score, GENERIC_IN_AREA), cands)
    org, score, cands = _fuzzy(key, area)
    if org is not None:
        return _found(raw, org, round(score, 1), cands)
    return _unmatched(raw, cands)


@dataclass(frozen=True, slots=True)
class _NameLookup:
    keys: frozenset[str]
    """Keys of every name, alias and generic name."""
    needs_article: frozenset[str]
    """Keys written only with 'the' ('the Met'): without it the word is an ordinary one ('Target Met')."""
    initialism_keys: frozenset[str]
    """Keys written only as initialisms ('WMP', 'LA'): matched with their capitals."""
    first_words: frozenset[str]
    max_words: int


@cache
def _name_lookup() -> _NameLookup:
    from plansift.gazetteer import organisations

    spellings: dict[str, list[str]] = {}
    for org in organisations():
        for name in (org.name, *org.aliases, *org.generic):
            key = org_key(name)
            if key:
                spellings.setdefault(key, []).append(name)
    return _NameLookup(
        keys=frozenset(spellings),
        needs_article=frozenset(k for k, names in spellings.items() if all(re.match(r"the\s", n, re.I) for n in names)),
        initialism_keys=frozenset(k for k, names in spellings.items() if all(_is_initialism(n) for n in names)),
        first_words=frozenset(k.split()[0] for k in spellings),
        max_words=max((len(k.split()) for k in spellings), default=0),
    )


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|&")
_JOINER = re.compile(r"[ \t.&'’-]*|\s+")
"""What may stand between two words of one name: spaces, dots (W.C.C.), hyphens, '&'; not ',', '/', '('."""


def find_organisations(text: str, area: Area | None = None) -> list[OrgMatch]:
    """Gazetteer organisations named in running text, in order, each with where it stands.

    Looks each run of words up among the gazetteer's names (longest first),
    initialisms only with their capitals, and never a name followed by "'s"
    (the City Council's plan names the plan). Generic names resolve within
    ``area``; without one (or with several bodies answering) they come back
    unmatched, raw text kept.
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[OrgMatch] = []
    for start, end in _name_spans(text):
        res = match_organisation(text[start:end], area)
        res.start, res.end = start, end
        out.append(res)
    return out


@lru_cache(maxsize=4096)
def _name_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where :func:`find_organisations` finds names in ``text`` (the area only resolves them): memoised,
    as recognisers and entities read the same cells."""
    look = _name_lookup()
    if not look.keys:
        return ()
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in look.first_words:
            i += 1
            continue
        hit = None
        last = min(len(tokens), i + look.max_words + 1)
        j = i
        while j + 1 < last and _JOINER.fullmatch(text[tokens[j][1] : tokens[j + 1][0]]):
            j += 1
        for k in range(j, i - 1, -1):
            start, end = tokens[i][0], tokens[k][1]
            raw = text[start:end]
            key = org_key(raw)
            if key not in look.keys:
                continue
            if key in look.initialism_keys and not raw.replace(".", "").replace("&", "").isupper():
                continue
            if key in look.needs_article and not re.search(r"\bthe\s+$", text[max(0, start - 6) : start], re.I):
                continue
            if re.match(r"['’]s\b", text[end : end + 3]):
                break  # a possessive: the name owns what follows
            hit = (start, end, k)
            break
        if hit is None:
            i += 1
            continue
        out.append((hit[0], hit[1]))
        i = hit[2] + 1
    return tuple(out)


_FUNDING_NOISE = (
    r"\b(?:core\s+funds?|funds|funding|monies|money|allocation|budget|grant\s+funding)\b"
    r"|[-–]\s*(?:rev(?:enue)?|cap(?:ital)?)\b\.?|\((?:rev(?:enue)?|cap(?:ital)?)\)"
)


@cache
def _funding_index() -> tuple[dict[str, tuple[str, str | None]], tuple[str, ...], tuple[str, ...]]:
    from plansift.gazetteer import funding_streams

    by_key: dict[str, tuple[str, str | None]] = {}
    for fs in funding_streams():
        for name in (fs.name, *fs.aliases):
            by_key.setdefault(org_key(name), (fs.name, fs.funder))
    keys = tuple(k for k in by_key if len(k) > 6)
    return by_key, keys, tuple(by_key[k][0] for k in keys)


def match_funding_stream(raw: str, area: Area | None = None) -> OrgMatch | None:
    """The funding stream or funder a budget line names ('WNF', 'SSCF – rev', 'Home Office Funding'), else None.

    A stream gives ``org_type='funding_stream'``; a funder (an organisation)
    its own type. Unknown lines give None: the caller keeps the raw text.
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    by_key, keys, names = _funding_index()
    text = _clean(raw)
    for candidate in (text, re.sub(_FUNDING_NOISE, " ", text, flags=re.I)):
        key = org_key(candidate)
        if not key:
            continue
        if key in by_key:
            return OrgMatch(raw, by_key[key][0], "funding_stream", EXACT, True, [(by_key[key][0], EXACT)])
        org = match_organisation(candidate, area)
        if org.matched:
            org.raw = raw
            return org
    key = org_key(re.sub(_FUNDING_NOISE, " ", text, flags=re.I))
    # a stream named inside a longer line: 'Source - Home Office Road Safety Grant'
    padded = f" {org_key(text)} "
    inside = [k for k in keys if " " in k and f" {k} " in padded]
    if inside:
        best = max(inside, key=lambda k: (len(k), k))
        return OrgMatch(raw, by_key[best][0], "funding_stream", GENERIC_IN_AREA, True, [(by_key[best][0], EXACT)])
    if len(key) > 6 and keys:
        from rapidfuzz import fuzz, process

        ranked = process.extract(key, keys, scorer=fuzz.token_sort_ratio, limit=5)
        cands = [(names[i], float(s)) for _, s, i in ranked]
        distinct = sorted({n: s for n, s in reversed(cands)}.items(), key=lambda x: -x[1])
        if (
            distinct
            and distinct[0][1] >= FUZZY_MIN_SCORE
            and (len(distinct) == 1 or distinct[0][1] - distinct[1][1] >= FUZZY_MIN_MARGIN)
        ):
            return OrgMatch(raw, distinct[0][0], "funding_stream", round(distinct[0][1], 1), True, cands)
    return None


ORG_HEADS = (
    "partnership",
    "partnerships",
    "group",
    "team",
    "teams",
    "service",
    "services",
    "board",
    "trust",
    "association",
    "council",
    "councils",
    "authority",
    "agency",
    "office",
    "department",
    "courts",
    "court",
    "commission",
    "network",
    "forums",
    "forum",
    "committee",
    "constabulary",
    "police",
    "probation",
    "watch",
    "support",
)
"""Last words of organisation names; a capitalised phrase ending in one names a body."""
_PROSE_HEADS = frozenset(
    h for h in ORG_HEADS if h not in {"forum", "forums", "support", "watch", "police", "probation"}
)
"""Heads trusted in running prose (forums and support schemes are named there as activities too)."""

_CAP = r"(?:[A-Z][\w’'&-]*|&)"
_LOWER_HEAD = r"(?:teams?|services?)"
_LINK = r"(?:and|&|of|for|the|against|on)"


@cache
def _phrase_re() -> re.Pattern[str]:
    # Title-case runs joined by minor words: 'Hate Crime Reduction Partnership', 'Domestic Violence & Abuse Partnership'
    # a lower-case head may close a capitalised run or an initialism: 'Safer Neighbourhood teams', 'the ASBAT service'
    return re.compile(
        rf"(?<![\w&-])(?:{_CAP}(?: (?:{_LINK} )*{_CAP})+(?: {_LOWER_HEAD})?|[A-Z]{{3,8}} {_LOWER_HEAD})(?![\w&-])"
    )


_LEADING_NOISE = frozenset(
    [
        "the",
        "a",
        "an",
        "our",
        "their",
        "this",
        "that",
        "these",
        "each",
        "every",
        "all",
        "any",
        "and",
        "deliver",
        "ensure",
        "provide",
        "review",
        "establish",
        "work",
        "quarterly",
        "monthly",
        "annual",
        "reporting",
        "report",
        "monitoring",
        "through",
        "with",
        "via",
        "by",
        "to",
        "from",
        "of",
        "for",
        "in",
        "at",
        "on",
        "although",
        "however",
        "while",
        "where",
        "when",
        "if",
        "as",
        "since",
        "because",
        # the imperative that opens an action ('Extend the Youth Offending Team's triage'): never part of a name
        "agree",
        "appoint",
        "build",
        "complete",
        "conduct",
        "continue",
        "co-ordinate",
        "coordinate",
        "create",
        "develop",
        "embed",
        "encourage",
        "engage",
        "enforce",
        "evaluate",
        "expand",
        "extend",
        "implement",
        "improve",
        "increase",
        "introduce",
        "launch",
        "maintain",
        "promote",
        "recruit",
        "reduce",
        "roll",
        "strengthen",
        "tackle",
        "undertake",
    ]
)


def find_org_phrases(text: str, heads: frozenset[str] = _PROSE_HEADS) -> list[tuple[str, int, int]]:
    """Capitalised phrases of running text that name a body: ``(phrase, start, end)``.

    A phrase must end in an organisation head ('Group', 'Partnership',
    'Service', 'Team', 'Board', 'Trust', ...), hold at least one other
    capitalised word, and not run on into a plan or document ('Community
    Safety Partnership Strategic Assessment' is not a body).

    >>> [p for p, _, _ in find_org_phrases('Quarterly reporting to the Community Safety Partnership Joint Commissioning Group.')]
    ['Community Safety Partnership Joint Commissioning Group']
    >>> find_org_phrases('Community Safety Partnership Strategic Assessment 2008/09')
    []
    """
    if not isinstance(text, str) or not text:
        return []
    out = []
    for m in _phrase_re().finditer(text):
        for words, start in _split_run(m.group(0), m.start()):
            while words and words[0].lower() in _LEADING_NOISE:
                start += len(words[0]) + 1
                words = words[1:]
            if len(words) > 3 and _is_person_start(words):
                start += len(words[0]) + len(words[1]) + 2
                words = words[2:]  # 'Mandie Watson Community Safety Team': the person is not part of the body
            if _is_org_phrase(words, heads):
                phrase = " ".join(words)
                out.append((phrase, start, start + len(phrase)))
    return out


_POST_WORDS = frozenset(
    [
        "director",
        "directors",
        "member",
        "members",
        "officer",
        "officers",
        "manager",
        "managers",
        "analyst",
        "analysts",
        "coordinator",
        "co-ordinator",
        "councillor",
        "constable",
        "superintendent",
        "supts",
        "inspector",
        "sergeant",
        "chairman",
        "chair",
        "caseworker",
    ]
)
_DESCRIPTIVE = frozenset(
    [
        "effective",
        "improved",
        "better",
        "enhanced",
        "increased",
        "successful",
        "appropriate",
        "targeted",
        "additional",
        "dedicated",
        "new",
        "existing",
        "current",
        "proposed",
        "relevant",
        "robust",
    ]
)
"""Adjectives that open a description of a service, never the name of a body."""
_BLAND = frozenset(
    [
        "lead",
        "responsible",
        "thematic",
        "supporting",
        "partner",
        "partners",
        "key",
        "local",
        "other",
        "relevant",
        "individual",
        "statutory",
        "voluntary",
        "national",
        "new",
        "strategic",
        "senior",
        "main",
        "special",
    ]
)


def _is_person_start(words: list[str]) -> bool:
    from plansift.normalise.names import is_person_pair

    return is_person_pair(words[0], words[1])


def _split_run(run: str, start: int) -> list[tuple[list[str], int]]:
    """A run split at 'and'/'&' where the part before already ends in a head ('X Service and Y Group')."""
    words = run.split(" ")
    parts, cur, cur_start, pos = [], [], start, start
    for w in words:
        if w.lower() in ("and", "&") and cur and cur[-1].lower() in ORG_HEADS:
            parts.append((cur, cur_start))
            cur, cur_start = [], pos + len(w) + 1
        else:
            cur.append(w)
        pos += len(w) + 1
    if cur:
        parts.append((cur, cur_start))
    return parts


def _is_org_phrase(words: list[str], heads: frozenset[str]) -> bool:
    if len(words) == 2 and words[0].isupper() and words[1].islower() and words[1] in ORG_HEADS:
        return True  # 'ASBAT service'
    if len(words) > 2 and words[-1].islower() and all(w.isupper() or w.lower() in ("and", "&") for w in words[:-1]):
        return False  # several initialisms sharing a lower-case head ('DIP and PPO services') name kinds of service
    if len(words) < 2 or words[-1].lower().strip("’'") not in heads:
        return False  # no head, or the run continues past it: a plan, a strategy, an assessment
    if words[-2].lower() in {"and", "&", "of", "for", "the"}:
        return False
    lowered = [w.lower() for w in words]
    if lowered[0] in _DESCRIPTIVE:
        return False  # 'Effective Alcohol Referral Treatment Service' describes a service; it names no body
    if any(w in _POST_WORDS for w in lowered):
        return False  # a post: 'Executive Director for Adult and Community Services'
    modifiers = [w for w in lowered[:-1] if w not in {"and", "&", "of", "for", "the", "against", "on"}]
    return any(w not in _BLAND for w in modifiers)
