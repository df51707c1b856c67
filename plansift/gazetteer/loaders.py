"""Read the shipped CSV files into gazetteer records, once per process.

Files are UTF-8 with a header row; list-valued cells are ';'-separated. Rows are read with the
``csv`` module (no pandas at import). A malformed file raises ``GazetteerError`` naming the file,
the line and what is wrong.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from importlib import resources

from plansift.gazetteer.area_bodies import council_of, per_area_bodies
from plansift.gazetteer.area_names import council_forms, initialism, unique_names
from plansift.gazetteer.model import Area, FundingStream, Indicator, Organisation

AREA_TYPES = ("county", "metropolitan_district", "unitary", "london_borough")
NO_AREA = "-"
"""A ``covers`` cell of '-': the body has no area where its generic names are unambiguous."""
GSS_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")


class GazetteerError(ValueError):
    """A shipped data file is malformed (a packaging or editing mistake, not bad user input)."""


def _rows(filename: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    path = resources.files("plansift.gazetteer") / "data" / filename
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise GazetteerError(f"{filename}: header lacks column(s) {missing}; expected {list(columns)}")
        for row in reader:
            if not any((v or "").strip() for v in row.values()):
                continue
            yield reader.line_num, {k: (row.get(k) or "").strip() for k in reader.fieldnames or ()}


def _split(cell: str) -> tuple[str, ...]:
    return tuple(unique_names([p.strip() for p in cell.split(";")]))


@functools.cache
def indicators() -> tuple[Indicator, ...]:
    """All indicators of the National Indicator Set 2008, in number order."""
    out = []
    for line, row in _rows("indicators.csv", ("code", "number", "title", "theme", "variants")):
        if not row["number"].isdigit() or row["code"] != f"NI {int(row['number'])}":
            raise GazetteerError(f"indicators.csv line {line}: code {row['code']!r} does not match {row['number']!r}")
        out.append(Indicator(row["code"], int(row["number"]), row["title"], row["theme"], _split(row["variants"])))
    return tuple(sorted(out, key=lambda i: i.number))


@functools.cache
def _indicator_index() -> dict[str, Indicator]:
    return {i.code: i for i in indicators()}


def indicator(code: str) -> Indicator | None:
    """The indicator with this canonical code ('NI 15'), or None."""
    return _indicator_index().get(code)


@functools.cache
def areas() -> tuple[Area, ...]:
    """The 150 LAA areas of 2008 with rule-made council aliases (see ``area_names``)."""
    columns = ("name", "gss_code", "area_type", "region", "council", "aliases", "abbreviations", "note", "former_code")
    out = []
    for line, row in _rows("areas.csv", columns):
        name, kind = row["name"], row["area_type"]
        if kind not in AREA_TYPES:
            raise GazetteerError(f"areas.csv line {line}: area_type {kind!r} is not one of {AREA_TYPES}")
        if not GSS_CODE.match(row["gss_code"]):
            raise GazetteerError(f"areas.csv line {line}: {row['gss_code']!r} is not an English GSS area code")
        council = row["council"] or f"{name} Council"
        aliases = unique_names([*_split(row["aliases"]), *council_forms(name, kind, council)])
        abbreviations = unique_names([*_split(row["abbreviations"]), initialism(council) or ""])
        out.append(
            Area(
                name=name,
                code=row["gss_code"],
                area_type=kind,
                region=row["region"],
                aliases=tuple(a for a in aliases if a.casefold() != name.casefold()),
                note=row["note"] or None,
                council=council,
                abbreviations=tuple(abbreviations),
                former_code=row["former_code"] or None,
            )
        )
    return tuple(out)


@functools.cache
def organisations() -> tuple[Organisation, ...]:
    """Written organisations plus each area's council, YOS, DAAT, CSP and LSP (see ``area_bodies``)."""
    known = {a.name for a in areas()}
    written = []
    for line, row in _rows("organisations.csv", ("name", "org_type", "area", "covers", "aliases", "generic")):
        area = row["area"] or None
        listed = _split(row["covers"])
        covers = () if listed == (NO_AREA,) else listed or ((area,) if area else ())
        unknown = [a for a in (area, *covers) if a and a not in known]
        if unknown:
            raise GazetteerError(f"organisations.csv line {line}: {row['name']!r} names unknown area(s) {unknown}")
        written.append(
            Organisation(row["name"], row["org_type"], area, _split(row["aliases"]), _split(row["generic"]), covers)
        )
    councils = [council_of(a, [n for n in council_forms(a.name, a.area_type, a.council)]) for a in areas()]
    return tuple(per_area_bodies(areas(), [*councils, *written]))


@functools.cache
def funding_streams() -> tuple[FundingStream, ...]:
    """Named funding streams of the LAA period with aliases and funder."""
    return tuple(
        FundingStream(row["name"], _split(row["aliases"]), row["funder"] or None)
        for _, row in _rows("funding_streams.csv", ("name", "aliases", "funder"))
    )


@functools.cache
def first_names() -> frozenset[str]:
    """Lower-cased first names used in England (for person-name rules)."""
    text = (resources.files("plansift.gazetteer") / "data" / "first_names.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))
