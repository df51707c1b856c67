"""Property tests (hypothesis) on every normaliser of plansift.normalise's contract.

For each function: arbitrary text never raises, results have their canonical
form, and normalising a result again changes nothing. Text is drawn both from
all of Unicode and from "plan-like" fragments (codes, pounds, years, months,
gazetteer names) so that the interesting branches are reached. A function that
has not landed yet is skipped, naming what is missing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import os
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

# HYPOTHESIS_MAX_EXAMPLES raises the count for a deeper local search (CI keeps 200).
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PERIOD = re.compile(r"(?P<a>\d{4})/(?P<b>\d{2})( Q[1-4])?")
CODE = re.compile(r"NI [1-9]\d{0,2}")


def normaliser(module: str, name: str):
    """``plansift.normalise.<module>.<name>``, or skip the test while it has not landed."""
    try:
        mod = importlib.import_module(f"plansift.normalise.{module}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("plansift"):
            pytest.skip(f"plansift.normalise.{module} has not landed")
        raise
    fn = getattr(mod, name, None)
    if fn is None:
        pytest.skip(f"plansift.normalise.{module}.{name} has not landed")
    return fn


def _gazetteer_names() -> list[str]:
    try:
        from plansift import gazetteer

        names = [n for o in gazetteer.organisations() for n in (o.name, *o.aliases, *o.generic)]
        names += [n for a in gazetteer.areas() for n in (a.name, *a.aliases)]
        names += [n for f in gazetteer.funding_streams() for n in (f.name, *f.aliases)]
        names += [i.title for i in gazetteer.indicators()]
        return sorted(set(filter(None, names)))
    except Exception:  # the gazetteer is being written: plan-like text still has plenty
        return ["West Midlands Police", "Sandwell MBC", "Area Based Grant", "Serious Acquisitive Crime rate"]


FRAGMENTS = [
    "NI",
    "NI ",
    "N.I.",
    "National Indicator ",
    "NI-0",
    "£",
    "GBP",
    "pounds",
    "m",
    "k",
    "bn",
    "million",
    ",",
    ".",
    "/",
    "-",
    "–",
    " to ",
    "&",
    " and ",
    "Year ",
    "Q",
    "Qtr ",
    "%",
    "per 1,000 population",
    " incidents",
    "(",
    ")",
    "Mar",
    "March",
    "Sept",
    "by ",
    "Ongoing",
    "31/03/",
    "2008/09",
    "08/9",
    "2007/2008",
    "Mr ",
    "Dr ",
    " - ",
    "\t",
    "\n",
    " ",
    *_gazetteer_names(),
]

plan_like = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.integers(min_value=0, max_value=3000).map(str),
        st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"),
        st.text(max_size=4),
    ),
    max_size=12,
).map("".join)
texts = st.one_of(st.text(max_size=200), plan_like)


# -------------------------------------------------------------------------------------------- periods


@SETTINGS
@given(texts, st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6)))
def test_parse_period_never_raises_and_is_canonical(text, plan_start_year):
    parse_period = normaliser("periods", "parse_period")
    period = parse_period(text, plan_start_year=plan_start_year)
    if period is None:
        return
    m = PERIOD.fullmatch(period)
    assert m, period
    assert (int(m["a"]) + 1) % 100 == int(m["b"]), period
    assert parse_period(period) == period
    assert parse_period(period, plan_start_year=plan_start_year) == period


@SETTINGS
@given(st.integers(min_value=1990, max_value=2059))
def test_parse_period_reads_every_spelling_of_a_year(year):
    parse_period = normaliser("periods", "parse_period")
    want = f"{year}/{(year + 1) % 100:02d}"
    for spelling in (
        want,
        f"{year}/{year + 1}",
        f"{year}-{(year + 1) % 100:02d}",
        f"{year % 100:02d}/{(year + 1) % 100:02d}",
    ):
        assert parse_period(spelling) == want, spelling


@SETTINGS
@given(texts)
def test_find_periods_spans_are_in_order_and_in_the_text(text):
    find_periods = normaliser("periods", "find_periods")
    last = -1
    for period, start, end in find_periods(text):
        assert PERIOD.fullmatch(period), period
        assert 0 <= start < end <= len(text) and start >= last
        last = start


# -------------------------------------------------------------------------------------------- numbers


def _positional(x: float) -> str:
    """A float written out without an exponent, as a plan would ('0.0000001', '-12.5')."""
    return format(Decimal(repr(x)), "f")


@SETTINGS
@given(texts)
def test_parse_number_never_raises_and_is_canonical(text):
    parse_number = normaliser("numbers", "parse_number")
    x = parse_number(text)
    if x is None:
        return
    assert isinstance(x, float) and math.isfinite(x)
    assert parse_number(_positional(x)) == x
    assert parse_number(x) == x


@SETTINGS
@given(st.one_of(st.integers(min_value=-(10**12), max_value=10**12), st.floats(allow_nan=False, allow_infinity=False)))
def test_parse_number_reads_written_numbers(value):
    parse_number = normaliser("numbers", "parse_number")
    assume(abs(value) < 1e15)
    if isinstance(value, int) or float(value).is_integer():
        assert parse_number(f"{int(value):,}") == float(int(value))
    assert parse_number(_positional(float(value))) == float(value)


@SETTINGS
@given(texts)
def test_find_numbers_raw_is_the_text_at_its_span(text):
    find_numbers = normaliser("numbers", "find_numbers")
    for n in find_numbers(text):
        assert math.isfinite(n.value)
        assert 0 <= n.start < n.end <= len(text)
        assert n.raw == text[n.start : n.end].strip()


# ---------------------------------------------------------------------------------------------- money


@SETTINGS
@given(texts)
def test_parse_money_never_raises_and_is_canonical(text):
    parse_money = normaliser("money", "parse_money")
    amount = parse_money(text)
    if amount is None:
        return
    assert isinstance(amount, float) and math.isfinite(amount) and amount >= 0
    assert parse_money(f"£{amount:,.2f}") == pytest.approx(round(amount, 2), rel=1e-12)
    assert parse_money(amount) == amount


@SETTINGS
@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_parse_money_reads_pounds_as_written(value):
    parse_money = normaliser("money", "parse_money")
    assert parse_money(f"£{value:,.0f}") == round(value)
    assert parse_money(f"£{value:.0f}") == round(value)
    assert parse_money(f"£ {value:,.0f}") == round(value)


@SETTINGS
@given(st.decimals(min_value=0, max_value=999, places=1), st.sampled_from([("m", 1e6), ("k", 1e3), ("bn", 1e9)]))
def test_parse_money_reads_scaled_amounts(value, scale):
    parse_money = normaliser("money", "parse_money")
    word, factor = scale
    assert parse_money(f"£{value}{word}") == pytest.approx(float(value) * factor, rel=1e-9)


@SETTINGS
@given(texts)
def test_find_money_amounts_are_finite_and_in_the_text(text):
    find_money = normaliser("money", "find_money")
    for m in find_money(text):
        assert math.isfinite(m.amount) and m.amount >= 0
        assert 0 <= m.start < m.end <= len(text)
        assert m.raw == text[m.start : m.end].strip()


# ---------------------------------------------------------------------------------------------- dates


@SETTINGS
@given(texts)
def test_parse_due_date_never_raises_and_is_canonical(text):
    parse_due_date = normaliser("dates", "parse_due_date")
    date = parse_due_date(text)
    if date is None:
        return
    assert isinstance(date, dt.date) and 1990 <= date.year <= 2061
    assert parse_due_date(date.strftime("%d/%m/%Y")) == date
    assert parse_due_date(f"{date.day} {date:%B} {date.year}") == date


@SETTINGS
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_parse_due_date_reads_month_ends(date):
    import calendar

    parse_due_date = normaliser("dates", "parse_due_date")
    end = date.replace(day=calendar.monthrange(date.year, date.month)[1])
    assert parse_due_date(f"{date:%b} {date:%y}") == end
    assert parse_due_date(f"by {date:%B %Y}") == end


# ----------------------------------------------------------------------------------------- indicators


@SETTINGS
@given(texts)
def test_find_indicator_codes_never_raises_and_codes_are_canonical(text):
    find_indicator_codes = normaliser("indicators", "find_indicator_codes")
    for m in find_indicator_codes(text):
        assert CODE.fullmatch(m.code), m
        assert [x.code for x in find_indicator_codes(m.code)] == [m.code]
        assert 0 <= m.start < m.end <= len(text)
        assert m.raw == text[m.start : m.end]


@SETTINGS
@given(
    st.integers(min_value=1, max_value=198),
    st.sampled_from(["NI {}", "NI{}", "NI-{:03d}", "N.I. {}", "National Indicator {}"]),
)
def test_find_indicator_codes_reads_every_spelling(n, spelling):
    find_indicator_codes = normaliser("indicators", "find_indicator_codes")
    indicator_title = normaliser("indicators", "indicator_title")
    assume(indicator_title(f"NI {n}") is not None)
    assert [m.code for m in find_indicator_codes(spelling.format(n))] == [f"NI {n}"]


@SETTINGS
@given(texts)
def test_match_indicator_title_never_raises_and_is_canonical(text):
    match_indicator_title = normaliser("indicators", "match_indicator_title")
    m = match_indicator_title(text)
    if m is None:
        return
    assert CODE.fullmatch(m.code), m
    again = match_indicator_title(m.title)
    assert again is not None and again.code == m.code, (m, again)


def test_every_canonical_indicator_title_matches_itself():
    match_indicator_title = normaliser("indicators", "match_indicator_title")
    from plansift.gazetteer import indicators

    wrong = []
    for ind in indicators():
        m = match_indicator_title(ind.title)
        if m is None or m.code != ind.code:
            wrong.append((ind.code, ind.title, m and m.code))
    assert not wrong, f"{len(wrong)} titles do not match their own indicator: {wrong[:10]}"


# ------------------------------------------------------------------------------ areas, organisations


def _areas():
    try:
        from plansift.gazetteer import areas

        return [None, *areas()]
    except Exception:
        return [None]


@SETTINGS
@given(texts)
def test_match_area_never_raises_and_is_canonical(text):
    match_area = normaliser("areas", "match_area")
    area = match_area(text)
    if area is None:
        return
    again = match_area(area.name)
    assert again is not None and again.name == area.name


@SETTINGS
@given(texts, st.sampled_from(_areas()))
def test_match_organisation_never_raises_and_is_canonical(text, area):
    match_organisation = normaliser("organisations", "match_organisation")
    m = match_organisation(text, area)
    assert m.raw == text
    if not m.matched:
        assert m.name is None
        return
    assert m.name and 0 <= m.score <= 100
    again = match_organisation(m.name, area)
    assert again.matched and again.name == m.name, (m, again)


def test_every_canonical_organisation_name_matches_itself():
    match_organisation = normaliser("organisations", "match_organisation")
    from plansift.gazetteer import areas, organisations

    by_name = {a.name: a for a in areas()}
    wrong = []
    for org in organisations():
        m = match_organisation(org.name, by_name.get(org.area))
        if m.name != org.name:
            wrong.append((org.name, m.name, m.candidates[:3]))
    assert not wrong, wrong


@SETTINGS
@given(texts, st.sampled_from(_areas()))
def test_find_organisations_spans_are_in_the_text(text, area):
    find_organisations = normaliser("organisations", "find_organisations")
    for m in find_organisations(text, area):
        assert 0 <= m.start < m.end <= len(text)
        assert m.raw == text[m.start : m.end]


@SETTINGS
@given(texts)
def test_match_funding_stream_never_raises_and_is_canonical(text):
    match_funding_stream = normaliser("organisations", "match_funding_stream")
    m = match_funding_stream(text)
    if m is None or not m.matched:
        return
    again = match_funding_stream(m.name)
    assert again is not None and again.name == m.name, (m, again)


# ------------------------------------------------------------------------------------------- officers

officer_cells = st.one_of(
    texts,
    st.builds(
        lambda title, name, role, org: f"{title}{name}{role}{org}",
        st.sampled_from(["", "Mr ", "Mrs ", "Dr ", "Cllr "]),
        st.sampled_from(["Richard Howe", "Nikki Murch", "Sara Roach", "A. Pearson", "Kit Leck", ""]),
        st.sampled_from(["", " - Partnership Analyst", ", Crime Information Officer", " (Chief Inspector)"]),
        st.sampled_from(["", " (West Midlands Police)", " / WCC", " + Police/CDRPs", " – Community Safety Team"]),
    ),
)


@SETTINGS
@given(officer_cells, st.sampled_from(_areas()))
def test_parse_officer_cell_never_raises_and_is_canonical(text, area):
    parse_officer_cell = normaliser("officers", "parse_officer_cell")
    officers = parse_officer_cell(text, area=area)
    assert isinstance(officers, list)
    for officer in officers:
        name = getattr(officer, "name", None)
        if not name:
            continue
        assert name == name.strip() and "  " not in name, officer
        again = parse_officer_cell(name, area=area)
        assert [getattr(o, "name", None) for o in again][:1] == [name], (officer, again)


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=80))
@settings(max_examples=300, deadline=None)
def test_dates_and_periods_need_a_digit(text):
    """find_dates and find_periods return at once for a text without a digit: none of their patterns can
    match one (the quick check they rely on)."""
    from plansift.normalise import dates, periods

    for pattern in (dates._numeric_re(), dates._day_month_re(), dates._month_year_re(), periods._pair_re()):
        assert pattern.search(text) is None
        assert pattern.search(f"by March {text} Q1 ") is None


@pytest.mark.parametrize(
    "text", ["Sept 08 (Oct 08)", "31st March 2009", "Q3 2008/09", "end of March 2010", "Target 2008/09 and 2009/10"]
)
def test_dates_with_digits_are_still_found(text):
    from plansift.normalise.dates import find_dates
    from plansift.normalise.periods import find_periods

    assert find_dates(text)
    assert find_periods(text) or "/" not in text
