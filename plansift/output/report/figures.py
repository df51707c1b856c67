"""The figures of the comparison report, computed from the records table.

Every figure keeps its :class:`Source` (document, page, verbatim text and a
link to the file), so the page can link each number to where it was read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

UNIT_ORDER = ("rate_per_1000", "count", "percent", "gbp", "other")
UNIT_LABELS = {"rate_per_1000": "rate per 1,000", "count": "count", "percent": "%", "gbp": "£", "other": "other"}
KIND_ORDER = ("baseline", "target", "actual")
NO_DATE = "no date"


@dataclass
class Source:
    """Where a figure was read: document, page, the text itself, a link to the file, and the
    other documents that state the same fact (the same plan as PDF and as Word, say)."""

    document: str
    page: int | None
    text: str | None
    href: str | None
    also: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.document}, page {self.page}" if self.page else self.document

    @property
    def tooltip(self) -> str:
        tip = self.label + (f": {self.text}" if self.text else "")
        return tip + (f" (also in {'; '.join(self.also)})" if self.also else "")


@dataclass(frozen=True)
class Figure:
    """One number as the page shows it."""

    value: float
    unit: str
    text: str
    source: Source


@dataclass
class IndicatorRow:
    area: str
    kind: str
    cells: dict[tuple[str, str], list[Figure]] = field(default_factory=dict)


@dataclass
class PlannedChange:
    """From an area's baseline to its last target: the planned reduction in percent (negative: an increase)."""

    area: str
    unit: str
    baseline_period: str
    baseline: Figure
    target_period: str
    target: Figure
    reduction_pct: float | None


@dataclass
class IndicatorFigures:
    code: str
    title: str | None
    periods: list[str]
    units: list[str]
    rows: list[IndicatorRow]
    changes: list[PlannedChange]
    areas: list[str]


@dataclass
class FundingRow:
    stream: str
    area: str
    cells: dict[str, list[Figure]]

    def total(self, period: str) -> float:
        return sum(f.value for f in self.cells.get(period, ()))


@dataclass
class FundingFigures:
    periods: list[str]
    rows: list[FundingRow]
    lines: list[dict[str, Any]]


@dataclass
class ActionFigures:
    buckets: list[str]
    organisations: list[tuple[str, dict[str, list[dict[str, Any]]]]]
    lines: list[dict[str, Any]]


def period_key(period: str) -> tuple:
    """Sort key for periods: by financial year, quarters before the whole year.

    >>> sorted(["2009/10", "2008/09", "2008/09 Q2", "2007/08"], key=period_key)
    ['2007/08', '2008/09 Q2', '2008/09', '2009/10']
    """
    m = re.match(r"(\d{4})(?:/\d{2})?(?:\s*Q(\d))?", period or "")
    if not m:
        return (9999, 9, period or "")
    return (int(m.group(1)), int(m.group(2) or 5), period)


def format_value(value: float, unit: str) -> str:
    """A number as a reader expects it for its unit.

    >>> format_value(382.0, "count"), format_value(1.33, "rate_per_1000"), format_value(81000, "gbp")
    ('382', '1.33', '£81,000')
    >>> format_value(12.5, "percent"), format_value(0.1, "rate_per_1000")
    ('12.5%', '0.1')
    """
    if unit in ("count", "gbp"):
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        return "£" + text if unit == "gbp" else text
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text + "%" if unit == "percent" else text


def financial_bucket(due: dt.date | None) -> str:
    """The financial-year quarter a due date falls in ('2008/09 Q4' for March 2009).

    >>> financial_bucket(dt.date(2009, 3, 31)), financial_bucket(dt.date(2008, 4, 1)), financial_bucket(None)
    ('2008/09 Q4', '2008/09 Q1', 'no date')
    """
    if due is None:
        return NO_DATE
    start = due.year if due.month >= 4 else due.year - 1
    quarter = (due.month - 4) % 12 // 3 + 1
    return f"{start}/{(start + 1) % 100:02d} Q{quarter}"


def _link_base(base: str) -> str:
    """``base`` as the start of a link, ending in '/': a URL as given, a folder as its file:// URI.

    >>> _link_base("https://intranet.example/plans"), _link_base("/srv/plans/")
    ('https://intranet.example/plans/', 'file:///srv/plans/')
    """
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", base):
        return base if base.endswith("/") else base + "/"
    return Path(base).expanduser().resolve().as_uri().rstrip("/") + "/"


