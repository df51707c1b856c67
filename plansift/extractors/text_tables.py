"""Tables from delimited text rows (tab-separated and Markdown pipe rows).

A converter that flattens a document to text writes each table row as one line
of delimited cells, but a page break and a cell's line breaks leave traces:

* the header row is written again after each page break;
* a row that ran over a page break, or a cell with several lines, is written as
  further physical rows holding only the continuing cells.

:func:`build_table` undoes these by layout alone: a repeated header row is
dropped (its table continues), and a row is joined to the previous one when it
only adds text to columns the previous row already filled while leaving the
table's key column empty, or when its text starts in lower case (a sentence
running on). A leading row holding only its first cell in a table of three or
more columns is a title spanning the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansift.extractors.inline_markup import fragment_blocks
from plansift.extractors.model import Cell, CellBlock, Paragraph, Provenance, Table

MAX_JOINED_CHARS = 4000
"""A run-on line joins its cell's paragraph only while the paragraph is shorter than this."""
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$|^\s*$")
_NUMERIC = re.compile(r"^[£$€]?\s*[-+]?[\d,]+(?:\.\d+)?\s*%?$")
_TERMINAL = (".", "!", "?", ":", ";")


@dataclass(slots=True)
class RawRow:
    """One physical row: cell texts as written and their blocks."""

    texts: list[str]
    cells: list[list[CellBlock]]
    line: int
    page: int
    filled: frozenset[int] = frozenset()
    """Indexes of the cells holding text."""
    last: int = 0
    """The row's last physical line, when it spans several (a grid table's row between two borders)."""

    def __post_init__(self) -> None:
        self.filled = frozenset(i for i, blocks in enumerate(self.cells) if blocks)

    @property
    def is_separator(self) -> bool:
        """A rule row: cells of dashes only, such as ``|---|:--:|``."""
        return any(t for t in self.texts) and all(_SEPARATOR_CELL.match(t) for t in self.texts)

    def key(self) -> tuple[str, ...]:
        """The row's texts without markup and spacing, to recognise a repeated header."""
        out = [" ".join(" ".join(b.text for b in blocks).split()).lower() for blocks in self.cells]
        while out and not out[-1]:
            out.pop()
        return tuple(out)


def raw_row(fields: list[str], line: int, page: int) -> RawRow:
    """A :class:`RawRow` from the delimited fields of one physical line."""
    prov = Provenance(page=page, line_start=line, line_end=line)
    texts = [f.strip() for f in fields]
    return RawRow(texts, [fragment_blocks(t, prov) if t else [] for t in texts], line, page)


@dataclass(slots=True)
class _Row:
    cells: list[list[CellBlock]]
    first: int
    last: int
    page: int
    filled: set[int] = field(default_factory=set)
    title: bool = False


def _starts_lower(blocks: list[CellBlock]) -> bool:
    return bool(blocks) and blocks[0].text[:1].islower()


def _is_title(row: RawRow, width: int) -> bool:
    return width >= 3 and row.filled == {0}


def is_number_text(text: str) -> bool:
    """A cell text that is one number or amount ('1,234', '£5.50', '12%')."""
    return bool(_NUMERIC.match(text))


def labels_row(texts: list[str]) -> bool:
    """Two or more texts, each a short label: not a number, not running text starting in lower case."""
    texts = [t for t in texts if t]
    return len(texts) >= 2 and all(len(t) <= 100 and not is_number_text(t) and not t[:1].islower() for t in texts)


def _shape(text: str) -> str:
    return re.sub(r"[A-Za-z]+", "a", re.sub(r"\d+", "9", text))


def looks_like_header(row: RawRow, width: int, following: list[RawRow] | None = None) -> bool:
    """A row of two or more short labels (not numbers, not running text) in a table of three or more columns.

    With ``following`` rows, a first row shaped like the row under it ('A1 | Block' over
    'A2 | Vision') is a key-value list, not a header.
    """
    if width < 3:
        return False
    if not labels_row([" ".join(b.text for b in blocks) for blocks in row.cells]):
        return False
    if not following:
        return following is None
    nxt = following[0]
    first, other = row.texts[0], nxt.texts[0] if nxt.texts else ""
    # 'A1 | Block | ...' over 'A2 | Vision | ...': a key-value list, not a header.
    return not (first and other and re.search(r"\d", first) and _shape(first) == _shape(other))


