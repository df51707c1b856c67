"""The command line: a thin shell over the Python API, one module per verb.

Only typer is imported at start-up; each verb imports what it needs when it runs,
so ``plansift --help`` answers at once.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

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


def run() -> NoReturn:
    """The console script: the app, then a quick exit (see :func:`leave`)."""
    with contextlib.suppress(Exception):  # only ever a head start: the run starts the warm-up itself
        _start_warm_up_early(sys.argv[1:])
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code
    leave(code)


def _start_warm_up_early(args: list[str]) -> None:
    """Start the workers' warm-up before the command line is parsed, for ``plansift extract`` into an output
    folder with no cache yet (or with ``--no-cache``) on the local executor: every document will be processed.

    Parsing the arguments (typer builds a pydantic adapter per option) takes a sixth of a second, which the
    warm-up, a second and more that every cold run waits for, can run beside. Anything less certain (another
    verb, ``--help``, an option that cannot be read here) leaves it to the run, which starts it in any case.
    """
    if not args or args[0] != "extract" or {"--help", "-h"} & set(args):
        return
    out, executor = _option(args, "--out", "-o"), _option(args, "--executor")
    if out is None or executor not in (None, "local"):
        return
    from pathlib import Path

    from plansift.corpus.cache import CACHE_DIRNAME

    if "--no-cache" in args or not (Path(out) / CACHE_DIRNAME).exists():
        from plansift.corpus.executors import start_warm_up

        start_warm_up()


def _option(args: list[str], *names: str) -> str | None:
    """The value given to option ``names`` ('--out X', '--out=X', '-o X'), the last one if repeated."""
    value = None
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(name + "=") and name.startswith("--"):
                value = arg[len(name) + 1 :]
    return value


def leave(code: int | str | None) -> NoReturn:
    """End the process with ``code`` as ``sys.exit`` would, without the interpreter's teardown.

    When a command is done its files are written and closed; what is left is the teardown, which frees every
    module and object one by one: a fifth of a second with pandas and pyarrow loaded, longer than a fully
    cached run of a small corpus. So the exit handlers run (logging is flushed, temporary folders are
    removed), the standard streams are flushed, and the process leaves. With another thread still running
    it leaves the usual way, which waits for that thread.
    """
    if threading.active_count() > 1:
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # as sys.exit does with a message
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)
