"""Checks across the rows of one document; each finding is a flag in the row's ``issues``.

- ``rate_count_mismatch``: a rate that does not agree with its count at the
  population the indicator's other count/rate pairs imply.
- ``trajectory_outlier``: a value far from the rest of its indicator's
  yearly series (248, 235, 22).
- ``conflicting_values``: one fact (indicator, period, kind, unit) given twice
  with different values.
- ``total_mismatch``: a total that is not the sum of the rows it sums (set by
  the funding recogniser, which knows which rows a total covers).

Before checking, a baseline written without a year takes the year the
document gives the same indicator's baseline elsewhere, and a fact written
twice with the same value is kept once (the first, best-labelled reading).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from plansift.normalise.recognisers.records import flag

POPULATION_TOLERANCE = 0.15
"""A rate and its count disagree when the population they imply is off the indicator's median by more."""
OUTLIER_RATIO = 3.0
"""A yearly value is an outlier when it is this many times smaller or larger than its series' median."""


def _fact_key(rec: dict[str, Any]) -> tuple:
    return (rec["indicator_code"], rec["period"], rec["value_kind"], rec["unit"])


def fill_baseline_periods(targets: list[dict[str, Any]]) -> None:
    """A baseline without a year takes the one year the document gives that indicator's baselines."""
    years: dict[str, set[str]] = defaultdict(set)
    for rec in targets:
        if rec["value_kind"] == "baseline" and rec["period"]:
            years[rec["indicator_code"]].add(rec["period"])
    for rec in targets:
        if rec["value_kind"] == "baseline" and not rec["period"]:
            known = years.get(rec["indicator_code"], set())
            if len(known) == 1:
                rec["period"] = next(iter(known))


def drop_repeats(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets with a fact written twice with the same value kept once (the first, in confidence order)."""
    seen: set[tuple] = set()
    out = []
    for rec in targets:
        key = (*_fact_key(rec), round(float(rec["value"]), 6))
        if key in seen:
            continue
        seen.add(key)
        out.append(rec)
    return out


def check_conflicts(targets: list[dict[str, Any]]) -> None:
    by_fact: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for rec in targets:
        if rec["period"]:
            by_fact[_fact_key(rec)].append(rec)
    for recs in by_fact.values():
        if len({float(r["value"]) for r in recs}) > 1:
            for r in recs:
                flag(r, "conflicting_values")


def check_rates(targets: list[dict[str, Any]]) -> None:
    """Flag rates whose count implies a population far from the indicator's usual one."""
    by_ind: dict[str, dict[tuple, dict[str, list]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for rec in targets:
        if rec["unit"] in ("count", "rate_per_1000") and rec["period"]:
            by_ind[rec["indicator_code"]][(rec["period"], rec["value_kind"])][rec["unit"]].append(rec)
    for slots in by_ind.values():
        pairs = []
        for units in slots.values():
            for count in units.get("count", []):
                for rate in units.get("rate_per_1000", []):
                    if float(rate["value"]) > 0 and float(count["value"]) > 0:
                        pairs.append((float(count["value"]) * 1000 / float(rate["value"]), count, rate))
        if len(pairs) < 3:
            continue
        median = statistics.median(p for p, _, _ in pairs)
        good_counts = {id(c) for p, c, _ in pairs if abs(p - median) <= POPULATION_TOLERANCE * median}
        for pop, count, rate in pairs:
            if abs(pop - median) > POPULATION_TOLERANCE * median:
                flag(rate, "rate_count_mismatch")
                if id(count) not in good_counts:
                    flag(count, "rate_count_mismatch")


def check_trajectories(targets: list[dict[str, Any]]) -> None:
    """Flag yearly values far off their series (one indicator, unit; baselines and targets, not quarters)."""
    series: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for rec in targets:
        if rec["period"] and " Q" not in rec["period"] and rec["value_kind"] in ("baseline", "target"):
            series[(rec["indicator_code"], rec["unit"])].append(rec)
    for recs in series.values():
        values = [float(r["value"]) for r in recs]
        if len(values) < 3:
            continue
        median = statistics.median(values)
        if median <= 0:
            continue
        for rec, v in zip(recs, values, strict=True):
            if v <= 0 or v / median > OUTLIER_RATIO or median / v > OUTLIER_RATIO:
                flag(rec, "trajectory_outlier")


def validate_targets(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill baseline years, drop repeated facts and flag what does not add up."""
    fill_baseline_periods(targets)
    targets = drop_repeats(targets)
    check_conflicts(targets)
    check_rates(targets)
    check_trajectories(targets)
    return targets
