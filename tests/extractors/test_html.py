"""The HTML extractor on real pages of the negative corpus and on small cases written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plansift.extractors.base import ExtractOptions, Limits, read_document
from plansift.extractors.html import HtmlExtractor, parse_html
from plansift.extractors.model import Document, ExtractionError, Heading, ListItem, Paragraph, Table


def _doc(tmp_path: Path, html: str | bytes, options: ExtractOptions | None = None) -> Document:
    path = tmp_path / "page.html"
    if isinstance(html, str):
        path.write_text(html, encoding="utf-8")
    else:
        path.write_bytes(html)
    return HtmlExtractor().extract(path, options or ExtractOptions())


def test_rowspan_and_colspan_become_placeholders(tmp_path: Path) -> None:
    html = """<html><body><table>
    <thead><tr><th rowspan="2">Indicator</th><th colspan="2">Target</th></tr>
    <tr><th>2008/09</th><th>2009/10</th></tr></thead>
    <tr><td>NI 15</td><td>1.33</td><td>1.28</td></tr>
    <tr><td colspan="3">Note spanning the table</td></tr>
    </table></body></html>"""
    table = next(_doc(tmp_path, html).iter_tables())
    assert table.n_rows == 4 and table.n_cols == 3
    assert table.header_rows == 2
    origin = table.rows[0][0]
    assert (origin.row_span, origin.col_span, origin.is_header) == (2, 1, True)
    assert table.rows[1][0].spanned_from == (0, 0)
    assert table.rows[0][1].col_span == 2 and table.rows[0][2].spanned_from == (0, 1)
    assert table.cell(1, 0).text == "Indicator"
    assert table.text_grid() == [
        ["Indicator", "Target", ""],
        ["", "2008/09", "2009/10"],
        ["NI 15", "1.33", "1.28"],
        ["Note spanning the table", "", ""],
    ]
    assert table.rows[3][2].spanned_from == (3, 0)
    assert len(table.row_provs) == 4


def test_thead_rows_are_header_rows_even_with_td(tmp_path: Path) -> None:
    html = (
        "<table><thead><tr><td>Ref</td><td>Amount</td></tr></thead><tbody><tr><td>A</td><td>5</td></tr></tbody></table>"
    )
    table = next(_doc(tmp_path, html).iter_tables())
    assert table.header_rows == 1 and table.rows[0][0].is_header and not table.rows[1][0].is_header


def test_headings_paragraphs_lists_and_skipped_content(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html><head><title>Plan</title><meta name=Generator content="Microsoft Word 15">
<style>p {color: red}</style></head>
<body><script>var hidden = 1;</script>
<h1>Delivery plan</h1>
<p>Intro <b>bold</b> text &amp; more.</p>
<ul><li>First<ul><li>Nested one</li><li>Nested two</li></ul></li><li>Second</li></ul>
<ol><li>Numbered</li></ol>
<div style="display: none"><div>secret</div>still hidden</div><p hidden>hidden too</p>
<h3>End</h3></body></html>"""
    doc = _doc(tmp_path, html)
    assert doc.title == "Plan" and doc.format == "html" and doc.producer == "Microsoft Word 15"
    blocks = list(doc.iter_blocks())
    assert [(type(b).__name__, b.text) for b in blocks] == [
        ("Heading", "Delivery plan"),
        ("Paragraph", "Intro bold text & more."),
        ("ListItem", "First"),
        ("ListItem", "Nested one"),
        ("ListItem", "Nested two"),
        ("ListItem", "Second"),
        ("ListItem", "Numbered"),
        ("Heading", "End"),
    ]
    assert [b.depth for b in blocks if isinstance(b, ListItem)] == [0, 1, 1, 0, 0]
    assert [b.level for b in blocks if isinstance(b, Heading)] == [1, 3]
    assert blocks[0].prov.line_start == 4


def test_table_holding_a_table_is_layout_and_is_unwrapped(tmp_path: Path) -> None:
    html = """<table><tr><td><p>Side text</p></td><td>
      <table><tr><th>Element</th><th>Share</th></tr><tr><td>C</td><td>0.4</td></tr></table>
    </td></tr></table>"""
    doc = _doc(tmp_path, html)
    blocks = list(doc.iter_blocks())
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "Side text"
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].text_grid() == [["Element", "Share"], ["C", "0.4"]]
    assert tables[0].header_rows == 1


def test_tables_deeper_than_the_limit_are_read_as_text(tmp_path: Path) -> None:
    inner = "<table><tr><td>a</td><td>b</td></tr></table>"
    html = "<table><tr><td>" * 3 + inner + "</td></tr></table>" * 3
    doc = _doc(tmp_path, html, ExtractOptions(limits=Limits(max_table_depth=2)))
    assert not list(doc.iter_tables())
    assert [b.text for b in doc.iter_blocks()] == ["a", "b"]


def test_cp1252_page_without_charset(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "<html><body><p>Budget £294,000</p></body></html>".encode("cp1252"))
    assert [b.text for b in doc.iter_blocks()] == ["Budget £294,000"]
    assert doc.warnings


