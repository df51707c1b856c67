"""The per-document function: file -> Document -> records + entities.

``process_file`` is the one unit of work every executor runs (in-process, a
worker process, a Dask worker). It never raises for a bad file: the failure is
the ``documents`` row's status and error.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansift import __version__
from plansift.extractors.base import ExtractOptions, read_document
from plansift.extractors.model import Document, ExtractionError


@dataclass(slots=True)
class DocumentResult:
    """Everything one input file contributes to the outputs (plain dicts: picklable, cacheable)."""

    document: dict[str, Any]
    records: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_ID_FIELDS = (
    "record_type",
    "page",
    "indicator_code",
    "period",
    "value_kind",
    "unit",
    "value",
    "action_ref",
    "description",
    "amount_gbp",
    "funding_source",
    "source_text",
)


def assign_record_ids(document_sha256: str, records: list[dict[str, Any]]) -> None:
    """Give each record a stable id: a hash of the document's bytes and the fact itself.

    Two identical facts in one document are told apart by their order of
    appearance, which is deterministic for a given file.
    """
    seen: dict[str, int] = {}
    for rec in records:
        key = "\x1f".join(str(rec.get(f)) for f in _ID_FIELDS)
        n = seen.get(key, 0)
        seen[key] = n + 1
        digest = hashlib.sha256(f"{document_sha256}\x1e{key}\x1e{n}".encode()).hexdigest()
        rec["record_id"] = f"{rec['record_type'][0]}-{digest[:16]}"


def analyse(
    doc: Document, *, document_name: str, sha256: str, spacy_model: str | None = None
) -> tuple[list, list, Any]:
    """Recognise records and collect entities in an already-read Document."""
    from plansift.normalise.acronyms import defined, find_definitions
    from plansift.normalise.areas import detect_area, document_text

    text = document_text(doc)  # built once: the area is read from it, and the area's entity row too
    area = detect_area(text)
    with defined(find_definitions(text)):  # the initials the document defines mean what it says
        records, entities = _recognise(doc, area, document_name, sha256, spacy_model, text)
    return records, entities, area


def _recognise(
    doc: Document, area: Any, document_name: str, sha256: str, spacy_model: str | None, text: str
) -> tuple[list, list]:
    from plansift.normalise.entities import collect_entities
    from plansift.normalise.local_names import document_names, rename
    from plansift.normalise.recognisers import recognise

    records = recognise(doc, area=area)
    for rec in records:
        rec["document"] = document_name
        rec["document_sha256"] = sha256
        rec["area"] = area.name if area else None
        rec["area_code"] = area.code if area else None
        rec["plansift_version"] = __version__
    assign_record_ids(sha256, records)
    entities = collect_entities(doc, area=area, records=records, spacy_model=spacy_model, doc_text=text)
    rename(records, entities, document_names(entities, text))  # 'Safer York Partnership', as the plan writes it
    for ent in entities:
        ent["document"] = document_name
    return records, entities


def process_file(
    path: str | Path,
    *,
    document_name: str | None = None,
    options: ExtractOptions | None = None,
    spacy_model: str | None = None,
    sha256: str | None = None,
) -> DocumentResult:
    """Read one file and return its documents row, records and entities. Never raises for bad input."""
    path = Path(path)
    document_name = document_name or path.name
    started = time.perf_counter()
    row: dict[str, Any] = {
        "document": document_name,
        "path": str(path),
        "sha256": sha256,
        "format": path.suffix.lower().lstrip(".") or None,
        "status": "ok",
    }
    try:
        if row["sha256"] is None:
            row["sha256"] = file_sha256(path)
        doc = read_document(path, options)
        row["format"] = doc.format
        row["pages"] = doc.n_pages
        row["producer"] = doc.producer
        records, entities, area = analyse(
            doc, document_name=document_name, sha256=row["sha256"], spacy_model=spacy_model
        )
        if doc.warnings:
            row["warnings"] = ";".join(doc.warnings)
        row["area"] = area.name if area else None
        row["area_code"] = area.code if area else None
    except ExtractionError as exc:
        row["status"] = exc.status
        row["error"] = str(exc)
        records, entities = [], []
    except OSError as exc:
        row["status"] = "failed"
        row["error"] = f"cannot read file: {exc.strerror or exc}"
        records, entities = [], []
    except Exception as exc:  # a bug in plansift must fail this document only
        row["status"] = "failed"
        row["error"] = f"internal error ({type(exc).__name__}: {exc}); please report it with this file"
        records, entities = [], []
    for kind in ("target", "action", "funding"):
        row[f"n_{kind}s" if kind != "funding" else "n_funding"] = sum(1 for r in records if r["record_type"] == kind)
    row["seconds"] = round(time.perf_counter() - started, 4)
    return DocumentResult(document=row, records=records, entities=entities)
