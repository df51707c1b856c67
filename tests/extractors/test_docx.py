"""DOCX extractor: the corpus plans, merged and nested cells, lists, furniture, and hostile packages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from binary_corpus import SAMPLE_DOCS, SAMPLE_GOLD, digits_in, gold_numbers, renderings, year_header_tables

from plansift.extractors.base import ExtractOptions, Limits, read_document
from plansift.extractors.model import ExtractionError, Heading, ListItem, Table

DOCXS = renderings(SAMPLE_DOCS, (".docx",))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize("path", DOCXS, ids=lambda p: p.name)
def test_docx_holds_the_gold_numbers(path):
    doc = read_document(path)
    assert doc.format == "docx"
    wanted = gold_numbers(SAMPLE_GOLD, path)
    if not wanted:
        pytest.skip("no gold numbers")
    assert wanted <= digits_in(doc.text()), sorted(wanted - digits_in(doc.text()))


@pytest.mark.parametrize("path", DOCXS, ids=lambda p: p.name)
def test_docx_tables_are_full_grids(path):
    doc = read_document(path)
    tables = list(doc.iter_tables())
    if tables:
        assert year_header_tables(doc)
    for table in tables:
        assert all(len(row) == table.n_cols for row in table.rows)
        for r, row in enumerate(table.rows):
            for c in range(len(row)):
                origin = table.cell(r, c)
                assert origin is not None and origin.spanned_from is None


def _tables(name: str, negative_dir: Path) -> list[Table]:
    return list(read_document(negative_dir / name).iter_tables())


def test_merged_cells_keep_their_spans(negative_dir):
    tables = _tables("tables-merged-cells.docx", negative_dir)
    cells = [c for t in tables for row in t.rows for c in row]
    assert any(c.col_span == 2 and "Merged" in c.text for c in cells)
    assert any(c.row_span == 2 and "Merged" in c.text for c in cells)
    vertical = next(t for t in tables if any(c.row_span == 2 for row in t.rows for c in row))
    r, c = next((r, c) for r, row in enumerate(vertical.rows) for c, cell in enumerate(row) if cell.row_span == 2)
    assert vertical.rows[r + 1][c].spanned_from == (r, c)


def test_incomplete_rows_are_padded(negative_dir):
    for table in _tables("tables-incomplete-rows.docx", negative_dir):
        assert len({len(row) for row in table.rows}) == 1


def test_nested_table_is_flattened_into_its_cell(negative_dir):
    tables = _tables("tables-rich-and-nested-cells.docx", negative_dir)
    texts = [c.text for t in tables for row in t.rows for c in row]
    assert any(" | " in text for text in texts)


def test_list_levels_and_markers(negative_dir):
    doc = read_document(negative_dir / "nested-lists.docx")
    items = [b for b in doc.iter_blocks() if isinstance(b, ListItem)]
    assert len(items) >= 40
    assert {0, 1, 2} <= {i.depth for i in items}
    assert any(i.marker and i.marker[0].isdigit() for i in items)
    assert any(i.marker == "•" for i in items)
    assert any(isinstance(b, Heading) for b in doc.iter_blocks())


def test_headers_and_footers_are_furniture(negative_dir):
    doc = read_document(negative_dir / "us-doj-chapter-13-trustee-handbook.docx")
    furniture = [b for p in doc.pages for b in p.furniture]
    assert furniture and {b.prov.part for b in furniture} <= {"header", "footer"}
    assert doc.n_pages > 1


def test_strict_ooxml_says_what_to_do(negative_dir):
    with pytest.raises(ExtractionError, match="Strict Open XML"):
        read_document(negative_dir / "strict-ooxml-unreadable.docx")


def _docx(tmp_path: Path, build) -> Path:
    import docx

    document = docx.Document()
    build(document)
    path = tmp_path / "made.docx"
    document.save(path)
    return path


def _rewrite(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members[part] = change(members[part])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_text_boxes_content_controls_and_page_breaks(tmp_path):
    from docx.oxml import parse_xml

    def build(document):
        document.add_heading("Plan", level=1)
        document.add_paragraph("Before the break")
        document.add_page_break()
        p = document.add_paragraph("Anchor")
        p._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
                "<w:txbxContent><w:p><w:r><w:t>Text in a box</w:t></w:r></w:p></w:txbxContent>"
                "</v:textbox></v:shape></w:pict></w:r>"
            )
        )
        document.element.body.insert(
            -1,
            parse_xml(
                f'<w:sdt xmlns:w="{W_NS}"><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r></w:p>'
                "</w:sdtContent></w:sdt>"
            ),
        )

    doc = read_document(_docx(tmp_path, build))
    texts = [b.text for b in doc.iter_blocks()]
    assert "Text in a box" in texts and "In a content control" in texts
    assert doc.n_pages == 2
    assert doc.pages[1].blocks[0].text == "Anchor"
    assert isinstance(doc.pages[0].blocks[0], Heading)


def test_billion_laughs_is_refused_not_expanded(tmp_path):
    path = _docx(tmp_path, lambda d: d.add_paragraph("&lol9;"))
    dtd = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    _rewrite(path, "word/document.xml", lambda xml: xml.replace(b"?>", b"?>" + dtd + b"]>", 1))
    with pytest.raises(ExtractionError, match="DOCTYPE"):
        read_document(path)


def test_zip_bomb_names_the_limit(tmp_path):
    path = _docx(tmp_path, lambda d: d.add_paragraph("x" * 200_000))
    with pytest.raises(ExtractionError, match="--max-decompressed-bytes"):
        read_document(path, ExtractOptions(limits=Limits(max_decompressed_bytes=100_000)))


def test_corrupt_zip_and_password_protected(tmp_path):
    good = _docx(tmp_path, lambda d: d.add_paragraph("hello"))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(ExtractionError, match="corrupt|damaged"):
        read_document(cut)
    ole = tmp_path / "locked.docx"
    ole.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600
    )
    with pytest.raises(ExtractionError, match="password"):
        read_document(ole)


def test_deep_nesting_stops_with_a_warning(tmp_path):
    depth = 25
    inner = "<w:p><w:r><w:t>deepest</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    path = _docx(tmp_path, lambda d: d.add_paragraph("top"))
    _rewrite(path, "word/document.xml", lambda xml: xml.replace(b"<w:sectPr", inner.encode() + b"<w:sectPr", 1))
    doc = read_document(path, ExtractOptions(limits=Limits(max_table_depth=5)))
    assert any("nested deeper" in w for w in doc.warnings)
    assert len(list(doc.iter_tables())) == 1


def test_val_finds_what_elementpath_finds(samples_dir):
    """``_val`` walks child steps itself: the same answer as lxml's ``find`` on every paragraph, row and cell."""
    import docx as python_docx

    from plansift.extractors.docx import W_NS, W_VAL, _val, w

    paths = {
        w("p"): ("w:pPr/w:pStyle", "w:pPr/w:numPr/w:numId", "w:pPr/w:numPr/w:ilvl", "w:pPr/w:outlineLvl"),
        w("tr"): ("w:trPr/w:gridBefore", "w:trPr/w:tblHeader"),
        w("tc"): ("w:tcPr/w:gridSpan", "w:tcPr/w:vMerge"),
        w("style"): ("w:name", "w:basedOn", "w:pPr/w:numPr/w:numId"),
    }
    checked = found = 0
    for path in sorted(samples_dir.glob("*.docx")):
        document = python_docx.Document(str(path))
        for root in (document.element.body, document.styles.element):
            for el in root.iter(*paths):
                for step in paths[el.tag]:
                    hit = el.find(step, {"w": W_NS})
                    assert _val(el, step) == (None if hit is None else hit.get(W_VAL, "")), step
                    checked, found = checked + 1, found + (hit is not None)
    assert checked > 1000 and found > 100


