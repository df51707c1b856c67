"""A batch run: discover the inputs, process what the cache lacks, then write the outputs in order.

1. Discovery expands the arguments into inputs, each with its hash; content
   reached twice is read once.
2. Every input the cache lacks goes to an executor (local processes or Dask);
   each result is written to the cache the moment it arrives, so a run killed
   at any point resumes where it stopped.
3. The outputs are fed one document at a time, in sorted name order, from the
   cache, as soon as every document before it is done (so writing overlaps with
   processing): memory stays flat, and the files are identical whatever order
   the workers finished in and whether the results were cached or fresh.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from plansift.corpus.cache import CACHE_DIRNAME, ResultCache, fingerprint
from plansift.corpus.discovery import InputFile, discover
from plansift.corpus.manifest import run_identity
from plansift.corpus.memory import heap_trimmer
from plansift.corpus.tasks import Task, WorkSettings, failed_result
from plansift.extractors.base import ExtractOptions
from plansift.pipeline import DocumentResult

EXECUTORS = ("local", "dask")


class Progress(Protocol):
    """What a run reports as it goes (see plansift.corpus.progress)."""

    def start(self, total: int, cached: int) -> None: ...

    def advance(self, result: DocumentResult) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    def start(self, total: int, cached: int) -> None:
        pass

    def advance(self, result: DocumentResult) -> None:
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
    identity: str = ""
    """Hash of the settings and of every input (see plansift.corpus.manifest)."""
    reused: bool = False
    """True when nothing changed since the last run and its outputs were kept as they are."""

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
            "reused": self.reused,
        }

    def restore(self, saved: dict[str, Any]) -> None:
        """Take the per-document counts of a previous run's summary (``to_dict`` form)."""
        self.status = Counter(saved["status"])
        self.rows = Counter(saved["rows"])
        self.pages = saved["pages"]
        self.failures = [(f["document"], f["status"], f["error"]) for f in saved["failures"]]
        self.reused = True


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
    store: ResultCache | None = None,
):
    """The executor named ``local`` or ``dask``, storing cacheable results in ``store``."""
    if executor == "local":
        if scheduler:
            raise ValueError("--scheduler needs --executor dask")
        from plansift.corpus.executors import LocalExecutor

        return LocalExecutor(workers, timeout=timeout, initializer=initializer, initargs=initargs, store=store)
    if executor == "dask":
        from plansift.corpus.dask_executor import DaskExecutor

        return DaskExecutor(
            workers, scheduler=scheduler, timeout=timeout, initializer=initializer, initargs=initargs, store=store
        )
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
    reuse: Callable[[str], dict | None] | None = None,
    prepare: Callable[[], None] | None = None,
) -> RunSummary:
    """Process a corpus and hand every document's result, in name order, to each consumer.

    The cache lives in ``out_dir/.plansift-cache`` (a temporary folder when
    ``out_dir`` is None). ``use_cache=False`` processes every document again
    (and refreshes the cache). When every document is cached, ``reuse`` is asked
    with the run's identity; if it returns the summary of a previous run whose
    outputs still stand, the consumers are not called. ``prepare`` is called once,
    as soon as it is known that documents will be processed: before the inputs are
    hashed when the cache is empty or not used (the workers' warm-up starts then too),
    otherwise when the cache has been read (never on a fully cached run). Never raises for a bad
    document; raises ValueError for bad settings.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
    if scheduler and executor != "dask":
        raise ValueError("--scheduler needs --executor dask")
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
        key = cache_key(options, spacy_model)
        cache = ResultCache(base, key)
        if not use_cache or cache.is_empty():
            # every document will be processed: the workers warm up, and the caller gets ready, while the inputs are hashed
            if executor == "local":
                from plansift.corpus.executors import start_warm_up

                start_warm_up()
            if prepare is not None:
                prepare()
                prepare = None
        found = discover(paths, scratch=scratch, exclude=exclude, limits=options.limits)
        summary.documents = len(found.inputs)
        summary.duplicates, summary.input_errors = found.duplicates, found.errors
        cache.prune_stale()
        todo = [i for i in found.inputs if not use_cache or i.sha256 not in cache]
        summary.processed, summary.cached = len(todo), summary.documents - len(todo)
        summary.identity = run_identity(key, found.inputs)
        saved = reuse(summary.identity) if reuse is not None and not todo and found.inputs else None
        if saved is not None:
            summary.restore(saved)
            summary.seconds = time.perf_counter() - started
            return summary

        progress.start(summary.documents, summary.cached)
        make = functools.partial(
            make_executor, executor, workers, options.limits.timeout_per_doc, scheduler, initializer, initargs, cache
        )
        batch = _Batch(cache, WorkSettings(options, spacy_model), progress, make, found.inputs, consumers, summary)
        batch.done = {i.sha256 for i in found.inputs} - {i.sha256 for i in todo}
        for dup, kept in found.duplicate_inputs:
            batch.duplicates.setdefault(kept, []).append(dup)
        if todo and prepare is not None:
            prepare()
        try:
            batch.process(todo)
        finally:
            progress.finish()
        batch.finish()
        for name, given, status, error in found.unreadable:
            batch.emit(InputFile(name, Path(given), "", given), unreadable_result(status, error))
    summary.seconds = time.perf_counter() - started
    return summary


BIG_FILE = 8
"""A file this many times the median size of a run's files is started before the others (see big_first)."""


