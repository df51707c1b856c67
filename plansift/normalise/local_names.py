"""The names a document gives the bodies the gazetteer made by rule: 'Safer York Partnership', 'Youth Offending Team'.

Every area had a youth offending team or service, a drug (and alcohol) action
team, a community safety partnership and a local strategic partnership; the
gazetteer makes their rows by rule (:mod:`plansift.gazetteer.area_bodies`), named
'<Area> Youth Offending Service', '<Area> Community Safety Partnership' and so on.
Those names are the rule's, not the bodies': York's partnership called itself the
Safer York Partnership, Blackpool's youth offending service its Youth Offending
Team. Within a document that writes such a body's name in full, the body takes
that name in the document's rows ('Safer York Partnership'; a name without the
area, 'Youth Offending Team', gets the area in front). Bodies the gazetteer lists
by their own names keep them, and so does a body the document names only by
initials or generic words ('the CSP').

>>> document_names([{"entity_type": "organisation", "name": "York Community Safety Partnership",
...                  "mentions": "SYP;Safer York Partnership"}], "Delivery partnership: Safer York Partnership (SYP)")
{'York Community Safety Partnership': 'Safer York Partnership'}
"""

from __future__ import annotations

from functools import cache
from typing import Any

_ORG_FIELDS = ("lead_organisation", "recipient", "funding_source")


@cache
def _rule_made() -> dict[str, tuple[str, str]]:
    """Name of each body made by rule -> (its area, the rule's name pattern)."""
    from plansift.gazetteer import areas, organisations
    from plansift.gazetteer.area_bodies import PATTERNS

    made = {pattern.format(a=a.name): (a.name, pattern) for a in areas() for pattern, _, _ in PATTERNS.values()}
    return {o.name: made[o.name] for o in organisations() if o.name in made}


def _written_name(mention: str, area_name: str, pattern: str) -> str | None:
    """The name a mention gives a rule-made body, when it gives one in full words: the mention itself when it
    names the area ('Safer York Partnership'), the area and the mention when it does not ('Youth Offending
    Team'); None for initials ('SYP', 'the CSP') and for the rule's own name."""
    text = " ".join(mention.split())
    if text.lower().startswith("the "):
        text = text[4:]
    words = text.split()
    if len(words) < 2 or any(w.isupper() and len(w) > 1 for w in words) or text.endswith("'s"):
        return None
    if any(w[:1].islower() and w not in ("and", "of", "for", "&") for w in words):
        return None
    name = text if area_name.lower() in text.lower() else f"{area_name} {text}"
    return None if name.lower() == pattern.format(a=area_name).lower() else name


def document_names(entities: list[dict[str, Any]], text: str) -> dict[str, str]:
    """Rule-made body's name -> the name the document (its ``text``) writes for it in full (the longest such
    mention)."""
    made = _rule_made()
    out: dict[str, str] = {}
    flat = " ".join(text.split()).lower()
    for ent in entities:
        if ent.get("entity_type") != "organisation" or ent.get("name") not in made:
            continue
        if ent["name"].lower() in flat:
            continue  # the document writes the rule's name itself
        area_name, pattern = made[ent["name"]]
        mentions = [m for m in (ent.get("mentions") or "").split(";") if m.strip()]
        names = [n for m in mentions if (n := _written_name(m, area_name, pattern))]
        if names:
            out[ent["name"]] = max(names, key=lambda n: (len(n.split()), n))
    return out


def rename(records: list[dict[str, Any]], entities: list[dict[str, Any]], names: dict[str, str]) -> None:
    """Give the document's rows the names it writes for its rule-made bodies (in place)."""
    if not names:
        return
    for ent in entities:
        if ent.get("entity_type") == "organisation" and ent.get("name") in names:
            ent["name"] = names[ent["name"]]
        elif ent.get("entity_type") == "officer" and ent.get("organisation") in names:
            ent["organisation"] = names[ent["organisation"]]
    for rec in records:
        for field in _ORG_FIELDS:
            if rec.get(field) in names:
                rec[field] = names[rec[field]]
        if rec.get("partners"):
            rec["partners"] = ";".join(names.get(p, p) for p in rec["partners"].split(";"))
