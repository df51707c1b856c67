"""Tables whose columns are aligned with runs of spaces (``pdftotext -layout``, Word "save as text").

A run of consecutive lines is a table when its lines share column gutters: character
positions, two or more wide, that are blank on every line of the run, with text on both
sides. Each gutter splits the run into one more column, and each line's text between two
gutters is its cell there.

The rules are deliberately strict, since prose, lists and title lines also hold runs of
spaces:

* a run starts at a line of two or more pieces of text (split by two or more spaces);
  it holds further such lines, a dash rule under its header, and lines of one piece
  (a cell wrapping under its own column) that a row line follows or that sit under a
  column other than the first; it ends at a blank line (one blank line is allowed when
  a row line that is not all labels follows), a page break, a tab, any line that crosses
  a gutter, or a line that would remove a column;
* at least three lines must fill two or more columns (two when the first is a row of
  labels);
* a column other than the first must hold values (numbers, amounts, rates, years,
  periods, dates) in at least half of the body rows, so that two-column layouts of
  words (addresses, letterheads) stay text;
* a line filling two or more columns that no line above it filled starts a new table
  (a wider table under a block of key-value lines), and the lines above it are judged alone;
* a first column of list markers only (bullets, ``1.``, ``a)``) is a list, and a table of
  two columns whose last one holds only small whole numbers with no header, or any
  dot leaders, is a table of contents.

Rows are then built by :func:`plansift.extractors.text_tables.build_table`, which joins a
wrapped line to the row above by the same rule as for tab-separated rows (a line leaving the
key column empty, or a line of fewer cells starting in lower case), except that a lower-case
line holding an amount stays a row of its own.
"""

from __future__ import annotations

import re

from plansift.extractors.text_cells import SourceLine
from plansift.extractors.text_tables import RawRow, labels_row, raw_row, stacked_row

MAX_RUN_LINES = 1000
"""A run stops after this many lines (bounds the work on a long run that is not a table)."""
MAX_LINE_CHARS = 1000
"""A longer line is running text, not a row of a laid-out table."""
MAX_COLUMNS = 40
"""A run of lines cut into more columns than this is spaced-out text, not a table."""
MIN_FULL_ROWS = 3
"""Lines filling two or more columns a table needs (one fewer when the first is a header of labels)."""

