"""Due dates from milestone and deadline cells of the corpus."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansift.normalise.dates import find_dates, parse_due_date, start_phrase
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
        ("Spring 2009", "2009-05-31"),
        ("by summer of 2010", "2010-08-31"),
        ("Autumn '09", "2009-11-30"),
        ("Summer 2009/10", "2010-03-31"),
        ("Winter 2009", None),
        ("by the end of 2009", "2009-12-31"),
        ("end 2010", "2010-12-31"),
        ("end of 2009/10", "2010-03-31"),
        ("2010", None),
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


# Milestone and timescale cells as plans write them. A start says when work begins, not when it is due.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From Oct 2008", None),
        ("from October 2008", None),
        ("Starting April 2008", None),
        ("starting in October 2008", None),
        ("Starts Sept 08", None),
        ("Commencing 1st April 2008", None),
        ("commencing on the 1st of April 2008", None),
        ("Beginning Jan 2009", None),
        ("from 1 April 2008 onwards", None),
        ("April 2008 onwards", None),
        ("Oct 2008 - ongoing", None),
        ("Apr 08 and ongoing", None),
        ("From 2008/09", None),
        ("Start date: April 2008", None),
        ("w.e.f. 1/4/2008", None),
        # what keeps today's reading
        ("by Oct 2008", "2008-10-31"),
        ("until March 2009", "2009-03-31"),
        ("end of March 2009", "2009-03-31"),
        ("to March 2009", "2009-03-31"),
        ("Oct 2008", "2008-10-31"),
        ("Oct 2008 - Mar 2009", "2009-03-31"),
        ("Oct 2008 – Mar 2009", "2009-03-31"),
        ("From Oct 2008 to Mar 2009", "2009-03-31"),
        ("from April 2008 until March 2011", "2011-03-31"),
        ("Starting April 2008, complete by March 2009", "2009-03-31"),
        ("Quarterly review, first by Dec 2008", "2008-12-31"),
        ("Reduce from 2007/08 levels by March 2010", "2010-03-31"),
        ("Oct 09\nOngoing", "2009-10-31"),
        ("Oct 09 Ongoing", "2009-10-31"),
        ("Sep 2009 (launch from Oct 2008)", "2009-09-30"),
    ],
)
def test_a_start_is_no_due_date(text, expected):
    got = parse_due_date(text)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From Oct 2008", (dt.date(2008, 10, 31), "From Oct 2008")),
        ("each year, starting April 2008.", (dt.date(2008, 4, 30), "starting April 2008")),
        ("from 1 April 2008 onwards", (dt.date(2008, 4, 1), "from 1 April 2008 onwards")),
        ("Oct 2008 - ongoing", (dt.date(2008, 10, 31), "Oct 2008 - ongoing")),
        ("by March 2009", None),
        ("Oct 2008 - Mar 2009", None),
        ("Ongoing", None),
    ],
)
def test_start_phrase_keeps_the_words_as_written(text, expected):
    assert start_phrase(text) == expected


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