class SourceLinks:
    """Turns a record's document and page into a link: relative to the report's folder, or under ``base``.

    ``base`` is where the corpus is published when the report is read elsewhere (a web server, a shared drive):
    a URL (``https://intranet/plans/``) or a folder, under which each document sits at its name in the run
    (its path from the corpus root).
    """

    def __init__(self, documents: list[dict[str, Any]], report_dir: Path, out_dir: Path, base: str | None = None):
        self._report_dir = report_dir.resolve()
        self._base = _link_base(base) if base else None
        self._paths: dict[str, Path] = {}
        for doc in documents:
            name, given = doc.get("document"), doc.get("path")
            if name and given:
                self._paths[name] = self._locate(Path(given), out_dir)

    @staticmethod
    def _locate(path: Path, out_dir: Path) -> Path:
        if path.is_absolute():
            return path
        for base in (Path.cwd(), out_dir.resolve().parent, out_dir.resolve()):
            if (base / path).exists():
                return base / path
        return Path.cwd() / path

    def href(self, document: str | None, page: int | None) -> str | None:
        """A percent-encoded link to the document (with ``#page=N``); None when unknown."""
        page_part = f"#page={int(page)}" if page else ""
        if self._base is not None:
            return self._base + quote(document, safe="/") + page_part if document else None
        path = self._paths.get(document or "")
        if path is None:
            return None
        rel = os.path.relpath(path, self._report_dir).replace(os.sep, "/")
        return quote(rel, safe="/") + page_part

    def source(self, rec: dict[str, Any], also: tuple[dict[str, Any], ...] = ()) -> Source:
        """The source of ``rec``; ``also``: records of other documents stating the same fact."""
        others = [self.source(r).label for r in also]
        href = self.href(rec["document"], rec.get("page"))
        return Source(rec["document"] or "", rec.get("page"), rec.get("source_text"), href, others)


def area_label(rec: dict[str, Any]) -> str:
    """The area a row is compared under: its area, or its document when no area was found."""
    return rec.get("area") or f"(no area) {rec.get('document') or ''}".strip()


def distinct_facts(records: list[dict[str, Any]], key) -> list[tuple[dict[str, Any], tuple[dict[str, Any], ...]]]:
    """Each fact once, with the records of other documents that state it too.

    Records with the same ``key(record)`` from different documents (the same
    plan as PDF and as Word) are one fact; repeats within one document are
    separate facts, so a key is kept as many times as the document that repeats
    it most. Returns (record kept, the other documents' records), in input order.

    >>> recs = [{"document": d, "v": v} for d, v in [("a.pdf", 1), ("a.doc", 1), ("a.doc", 1), ("a.pdf", 2)]]
    >>> [(r["document"], r["v"], len(o)) for r, o in distinct_facts(recs, key=lambda r: r["v"])]
    [('a.doc', 1, 1), ('a.doc', 1, 0), ('a.pdf', 2, 0)]
    """
    by_key: dict[Any, dict[str, list[dict]]] = {}
    for rec in records:
        by_key.setdefault(key(rec), {}).setdefault(rec.get("document") or "", []).append(rec)
    kept: dict[int, tuple[dict, ...]] = {}
    for per_document in by_key.values():
        ranked = sorted(per_document.values(), key=len, reverse=True)
        others = tuple(r for recs in ranked[1:] for r in recs)
        for i, rec in enumerate(ranked[0]):
            kept[id(rec)] = others if i == 0 else ()
    return [(rec, kept[id(rec)]) for rec in records if id(rec) in kept]


def indicator_figures(
    records: list[dict[str, Any]], links: SourceLinks, titles: dict[str, str]
) -> list[IndicatorFigures]:
    """One table per indicator: areas x value kinds down, periods x units across.

    A cell shows each distinct value once; the other documents stating it are named in its tooltip.
    """
    by_code: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        if rec["record_type"] == "target" and rec.get("indicator_code") and rec.get("value") is not None:
            by_code[rec["indicator_code"]].append(rec)
    out = []
    for code in sorted(by_code, key=_indicator_key):
        recs = by_code[code]
        periods = sorted({r["period"] or "" for r in recs}, key=period_key)
        units = [u for u in UNIT_ORDER if any(r["unit"] == u for r in recs)]
        rows: dict[tuple[str, str], IndicatorRow] = {}
        for rec in recs:
            area, kind = area_label(rec), rec["value_kind"] or "target"
            row = rows.setdefault((area, kind), IndicatorRow(area, kind))
            text = format_value(rec["value"], rec["unit"])
            cell = row.cells.setdefault((rec["period"] or "", rec["unit"]), [])
            same = next((f for f in cell if f.text == text), None)
            if same is None:
                cell.append(Figure(rec["value"], rec["unit"], text, links.source(rec)))
            elif rec["document"] != same.source.document and links.source(rec).label not in same.source.also:
                same.source.also.append(links.source(rec).label)
        ordered = sorted(rows.values(), key=lambda r: (r.area, KIND_ORDER.index(r.kind) if r.kind in KIND_ORDER else 9))
        areas = sorted({r.area for r in ordered})
        title = titles.get(code) or next((r["indicator_title"] for r in recs if r.get("indicator_title")), None)
        out.append(IndicatorFigures(code, title, periods, units, ordered, planned_changes(ordered, units), areas))
    return out


