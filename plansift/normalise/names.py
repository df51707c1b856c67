"""Person names without spaCy: ranks and titles, words of posts and plans, and the surname test.

Shared by the spaCy rules (:mod:`plansift.normalise.nlp`), the officer-cell
reader and the organisation phrase finder, which must agree on what can be a
surname. Light to import: no spaCy here.
"""

from __future__ import annotations

import re
from functools import cache

RANKS: dict[str, str] = {
    "insp": "Inspector",
    "ins": "Inspector",
    "inspector": "Inspector",
    "ch insp": "Chief Inspector",
    "chief insp": "Chief Inspector",
    "chief inspector": "Chief Inspector",
    "ci": "Chief Inspector",
    "di": "Detective Inspector",
    "det insp": "Detective Inspector",
    "dci": "Detective Chief Inspector",
    "supt": "Superintendent",
    "superintendent": "Superintendent",
    "ch supt": "Chief Superintendent",
    "chief supt": "Chief Superintendent",
    "chief superintendent": "Chief Superintendent",
    "det supt": "Detective Superintendent",
    "dsupt": "Detective Superintendent",
    "dcs": "Detective Chief Superintendent",
    "sgt": "Sergeant",
    "sergeant": "Sergeant",
    "ds": "Detective Sergeant",
    "pc": "Police Constable",
    "dc": "Detective Constable",
    "pcso": "Police Community Support Officer",
    "cllr": "Councillor",
    "councillor": "Councillor",
    "dr": None,
    "mr": None,
    "mrs": None,
    "ms": None,
    "miss": None,
}
"""Rank and title abbreviations written before a surname, with the role each means (None: a courtesy title)."""

ROLE_HEADS = frozenset(
    [
        "officer",
        "officers",
        "manager",
        "managers",
        "director",
        "directors",
        "member",
        "members",
        "analyst",
        "analysts",
        "coordinator",
        "co-ordinator",
        "lead",
        "head",
        "constable",
        "superintendent",
        "superintendents",
        "supt",
        "supts",
        "inspector",
        "inspectors",
        "sergeant",
        "chair",
        "chairman",
        "chairperson",
        "commander",
        "caseworker",
        "worker",
        "adviser",
        "advisor",
        "administrator",
        "secretary",
        "leader",
        "expert",
        "owner",
        "champion",
        "councillor",
        "executive",
        "holder",
    ]
)
"""Words that make a segment a post ('Partnership Analyst', 'Chief Supts K1 and K2', 'DA manager')."""

ROLE_WORDS = ROLE_HEADS | frozenset(
    [
        "chief",
        "cabinet",
        "deputy",
        "assistant",
        "principal",
        "senior",
        "strategic",
        "portfolio",
        "partnership",
        "communications",
        "information",
        "crime",
        "community",
        "safety",
        "reduction",
        "hate",
        "performance",
        "team",
        "service",
    ]
)
"""Words of posts and teams: never a surname in a PERSON pattern."""

PLAN_WORDS = frozenset(
    [
        "fund",
        "funds",
        "funding",
        "grant",
        "grants",
        "plan",
        "plans",
        "strategy",
        "strategies",
        "programme",
        "programmes",
        "project",
        "projects",
        "scheme",
        "schemes",
        "action",
        "actions",
        "target",
        "targets",
        "indicator",
        "indicators",
        "review",
        "report",
        "reports",
        "board",
        "group",
        "unit",
        "office",
        "support",
        "police",
        "council",
        "agreement",
        "area",
        "areas",
        "local",
        "national",
        "county",
        "district",
        "borough",
        "city",
        "town",
        "centre",
        "neighbourhood",
        "neighbourhoods",
        "safer",
        "stronger",
        "safe",
        "violent",
        "serious",
        "crime",
        "crimes",
        "offenders",
        "offending",
        "youth",
        "children",
        "young",
        "people",
        "adult",
        "adults",
        "health",
        "drug",
        "drugs",
        "alcohol",
        "domestic",
        "abuse",
        "violence",
        "road",
        "roads",
        "fire",
        "rescue",
        "housing",
        "business",
        "businesses",
        "schools",
        "school",
        "quarter",
        "year",
        "years",
        "total",
        "budget",
        "budgets",
        "revenue",
        "capital",
        "priority",
        "priorities",
        "outcome",
        "outcomes",
        "delivery",
        "monitoring",
        "performance",
        "baseline",
        "milestone",
        "milestones",
        "date",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "ongoing",
    ]
)
"""Capitalised words of plans ('Grant', 'May', 'Plan'): never a surname either."""


SHARED_NAME_WORD = 3
"""A word in this many bodies' names is an institution word, never a surname."""


@cache
def surname_stop_words() -> frozenset[str]:
    """Lower-case words that are never a surname: posts, plan words, words of body and area names, ranks."""
    from collections import Counter

    from plansift.gazetteer import areas, organisations

    words: set[str] = set(ROLE_WORDS) | PLAN_WORDS
    # words shared by several bodies' names ('Trust', 'Constabulary', 'Borough'), not one body's own
    # proper noun ('Stafford', 'Western'), which a person may bear too
    counts: Counter[str] = Counter()
    for org in organisations():
        counts.update({w.lower() for n in (org.name, *org.aliases, *org.generic) for w in n.replace("-", " ").split()})
    words.update(w for w, n in counts.items() if n >= SHARED_NAME_WORD)
    for area in areas():
        words.update(w.lower() for w in area.name.split())
    words.update(r for key in RANKS for r in key.split())
    words.update({"and", "of", "the", "for", "to", "in", "at", "by", "with", "on", "or"})
    return frozenset(words)


_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?")


def is_person_pair(first: str, second: str) -> bool:
    """True when two capitalised words read as a first name and a surname.

    The first word is a known first name, or neither word is a word of a post,
    a plan, a body or a place ('Estyn Williams' yes, 'Trading Standards' no).
    """
    from plansift.gazetteer import first_names

    if not (_NAME_WORD.fullmatch(first) and _NAME_WORD.fullmatch(second)):
        return False
    stop = surname_stop_words()
    if second.lower() in stop:
        return False
    return first.lower() in first_names() or first.lower() not in stop
