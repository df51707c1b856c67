"""Numbers as plans write them: '1,234', '7,995', '13.44', '18%', '(382 incidents)'.

:func:`find_numbers` also says what a number measures when the words beside
it tell ('%', 'per 1,000 pop', 'incidents', 'recorded offences', '£'). Years
and financial years ('2008/09') are not numbers here: they are periods.

>>> parse_number('7,995')
7995.0
>>> [(n.value, n.unit_hint) for n in find_numbers('1.33 per 1000 population (382 incidents)')]
[(1.33, 'rate_per_1000'), (382.0, 'count')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from plansift.normalise.periods import find_periods

_NUMBER = r"(?<![\w.,/])(?P<neg>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\w/]|[.,]\d)"
_PER_1000 = r"\s*(?:per|/)\s*1,?000\s*(?:of\s+(?:the\s+)?)?(?:pop(?:ulation|\.)?|people|residents|head)?\b\)?"
_COUNT_WORDS = (
    r"\s*(?:recorded\s+|reported\s+)?(?:incidents?|offences?|offenders?|crimes?|victims?|casualties|cases|"
    r"people|persons|individuals|arrests?|convictions?|referrals?|households?|families|young\s+people)\b"
)


MEASURE_UNITS = r"(?:kg|kgs|kilograms?|kilogrammes?|tonnes?|tons|t\s*co2|minutes|mins)\b"
"""Units of measure the schema has no unit for ('612 kg', '6.4 tonnes', '2.41 minutes'): such a number is 'other'."""
_MEASURE_WORDS = r"\s*" + MEASURE_UNITS


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number found in text: its value, the characters it came from and what it measures, if said."""

    value: float
    raw: str
    start: int
    end: int
    unit_hint: str | None = None


@cache
def _number_re() -> re.Pattern[str]:
    return re.compile(_NUMBER)


@cache
def _per_1000_re() -> re.Pattern[str]:
    return re.compile(_PER_1000, re.IGNORECASE)


@cache
def _per_1000_body_re() -> re.Pattern[str]:
    """The denominator phrase without its leading spaces (a leading ``\\s*`` rescans every run of spaces)."""
    return re.compile(_PER_1000.removeprefix(r"\s*"), re.IGNORECASE)


@cache
def _per_other_re() -> re.Pattern[str]:
    """'per 100,000' or 'per 10,000' after a number: a rate the schema has no unit for ('other')."""
    return re.compile(r"\s*(?:per|/)\s*(?:100|10)(?:,?000)(?![\d,])", re.IGNORECASE)


@cache
def _measure_re() -> re.Pattern[str]:
    return re.compile(_MEASURE_WORDS, re.IGNORECASE)


@cache
def _count_re() -> re.Pattern[str]:
    return re.compile(_COUNT_WORDS, re.IGNORECASE)


@cache
def _percent_re() -> re.Pattern[str]:
    return re.compile(r"\s*(?:%|per\s*cent\b|percent\b)", re.IGNORECASE)


def _to_float(raw: str) -> float | None:
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text`` with a unit hint: 'percent', 'rate_per_1000', 'count', 'gbp', 'other' (a unit
    of measure: kg, tonnes, minutes; a rate per 10,000 or 100,000) or None.

    The denominator of 'per 1,000 population' is part of the unit, not a
    number of its own; years written as periods ('2007/8') are skipped.

    >>> [(n.value, n.unit_hint) for n in find_numbers('2007/8 261 recorded offences 0.50 per 1,000 pop')]
    [(261.0, 'count'), (0.5, 'rate_per_1000')]
    >>> [(n.value, n.unit_hint) for n in find_numbers('£1,234 and 18%')]
    [(1234.0, 'gbp'), (18.0, 'percent')]
    """
    if not isinstance(text, str) or not text:
        return []
    skip = bytearray(len(text) + 1)  # 1 inside a period or a 'per 1,000' denominator
    for _, s, e in find_periods(text):
        skip[s:e] = b"\x01" * (e - s)
    for m in _per_1000_body_re().finditer(text):
        skip[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out: list[NumberMention] = []
    pos = 0
    for m in _number_re().finditer(text):
        if m.start() < pos or skip[m.start()]:
            continue
        value = _to_float(m.group("num"))
        if value is None:
            continue
        if m.group("neg"):
            value = -value
        start, end = m.start(), m.end()
        hint = None
        before = text[max(0, start - 4) : start]
        if re.search(r"£\s*$", before):
            hint = "gbp"
            start = text.rindex("£", 0, start)
        elif pm := _percent_re().match(text, end):
            hint, end = "percent", pm.end()
        elif rm := _per_1000_re().match(text, end):
            hint, end = "rate_per_1000", rm.end()
        elif mm := _measure_re().match(text, end) or _per_other_re().match(text, end):
            hint, end = "other", mm.end()
        elif cm := _count_re().match(text, end):
            # '13.7 offences per 1,000 population' is a rate; '261 recorded offences' a count
            if rm := _per_1000_re().match(text, cm.end()):
                hint, end = "rate_per_1000", rm.end()
            else:
                hint = "count"
        out.append(NumberMention(value=value, raw=text[start:end].strip(), start=start, end=end, unit_hint=hint))
        pos = end
    return out


def parse_number(text: str) -> float | None:
    """The one number a cell holds ('1,234', '13.44', '18%', '(382 incidents)'), else None.

    A cell with no number, or with several, gives None (it is not one number).

    >>> parse_number('(382 incidents)')
    382.0
    >>> parse_number('18%')
    18.0
    >>> parse_number('N/A') is None
    True
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str):
        return None
    found = find_numbers(text)
    if len(found) != 1:
        return None
    return found[0].value
