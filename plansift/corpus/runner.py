"""A batch run: discover the inputs, process what the cache lacks, then write the outputs in order.

1. Discovery expands the arguments into inputs, each with its hash; content
   reached twice is read once.
2. Every input the cache lacks goes to an executor (local processes or Dask);
   each result is written to the cache the moment it arrives, so a run killed
   at any point resumes where it stopped.
3. The outputs are then fed one document at a time, in sorted name order, from
   the cache: memory stays flat, and the files are identical whatever order the
   workers finished in and whether the results were cached or fresh.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from plansift.corpus.cache import CACHE_DIRNAME, ResultCache, fingerprint
from plansift.corpus.discovery import Discovery, InputFile, discover
from plansift.corpus.tasks import Task, WorkSettings
from plansift.extractors.base import ExtractOptions
from plansift.pipeline import DocumentResult

EXECUTORS = ("local", "dask")


class Progress(Protocol):
    """What a run reports as it goes (see plansift.corpus.progress)."""

    def start(self, total: int, cached: int) -> None: ...

    def advance(self, result: DocumentResult, cached: bool = False) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    def start(self, total: int, cached: int) -> None:
        pass

    def advance(self, result: DocumentResult, cached: bool = False) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(slots=True)
class RunSummary:
    """What a run did: counts, failures, where the files are."""

    documents: int = 0
    processed: int = 0
    cached: int = 0
    status: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    """(document, status, error) for every failed or skipped document."""
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    input_errors: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0
    pages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "processed": self.processed,
            "cached": self.cached,
            "status": dict(self.status),
            "rows": dict(self.rows),
            "pages": self.pages,
            "failures": [{"document": d, "status": s, "error": e} for d, s, e in self.failures],
            "duplicates": [{"document": d, "same_as": k} for d, k in self.duplicates],
            "input_errors": [{"input": i, "error": e} for i, e in self.input_errors],
            "outputs": {k: str(v) for k, v in self.outputs.items()},
            "seconds": round(self.seconds, 3),
        }


def cache_key(options: ExtractOptions, spacy_model: str | None) -> str:
    """The cache fingerprint of a run's settings (the timeout does not change a result, so it is left out)."""
    limits = dataclasses.replace(options.limits, timeout_per_doc=0)
    return fingerprint(dataclasses.replace(options, limits=limits), spacy_model)


def make_executor(
    executor: str,
    workers: int | None,
    timeout: float | None,
    scheduler: str | None = None,
    initializer: Callable | None = None,
    initargs: tuple = (),
):
    """The executor named ``local`` or ``dask``."""
    if executor == "local":
        if scheduler:
            raise ValueError("--scheduler needs --executor dask")
        from plansift.corpus.executors import LocalExecutor

        return LocalExecutor(workers, timeout=timeout, initializer=initializer, initargs=initargs)
    if executor == "dask":
        from plansift.corpus.dask_executor import DaskExecutor

        return DaskExecutor(workers, scheduler=scheduler, timeout=timeout)
    raise ValueError(f"unknown executor {executor!r}: choose one of {', '.join(EXECUTORS)}")


def run(
    paths: list[str | Path],
    *,
    consumers: list[Callable[[DocumentResult], None]] = (),
    out_dir: str | Path | None = None,
    use_cache: bool = True,
    options: ExtractOptions | None = None,
    spacy_model: str | None = None,
    executor: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    initializer: Callable | None = None,
    initargs: tuple = (),
) -> RunSummary:
    """Process a corpus and hand every document's result, in name order, to each consumer.

    The cache lives in ``out_dir/.plansift-cache`` (a temporary folder when
    ``out_dir`` is None). ``use_cache=False`` processes every document again
    (and refreshes the cache). Never raises for a bad document; raises
    ValueError for bad settings.
    """
    options = options or ExtractOptions()
    progress = progress or _Silent()
    started = time.perf_counter()
    summary = RunSummary()
    with ExitStack() as stack:
        if out_dir is None:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="plansift-")))
            exclude = []
        else:
            base = Path(out_dir) / CACHE_DIRNAME
            exclude = [Path(out_dir)]
        scratch = base / "members"
        stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        found = discover(paths, scratch=scratch, exclude=exclude, limits=options.limits)
        summary.documents = len(found.inputs)
        summary.duplicates, summary.input_errors = found.duplicates, found.errors
        cache = ResultCache(base, cache_key(options, spacy_model))
        todo = [i for i in found.inputs if not use_cache or i.sha256 not in cache]
        summary.processed, summary.cached = len(todo), summary.documents - len(todo)

        progress.start(summary.documents, summary.cached)
        uncached = _process(
            todo, cache, options, spacy_model, executor, workers, scheduler, progress, initializer, initargs
        )
        progress.finish()
        _emit(found, cache, uncached, consumers, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _process(
    todo: list[InputFile], cache, options, spacy_model, executor, workers, scheduler, progress, initializer, initargs
) -> dict[str, DocumentResult]:
    """Run the documents the cache lacks; return the results that must not be cached (hangs, dead workers)."""
    uncached: dict[str, DocumentResult] = {}
    if not todo:
        return uncached
    runner = make_executor(executor, workers, options.limits.timeout_per_doc, scheduler, initializer, initargs)
    tasks = [Task(i.name, str(i.path), i.sha256) for i in todo]
    for task, result, cacheable in runner.map_unordered(tasks, WorkSettings(options, spacy_model)):
        if cacheable:
            cache.put(task.sha256, result)
        else:
            uncached[task.sha256] = result
        progress.advance(result)
    return uncached


def _emit(found: Discovery, cache: ResultCache, uncached: dict, consumers, summary: RunSummary) -> None:
    for item in found.inputs:
        result = uncached.get(item.sha256) or cache.get(item.sha256)
        if result is None:  # the cache entry vanished under us: say so rather than drop the document
            from plansift.corpus.tasks import failed_result

            result = failed_result(
                Task(item.name, str(item.path), item.sha256), "result lost from the cache; run again"
            )
        stamp(result, item)
        status = result.document.get("status") or "ok"
        summary.status[status] += 1
        summary.pages += int(result.document.get("pages") or 0)
        if status != "ok":
            summary.failures.append((item.name, status, result.document.get("error") or ""))
        for rec in result.records:
            summary.rows[rec.get("record_type")] += 1
        summary.rows["entity"] += len(result.entities)
        for consume in consumers:
            consume(result)


def stamp(result: DocumentResult, item: InputFile) -> None:
    """Put this run's name and path on a result (a cached one may come from a file since renamed)."""
    result.document["document"] = item.name
    result.document["path"] = item.given
    for rec in result.records:
        rec["document"] = item.name
    for ent in result.entities:
        ent["document"] = item.name
