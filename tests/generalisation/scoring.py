"""Scoring a folder of plans against its folder of keys, for the generalisation sets."""

from __future__ import annotations

from pathlib import Path


def score_plans(plans: Path, gold: Path):
    """The evaluation report of every plan in ``plans`` against the keys in ``gold`` (one worker, no cache)."""
    import plansift
    from plansift.api import extract_tables

    tables = extract_tables([str(plans)], workers=1, use_cache=False, progress=False)
    return plansift.evaluate(tables.records, gold, entities=tables.entities, documents=tables.documents)


def assert_every_plan_scored(report, plans: Path, gold: Path) -> set[str]:
    """Every plan has a key and a score, and nothing went unscored; returns the plans' stems."""
    stems = {p.stem for p in plans.iterdir() if p.is_file()}
    assert stems == {p.stem for p in gold.glob("*.json")}
    assert {Path(d.document).stem for d in report.documents} == stems
    assert not report.unscored
    return stems
