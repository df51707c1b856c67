"""``plansift evaluate``: score extracted records against the gold keys (../shared/corpus/GOLD.md)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from plansift.cli import app
from plansift.cli.extract import (
    EXECUTOR,
    MAX_BYTES,
    MAX_DECOMPRESSED,
    MAX_PAGES,
    SCHEDULER,
    SPACY_MODEL,
    TIMEOUT,
    WORKERS,
)


@app.command("evaluate")
def evaluate_command(
    paths: list[str] = typer.Argument(None, help="Documents to extract and score (files, folders, globs, .zip)."),
    gold: Path = typer.Option(..., "--gold", "-g", help="Folder of gold keys, <document stem>.json."),
    records: Path = typer.Option(
        None, "--records", help="Score this records file (csv, parquet, jsonl) instead of extracting."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write the extracted tables to this folder."),
    workers: int = WORKERS,
    executor: str = EXECUTOR,
    scheduler: str = SCHEDULER,
    timeout_per_doc: float = TIMEOUT,
    spacy_model: str = SPACY_MODEL,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    max_decompressed_bytes: int = MAX_DECOMPRESSED,
) -> None:
    """Precision, recall and F1 of targets, funding, actions, indicators, organisations and officers."""
    from plansift.corpus.evaluate import evaluate
    from plansift.corpus.tasks import WorkerStartError

    if records is None and not paths:
        raise typer.BadParameter("give documents to extract, or --records FILE to score", param_hint="PATH")
    try:
        if records is not None:
            report = evaluate(records, gold)
        else:
            from plansift.api import extract_tables

            tables = extract_tables(
                paths,
                out=out,
                workers=workers,
                executor=executor,
                scheduler=scheduler,
                spacy_model=spacy_model,
                max_bytes=max_bytes,
                max_pages=max_pages,
                max_decompressed_bytes=max_decompressed_bytes,
                timeout_per_doc=timeout_per_doc,
            )
            report = evaluate(tables.records, gold, entities=tables.entities, documents=tables.documents)
            for name, status, error in tables.summary.failures:
                typer.secho(f"{status}: {name}: {error}", err=True, fg="yellow")
    except ValueError as exc:
        typer.secho(f"plansift evaluate: {exc}", err=True, fg="red")
        raise typer.Exit(2) from exc
    except WorkerStartError as exc:
        typer.secho(f"plansift evaluate: {exc}", err=True, fg="red")
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    from plansift.corpus.display import print_report

    print_report(report)
