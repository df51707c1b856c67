"""Tables written one cell per line: the "tab-led" layout of some converters.

Some converters write a table by starting every cell on a new line that begins
with a tab; the cell's further lines follow without a tab, and a line holding
only a tab marks the start of a row (or an empty cell). Three shapes occur:

* **marker grid**: runs of cells between lone-tab lines of one recurring size
  ``w``: each run is a row of ``w`` cells (a lone tab inside a row is an empty
  cell);
* **header grid**: one run whose leading cells are one-line labels; the width is
  the largest ``w`` for which the labels make a header and the remaining cells
  fill whole rows of ``w`` (one leading label longer than every header label may
  be a title above the table); ``w`` is at least 3, and some body cell must have
  several lines unless the region has lone-tab row markers;
* **label and value**: most cells are a short label with further lines under it;
  each becomes a row of two cells, the tab-led line and the lines under it.

A cell's lines run until the next tab-led line, or until three blank lines are
followed by an untabbed line.

A run that fits none of these is kept as paragraphs and list items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plansift.extractors.inline_markup import fragment_blocks, line_block
from plansift.extractors.model import Block, Cell, CellBlock, Heading, ListItem, Provenance, Table

MAX_LABEL_CHARS = 80
"""A header cell in the header-grid shape is one line of at most this many characters."""
MIN_GRID_COLUMNS = 3
"""A header grid has at least this many columns (two-column runs are label-and-value or text)."""


@dataclass(slots=True)
class SourceLine:
    """One physical line of the file: its 1-based number, its page and its text (line end removed)."""

    no: int
    page: int
    text: str


@dataclass(slots=True)
class Segment:
    """A tab-led line and the lines under it; a lone tab (empty first line) marks a row or an empty cell."""

    first: SourceLine
    content: list[SourceLine] = field(default_factory=list)

    @property
    def lone(self) -> bool:
        """A line holding only a tab."""
        return not self.first.text.strip()

    @property
    def has_content(self) -> bool:
        """Text stands on the lines under the tab-led line."""
        return any(s.text.strip() for s in self.content)

    @property
    def last_line(self) -> int:
        """Number of the segment's last line with text."""
        filled = [s.no for s in self.content if s.text.strip()]
        return max(filled, default=self.first.no)

    def lines(self) -> list[SourceLine]:
        """The segment's lines with text, the tab-led line first."""
        return [s for s in [self.first, *self.content] if s.text.strip()]


def is_tab_led(text: str) -> bool:
    """A line starting with a tab and holding no other tab."""
    return text.startswith("\t") and "\t" not in text[1:]


def blocks_of(lines: list[SourceLine]) -> list[CellBlock]:
    """Paragraphs and list items of some lines, each with its own line as provenance."""
    out: list[CellBlock] = []
    for s in lines:
        out.extend(fragment_blocks(s.text.strip(), Provenance(page=s.page, line_start=s.no, line_end=s.no)))
    return out


def _cell(lines: list[SourceLine], is_header: bool = False) -> Cell:
    blocks = blocks_of(lines)
    prov = None
    if lines:
        prov = Provenance(page=lines[0].page, line_start=lines[0].no, line_end=lines[-1].no)
    return Cell(blocks, is_header=is_header, prov=prov)


def _table(rows: list[list[Cell]], header_rows: int) -> Table:
    width = max(len(r) for r in rows)
    provs: list[Provenance] = []
    for r in rows:
        r.extend(Cell() for _ in range(width - len(r)))
        cell_provs = [c.prov for c in r if c.prov]
        prov = cell_provs[0]
        for p in cell_provs[1:]:
            prov = prov.spanning(p)
        for c in r:
            if c.prov is None:
                c.prov = prov
        provs.append(prov)
    span = provs[0]
    for p in provs[1:]:
        span = span.spanning(p)
    return Table(rows, span, header_rows=header_rows, row_provs=provs)


def _title(seg: Segment) -> Heading:
    s = seg.first
    return Heading(s.text.strip(), 3, Provenance(page=s.page, line_start=s.no, line_end=s.no))


def _next_runs(items: list[Segment], start: int, count: int = 2) -> list[list[Segment]]:
    """The first ``count`` runs of cells between lone-tab lines, from ``start`` on."""
    runs: list[list[Segment]] = [[]]
    for j in range(start, len(items)):
        seg = items[j]
        if seg.lone:
            if runs[-1]:
                if len(runs) == count:
                    break
                runs.append([])
        else:
            runs[-1].append(seg)
    return [r for r in runs if r]


