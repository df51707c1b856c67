"""Small Documents built in code, one rule at a time, for the recogniser tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plansift.extractors.model import Cell, Document, Heading, ListItem, Page, Paragraph, Provenance, Table


def _cell(text: str, line: int) -> Cell:
    prov = Provenance(page=1, line_start=line, line_end=line)
    blocks = []
    for part in text.split("\n"):
        if part.startswith("• "):
            blocks.append(ListItem(text=part[2:], depth=0, prov=prov, marker="•"))
        elif part:
            blocks.append(Paragraph(text=part, prov=prov))
    return Cell(blocks=blocks, prov=prov)


def table(rows: list[list[str]], line: int = 1, header_rows: int = 1) -> Table:
    """A table whose row r stands on line ``line + r``; a cell's '\\n' separates paragraphs, '• ' marks a bullet."""
    cells = [[_cell(t, line + r) for t in row] for r, row in enumerate(rows)]
    provs = [Provenance(page=1, line_start=line + r, line_end=line + r) for r in range(len(rows))]
    return Table(
        rows=cells,
        prov=Provenance(page=1, line_start=line, line_end=line + len(rows) - 1),
        header_rows=header_rows,
        row_provs=provs,
    )


def para(text: str, line: int = 1) -> Paragraph:
    return Paragraph(text=text, prov=Provenance(page=1, line_start=line, line_end=line))


def heading(text: str, line: int = 1) -> Heading:
    return Heading(text=text, level=2, prov=Provenance(page=1, line_start=line, line_end=line))


def item(text: str, line: int = 1, depth: int = 0, marker: str = "-") -> ListItem:
    return ListItem(text=text, depth=depth, prov=Provenance(page=1, line_start=line, line_end=line), marker=marker)


def document(*blocks, plan: bool = True) -> Document:
    """A one-page Document; unless ``plan`` is False it opens with a title that makes it read as a plan."""
    title = [Heading(text="LAA Delivery Plan", level=1, prov=Provenance(page=1))] if plan else []
    return Document(path="test.txt", format="txt", pages=[Page(number=1, blocks=[*title, *blocks])])


@pytest.fixture
def build() -> SimpleNamespace:
    """Builders: ``build.table``, ``build.para``, ``build.heading``, ``build.item``, ``build.document``."""
    return SimpleNamespace(table=table, para=para, heading=heading, item=item, document=document)


def of_type(records: list[dict], record_type: str) -> list[dict]:
    return [r for r in records if r["record_type"] == record_type]


@pytest.fixture
def rows_of():
    return of_type
