"""Reading the numbers of a target cell: '383  1.24  2007/8', '1.33 per 1000 population (382 incidents)'.

A value cell starts with its number (after an optional year); a cell of prose
that happens to hold a number ('Each CDRP has a plan for the next 3 years')
holds no value. Numbers that are part of a date ('until January 09', 'Autumn
08'), a year, an indicator code or 'Year 2' are not values, and a cell saying
the value is not set ('N/A', 'to be set', 'will not be set until ...') holds
none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plansift.normalise.dates import find_dates
from plansift.normalise.indicators import find_indicator_codes
from plansift.normalise.numbers import find_numbers
from plansift.normalise.periods import find_periods

MAX_LEADING_WORDS = 4
"""A value cell names its first number within this many words."""

_NOT_SET = re.compile(
    r"^\s*(?:n/?a|nil|none|tbc|tbd|-+|–|not applicable|not available)\s*\.?\s*$"
    r"|\b(?:to be (?:set|agreed|confirmed|determined|established)|(?:will|to) not be set|not (?:yet )?set|"
    r"no reporting|not (?:yet )?available|not (?:yet )?known)\b",
    re.IGNORECASE,
)
_DATE_WORD_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$|"
    r"(?:spring|summer|autumn|winter|year|phase|quarter|q|stage|level|step|tier|no\.?|number|ni)\s*$",
    re.IGNORECASE,
)
_PROVISIONAL = re.compile(r"\bprovisional\b|\bsubject to (?:confirmation|agreement)\b|\bindicative\b", re.IGNORECASE)
_DENOMINATORS = (100.0, 1000.0, 10000.0, 100000.0)
_POPULATION_AFTER = re.compile(r"\s*(?:of\s+(?:the\s+)?)?(?:pop(?:ulation|\.)?|people|residents|head)\b", re.I)
_COUNT_TAIL = re.compile(r"[\s\w]{0,30}?\b(?:incidents?|offences?|crimes?|casualties|cases|fires|people|offenders)\b")


@dataclass(frozen=True, slots=True)
class Value:
    """A number read from a cell: its value, its unit when the words say, and the text as written."""

    value: float
    raw: str
    unit: str | None
    start: int
    end: int


def is_not_set(text: str) -> bool:
    """True when a cell says its value is not given ('N/A', 'to be set', 'will not be set until ...')."""
    return bool(_NOT_SET.search(text))


def is_provisional(text: str) -> bool:
    return bool(_PROVISIONAL.search(text))


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [(s, e) for _, s, e in find_dates(text)]
    spans += [(s, e) for _, s, e in find_periods(text)]
    spans += [(m.start, m.end) for m in find_indicator_codes(text)]
    return spans


_PER_BEFORE = re.compile(r"\bper\s*$", re.I)
_FOOTNOTE_MARK = re.compile(r"\d{1,2}")


def _is_footnote_mark(text: str, start: int, end: int) -> bool:
    """A whole number of one or two digits alone in brackets after something else in the cell: the mark of
    a note ('n/a (1)', '17.5% (2)'). A number in brackets with words ('(382 incidents)') is not one."""
    return (
        text[start - 1 : start] == "("
        and text[end : end + 1] == ")"
        and _FOOTNOTE_MARK.fullmatch(text, start, end) is not None
        and bool(text[: start - 1].strip())
    )


def read_values(text: str, *, leading_only: bool = True) -> list[Value]:
    """The values a target cell holds, in order; [] for prose, dates and 'not set' cells."""
    if not text or not text.strip():
        return []
    return list(_read_values(text, leading_only))


@lru_cache(maxsize=1 << 14)
def _read_values(text: str, leading_only: bool) -> tuple[Value, ...]:
    """:func:`read_values`, remembered: a table's cells are read as header candidates, then as values."""
    found = find_numbers(text)
    if not found:
        return ()
    if is_not_set(text) and not any(n.unit_hint for n in found):
        return ()
    spans = _excluded_spans(text)
    out: list[Value] = []
    for n in found:
        if any(s <= n.start < e for s, e in spans):
            continue
        if _DATE_WORD_BEFORE.search(text[max(0, n.start - 12) : n.start]):
            continue
        if _PER_BEFORE.search(text, max(0, n.start - 6), n.start):
            continue  # '(1,059 per 100,000)': the denominator of a rate, not a value
        if _is_footnote_mark(text, n.start, n.end):
            continue  # 'n/a (1)', '17.5% (2)': the note under the table, not a value
        if n.value in _DENOMINATORS and _POPULATION_AFTER.match(text, n.end):
            continue  # '... per / 1,000 pop' cut over two lines: the denominator, not a value
        raw = text[n.start : n.end].strip()
        if n.unit_hint == "count":
            tail = _COUNT_TAIL.match(text, n.end)
            if tail:
                raw = text[n.start : tail.end()].strip()
        out.append(Value(value=n.value, raw=raw, unit=n.unit_hint, start=n.start, end=n.end))
    if not out:
        return ()
    if leading_only:
        head = text[: out[0].start]
        for _, s, e in find_periods(head):
            head = head[:s] + " " * (e - s) + head[e:]
        if len(re.findall(r"[A-Za-z]{2,}", head)) > MAX_LEADING_WORDS:
            return ()
    return tuple(out)
