"""Amounts of money in pounds: '£1.2m', '£583,664', '£18122', '£ 35k', '£25,000', '1,967,376' under a £ column.

>>> parse_money('£1.2m')
1200000.0
>>> parse_money('£ 35k')
35000.0
>>> [m.amount for m in find_money('£25,000 from the Police and £40,000 a year')]
[25000.0, 40000.0]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"bn|billion|m|million|mn|k|thousand"
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """An amount of money found in prose: pounds, and where it stands."""

    amount: float
    raw: str
    start: int
    end: int


@cache
def _pounds_re() -> re.Pattern[str]:
    # '£1.2m', '£ 35k', 'GBP 25,000', '25,000 pounds'
    return re.compile(
        rf"(?:£|\bGBP)\s*(?P<num>{_AMOUNT})(?:\s*(?P<scale>{_SCALE})\b)?"
        rf"|(?<![\w.,])(?P<num2>{_AMOUNT})(?:\s*(?P<scale2>{_SCALE})\b)?\s*(?:pounds|GBP)\b",
        re.IGNORECASE,
    )


@cache
def _bare_re() -> re.Pattern[str]:
    # a cell holding only an amount, the column saying it is in pounds
    return re.compile(rf"^\s*\(?\s*£?\s*(?P<num>{_AMOUNT})(?:\s*(?P<scale>{_SCALE})\b)?\s*\)?\s*$", re.IGNORECASE)


def _value(match: re.Match[str]) -> float | None:
    groups = match.groupdict()
    num = groups.get("num") or groups.get("num2")
    scale = groups.get("scale") or groups.get("scale2")
    if num is None:
        return None
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    if scale:
        value *= _SCALES[scale.lower()]
    return value if math.isfinite(value) else None


def find_money(text: str) -> list[MoneyMention]:
    """Every amount written with '£' (or 'GBP', 'pounds') in ``text``, in order.

    Bare numbers are not money in prose: only a column headed '£' makes them so
    (use :func:`parse_money` on such a cell).
    """
    if not isinstance(text, str) or not text:
        return []
    if "£" not in text:
        folded = text.casefold()
        if "gbp" not in folded and "pounds" not in folded:
            return []  # every amount is written with one of the three (most cells have none)
    out = []
    for m in _pounds_re().finditer(text):
        value = _value(m)
        if value is not None:
            out.append(MoneyMention(amount=value, raw=m.group(0).strip(), start=m.start(), end=m.end()))
    return out


def parse_money(text: str) -> float | None:
    """The amount a cell or phrase holds, in pounds, else None.

    Reads the first '£' amount; a cell holding only a number ('1,967,376',
    '23,500') is taken as pounds, as its column says. Words such as 'To be
    determined' or 'None identified' give None.

    >>> parse_money('£583,664')
    583664.0
    >>> parse_money('1,967,376')
    1967376.0
    >>> parse_money('To be determined') is None
    True
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str) or not text.strip():
        return None
    found = find_money(text)
    if found:
        return found[0].amount
    m = _bare_re().match(text)
    return _value(m) if m else None