def _readable_word_files(samples_dir):
    """The sample and negative Word files python-docx opens (Strict OOXML and the like it refuses)."""
    import docx as python_docx

    files = sorted(samples_dir.glob("*.docx"))
    negative = samples_dir.parent.parent / "shared" / "corpus" / "negative"
    files += sorted(negative.glob("*.docx")) if negative.is_dir() else []
    for path in files:
        try:
            yield python_docx.Document(str(path))
        except Exception:
            continue


def test_paragraph_props_read_once_are_those_val_finds(samples_dir):
    """A paragraph's properties read in one pass over ``w:pPr`` are those ``_val`` finds path by path, on every
    paragraph of the sample and negative Word files, and on made-up paragraphs with repeated properties."""
    from lxml import etree

    from plansift.extractors.docx import W_NS, _paragraph_props, _val, w

    paths = {
        "pStyle": "w:pPr/w:pStyle",
        "numId": "w:pPr/w:numPr/w:numId",
        "ilvl": "w:pPr/w:numPr/w:ilvl",
        "outlineLvl": "w:pPr/w:outlineLvl",
        "pageBreakBefore": "w:pPr/w:pageBreakBefore",
    }

    def check(p) -> int:
        props = _paragraph_props(p)
        for name, path in paths.items():
            assert props.get(name) == _val(p, path), (name, etree.tostring(p)[:300])
        return len(props)

    checked = found = 0
    for document in _readable_word_files(samples_dir):
        for p in document.element.body.iter(w("p")):
            found += check(p)
            checked += 1
    assert checked > 500 and found > 100
    made_up = (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:numPr><w:ilvl w:val="2"/></w:numPr><w:pStyle w:val="A"/>'
        '<w:numPr><w:ilvl w:val="3"/><w:numId w:val="7"/></w:numPr><w:pageBreakBefore/><!-- a note -->'
        '<w:pStyle w:val="B"/></w:pPr><w:pPr><w:outlineLvl w:val="1"/><w:pStyle w:val="C"/></w:pPr></w:p>'
    )
    assert check(etree.fromstring(made_up)) == 5


