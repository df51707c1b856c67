"""The unit an executor runs: one document, the settings of the run, and what a failure looks like."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plansift.extractors.base import ExtractOptions
from plansift.pipeline import DocumentResult, process_file


@dataclass(frozen=True, slots=True)
class Task:
    """One document to process: the file to read, its name in the outputs and its hash."""

    name: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class WorkSettings:
    """What every document of a run is processed with (sent once to each worker)."""

    options: ExtractOptions = field(default_factory=ExtractOptions)
    spacy_model: str | None = None


def run_task(task: Task, settings: WorkSettings) -> DocumentResult:
    """Process one document: the function every executor runs, in whatever process it runs."""
    return process_file(
        task.path,
        document_name=task.name,
        options=settings.options,
        spacy_model=settings.spacy_model,
        sha256=task.sha256,
    )


class WorkerStartError(RuntimeError):
    """The worker processes exit as they start, before reading any document: no document is to blame, and the
    run stops (see plansift.corpus.executors)."""


def failed_result(task: Task, error: str, seconds: float | None = None) -> DocumentResult:
    """The result of a document whose worker hung, died or could not run it."""
    row = {
        "document": task.name,
        "path": task.path,
        "sha256": task.sha256,
        "format": Path(task.path).suffix.lower().lstrip(".") or None,
        "status": "failed",
        "error": error,
        "n_targets": 0,
        "n_actions": 0,
        "n_funding": 0,
        "seconds": None if seconds is None else round(seconds, 4),
    }
    return DocumentResult(document=row)
