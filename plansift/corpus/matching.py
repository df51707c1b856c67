"""One-to-one matching of predicted facts against gold facts, best pairs first (GOLD.md).

Each part of the score (targets, funding, actions, ...) is a list of predicted
items, a list of gold items and a pair function that says whether two items
match and how well. :func:`match_one_to_one` takes every matching pair, sorts
them best first and keeps a pair only while neither side is used yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz

ACTION_SIMILARITY = 80
ORGANISATION_SIMILARITY = 90
OFFICER_SIMILARITY = 90
SOURCE_SIMILARITY = 90
TARGET_VALUE_TOLERANCE = 0.005

_NI = re.compile(r"^\s*N\.?\s*I\.?\s*0*(\d+)\s*([a-z]?)\s*$", re.IGNORECASE)


def national_indicator(code: Any) -> str | None:
    """The canonical ``NI <n>`` form of a National Indicator code, or None for anything else.

    >>> national_indicator("NI015"), national_indicator("ni 15"), national_indicator("LAA 3")
    ('NI 15', 'NI 15', None)
    """
    if not isinstance(code, str):
        return None
    m = _NI.match(code)
    return f"NI {int(m.group(1))}{m.group(2).lower()}" if m else None


def canonical_indicator(code: Any) -> str | None:
    """An indicator code compared as written, except that NI codes are put in canonical form."""
    if not isinstance(code, str) or not code.strip():
        return None
    return national_indicator(code) or " ".join(code.split()).upper()


def is_blank(value: Any) -> bool:
    """True for None, NaN, pandas NA and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and pandas.NA
    except TypeError:
        return True


def text(value: Any) -> str:
    """Lower-cased, whitespace-normalised text; '' for blanks."""
    return "" if is_blank(value) else " ".join(str(value).split()).lower()


def match_one_to_one(
    predicted: Sequence[Any], gold: Sequence[Any], score: Callable[[Any, Any], float | None]
) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index), each side used once, highest score first.

    ``score`` returns None when two items do not match. Ties keep the order of
    the inputs, so the result is deterministic.

    >>> match_one_to_one([1, 2], [2, 2], lambda p, g: 1.0 if p == g else None)
    [(1, 0)]
    """
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            s = score(p, g)
            if s is not None:
                pairs.append((-s, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    kept = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        kept.append((i, j))
    return sorted(kept)


def target_score(pred: dict, gold: dict) -> float | None:
    """Targets match on indicator, period, kind and unit, with the value within 0.5 %."""
    if canonical_indicator(pred.get("indicator_code")) != canonical_indicator(gold.get("indicator")):
        return None
    if (None if is_blank(pred.get("period")) else str(pred["period"]).strip()) != gold.get("period"):
        return None
    if text(pred.get("value_kind")) != text(gold.get("kind")) or text(pred.get("unit")) != text(gold.get("unit")):
        return None
    p, g = _number(pred.get("value")), _number(gold.get("value"))
    if p is None or g is None:
        return None
    diff = abs(p - g)
    if diff > TARGET_VALUE_TOLERANCE * abs(g) and not (g == 0 and diff == 0):
        return None
    return 1.0 - (diff / abs(g) if g else 0.0)


def funding_score(pred: dict, gold: dict) -> float | None:
    """Funding matches on the amount to the pound, and the period where the gold gives one.

    Among matches, a pair that also agrees on the period and the source ranks first.
    """
    p, g = _number(pred.get("amount_gbp")), _number(gold.get("amount_gbp"))
    if p is None or g is None or round(p) != round(g):
        return None
    gold_period = gold.get("period")
    same_period = text(pred.get("period")) == text(gold_period)
    if gold_period is not None and not same_period:
        return None
    return 1.0 + same_period + source_agrees(pred.get("funding_source"), gold.get("source"))


def action_score(pred: dict, gold: dict) -> float | None:
    """Actions match when token_set_ratio of the lower-cased descriptions is at least 80."""
    s = fuzz.token_set_ratio(text(pred.get("description")), text(gold.get("description")))
    return s if s >= ACTION_SIMILARITY else None


def organisation_score(pred: str, gold: dict) -> float | None:
    """An organisation matches the gold name or any alias (token_set_ratio >= 90)."""
    names = [gold.get("name"), *(gold.get("aliases") or [])]
    best = max((fuzz.token_set_ratio(text(pred), text(n)) for n in names if not is_blank(n)), default=0)
    return best if best >= ORGANISATION_SIMILARITY else None


def officer_score(pred: str, gold: dict) -> float | None:
    """Officers match on the person name (token_sort_ratio >= 90)."""
    s = fuzz.token_sort_ratio(text(pred), text(gold.get("name")))
    return s if s >= OFFICER_SIMILARITY else None


def indicator_score(pred: str, gold: str) -> float | None:
    return 1.0 if pred == canonical_indicator(gold) else None


def source_agrees(pred: Any, gold: Any) -> bool:
    """A funding source is right when both are blank or they match (token_set_ratio >= 90)."""
    if is_blank(gold) or is_blank(pred):
        return is_blank(gold) and is_blank(pred)
    return fuzz.token_set_ratio(text(pred), text(gold)) >= SOURCE_SIMILARITY


def lead_organisation_agrees(pred: Any, gold_action: dict, gold_organisations: list[dict]) -> bool:
    """The predicted lead organisation is right when both are blank, or it matches the gold lead.

    The gold lead is its name and the aliases the key lists for that organisation;
    where the key names several joint leads (``lead_organisations``) any of them counts.
    """
    leads = [gold_action.get("lead_organisation"), *(gold_action.get("lead_organisations") or [])]
    leads = [name for name in leads if not is_blank(name)]
    if not leads or is_blank(pred):
        return not leads and is_blank(pred)
    for name in leads:
        entry = next((o for o in gold_organisations if text(o.get("name")) == text(name)), {"name": name})
        if organisation_score(pred, entry) is not None:
            return True
    return False


def _number(value: Any) -> float | None:
    if is_blank(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
