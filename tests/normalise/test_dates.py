"""Due dates from milestone and deadline cells of the corpus."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansift.normalise.dates import find_dates, parse_due_date
from plansift.normalise.periods import period_of_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 09", "2009-03-31"),
        ("Sept 08", "2008-09-30"),
        ("Sep 08", "2008-09-30"),
        ("Feb 08", "2008-02-29"),
        ("by March 2010", "2010-03-31"),
        ("(by March 2010)", "2010-03-31"),
        ("before end of March 2008", "2008-03-31"),
        ("end March 09", "2009-03-31"),
        ("All end March 09 except where indicated", "2009-03-31"),
        ("July – September 2008", "2008-09-30"),
        ("1st Phase July – September 2008  Evaluation – October  Learn lessons", "2008-09-30"),
        ("31/03/2009", "2009-03-31"),
        ("31st March 2009", "2009-03-31"),
        ("Q3 2008/09", "2008-12-31"),
        ("Q4 2008/09", "2009-03-31"),
        ("Sept 08 (Oct 08)", "2008-10-31"),
        ("Dec 08 survey to report by Mar 09 Mar 09", "2009-03-31"),
        ("<p>Jun 09</p> <p>Oct 09</p> <p>Ongoing</p> <p>Nov 08</p>", "2009-10-31"),
        ("Half day event with stakeholders – October 2008", "2008-10-31"),
        ("Ongoing", None),
        ("tbc", None),
        ("by exception", None),
        ("Monthly monitoring through Priority Crime Group", None),
        ("Evaluation – October", None),
        ("", None),
    ],
)
def test_parse_due_date(text, expected):
    got = parse_due_date(text)
    assert (got.isoformat() if got else None) == expected


def test_find_dates_in_order_with_spans():
    text = "July 08 Sept 08 Sept 08 Mar 09"
    found = find_dates(text)
    assert [d.isoformat() for d, _, _ in found] == ["2008-07-31", "2008-09-30", "2008-09-30", "2009-03-31"]
    assert [text[s:e] for _, s, e in found] == ["July 08", "Sept 08", "Sept 08", "Mar 09"]


@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2055, 12, 31)))
def test_written_dates_round_trip(date):
    assert parse_due_date(date.strftime("%d/%m/%Y")) == date
    assert parse_due_date(date.strftime("%d %B %Y")) == date
    assert period_of_date(date)[:4] in {str(date.year), str(date.year - 1)}


@given(st.text(max_size=50))
def test_parse_due_date_never_raises(text):
    parse_due_date(text)
