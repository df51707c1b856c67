"""What every recogniser needs to know about the document beyond the block it reads.

:class:`PlanContext` holds the blocks in reading order, the logical tables,
the first year of the plan, a document-wide default deadline ('All end March
09 except where indicated') and the indicator titles the document writes next
to their codes (so that a row labelled only 'Assault with Injury Crime Rate'
is tied to the code the document gave it).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from plansift.extractors.model import Document, Heading, ListItem, Paragraph, Provenance, Table
from plansift.normalise.recognisers.tables import LogicalTable, logical_tables

_DEFAULT_DEADLINE = re.compile(
    r"\ball\b[^.;:]{0,40}?\b(?:end|by|due|complete|completed|deliver(?:ed)?)\b[^.;:]{0,40}?\b(?:except|unless)\b",
    re.IGNORECASE,
)
_TITLE_STOP = re.compile(r"\s*(?:[,;(\n]|\bNI\b|\bN\.I\.|$)")
_WORD = re.compile(r"[a-z0-9]+")
NOTE_BLOCKS = 6
"""How far above a table a note on its figures ('rates per 100,000') may stand."""
CAPTION_BLOCKS = 3
"""How far above a table its caption may stand: the indicator's title, then a note or two on the figures."""
_LEAD_LABEL = re.compile(r"^(?:lead\s+(?:partner\s+)?(?:agency|agencies|organisations?|partners?|body))\s*:?$", re.I)
_PLAN_WORDS = re.compile(
    r"\bLAA\b|local area agreement|national indicator|\b(?:action|delivery|implementation|improvement)\s+plan\b",
    re.IGNORECASE,
)
_GENERIC_BODY = re.compile(r"\bthe\s+(Service|Partnership|Board|Team|Council|Group|Unit|Directorate)\b")


@dataclass(slots=True)
class TextPiece:
    """A piece of body text: a heading, paragraph, list item or one table cell, in reading order."""

    text: str
    prov: Provenance
    order: tuple
    kind: str
    block: Any = None
    depth: int = 0
    marker: str | None = None


@dataclass(frozen=True, slots=True)
class DefaultDeadline:
    date: _dt.date
    text: str
    prov: Provenance


def norm_words(text: str) -> str:
    """Lower-case words only: the form titles are compared in."""
    return " ".join(_WORD.findall(text.lower().replace("&", " and ")))


