"""Regression: find_dates checked each new date against every date already taken (quadratic).

``free()`` scans the whole ``taken`` list for each candidate, so a text with 8,000 month-year dates took
10 s and 30,000 (a long milestone table read as one block) minutes. The timeout is a hang guard only.
"""

from __future__ import annotations

import datetime as dt

import pytest

from plansift.normalise.dates import find_dates, parse_due_date


@pytest.mark.timeout(20)
def test_find_dates_quadratic_on_many_dates():
    text = "Mar 09 " * 30_000 + "by March 2011"
    found = find_dates(text)
    assert len(found) == 30_001
    assert parse_due_date(text) == dt.date(2011, 3, 31)
