"""The document model every extractor produces and every recogniser reads.

A :class:`Document` holds :class:`Page` objects; a page holds blocks in reading
order. A block is a :class:`Heading`, :class:`Paragraph`, :class:`ListItem` or
:class:`Table`. A table holds rows of :class:`Cell`; a cell holds paragraphs and
list items and keeps its row and column span. Every block carries a mandatory
:class:`Provenance`: the page and either a line range (text formats) or a
bounding box (PDF).

The model knows nothing of indicators, targets or money: it is the boundary
between reading a file and understanding it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin at the page's top left."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a block stands in its source file.

    ``page`` is 1-based (text formats without pages use 1). ``line_start`` and
    ``line_end`` are 1-based inclusive line numbers for text formats; ``bbox``
    is the block's box on the page for PDF. ``part`` names a part of the
    source that is not the body (``header``, ``footer``, a sheet name).
    """

    page: int = 1
    line_start: int | None = None
    line_end: int | None = None
    bbox: BBox | None = None
    part: str | None = None

    def spanning(self, other: Provenance) -> Provenance:
        """The provenance covering both ``self`` and ``other`` (same page kept)."""
        lines = [x for x in (self.line_start, self.line_end, other.line_start, other.line_end) if x is not None]
        bbox = self.bbox
        if self.bbox and other.bbox and self.page == other.page:
            a, b = self.bbox, other.bbox
            bbox = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
        return Provenance(
            page=self.page,
            line_start=min(lines) if lines else None,
            line_end=max(lines) if lines else None,
            bbox=bbox,
            part=self.part,
        )

    def describe(self) -> str:
        """A short human form: ``p. 3, lines 10-14`` or ``p. 3``."""
        out = f"p. {self.page}"
        if self.line_start is not None:
            if self.line_end is not None and self.line_end != self.line_start:
                out += f", lines {self.line_start}-{self.line_end}"
            else:
                out += f", line {self.line_start}"
        return out


@dataclass(slots=True)
class Heading:
    text: str
    level: int
    prov: Provenance
    kind: Literal["heading"] = "heading"


@dataclass(slots=True)
class Paragraph:
    text: str
    prov: Provenance
    kind: Literal["paragraph"] = "paragraph"


@dataclass(slots=True)
class ListItem:
    text: str
    depth: int
    prov: Provenance
    marker: str | None = None
    kind: Literal["list_item"] = "list_item"


CellBlock = Paragraph | ListItem


@dataclass(slots=True)
class Cell:
    """One logical cell. ``blocks`` keep the paragraphs and list items it holds.

    A cell spanning several grid positions appears once, at its top-left
    position, with ``row_span``/``col_span`` > 1; the positions it covers are
    filled with ``Cell(spanned_from=(row, col))`` placeholders so that every
    grid position is addressable.
    """

    blocks: list[CellBlock] = field(default_factory=list)
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    spanned_from: tuple[int, int] | None = None
    prov: Provenance | None = None

    @property
    def text(self) -> str:
        blocks = self.blocks
        if len(blocks) == 1:  # most cells: read on every pass over a table, so without a generator
            return blocks[0].text or ""
        return "\n".join(b.text for b in blocks if b.text)

    @property
    def is_placeholder(self) -> bool:
        return self.spanned_from is not None


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    prov: Provenance
    kind: Literal["table"] = "table"
    header_rows: int = 0
    row_provs: list[Provenance] = field(default_factory=list)
    """Per-row provenance where the extractor knows it (same length as ``rows``)."""

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, r: int, c: int) -> Cell | None:
        """The cell at grid position (r, c), following a span to its origin."""
        if r >= len(self.rows) or c >= len(self.rows[r]):
            return None
        cell = self.rows[r][c]
        if cell.spanned_from is not None:
            rr, cc = cell.spanned_from
            return self.rows[rr][cc]
        return cell

    def text_grid(self, fill_spans: bool = False) -> list[list[str]]:
        """Rows of cell texts. Spanned positions are '' unless ``fill_spans``."""
        grid = []
        for r, row in enumerate(self.rows):
            out = []
            for c, cell in enumerate(row):
                if cell.spanned_from is not None:
                    out.append(self.cell(r, c).text if fill_spans else "")
                else:
                    out.append(cell.text)
            grid.append(out)
        return grid

    def row_prov(self, r: int) -> Provenance:
        if r < len(self.row_provs):
            return self.row_provs[r]
        return self.prov

    @property
    def text(self) -> str:
        return "\n".join("\t".join(row) for row in self.text_grid())


Block = Heading | Paragraph | ListItem | Table


@dataclass(slots=True)
class Page:
    number: int
    blocks: list[Block] = field(default_factory=list)
    furniture: list[Block] = field(default_factory=list)
    """Running headers and footers, kept apart from the body."""
    width: float | None = None
    height: float | None = None
    has_text: bool = True


@dataclass(slots=True)
class Document:
    path: str
    format: str
    pages: list[Page] = field(default_factory=list)
    title: str | None = None
    producer: str | None = None
    warnings: list[str] = field(default_factory=list)
    """Non-fatal problems (pages without text, fallbacks taken): every fallback is visible."""

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    def iter_blocks(self, include_furniture: bool = False) -> Iterator[Block]:
        for page in self.pages:
            if include_furniture:
                yield from page.furniture
            yield from page.blocks

    def iter_tables(self) -> Iterator[Table]:
        for block in self.iter_blocks():
            if isinstance(block, Table):
                yield block

    def text(self) -> str:
        """Plain text of the body, blocks separated by blank lines."""
        return "\n\n".join(b.text for b in self.iter_blocks())


class ExtractionError(Exception):
    """A file that cannot be read. The message says what is wrong and what to do.

    ``status`` is ``failed`` (the file is broken or unsupported) or ``skipped``
    (the file was deliberately not processed, e.g. over a configured limit).
    """

    def __init__(self, message: str, status: str = "failed") -> None:
        super().__init__(message)
        self.status = status
