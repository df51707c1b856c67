"""The plain-text extractor: text dumps of plans, as converters really write them.

Reads a text file line by line and recognises, by layout alone:

* Markdown headings (``#`` .. ``######``) and short stand-alone title lines
  (a numbered section title such as ``2. Key objectives``, or a line in capitals);
* tables: tab-separated rows and Markdown pipe rows, continued across blank
  lines and page breaks (see :mod:`plansift.extractors.text_tables`), and tables
  written one cell per tab-led line (see :mod:`plansift.extractors.text_cells`) or one cell per
  plain line (see :mod:`plansift.extractors.text_cell_lines`), and tables
  whose columns are aligned with runs of spaces (see :mod:`plansift.extractors.text_columns`);
* list items: bullet characters (``·``, ``•``, ``-``, ``*``, an indented ``o``)
  and numbered items (``1.``, ``1.1``), their depth taken from the indentation;
* paragraphs, with inline HTML left by converters stripped to its text.

A form feed starts a new page. Every block's provenance gives its page and its
physical line numbers (1-based) in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from plansift.extractors.base import ExtractOptions, register
from plansift.extractors.encoding import decode_bytes, looks_like_text
from plansift.extractors.inline_markup import fragment_blocks, strip_markup
from plansift.extractors.model import Block, Document, ExtractionError, Heading, ListItem, Page, Paragraph, Provenance
from plansift.extractors.text_cell_lines import cell_line_tables
from plansift.extractors.text_cells import Segment, SourceLine, is_tab_led, layout_blocks
from plansift.extractors.text_columns import ruled_table, space_table, starts_space_table
from plansift.extractors.text_csv import csv_rows, starts_csv
from plansift.extractors.text_tables import (
    GRID_BORDER,
    RawRow,
    build_table,
    grid_rows,
    looks_like_header,
    pipe_fields,
    raw_row,
)

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
"""No nested or adjacent open quantifiers (a run of spaces must not be split every way): closing hashes are
stripped by ``_heading_title``."""
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")
_SECTION_TITLE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+([A-Z].*)$")
_TERMINAL = (".", ",", ";", ":", "!", "?")
_ITEM_TEXT = re.compile(r"\s*\S+\s+")
"""A list item's line up to its text: the indent, the marker and the space after it."""
_ITEM_END = (".", ";", ":", "!", "?")
"""Where a list item's text may end (a comma goes on to its next line)."""
_FIELD_LINE = re.compile(r"[A-Z][\w /&()'-]{0,40}?:(?:\s|$)")
"""A line opening with a short label and a colon: a field ('Lead: ...', 'By: June 2008')."""

MAX_TITLE_WORDS = 8
MAX_TITLE_CHARS = 60
MIN_CELL_REGION = 2
"""Fewer tab-led lines than this are indented text, not a one-cell-per-line table."""
BLANKS_ENDING_A_CELL = 3
"""This many blank lines before an untabbed line end a tab-led cell."""

SPACE_TABLE_RETRIES = 2
"""Lines after the start of a run of aligned lines that was not a table, tried as the start of one."""

