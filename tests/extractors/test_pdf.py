"""PDF extractor: the corpus plans' PDFs against their other renderings, hostile and broken PDFs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from binary_corpus import (
    SAMPLE_DOCS,
    SAMPLE_GOLD,
    digits_in,
    gold_numbers,
    plan_stem,
    renderings,
    table_numbers,
    year_header_tables,
)

from plansift.extractors.base import ExtractOptions, Limits, read_document
from plansift.extractors.model import ExtractionError, ListItem, Paragraph, Table

PDFS = renderings(SAMPLE_DOCS, (".pdf",))


@pytest.fixture(scope="module")
def docs():
    cache = {}

    def get(path: Path, engine: str = "auto"):
        if (path, engine) not in cache:
            cache[(path, engine)] = read_document(path, ExtractOptions(pdf_engine=engine))
        return cache[(path, engine)]

    return get


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_pdf_holds_the_gold_numbers(pdf, docs):
    """Every target and funding number of the plan's gold key can be read in the PDF's Document."""
    doc = docs(pdf)
    wanted = gold_numbers(SAMPLE_GOLD, pdf)
    if not wanted:
        pytest.skip("no gold numbers for this plan")
    found = digits_in(doc.text())
    assert wanted <= found, sorted(wanted - found)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_pdf_has_the_same_tables_as_the_docx(pdf, docs):
    """Same number of tables, the same shapes, and the DOCX's table numbers inside the PDF's tables."""
    docx = pdf.with_name(plan_stem(pdf) + ".docx")
    if not docx.exists():
        pytest.skip("no .docx rendering")
    from_pdf, from_docx = docs(pdf), docs(docx)
    shapes_pdf = [(t.n_rows, t.n_cols) for t in from_pdf.iter_tables()]
    shapes_docx = [(t.n_rows, t.n_cols) for t in from_docx.iter_tables()]
    assert len(shapes_pdf) == len(shapes_docx)
    assert [c for _, c in shapes_pdf] == [c for _, c in shapes_docx]
    assert [t.header_rows for t in from_pdf.iter_tables()] == [t.header_rows for t in from_docx.iter_tables()]
    missing = table_numbers(from_docx) - table_numbers(from_pdf)
    assert len(missing) <= 0.02 * max(1, len(table_numbers(from_docx))), sorted(missing)[:20]


def _cell_list_items(doc) -> list[str]:
    return [
        " ".join(block.text.split())
        for table in doc.iter_tables()
        for row in table.rows
        for cell in row
        for block in cell.blocks
        if isinstance(block, ListItem)
    ]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_list_items_in_cells_are_read_whole(pdf, docs):
    """A bullet's wrapped lines belong to its item, though the bullet glyph is set larger than the words (Word's
    PDFs do that): nine in ten of the DOCX's list items in table cells are items of the PDF, word for word (the
    rest are split by a page break, or were several paragraphs in one Word item)."""
    docx = pdf.with_name(plan_stem(pdf) + ".docx")
    if not docx.exists():
        pytest.skip("no .docx rendering")
    wanted = _cell_list_items(docs(docx))
    if not wanted:
        pytest.skip("no list items in table cells")
    found = set(_cell_list_items(docs(pdf)))
    missing = [item for item in wanted if item not in found]
    assert len(missing) <= 0.1 * len(wanted), missing[:5]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_no_wrapped_line_of_a_list_item_stands_alone(pdf, docs):
    """A paragraph opening in lower case right after a list item in a cell is the rest of that item: its wrapped
    lines, or the lines a page break carried over to the next page's part of the row."""
    alone = [
        (item.text[-40:], after.text[:40])
        for table in docs(pdf).iter_tables()
        for row in table.rows
        for cell in row
        for item, after in zip(cell.blocks, cell.blocks[1:], strict=False)
        if isinstance(item, ListItem) and isinstance(after, Paragraph) and after.text[:1].islower()
    ]
    assert alone == []


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_key_tables_have_year_headers_and_gold_numbers(pdf, docs):
    """When the plan has tables, one has year-like header cells, and the tables hold most gold numbers."""
    doc = docs(pdf)
    wanted = gold_numbers(SAMPLE_GOLD, pdf)
    if not any(True for _ in doc.iter_tables()) or not wanted:
        pytest.skip("no tables or no gold numbers")
    assert year_header_tables(doc)
    assert len(wanted & table_numbers(doc)) >= 0.8 * len(wanted), sorted(wanted - table_numbers(doc))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_every_block_has_page_and_box(pdf, docs):
    doc = docs(pdf)
    assert doc.format == "pdf" and doc.producer
    for page in doc.pages:
        for block in page.blocks:
            assert block.prov.page == page.number or isinstance(block, Table)
            assert block.prov.bbox is not None
            if isinstance(block, Table):
                assert len(block.row_provs) == block.n_rows
                for row in block.rows:
                    assert len(row) == block.n_cols


