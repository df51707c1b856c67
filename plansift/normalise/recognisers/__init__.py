"""Recognisers: targets, actions and funding in any plan layout, from the Document model only.

``recognise(doc, area)`` reads a document that speaks as a plan does (an
indicator code, 'LAA', 'action plan', 'delivery plan'; anything else gives no
rows), its tables (by header words, table shape and
number patterns), the lists and blocks under a reference, and running text,
and returns one dict per fact with the columns of
:data:`plansift.output.schema.RECORD_COLUMN_NAMES` (the pipeline adds the
document columns and the record id), in document order.

Modules: :mod:`.tables` (the shared sequence: find candidate tables -> read
headers -> read rows -> validate), :mod:`.targets`, :mod:`.actions`,
:mod:`.funding` (one recogniser each over that sequence), :mod:`.flat`
(tables a converter flattened into lists of fragments), :mod:`.prose`
(targets and money written in sentences), :mod:`.validation`,
:mod:`.confidence`.

Flags written to ``issues`` (';'-separated):

``rate_count_mismatch``
    a rate that does not agree with its count at the population the
    indicator's other count/rate pairs imply.
``trajectory_outlier``
    a yearly value far from the rest of its series (248, 235, 22).
``conflicting_values``
    the same fact (indicator, period, kind, unit) given twice with different values.
``provisional``
    the document calls the target provisional.
``total_mismatch``
    a funding row whose total, or a total line, does not add up.
``source_unlabelled``
    an amount whose label (source, year) cannot be tied to it: the table was flattened.
``shifted_column``
    a value read back from the column a converter shifted it out of.
``prose_match``
    a value read from running text by a pattern, not from a labelled cell.
``default_deadline``
    an action without its own date that took the document-wide deadline.
"""

from __future__ import annotations

from typing import Any

FLAGS = (
    "rate_count_mismatch",
    "trajectory_outlier",
    "conflicting_values",
    "provisional",
    "total_mismatch",
    "source_unlabelled",
    "shifted_column",
    "prose_match",
    "default_deadline",
)


def recognise(doc: Any, area: Any = None) -> list[dict[str, Any]]:
    """Target, action and funding rows of ``doc`` (a Document), in document order.

    ``area`` (a gazetteer Area or None) helps the organisation normalisers
    resolve local names ('Police' in Warwickshire).
    """
    from plansift.normalise.recognisers.actions import recognise_actions
    from plansift.normalise.recognisers.confidence import METHOD_RANK, score
    from plansift.normalise.recognisers.context import PlanContext
    from plansift.normalise.recognisers.funding import recognise_funding
    from plansift.normalise.recognisers.prose import date_baselines, recognise_prose_targets
    from plansift.normalise.recognisers.records import finish
    from plansift.normalise.recognisers.targets import recognise_target_tables
    from plansift.normalise.recognisers.validation import validate_targets

    ctx = PlanContext(doc, area)
    if not ctx.is_plan:
        return []
    targets = recognise_target_tables(ctx)
    targets += recognise_prose_targets(ctx, targets)
    date_baselines(ctx, targets)
    targets.sort(key=lambda r: (METHOD_RANK.get(r["_method"], 99), r["_order"]))
    targets = validate_targets(targets)
    records = targets + recognise_actions(ctx) + recognise_funding(ctx)
    _add_titles(records)
    for rec in records:
        rec["confidence"] = score(rec)
    records.sort(key=lambda r: r["_order"])
    return [finish(r) for r in records]


def _add_titles(records: list[dict[str, Any]]) -> None:
    from plansift.normalise.indicators import indicator_title

    for rec in records:
        code = rec.get("indicator_code")
        if code and not rec.get("indicator_title"):
            rec["indicator_title"] = indicator_title(code)
