"""Words to lines to blocks, in reading order, for the text of a PDF page outside its tables.

Words are grouped into line segments (a segment ends at a gap wider than a
column gutter), segments are ordered by a recursive XY-cut (split at wide
horizontal bands of white space first, then at vertical gutters, so two- and
three-column pages read column by column), and the lines of each region become
paragraphs, list items and headings: a new paragraph starts where a line could
have held the next line's first word (a hard break), at a change of font size
or weight, and at a bullet. Headings are lines set larger than the page's body
text, or short bold paragraphs standing alone.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter

from plansift.extractors.model import Block, Heading, ListItem, Paragraph, Provenance, Table

BULLETS = "•▪●◦‣○■□➢➤✓*-–"
_BULLET_WORD = re.compile(rf"^[{re.escape(BULLETS)}\uf0a7\uf0b7\uf0d8\uf076\uf0fc]$")
_BULLET_PREFIX = re.compile(r"^([•▪●◦‣○■□➢➤✓\uf0a7\uf0b7\uf0d8\uf076\uf0fc])(\S.*)$")
GUTTER = 1.4
"""A horizontal gap wider than this many font sizes separates columns (and line segments)."""
_MIN_GUTTER = GUTTER * 4.0
"""The narrowest column gap: the font size counts as at least 4 pt."""
HEADING_RATIO = 1.15
"""Text this much larger than the body text is a heading."""


@dataclass(slots=True)
class Line:
    """A run of words on one baseline, with its box and dominant font."""

    words: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    extra: list[dict] = field(default_factory=list)
    text: str = ""
    """The words joined by single spaces."""


def _make_line(words: list[dict]) -> Line:
    words = sorted(words, key=_X0)
    first = words[0]
    x0, x1, top, bottom, size = first["x0"], first["x1"], first["top"], first["bottom"], first["size"]
    n_chars = bold_chars = 0
    for w in words:  # one pass: lines are built for every segment of every page and cell
        if w["x1"] > x1:
            x1 = w["x1"]
        if w["top"] < top:
            top = w["top"]
        if w["bottom"] > bottom:
            bottom = w["bottom"]
        if w["size"] > size:
            size = w["size"]
        n = len(w["text"])
        n_chars += n
        if w["bold"]:
            bold_chars += n
    return Line(
        words=words,
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        size=size,
        bold=bold_chars >= 0.8 * (n_chars or 1),
        text=" ".join([w["text"] for w in words]),
    )


_X0 = itemgetter("x0")
_TOP_X0 = itemgetter("top", "x0")


def body_size(words: list[dict]) -> float:
    """The font size most characters on the page are set in."""
    weights: dict[float, int] = {}
    for w in words:
        weights[w["size"]] = weights.get(w["size"], 0) + len(w["text"])
    return max(weights, key=weights.get) if weights else 10.0


MAX_PAGE_UNITS = 14_400
"""The largest page dimension PDF allows (200 inches in default user space units)."""


def gutters(words: list[dict], width: float) -> list[tuple[float, float]]:
    """Vertical white channels between columns of text: (x0, x1) runs of at least 3 pt that almost no
    word crosses, with densely covered text on both sides (two- and three-column pages)."""
    if len(words) < 50 or width <= 0:
        return []
    # Never wider than the words reach, nor than PDF's largest page (14,400 units): a damaged MediaBox can
    # declare a page billions of points wide.
    n = int(max(0.0, min(width, max(w["x1"] for w in words), MAX_PAGE_UNITS))) + 2
    # Each word covers the whole points from int(x0) to int(x1): counted as +1 where its run starts and -1 past
    # its end, then summed left to right (the same counts as adding 1 at every point of every run).
    steps = [0] * (n + 1)
    for w in words:
        lo, hi = max(0, int(w["x0"])), min(n, int(w["x1"]) + 1)
        if lo < hi:
            steps[lo] += 1
            steps[hi] -= 1
    cov = list(accumulate(steps[:n]))
    peak = max(cov)
    low, high = 0.03 * peak, 0.4 * peak
    out = []
    x = 0
    while x < n:
        if cov[x] <= low:
            start = x
            while x < n and cov[x] <= low:
                x += 1
            left = cov[max(0, start - 40) : start]
            right = cov[x : x + 40]
            if x - start >= 3 and left and right and max(left) >= high and max(right) >= high:
                out.append((float(start), float(x)))
        x += 1
    return out


def segments(words: list[dict], gutter: float | None = None, channels: list[tuple[float, float]] = ()) -> list[Line]:
    """Words grouped into line segments: same band of height, split at wide gaps and at column channels."""
    if not words:
        return []
    ordered = sorted(words, key=_TOP_X0)
    bands: list[list[dict]] = []
    band_top = band_bottom = None
    for w in ordered:
        mid = (w["top"] + w["bottom"]) / 2
        if band_top is not None and band_top <= mid <= band_bottom:
            bands[-1].append(w)
        else:
            bands.append([w])
            band_top, band_bottom = w["top"], w["bottom"]
    out: list[Line] = []
    for band in bands:
        band.sort(key=_X0)
        run = [band[0]]
        reach = band[0]["x1"]
        for w in band[1:]:
            gap = w["x0"] - reach
            if gutter:  # a fixed gap (table cells): the font size is not needed
                split = gap > gutter
            else:
                # The font-size gap is never under GUTTER * 4.0 (or is NaN, which no gap exceeds): the usual
                # narrow gap between words is settled without it.
                split = gap > _MIN_GUTTER and gap > GUTTER * max(run[-1]["size"], w["size"], 4.0)
                if not split and channels and gutter is None:
                    split = any(reach <= (a + b) / 2 <= w["x0"] for a, b in channels)
            if split:
                out.append(_make_line(run))
                run = []
            run.append(w)
            if w["x1"] > reach:  # max(reach, x1), which keeps reach on a tie or NaN
                reach = w["x1"]
        out.append(_make_line(run))
    return out


def _line_gap(lines: list[Line]) -> float:
    """The usual white space between consecutive lines of one column."""
    ordered = sorted(lines, key=lambda s: (s.x0 // 20, s.top))
    gaps = [
        b.top - a.bottom
        for a, b in zip(ordered, ordered[1:], strict=False)
        if b.top >= a.bottom - 1 and min(a.x1, b.x1) > max(a.x0, b.x0) and b.top - a.bottom < 3 * a.size
    ]
    return statistics.median(gaps) if gaps else 0.0


def xy_cut(lines: list[Line], y_gap: float, x_gap: float) -> list[list[Line]]:
    """Regions of lines in reading order: bands top to bottom, then columns left to right."""
    if len(lines) <= 1:
        return [lines] if lines else []
    groups = _split(lines, "top", "bottom", y_gap)
    if len(groups) == 1:
        groups = _split(lines, "x0", "x1", x_gap)
        if len(groups) == 1:
            return [sorted(lines, key=lambda s: (s.top, s.x0))]
    out: list[list[Line]] = []
    for g in groups:
        out.extend(xy_cut(g, y_gap, x_gap))
    return out


def _split(lines: list[Line], lo: str, hi: str, gap: float) -> list[list[Line]]:
    ordered = sorted(lines, key=lambda s: getattr(s, lo))
    groups = [[ordered[0]]]
    reach = getattr(ordered[0], hi)
    for s in ordered[1:]:
        if getattr(s, lo) - reach >= gap:
            groups.append([])
        groups[-1].append(s)
        reach = max(reach, getattr(s, hi))
    return groups


def column_regions(
    lines: list[Line], channels: list[tuple[float, float]], y_gap: float, x_gap: float
) -> list[list[Line]]:
    """Regions in reading order on a page with column channels: runs of column text read column by
    column, broken by lines that span the channels (titles, full-width tables)."""
    cuts = sorted((a + b) / 2 for a, b in channels)

    def column(s: Line) -> int | None:
        if any(s.x0 < c - 2 and s.x1 > c + 2 for c in cuts):
            return None
        return bisect_left(cuts, (s.x0 + s.x1) / 2)

    out: list[list[Line]] = []
    run: dict[int, list[Line]] = {}

    def flush() -> None:
        for c in sorted(run):
            out.extend(xy_cut(run[c], y_gap, x_gap))
        run.clear()

    for s in sorted(lines, key=lambda s: (s.top, s.x0)):
        c = column(s)
        if c is None:
            flush()
            out.append([s])
        else:
            run.setdefault(c, []).append(s)
    flush()
    return out


def rows_of(region: list[Line]) -> list[Line]:
    """Segments of a region merged into full lines (segments sharing a band)."""
    out: list[Line] = []
    for s in sorted(region, key=lambda s: (s.top, s.x0)):
        last = out[-1] if out else None
        if last is not None and (s.top + s.bottom) / 2 <= last.bottom and s.top >= last.top - 1:
            out[-1] = _make_line(last.words + s.words)
        else:
            out.append(s)
    return out


def _bullet(line: Line) -> tuple[str, str] | None:
    """(marker, rest) when the line opens with a bullet glyph."""
    first = line.words[0]["text"]
    if _BULLET_WORD.match(first) and len(line.words) > 1:
        marker = "•" if "\uf000" <= first <= "\uf8ff" else first
        return marker, " ".join(w["text"] for w in line.words[1:])
    m = _BULLET_PREFIX.match(line.text)
    if m:
        return ("•" if "\uf000" <= m.group(1) <= "\uf8ff" else m.group(1)), m.group(2)
    return None


def _text_size(line: Line) -> float:
    """The font size of a line's text: a bullet glyph set larger than the words after it does not count (a list
    item's first line would otherwise differ in size from the lines that continue it)."""
    if len(line.words) > 1 and _BULLET_WORD.match(line.words[0]["text"]):
        return max(w["size"] for w in line.words[1:])
    return line.size


