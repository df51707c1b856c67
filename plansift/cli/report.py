"""``plansift report``: the comparison report (one self-contained HTML page) of an output directory."""

from __future__ import annotations

from pathlib import Path

import typer

from plansift.cli import app


@app.command("report")
def report_command(
    out: Path = typer.Argument(..., help="The folder `plansift extract --out` wrote (records.parquet or records.csv)."),
    html: Path = typer.Option(None, "--html", help="Where to write the HTML page (default: OUT/report.html)."),
    links_to: str = typer.Option(
        None,
        "--links-to",
        help="Where readers find the documents, when the page is read away from them: a URL or a folder "
        "holding the corpus as it was given to extract (default: links relative to the page).",
    ),
) -> None:
    """Write one HTML page comparing areas: indicators, funding and actions, each number linked to its source."""
    from plansift.output.report import build_report

    if not out.is_dir():
        typer.secho(
            f"plansift report: {out} is not a folder; give the folder `plansift extract --out` wrote",
            err=True,
            fg="red",
        )
        raise typer.Exit(2)
    try:
        path = build_report(out, html, links_to)
    except (FileNotFoundError, RuntimeError, ValueError) as exc:
        typer.secho(f"plansift report: {exc}", err=True, fg="red")
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {path}")
