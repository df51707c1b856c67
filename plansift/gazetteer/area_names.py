"""Rule-made names for an area and its council ('Sandwell MBC', 'London Borough of Barnet').

The CSV gives each area's canonical name, its council's official name and the place-name
aliases that no rule can make ('Hull' for Kingston upon Hull). The forms a plan uses for the
council follow from the area type and from the official council name, so they are made here:
this keeps ``areas.csv`` short and the same rule applies to every area.

Initialisms of the council name ('SMBC', 'WCC', 'LBB') are ambiguous across England, so they are
returned apart: the loader keeps them in ``Area.abbreviations`` and as generic names of the
council, never as plain aliases.
"""

from __future__ import annotations

_MINOR_WORDS = frozenset({"of", "and", "upon", "on", "the", "with", "in", "le", "under", "by"})


def council_forms(name: str, area_type: str, council: str) -> list[str]:
    """The names a plan may use for the area's council, official name first.

    >>> council_forms("Sandwell", "metropolitan_district", "Sandwell Metropolitan Borough Council")[:4]
    ['Sandwell Metropolitan Borough Council', 'Sandwell Council', 'Sandwell MBC', 'Sandwell Metropolitan Borough']
    """
    forms = [council, f"{name} Council"]
    is_city = "City" in council.split() and not name.startswith("City of")
    is_borough = "Borough" in council.split()
    is_district = "District" in council.split()
    if area_type == "county":
        county = name.removeprefix("County ")  # 'County Durham' -> 'Durham County Council'
        forms += [f"{county} County Council", f"{county} CC"]
    elif area_type == "metropolitan_district":
        if not is_city:  # city councils ('Coventry City Council') are not called MBC
            forms += [f"{name} MBC", f"{name} Metropolitan Borough", f"{name} Metropolitan Borough Council"]
            forms += [f"Metropolitan Borough of {name}", f"{name} Borough Council", f"{name} Borough"]
        if is_district:
            forms += [f"{name} MDC", f"{name} Metropolitan District Council", f"{name} District Council"]
    elif area_type == "london_borough":
        if council.startswith("London Borough of"):
            forms += [f"London Borough of {name}", f"LB {name}", f"LB of {name}", f"{name} LBC"]
            forms += [f"{name} London Borough Council", f"London Borough {name}"]
    elif area_type == "unitary":
        forms += [f"{name} Unitary Authority", f"{name} UA"]
        if is_borough:
            forms += [f"{name} Borough Council", f"{name} BC", f"Borough of {name}"]
        if is_district:
            forms += [f"{name} District Council", f"{name} DC"]
    else:
        raise ValueError(f"unknown area_type {area_type!r} for {name!r}")
    if council.startswith("Royal Borough of"):
        forms += [f"Royal Borough of {name}", f"RB {name}", f"RB of {name}", f"{name} Royal Borough Council"]
    if is_city:
        forms += [f"{name} City Council", f"City of {name} Council", f"City of {name}"]
    return unique_names(forms)


def initialism(council: str) -> str | None:
    """The initials of a council's official name ('Warwickshire County Council' -> 'WCC').

    Minor words ('of', 'and', 'upon') are skipped; names of fewer than three initials give None.

    >>> initialism("Royal Borough of Kensington and Chelsea")
    'RBKC'
    """
    letters = [w[0].upper() for w in council.replace("-", " ").split() if w.lower() not in _MINOR_WORDS]
    return "".join(letters) if len(letters) >= 3 else None


def unique_names(names: list[str]) -> list[str]:
    """The names without empty strings and case-insensitive repeats, first spelling kept."""
    seen: set[str] = set()
    out = []
    for n in names:
        key = n.casefold()
        if n and key not in seen:
            seen.add(key)
            out.append(n)
    return out