def paragraphs(lines: list[Line], right: float) -> list[list[Line]]:
    """Lines of one region grouped into paragraphs (hard breaks, font changes, bullets)."""
    out: list[list[Line]] = []
    for line in lines:
        if not out:
            out.append([line])
            continue
        prev = out[-1][-1]
        first_word = line.words[0]["x1"] - line.words[0]["x0"]
        fits = prev.x1 + first_word + 0.5 * prev.size < right - 0.5 * prev.size
        changed = abs(_text_size(line) - _text_size(prev)) > 0.6 or line.bold != prev.bold
        gap = line.top - prev.bottom > 0.8 * max(prev.size, line.size)
        if _bullet(line) or fits or changed or gap:
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _bbox(lines: list[Line]) -> tuple[float, float, float, float]:
    """The box around the lines: the min and max of their edges, in one pass (a box is built for every
    paragraph of every page and cell). Each edge is replaced only by a strictly smaller (larger) value, as
    ``min`` and ``max`` do, so ties and NaN come out as they do with those."""
    first = lines[0]
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for s in lines[1:]:
        if s.x0 < x0:
            x0 = s.x0
        if s.top < top:
            top = s.top
        if s.x1 > x1:
            x1 = s.x1
        if s.bottom > bottom:
            bottom = s.bottom
    return (x0, top, x1, bottom)