_DATA_SUFFIXES = (".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".xhtml", ".svg", ".rtf", ".yaml", ".yml")


def _heading_title(text: str) -> str:
    """A Markdown heading's text without its optional closing run of ``#`` (which must follow a space)."""
    title = text.strip()
    bare = title.rstrip("#")
    if bare != title and (not bare or bare[-1].isspace()):
        title = bare.rstrip()
    return title


def _box_to_ascii() -> dict[int, str]:
    """Unicode box drawing (U+2500 to U+257F) as the ASCII of a grid table: rules '-' (double '='), walls '|',
    corners and junctions '+'."""
    table = {cp: "+" for cp in range(0x2500, 0x2580)}
    table.update({ord(c): "-" for c in "─━┄┅┈┉╌╍╴╶╸╺╼╾"})
    table.update({ord(c): "|" for c in "│┃┆┇┊┋╎╏║╵╷╹╻╽╿"})
    table[ord("═")] = "="
    return table


BOX_TO_ASCII = _box_to_ascii()
_BOX_DRAWING = re.compile("[\u2500-\u257f]")


def _item_column(line: str, marker: str | None) -> int:
    """Where a list item's text starts on its line: past its indent, its marker ('•', '2.', 'HVC 1') and the
    spaces after it."""
    at = line.find(marker) if marker else -1
    if at < 0:
        return _ITEM_TEXT.match(line).end()
    end = at + len(marker)
    return end + len(line[end:]) - len(line[end:].lstrip())


def read_lines(text: str) -> list[SourceLine]:
    """Physical lines with their 1-based number and page (a form feed starts a page).

    Tables drawn with Unicode box characters ('┌──┬──┐', '│ a │') read as the ASCII grid tables they mirror,
    character for character.
    """
    if _BOX_DRAWING.search(text):
        text = text.translate(BOX_TO_ASCII)
    out: list[SourceLine] = []
    page = 1
    # Not str.splitlines(): it also breaks at form feeds and other separators that are not line ends.
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    for no, line in enumerate(raw, start=1):
        if "\f" in line:
            page += line.count("\f")
            line = line.replace("\f", "")
        out.append(SourceLine(no, page, line))
    return out


def _prov(first: SourceLine, last: SourceLine | None = None) -> Provenance:
    last = last or first
    return Provenance(page=first.page, line_start=first.no, line_end=last.no)


def _is_blank(line: SourceLine) -> bool:
    return not line.text.strip()


def _is_tab_row(text: str) -> bool:
    """A line of tab-separated cells (not a line merely starting with one tab)."""
    return "\t" in text and not is_tab_led(text)


def _filled_fields(text: str) -> int:
    return sum(1 for f in text.split("\t") if f.strip())


@dataclass(frozen=True, slots=True)
class _RowStyle:
    """How a kind of delimited table writes its rows."""

    is_row: Callable[[str, bool], bool]
    """Whether a line is a row (the flag says a table is already open)."""
    split: Callable[[str], list[str]]
    separator_fixes_width: bool = False
    """A separator under the first row sets the width; a longer row's extra cells join its last cell
    (Markdown converters write a nested table inside a cell as more cells on the same line)."""


TAB_ROWS = _RowStyle(
    is_row=lambda text, open_table: _is_tab_row(text) or (open_table and is_tab_led(text)),
    split=lambda text: text.split("\t"),
)
_BARE_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:[|+]\s*:?-{2,}:?\s*)+\|?\s*$")
"""The rule under the header of a pipe table written without its outer pipes ('----+------+----', '---|---')."""


def _bare_pipe_fields(text: str) -> list[str]:
    """The cells of a pipe row without outer pipes ('C1 | Extend the scheme | Sep 2009'); a rule's pieces are cut
    at '+' too."""
    return re.split(r"[|+]", text) if _BARE_PIPE_RULE.match(text) else text.split("|")


def _is_bare_pipe_row(text: str, open_table: bool) -> bool:
    return text.count("|") >= 2 and not _PIPE_ROW.match(text) or open_table and bool(_BARE_PIPE_RULE.match(text))


BARE_PIPE_ROWS = _RowStyle(is_row=_is_bare_pipe_row, split=_bare_pipe_fields, separator_fixes_width=True)
"""A Markdown table written without the pipes at either end of its rows, a rule under its header."""

PIPE_ROWS = _RowStyle(
    is_row=lambda text, open_table: bool(_PIPE_ROW.match(text)),
    split=pipe_fields,
    separator_fixes_width=True,
)


def _new_header(rows: list[RawRow], candidate: RawRow) -> bool:
    """After a blank line: a row of labels, its first cell filled, under a table that began with labels.

    Such a row starts a new table. A body row of short texts can look the same, so the
    first cell must be filled (rows of action tables often leave their reference empty).
    """
    first = next((r for r in rows if r.filled and not r.is_separator), None)
    return (
        first is not None
        and 0 in candidate.filled
        and looks_like_header(first, width=len(first.texts))
        and looks_like_header(candidate, width=len(candidate.texts))
    )


