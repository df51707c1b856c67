"""The command line: a thin shell over the Python API, one module per verb.

Only typer is imported at start-up; each verb imports what it needs when it runs,
so ``plansift --help`` answers at once.
"""

from __future__ import annotations

import typer

from plansift import __version__

app = typer.Typer(
    name="plansift",
    help="Turn Local Area Agreement delivery plans (text, Word, PDF, spreadsheets) into one table "
    "of targets, actions and funding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plansift {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """plansift: delivery plans in, one clean table out."""


def _register() -> None:
    import importlib

    for verb in ("extract", "evaluate", "report", "inspect"):
        try:
            importlib.import_module(f"plansift.cli.{verb}")
        except ModuleNotFoundError as exc:
            if exc.name != f"plansift.cli.{verb}":
                raise


_register()


def run() -> None:
    app()