def _indicator_key(code: str) -> tuple:
    m = re.fullmatch(r"NI (\d+)", code)
    return (0, int(m.group(1)), "") if m else (1, 0, code)


def planned_changes(rows: list[IndicatorRow], units: list[str]) -> list[PlannedChange]:
    """For each area and unit: the baseline (latest one) against the last target."""
    changes = []
    for area in sorted({r.area for r in rows}):
        for unit in units:
            base = _last(rows, area, "baseline", unit)
            goal = _last(rows, area, "target", unit)
            if base and goal:
                (bp, bf), (tp, tf) = base, goal
                pct = (bf.value - tf.value) / bf.value * 100 if bf.value else None
                changes.append(PlannedChange(area, unit, bp, bf, tp, tf, pct))
    return changes


def _last(rows: list[IndicatorRow], area: str, kind: str, unit: str) -> tuple[str, Figure] | None:
    found = [
        (period, figs[0])
        for r in rows
        if r.area == area and r.kind == kind
        for (period, u), figs in r.cells.items()
        if u == unit and figs
    ]
    return max(found, key=lambda pf: period_key(pf[0])) if found else None


def funding_figures(records: list[dict[str, Any]], links: SourceLinks) -> FundingFigures:
    """Funding by stream and area down, year across; and every funding line (each fact once)."""
    recs = [r for r in records if r["record_type"] == "funding" and r.get("amount_gbp") is not None]
    rows: dict[tuple[str, str], FundingRow] = {}
    lines = []

    def key(r: dict) -> tuple:
        return (area_label(r), r.get("funding_source"), r.get("period"), r["amount_gbp"], r.get("purpose"))

    for rec, also in distinct_facts(recs, key):
        stream, area, period = (
            rec.get("funding_source") or "(source not stated)",
            area_label(rec),
            rec.get("period") or "(year not stated)",
        )
        figure = Figure(rec["amount_gbp"], "gbp", format_value(rec["amount_gbp"], "gbp"), links.source(rec, also))
        rows.setdefault((stream, area), FundingRow(stream, area, {})).cells.setdefault(period, []).append(figure)
        lines.append(
            {
                "stream": stream,
                "area": area,
                "period": period,
                "figure": figure,
                "purpose": rec.get("purpose"),
                "recipient": rec.get("recipient"),
                "kind": rec.get("funding_kind"),
            }
        )
    periods = sorted({p for row in rows.values() for p in row.cells}, key=period_key)
    return FundingFigures(periods, sorted(rows.values(), key=lambda r: (r.stream, r.area)), lines)


def action_figures(records: list[dict[str, Any]], links: SourceLinks) -> ActionFigures:
    """Actions per lead organisation and due quarter; and every action (each fact once)."""
    lines = []

    def key(r: dict) -> tuple:
        words = " ".join((r.get("description") or "").lower().split())
        return (area_label(r), r.get("lead_organisation"), words, r.get("due_date"))

    for rec, also in distinct_facts([r for r in records if r["record_type"] == "action"], key):
        due = rec.get("due_date")
        lines.append(
            {
                "organisation": rec.get("lead_organisation") or "(lead not stated)",
                "area": area_label(rec),
                "indicator": rec.get("indicator_code"),
                "ref": rec.get("action_ref"),
                "description": rec.get("description") or "",
                "officer": rec.get("lead_officer"),
                "due": due,
                "bucket": financial_bucket(due),
                "source": links.source(rec, also),
            }
        )
    buckets = sorted({a["bucket"] for a in lines}, key=lambda b: period_key(b) if b != NO_DATE else (99999,))
    per_org: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for a in lines:
        per_org[a["organisation"]][a["bucket"]].append(a)
    organisations = sorted(per_org.items(), key=lambda kv: (-sum(map(len, kv[1].values())), kv[0]))
    lines.sort(key=lambda a: (a["due"] or dt.date.max, a["organisation"], a["description"]))
    return ActionFigures(buckets, organisations, lines)
