"""What a run shows while it goes: a rich progress bar on a terminal, JSON lines for machines, or nothing."""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

from plansift.pipeline import DocumentResult


class RunProgress:
    """Progress of a run: documents done of total, failures, documents/s and ETA.

    The bar shows only when ``stream`` is a terminal and ``quiet`` is off;
    ``json_log`` writes one JSON line per finished document to ``stream`` instead.
    """

    def __init__(self, *, quiet: bool = False, json_log: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.json_log = json_log
        self.show_bar = not quiet and not json_log and self.stream.isatty()
        self.failed = 0
        self._bar = None
        self._task = None
        self._started = 0.0

    def start(self, total: int, cached: int) -> None:
        """Begin: ``total`` documents, of which ``cached`` are already done."""
        self._started = time.perf_counter()
        if self.json_log:
            self._log({"event": "start", "documents": total, "cached": cached})
        if not self.show_bar or total == cached:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("[bold]extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[rate]} docs/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("extract", total=total - cached, failed=0, rate="-")

    def advance(self, result: DocumentResult) -> None:
        """One more document finished."""
        status = result.document.get("status") or "ok"
        self.failed += status == "failed"
        if self.json_log:
            self._log(
                {
                    "event": "document",
                    "document": result.document.get("document"),
                    "status": status,
                    "error": result.document.get("error"),
                    "records": len(result.records),
                    "seconds": result.document.get("seconds"),
                }
            )
        if self._bar is not None:
            self._bar.advance(self._task)
            done = self._bar.tasks[0].completed
            elapsed = time.perf_counter() - self._started
            self._bar.update(self._task, failed=self.failed, rate=f"{done / elapsed:.1f}" if elapsed else "-")

    def finish(self) -> None:
        """Take the bar down."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self.json_log:
            self._log({"event": "processed", "seconds": round(time.perf_counter() - self._started, 3)})

    def _log(self, entry: dict) -> None:
        self.stream.write(json.dumps(entry, default=str) + "\n")
        self.stream.flush()