def cell_blocks(
    words: list[dict], page: int, right: float, text_right: float | None = None
) -> list[Paragraph | ListItem]:
    """The paragraphs and list items of a table cell's words.

    A word marked ``row`` stands for a whole row of a table nested in the cell
    and becomes a paragraph of its own. ``text_right``, where the cell's text may
    reach (its right edge less its margin), when known, puts back together a word
    broken for being wider than the cell.
    """
    rows = [w for w in words if w.get("row")]
    lines = rows_of(segments([w for w in words if not w.get("row")] if rows else words, gutter=1e9))
    out: list[Paragraph | ListItem] = [
        _text_block(para, page, heading_size=None, body=0.0, right=text_right) for para in paragraphs(lines, right)
    ]
    if rows:
        out += [
            Paragraph(text=w["text"], prov=Provenance(page=page, bbox=(w["x0"], w["top"], w["x1"], w["bottom"])))
            for w in rows
        ]
        out.sort(key=top_of)
    return out


def _join(lines: list[Line], right: float | None = None, first: str | None = None) -> str:
    """The lines' text: a hyphen that breaks a word at a line's end is dropped, and within a table cell (its
    right edge ``right``) a word broken for being wider than the cell is put back together. ``first`` stands for
    the first line's text (a list item's without its bullet)."""
    text = ""
    prev = None
    for line in lines:
        t = line.text if prev is not None or first is None else first
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and t[:1].islower():
            text = text[:-1] + t
        elif prev is not None and right is not None and _broken_word(prev, line, right):
            text += t
        else:
            text = f"{text} {t}" if text else t
        prev = line
    return text