def test_pdfplumber_engine_gives_the_same_tables(docs):
    pdf = PDFS[0]
    fast, slow = docs(pdf), docs(pdf, "pdfplumber")
    assert [(t.n_rows, t.n_cols) for t in fast.iter_tables()] == [(t.n_rows, t.n_cols) for t in slow.iter_tables()]
    assert table_numbers(fast) == table_numbers(slow)


def test_table_over_a_page_break_is_one_table(negative_dir):
    """The WARN report's ruled table runs over 15 pages with the same columns: one table, its header once."""
    doc = read_document(negative_dir / "ca-warn-report-2015-16.pdf")
    tables = list(doc.iter_tables())
    assert len(tables) < doc.n_pages
    longest = max(tables, key=lambda t: t.n_rows)
    assert len({p.page for p in longest.row_provs}) > 2
    header = longest.text_grid()[0]
    assert sum(row == header for row in longest.text_grid()) == 1


def test_running_headers_go_to_furniture(negative_dir):
    doc = read_document(negative_dir / "federal-register-2020-17221.pdf")
    running = "Federal Register / Vol."
    with_header = sum(any(b.text.startswith(running) for b in p.furniture) for p in doc.pages)
    assert with_header >= doc.n_pages - 2
    assert not any(b.text.startswith(running) for b in doc.iter_blocks())


def test_three_columns_read_column_by_column(negative_dir):
    """The Federal Register page must not interleave its columns ('AGENCY: Federal Aviation ...')."""
    doc = read_document(negative_dir / "federal-register-2020-17221.pdf")
    agency = next(b.text for b in doc.iter_blocks() if b.text.startswith("AGENCY:"))
    assert agency.startswith("AGENCY: Federal Aviation Administration")


def test_encrypted_pdf_says_it_needs_a_password(negative_dir):
    with pytest.raises(ExtractionError, match="password"):
        read_document(negative_dir / "password-protected-backup4all.pdf")


def test_copy_protected_pdf_is_read(negative_dir):
    doc = read_document(negative_dir / "copy-protected-layoutparser-paper.pdf")
    assert len(doc.text()) > 1000


def test_truncated_pdf_is_a_clear_failure(tmp_path):
    data = PDFS[0].read_bytes()
    bad = tmp_path / "half.pdf"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError, match="truncated"):
        read_document(bad)


def test_page_limit_skips_with_a_message():
    with pytest.raises(ExtractionError, match="raise --max-pages") as err:
        read_document(PDFS[0], ExtractOptions(limits=Limits(max_pages=1)))
    assert err.value.status == "skipped"


