"""Confidence per row, from how the value was found and what the checks said of it.

A value under a labelled table header is the surest reading; a table whose
layout had to be repaired (rows joined, a line shifted back) comes next, then
a table flattened into lists, a bullet under a reference, and last a pattern
matched in running text. Each validation flag lowers the score.
"""

from __future__ import annotations

from typing import Any

from plansift.normalise.recognisers.records import (
    METHOD_CELL,
    METHOD_FLAT,
    METHOD_LIST,
    METHOD_PROSE,
    METHOD_REPAIRED,
)

BASE_CONFIDENCE = {
    METHOD_CELL: 0.95,
    METHOD_REPAIRED: 0.85,
    METHOD_LIST: 0.8,
    METHOD_FLAT: 0.7,
    METHOD_PROSE: 0.6,
}
FLAG_PENALTY = 0.15
"""Subtracted once per validation flag on the row."""
MIN_CONFIDENCE = 0.1

METHOD_RANK = {m: i for i, m in enumerate(sorted(BASE_CONFIDENCE, key=lambda m: -BASE_CONFIDENCE[m]))}
"""Methods best first: when one fact is read twice, the better reading is kept."""


def score(rec: dict[str, Any]) -> float:
    """The confidence of a row still carrying its private ``_method`` and ``_flags``."""
    base = BASE_CONFIDENCE.get(rec.get("_method", METHOD_PROSE), BASE_CONFIDENCE[METHOD_PROSE])
    penalised = base - FLAG_PENALTY * len([f for f in rec.get("_flags", []) if f != "default_deadline"])
    if "default_deadline" in rec.get("_flags", []):
        penalised -= FLAG_PENALTY / 3
    return round(max(MIN_CONFIDENCE, penalised), 2)