def test_binary_named_html_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html>" + bytes(range(256)) * 32)
    with pytest.raises(ExtractionError, match="not a text file: the content is binary"):
        read_document(path)


def test_sniff() -> None:
    ext = HtmlExtractor()
    assert ext.accepts(b'<?xml version="1.0"?>\n<!-- c -->\n<html xmlns="x">', Path("a.htm"))
    assert ext.accepts(b"\n<head><title>t</title>", Path("a"))
    assert ext.accepts(b"<TABLE><TR><TD>x", Path("a.txt"))
    assert not ext.accepts(b"<b>LAA Indicator</b>\tNI 15\n", Path("a.txt"))
    assert not ext.accepts(b"%PDF-1.4", Path("a.html"))


# -- real pages ----------------------------------------------------------------


def test_inline_xbrl_filing(negative_dir: Path) -> None:
    doc = read_document(negative_dir / "sec-10k-galaxy-gaming-2021-ixbrl.html")
    assert doc.format == "html"
    tables = list(doc.iter_tables())
    assert len(tables) > 50
    assert any(c.is_placeholder for t in tables for row in t.rows for c in row)
    for table in tables:
        assert all(len(row) == table.n_cols for row in table.rows)
        for row in table.rows:
            for c, cell in enumerate(row):
                if cell.spanned_from is not None:
                    r0, c0 = cell.spanned_from
                    origin = table.rows[r0][c0]
                    assert not origin.is_placeholder and c0 + origin.col_span > c
    assert "GALAXY GAMING" in doc.text().upper()


def test_wikipedia_page_skips_scripts(negative_dir: Path) -> None:
    doc = read_document(negative_dir / "wikipedia-duck.html")
    assert doc.title and "Duck" in doc.title
    text = doc.text()
    assert "RLCONF" not in text and "function(" not in text
    assert any(isinstance(b, Heading) for b in doc.iter_blocks())
    assert sum(1 for _ in doc.iter_tables()) >= 1


def test_datasheet_keeps_data_table_out_of_layout(negative_dir: Path) -> None:
    doc = read_document(negative_dir / "steel-jis-datasheet.html")
    grids = [t.text_grid() for t in doc.iter_tables()]
    assert any(row[:3] == ["C", "Si", "Mn"] for grid in grids for row in grid)


def test_text_dump_with_leftover_tags_is_not_sniffed_as_html() -> None:
    head = b"<b>LAA Indicator</b>\tNI 15\n<table> left by a converter\n"
    assert not HtmlExtractor().accepts(head, Path("plan.txt"))


def test_header_written_with_td_cells_is_recognised(tmp_path: Path) -> None:
    html = "<table><tr><td>Source</td><td>2008/09</td></tr><tr><td>WNF</td><td>294,000</td></tr></table>"
    table = next(_doc(tmp_path, html).iter_tables())
    assert table.header_rows == 1 and table.rows[0][1].is_header
    html = "<table><tr><td>Name</td><td>Role</td></tr><tr><td>Jane</td><td>Lead</td></tr></table>"
    assert next(_doc(tmp_path, html).iter_tables()).header_rows == 0


def test_word_html_list_paragraphs_become_list_items(tmp_path: Path) -> None:
    html = (
        "<html><body><p class=MsoListParagraph>·&nbsp;&nbsp;&nbsp;Provide support</p>"
        "<p class=MsoNormal>1.1 The plan covers actions</p><p>Plain text.</p></body></html>"
    )
    blocks = list(_doc(tmp_path, html).iter_blocks())
    assert [(type(b).__name__, b.text) for b in blocks] == [
        ("ListItem", "Provide support"),
        ("ListItem", "1.1 The plan covers actions"),
        ("Paragraph", "Plain text."),
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<table>",
                "</table>",
                "<tr>",
                "</tr>",
                "<td>",
                "</td>",
                "<th colspan=2>",
                '<td rowspan="3">',
                "<td rowspan=0>",
                "<ul>",
                "</ul>",
                "<li>",
                "<p>",
                "</p>",
                "<h2>",
                "</h2>",
                "<br>",
                "text",
                " ",
                "&amp;",
                "<script>x</script>",
                "<div style='display:none'>",
                "</div>",
                "<thead>",
                "</thead>",
            ]
        )  # fmt: skip
    )
)
def test_any_tag_soup_parses_into_rectangular_tables(pieces: list[str]) -> None:
    page = parse_html("".join(pieces))
    for block in page.blocks:
        if isinstance(block, Table):
            assert all(len(row) == block.n_cols for row in block.rows)
            assert len(block.row_provs) == block.n_rows
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    if cell.spanned_from is not None:
                        r0, c0 = cell.spanned_from
                        origin = block.rows[r0][c0]
                        assert not origin.is_placeholder
                        assert r0 <= r < r0 + origin.row_span and c0 <= c < c0 + origin.col_span
