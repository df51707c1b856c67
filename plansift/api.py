"""The Python API behind ``plansift.extract``: a corpus in, DataFrames out.

>>> import plansift
>>> records = plansift.extract(["samples"], workers=2)   # doctest: +SKIP
>>> tables = extract_tables(["plans.zip"])                          # doctest: +SKIP
>>> tables.documents[["document", "status", "error"]]               # doctest: +SKIP
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansift.extractors.base import ExtractOptions, Limits
from plansift.pipeline import DocumentResult


def build_options(
    *,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    max_decompressed_bytes: int | None = None,
    timeout_per_doc: float | None = None,
    ocr: bool | None = None,
    pdf_engine: str | None = None,
) -> ExtractOptions:
    """ExtractOptions from the flat settings the CLI and the API take; None keeps a default."""
    limit_values = {
        "max_bytes": max_bytes,
        "max_pages": max_pages,
        "max_decompressed_bytes": max_decompressed_bytes,
        "timeout_per_doc": timeout_per_doc,
    }
    limits = Limits(**{k: v for k, v in limit_values.items() if v is not None})
    other = {k: v for k, v in {"ocr": ocr, "pdf_engine": pdf_engine}.items() if v is not None}
    return ExtractOptions(limits=limits, **other)


@dataclass(slots=True)
class Collector:
    """Gathers the rows of every document result, in the order they are given."""

    records: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def add(self, result: DocumentResult) -> None:
        self.documents.append(result.document)
        self.records.extend(result.records)
        self.entities.extend(result.entities)


@dataclass(slots=True)
class Tables:
    """The three tables of a run as DataFrames, and the run's summary."""

    records: Any
    documents: Any
    entities: Any
    summary: Any


def extract_tables(
    paths,
    *,
    out: str | Path | None = None,
    formats: tuple[str, ...] | None = None,
    sql_url: str | None = None,
    **run_options,
) -> Tables:
    """Extract a corpus and return records, documents and entities DataFrames.

    ``paths`` is a path or a list of files, folders, globs and .zip archives.
    Takes the options of :func:`extract_to_files` (``workers``, ``executor``,
    ``scheduler``, ``spacy_model``, ``use_cache``, ``progress`` and the limits
    ``max_bytes``, ``max_pages``, ``max_decompressed_bytes``, ``timeout_per_doc``,
    ``ocr``, ``pdf_engine``). With ``out`` the output files are written there too
    (and the cache kept there for the next run).
    """
    from plansift.output.schema import documents_frame, entities_frame, records_frame

    collector = Collector()
    if out is None:
        summary = run_corpus(paths, [collector.add], out_dir=None, **run_options)
    else:
        summary = extract_to_files(paths, out, formats=formats, sql_url=sql_url, also=[collector.add], **run_options)
    return Tables(
        records_frame(collector.records),
        documents_frame(collector.documents),
        entities_frame(collector.entities),
        summary,
    )


def extract_to_files(
    paths,
    out: str | Path,
    *,
    formats: tuple[str, ...] | str | None = None,
    sql_url: str | None = None,
    also: list = (),
    **run_options,
):
    """Extract a corpus into the output files in ``out``, one document at a time (memory stays flat).

    Returns the run's :class:`plansift.corpus.runner.RunSummary`, whose
    ``outputs`` name the files written. ``also`` are more consumers of each
    document's result.
    """
    from plansift.corpus.manifest import RunManifest

    chosen = check_formats(formats)
    manifest = RunManifest(out, chosen)
    # Only a run that writes nothing but files, and hands its rows to no one else, can keep the last outputs.
    reuse = manifest.reusable if not also and not sql_url else None
    sink = LazySink(out, chosen, sql_url)
    try:
        summary = run_corpus(paths, [sink.add, *also], out_dir=out, reuse=reuse, prepare=sink.prepare, **run_options)
        if summary.reused:
            summary.outputs = {name: Path(out) / name for name in manifest.outputs()}
            return summary
        manifest.clear()
    except BaseException:
        sink.abort()
        raise
    summary.outputs = sink.close()
    if summary.outputs:
        manifest.save(summary.identity, summary.outputs, summary.to_dict())
    return summary