def _marker_grid(items: list[Segment], width: int) -> tuple[Table, int]:
    """Rows of ``width`` cells, each started after a lone tab; returns the table and the items used."""
    rows: list[list[Cell]] = []
    i = 0
    while i < len(items):
        while i < len(items) and items[i].lone:
            i += 1
        upcoming = 0
        while i + upcoming < len(items) and not items[i + upcoming].lone:
            upcoming += 1
        if not upcoming or upcoming > width:
            break
        row: list[Cell] = []
        while i < len(items) and len(row) < width:
            seg = items[i]
            row.append(_cell(seg.lines(), is_header=not rows) if not seg.lone else Cell(is_header=not rows))
            i += 1
        rows.append(row)
    return _table(rows, header_rows=1), i


def _text(seg: Segment) -> str:
    return seg.first.text.strip()


def _is_label(seg: Segment) -> bool:
    """One short line that is neither a sentence nor a list item."""
    text = _text(seg)
    if len(text) > MAX_LABEL_CHARS or text.endswith((".", "!", "?")):
        return False
    return not isinstance(line_block(text, Provenance()), ListItem)


def _header_grid(run: list[Segment], marked: bool) -> list[Block] | None:
    labels = 0
    while labels < len(run) and not run[labels].has_content and _is_label(run[labels]):
        labels += 1
    best: tuple[int, int] | None = None
    for title in (0, 1):
        rest = len(run) - title
        for width in range(MIN_GRID_COLUMNS, labels - title + 1):
            # A title above the header is longer than every header label.
            if title and len(_text(run[0])) <= max(len(_text(seg)) for seg in run[1 : 1 + width]):
                continue
            if rest % width == 0 and rest // width >= 2 and (best is None or width > best[1]):
                best = (title, width)
    if best is None:
        return None
    title, width = best
    if not (marked or any(seg.has_content for seg in run[title + width :])):
        return None  # one-line cells and no row markers: indented lines, not a table
    cells = run[title:]
    rows = [
        [_cell(seg.lines(), is_header=r == 0) for seg in cells[r * width : (r + 1) * width]]
        for r in range(len(cells) // width)
    ]
    out: list[Block] = [_title(run[0])] if title else []
    out.append(_table(rows, header_rows=1))
    return out


def _label_value(run: list[Segment]) -> list[Block]:
    out: list[Block] = []
    start = 0
    if not run[0].has_content:
        out.append(_title(run[0]))
        start = 1
    rows = [[_cell([seg.first]), _cell(seg.lines()[1:])] for seg in run[start:]]
    if rows:
        out.append(_table(rows, header_rows=0))
    return out


def _plain(run: list[Segment]) -> list[Block]:
    out: list[Block] = []
    for seg in run:
        out.extend(blocks_of(seg.lines()))
    return out


def layout_blocks(items: list[Segment]) -> list[Block]:
    """Blocks (titles, tables, paragraphs) for one region of tab-led lines."""
    out: list[Block] = []
    marked = any(seg.lone for seg in items)
    i = 0
    while i < len(items):
        if items[i].lone:
            i += 1
            continue
        runs = _next_runs(items, i)
        run = runs[0]
        if len(runs) >= 2 and len(run) >= 2 and len(runs[1]) == len(run):
            table, used = _marker_grid(items[i:], len(run))
            out.append(table)
            i += max(used, 1)
            continue
        i += _run_length(items, i, len(run))
        # Label and value: most cells have lines under a short label that does not run on into them.
        pairs = sum(1 for seg in run[1:] if seg.has_content and _is_label(seg) and not _runs_on(seg))
        if len(run) >= 2 and pairs * 2 > len(run) - 1:
            out.extend(_label_value(run))
        else:
            out.extend(_header_grid(run, marked) or _plain(run))
    return out


def _runs_on(seg: Segment) -> bool:
    """The line under a tab-led line continues its sentence (an indented, wrapped paragraph)."""
    nxt = next((s.text.strip() for s in seg.content if s.text.strip()), "")
    return nxt[:1].islower()


def _run_length(items: list[Segment], start: int, cells: int) -> int:
    """How many items (cells and lone tabs) the run of ``cells`` cells starting at ``start`` takes."""
    seen = 0
    i = start
    while i < len(items) and seen < cells:
        if not items[i].lone:
            seen += 1
        i += 1
    return i - start