class _Reader:
    """One pass over the lines, producing blocks in reading order."""

    def __init__(self, lines: list[SourceLine]) -> None:
        self.lines = lines
        self.i = 0
        self.blocks: list[Block] = []
        self.list_indents: list[int] = []
        self.item_column: int | None = None
        """Where the text of the last list item read starts on its line (past its marker), for its wrapped lines."""
        self.space_window = (-1, -1)
        """The first line index and the end of the last run of aligned lines that was not a table."""
        self.cell_lines = cell_line_tables(lines)
        """Tables dumped one cell per line, by their first line's index."""

    def run(self) -> list[Block]:
        """All blocks of the text in reading order."""
        n = len(self.lines)
        while self.i < n:
            line = self.lines[self.i]
            text = line.text
            if _is_blank(line):
                self.i += 1
                self.list_indents.clear()
            elif self.i in self.cell_lines and self._cell_line_table():
                pass  # the table was read
            elif m := _MD_HEADING.match(text):
                self.blocks.append(Heading(strip_markup(_heading_title(m.group(2))), len(m.group(1)), _prov(line)))
                self.i += 1
            elif GRID_BORDER.match(text) and self._grid_table() or starts_csv(text) and self._csv_table():
                pass  # the table was read
            elif _PIPE_ROW.match(text):
                self._table(PIPE_ROWS)
            elif text.count("|") >= 2 and self._opens_bare_pipe_table():
                self._table(BARE_PIPE_ROWS)
            elif _is_tab_row(text) and self._opens_tab_table():
                self._table(TAB_ROWS)
            elif (is_tab_led(text) and self._tab_led_region()) or (starts_space_table(text) and self._space_table()):
                pass  # the region or table was read
            elif _RULE.match(text):
                self.i += 1
            else:
                self._text_line()
        return self.blocks

    # -- tables ---------------------------------------------------------

    def _table(self, style: _RowStyle) -> None:
        """Read one delimited table: rows, blank lines and page breaks inside it, wrapped cell lines."""
        rows: list[RawRow] = []
        width = 0
        fixed = 0
        header_key: tuple[str, ...] | None = None
        n = len(self.lines)
        while self.i < n:
            line = self.lines[self.i]
            if style.is_row(line.text, bool(rows)):
                fields = style.split(line.text)
                if fixed and len(fields) > fixed:
                    fields = [*fields[: fixed - 1], " | ".join(f.strip() for f in fields[fixed - 1 :])]
                row = raw_row(fields, line.no, line.page)
                if style.separator_fixes_width and len(rows) == 1 and row.is_separator:
                    fixed = len(row.texts)
                rows.append(row)
                width = max(width, len(row.texts))
                if header_key is None and row.filled and not row.is_separator:
                    header_key = row.key()
                self.i += 1
                continue
            if not _is_blank(line):
                wrapped = self._wrapped_cell_line(rows, style)
                if wrapped is None:
                    break
                rows.append(wrapped)
                self.i += 1
                continue
            j = self.i
            while j < n and _is_blank(self.lines[j]):
                j += 1
            if j >= n or not style.is_row(self.lines[j].text, True):
                break
            nxt = self.lines[j]
            nxt_row = raw_row(style.split(nxt.text), nxt.no, nxt.page)
            repeated = nxt_row.key() == header_key
            if not repeated and (len(nxt_row.texts) != width or _new_header(rows, nxt_row)):
                break
            self.i = j
        table = build_table(rows)
        if table is not None and table.n_cols == 1:
            # One column is text laid out with stray delimiters, not a table.
            for row in table.rows:
                for block in row[0].blocks:
                    self._append_text_block(block)
        elif table is not None:
            self.blocks.append(table)

    def _cell_line_table(self) -> bool:
        """Read the table dumped one cell per line that starts here; False (nothing consumed) when none."""
        rows, end = self.cell_lines.pop(self.i)
        table = build_table(rows)
        if table is None:
            return False
        self.blocks.append(table)
        self.i = end
        return True

    def _grid_table(self) -> bool:
        """Read a grid table (``+----+`` rules between ``| .. |`` rows); False (nothing consumed) when the
        rule line opens none."""
        rows, end = grid_rows(self.lines, self.i)
        table = build_table(rows) if rows else None
        if table is None:
            return False
        self.i = end
        if table.n_cols == 1:
            for row in table.rows:
                for block in row[0].blocks:
                    self._append_text_block(block)
        else:
            self.blocks.append(table)
        return True

    def _opens_bare_pipe_table(self) -> bool:
        """A header of cells between pipes, without pipes at its ends, over a rule of as many pieces."""
        nxt = self.lines[self.i + 1].text if self.i + 1 < len(self.lines) else ""
        return bool(_BARE_PIPE_RULE.match(nxt)) and len(_bare_pipe_fields(nxt.strip().strip("|"))) == len(
            self.lines[self.i].text.split("|")
        )

    def _csv_table(self) -> bool:
        """Read a table dumped as comma-separated values; False (nothing consumed) when the line opens none."""
        rows, end = csv_rows(self.lines, self.i)
        table = build_table(rows, header_hint=True) if rows else None
        if table is None:
            return False
        self.i = end
        self.blocks.append(table)
        return True

    def _space_table(self) -> bool:
        """Read a table whose columns are aligned with spaces; False (nothing consumed) when there is none.

        After a run of aligned lines is judged not a table, only its next few lines are tried as
        the start of one (its first line may be text above a table); the rest of the run is not,
        so a long run of aligned text costs linear time, not quadratic. A header underlined by a dash rule is
        looked for on every line of the run.
        """
        origin, end = self.space_window
        if origin + SPACE_TABLE_RETRIES < self.i < end:
            # only a header over a dash rule (a look at three lines) may open a table there: a caption of two
            # pieces may have run into it
            rows, run_end = ruled_table(self.lines, self.i)
            if rows is None:
                return False
        else:
            rows, run_end = space_table(self.lines, self.i)
        if rows is None:
            self.space_window = (origin, max(end, run_end)) if self.i < end else (self.i, run_end)
            return False
        self.i = run_end
        table = build_table(rows, aligned=True)
        if table is None:
            return False
        self.blocks.append(table)
        return True

    def _opens_tab_table(self) -> bool:
        """Two filled cells, or a row of three or more cells (a title row) with a table row under it.

        A line of text with a stray tab at its end is not a table.
        """
        text = self.lines[self.i].text
        if _filled_fields(text) >= 2:
            return True
        nxt = self.lines[self.i + 1].text if self.i + 1 < len(self.lines) else ""
        return text.count("\t") >= 2 and _is_tab_row(nxt) and _filled_fields(nxt) >= 2

    def _wrapped_cell_line(self, rows: list[RawRow], style: _RowStyle) -> RawRow | None:
        """An undelimited line between two table rows: the next line of the previous row's last cell."""
        nxt = self.lines[self.i + 1] if self.i + 1 < len(self.lines) else None
        if not rows or nxt is None or not style.is_row(nxt.text, True) or not rows[-1].filled:
            return None
        line = self.lines[self.i]
        if _MD_HEADING.match(line.text) or _RULE.match(line.text):
            return None
        fields = [""] * len(rows[-1].texts)
        fields[max(rows[-1].filled)] = line.text
        return raw_row(fields, line.no, line.page)

    def _tab_led_region(self) -> bool:
        """Read a region of tab-led cells; False (nothing consumed) when it is only indented text."""
        items: list[Segment] = []
        j = self.i
        blanks = 0
        n = len(self.lines)
        while j < n:
            line = self.lines[j]
            text = line.text
            if is_tab_led(text):
                items.append(Segment(line))
                blanks = 0
            elif _is_blank(line):
                blanks += 1
            elif _is_tab_row(text) or _MD_HEADING.match(text) or blanks >= BLANKS_ENDING_A_CELL:
                break
            else:
                items[-1].content.append(line)
                blanks = 0
            j += 1
        if sum(1 for seg in items if not seg.lone) < MIN_CELL_REGION:
            return False
        self.blocks.extend(layout_blocks(items))
        self.i = max(seg.last_line for seg in items)  # line numbers are 1-based: this is the next index
        return True

    # -- text -----------------------------------------------------------

    def _standalone(self, i: int) -> bool:
        before = i == 0 or _is_blank(self.lines[i - 1])
        after = i + 1 >= len(self.lines) or _is_blank(self.lines[i + 1])
        return before and after

    def _short_line(self, i: int) -> bool:
        """A stand-alone line of a few words without closing punctuation: a title candidate."""
        text = self.lines[i].text.strip()
        words = text.split()
        return bool(words) and len(words) <= MAX_TITLE_WORDS and not text.endswith(_TERMINAL) and self._standalone(i)

    def _title_level(self, text: str) -> int | None:
        """Heading level of the current line when it is a stand-alone title, or None.

        Numbered section titles (``2. Key objectives``) and lines in capitals are titles; another
        short line is a title when it starts with a capital, has no colon, and the next line is
        not a short line as well (a run of short lines is a list of notes, not of titles).
        """
        if not self._short_line(self.i):
            return None
        if m := _SECTION_TITLE.match(text):
            return 2 + m.group(1).count(".")
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 4 and all(c.isupper() for c in letters):
            return 1
        nxt = next((j for j in range(self.i + 1, len(self.lines)) if not _is_blank(self.lines[j])), None)
        if nxt is not None and self._short_line(nxt) and not is_tab_led(self.lines[nxt].text):
            return None
        if text[:1].isupper() and len(text) <= MAX_TITLE_CHARS and ":" not in text:
            return 3
        return None

    def _text_line(self) -> None:
        line = self.lines[self.i]
        text = strip_markup(line.text) if "<" in line.text else line.text
        level = self._title_level(text.strip())
        self.i += 1
        if level is not None:
            self.blocks.append(Heading(text.strip(), level, _prov(line)))
            return
        expanded = line.text.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        blocks = fragment_blocks(line.text, _prov(line))
        if self._continues_item(blocks, indent):
            return
        if len(blocks) == 1 and isinstance(blocks[0], ListItem) and blocks[0].marker not in (None, "li"):
            blocks[0].depth += self._list_depth(indent)
            self.item_column = _item_column(expanded, blocks[0].marker)
        else:
            self.list_indents.clear()
            self.item_column = None
        for block in blocks:
            self._append_text_block(block)

    def _continues_item(self, blocks: list[Block], indent: int) -> bool:
        """Join a line to the list item just above when it is the item's text wrapped under a hanging indent:
        the next line, starting where the item's text starts, after a line not ending a sentence (the case of
        its first letter does not matter: 'Stockport' over 'Homes and GMP'). A field of its own ('Lead: ...') is
        not the item's text."""
        last = self.blocks[-1] if self.blocks else None
        if (
            len(blocks) != 1
            or not isinstance(blocks[0], Paragraph)
            or not isinstance(last, ListItem)
            or indent != self.item_column
            or last.prov.line_end != blocks[0].prov.line_start - 1
            or last.text.endswith(_ITEM_END)
            or _FIELD_LINE.match(blocks[0].text)
        ):
            return False
        last.text = f"{last.text} {blocks[0].text}"
        last.prov = last.prov.spanning(blocks[0].prov)
        return True

    def _list_depth(self, indent: int) -> int:
        while self.list_indents and self.list_indents[-1] > indent:
            self.list_indents.pop()
        if not self.list_indents or self.list_indents[-1] < indent:
            self.list_indents.append(indent)
        return len(self.list_indents) - 1

    def _append_text_block(self, block: Block) -> None:
        """Add a body block; a line continuing the previous paragraph's sentence joins it."""
        last = self.blocks[-1] if self.blocks else None
        if (
            isinstance(block, Paragraph)
            and isinstance(last, Paragraph | ListItem)
            and last.prov.line_end == block.prov.line_start - 1
            and block.text[:1].islower()
            and not last.text.endswith(_TERMINAL)
        ):
            last.text = f"{last.text} {block.text}"
            last.prov = last.prov.spanning(block.prov)
            return
        self.blocks.append(block)


