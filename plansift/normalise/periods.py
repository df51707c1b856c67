"""Financial-year periods: every spelling of a year becomes ``'YYYY/YY'``.

English local government years run from April to March. Plans write them as
'2008/9', '08/09', '2007/2008', '2008-09', 'Target 2008/09', relative to the
plan ('Year 1') or as quarters ('Q1 2008/09', 'Q1' under a year heading). A
quarter is written ``'2008/09 Q1'``.

>>> parse_period('2007/8')
'2007/08'
>>> parse_period('Year 2', plan_start_year=2008)
'2009/10'
>>> parse_period('Q1 08/09')
'2008/09 Q1'
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache

_MIN_YEAR, _MAX_YEAR = 1990, 2060

# A year pair: '2008/09', '2008/9', '08/09', '2007/2008', '2008-09', '2008 – 09'. Not part of a date ('31/03/2009').
_PAIR = r"(?<![\d/.,£])(?P<a>(?:19|20)\d{2}|\d{2})\s*(?:[/\-–—]|\bto\b)\s*(?P<b>(?:19|20)\d{2}|\d{1,2})(?![\d%]|/\d|,\d|\.\d)"
_QUARTER = r"\bQ(?:tr|uarter)?\s*(?P<q>[1-4])\b"
_YEAR_N = r"\bYear\s*(?P<n>[1-9])\b"
_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (``\\d``, as the patterns of years, dates and values read them): the quick
    check that lets the readers of numbers skip the many texts without one."""
    return _DIGIT.search(text) is not None


@cache
def _pair_re() -> re.Pattern[str]:
    return re.compile(_PAIR)


@cache
def _quarter_re() -> re.Pattern[str]:
    return re.compile(_QUARTER, re.IGNORECASE)


@cache
def _quarter_before_re() -> re.Pattern[str]:
    return re.compile(_QUARTER + r" {0,2}$", re.IGNORECASE)


@cache
def _year_n_re() -> re.Pattern[str]:
    return re.compile(_YEAR_N, re.IGNORECASE)


@cache
def _span_re() -> re.Pattern[str]:
    # A plan span: '2008 - 2011', '2008-11', 'LAA 2008-2011'
    return re.compile(r"(?<![\d/])(?P<a>(?:19|20)\d{2})\s*(?:-|–|—|to)\s*(?P<b>(?:19|20)\d{2}|\d{2})(?![\d/])")


def _full_year(text: str) -> int | None:
    n = int(text)
    if len(text) == 4:
        return n if _MIN_YEAR <= n <= _MAX_YEAR else None
    if len(text) == 2:
        year = 2000 + n if n < 70 else 1900 + n
        return year if _MIN_YEAR <= year <= _MAX_YEAR else None
    return None


def _second_year_matches(first: int, text: str) -> bool:
    nxt = first + 1
    if len(text) == 4:
        return int(text) == nxt
    if len(text) == 2:
        return int(text) == nxt % 100
    if len(text) == 1:
        return int(text) == nxt % 10
    return False


def format_period(start_year: int) -> str:
    """The financial year starting in April of ``start_year``: ``2008 -> '2008/09'``."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _pair_start(m: re.Match[str]) -> int | None:
    a = _full_year(m.group("a"))
    if a is None or not _second_year_matches(a, m.group("b")):
        return None
    return a


def find_periods(text: str) -> list[tuple[str, int, int]]:
    """Every financial year written in ``text``: ``(period, start, end)`` in order of appearance.

    A quarter written next to its year ('Q1 2008/09', '2008/09 Q1') is one mention ``'2008/09 Q1'``.

    >>> find_periods('Target 2008/09 and 2009/10')
    [('2008/09', 7, 14), ('2009/10', 19, 26)]
    """
    if not isinstance(text, str) or not has_digit(text):
        return []  # a financial year is written with digits
    out: list[tuple[str, int, int]] = []
    for m in _pair_re().finditer(text):
        start_year = _pair_start(m)
        if start_year is None:
            continue
        period, start, end = format_period(start_year), m.start(), m.end()
        # a quarter written right before or after the year (at most two spaces between, not a tab)
        before = _quarter_before_re().search(text, max(0, m.start() - 14), m.start())
        gap = len(text[m.end() : m.end() + 2]) - len(text[m.end() : m.end() + 2].lstrip(" "))
        after = _quarter_re().match(text, m.end() + gap)
        if before is not None:
            period, start = f"{period} Q{before.group('q')}", before.start()
        elif after is not None:
            period, end = f"{period} Q{after.group('q')}", after.end()
        out.append((period, start, end))
    return out


def parse_period(text: str, plan_start_year: int | None = None) -> str | None:
    """The one financial year a short text names, as ``'YYYY/YY'`` (or ``'YYYY/YY Qn'``), else None.

    'Year N' counts from ``plan_start_year`` (Year 1 of a plan starting 2008 is
    2008/09); a bare quarter ('Q1') takes its year from ``plan_start_year``.
    Text naming two different years, or none, gives None.

    >>> parse_period('Target 08/09')
    '2008/09'
    >>> parse_period('Q3', plan_start_year=2009)
    '2009/10 Q3'
    >>> parse_period('2008 - 2011') is None
    True
    """
    if not isinstance(text, str) or not text.strip():
        return None
    found = {p for p, _, _ in find_periods(text)}
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        return None
    if plan_start_year is None or not (_MIN_YEAR <= plan_start_year <= _MAX_YEAR):
        return None
    year_n = {int(m.group("n")) for m in _year_n_re().finditer(text)}
    quarters = {m.group("q") for m in _quarter_re().finditer(text)}
    if len(year_n) > 1 or len(quarters) > 1:
        return None
    start = plan_start_year + (year_n.pop() - 1 if year_n else 0)
    if quarters:
        return f"{format_period(start)} Q{quarters.pop()}"
    if year_n or _year_n_re().search(text):
        return format_period(start)
    return None


def period_start_year(period: str) -> int | None:
    """The first calendar year of a ``'YYYY/YY'`` period (quarter suffix allowed), else None."""
    if not isinstance(period, str):
        return None
    m = re.match(r"\s*((?:19|20)\d{2})/\d{2}\b", period)
    return int(m.group(1)) if m else None


def period_of_date(date: _dt.date) -> str:
    """The financial year (April to March) holding ``date``.

    >>> period_of_date(_dt.date(2009, 3, 31))
    '2008/09'
    >>> period_of_date(_dt.date(2009, 4, 1))
    '2009/10'
    """
    return format_period(date.year if date.month >= 4 else date.year - 1)


def plan_start_year(text: str) -> int | None:
    """The first year of the plan a text describes ('LAA 2008-2011', '2008 - 2011', 'Plan 2008-11').

    Prefers a multi-year span (two to five years) standing after 'LAA',
    'Agreement' or 'Plan'; otherwise the first such span; otherwise None.

    >>> plan_start_year('Local Area Agreement Implementation Plan 2008 - 2011')
    2008
    """
    if not isinstance(text, str):
        return None
    spans: list[tuple[int, int]] = []
    for m in _span_re().finditer(text):
        a = int(m.group("a"))
        braw = m.group("b")
        b = int(braw) if len(braw) == 4 else (a // 100) * 100 + int(braw)
        if _MIN_YEAR <= a <= _MAX_YEAR and 2 <= b - a <= 5:
            before = text[max(0, m.start() - 40) : m.start()].lower()
            preferred = any(w in before for w in ("laa", "agreement", "plan"))
            spans.append((0 if preferred else 1, a))
    if not spans:
        return None
    spans.sort(key=lambda s: s[0])
    return spans[0][1]