def _broken_word(prev: Line, line: Line, right: float) -> bool:
    """Whether ``prev``, one word filling a table cell's width, breaks off a word that ``line`` goes on with.

    A word wider than its cell is cut where its next letter does not fit ('Police/CPS/Courts/Probati' 'on',
    'Communicatio' 'ns Officer', 'Boroughs/Probation/MAP' 'PA'): the line holds that one word, both lines start
    at one left edge, the word ends closer to where the cell's text may reach (``right``) than that next
    letter is wide, and the letters either side of the cut are both lower case or both capitals. A word
    wrapped whole leaves more room than that, shares its line with others, or starts another kind of word
    ('Ref' 'Nr', 'Target' '2008/09'); right-aligned lines (figures) start at different places.
    """
    if len(prev.words) != 1 or not line.words or abs(line.x0 - prev.x0) > 1.0:
        return False
    head, tail = line.words[0]["text"], prev.words[0]["text"]
    a, b = tail[-1:], head[:1]
    if not (a.islower() and b.islower() or a.isupper() and b.isupper()):
        return False
    word = line.words[0]
    letter = (word["x1"] - word["x0"]) / len(head)
    return prev.x1 + letter > right - 0.5


def _text_block(
    para: list[Line], page: int, heading_size: float | None, body: float, right: float | None = None
) -> Block:
    prov = Provenance(page=page, bbox=_bbox(para))
    bullet = _bullet(para[0])
    if bullet:
        marker, rest = bullet
        text = _join(para, right, first=rest)
        return ListItem(text=text.strip(), depth=0, prov=prov, marker=marker)
    text = _join(para, right)
    if heading_size is not None and body > 0:
        size = max(s.size for s in para)
        n_words = len(text.split())
        bold = all(s.bold for s in para)
        if size >= body * HEADING_RATIO and (n_words <= 12 or bold and n_words <= 25):
            level = 1 if size >= body * 1.6 else 2 if size >= body * 1.3 else 3
            return Heading(text=text, level=level, prov=prov)
        if bold and n_words <= 15 and len(para) <= 2 and not text.endswith((".", ",", ";")):
            return Heading(text=text, level=4, prov=prov)
    return Paragraph(text=text, prov=prov)


def page_blocks(words: list[dict], page: int, size: float, tables: list[Table], width: float = 0.0) -> list[Block]:
    """Blocks of a page in reading order: the words outside tables, and the tables themselves.

    Each table takes part in the XY-cut as one box, so it lands between the
    text above and below it, and in its own column on a multi-column page.
    """
    channels = gutters(words, width)
    segs = segments(words, channels=channels)
    placed = [
        Line(
            words=[],
            x0=t.prov.bbox[0],
            x1=t.prov.bbox[2],
            top=t.prov.bbox[1],
            bottom=t.prov.bbox[3],
            size=size,
            bold=False,
            extra=[t],
        )
        for t in tables
    ]
    if not segs and not placed:
        return []
    y_gap = max(0.5 * size, 1.5 * _line_gap(segs) + 1.0)
    x_gap = GUTTER * size
    if channels:
        x_gap = min(x_gap, max(2.0, 0.8 * min(b - a for a, b in channels)))
    out: list[Block] = []
    regions = column_regions(segs + placed, channels, y_gap, x_gap) if channels else xy_cut(segs + placed, y_gap, x_gap)
    for region in regions:
        found = [s.extra[0] for s in region if s.extra]
        text_lines = [s for s in region if not s.extra]
        blocks: list[Block] = list(found)
        if text_lines:
            lines = rows_of(text_lines)
            right = max(s.x1 for s in lines)
            indent0 = min(s.x0 for s in lines)
            for para in paragraphs(lines, right):
                block = _text_block(para, page, heading_size=size, body=size)
                if isinstance(block, ListItem):
                    block.depth = min(3, int(max(0.0, para[0].x0 - indent0) // 18))
                blocks.append(block)
        if found:
            blocks.sort(key=top_of)
        out.extend(blocks)
    return out


def top_of(block: Block) -> float:
    """The top of a block's box (for ordering blocks on a page)."""
    return block.prov.bbox[1] if block.prov.bbox else 0.0