@dataclass
class PlanContext:
    """The document being read, with what recognisers share about it."""

    doc: Document
    area: Any = None
    blocks: list[Any] = field(init=False)

    def __post_init__(self) -> None:
        self.blocks = list(self.doc.iter_blocks())

    @cached_property
    def tables(self) -> list[LogicalTable]:
        return logical_tables(self.blocks)

    @cached_property
    def pieces(self) -> list[TextPiece]:
        """Every piece of body text in reading order (table cells one by one, row by row)."""
        out: list[TextPiece] = []
        for i, block in enumerate(self.blocks):
            if isinstance(block, Table):
                for r, row in enumerate(block.rows):
                    for c, cell in enumerate(row):
                        if cell.is_placeholder:
                            continue
                        text = cell.text  # a property that joins the cell's blocks: read once
                        if not text.strip():
                            continue
                        prov = cell.prov or block.row_prov(r)
                        out.append(TextPiece(text, prov, (i, r, c), "cell", block))
            elif isinstance(block, ListItem):
                out.append(TextPiece(block.text, block.prov, (i,), "list_item", block, block.depth, block.marker))
            elif isinstance(block, Heading | Paragraph) and block.text.strip():
                out.append(TextPiece(block.text, block.prov, (i,), block.kind, block))
        return out

    @cached_property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pieces)

    @cached_property
    def is_plan(self) -> bool:
        """Whether the document speaks as a delivery plan does: an indicator code, 'LAA', 'action plan' and the like.

        A document that does not is read for nothing: a table of dollars in an annual report or the bullets of
        an encyclopaedia page are not targets, actions or funding.
        """
        from plansift.normalise.indicators import find_indicator_codes

        return bool(_PLAN_WORDS.search(self.text)) or bool(find_indicator_codes(self.text))

    @cached_property
    def plan_start(self) -> int | None:
        """The first year of the plan ('LAA 2008-2011'), else the year the document names most often."""
        from collections import Counter

        from plansift.normalise.periods import find_periods, period_start_year, plan_start_year

        year = plan_start_year(self.text)
        if year is not None:
            return year
        years = Counter(period_start_year(p) for p, _, _ in find_periods(self.text))
        years.pop(None, None)
        if not years:
            return None
        return min(years, key=lambda y: (-years[y], y))

    @cached_property
    def default_deadline(self) -> DefaultDeadline | None:
        """A deadline the document sets for every action ('All end March 09 except where indicated')."""
        from plansift.normalise.dates import parse_due_date

        if not _DEFAULT_DEADLINE.search(self.text):
            # a line that matches is matched inside the whole text too (the pieces and lines are joined by
            # line breaks, word boundaries both), so one search spares the line-by-line loop in most plans
            return None
        for piece in self.pieces:
            for line in piece.text.splitlines():
                if _DEFAULT_DEADLINE.search(line):
                    date = parse_due_date(line)
                    if date is not None:
                        return DefaultDeadline(date=date, text=" ".join(line.split()), prov=piece.prov)
        return None

    @cached_property
    def title_words(self) -> dict[str, list[frozenset[str]]]:
        """Code -> the word sets of its canonical title and of the titles the document writes, for every code named."""
        from plansift.normalise.indicators import find_indicator_codes, indicator_title

        out: dict[str, list[frozenset[str]]] = {}
        for code in dict.fromkeys(m.code for m in find_indicator_codes(self.text)):
            titles = [indicator_title(code) or "", *self.indicator_titles.get(code, [])]
            out[code] = [frozenset(re.findall(r"[a-z][a-z-]+", t.lower())) for t in titles]
        return out

    @cached_property
    def title_word_index(self) -> dict[str, list[tuple[str, int]]]:
        """Word -> the (code, title number) of :attr:`title_words` holding it (to score a sentence by its words)."""
        out: dict[str, list[tuple[str, int]]] = {}
        for code, titles in self.title_words.items():
            for i, title in enumerate(titles):
                for word in title:
                    out.setdefault(word, []).append((code, i))
        return out

    @cached_property
    def indicator_titles(self) -> dict[str, list[str]]:
        """Code -> the titles the document writes after it ('NI 15 – Serious Violent Crime Rate')."""
        from plansift.normalise.indicators import find_indicator_codes

        out: dict[str, list[str]] = {}
        for piece in self.pieces:
            text = piece.text
            for m in find_indicator_codes(text):
                rest = re.sub(r"^[\s\-–—:.]+", "", text[m.end :])
                stop = _TITLE_STOP.search(rest)
                title = norm_words(rest[: stop.start()] if stop else rest)
                if len(title.split()) >= 2 and title.split()[0] not in ("and", "or", "to") and title[0].isalpha():
                    out.setdefault(m.code, [])
                    if title not in out[m.code]:
                        out[m.code].append(title)
        return out

    def indicator_of_label(self, label: str) -> str | None:
        """The indicator a row label names: a code, a title the document gave a code, or a canonical title."""
        from plansift.normalise.indicators import find_indicator_codes, match_indicator_title

        if not label.strip():
            return None
        codes = [m.code for m in find_indicator_codes(label)]
        if codes:
            return codes[0]
        words = norm_words(label)
        best: tuple[int, str] | None = None
        for code, titles in self.indicator_titles.items():
            for title in titles:
                if words.startswith(title) and (best is None or len(title) > best[0]):
                    best = (len(title), code)
        if best:
            return best[1]
        first_line = label.strip().splitlines()[0]
        for candidate in (first_line, " ".join(first_line.split()[:8])):
            found = match_indicator_title(candidate)
            if found is not None:
                return found.code
        return None

    def caption_indicator(self, block_index: int) -> tuple[str, str] | None:
        """(code, text) of the one indicator the caption of the table at ``block_index`` names: the nearest
        heading or paragraph naming an indicator among the few just above it ('NI 16 Serious acquisitive crime
        rate', then a note on the figures), with no other table between; else None."""
        from plansift.normalise.indicators import find_indicator_codes

        for block in reversed(self.blocks[max(0, block_index - CAPTION_BLOCKS) : block_index]):
            if isinstance(block, Table):
                return None
            if isinstance(block, Heading | Paragraph):
                codes = {m.code for m in find_indicator_codes(block.text)}
                if codes:
                    return (codes.pop(), block.text) if len(codes) == 1 else None
        return None

    def notes_on(self, code: str, block_index: int) -> str:
        """The sentences of the few paragraphs just above a table that name ``code`` ('NI 120 and NI 121 are
        rates per 100,000 population'): what the document says about the indicator's figures."""
        from plansift.normalise.indicators import find_indicator_codes

        out = []
        for block in self.blocks[max(0, block_index - NOTE_BLOCKS) : block_index]:
            if isinstance(block, Paragraph | Heading):
                for sentence in re.split(r"(?<=[.;])\s+", block.text):
                    if any(m.code == code for m in find_indicator_codes(sentence)):
                        out.append(sentence)
        return " ".join(out)

    def caption(self, block_index: int) -> str:
        """The text just above the table at ``block_index`` (a caption or a heading, with no table between), or ''."""
        for block in reversed(self.blocks[max(0, block_index - CAPTION_BLOCKS) : block_index]):
            if isinstance(block, Table):
                return ""
            if isinstance(block, Paragraph | Heading) and block.text.strip():
                return block.text
        return ""

    def heading_indicator(self, order: tuple) -> str | None:
        """The one indicator code the nearest heading above a block names, else None."""
        from plansift.normalise.indicators import find_indicator_codes

        for block in reversed(self.blocks[: order[0]] if order else []):
            if isinstance(block, Heading):
                codes = {m.code for m in find_indicator_codes(block.text)}
                return codes.pop() if len(codes) == 1 else None
        return None

    @cached_property
    def lead_agency(self) -> str | None:
        """The organisation a plan declares as its lead ('Lead Agency: West Midlands Police, Sandwell MBC')."""
        from plansift.normalise.organisations import find_organisations

        for block in self.blocks:
            if not isinstance(block, Table):
                continue
            for row in block.rows:
                for c, cell in enumerate(row[:-1]):
                    if _LEAD_LABEL.match(cell.text.strip()):
                        value = row[c + 1].text
                        found = [o.name for o in find_organisations(value, self.area) if o.name]
                        if found:
                            return found[0]
        return None

    def names_organisation(self, text: str) -> bool:
        from plansift.normalise.organisations import find_organisations, match_organisation

        return bool(find_organisations(text, self.area)) or match_organisation(text, self.area).matched

    def resolve_generic_body(self, text: str) -> str | None:
        """The organisation a sentence names, or 'the Service' resolved to the body of that kind named before."""
        from plansift.normalise.organisations import find_org_phrases, find_organisations

        named = [o.name for o in find_organisations(text, self.area) if o.name]
        named += [phrase for phrase, _, _ in find_org_phrases(text)]
        if named:
            return named[0]
        m = _GENERIC_BODY.search(text)
        if not m:
            return None
        head = " " + m.group(1)
        for piece in self.pieces:
            names = [o.name for o in find_organisations(piece.text, self.area) if o.name]
            names += [phrase for phrase, _, _ in find_org_phrases(piece.text)]
            for name in names:
                if name.endswith(head):
                    return name
        return None