def _key_column(rows: list[RawRow]) -> int | None:
    """The leftmost column filled in more than half of the body rows (the column naming each row)."""
    if len(rows) < 2:
        return None
    width = max(len(r.texts) for r in rows)
    for c in range(width):
        if sum(1 for r in rows if c in r.filled) * 2 > len(rows):
            return c
    return None


def _append_blocks(target: list[CellBlock], extra: list[CellBlock]) -> None:
    """Add a continuation's blocks to a cell; a sentence running on joins its paragraph."""
    if not extra:
        return
    last, head = (target[-1] if target else None), extra[0]
    if (
        isinstance(last, Paragraph)
        and isinstance(head, Paragraph)
        and head.text[:1].islower()
        and not last.text.endswith(_TERMINAL)
        and len(last.text) < MAX_JOINED_CHARS
    ):
        target[-1] = Paragraph(f"{last.text} {head.text}", last.prov.spanning(head.prov))
        extra = extra[1:]
    target.extend(extra)


def _drop_empty_columns(rows: list[RawRow]) -> list[RawRow]:
    """The rows without the columns no row fills (a leading indent tab, trailing tabs)."""
    used = sorted(set().union(*(r.filled for r in rows))) if rows else []
    if not rows or all(len(r.texts) == len(used) for r in rows):
        return rows
    return [
        RawRow(
            [r.texts[c] if c < len(r.texts) else "" for c in used],
            [r.cells[c] if c < len(r.cells) else [] for c in used],
            r.line,
            r.page,
        )
        for r in rows
    ]


def build_table(rows: list[RawRow], header_hint: bool = False, aligned: bool = False) -> Table | None:
    """One :class:`Table` from physical rows (see the module docstring); None when no row has text.

    ``header_hint`` says the source marked the first row as a header (a Markdown separator).
    ``aligned`` says the columns were found by alignment (no delimiters show where a row
    ends), so a line starting in lower case that holds a number in a cell is a row of its own,
    not a run-on: wrapped cells continue text, they do not bring a new amount.
    """
    rows = [r for r in rows if r.filled or r.is_separator]
    if header_hint is False and len(rows) > 1 and rows[1].is_separator:
        header_hint = True
    rows = _drop_empty_columns([r for r in rows if not r.is_separator])
    if not rows:
        return None
    width = max(len(r.texts) for r in rows)

    n_titles = 0
    while n_titles < len(rows) - 1 and _is_title(rows[n_titles], width):
        n_titles += 1
    header = rows[n_titles] if n_titles < len(rows) else None
    header_key = header.key() if header is not None else None
    repeats = {i for i, r in enumerate(rows) if i > n_titles and r.filled and r.key() == header_key}
    # A lone row under a Markdown separator is data: a table is not all header.
    header_hint = header_hint and len(rows) - n_titles > 1
    has_header = header is not None and (
        header_hint or bool(repeats) or looks_like_header(header, width, rows[n_titles + 1 :])
    )
    header_rows = n_titles + 1 if has_header else 0
    if has_header and n_titles:
        # A page break may repeat the title rows above the header too.
        top = {rows[k].key() for k in range(header_rows)}
        repeats = {i for i, r in enumerate(rows) if i >= header_rows and r.filled and r.key() in top}
    elif not has_header:
        repeats = set()

    body_raw = [r for i, r in enumerate(rows) if i >= header_rows and i not in repeats]
    key_col = _key_column(body_raw)
    after_repeat = {i + 1 for i in repeats}

    out: list[_Row] = []
    for i, r in enumerate(rows):
        if i in repeats:
            continue
        if i >= header_rows and out and len(out) > header_rows and not out[-1].title:
            prev = out[-1]
            filled = r.filled
            subset = filled <= prev.filled
            fewer = filled < prev.filled or i in after_repeat
            joins = subset and (
                (key_col is not None and key_col not in filled)
                # an aligned row wrapped over several lines: the lines under its first leave the first column
                # empty and fill fewer of the others (a group label written once fills all of them)
                or (aligned and 0 in prev.filled and 0 not in filled and filled < prev.filled - {0})
                or (
                    fewer
                    and _starts_lower(next((c for c in r.cells if c), []))
                    and not (aligned and any(is_number_text(t) for t in r.texts))
                )
            )
            if joins:
                for c in r.filled:
                    _append_blocks(prev.cells[c], r.cells[c])
                prev.last = max(r.line, r.last)
                continue
        cells = [list(c) for c in r.cells] + [[] for _ in range(width - len(r.cells))]
        title = i < n_titles or (i >= header_rows and _is_title(r, width))
        out.append(_Row(cells, r.line, max(r.line, r.last), r.page, set(r.filled), title))

    table_rows: list[list[Cell]] = []
    for ri, row in enumerate(out):
        is_header = ri < header_rows
        prov = Provenance(page=row.page, line_start=row.first, line_end=row.last)
        if row.title:
            cells = [Cell(row.cells[0], col_span=width, is_header=is_header, prov=prov)]
            cells += [Cell(spanned_from=(ri, 0), is_header=is_header, prov=prov) for _ in range(width - 1)]
        else:
            cells = [Cell(blocks, is_header=is_header, prov=_cell_prov(blocks, prov)) for blocks in row.cells]
        table_rows.append(cells)
    row_provs = [Provenance(page=r.page, line_start=r.first, line_end=r.last) for r in out]
    table_prov = Provenance(page=out[0].page, line_start=rows[0].line, line_end=max(max(r.line, r.last) for r in rows))
    return Table(table_rows, table_prov, header_rows=header_rows, row_provs=row_provs)


