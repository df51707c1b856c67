"""Tables on a PDF page: ruled ones from edges, unruled ones from aligned text, and their joins across pages.

Ruled tables run pdfplumber's own table algorithm (its module-level functions:
merge the edges, find their intersections, the smallest cells those make, and
the groups of touching cells) over our edge dicts, without a pdfplumber page.
The cell boxes are then laid on a grid of the distinct column and row lines, so
a cell that covers several grid positions keeps its span. A full-width cell whose
text is itself set in columns is a border round the page's body, not a cell: it
is taken out and its words read as the rest of the page. Unruled tables are
runs of lines whose segments start at the same few x positions, line after line
(a cell wrapped onto a line of its own stays in its row); runs of running text
set in columns are not tables.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from plansift.extractors.model import Cell, ListItem, Paragraph, Provenance, Table
from plansift.extractors.pdf_layout import Line, cell_blocks, segments

SNAP = 3.0
"""Snap and join tolerance for edges (pdfplumber's default)."""
GRID_TOLERANCE = 4.0
"""Column or row lines closer than this are one line."""
MAX_HEADER_ROWS = 3
MAX_HEADER_WORDS = 15
"""A header cell labels a column: longer text is a value, even in bold."""
MIN_UNRULED_ROWS = 3
MIN_UNRULED_COLS = 3
MAX_VALUE_WORDS = 4
"""A cell of a column of values (an amount, a date, a rate) is at most this many words long."""
PROSE_MIN_WORDS = 4
PROSE_LOWER_SHARE = 0.5
"""Running text: in every column most cells at least ``PROSE_MIN_WORDS`` long, this share of words in lower case."""
FRAME_MIN_LINES = 3
"""A full-width cell holding at least this many lines, most of them set in columns of their own, is a frame."""


@dataclass(slots=True)
class PageTable:
    """A table found on one page, with the column lines used to join it to the next page's part."""

    table: Table
    col_xs: list[float]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= GRID_TOLERANCE:
            continue
        out.append(v)
    return out


def _index(lines: list[float], v: float) -> int:
    """Index of the grid line nearest to ``v``."""
    i = bisect_left(lines, v)
    if i == 0:
        return 0
    if i == len(lines):
        return i - 1
    return i if lines[i] - v < v - lines[i - 1] else i - 1


def ruled_cell_groups(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Groups of cell boxes (x0, top, x1, bottom), one group per ruled table."""
    if len(edges) < 4:
        return []
    from pdfplumber import table as pt

    merged = pt.merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= 3]
    h = sum(1 for e in merged if e["orientation"] == "h")
    if h < 2 or len(merged) - h < 2:
        return []
    for e in merged:
        e["width"], e["height"] = e["x1"] - e["x0"], e["bottom"] - e["top"]
    points = pt.edges_to_intersections(merged, SNAP, SNAP)
    cells = intersections_to_cells(points)
    return pt.cells_to_tables(cells)


def intersections_to_cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``table.intersections_to_cells``, the same cells in the same order, faster.

    pdfplumber rebuilds each point's edge sets and rescans every later point for
    each point (quadratic with set building inside); here each point's sets are
    built once and the points below and to the right come from per-column and
    per-row lists: each point's list is filled in sorted order, so the later points
    on its column or row are the slice after its own place in the list.
    """
    from pdfplumber.utils import obj_to_bbox

    points = sorted(intersections)
    v = {p: {obj_to_bbox(e) for e in d["v"]} for p, d in intersections.items()}
    h = {p: {obj_to_bbox(e) for e in d["h"]} for p, d in intersections.items()}
    by_x: dict[float, list[tuple]] = {}
    by_y: dict[float, list[tuple]] = {}
    places = []
    for p in points:
        column, row = by_x.setdefault(p[0], []), by_y.setdefault(p[1], [])
        places.append((column, len(column), row, len(row)))
        column.append(p)
        row.append(p)
    cells = []
    for p, (column, at_x, row, at_y) in zip(points, places, strict=True):
        # later points in sorted order on the same column (below) and on the same row (right). Every point in
        # a list equals its key, except that NaN equals nothing: a NaN coordinate has none.
        below = column[at_x + 1 :] if p[0] == p[0] else []
        right = row[at_y + 1 :] if p[1] == p[1] else []
        v_p, h_p = v[p], h[p]
        cell = None
        for b in below:
            if v_p.isdisjoint(v[b]):
                continue
            for r in right:
                if h_p.isdisjoint(h[r]):
                    continue
                corner = (r[0], b[1])
                if corner in intersections and not v[corner].isdisjoint(v[r]) and not h[corner].isdisjoint(h[b]):
                    cell = (p[0], p[1], corner[0], corner[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            cells.append(cell)
    return cells


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _grid_words(words: list[dict], xs: list[float], ys: list[float]) -> dict[tuple[int, int], list[dict]]:
    """Words by the grid position their centre falls in (words outside the grid are left out).

    Most of a page's words lie outside a given table, so the grid's span is tested first: a centre is on the
    grid exactly when ``xs[0] <= cx < xs[-1]`` and ``ys[0] <= cy < ys[-1]`` (``bisect_right`` is then
    between 1 and ``len - 1``), and only those words are bisected.
    """
    out: dict[tuple[int, int], list[dict]] = {}
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if left <= cx < right and top <= cy < bottom:
            key = (bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1)
            found = out.get(key)
            if found is None:
                out[key] = [w]
            else:
                found.append(w)
    return out


def _bold_share(words: list[dict]) -> float:
    chars = sum(len(w["text"]) for w in words if not w.get("row"))
    return sum(len(w["text"]) for w in words if w["bold"] and not w.get("row")) / chars if chars else 0.0


def bold_header_rows(row_words: list[list[dict]], first_col: list[list[dict]], cells: list[list[Cell]]) -> int:
    """How many leading rows are headers: set in bold throughout, with short cells (column labels, not
    values); at most three, and never every row."""
    if len(row_words) >= 3 and all(_bold_share(words) >= 0.9 for words in first_col):
        return 0  # bold labels down the first column: a form of label/value rows, not a header
    count = 0
    for r, words in enumerate(row_words[: min(MAX_HEADER_ROWS, len(row_words) - 1)]):
        longest = max((len(c.text.split()) for c in cells[r] if c.spanned_from is None), default=0)
        if _bold_share(words) < 0.9 or longest > MAX_HEADER_WORDS:
            break
        count += 1
    return count


def grid_table(
    boxes: list[tuple[float, float, float, float]], words: list[dict], page: int, min_filled: int = 2
) -> PageTable | None:
    """A Table from cell boxes and the words inside them; None when it is a frame, not a table
    (fewer than ``min_filled`` cells hold text)."""
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_cols < 2 or n_rows < 1:
        return None
    rows: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    origins: list[tuple[int, int, int, int, tuple]] = []
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        if r1 <= r0 or c1 <= c0 or rows[r0][c0] is not None:
            continue
        cell = Cell(row_span=r1 - r0, col_span=c1 - c0, prov=Provenance(page=page, bbox=tuple(box)))
        rows[r0][c0] = cell
        origins.append((r0, c0, r1, c1, box))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0) and rows[r][c] is None:
                    rows[r][c] = Cell(spanned_from=(r0, c0))
    by_pos = _grid_words(words, xs, ys)
    filled = 0
    contents = [
        (r0, c0, box, [w for r in range(r0, r1) for c in range(c0, c1) for w in by_pos.get((r, c), ())])
        for r0, c0, r1, c1, box in origins
    ]
    # the table's cell margin: the narrowest gap between a cell's left edge and its text (Word sets one for all)
    margin = max(
        0.0, min((min(w["x0"] for w in inside) - box[0] for _, _, box, inside in contents if inside), default=0)
    )
    for r0, c0, box, inside in contents:
        if inside:
            rows[r0][c0].blocks = cell_blocks(inside, page, box[2] - 2.0, text_right=box[2] - margin)
            filled += bool(rows[r0][c0].blocks)
    if filled < min_filled:
        return None
    full = [[cell or Cell() for cell in row] for row in rows]
    header_rows = bold_header_rows(
        [[w for c in range(n_cols) for w in by_pos.get((r, c), ())] for r in range(n_rows)],
        [by_pos.get((r, 0), []) for r in range(n_rows)],
        full,
    )
    for row in full[:header_rows]:
        for cell in row:
            cell.is_header = True
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    row_provs = [Provenance(page=page, bbox=(xs[0], ys[r], xs[-1], ys[r + 1])) for r in range(n_rows)]
    table = Table(rows=full, prov=Provenance(page=page, bbox=bbox), row_provs=row_provs, header_rows=header_rows)
    return PageTable(table=table, col_xs=xs)


def _contains(outer: tuple, inner: tuple) -> bool:
    return (
        outer[0] - 1 <= inner[0]
        and outer[1] - 1 <= inner[1]
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
        and outer != inner
    )


def _nested_rows(inner: Table) -> list[dict]:
    """A nested table as pseudo-words, one per row, its cell texts joined by ' | ' (as the DOCX reader does)."""
    out = []
    for r, row in enumerate(inner.rows):
        texts = [c.text.replace("\n", " ") for c in row if c.spanned_from is None and c.text]
        if texts:
            box = inner.row_prov(r).bbox
            out.append(
                {
                    "text": " | ".join(texts),
                    "x0": box[0],
                    "x1": box[0] + 1,
                    "top": box[1],
                    "bottom": box[1] + 1,
                    "size": 0.0,
                    "bold": False,
                    "row": True,
                }
            )
    return out


def _is_frame(box: tuple, words: list[dict]) -> bool:
    """True when the words inside ``box`` are laid out as a page, not as a cell's text: several lines, most of
    them split into columns of their own (rows of an unruled table, or columns of text, inside a ruled border)."""
    inside = [w for w in words if _inside(w, box)]
    if len(inside) < FRAME_MIN_LINES:
        return False
    bands: list[list[float]] = []  # [top, segments] per line of the box, segments come in order of their top
    for line in segments(inside):
        if bands and abs(bands[-1][0] - line.top) <= 0.5 * max(line.size, 4.0):
            bands[-1][1] += 1
        else:
            bands.append([line.top, 1])
    return len(bands) >= FRAME_MIN_LINES and sum(n >= 2 for _, n in bands) >= 0.5 * len(bands)


def without_frames(boxes: list[tuple], words: list[dict]) -> list[list[tuple]]:
    """A group of ruled cells with its frame cells taken out, split into the groups left above, between and
    below them.

    A frame cell runs the full width of a grid of two or more columns and holds text set in columns of its own
    (see :func:`_is_frame`): a border drawn round the body of the page under a ruled header, not a cell. Its
    words are left for the unruled tables and the text of the page.
    """
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    if len(xs) < 3:
        return [boxes]
    frames = [
        b
        for b in boxes
        if abs(b[0] - xs[0]) <= GRID_TOLERANCE and abs(b[2] - xs[-1]) <= GRID_TOLERANCE and _is_frame(b, words)
    ]
    if not frames:
        return [boxes]
    cuts = sorted((f[1], f[3]) for f in frames)
    parts: dict[int, list[tuple]] = {}
    for b in boxes:
        if b in frames:
            continue
        mid = (b[1] + b[3]) / 2
        parts.setdefault(sum(bottom <= mid for _, bottom in cuts), []).append(b)
    return [parts[k] for k in sorted(parts)]


def ruled_tables(edges: list[dict], words: list[dict], page: int) -> list[PageTable]:
    """The ruled tables of a page; a table drawn inside another's cell is flattened into that cell, and a
    border round the page's body is no cell (:func:`without_frames`)."""
    groups = [part for g in ruled_cell_groups(edges) for part in without_frames(g, words)]
    groups = sorted(groups, key=lambda g: _area(g))
    built: list[tuple[tuple, PageTable]] = []
    for boxes in groups:
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        inner = [t for box, t in built if _contains(bbox, box)]
        cell_words = words
        if inner:
            cell_words = [w for w in words if not any(_inside(w, t.table.prov.bbox) for t in inner)]
            cell_words += [row for t in inner for row in _nested_rows(t.table)]
        found = grid_table(boxes, cell_words, page, min_filled=1 if inner else 2)
        if found is not None:
            built = [(box, t) for box, t in built if not _contains(bbox, box)]
            built.append((bbox, found))
    return sorted((t for _, t in built), key=lambda t: (t.table.prov.bbox[1], t.table.prov.bbox[0]))


def _area(boxes: list[tuple]) -> float:
    return (max(b[2] for b in boxes) - min(b[0] for b in boxes)) * (max(b[3] for b in boxes) - min(b[1] for b in boxes))


def unruled_tables(words: list[dict], page: int, size: float) -> list[PageTable]:
    """Tables drawn without rules: runs of lines split into the same columns of white space.

    A run needs at least three lines and three columns, short cells (at most
    five words on average), a column of values (short cells with digits) and
    cells that do not read as running text (:func:`_is_prose`), which keeps
    columns of prose out. A lone line that carries on a cell of the row above
    (:func:`_continues_cell`) does not end the run.
    """
    lines = segments(words)
    if not lines:
        return []
    bands: list[list[Line]] = []
    for seg in sorted(lines, key=lambda s: (s.top, s.x0)):
        if bands and abs(seg.top - bands[-1][0].top) <= 0.4 * size:
            bands[-1].append(seg)
        else:
            bands.append([seg])
    out: list[PageTable] = []
    run: list[list[Line]] = []
    for band in bands + [[]]:
        if len(band) >= 2 and (not run or _aligned(run, band, size)):
            run.append(band)
            continue
        if len(band) == 1 and run and _continues_cell(run, band[0], size):
            run[-1].append(band[0])  # a cell's text wrapped onto a line of its own
            continue
        if len(run) >= MIN_UNRULED_ROWS:
            found = _table_from_run(run, page, size)
            if found is not None:
                out.append(found)
        run = [band] if len(band) >= 2 else []
    return out


def _intervals(segs: list[Line], size: float) -> list[tuple[float, float]]:
    """The x-ranges covered by segments, overlapping ranges merged: the columns of a run of lines."""
    out: list[tuple[float, float]] = []
    for x0, x1 in sorted((s.x0, s.x1) for s in segs):
        if out and x0 <= out[-1][1] + 0.5 * size:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _aligned(run: list[list[Line]], band: list[Line], size: float) -> bool:
    """True when ``band`` continues the run's columns (it bridges at most one gap between them)."""
    if band[0].top - max(s.bottom for s in run[-1]) >= 2.5 * size:
        return False
    segs = [s for b in run for s in b]
    cols = _intervals(segs, size)
    joined = _intervals(segs + band, size)
    return len(joined) >= 2 and len(joined) >= len(cols) - 1


def _continues_cell(run: list[list[Line]], seg: Line, size: float) -> bool:
    """True when a lone line just under the run's last row is the wrapped end of one of its cells: the row
    fills at least three columns, and the line starts where a column after the first starts (and a cell of
    the row does) and ends before the next column does."""
    if len(run[-1]) < MIN_UNRULED_COLS or seg.top - max(s.bottom for s in run[-1]) >= 0.8 * size:
        return False
    cols = _intervals([s for b in run for s in b], size)
    for c in range(1, len(cols)):
        if abs(seg.x0 - cols[c][0]) <= 0.5 * size and (c + 1 == len(cols) or seg.x1 < cols[c + 1][0]):
            return any(abs(s.x0 - seg.x0) <= 0.5 * size for s in run[-1])
    return False


def _has_number_column(rows: list[list[Cell]]) -> bool:
    """True when some column after the first holds values in most of its filled cells: short cells with
    digits (a table of values, not three columns of prose that happen to line up and cite a number or
    two)."""
    for c in range(1, len(rows[0])):
        texts = [row[c].text for row in rows if row[c].text]
        values = sum(any(ch.isdigit() for ch in t) and len(t.split()) <= MAX_VALUE_WORDS for t in texts)
        if len(texts) >= 2 and values >= 0.5 * len(texts):
            return True
    return False


def _is_prose(rows: list[list[Cell]]) -> bool:
    """True when the run's cells read as running text set in columns: in every column most filled cells
    are several words long, and most of their words start in lower case (sentences going on from line to
    line). A table has a column of labels, names or figures; an action plan's long descriptions sit beside
    short leads and dates."""
    texts = []
    for c in range(len(rows[0])):
        column = [row[c].text for row in rows if row[c].text]
        if len(column) >= 2 and sum(len(t.split()) >= PROSE_MIN_WORDS for t in column) < 0.5 * len(column):
            return False
        texts += column
    words = [w for t in texts for w in t.split() if w[:1].isalpha()]
    return bool(words) and sum(w[:1].islower() for w in words) >= PROSE_LOWER_SHARE * len(words)


def _table_from_run(run: list[list[Line]], page: int, size: float) -> PageTable | None:
    segs = [s for band in run for s in band]
    cols = _intervals(segs, size)
    if len(cols) < MIN_UNRULED_COLS or sum(len(s.words) for s in segs) / len(segs) > 5:
        return None
    xs = [cols[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:], strict=False)] + [cols[-1][1]]
    rows: list[list[Cell]] = []
    row_provs = []
    for band in run:
        cells: list[list[dict]] = [[] for _ in cols]
        for seg in band:
            centre = (seg.x0 + seg.x1) / 2
            c = max(0, min(len(cols) - 1, bisect_right(xs, centre) - 1))
            cells[c].extend(seg.words)
        top, bottom = min(s.top for s in band), max(s.bottom for s in band)
        row = []
        for c, ws in enumerate(cells):
            blocks = cell_blocks(ws, page, xs[c + 1]) if ws else []
            row.append(Cell(blocks=blocks, prov=Provenance(page=page, bbox=(xs[c], top, xs[c + 1], bottom))))
        rows.append(row)
        row_provs.append(Provenance(page=page, bbox=(xs[0], top, xs[-1], bottom)))
    right = xs[-1]
    if not _has_number_column(rows) or _is_prose(rows):
        return None
    bbox = (xs[0], row_provs[0].bbox[1], right, row_provs[-1].bbox[3])
    return PageTable(table=Table(rows=rows, prov=Provenance(page=page, bbox=bbox), row_provs=row_provs), col_xs=xs)


def same_columns(a: PageTable, b: PageTable) -> bool:
    """True when two tables have the same column lines (a table continued on the next page)."""
    if len(a.col_xs) != len(b.col_xs):
        return False
    return all(abs(x - y) <= GRID_TOLERANCE for x, y in zip(a.col_xs, b.col_xs, strict=True))


def _is_split_row(table: Table, cont: list[Cell]) -> bool:
    """True when ``cont`` (opening a page) looks like the rest of the table's last row (closing the page before).

    Every filled cell of ``cont`` continues a filled cell of the last row, and
    one of these holds: a cell starts in lower case (mid-sentence); the first
    column, filled on every row so far, is empty; or a single cell goes on and
    does not start with a capital.
    """
    prev = table.rows[-1]
    if len(prev) != len(cont):
        return False
    filled = [(p, c) for p, c in zip(prev, cont, strict=True) if c.spanned_from is None and c.text]
    if not filled or any(p.spanned_from is None and not p.text for p, _ in filled):
        return False
    if any(c.text[:1].islower() for _, c in filled):
        return True
    key_column = all(row[0].text or row[0].spanned_from for row in table.rows[table.header_rows :])
    if key_column and not cont[0].text and cont[0].spanned_from is None:
        return True
    return len(filled) == 1 and not filled[0][1].text[:1].isupper() and sum(bool(c.text) for c in prev) >= 2


def _goes_on(text: str, more: str) -> bool:
    """Whether ``more`` carries on ``text`` mid-sentence: ``text`` ends without a full stop, or ``more`` opens
    in lower case."""
    return not text.rstrip().endswith((".", "!", "?", ":")) or more[:1].islower()


def _merge_row(table: Table, cont: list[Cell]) -> None:
    r = len(table.rows) - 1
    for c, cell in enumerate(cont):
        if cell.spanned_from is not None or not cell.blocks:
            continue
        target = table.cell(r, c)
        if target is None:
            continue
        first, rest = cell.blocks[0], cell.blocks[1:]
        last = target.blocks[-1] if target.blocks else None
        if isinstance(last, Paragraph) and isinstance(first, Paragraph):
            target.blocks[-1] = Paragraph(text=f"{last.text} {first.text}", prov=last.prov)
        elif isinstance(last, ListItem) and isinstance(first, Paragraph) and _goes_on(last.text, first.text):
            target.blocks[-1] = replace(last, text=f"{last.text} {first.text}")  # a bullet's lines over the break
        else:
            rest = cell.blocks
        target.blocks.extend(rest)


def join(first: PageTable, nxt: PageTable) -> None:
    """Append ``nxt``'s rows to ``first``: a repeated header row is dropped (and marks the header), and a
    row split by the page break is put back together."""
    a, b = first.table, nxt.table
    skip = 0
    if (
        b.rows
        and a.rows
        and [c.text for c in b.rows[0]] == [c.text for c in a.rows[0]]
        and any(c.text for c in b.rows[0])
    ):
        skip = 1
        a.header_rows = max(a.header_rows, 1)
        for cell in a.rows[0]:
            cell.is_header = True
    if len(b.rows) > skip and a.rows and _is_split_row(a, b.rows[skip]):
        _merge_row(a, b.rows[skip])
        skip += 1
    offset = len(a.rows) - skip
    for row in b.rows[skip:]:
        for cell in row:
            if cell.spanned_from is not None:
                r, c = cell.spanned_from
                cell.spanned_from = (r + offset, c)
    a.rows.extend(b.rows[skip:])
    a.row_provs.extend(b.row_provs[skip:])
