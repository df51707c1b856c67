"""How runs and evaluations read on a terminal: rich tables for people, JSON for machines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from plansift.corpus.evaluate import PARTS, EvaluationReport, Scores
from plansift.corpus.runner import RunSummary

PART_LABELS = {
    "targets": "targ",
    "funding": "fund",
    "actions": "acts",
    "indicators": "inds",
    "organisations": "orgs",
    "officers": "offs",
}
MAX_FAILURE_GROUPS = 12
RECORD_KINDS = (("target", "targets"), ("action", "actions"), ("funding", "funding lines"), ("entity", "entities"))


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def summary_json_line(summary: RunSummary) -> None:
    """The run summary as one JSON line on stderr (the last line of ``--json-log``)."""
    sys.stderr.write(json.dumps({"event": "summary", **summary.to_dict()}) + "\n")


def print_summary(summary: RunSummary, out: Path | None, *, quiet: bool = False) -> None:
    """The end-of-run summary: documents, status, rows per record type, failures and where the files are."""
    from rich.table import Table

    console = _console()
    ok, failed, skipped = (summary.status.get(s, 0) for s in ("ok", "failed", "skipped"))
    rows = ", ".join(f"{summary.rows.get(k, 0):,} {label}" for k, label in RECORD_KINDS)
    if quiet:
        where = f" -> {out}" if out else ""
        console.print(
            f"{summary.documents} documents: {ok} ok, {failed} failed, {skipped} skipped; {rows}{where}", soft_wrap=True
        )
        return

    for arg, error in summary.input_errors:
        console.print(f"[yellow]input[/] {arg}: {error}")
    head = (
        f"[bold]plansift[/] read {summary.documents:,} document{'s' * (summary.documents != 1)} "
        f"in {summary.seconds:.1f} s ({summary.processed:,} processed, {summary.cached:,} from cache"
    )
    if summary.reused:
        head += "; nothing changed since the last run, so its files stand as they are"
    if summary.duplicates:
        head += f", {len(summary.duplicates):,} duplicate file{'s' * (len(summary.duplicates) != 1)} read once"
    console.print(head + ")")
    console.print(
        f"  [green]{ok:,} ok[/]  [red]{failed:,} failed[/]  [yellow]{skipped:,} skipped[/]"
        if summary.documents
        else "  [red]nothing to read[/]: give files, folders, globs or .zip archives"
    )

    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("rows")
    table.add_column("count", justify="right")
    for key, label in RECORD_KINDS:
        table.add_row(label, f"{summary.rows.get(key, 0):,}")
    if summary.documents:
        console.print(table)

    if summary.failures:
        _print_failures(console, summary.failures, out)

    if summary.outputs:
        names = sorted(summary.outputs)
        folder = Path(next(iter(summary.outputs.values()))).parent
        console.print(f"Files in [bold]{folder}[/]: {', '.join(names)}")


def _print_failures(console, failures: list[tuple[str, str, str]], out: Path | None) -> None:
    """Failed and skipped documents, grouped by the reason, each reason once."""
    from rich.padding import Padding
    from rich.text import Text

    groups: dict[tuple[str, str], list[str]] = {}
    for name, status, error in failures:
        groups.setdefault((status, error), []).append(name)
    where = f" ({out / 'documents.csv'} has every file's status)" if out else ""
    console.print(f"[bold]Not read{where}:[/]")
    shown = sorted(groups.items(), key=lambda kv: (kv[0][0] != "failed", -len(kv[1]), kv[0][1]))
    for (status, error), names in shown[:MAX_FAILURE_GROUPS]:
        colour = "red" if status == "failed" else "yellow"
        count = f" ({len(names)} files)" if len(names) > 1 else ""
        head = Text.assemble((status, colour), count, ": ", error)
        console.print(Padding(head, (0, 0, 0, 2)))
        listed = names[:3] + ([f"... and {len(names) - 3} more"] if len(names) > 3 else [])
        console.print(Padding("\n".join(listed), (0, 0, 0, 6)), style="dim", highlight=False, markup=False)
    if len(shown) > MAX_FAILURE_GROUPS:
        console.print(f"  ... and {len(shown) - MAX_FAILURE_GROUPS} other reasons")


def print_report(report: EvaluationReport) -> None:
    """The evaluation: one row per rendering with P/R/F1 per part, then totals overall and per format."""
    console = _console()
    docs = _score_table(f"Scores per document (gold: {report.gold_dir})")
    docs.add_column("document", overflow="fold", min_width=20)
    docs.add_column("", no_wrap=True)
    for part in PARTS:
        docs.add_column(PART_LABELS[part], justify="right", no_wrap=True)
    docs.add_column("lead", justify="right", no_wrap=True)
    docs.add_column("src", justify="right", no_wrap=True)
    for d in report.documents:
        s = d.scores
        docs.add_row(
            d.document,
            "P\nR\nF1",
            *(_prf(s.parts[p]) for p in PARTS),
            _num(s.lead_organisation.value),
            _num(s.funding_source.value),
            end_section=True,
        )
    console.print(docs)
    console.print(
        "targ: targets, fund: funding, acts: actions, inds: indicators, orgs: organisations, offs: officers;\n"
        "P, R, F1: precision, recall, F1; lead: lead organisation accuracy over matched actions; "
        "src: funding source accuracy over matched funding lines; -: nothing to score."
    )

    totals = _score_table("Totals (counts summed over documents)")
    totals.add_column("part", no_wrap=True)
    for col in ("tp", "pred", "gold", "P", "R", "F1"):
        totals.add_column(col, justify="right", no_wrap=True)
    by_format = report.by_format()
    for fmt in by_format:
        totals.add_column(f"F1\n{fmt}", justify="right", no_wrap=True)
    overall = report.totals
    for part in PARTS:
        score = overall.parts[part]
        totals.add_row(
            part,
            str(score.tp),
            str(score.n_pred),
            str(score.n_gold),
            _num(score.precision),
            _num(score.recall),
            _num(score.f1),
            *(_num(s.parts[part].f1) for s in by_format.values()),
        )
    _accuracy_rows(totals, "lead org acc.", overall, by_format, lambda s: s.lead_organisation)
    _accuracy_rows(totals, "source acc.", overall, by_format, lambda s: s.funding_source)
    console.print(totals)
    console.print("In the accuracy rows, tp counts the right answers and pred the matched pairs.")
    if report.unscored:
        n = sum(report.unscored_records.values())
        console.print(
            f"[yellow]Unscored[/] ({len(report.unscored)} files without a gold key; {n} records extracted from them): "
            + ", ".join(
                f"{name} ({report.unscored_records[name]})" if report.unscored_records.get(name) else name
                for name in report.unscored
            )
        )


def _score_table(title: str):
    """A compact rich table for evaluation scores."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    return Table(
        title=title,
        title_justify="left",
        header_style="bold",
        box=SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
    )


def _accuracy_rows(table, label: str, overall: Scores, by_format: dict[str, Scores], pick) -> None:
    acc = pick(overall)
    table.add_row(
        label,
        str(acc.correct),
        str(acc.pairs),
        "",
        "",
        "",
        _num(acc.value),
        *(_num(pick(s).value) for s in by_format.values()),
    )


def _prf(score) -> str:
    return "\n".join(_num(v) for v in (score.precision, score.recall, score.f1))


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
