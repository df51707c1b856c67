"""Funding tables a converter flattened: the labels in one list, the amounts in another.

A cell (or a run of paragraphs) holding three or more lines that are each
only an amount, under money words ('£', 'budget', 'fund'), is such a list.
Which label or year an amount belonged to is lost, so every amount is kept
with source and period null (unless one year is named) and flagged
``source_unlabelled``: nothing is invented. An amount equal to the sum of
the amounts before it is their total, not a row; a 'Total' line that does not
add up flags the amounts ``total_mismatch``.
"""

from __future__ import annotations

import re
from typing import Any

from plansift.extractors.model import Heading, Paragraph, Provenance, Table
from plansift.normalise.money import parse_money
from plansift.normalise.periods import find_periods
from plansift.normalise.recognisers.records import METHOD_FLAT, flag, new_record

MIN_AMOUNT_LINES = 3
_LARGE_NUMBER = re.compile(r"\d,\d{3}|\d{4}")
_AMOUNT_LINE = re.compile(r"^\s*£?\s*(?:\d{1,3}(?:,\d{3})+|\d{4,})(?:\.\d{2})?\s*[kKmM]?\s*$")
_AMOUNT_TOKEN = re.compile(
    r"(?<![\w.,/£$-])(?P<a>£?\s?\d{1,3}(?:,\d{3})+(?:\.\d{2})?)(?![\w.,%/])"
    r"(?!\s*(?:per\b|recorded|offences|incidents|crimes|people|cases|victims|households|young))",
    re.IGNORECASE,
)
_TOTAL_BEFORE = re.compile(r"\btotals?\s*[:|]?\s*$", re.I)
_NO_TEXT = object()
_MONEY_CONTEXT = re.compile(r"£|\bbudget|\bfund|\bspend|\bgrant|\bcost|\bexpenditure|\ballocation", re.I)


CLUSTER_GAP = 2
"""Paragraphs with a large number at most this far apart belong to one list of amounts."""
LABEL_PARAGRAPHS = 2
"""Paragraphs before a list's first amount that may hold its labels (and its money words)."""


def _streams(ctx: Any) -> list[tuple[list[str], Provenance, tuple, str]]:
    """Line streams: each table cell's lines (a cell with a large number only), and each cluster of paragraphs
    with large numbers close together between headings and tables, with the few paragraphs before it.

    Each stream comes with its provenance, order and the text around it (for money words and purpose). A
    document written without headings is one run of paragraphs: its figures far apart are no list.
    """
    out = []
    run: list[tuple[int, Paragraph]] = []

    def close() -> None:
        numbered = [k for k, (_, p) in enumerate(run) if _LARGE_NUMBER.search(p.text)]
        clusters: list[list[int]] = []
        for k in numbered:
            if clusters and k - clusters[-1][-1] <= CLUSTER_GAP:
                clusters[-1].append(k)
            else:
                clusters.append([k])
        for cluster in clusters:
            lo = max(0, cluster[0] - LABEL_PARAGRAPHS)
            piece = run[lo : cluster[-1] + 1]
            lines = [p.text for _, p in piece]
            prov = piece[0][1].prov.spanning(piece[-1][1].prov)
            first = piece[0][0]
            if lo == 0:
                # getattr, not hasattr then .text: a table's text is a property that joins all its cells
                before = (getattr(b, "text", _NO_TEXT) for b in ctx.blocks[max(0, first - 2) : first])
                context = " ".join(t for t in before if t is not _NO_TEXT)
            else:
                context = " ".join(p.text for _, p in run[max(0, lo - LABEL_PARAGRAPHS) : lo])
            out.append((lines, prov, (first,), context))

    for i, block in enumerate(ctx.blocks):
        if isinstance(block, Table):
            close()
            run = []
            for r, row in enumerate(block.rows):
                row_label = None
                for c, cell in enumerate(row):
                    if cell.is_placeholder:
                        continue
                    text = cell.text
                    if not text.strip() or not _LARGE_NUMBER.search(text):
                        continue  # the check flattened_funding makes (its lines hold the same digits and commas)
                    if c > 0 and row_label is None:
                        row_label = row[0].text
                    label = row_label if c > 0 else ""
                    out.append((text.splitlines(), cell.prov or block.row_prov(r), (i, r, c), label))
        elif isinstance(block, Paragraph):
            run.append((i, block))
        elif isinstance(block, Heading):
            close()
            run = []
    close()
    return out


def flattened_funding(ctx: Any) -> list[dict[str, Any]]:
    """Funding rows from flattened amount lists (source and period null where they cannot be tied)."""
    out: list[dict[str, Any]] = []
    for lines, prov, order, context in _streams(ctx):
        text = "\n".join(lines)
        if not _LARGE_NUMBER.search(text):
            continue  # an amount of the list has four digits at least ('1,500', '£12000')
        amount_lines = _amounts(text)
        if len(amount_lines) < MIN_AMOUNT_LINES:
            continue
        if not _MONEY_CONTEXT.search(text + " " + context):
            continue
        header_periods = {p for ln in lines for p, _, _ in find_periods(ln) if "£" in ln}
        period = header_periods.pop() if len(header_periods) == 1 else None
        purpose = _purpose(context, lines)
        rows: list[dict[str, Any]] = []
        running = 0.0
        for k, raw, before in amount_lines:
            amount = parse_money(raw)
            if not amount:
                continue
            after_total_label = bool(_TOTAL_BEFORE.search(before))
            if rows and (abs(amount - running) <= 1 or after_total_label):
                if abs(amount - running) > 1:
                    for r in rows:
                        flag(r, "total_mismatch")
                continue
            rec = new_record(
                "funding",
                prov,
                text,
                order=order + (k,),
                method=METHOD_FLAT,
                amount_gbp=amount,
                period=period,
                funding_kind=None,
                purpose=purpose,
                funding_source=None,
                recipient=None,
                assured=None,
            )
            flag(rec, "source_unlabelled")
            rows.append(rec)
            running += amount
        out.extend(rows)
    return out


def _amounts(text: str) -> list[tuple[int, str, str]]:
    """The amounts standing on their own in a stream: (position, as written, the text just before)."""
    out = []
    for m in _AMOUNT_TOKEN.finditer(text):
        out.append((m.start(), m.group("a"), text[max(0, m.start() - 12) : m.start()]))
    taken = {pos for pos, _, _ in out}
    pos = 0
    for line in text.split("\n"):
        if _AMOUNT_LINE.match(line) and pos + len(line) - len(line.lstrip()) not in taken:
            out.append((pos, line.strip(), text[max(0, pos - 12) : pos]))
        pos += len(line) + 1
    return sorted(out)


def _purpose(context: str, lines: list[str]) -> str | None:
    """What the list funds: the label beside it that speaks of money, cleaned of its brackets."""
    for candidate in (context, *lines):
        if _MONEY_CONTEXT.search(candidate) and not _AMOUNT_LINE.match(candidate):
            text = re.sub(r"\s*\(.*$", "", " ".join(candidate.split()))
            return text or None
    return None
