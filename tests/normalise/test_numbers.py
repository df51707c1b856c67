"""Numbers and money as the corpus writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plansift.normalise.money import find_money, parse_money
from plansift.normalise.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", 1234.0),
        ("7,995", 7995.0),
        ("13.44", 13.44),
        ("18%", 18.0),
        ("(382 incidents)", 382.0),
        ("261 recorded offences", 261.0),
        ("4206", 4206.0),
        ("0.3", 0.3),
        ("-4.3%", -4.3),
        # refused: not a number, or more than one
        ("N/A", None),
        ("To be determined", None),
        ("383  1.24", None),
        ("2008/09", None),
        ("", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.33 per 1000 population (382 incidents)", [(1.33, "rate_per_1000"), (382.0, "count")]),
        ("2007/8 7,995 recorded offences 15.31 per 1,000 pop", [(7995.0, "count"), (15.31, "rate_per_1000")]),
        ("Number of crimes per 1,000 population", []),
        ("13.7 offences per 1,000 population)", [(13.7, "rate_per_1000")]),
        ("18% (Provisional target – baselines to be identified in Autumn 08)", [(18.0, "percent"), (8.0, None)]),
        ("£583,664 assured", [(583664.0, "gbp")]),
        ("368 1.20", [(368.0, None), (1.2, None)]),
    ],
)
def test_find_numbers_unit_hints(text, expected):
    assert [(n.value, n.unit_hint) for n in find_numbers(text)] == expected


def test_find_numbers_spans_point_at_the_text():
    text = "248 recorded offences 0.47 per 1,000 pop"
    for n in find_numbers(text):
        assert text[n.start : n.end].strip() == n.raw
        assert parse_number(n.raw.split()[0]) == n.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1.2m", 1_200_000.0),
        ("£583,664", 583_664.0),
        ("£18122", 18_122.0),
        ("£ 35k", 35_000.0),
        ("£25,000", 25_000.0),
        ("1,967,376", 1_967_376.0),
        (" 23,500", 23_500.0),
        ("£1,770,000", 1_770_000.0),
        ("Yes - £18,122 assured to the Safer Communities Block in 2008/09.", 18_122.0),
        ("To be determined", None),
        ("None identified", None),
        ("Mar 09", None),
        ("", None),
    ],
)
def test_parse_money(text, expected):
    assert parse_money(text) == expected


def test_find_money_in_prose():
    text = "£25,000 from the Police, £40,000 a year and 2 staff for 2008/09"
    found = find_money(text)
    assert [m.amount for m in found] == [25_000.0, 40_000.0]
    assert [text[m.start : m.end] for m in found] == ["£25,000", "£40,000"]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("25,000 Pounds for the project", [25_000.0]),
        ("GBP 3m over three years", [3_000_000.0]),
        ("gbp 4k", [4_000.0]),
        ("POUNDS 5 is not an amount, 5 POUNDS is", [5.0]),
        ("25,000 from the Police", []),
    ],
)
def test_money_is_written_with_pounds_or_gbp_in_any_case(text, amounts):
    assert [m.amount for m in find_money(text)] == amounts


@given(st.text(alphabet="£GBPgbpoundsOUNDS0123456789,.km ", max_size=30))
def test_find_money_agrees_with_its_pattern(text):
    """The quick check for '£', 'GBP' and 'pounds' never hides an amount the pattern would find."""
    from plansift.normalise.money import _pounds_re

    assert [(m.start, m.end) for m in find_money(text)] == [
        (m.start(), m.end()) for m in _pounds_re().finditer(text) if m.group("num") or m.group("num2")
    ]


@given(st.text(max_size=40))
def test_numbers_and_money_never_raise(text):
    parse_number(text)
    parse_money(text)
    find_numbers(text)
    find_money(text)
