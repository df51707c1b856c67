"""``plansift extract``: a corpus in, the records table (and its companions) out, with a summary."""

from __future__ import annotations

from pathlib import Path

import typer

from plansift.cli import app

# Option bundles shared with the other verbs that run a corpus (plansift.cli.evaluate).
WORKERS = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: all cores).")
EXECUTOR = typer.Option("local", "--executor", help="local (worker processes) or dask (a Dask cluster).")
SCHEDULER = typer.Option(
    None, "--scheduler", help="Address of an existing Dask scheduler, tcp://HOST:PORT (with --executor dask)."
)
TIMEOUT = typer.Option(
    None, "--timeout-per-doc", min=0, help="Seconds one document may take before it fails (default 120; 0: none)."
)
NO_CACHE = typer.Option(False, "--no-cache", help="Process every document again instead of reusing cached results.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar and a one-line summary.")
JSON_LOG = typer.Option(False, "--json-log", help="One JSON line per document on stderr, for machines.")
SPACY_MODEL = typer.Option(None, "--spacy-model", help="spaCy model for names of people and organisations.")
MAX_BYTES = typer.Option(None, "--max-bytes", min=1, help="Skip files larger than this (default 200 MB).")
MAX_PAGES = typer.Option(None, "--max-pages", min=1, help="Skip a document with more pages than this (default 1000).")
MAX_DECOMPRESSED = typer.Option(
    None, "--max-decompressed-bytes", min=1, help="Limit on unpacked bytes of a zip-based file (default 500 MB)."
)


@app.command("extract")
def extract_command(
    paths: list[str] = typer.Argument(..., help="Files, folders (read recursively), globs or .zip archives."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the output files (created if missing)."),
    formats: str = typer.Option(
        "csv,parquet,xlsx,jsonl,duckdb", "--format", "-f", help="Comma-separated: csv,parquet,xlsx,jsonl,duckdb."
    ),
    to: str = typer.Option(
        None, "--to", help="Also write to this SQL database URL (sqlite:///x.db, postgresql://...)."
    ),
    workers: int = WORKERS,
    executor: str = EXECUTOR,
    scheduler: str = SCHEDULER,
    timeout_per_doc: float = TIMEOUT,
    no_cache: bool = NO_CACHE,
    quiet: bool = QUIET,
    json_log: bool = JSON_LOG,
    spacy_model: str = SPACY_MODEL,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    max_decompressed_bytes: int = MAX_DECOMPRESSED,
) -> None:
    """Extract targets, actions and funding from every document into one table."""
    from plansift.api import extract_to_files
    from plansift.corpus.display import print_summary, summary_json_line
    from plansift.corpus.progress import RunProgress
    from plansift.corpus.tasks import WorkerStartError

    chosen = parse_formats(formats)
    progress = RunProgress(quiet=quiet, json_log=json_log)
    try:
        summary = extract_to_files(
            paths,
            out,
            formats=chosen,
            sql_url=to,
            workers=workers,
            executor=executor,
            scheduler=scheduler,
            spacy_model=spacy_model,
            use_cache=not no_cache,
            progress=progress,
            max_bytes=max_bytes,
            max_pages=max_pages,
            max_decompressed_bytes=max_decompressed_bytes,
            timeout_per_doc=timeout_per_doc,
        )
    except ValueError as exc:
        typer.secho(f"plansift extract: {exc}", err=True, fg="red")
        raise typer.Exit(2) from exc
    except WorkerStartError as exc:
        typer.secho(f"plansift extract: {exc}", err=True, fg="red")
        raise typer.Exit(1) from exc
    except OSError as exc:  # the output folder or its cache cannot be written: no document is to blame
        typer.secho(f"plansift extract: {write_error(exc, out)}", err=True, fg="red")
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        typer.secho(
            "plansift extract: interrupted; the documents finished so far are cached in "
            f"{out / '.plansift-cache'}: run the same command again to resume",
            err=True,
            fg="yellow",
        )
        raise typer.Exit(130) from None
    if json_log:
        summary_json_line(summary)
    print_summary(summary, out, quiet=quiet)
    if summary.documents == 0:
        raise typer.Exit(2)


def write_error(exc: OSError, out: Path) -> str:
    """What a failed write in the output folder means and what to do, for a person (no traceback)."""
    import errno

    where = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"no space left to write {where} ({exc.strerror}); the output files were not changed. Free some "
            f"space or choose another --out, then run the same command again: the documents already cached in "
            f"{out / '.plansift-cache'} are not read again"
        )
    return f"{where}: {exc.strerror or exc}; the output files were not changed"


def parse_formats(text: str) -> tuple[str, ...]:
    """The formats named in ``--format``, checked against what plansift writes."""
    from plansift.api import check_formats

    try:
        return check_formats(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from exc