def test_row_cell_and_style_values_read_once_are_those_val_finds(samples_dir):
    """The values of a row's ``w:trPr`` and a cell's ``w:tcPr`` read in one pass, and a style's ``w:pPr`` read
    as a paragraph's, are those ``_val`` finds path by path, on every row, cell and style of the sample and
    negative Word files, and on made-up rows and cells with repeated properties and comments."""
    from lxml import etree

    from plansift.extractors.docx import (
        _TCPR_VALUES,
        _TRPR_VALUES,
        _W_TCPR,
        _W_TRPR,
        W_NS,
        _paragraph_props,
        _props_vals,
        _val,
        w,
    )

    def check(el) -> int:
        if el.tag == w("style"):
            got = _paragraph_props(el)
            paths = {
                "outlineLvl": "w:pPr/w:outlineLvl",
                "numId": "w:pPr/w:numPr/w:numId",
                "ilvl": "w:pPr/w:numPr/w:ilvl",
            }
        elif el.tag == w("tr"):
            got = _props_vals(el, _W_TRPR, _TRPR_VALUES)
            paths = {"gridBefore": "w:trPr/w:gridBefore", "tblHeader": "w:trPr/w:tblHeader"}
        else:
            got = _props_vals(el, _W_TCPR, _TCPR_VALUES)
            paths = {"gridSpan": "w:tcPr/w:gridSpan", "vMerge": "w:tcPr/w:vMerge"}
        for name, path in paths.items():
            assert got.get(name) == _val(el, path), (name, etree.tostring(el)[:300])
        return sum(name in got for name in paths)

    checked = found = 0
    for document in _readable_word_files(samples_dir):
        for root in (document.element.body, document.styles.element):
            for el in root.iter(w("tr"), w("tc"), w("style")):
                found += check(el)
                checked += 1
    assert checked > 1000 and found > 50
    made_up = (
        f'<w:tbl xmlns:w="{W_NS}"><w:tr><w:trPr><!-- a note --><w:tblHeader/><w:gridBefore w:val="1"/>'
        '<w:gridBefore w:val="2"/></w:trPr><w:trPr><w:tblHeader w:val="0"/></w:trPr>'
        '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/></w:tcPr>'
        "</w:tc></w:tr></w:tbl>"
    )
    table = etree.fromstring(made_up)
    assert check(table[0]) == 2 and check(table[0][2]) == 2


def test_a_short_line_all_in_bold_is_a_heading(tmp_path):
    """A plan that sets its headings as bold Normal paragraphs: a short bold line is a heading; a bold sentence,
    a line partly in bold and a bold cell are not."""

    def build(document):
        document.add_paragraph().add_run("WHAT WE WILL DO").bold = True
        document.add_paragraph().add_run("Objective 1: More people volunteering").bold = True
        document.add_paragraph().add_run("All figures are in pounds and include VAT.").bold = True
        mixed = document.add_paragraph()
        mixed.add_run("Lead:").bold = True
        mixed.add_run(" Cumbria CVS")
        document.add_paragraph().add_run("Not bold at all")
        cell = document.add_table(rows=1, cols=2).cell(0, 0)
        cell.paragraphs[0].add_run("Indicator").bold = True

    doc = read_document(_docx(tmp_path, build))
    kinds = {b.text: type(b).__name__ for b in doc.iter_blocks() if not isinstance(b, Table)}
    assert kinds == {
        "WHAT WE WILL DO": "Heading",
        "Objective 1: More people volunteering": "Heading",
        "All figures are in pounds and include VAT.": "Paragraph",
        "Lead: Cumbria CVS": "Paragraph",
        "Not bold at all": "Paragraph",
    }
    [table] = list(doc.iter_tables())
    assert table.rows[0][0].blocks[0].kind == "paragraph"
