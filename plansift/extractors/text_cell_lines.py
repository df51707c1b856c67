"""Tables a converter dumped one cell per line: the header's labels, then each row's cells, in turn.

Copying a table out of a PDF, or an old converter's plain-text export, often loses
every delimiter: each cell becomes a line of its own, with no blank line between
rows. Such a table can still be read when its rows can be told apart:

* each row opens with a code of the same shape ('NI 125 ...', 'OP1', 'A.2'), and
  these codes stand a fixed number of lines apart (the number of columns);
* the lines just above the first row are the header: as many labels as there are
  columns, a label's second line ('Baseline' over '2007/08', 'Latest' over
  'outturn') joining it.

An empty cell written as a blank line is an empty cell. A table whose empty cells
left no line (rows of different lengths) is not read: there is nothing to say which
cell is missing, and its lines stay paragraphs.
"""

from __future__ import annotations

import re
from collections import defaultdict

from plansift.extractors.inline_markup import fragment_blocks
from plansift.extractors.model import Provenance
from plansift.extractors.text_tables import RawRow, is_number_text

MIN_COLUMNS, MAX_COLUMNS = 3, 12
MAX_LABEL_CHARS = 40
_ROW_CODE = re.compile(r"^(?P<shape>[A-Z]{1,5})[ -]?\d{1,3}[a-z]?(?:\.\d{1,2})*(?![\w/])")
"""A code opening a row: capitals then a number ('NI 125', 'OP1', 'HVC-2', 'A.2' is not one: 'A' then '.')."""
_NOT_GIVEN = re.compile(r"^(?:n/?a|-|–|tbc)$", re.I)


def _is_value(text: str) -> bool:
    """A line that is a cell's value ('3,047', '31.4% *', 'n/a')."""
    return is_number_text(text.rstrip("* ")) or bool(_NOT_GIVEN.match(text))


_LABEL_PART = re.compile(r"^(?:\(.*|[a-z].*|\d{2,4}(?:\s*[/-]\s*\d{2,4})?)$")
"""The second line of a header label: a year or period ('2007/08'), a bracket ('(year)'), or lower case."""


def cell_line_tables(lines: list) -> dict[int, tuple[list[RawRow], int]]:
    """Every one-cell-per-line table in ``lines``: first line index -> (rows, index after the table)."""
    found: dict[int, tuple[list[RawRow], int]] = {}
    for start, end in _runs(lines):
        i = start
        while i < end:
            table = _table_in(lines, i, end)
            if table is None:
                break
            first, rows, after = table
            found[first] = (rows, after)
            i = after
    return found


def _runs(lines: list) -> list[tuple[int, int]]:
    """Runs of lines with no tab, pipe or run of spaces (each cell a line of its own), a single blank line
    inside a run being an empty cell."""

    def plain(i: int) -> bool:
        text = lines[i].text
        return bool(text.strip()) and "\t" not in text and "|" not in text and "   " not in text.strip()

    out = []
    start = None
    n = len(lines)
    for i in range(n):
        if plain(i):
            if start is None:
                start = i
            continue
        if start is not None and not lines[i].text.strip() and i + 1 < n and plain(i + 1):
            continue  # one blank line between cells: an empty cell
        if start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, n))
    return [(s, e) for s, e in out if e - s >= 3 * MIN_COLUMNS]


def _table_in(lines: list, start: int, end: int) -> tuple[int, list[RawRow], int] | None:
    """The first table in lines[start:end]: (its first line, its rows, the index after it), or None."""
    at: dict[str, list[int]] = defaultdict(list)
    for i in range(start, end):
        m = _ROW_CODE.match(lines[i].text.strip())
        if m:
            at[m.group("shape")].append(i)
    best = None
    for positions in at.values():
        k = 0
        while k < len(positions) - 1:
            step = positions[k + 1] - positions[k]
            j = k + 1  # the codes k..j stand ``step`` lines apart
            while j + 1 < len(positions) and positions[j + 1] - positions[j] == step:
                j += 1
            table = (
                _evenly_spaced(lines, start, end, positions, k, j, step) if MIN_COLUMNS <= step <= MAX_COLUMNS else None
            )
            if table is not None and (best is None or table[0] < best[0]):
                best = table
            k = j
    if best is None:
        return None
    first, top, step, n, labels = best
    rows = [_row(labels)]
    rows += [_row([[lines[top + r * step + c]] for c in range(step)]) for r in range(n)]
    return first, rows, top + n * step


def _evenly_spaced(lines: list, start: int, end: int, positions: list[int], k: int, j: int, step: int):
    """(first line, first code's line, step, rows, header labels) of the table whose rows open at the codes
    ``positions[k..j]``, its header above the first of them that has one; None when there is none."""
    last = positions[j]
    following = positions[j + 1] if j + 1 < len(positions) else end
    if last + step > min(end, following):
        j -= 1  # the last row runs past the end of the lines, or into the next code: a cell is missing
    after = positions[j] + step
    if after < end and _is_value(lines[after].text.strip()):
        return None  # a value left over after the last row: the rows are not what they seem
    for s in range(k, min(j, k + 2)):  # at least two rows; above any later code stand the rows before it
        header = _header(lines, start, positions[s], step)
        if header is not None:
            return positions[s] - header[1], positions[s], step, j - s + 1, header[0]
    return None


def _header(lines: list, start: int, top: int, width: int) -> tuple[list[list], int] | None:
    """The header above ``top``: ``width`` labels (each its lines) and how many lines they take, or None.

    The fewest lines that make exactly ``width`` labels, each short and none opening with a second line;
    the line above them must be no label (a caption, a sentence), or which lines are the header is a guess
    (a row of section text under the header can make one more label than there are columns).
    """
    for n in range(width, min(top - start, 3 * width) + 1):
        window = lines[top - n : top]
        labels: list[list] = []
        for line in window:
            text = line.text.strip()
            if not text:
                return None  # a header has no empty label
            if labels and _LABEL_PART.match(text):
                labels[-1].append(line)
            elif not _label_like(text):
                return None  # every larger window holds this line too
            elif _LABEL_PART.match(text):
                break  # a label's second line cannot open the header: try one line more
            else:
                labels.append([line])
        if not labels:
            continue
        if len(labels) > width:
            return None
        if len(labels) == width and all(
            len(" ".join(x.text.strip() for x in lab)) <= MAX_LABEL_CHARS for lab in labels
        ):
            above = top - n - 1
            if above >= start and _label_like(lines[above].text.strip()):
                return None
            return labels, n
    return None


def _label_like(text: str) -> bool:
    """A line that could be a header label: short, no colon, no closing punctuation."""
    return len(text) <= MAX_LABEL_CHARS and ":" not in text and not text.endswith((".", ";", ","))


def _row(groups: list[list]) -> RawRow:
    """A row from each cell's lines (a header label may take two)."""
    texts, blocks = [], []
    for group in groups:
        text = " ".join(line.text.strip() for line in group)
        prov = Provenance(page=group[0].page, line_start=group[0].no, line_end=group[-1].no)
        texts.append(text)
        blocks.append(fragment_blocks(text, prov))
    first, last = groups[0][0], groups[-1][-1]
    return RawRow(texts, blocks, first.no, first.page, last=last.no)
