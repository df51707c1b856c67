"""Per-document results built from the corpus gold keys: the real facts of real plans, as writer input.

The gold keys give the facts a plan states; here they become the rows the
pipeline hands the writers (records, a documents row, entities), with stable
record ids from :func:`plansift.pipeline.assign_record_ids`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from plansift.pipeline import DocumentResult, assign_record_ids


def _target(t: dict) -> dict:
    return {
        "record_type": "target",
        "indicator_code": t["indicator"],
        "period": t["period"],
        "value_kind": t["kind"],
        "value": t["value"],
        "unit": t["unit"],
        "value_text": t.get("value_text"),
        "source_text": t.get("value_text") or f"{t['indicator']} {t['period']} {t['value']}",
    }


def _action(a: dict) -> dict:
    return {
        "record_type": "action",
        "action_ref": a.get("ref"),
        "description": a["description"],
        "indicator_code": a.get("indicator"),
        "lead_officer": a.get("lead_officer"),
        "lead_role": a.get("lead_role"),
        "lead_organisation": a.get("lead_organisation"),
        "due_date": a.get("due"),
        "milestone": a.get("milestone"),
        "source_text": a.get("description_full") or a["description"],
    }


def _funding(f: dict) -> dict:
    return {
        "record_type": "funding",
        "funding_source": f.get("source"),
        "recipient": f.get("recipient"),
        "purpose": f.get("purpose"),
        "amount_gbp": f["amount_gbp"],
        "period": f.get("period"),
        "funding_kind": f.get("kind"),
        "assured": f.get("assured"),
        "source_text": f.get("purpose_detail") or f.get("purpose") or str(f["amount_gbp"]),
    }


def gold_result(path: Path) -> DocumentResult:
    """One document's results as the pipeline would hand them over, built from its gold key."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    name = gold["document"]
    sha = hashlib.sha256(name.encode()).hexdigest()
    records = [_target(t) for t in gold["targets"]] + [_action(a) for a in gold["actions"]]
    records += [_funding(f) for f in gold["funding"]]
    for i, rec in enumerate(records):
        rec.update(document=name, document_sha256=sha, area=gold["area"], page=1 + i // 12, confidence=0.9)
    assign_record_ids(sha, records)
    entities = [
        {"document": name, "entity_type": "indicator", "name": code, "code": code, "mentions": code, "matched": True}
        for code in gold["indicators"]
    ]
    entities += [
        {
            "document": name,
            "entity_type": "organisation",
            "name": o["name"],
            "mentions": ";".join([o["name"], *o["aliases"]]),
            "matched": True,
        }
        for o in gold["organisations"]
    ]
    entities += [
        {
            "document": name,
            "entity_type": "officer",
            "name": o["name"],
            "role": o.get("role"),
            "organisation": o.get("organisation"),
            "mentions": o["name"],
            "matched": True,
        }
        for o in gold["officers"]
    ]
    document = {
        "document": name,
        "path": f"samples/{name}",
        "sha256": sha,
        "format": "txt",
        "pages": 1,
        "status": "ok",
        "area": gold["area"],
        "n_targets": len(gold["targets"]),
        "n_actions": len(gold["actions"]),
        "n_funding": len(gold["funding"]),
        "seconds": 0.1,
    }
    return DocumentResult(document=document, records=records, entities=entities)


def gold_results(gold_dir: Path) -> list[DocumentResult]:
    """Every gold key in ``gold_dir`` as per-document results, in name order."""
    return [gold_result(p) for p in sorted(gold_dir.glob("*.json"))]
