"""The HTML extractor (standard library ``html.parser`` only).

Reads headings (``h1``-``h6``), paragraphs, list items (``ul``/``ol``, with their
nesting depth) and tables. Skipped: ``head`` (its ``title`` becomes the
document title), ``script``, ``style``, ``template``, ``svg`` and any element
with the ``hidden`` attribute or styled ``display:none`` (the hidden XBRL header
of an Inline XBRL filing).

Tables: a data table becomes a :class:`Table` whose ``rowspan``/``colspan``
cells stand at their top-left position with ``row_span``/``col_span`` set, the
positions they cover filled with ``Cell(spanned_from=...)`` placeholders; rows
of ``th`` cells or rows in ``thead`` at the top are the header rows (without
them, a first row of short labels over a row holding a number is the header). A table
that contains another table, or has a single column, is a *layout* table: it is
unwrapped and its content (paragraphs, lists and the data tables inside it)
flows into the document in reading order. Tables nested deeper than
``Limits.max_table_depth`` are read as text.

Every block carries the source line range (``html.parser`` positions) on page 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from plansift.extractors.base import ExtractOptions, register
from plansift.extractors.encoding import decode_bytes
from plansift.extractors.inline_markup import line_block
from plansift.extractors.model import (
    Block,
    Cell,
    CellBlock,
    Document,
    ExtractionError,
    Heading,
    ListItem,
    Page,
    Paragraph,
    Provenance,
    Table,
)
from plansift.extractors.text_tables import is_number_text, labels_row

MAX_COLSPAN = 1000
"""A colspan larger than this is read as this (guards against absurd values)."""

_SKIP = frozenset({"head", "script", "style", "template", "svg", "noscript", "iframe", "object", "math"})
_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr", "source", "param"})
_BOUNDARY = frozenset(
    {
        "p", "div", "br", "hr", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote",
        "pre", "dl", "dt", "dd", "figure", "figcaption", "form", "fieldset", "address", "caption", "center",
        "body", "html", "ul", "ol", "li", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(slots=True)
class _CellCtx:
    items: list[Block] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1
    is_header: bool = False
    line_start: int = 1
    line_end: int = 1


@dataclass(slots=True)
class _TableCtx:
    line_start: int
    rows: list[list[_CellCtx]] = field(default_factory=list)
    header_row_flags: list[bool] = field(default_factory=list)
    row_lines: list[tuple[int, int]] = field(default_factory=list)
    cell: _CellCtx | None = None
    in_thead: bool = False
    has_nested: bool = False


def _span(value: str | None, default: int = 1) -> int:
    try:
        return int((value or "").strip() or default)
    except ValueError:
        return default


def build_grid(table: _TableCtx, line_end: int) -> Table | None:
    """The :class:`Table` of a finished data table, spans expanded into placeholders."""
    rows = [r for r in table.rows if r]
    flags = [f for r, f in zip(table.rows, table.header_row_flags, strict=True) if r]
    lines = [span for r, span in zip(table.rows, table.row_lines, strict=True) if r]
    if not rows:
        return None
    n = len(rows)
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    placed: dict[tuple[int, int], _CellCtx] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in origin:
                c += 1
            rs = n - r if cell.rowspan <= 0 else min(cell.rowspan, n - r)
            cs = max(1, min(cell.colspan, MAX_COLSPAN))
            for dr in range(rs):
                for dc in range(cs):
                    origin[(r + dr, c + dc)] = (r, c)
            placed[(r, c)] = cell
            cell.rowspan, cell.colspan = rs, cs
            c += cs
        width = max(width, c)
    width = max(width, *(cc + 1 for (_, cc) in origin)) if origin else width
    out: list[list[Cell]] = []
    for r in range(n):
        row_cells: list[Cell] = []
        for c in range(width):
            if (r, c) in placed:
                src = placed[(r, c)]
                prov = Provenance(line_start=src.line_start, line_end=max(src.line_end, src.line_start))
                blocks: list[CellBlock] = [
                    Paragraph(b.text, b.prov) if isinstance(b, Heading) else b
                    for b in src.items
                    if isinstance(b, Paragraph | ListItem | Heading)
                ]
                row_cells.append(Cell(blocks, src.rowspan, src.colspan, is_header=src.is_header or flags[r], prov=prov))
            elif (r, c) in origin:
                o = origin[(r, c)]
                row_cells.append(Cell(spanned_from=o, is_header=placed[o].is_header or flags[o[0]]))
            else:
                row_cells.append(Cell(is_header=flags[r]))
        out.append(row_cells)
    header_rows = 0
    for r in range(n):
        real = [c for c in out[r] if not c.is_placeholder]
        if real and all(c.is_header for c in real):
            header_rows += 1
        else:
            break
    if header_rows == 0 and _unmarked_header(out):
        header_rows = 1
        for cell in out[0]:
            cell.is_header = True
    row_provs = [Provenance(line_start=a, line_end=max(a, b)) for a, b in lines]
    for r, row in enumerate(out):
        for cell in row:
            cell.prov = cell.prov or row_provs[r]
    return Table(
        out, Provenance(line_start=table.line_start, line_end=line_end), header_rows=header_rows, row_provs=row_provs
    )


def _unmarked_header(rows: list[list[Cell]]) -> bool:
    """A first row of labels over a row holding a number: a header written with ``td`` cells."""
    if len(rows) < 2:
        return False
    below = [c.text for row in rows[1:3] for c in row if not c.is_placeholder]
    return labels_row([c.text for c in rows[0] if not c.is_placeholder]) and any(map(is_number_text, below))


class _Builder(HTMLParser):
    """Streams the page into blocks; see the module docstring for the rules."""

    def __init__(self, max_table_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_table_depth = max_table_depth
        self.body: list[Block] = []
        self.tables: list[_TableCtx] = []
        self.ignored_tables = 0
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.heading: int | None = None
        self.list_depth = 0
        self.in_item = False
        self.in_pre = False
        self.in_title = False
        self.title: list[str] = []
        self.producer: str | None = None

    # -- where text goes ----------------------------------------------------

    def _flow(self) -> list[Block]:
        for t in reversed(self.tables):
            if t.cell is not None:
                return t.cell.items  # text in a table but outside its cells belongs to the enclosing cell
        return self.body

    def _flush(self) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf.clear()
        text = raw.strip() if self.in_pre else " ".join(raw.split())
        if not text:
            return
        line = self.getpos()[0]
        prov = Provenance(line_start=self.buf_line or line, line_end=line)
        if self.heading is not None:
            block: Block = Heading(text, self.heading, prov)
        elif self.in_item and self.list_depth > 0:
            block = ListItem(text, self.list_depth - 1, prov, marker="li")
        else:
            # Word's HTML writes list items as paragraphs starting with a bullet or a number.
            block = line_block(text, prov) or Paragraph(text, prov)
        self._flow().append(block)
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.line_end = line

    # -- parser events ----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.skip_tag in (None, "head"):
            self.in_title = True
            return
        if tag == "meta" and self.producer is None:
            a = {k: v for k, v in attrs}
            if (a.get("name") or "").lower() == "generator" and a.get("content"):
                self.producer = a["content"].strip()
        if self.skip_tag == "head" and tag in _BOUNDARY:
            self.skip_tag = None  # a body element: the head was never closed
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        style = next((v for k, v in attrs if k == "style" and v), None)
        hidden = any(k == "hidden" for k, _ in attrs) or bool(style and _HIDDEN.search(style))
        if tag in _SKIP or (tag not in _VOID and hidden):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _SECTIONS:
            if self.ignored_tables == 0 and self.tables:
                self._table_tag(tag, attrs)
            return
        if tag not in _BOUNDARY:
            return
        self._flush()
        self.buf_line = None
        if tag in _HEADINGS:
            self.heading = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self.list_depth += 1
            self.in_item = False
        elif tag == "li":
            self.in_item = True
        elif tag == "pre":
            self.in_pre = True
        elif tag == "table":
            self._open_table()
        elif tag in ("tr", "td", "th") and self.ignored_tables == 0 and self.tables:
            self._table_tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BOUNDARY and self.skip_tag is None:
            self._flush()
            self.buf_line = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag not in _BOUNDARY and tag not in _SECTIONS:
            return
        self._flush()
        self.buf_line = None
        if tag in _HEADINGS:
            self.heading = None
        elif tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
            self.in_item = self.list_depth > 0
        elif tag == "li":
            self.in_item = False
        elif tag == "pre":
            self.in_pre = False
        elif tag == "table":
            self._close_table()
        elif tag in ("td", "th") and self.ignored_tables == 0 and self.tables:
            self.tables[-1].cell = None
        elif tag == "thead" and self.tables:
            self.tables[-1].in_thead = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_tag is not None:
            return
        if self.buf_line is None:
            self.buf_line = self.getpos()[0]
        self.buf.append(data)

    # -- tables -------------------------------------------------------------------

    def _open_table(self) -> None:
        if self.ignored_tables or len(self.tables) >= self.max_table_depth:
            self.ignored_tables += 1
            return
        if self.tables:
            self.tables[-1].has_nested = True
        self.tables.append(_TableCtx(line_start=self.getpos()[0]))

    def _table_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        table = self.tables[-1]
        line = self.getpos()[0]
        if tag == "thead":
            table.in_thead = True
        elif tag in ("tbody", "tfoot"):
            table.in_thead = False
        elif tag == "tr":
            table.cell = None
            table.rows.append([])
            table.header_row_flags.append(table.in_thead)
            table.row_lines.append((line, line))
        else:
            if not table.rows:
                table.rows.append([])
                table.header_row_flags.append(table.in_thead)
                table.row_lines.append((line, line))
            a = dict(attrs)
            cell = _CellCtx(
                rowspan=_span(a.get("rowspan")),
                colspan=_span(a.get("colspan")),
                is_header=tag == "th",
                line_start=line,
                line_end=line,
            )
            table.rows[-1].append(cell)
            table.cell = cell
            table.row_lines[-1] = (table.row_lines[-1][0], line)

    def _close_table(self) -> None:
        if self.ignored_tables:
            self.ignored_tables -= 1
            return
        if not self.tables:
            return
        table = self.tables.pop()
        line = self.getpos()[0]
        for i, (a, b) in enumerate(table.row_lines):
            ends = [c.line_end for c in table.rows[i]]
            table.row_lines[i] = (a, max([b, *ends]))
        n_cols = max((len(r) for r in table.rows), default=0)
        flow = self._flow()
        if table.has_nested or n_cols <= 1:
            for row in table.rows:
                for cell in row:
                    flow.extend(cell.items)
            return
        grid = build_grid(table, line)
        if grid is not None:
            flow.append(grid)

    def finish(self) -> list[Block]:
        """Close what the page left open and return the body blocks."""
        self.close()
        self._flush()
        while self.tables:
            self._close_table()
        return self.body


@dataclass(slots=True)
class ParsedPage:
    """What :func:`parse_html` reads: the blocks, the ``<title>`` and the ``generator`` meta tag."""

    blocks: list[Block]
    title: str | None
    producer: str | None


def parse_html(text: str, max_table_depth: int = 20) -> ParsedPage:
    """Blocks, title and producer of an HTML document (the rules are in the module docstring)."""
    builder = _Builder(max_table_depth)
    builder.feed(text)
    blocks = builder.finish()
    title = " ".join("".join(builder.title).split()) or None
    return ParsedPage(blocks, title, builder.producer)


@register
class HtmlExtractor:
    """HTML and XHTML pages (including Inline XBRL filings)."""

    name: ClassVar[str] = "html"
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml")
    priority: ClassVar[int] = 50

    def accepts(self, head: bytes, path: Path) -> bool:
        """The file opens (after an XML prolog and comments) with a doctype or an html/head/body/table tag."""
        return _SNIFF.match(head) is not None

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        """Read the page; ExtractionError when it is binary or shows no text."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
        declared = _CHARSET.search(data[:4096])
        decoded = decode_bytes(data, declared.group(1).decode("ascii") if declared else None)
        page = parse_html(decoded.text, options.limits.max_table_depth)
        if not page.blocks:
            raise ExtractionError("the HTML page holds no visible text")
        doc = Document(
            path=str(path),
            format="html",
            pages=[Page(number=1, blocks=page.blocks)],
            title=page.title,
            producer=page.producer,
        )
        if decoded.fallback:
            doc.warnings.append("HTML is not valid UTF-8 and names no charset: decoded as cp1252")
        return doc