def big_first(todo: list[InputFile]) -> list[InputFile]:
    """The documents to process in name order, except the few files many times larger than most, which go
    first, largest first.

    Workers take documents in this order. A 300-page report near the end of the names would otherwise start
    last and keep one worker busy long after the others ran out of work; started first, it runs beside the
    rest. At most one document in twenty moves, so that the outputs, written in name order as soon as every
    document before is done, still stream.
    """
    if len(todo) < 3:
        return todo
    sizes = {}
    for item in todo:
        try:
            sizes[item.sha256] = os.stat(item.path).st_size
        except OSError:  # gone since it was hashed: its worker reports it
            sizes[item.sha256] = 0
    limit = BIG_FILE * statistics.median(sizes.values())
    big = sorted((i for i in todo if sizes[i.sha256] > limit), key=lambda i: -sizes[i.sha256])[: len(todo) // 20]
    if not big:
        return todo
    moved = {i.sha256 for i in big}
    return big + [i for i in todo if i.sha256 not in moved]


class _Batch:
    """The documents of one run between the executor, the cache and the consumers.

    Results go to the consumers in name order as soon as every document before
    them is done (tasks are handed out in name order, so writing the outputs
    overlaps with the workers' processing), one at a time. A result waiting for
    the documents before it is read back from the cache, unless it is one of the
    few (``HELD``) kept in memory: a slow document holds up the ones after it,
    and memory must stay flat meanwhile.
    """

    HELD = 64

    def __init__(
        self,
        cache: ResultCache,
        settings: WorkSettings,
        progress: Progress,
        make_executor: Callable,
        inputs: list[InputFile],
        consumers,
        summary: RunSummary,
    ):
        self.cache = cache
        self.settings = settings
        self.progress = progress
        self.make_executor = make_executor
        self.inputs = inputs
        self.consumers = consumers
        self.summary = summary
        self.done: set[str] = set()
        self.next = 0
        """Index in ``inputs`` of the next document to hand to the consumers."""
        self.duplicates: dict[str, list[InputFile]] = {}
        """Inputs with the same bytes as a kept input, by the kept input's name: each gets a 'skipped' row."""
        self.uncached: dict[str, DocumentResult] = {}
        """Results that must not be cached (a hang or a dead worker may not happen again)."""
        self.held: dict[str, DocumentResult] = {}
        """Results just cached and not yet handed on, kept so as not to read them back (at most HELD of them)."""
        self.give_back = heap_trimmer()

    def process(self, todo: list[InputFile]) -> None:
        """Run the documents the cache lacks; the executor caches each result as it arrives."""
        if not todo:
            return
        executor = self.make_executor()
        tasks = [Task(i.name, str(i.path), i.sha256) for i in big_first(todo)]
        for task, result, cacheable in executor.map_unordered(tasks, self.settings):
            if cacheable:  # and stored in the cache
                if len(self.held) < self.HELD:
                    self.held[task.sha256] = result
            else:
                self.uncached[task.sha256] = result
            self.done.add(task.sha256)
            self.progress.advance(result)
            self.emit_ready()

    def emit_ready(self) -> None:
        """Hand on every document, in order, up to the first one not done (or not readable from the cache)."""
        while self.next < len(self.inputs):
            item = self.inputs[self.next]
            if item.sha256 not in self.done:
                return
            result = self.uncached.get(item.sha256) or self.held.pop(item.sha256, None) or self.cache.get(item.sha256)
            if result is None:  # an unreadable cache entry: finish() processes it again
                return
            self.emit(item, result)
            self.next += 1

    def finish(self) -> None:
        """Hand on the rest; a document whose cache entry is unreadable (a damaged disk, a hand edit) runs again."""
        self.emit_ready()
        while self.next < len(self.inputs):
            item = self.inputs[self.next]
            self.done.discard(item.sha256)
            self.summary.processed, self.summary.cached = self.summary.processed + 1, self.summary.cached - 1
            position = self.next
            self.process([item])
            if self.next == position:  # still not readable: say so rather than drop it
                message = "its result could not be read back from the cache; run again"
                self.emit(item, failed_result(Task(item.name, str(item.path), item.sha256), message))
                self.next += 1
            self.emit_ready()

    def emit(self, item: InputFile, result: DocumentResult) -> None:
        """Hand one result to the consumers, counting it in the summary."""
        summary = self.summary
        stamp(result, item)
        status = result.document.get("status") or "ok"
        summary.status[status] += 1
        summary.pages += int(result.document.get("pages") or 0)
        if status != "ok":
            summary.failures.append((item.name, status, result.document.get("error") or ""))
        for rec in result.records:
            summary.rows[rec.get("record_type")] += 1
        summary.rows["entity"] += len(result.entities)
        for consume in self.consumers:
            consume(result)
        self.give_back()
        for dup in self.duplicates.pop(item.name, []):
            self.emit(dup, duplicate_result(dup, item.name))


def unreadable_result(status: str, error: str) -> DocumentResult:
    """The documents row of an input file that discovery found but could not read."""
    return DocumentResult(document={"status": status, "error": error, "n_targets": 0, "n_actions": 0, "n_funding": 0})


def duplicate_result(item: InputFile, kept: str) -> DocumentResult:
    """The documents row of an input whose bytes another input already gave: read once, listed here."""
    row = {
        "document": item.name,
        "path": item.given,
        "sha256": item.sha256,
        "format": item.path.suffix.lower().lstrip(".") or None,
        "status": "skipped",
        "error": f"same content as {kept} (read once; its records carry that name)",
        "n_targets": 0,
        "n_actions": 0,
        "n_funding": 0,
    }
    return DocumentResult(document=row)


def stamp(result: DocumentResult, item: InputFile) -> None:
    """Put this run's name and path on a result (a cached one may come from a file since renamed)."""
    result.document["document"] = item.name
    result.document["path"] = item.given
    for rec in result.records:
        rec["document"] = item.name
    for ent in result.entities:
        ent["document"] = item.name
