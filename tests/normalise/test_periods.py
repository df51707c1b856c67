"""Periods: the spellings of financial years the corpus uses, and what must be refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansift.normalise.periods import find_periods, parse_period, period_of_date, plan_start_year


@pytest.mark.parametrize(
    ("text", "start_year", "expected"),
    [
        ("2008/9", None, "2008/09"),
        ("08/09", None, "2008/09"),
        ("2007/2008", None, "2007/08"),
        ("2007/8", None, "2007/08"),
        ("2008-09", None, "2008/09"),
        ("2009-10", None, "2009/10"),
        ("Target 2008/09", None, "2008/09"),
        ("Target 08/09", None, "2008/09"),
        ("383  1.24  2007/8", None, "2007/08"),
        ("Baseline 2007/08 £", None, "2007/08"),
        ("Year 1", 2008, "2008/09"),
        ("Target improved performance Year 3", 2008, "2010/11"),
        ("Q1 2008/09", None, "2008/09 Q1"),
        ("2008/09 Q4", None, "2008/09 Q4"),
        ("Q1", 2008, "2008/09 Q1"),
        # refused: no year, a plan span, a date, an age range, two different years, Year N without a plan
        ("Year 1", None, None),
        ("Q2", None, None),
        ("2008 - 2011", None, None),
        ("Community Safety Plan 2008-11", None, None),
        ("31/03/2009", None, None),
        ("aged 10-17", None, None),
        ("18-25 age group", None, None),
        ("2008/09 and 2009/10", None, None),
        ("N/A", None, None),
        ("", None, None),
        ("1,234", None, None),
        ("13.44", None, None),
    ],
)
def test_parse_period(text, start_year, expected):
    assert parse_period(text, plan_start_year=start_year) == expected


def test_find_periods_in_a_header_row():
    text = "Funding & Planned Spend\t2008/09\t2009/10\t2010/11\tTotal"
    assert [p for p, _, _ in find_periods(text)] == ["2008/09", "2009/10", "2010/11"]
    for period, start, end in find_periods(text):
        assert text[start:end].replace("/", "")[:4] == period[:4]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2008, 4, 1), "2008/09"),
        (dt.date(2009, 3, 31), "2008/09"),
        (dt.date(2008, 12, 31), "2008/09"),
        (dt.date(2010, 1, 1), "2009/10"),
    ],
)
def test_period_of_date(date, expected):
    assert period_of_date(date) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Local Area Agreement Implementation Plan 2008 - 2011", 2008),
        ("LAA 2008-2011", 2008),
        ("West Midlands Policing Plan 2008/9 – 2010/11 and Community Safety Plan 2008-11", 2008),
        ("Safer Communities Action Plan 2009/10", None),
        ("nothing here", None),
    ],
)
def test_plan_start_year(text, expected):
    assert plan_start_year(text) == expected


@given(st.text(max_size=60), st.one_of(st.none(), st.integers(-5000, 5000)))
def test_parse_period_never_raises_and_is_idempotent(text, start):
    result = parse_period(text, plan_start_year=start)
    if result is not None:
        assert parse_period(result) == result
