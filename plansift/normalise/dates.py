"""Due dates and milestones: 'Mar 09', 'Sept 08', 'by March 2010', '31/03/2009', 'Q3 2008/09'.

A month alone means its last day; a range ('July – September 2008') ends at
its end; a financial quarter ends with its last month; a financial year alone
('by 2009/10') ends on 31 March; a season its last month ('Summer 2009' -> 31
August); the end of a calendar year ('end of 2009') its 31 December. Words that are not dates ('Ongoing', 'tbc',
'by exception') give None. Where a text holds several dates, the due date is
the latest.

A date written as a start ('From Oct 2008', 'starting April 2008', 'commencing
1 April 2008', 'April 2008 onwards') says when the work begins, not when it is
due: it is no due date. The end of a range still is ('from Oct 2008 to March
2009' -> 2009-03-31), as are 'by', 'until', 'end of' and a bare month.

>>> parse_due_date('Mar 09')
datetime.date(2009, 3, 31)
>>> parse_due_date('July – September 2008')
datetime.date(2008, 9, 30)
>>> parse_due_date('Ongoing') is None
True
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from functools import cache

from plansift.normalise.periods import find_periods, has_digit, period_start_year

_MIN_YEAR, _MAX_YEAR = 1990, 2060

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<{g}>(?:19|20)\d{{2}}|'?\d{{2}})(?![\d/])"


@cache
def _numeric_re() -> re.Pattern[str]:
    # 31/03/2009, 31-03-09, 31.03.2009 (day first, as English documents write)
    return re.compile(r"(?<![\d/.])(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>(?:19|20)\d{2}|\d{2})(?![\d/])")


@cache
def _day_month_re() -> re.Pattern[str]:
    # 31st March 2009, 31 Mar 09, March 31st 2009, March 31, 2009
    return re.compile(
        r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH.format(g="m")
        + r",?\s+"
        + _YEAR.format(g="y")
        + "|\\b"
        + _MONTH.format(g="m2")
        + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+"
        + r"(?P<y2>(?:19|20)\d{2})(?![\d/])",
        re.IGNORECASE,
    )


@cache
def _month_year_re() -> re.Pattern[str]:
    # Mar 09, Sept 08, March 2010, Mar-09, March '09
    return re.compile(r"\b" + _MONTH.format(g="m") + r"[\s\-/,]*" + _YEAR.format(g="y"), re.IGNORECASE)


@cache
def _quarter_re() -> re.Pattern[str]:
    return re.compile(r"\bQ(?:tr|uarter)?\s*(?P<q>[1-4])\b", re.IGNORECASE)


_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11}
"""The last month of a season (winter straddles two years and is read as no date)."""


@cache
def _season_re() -> re.Pattern[str]:
    # Spring 2009, summer of 2010, Autumn '09 (a season of a financial year, 'Summer 2009/10', is left to the year)
    return re.compile(r"\b(?P<s>spring|summer|autumn)\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}|'\d{2})(?![\d/])", re.I)


@cache
def _year_end_re() -> re.Pattern[str]:
    # end 2009, end of 2010, the close of 2009: a calendar year's last day (a year alone is no date)
    return re.compile(r"\b(?:end|close)\s+(?:of\s+)?(?:the\s+)?(?P<y>(?:19|20)\d{2})(?![\d/])", re.I)


def _year(text: str) -> int | None:
    digits = text.lstrip("'")
    n = int(digits)
    if len(digits) == 2:
        n = 2000 + n if n < 70 else 1900 + n
    return n if _MIN_YEAR <= n <= _MAX_YEAR else None


def _month(text: str) -> int | None:
    return _MONTHS.get(text[:3].lower())


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int | None, month: int | None, day: int) -> _dt.date | None:
    if year is None or month is None or not 1 <= month <= 12:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _after_month(text: str, pos: int) -> bool:
    return (
        re.search(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$",
            text[max(0, pos - 16) : pos],
            re.I,
        )
        is not None
    )


def quarter_end(period_start: int, quarter: int) -> _dt.date:
    """Last day of financial quarter ``quarter`` (1-4, April first) of the year starting ``period_start``."""
    month = 3 * quarter + 3
    year = period_start
    if month > 12:
        month -= 12
        year += 1
    return _month_end(year, month)


def find_dates(text: str) -> list[tuple[_dt.date, int, int]]:
    """Every date in ``text``: ``(date, start, end)`` in order of appearance.

    Months without a day give the month's last day; quarters of a financial
    year ('Q3 2008/09') their last day; a financial year alone its 31 March.

    >>> [d.isoformat() for d, _, _ in find_dates('Sept 08 (Oct 08)')]
    ['2008-09-30', '2008-10-31']
    """
    if not isinstance(text, str) or not has_digit(text):
        return []  # every form of date has a digit (a day, a year): most cells have none
    found: list[tuple[_dt.date, int, int]] = []
    taken = bytearray(len(text) + 1)  # 1 where a date already stands: each check costs its own span only

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def add(date: _dt.date | None, s: int, e: int) -> None:
        if date is not None and free(s, e):
            found.append((date, s, e))
            taken[s:e] = b"\x01" * (e - s)

    for m in _numeric_re().finditer(text):
        add(_safe_date(_year(m.group("y")), int(m.group("m")), int(m.group("d"))), m.start(), m.end())
    for m in _day_month_re().finditer(text):
        if _after_month(text, m.start()):
            continue  # 'Mar 09 March 2010': the 09 belongs to the month before
        if m.group("m"):
            if len(m.group("y").lstrip("'")) == 2 and not re.search(r"\d(?:st|nd|rd|th)", m.group(0)):
                continue  # '09 Mar 09' without an ordinal is better read as month and year
            add(_safe_date(_year(m.group("y")), _month(m.group("m")), int(m.group("d"))), m.start(), m.end())
        else:
            add(_safe_date(_year(m.group("y2")), _month(m.group("m2")), int(m.group("d2"))), m.start(), m.end())
    for m in _month_year_re().finditer(text):
        year, month = _year(m.group("y")), _month(m.group("m"))
        if year is not None and month is not None:
            add(_month_end(year, month), m.start(), m.end())
    for m in _season_re().finditer(text):
        year = _year(m.group("y"))
        if year is not None:
            add(_month_end(year, _SEASON_END[m.group("s").lower()]), m.start(), m.end())
    for m in _year_end_re().finditer(text):
        year = _year(m.group("y"))
        if year is not None:
            add(_dt.date(year, 12, 31), m.start("y"), m.end())
    periods = find_periods(text)
    for period, s, e in periods:
        start_year = period_start_year(period)
        if start_year is None:
            continue
        q = re.search(r"Q([1-4])$", period)
        add(quarter_end(start_year, int(q.group(1))) if q else _dt.date(start_year + 1, 3, 31), s, e)
    found.sort(key=lambda f: f[1])
    return found


_START_BEFORE = re.compile(
    r"(?:\b(?:from|start(?:s|ed|ing)?|commenc(?:e|es|ed|ing)|begin(?:s|ning)?|began)"
    r"(?:\s+(?:in|on|at|from|date))?\s*:?(?:\s+the)?(?:\s+(?:early|mid|late|(?:start|beginning|end)\s+of))?"
    r"|\bw\.?e\.?f\.?)\s*$",
    re.IGNORECASE,
)
"""The words before a date that make it a start: 'From', 'starting (in)', 'commencing (on) the', 'Start date:'."""
_START_AFTER = re.compile(r"[ \t]*(?:(?:and|&|[-\u2013\u2014])[ \t]*(?:onwards?|ongoing)|onwards?)\b", re.IGNORECASE)
"""The words after a date, on its line, that make it a start: 'April 2008 onwards', 'Oct 2008 - ongoing'.
Not 'ongoing' alone: in a column of milestones ('Oct 09', 'Ongoing') it is the next one."""
_START_WINDOW = 40


def is_start(text: str, start: int, end: int) -> bool:
    """True when the date at ``text[start:end]`` is written as a start ('From Oct 2008', 'April 2008 onwards')."""
    return _START_BEFORE.search(text[max(0, start - _START_WINDOW) : start]) is not None or bool(
        _START_AFTER.match(text, end)
    )


def due_dates(text: str) -> list[tuple[_dt.date, int, int]]:
    """The dates of :func:`find_dates` that can be due dates: every one not written as a start."""
    return [(d, s, e) for d, s, e in find_dates(text) if not is_start(text, s, e)]


def start_phrase(text: str) -> tuple[_dt.date, str] | None:
    """The first date ``text`` writes as a start, with its words as written ('starting April 2008'), or None.

    >>> start_phrase('Run patrols every weekend, from Oct 2008')
    (datetime.date(2008, 10, 31), 'from Oct 2008')
    """
    for d, s, e in find_dates(text if isinstance(text, str) else ""):
        before = _START_BEFORE.search(text[max(0, s - _START_WINDOW) : s])
        after = _START_AFTER.match(text, e)
        if before or after:
            begin = max(0, s - _START_WINDOW) + before.start() if before else s
            return d, " ".join(text[begin : after.end() if after else e].split())
    return None


def parse_due_date(text: str) -> _dt.date | None:
    """The due date a milestone or deadline cell gives: the latest date it names not written as a start, else None.

    >>> parse_due_date('before end of March 2008')
    datetime.date(2008, 3, 31)
    >>> parse_due_date('Q3 2008/09')
    datetime.date(2008, 12, 31)
    >>> parse_due_date('by exception') is None
    True
    >>> parse_due_date('From Oct 2008') is None
    True
    """
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    found = due_dates(text) if isinstance(text, str) else []
    if not found:
        return None
    return max(d for d, _, _ in found)