def parse_text(text: str) -> list[Page]:
    """Pages of blocks from decoded text (the layout rules are in the module docstring)."""
    lines = read_lines(text)
    blocks = _Reader(lines).run()
    n_pages = max((s.page for s in lines), default=1)
    pages = [Page(number=p) for p in range(1, n_pages + 1)]
    for block in blocks:
        pages[block.prov.page - 1].blocks.append(block)
    for page in pages:
        page.has_text = bool(page.blocks)
    return pages


@register
class TextExtractor:
    """Plain text (``.txt``, ``.text``, ``.md``), in UTF-8, UTF-16 or cp1252."""

    name: ClassVar[str] = "text"
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text", ".md")
    priority: ClassVar[int] = 10

    def accepts(self, head: bytes, path: Path) -> bool:
        """Text-like bytes (not binary, not HTML/XML) under a name that is not a structured data format."""
        return path.suffix.lower() not in _DATA_SUFFIXES and looks_like_text(head)

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        """Read the file; ExtractionError when it is binary, empty of text or over the page limit."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
        decoded = decode_bytes(data)
        pages = parse_text(decoded.text)
        if len(pages) > options.limits.max_pages:
            raise ExtractionError(
                f"text has {len(pages)} pages (form feeds), over the limit of {options.limits.max_pages}",
                status="skipped",
            )
        doc = Document(path=str(path), format="txt", pages=pages)
        if decoded.fallback:
            doc.warnings.append(f"text is not valid UTF-8: decoded as {decoded.encoding}")
        if not any(page.blocks for page in pages):
            raise ExtractionError("the text file holds no text (only blank lines)")
        doc.title = next((b.text for b in doc.iter_blocks() if isinstance(b, Heading)), None)
        return doc
