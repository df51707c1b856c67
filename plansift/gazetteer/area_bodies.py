"""Per-area bodies made by rule from ``areas.csv``: council, YOS, DAAT, CSP and LSP.

Every LAA area of 2008 had a council, a youth offending team or service, a drug (and alcohol)
action team, a crime and disorder reduction partnership and a local strategic partnership. Their
names follow one pattern ('<Area> Youth Offending Service'), so they are generated here instead
of being written 150 times in ``organisations.csv``.

When ``organisations.csv`` names the body of that kind for an area itself (the 'Safer Sandwell
Partnership', a YOS shared by several areas), the written row wins: it keeps its name and gains
the generated aliases and generic names, and no second row is made.
"""

from __future__ import annotations

from plansift.gazetteer.area_names import unique_names
from plansift.gazetteer.model import Area, Organisation

COUNCIL_GENERIC = ("the Council", "Council", "the Local Authority", "Local Authority", "LA")

#: org_type -> (name pattern, alias patterns, generic names); ``{a}`` is the area name.
PATTERNS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "youth_offending_service": (
        "{a} Youth Offending Service",
        ("{a} YOS", "{a} YOT", "{a} Youth Offending Team", "{a} Youth Offending Services"),
        ("YOS", "YOT", "Youth Offending Service", "Youth Offending Team", "the YOS", "the YOT"),
    ),
    "drug_action_team": (
        "{a} Drug and Alcohol Action Team",
        ("{a} DAAT", "{a} DAT", "{a} Drug Action Team", "{a} Drug & Alcohol Action Team"),
        ("DAAT", "DAT", "Drug and Alcohol Action Team", "Drug Action Team", "Drug & Alcohol Action Team", "the DAAT"),
    ),
    "community_safety_partnership": (
        "{a} Community Safety Partnership",
        ("{a} CSP", "{a} CDRP", "{a} Crime and Disorder Reduction Partnership", "Safer {a} Partnership"),
        ("CSP", "CDRP", "Community Safety Partnership", "Crime and Disorder Reduction Partnership", "the CDRP"),
    ),
    "local_strategic_partnership": (
        "{a} Local Strategic Partnership",
        ("{a} LSP", "{a} Strategic Partnership"),
        ("LSP", "Local Strategic Partnership", "the LSP"),
    ),
}


def council_of(area: Area, council_aliases: list[str]) -> Organisation:
    """The council of an area, with the council forms of its name and the area's initialisms as generic names."""
    generic = list(COUNCIL_GENERIC)
    if area.area_type == "county":
        generic += ["County Council", "the County Council"]
    if "City" in area.council.split():
        generic += ["City Council", "the City Council"]
    if "Borough" in area.council.split():
        generic += ["Borough Council", "the Borough Council"]
    generic += list(area.abbreviations)
    aliases = [a for a in council_aliases if a.casefold() != area.council.casefold()]
    return Organisation(area.council, "council", area.name, tuple(aliases), tuple(unique_names(generic)), (area.name,))


def per_area_bodies(areas: tuple[Area, ...], written: list[Organisation]) -> list[Organisation]:
    """The written organisations merged with the rule-made per-area bodies of every area.

    A written row of one of the ``PATTERNS`` types absorbs the generated names of each area it
    covers; an area no written row covers gets a generated row.
    """
    out = list(written)
    first: dict[tuple[str, str], int] = {}  # (type, area) -> the first body of that type serving that area
    for i, org in enumerate(out):
        for area_name in org.covers:
            first.setdefault((org.org_type, area_name), i)
    for org_type, (name_pat, alias_pats, generic) in PATTERNS.items():
        for area in areas:
            aliases = [p.format(a=area.name) for p in alias_pats]
            name = name_pat.format(a=area.name)
            idx = first.get((org_type, area.name))
            if idx is None:
                first[org_type, area.name] = len(out)
                out.append(Organisation(name, org_type, area.name, tuple(aliases), generic, (area.name,)))
                continue
            old = out[idx]
            merged = unique_names([*old.aliases, *(n for n in [name, *aliases] if n.casefold() != old.name.casefold())])
            out[idx] = Organisation(
                old.name,
                old.org_type,
                old.area,
                tuple(merged),
                tuple(unique_names([*old.generic, *generic])),
                old.covers,
            )
    return out