def _cell_prov(blocks: list[CellBlock], row_prov: Provenance) -> Provenance:
    if not blocks:
        return row_prov
    prov = blocks[0].prov
    for b in blocks[1:]:
        prov = prov.spanning(b.prov)
    return prov


GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
"""A grid table's rule line: ``+------+----+`` (``=`` under a header, ``:`` marking alignment)."""
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")


def grid_rows(lines: list, start: int) -> tuple[list[RawRow], int]:
    """The rows of a grid table whose first rule line is ``lines[start]``, and the index after the table.

    Rule lines (``+----+----+``) and lines of cells (``| a  | b  |``) make the table. A row is the lines
    from one whose first cell is filled up to the next such line or rule: its other lines are its cells'
    wrapped text, or the second line of a header. So a table ruled between every row and one ruled only
    under its header (``psql`` style) read alike. Returns no rows when ``lines[start]`` opens no table.
    """
    rows: list[RawRow] = []
    group: list = []
    i, n = start, len(lines)
    while i < n:
        text = lines[i].text
        if GRID_BORDER.match(text):
            if group:
                rows.append(_merged_row(group))
            group = []
        elif _GRID_ROW.match(text):
            if group and pipe_fields(text)[0].strip():
                rows.append(_merged_row(group))
                group = []
            group.append(lines[i])
        else:
            break
        i += 1
    if group:
        rows.append(_merged_row(group))
    return rows, (i if rows else start)


def pipe_fields(text: str) -> list[str]:
    """The cells of a line written ``| a | b |`` (Markdown pipe rows, a grid table's lines)."""
    return text.strip()[1:-1].split("|")


def _merged_row(segment: list) -> RawRow:
    """One row from the lines between two rules: each cell's lines joined as the wrapped text they are."""
    first, last = segment[0], segment[-1]
    return stacked_row([pipe_fields(line.text) for line in segment], first.no, last.no, first.page)


def stacked_row(lines_cells: list[list[str]], first: int, last: int, page: int) -> RawRow:
    """One row from the cells of several physical lines (``first`` to ``last``), each column's pieces joined as
    the wrapped text they are: a grid table's row between two rules, a header written over two lines.

    A line ending in a hyphen after a letter joins the next without a space ('night-' over 'time').
    """
    width = max(len(cells) for cells in lines_cells)
    texts: list[str] = [""] * width
    for cells in lines_cells:
        for c, raw in enumerate(cells):
            fragment = raw.strip()
            if not fragment:
                continue
            before = texts[c]
            glue = (
                ""
                if not before or (before.endswith("-") and before[-2:-1].isalpha() and fragment[0].isalpha())
                else " "
            )
            texts[c] = before + glue + fragment
    prov = Provenance(page=page, line_start=first, line_end=last)
    cells = [fragment_blocks(t, prov) if t else [] for t in texts]
    return RawRow(texts, cells, first, page, last=last)