_GAP = re.compile(r" {2,}")
_RULE_PIECE = re.compile(r"^[-=_]{2,}$")
_LEADERS = re.compile(r"\.{4,}|(?:\. ){3,}")
_LIST_MARKER = re.compile(r"^(?:[·•▪◦●○■□*o>-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_VALUE_TOKEN = re.compile(
    r"^(?:[(<>~]?[£$€]?[-+]?\d[\d,]*(?:\.\d+)?(?:%|k|m|bn)?\)?"  # 1,234  £5.5m  12%  (3.2)
    r"|\d{4}[/-]\d{2,4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"  # 2007/08  31/03/2010
    rf"|q[1-4]|{_MONTH}|n/?a|nil|-|–|—)$",
    re.IGNORECASE,
)


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans of the text pieces of a line, split at runs of two or more spaces."""
    out: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip(" "))
    end = len(text.rstrip(" "))
    if start >= end:
        return out
    for gap in _GAP.finditer(text, start, end):
        out.append((start, gap.start()))
        start = gap.end()
    out.append((start, end))
    return out


def _blank_mask(text: str) -> int:
    """Bit ``p`` set when position ``p`` of the line is blank (every position past its end is)."""
    bits = "".join("1" if ch == " " else "0" for ch in reversed(text))
    return int(bits or "0", 2) | (-1 << len(text))


def _gutters(mask: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """Runs of two or more positions blank on every line, strictly inside the text's extent [lo, hi).

    Positions ``lo`` and ``hi - 1`` hold text on some line, so no run touches either end.
    """
    if hi - lo < 3:
        return []
    m = (mask >> lo) & ((1 << (hi - lo)) - 1)
    pairs = m & (m >> 1)
    m = pairs | (pairs << 1)  # the positions in runs of two or more
    out: list[tuple[int, int]] = []
    while m:
        start = (m & -m).bit_length() - 1
        x = m >> start
        length = (x ^ (x + 1)).bit_length() - 1
        out.append((lo + start, lo + start + length))
        m &= ~(((1 << length) - 1) << start)
    return out


def is_value(text: str) -> bool:
    """A cell text made only of values: numbers, amounts, rates, years, periods, months, 'N/A'."""
    tokens = text.replace("(", " ").replace(")", " ").split()
    return bool(tokens) and all(_VALUE_TOKEN.match(t) for t in tokens)


def _usable(line: SourceLine) -> bool:
    text = line.text
    return (
        bool(text.strip())
        and len(text) <= MAX_LINE_CHARS
        and "\t" not in text
        and not text.lstrip().startswith(("#", "|"))
    )


def starts_space_table(text: str) -> bool:
    """A line that may open a space-aligned table: two or more pieces of text, no tab, not a rule."""
    if "  " not in text.strip() or "\t" in text or len(text) > MAX_LINE_CHARS:
        return False
    pieces = _pieces(text)
    return len(pieces) >= 2 and not all(_RULE_PIECE.match(text[a:b]) for a, b in pieces)


def _under_first_column(text: str, first_gutter: int) -> bool:
    pieces = _pieces(text)
    return len(pieces) < 2 and pieces[0][0] < first_gutter


def _body_line(text: str) -> bool:
    """Two or more pieces of text that are not all labels (a header row is all labels)."""
    texts = [text[a:b] for a, b in _pieces(text)]
    return len(texts) >= 2 and (any(is_value(t) for t in texts) or not labels_row(texts))


_RULE_RUN = re.compile(r"[-=_]{2,}")


def _rule_spans(text: str) -> list[tuple[int, int]] | None:
    """The spans of a dash rule's pieces ('------  --------  -------', or one space apart: '----- ------'),
    two or more; else None."""
    if text.strip(" -=_"):
        return None
    pieces = [m.span() for m in _RULE_RUN.finditer(text)]
    if len(pieces) < 2 or sum(b - a for a, b in pieces) != len(text.replace(" ", "")):
        return None
    return pieces


def _ruled_cells(text: str, columns: list[tuple[int, int]]) -> list[str]:
    """A line's cells under a dash rule's columns: its pieces in order when it has one per column, else each
    piece in the column it overlaps most (a cell may run past its column's rule).

    A piece of words one space apart that run on into the next column, one of them starting where that
    column's rule starts and no other piece of the line in that column, is split there: a header line such as
    '(Y/N) 2008/09' over the columns 'LAA' and 'Baseline'.
    """
    pieces = _pieces(text)
    if len(pieces) == len(columns):
        return [text[a:b].strip() for a, b in pieces]
    pieces = _split_at_column_starts(text, pieces, columns)
    cells = [""] * len(columns)
    for a, b in pieces:
        overlap = [min(b, ce) - max(a, cs) for cs, ce in columns]
        c = max(range(len(columns)), key=lambda k: (overlap[k], -abs(a - columns[k][0])))
        cells[c] = f"{cells[c]} {text[a:b].strip()}".strip()
    return cells


def _split_at_column_starts(
    text: str, pieces: list[tuple[int, int]], columns: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``pieces`` with each one split where, after a single space, a word starts at the first position of a
    column's rule that no other piece reaches."""
    out: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(pieces):
        others = pieces[:k] + pieces[k + 1 :]
        cuts = [
            cs
            for cs, ce in columns
            if a < cs < b
            and text[cs - 1] == " "
            and text[cs] != " "
            and not any(oa < ce and cs < ob for oa, ob in others)
        ]
        for cut in cuts:
            out.append((a, len(text[:cut].rstrip(" "))))
            a = cut
        out.append((a, b))
    return out


MAX_RULED_HEADER_LINES = 3
"""A ruled table's header takes at most this many lines above its dash rule."""


def _header_lines_fit(lines: list[SourceLine], columns: list[tuple[int, int]]) -> bool:
    """Whether every piece of text of the header lines starts inside a column of the rule under them."""
    return all(any(cs - 1 <= a < ce for cs, ce in columns) for line in lines for a, _ in _pieces(line.text))


def ruled_table(lines: list[SourceLine], i: int) -> tuple[list[RawRow] | None, int]:
    """A table whose header at ``i`` is underlined by a dash rule per column: the rule sets the columns,
    even where a cell runs past its column and the lines share no gutter ('Carers' Grant element - carers'
    breaks and assessments  1,845,000' under a narrower rule).

    A header written over two or three lines ('Baseline' over '2008/09') is one row, its lines joined per
    column, when every piece of those lines starts inside a column of the rule.
    """
    if i + 1 >= len(lines) or not starts_space_table(lines[i].text):
        return None, i + 1
    columns = None
    k = i + 1
    while k < len(lines) and k - i <= MAX_RULED_HEADER_LINES:
        line = lines[k]
        if line.page != lines[i].page or not _usable(line):
            break
        columns = _rule_spans(line.text)
        if columns is not None:
            break
        k += 1
    if columns is None or (k > i + 1 and not _header_lines_fit(lines[i:k], columns)):
        return None, i + 1
    members = []
    j = k + 1
    while j < len(lines) and j - i < MAX_RUN_LINES:
        line = lines[j]
        if not line.text.strip() or line.page != lines[i].page or not _usable(line):
            break
        if _rule_spans(line.text) is None:
            members.append(j)
        j += 1
    header = stacked_row(
        [_ruled_cells(line.text, columns) for line in lines[i:k]], lines[i].no, lines[k - 1].no, lines[i].page
    )
    rows = [header] + [raw_row(_ruled_cells(lines[m].text, columns), lines[m].no, lines[m].page) for m in members]
    return (rows, j) if len(rows) > 2 and _is_table(rows, ruled=True) else (None, i + 1)


def space_table(lines: list[SourceLine], i: int) -> tuple[list[RawRow] | None, int]:
    """The rows of the space-aligned table starting at line index ``i`` (None when there is none),
    and the index after the run of aligned lines that was judged."""
    first = lines[i]
    if not starts_space_table(first.text):
        return None, i + 1
    rows, end = ruled_table(lines, i)
    if rows is not None:
        return rows, end
    members = [i]
    mask = _blank_mask(first.text)
    pieces = _pieces(first.text)
    lo, hi = pieces[0][0], pieces[-1][1]
    if not 0 < len(_gutters(mask, lo, hi)) < MAX_COLUMNS:
        return None, i + 1
    # The first two lines of two or more pieces set the number of columns; no later line may lower it.
    n_gutters = 0
    rows_seen = 1
    j = i + 1
    n = len(lines)
    while j < n and j - i < MAX_RUN_LINES:
        line = lines[j]
        if not line.text.strip():
            # One blank line inside a table, when a row line follows (a row of labels after it starts another table).
            if j + 1 < n and _usable(lines[j + 1]) and _body_line(lines[j + 1].text):
                j += 1
                continue
            break
        if line.page != first.page or not _usable(line):
            break
        line_pieces = _pieces(line.text)
        new_mask = mask & _blank_mask(line.text)
        new_lo, new_hi = min(lo, line_pieces[0][0]), max(hi, line_pieces[-1][1])
        gutters = _gutters(new_mask, new_lo, new_hi)
        if not gutters or len(gutters) < n_gutters or len(gutters) >= MAX_COLUMNS:
            break
        members.append(j)
        mask, lo, hi = new_mask, new_lo, new_hi
        if len(line_pieces) >= 2:
            rows_seen += 1
            if rows_seen == 2:
                n_gutters = len(gutters)
        j += 1
    cut = _grid(lines, members)
    if cut is not None and (k := _new_table_at(cut[1])) is not None:
        members = cut[0][:k]
        cut = _grid(lines, members)
    # Values are checked on the bare texts first: reading the cells is the costly part.
    if cut is None or not _may_hold_values(cut[1]):
        return None, members[-1] + 1
    members, grid = cut
    rows = [raw_row(texts, lines[k].no, lines[k].page) for k, texts in zip(members, grid, strict=True)]
    if not _is_table(rows):
        return None, members[-1] + 1
    return rows, members[-1] + 1


def _grid(lines: list[SourceLine], members: list[int]) -> tuple[list[int], list[list[str]]] | None:
    """The lines cut at the gutters they share, trailing text under the first column left out; or None.

    Returns the indexes of the lines kept and their cell texts.
    """
    mask = -1
    spans = [_pieces(lines[k].text) for k in members]
    lo, hi = min(p[0][0] for p in spans), max(p[-1][1] for p in spans)
    for k in members:
        mask &= _blank_mask(lines[k].text)
    gutters = _gutters(mask, lo, hi)
    if not gutters:
        return None
    # A trailing line of one piece under the first column is text after the table, not a wrapped cell.
    while len(members) > 1 and _under_first_column(lines[members[-1]].text, gutters[0][0]):
        members = members[:-1]
    bounds = [lo, *(p for g in gutters for p in g), hi]
    columns = list(zip(bounds[::2], bounds[1::2], strict=True))
    return members, [[lines[k].text[a:b].strip() for a, b in columns] for k in members]


def _may_hold_values(grid: list[list[str]]) -> bool:
    """A necessary condition of :func:`_is_table`'s column of values, checked on the bare texts.

    Of the lines filling two or more cells (rules left out), all but a header must be half values
    in some column after the first.
    """
    full = [t for t in grid if sum(1 for x in t if x) >= 2 and not all(_RULE_PIECE.match(x) for x in t if x)]
    return any(sum(1 for t in full if is_value(t[c])) * 2 >= len(full) - 1 for c in range(1, len(grid[0])))


def _new_table_at(grid: list[list[str]]) -> int | None:
    """The first row, after one or more, that fills two or more columns no row above it filled.

    A table's first row (its header) spans its columns; a row widening the run by two columns
    starts a wider table written under a narrower block of text (a key-value layout above it).
    """
    used: set[int] = set()
    for k, texts in enumerate(grid):
        filled = {c for c, t in enumerate(texts) if t}
        if k and len(filled - used) >= 2:
            return k
        used |= filled
    return None


def _is_table(rows: list[RawRow], ruled: bool = False) -> bool:
    """Whether the rows cut from a run of aligned lines make a table (the rules in the module docstring).

    Under a header of labels underlined by a dash rule (``ruled``), no column of values is needed: the rule says
    it is a table (an action plan's columns of text, wrapped over several lines each)."""
    full = [r for r in rows if len(r.filled) >= 2 and not r.is_separator]
    if len(full) < 2:
        return False
    header = labels_row(full[0].texts) and not any(is_value(t) for t in full[0].texts if t)
    if len(full) < (MIN_FULL_ROWS - 1 if header else MIN_FULL_ROWS):
        return False
    texts = [t for r in rows for t in r.texts if t]
    if any(_LEADERS.search(t) for t in texts):
        return False
    firsts = [r.texts[0] for r in rows if r.texts[0]]
    if firsts and all(_LIST_MARKER.match(t) for t in firsts):
        return False
    body = full[1:] if header else full
    width = len(rows[0].texts)
    if ruled and header:
        return True
    value_cols = [c for c in range(1, width) if sum(1 for r in body if is_value(r.texts[c])) * 2 >= len(body)]
    if not value_cols:
        return False
    # Two columns of titles and small whole numbers, no header: a table of contents.
    return not (width == 2 and not header and all(re.fullmatch(r"\d{1,3}", r.texts[1]) for r in body))