def _image_only_pdf(src: Path, out: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    image = pdf[0].render(scale=2).to_pil().convert("RGB")
    pdf.close()
    image.save(out, "PDF", resolution=144)


def test_scanned_pdf_is_ocred_or_explained(tmp_path):
    scanned = tmp_path / "scanned.pdf"
    _image_only_pdf(PDFS[0], scanned)
    if shutil.which("ocrmypdf") is None:
        with pytest.raises(ExtractionError, match="install ocrmypdf"):
            read_document(scanned)
        return
    doc = read_document(scanned)
    assert any("OCR" in w for w in doc.warnings)
    assert len(doc.text().split()) > 50


def test_scanned_pdf_without_ocr_says_so(tmp_path):
    scanned = tmp_path / "scanned.pdf"
    _image_only_pdf(PDFS[0], scanned)
    with pytest.raises(ExtractionError, match="no text layer"):
        read_document(scanned, ExtractOptions(ocr=False))


def test_negative_corpus_reads_or_fails_clearly(negative_dir):
    """Every negative file either reads or raises ExtractionError with a specific message; none crashes."""
    for path in sorted(negative_dir.iterdir()):
        if path.suffix == ".md":
            continue
        try:
            doc = read_document(path)
        except ExtractionError as exc:
            assert len(str(exc)) > 15 and exc.status in ("failed", "skipped"), path.name
            if "password" in path.name:
                assert "password" in str(exc)
            continue
        assert doc.pages, path.name


def test_unruled_table_from_aligned_columns(negative_dir):
    """The budget statement has no rules: its rows are found from columns of white space, numbers in place."""
    doc = read_document(negative_dir / "india-budget-provisions-2014-15.pdf")
    table = max(doc.iter_tables(), key=lambda t: t.n_rows)
    assert table.n_rows >= 20 and table.n_cols >= 5
    numeric = [row for row in table.text_grid() if sum(c.replace(".", "").isdigit() for c in row[1:]) >= 4]
    assert len(numeric) >= 0.6 * table.n_rows


def test_rotated_page_reads_in_display_order(negative_dir):
    """The Senate report's page is turned 90 degrees: its header reads left to right as displayed."""
    doc = read_document(negative_dir / "us-senate-expenditures.pdf")
    table = next(doc.iter_tables())
    assert table.text_grid()[0][:3] == ["DOCUMENT NO.", "DATE POSTED", "PAYEE NAME"]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_font_read_once_per_text_object_gives_the_same_words(pdf, monkeypatch):
    """Font size and weight are read once per pdfium text object: the words are those read per word."""
    import pypdfium2 as pdfium

    from plansift.extractors import pdf_geometry

    doc = pdfium.PdfDocument(str(pdf))
    try:
        cached = [pdf_geometry.read_pdfium_page(doc, i).words for i in range(len(doc))]
        monkeypatch.setattr(pdf_geometry, "_text_object_address", lambda raw: None)
        per_word = [pdf_geometry.read_pdfium_page(doc, i).words for i in range(len(doc))]
    finally:
        doc.close()
    assert cached == per_word
    assert any(w["bold"] for page in cached for w in page) and sum(map(len, cached)) > 300


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_bare_char_box_prototype_reads_the_boxes_of_the_checked_binding(pdf):
    """The words loop calls pdfium's loose character box (and angle) through bare prototypes and reads the box
    as four floats: every character of every page gets the box (and the found/not found answer) and the angle
    of pypdfium2's own bindings, the box read field by field."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from plansift.extractors.pdf_geometry import _char_angle, _loose_char_box

    bare, angle = _loose_char_box(raw), _char_angle(raw)
    doc = pdfium.PdfDocument(str(pdf))
    compared = 0
    try:
        for page in doc:
            textpage = page.get_textpage()
            rect, other = raw.FS_RECTF(), raw.FS_RECTF()
            read = memoryview(other).cast("B").cast("f").tolist
            address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            for i in range(raw.FPDFText_CountChars(textpage.raw)):
                found = bool(raw.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect)))
                assert bool(bare(address, i, ctypes.addressof(other))) == found
                assert angle(address, i) == raw.FPDFText_GetCharAngle(textpage.raw, i)
                if found:
                    assert read() == [rect.left, rect.top, rect.right, rect.bottom]
                    compared += 1
            textpage.close()
            page.close()
    finally:
        doc.close()
    assert compared > 1000


def _compiled_loop():
    """The compiled words loop; a failure where a C compiler is found (the install should have built it)."""
    from plansift.extractors import pdf_geometry

    if pdf_geometry._native_words is None:
        if shutil.which("cc") or shutil.which("gcc"):
            pytest.fail(
                "the compiled words loop (plansift/extractors/_pdfwords.c) is not built although a C compiler "
                "is here: reinstall plansift (pip install -e .) and read what the build printed"
            )
        pytest.skip("no C compiler here: plansift reads PDFs with the Python loop")
    return pdf_geometry


def _words_both_ways(path: Path) -> tuple[int, int]:
    """Every unrotated page's words read by the compiled loop and by the Python loop must be the same, value
    and type; returns (pages compared, words compared)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf_geometry = _compiled_loop()
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return 0, 0  # encrypted or damaged: no page to compare
    pages = words = 0
    try:
        for number, page in enumerate(doc, 1):
            if page.get_rotation() % 360:
                page.close()
                continue  # turned pages always take the Python loop
            cropbox = page.get_cropbox()
            textpage = page.get_textpage()
            args = (raw, textpage.raw, pdf_geometry.box_mapper(0, cropbox), 0.0, (cropbox[0], cropbox[3]))
            compiled = pdf_geometry._pdfium_words(*args, native=True)
            python = pdf_geometry._pdfium_words(*args, native=False)
            assert compiled == python, f"{path.name} page {number}"
            assert [list(map(type, w.values())) for w in compiled] == [list(map(type, w.values())) for w in python]
            pages, words = pages + 1, words + len(python)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages, words


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_compiled_words_loop_reads_the_words_of_the_python_loop(pdf):
    """The per-character loop in C gives every word of the Python loop, with the same text, box, size and
    weight, as the same Python types."""
    pages, words = _words_both_ways(pdf)
    assert pages >= 1 and words > 300


def test_compiled_words_loop_on_the_negative_pdfs(negative_dir):
    """The same on the unrelated PDFs: other producers, fonts scaled by the text matrix, characters without a
    box, copy-protected text, a corrupted stream."""
    totals = [_words_both_ways(pdf) for pdf in sorted(negative_dir.glob("*.pdf"))]
    assert sum(pages for pages, _ in totals) >= 20 and sum(words for _, words in totals) > 10_000


def test_compiled_words_loop_is_what_a_pdf_is_read_with(monkeypatch):
    """read_document's words come from the compiled loop where it is built: with it taken away the Document
    is the same (the Python loop), and the loop is not bypassed."""
    from plansift.extractors import pdf_geometry

    _compiled_loop()
    calls = []
    real = pdf_geometry._native_words

    def counted(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(pdf_geometry, "_native_words", counted)
    compiled = read_document(PDFS[0])
    monkeypatch.setattr(pdf_geometry, "_native_words", None)
    python = read_document(PDFS[0])
    assert calls and len(calls) >= compiled.n_pages
    assert [b.text for p in compiled.pages for b in p.blocks] == [b.text for p in python.pages for b in p.blocks]


def test_page_border_is_no_table_cell(negative_dir):
    """The Senate page's rows sit inside a ruled border under a ruled header: the border is no cell holding
    the page's text, its rows are read as a table of their own, a document number and its amount on one row."""
    doc = read_document(negative_dir / "us-senate-expenditures.pdf")
    tables = list(doc.iter_tables())
    assert max(len(cell.split()) for t in tables for row in t.text_grid() for cell in row) <= 40
    rows = [row for t in tables for row in t.text_grid()]
    first = next(row for row in rows if row[0] == "DHAW20190001")
    assert first[1] == "05/03/2019" and first[-1] == "920.68"
    assert sum(row[0].startswith("DHAW2019") for row in rows) == 22
    assert any(row[2] == "BAIN, J MATTHEW" and row[-1] == "37,499.96" for row in rows)


@pytest.mark.parametrize("rule", ["both", "values", "prose"])
def test_prose_in_columns_is_no_table(negative_dir, monkeypatch, rule):
    """Page 6 of the Federal Register notice is three columns of running text (citing a code or two): no
    table is made of it, and every line of it is read. Either rule alone keeps it out: a column of values
    holds short cells, and cells of running text are not a table."""
    from plansift.extractors import pdf_tables

    if rule == "values":
        monkeypatch.setattr(pdf_tables, "_is_prose", lambda rows: False)
    elif rule == "prose":
        monkeypatch.setattr(pdf_tables, "MAX_VALUE_WORDS", 10**6)
    doc = read_document(negative_dir / "federal-register-2020-17221.pdf")
    page = doc.pages[5]
    grids = [t.text_grid() for t in page.blocks if isinstance(t, Table)]
    assert grids and all(row[0] != "inoperative flight control system" for grid in grids for row in grid)
    assert all("responsibilities among the various" not in cell for g in grids for row in g for cell in row)
    text = " ".join(b.text for b in page.blocks)
    assert "The FAA has determined that" in text and "responsibilities among the various" in text


def test_unruled_table_rows_go_on_over_wrapped_lines(negative_dir):
    """A cell wrapped onto a line of its own stays in its row: the budget's column headers are one table."""
    doc = read_document(negative_dir / "india-budget-provisions-2014-15.pdf")
    header = next(t for t in doc.iter_tables() if t.text_grid()[-1][0] == "Ministry/Demand")
    assert "Total Plan & Non-Plan" in [cell.replace("\n", " ") for row in header.text_grid() for cell in row]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_frame_and_prose_rules_leave_the_plans_tables_alone(pdf, docs, monkeypatch):
    """The sample plans have no page border and no columns of prose: with the two rules turned off their
    tables are the same, cell for cell."""
    from plansift.extractors import pdf_tables

    with_rules = [t.text_grid() for t in docs(pdf).iter_tables()]
    monkeypatch.setattr(pdf_tables, "without_frames", lambda boxes, words: [boxes])
    monkeypatch.setattr(pdf_tables, "_is_prose", lambda rows: False)
    monkeypatch.setattr(pdf_tables, "_continues_cell", lambda run, seg, size: False)
    without = [t.text_grid() for t in read_document(pdf).iter_tables()]
    assert with_rules == without


def test_an_action_plan_without_rules_is_not_prose():
    """Long lower-case descriptions beside short leads and dates are a table; columns that all run on are not."""
    from types import SimpleNamespace

    from plansift.extractors.pdf_tables import _is_prose

    def grid(rows):
        return [[SimpleNamespace(text=t) for t in row] for row in rows]

    actions = grid(
        [
            [
                "Run a campaign on alcohol related violence in the town centre",
                "offer advice to licensees",
                "J Smith",
                "Mar 09",
            ],
            ["Extend the use of dispersal orders where needed", "review the orders every quarter", "Police", "Jun 09"],
            ["Set up a night-time economy group with the bars", "agree the terms of reference", "CSP", "Dec 08"],
        ]
    )
    prose = grid(
        [
            ["the agency has determined that", "responsibilities among the various", "levels of government and"],
            ["this action would not have a", "substantial direct effect on the", "states or on the relationship"],
            [
                "between the national government and",
                "the states or on the distribution",
                "of power and responsibilities",
            ],
        ]
    )
    assert not _is_prose(actions)
    assert _is_prose(prose)


def _word(text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size, "bold": False}


def test_a_superscript_ordinal_suffix_joins_its_number():
    from plansift.extractors.pdf_geometry import join_ordinal_suffixes

    # the words of 'the 1st Phase by 31st March' as Word's PDF sets them: each suffix smaller, raised, a space apart
    words = [
        _word("1", 203.3, 208.3, 491.6, 497.8, 9.0),
        _word("st", 210.8, 214.8, 490.7, 494.3, 5.2),
        _word("Phase", 217.4, 242.9, 491.3, 497.9, 9.0),
        _word("31", 250.0, 260.0, 491.6, 497.8, 9.0),
        _word("st,", 260.2, 266.0, 490.7, 494.3, 5.2),
    ]
    assert [w["text"] for w in join_ordinal_suffixes(words)] == ["1st", "Phase", "31st,"]
    assert join_ordinal_suffixes(words)[0]["x1"] == 214.8
    # a suffix in the text's own size, on its baseline, or far from the number is a word of its own
    same_size = [_word("1", 0, 5, 10, 19, 9.0), _word("st", 7, 14, 10, 19, 9.0)]
    far = [_word("1", 0, 5, 10, 19, 9.0), _word("st", 20, 24, 9, 13, 5.2)]
    for words in (same_size, far):
        assert [w["text"] for w in join_ordinal_suffixes(words)] == ["1", "st"]


def test_ordinals_in_the_plans_pdfs_read_as_in_their_text():
    pdf = next(p for p in PDFS if p.name.startswith("coventry"))
    text = read_document(pdf).text()
    assert "1st Phase" in text and "st 1" not in text


def test_a_word_broken_for_being_wider_than_its_cell_is_put_back():
    from plansift.extractors.pdf_layout import _join, _make_line

    # a cell whose text may reach x = 406.4 (the geometry of a Word table's narrow column)
    def lines(*rows):
        return [_make_line([_word(t, x0, x1, top, top + 8, 9.0) for t, x0, x1 in row]) for top, row in rows]

    broken = lines((382, [("Police/CPS/Courts/Probati", 300.2, 405.7)]), (392, [("on", 300.2, 310.2)]))
    assert _join(broken, 406.4) == "Police/CPS/Courts/Probation"
    capitals = lines((466, [("Boroughs/Probation/MAP", 300.2, 401.8)]), (477, [("PA", 300.2, 312.2)]))
    assert _join(capitals, 406.4) == "Boroughs/Probation/MAPPA"
    # wrapped whole: room left for the next letter, another kind of word, or right-aligned figures
    wrapped = lines((120, [("+WCC/CDRPs/Boroughs", 300.2, 400.5)]), (130, [("and", 300.2, 315.2)]))
    assert _join(wrapped, 406.4) == "+WCC/CDRPs/Boroughs and"
    header = lines((100, [("Target", 290.3, 317.8)]), (110, [("2008/09", 290.3, 322.8)]))
    assert _join(header, 318.0) == "Target 2008/09"
    figures = lines((100, [("18,870", 130.0, 144.3)]), (110, [("209", 135.0, 144.3)]))
    assert _join(figures, 140.4) == "18,870 209"
    assert _join(broken) == "Police/CPS/Courts/Probati on", "outside a table cell nothing is joined"
