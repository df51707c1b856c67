"""Record rows as the recognisers build them: columns, provenance, flags and document order.

A recogniser returns plain dicts with the columns of
:data:`plansift.output.schema.RECORD_COLUMN_NAMES` (the pipeline adds the
document columns). While recognising, a row also carries a few private keys
(``_order``, ``_method``, ``_flags``) that :func:`finish` removes.
"""

from __future__ import annotations

from typing import Any

from plansift.extractors.model import Provenance

METHOD_CELL = "cell"
"""Value read from a table cell under a labelled header."""
METHOD_REPAIRED = "repaired"
"""Value read from a table whose layout was repaired (rows joined, a line shifted back)."""
METHOD_FLAT = "flat"
"""Value read from a table a converter flattened into a list of fragments."""
METHOD_LIST = "list"
"""Value read from a bullet list or a block under a reference."""
METHOD_PROSE = "prose"
"""Value read from running text by a pattern."""


def bbox_text(prov: Provenance | None) -> str | None:
    """The ``x0,top,x1,bottom`` string of a PDF box, or None."""
    if prov is None or prov.bbox is None:
        return None
    return ",".join(f"{v:.1f}" for v in prov.bbox)


def new_record(
    record_type: str,
    prov: Provenance | None,
    source_text: str,
    order: tuple,
    method: str,
    **columns: Any,
) -> dict[str, Any]:
    """A record row of ``record_type`` read from ``source_text`` at ``prov``."""
    prov = prov or Provenance()
    rec: dict[str, Any] = {
        "record_type": record_type,
        "page": prov.page,
        "line_start": prov.line_start,
        "line_end": prov.line_end,
        "bbox": bbox_text(prov),
        "source_text": source_text,
        "confidence": None,
        "issues": None,
        "_order": order,
        "_method": method,
        "_flags": [],
    }
    rec.update(columns)
    return rec


def flag(rec: dict[str, Any], name: str) -> None:
    """Add the validation flag ``name`` to a row (once)."""
    if name not in rec["_flags"]:
        rec["_flags"].append(name)


def finish(rec: dict[str, Any]) -> dict[str, Any]:
    """The public row: flags joined into ``issues``, private keys dropped."""
    flags = rec.pop("_flags", [])
    rec["issues"] = ";".join(flags) if flags else None
    for key in [k for k in rec if k.startswith("_")]:
        del rec[key]
    return rec
