"""The shared table sequence: find candidate tables -> read headers -> read rows -> validate.

Plans break tables across pages (the header repeated, or a row cut in two),
so the document's tables are first joined into :class:`LogicalTable` objects.
A :class:`TableRecogniser` then walks every logical table row by row: a row
its :meth:`~TableRecogniser.header_roles` hook recognises as a header sets the
columns' roles, every other row goes to :meth:`~TableRecogniser.read_row`.
Targets, actions and funding override only these hooks (STYLE.md item 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from plansift.extractors.model import Provenance, Table

MAX_HEADER_ROWS_COMPARED = 3
"""A table continues the previous one when its first row repeats one of that table's first rows."""


@dataclass(slots=True)
class CellRef:
    """One grid position's text and where it stands."""

    text: str
    prov: Provenance
    order: tuple
    blocks: list = field(default_factory=list)
    """The cell's paragraphs and list items, where the cell came from the document."""
    clean: str = field(init=False, repr=False, compare=False)
    """The text on one line, single-spaced (what the recognisers read, many times over)."""

    def __post_init__(self) -> None:
        self.clean = " ".join(self.text.split())


@dataclass(slots=True)
class GridRow:
    """One table row: its cells by column, and whether a page or table break came just before it."""

    cells: list[CellRef]
    prov: Provenance
    part_start: bool = False
    _texts: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def text(self, c: int) -> str:
        return self.cells[c].clean if 0 <= c < len(self.cells) else ""

    def cell(self, c: int) -> CellRef | None:
        return self.cells[c] if 0 <= c < len(self.cells) else None

    @property
    def texts(self) -> tuple[str, ...]:
        """The cells' clean texts, by column (worked out once: every recogniser reads every row)."""
        if self._texts is None or len(self._texts) != len(self.cells):
            self._texts = tuple(c.clean for c in self.cells)
        return self._texts

    @property
    def is_empty(self) -> bool:
        return not any(self.texts)


@dataclass(slots=True)
class LogicalTable:
    """A table as the author meant it: the parts a page break split, joined."""

    rows: list[GridRow] = field(default_factory=list)
    block_indexes: list[int] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    def transposed(self) -> LogicalTable:
        """The same table with rows and columns swapped (for years-as-rows layouts)."""
        n = self.n_cols
        rows = []
        for c in range(n):
            cells = [r.cells[c] if c < len(r.cells) else CellRef("", r.prov, ()) for r in self.rows]
            rows.append(GridRow(cells=cells, prov=cells[0].prov if cells else Provenance()))
        return LogicalTable(rows=rows, block_indexes=list(self.block_indexes))


def _norm_row(texts: list[str]) -> str:
    return re.sub(r"[^a-z0-9]+", " ", " ".join(texts).lower()).strip()


def grid_rows(table: Table, block_index: int) -> list[GridRow]:
    """A :class:`Table` as rows of :class:`CellRef` (a spanned position repeats its origin's text)."""
    rows: list[GridRow] = []
    for r, row in enumerate(table.rows):
        row_prov = table.row_prov(r)
        cells = []
        for c, cell in enumerate(row):
            # a cell's own origin unless it is spanned (what ``table.cell(r, c)`` returns, without the call)
            origin = cell if cell.spanned_from is None else table.cell(r, c) or cell
            prov = origin.prov or row_prov
            cells.append(CellRef(origin.text or "", prov, (block_index, r, c), list(origin.blocks)))
        rows.append(GridRow(cells=cells, prov=row_prov, part_start=(r == 0)))
    return rows


def _repeats_header(prev: LogicalTable, row: GridRow) -> bool:
    first = _norm_row(row.texts)
    return bool(first) and any(first == _norm_row(r.texts) for r in prev.rows[:MAX_HEADER_ROWS_COMPARED])


def _continues(prev: LogicalTable, rows: list[GridRow], block_index: int) -> bool:
    if not prev.rows or not rows:
        return False
    if _repeats_header(prev, rows[0]):
        return True
    adjacent = block_index == prev.block_indexes[-1] + 1
    if not adjacent or len(rows[0].cells) != prev.n_cols:
        return False
    texts = rows[0].texts
    lead = next((t for t in texts if t), "")
    return bool(texts) and (not texts[0] or lead[:1].islower())


def logical_tables(blocks: list[Any]) -> list[LogicalTable]:
    """The document's tables with page-break continuations joined (``blocks`` in reading order)."""
    out: list[LogicalTable] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Table) or not block.rows:
            continue
        rows = grid_rows(block, i)
        if out and _continues(out[-1], rows, i):
            if len(rows) > 1 and _repeats_header(out[-1], rows[0]):
                rows[1].part_start = True
            out[-1].rows.extend(rows)
            out[-1].block_indexes.append(i)
        else:
            out.append(LogicalTable(rows=rows, block_indexes=[i]))
    return out


def role_of(text: str, vocabulary: tuple[tuple[str, str], ...]) -> str | None:
    """The first role whose pattern matches a header cell (``vocabulary``: (role, regex) in priority order)."""
    return _role_of(text, tuple(vocabulary))


@lru_cache(maxsize=1 << 14)
def _role_of(text: str, vocabulary: tuple[tuple[str, str], ...]) -> str | None:
    """:func:`role_of`, remembered: every row of every table is tried as a header by each recogniser (keyed on
    the text as given, so that a repeated cell costs one look-up, not a lower-casing and a re-spacing too)."""
    low = " ".join(text.lower().split())
    if not low:
        return None
    for role, pattern in vocabulary:
        if re.search(pattern, low):
            return role
    return None


class TableRecogniser:
    """One pass over every logical table: the sequence every record type shares.

    Subclasses implement :meth:`header_roles` (is this row a header, and what
    does each column hold?) and :meth:`read_row`; they may override
    :meth:`start_table`/:meth:`end_table` to keep state across a table's rows
    and :meth:`validate` to check what they read.
    """

    reads_rows_before_header = False
    """Whether :meth:`read_row` also sees the rows above a table's first header (titles naming an indicator)."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.records: list[dict[str, Any]] = []
        self.roles: dict[int, str] | None = None
        self.header: GridRow | None = None

    def header_roles(self, row: GridRow) -> dict[int, str] | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def read_row(self, row: GridRow, index: int, table: LogicalTable) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def start_table(self, table: LogicalTable) -> None:
        self.roles = None
        self.header = None

    def end_table(self, table: LogicalTable) -> None:
        return None

    def on_header(self, row: GridRow, roles: dict[int, str]) -> None:
        self.roles = roles
        self.header = row

    def validate(self) -> None:
        return None

    def tables(self) -> list[LogicalTable]:
        return self.ctx.tables

    def run(self) -> list[dict[str, Any]]:
        """Read every table and return the rows found, validated."""
        for table in self.tables():
            self.start_table(table)
            for i, row in enumerate(table.rows):
                if row.is_empty:
                    continue
                roles = self.header_roles(row)
                if roles:
                    self.on_header(row, roles)
                elif self.roles or self.reads_rows_before_header:
                    self.read_row(row, i, table)
            self.end_table(table)
        self.validate()
        return self.records