def run_corpus(
    paths,
    consumers: list,
    *,
    out_dir: str | Path | None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    spacy_model: str | None = None,
    use_cache: bool = True,
    progress=None,
    reuse=None,
    prepare=None,
    **limits,
):
    """Run the corpus runner with options given flat, as the CLI and the API take them."""
    from plansift.corpus.runner import run

    if isinstance(paths, str | Path):
        paths = [paths]
    return run(
        list(paths),
        consumers=consumers,
        out_dir=out_dir,
        use_cache=use_cache,
        options=build_options(**limits),
        spacy_model=spacy_model,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        reuse=reuse,
        prepare=prepare,
    )


def extract(paths, **options):
    """Extract a corpus (files, folders, globs, .zip archives) and return the records DataFrame.

    Takes the options of :func:`extract_tables`; every document runs in a worker
    process, and a document that fails is left out of the records (see
    ``extract_tables(...).documents`` for why).
    """
    return extract_tables(paths, **options).records


def check_formats(formats) -> tuple[str, ...]:
    """The output formats asked for (all by default); ValueError for one plansift does not write."""
    from plansift.output import ALL_FORMATS

    if formats is None:
        return ALL_FORMATS
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(ALL_FORMATS)}")
    return tuple(formats)


def _import_writers(formats: tuple[str, ...]) -> None:
    """Import what the writers of ``formats`` use and build an empty records frame (pandas loads more on its
    first frame); a failure is left for the writers to report, in the main thread."""
    import importlib

    modules = ["pandas", "pyarrow", "plansift.output", "plansift.output.csv_files"]
    if "parquet" in formats:
        modules += ["pyarrow.parquet", "plansift.output.parquet"]
    if "xlsx" in formats:
        modules += ["openpyxl", "plansift.output.workbook"]
    try:
        for name in modules:
            importlib.import_module(name)
        from plansift.output.schema import records_frame

        records_frame([])
    except Exception:  # noqa: BLE001, S110 - only a head start: the writers import and report for themselves
        pass


class LazySink:
    """The output writer (plansift.output.OutputSink), opened with the first document.

    A run that finds nothing to read leaves the output folder as it was.
    """

    def __init__(self, out: str | Path, formats: tuple[str, ...], sql_url: str | None):
        self.out, self.formats, self.sql_url = Path(out), formats, sql_url
        self.sink = None
        self._loading: threading.Thread | None = None

    def prepare(self) -> None:
        """Import the writers (pandas, pyarrow: half a second) in the background while the workers start.

        Importing at the first result made the workers wait for their next documents; importing once the
        inputs were hashed still ran into the first documents, whose workers it slowed on a machine with as
        many workers as cores. The run calls this as soon as it knows it will process documents.
        """
        if self.sink is None and self._loading is None:
            self._loading = threading.Thread(
                target=_import_writers, args=(self.formats,), daemon=True, name="plansift-import-writers"
            )
            self._loading.start()

    def _loaded(self) -> None:
        """Wait for the background import, if one was started (the process must not exit in the middle of it)."""
        if self._loading is not None:
            self._loading.join()
            self._loading = None

    def add(self, result: DocumentResult) -> None:
        if self.sink is None:
            self._loaded()
            from plansift.output import OutputSink

            self.sink = OutputSink(self.out, formats=self.formats, sql_url=self.sql_url)
        self.sink.add(result)

    def close(self) -> dict[str, Path]:
        self._loaded()
        return self.sink.close() if self.sink is not None else {}

    def abort(self) -> None:
        self._loaded()
        if self.sink is not None:
            self.sink.abort()
