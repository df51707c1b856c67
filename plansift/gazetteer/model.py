"""The gazetteer's record types: indicators, areas, organisations and funding streams.

All are frozen dataclasses built once from the shipped CSV files (see ``loaders``); every
alias tuple is de-duplicated and keeps the order it was written or generated in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One indicator of the National Indicator Set 2008 (``code`` is canonical: 'NI 15')."""

    code: str
    number: int
    title: str
    theme: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    """One LAA area of 2008: an English upper-tier authority.

    ``code`` is the ONS GSS code in use today for the same area (the successor's code when the
    authority was reorganised; ``note`` says so and ``former_code`` keeps the earlier code).
    ``aliases`` are names that mean this area anywhere; ``abbreviations`` are initialisms
    ('WCC', 'SMBC') shared by several areas, to be trusted only inside a document already known
    to be about this area.
    """

    name: str
    code: str
    area_type: str
    region: str
    aliases: tuple[str, ...]
    note: str | None
    council: str = ""
    abbreviations: tuple[str, ...] = ()
    former_code: str | None = None


@dataclass(frozen=True)
class Organisation:
    """A body plans name as lead or partner.

    ``area`` is the one LAA area the body belongs to (None for national bodies and for bodies
    spanning several areas). ``covers`` lists the areas in which this body is *the* body of its
    kind, so that its ``generic`` names ('Police', 'YOS', 'PCT', 'the Council') mean it inside a
    document about one of those areas: ``(area,)`` for most local bodies, several areas for a
    police force, none for a national body or for one of several PCTs sharing an area.
    """

    name: str
    org_type: str
    area: str | None
    aliases: tuple[str, ...]
    generic: tuple[str, ...]
    covers: tuple[str, ...] = ()

    def serves(self, area_name: str) -> bool:
        """True when this body's generic names refer to it in the named (canonical) area."""
        return area_name in self.covers


@dataclass(frozen=True)
class FundingStream:
    """A named funding stream ('Area Based Grant') with its aliases and funder."""

    name: str
    aliases: tuple[str, ...]
    funder: str | None
