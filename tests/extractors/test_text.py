"""The text extractor on the corpus text dumps as they really are, and on small cases written here."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plansift.extractors.base import ExtractOptions, read_document
from plansift.extractors.encoding import decode_bytes, looks_like_text
from plansift.extractors.inline_markup import strip_markup
from plansift.extractors.model import Document, ExtractionError, Heading, ListItem, Paragraph, Table
from plansift.extractors.text import TextExtractor, parse_text, read_lines


def _doc(path: Path) -> Document:
    return TextExtractor().extract(path, ExtractOptions())


def _write(tmp_path: Path, text: str, name: str = "case.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table_with_header(doc: Document, word: str) -> Table:
    for table in doc.iter_tables():
        if table.header_rows and any(word in c.text for c in table.rows[table.header_rows - 1]):
            return table
    raise AssertionError(f"no table has a header cell with {word!r}")


def _row_starting(table: Table, col: int, prefix: str) -> list[str]:
    for row in table.text_grid():
        if row[col].startswith(prefix):
            return row
    raise AssertionError(f"no row whose column {col} starts with {prefix!r}")


# -- the corpus ------------------------------------------------------------


@pytest.fixture(scope="module")
def coventry(samples_dir: Path) -> Document:
    return _doc(samples_dir / "coventry-laa-target-action-plan-violent-crime.txt")


@pytest.fixture(scope="module")
def sandwell(samples_dir: Path) -> Document:
    return _doc(samples_dir / "sandwell-laa-implementation-plan-high-volume-crime.txt")


@pytest.fixture(scope="module")
def warwickshire(samples_dir: Path) -> Document:
    return _doc(samples_dir / "warwickshire-laa-improvement-delivery-plan-safer-communities.txt")


def test_coventry_target_table_keeps_rates_and_runover_text_in_their_cells(coventry: Document) -> None:
    table = _table_with_header(coventry, "Baseline & Year")
    header = [c.text for c in table.rows[table.header_rows - 1]]
    assert "Target 2008/09" in header
    baseline = header.index("Baseline & Year")
    row = _row_starting(table, 0, "Serious Violent Crime Rate")
    assert "383" in row[baseline] and "1.24" in row[baseline]
    # The tab-led line under the counts carries the rates: they join the same row, in the columns the
    # file puts them (the converter shifted them one column left), not a row of their own.
    assert "1.20" in row[baseline] and "1.15" in row[header.index("Target 2008/09")]
    assert "of drink or drugs" in row[0]
    assert not any(r[0].startswith("of drink") for r in table.text_grid())


def test_coventry_action_table_is_one_table_across_page_breaks(coventry: Document, samples_dir: Path) -> None:
    table = _table_with_header(coventry, "Planned Action(s)")
    raw = (samples_dir / "coventry-laa-target-action-plan-violent-crime.txt").read_text(encoding="utf-8")
    header_line = next(line for line in raw.splitlines() if line.startswith("Ref Nr\tPlanned"))
    assert raw.count(header_line) > 1  # the source repeats the header after each page break
    body = table.text_grid()[table.header_rows :]
    assert not any(r[1] == "Planned Action(s)" for r in body)
    assert sum(1 for t in coventry.iter_tables() if "Planned Action(s)" in t.text) == 1
    # A row split by a page break is joined again; a column-only run-over joins its cell.
    row = _row_starting(table, 1, "Work in partnership")
    assert "the powers available to different agencies" in row[1]
    assert "Sara Roach" in row[4]
    assert all(r[1] for r in body)


def test_coventry_funding_rows_and_rowprovs(coventry: Document) -> None:
    table = _table_with_header(coventry, "Comment/Rationale")
    row = _row_starting(table, 0, "Home Office Funding")
    assert "working over the Xmas period" in row[-1]
    assert len(table.row_provs) == table.n_rows
    first = table.row_provs[table.header_rows]
    assert first.line_start is not None and first.line_end > first.line_start  # the run-over line is counted


def test_sandwell_action_table_keeps_bullets_as_list_items(sandwell: Document, samples_dir: Path) -> None:
    table = _table_with_header(sandwell, "Ref")
    header = [c.text for c in table.rows[0]]
    assert header[0] == "Ref" and "Responsible Officer" in header
    r = next(i for i, row in enumerate(table.rows) if row[0].text == "HVC 1")
    cell = table.rows[r][header.index("Direct and Supporting Actions")]
    items = [b for b in cell.blocks if isinstance(b, ListItem)]
    raw = (samples_dir / "sandwell-laa-implementation-plan-high-volume-crime.txt").read_text(encoding="utf-8")
    bullets = [line for line in raw.splitlines() if line.lstrip().startswith("·")]
    assert len(items) == len(bullets) and items[0].marker == "·"
    assert items[0].text.startswith("Provide intensive support")


def test_sandwell_targets_table_rows(sandwell: Document) -> None:
    table = _table_with_header(sandwell, "2009/10")
    header = [c.text for c in table.rows[0]]
    assert header[:2] == ["LAA Targets", "2008/09"]
    row = _row_starting(table, 0, "NI 15")
    assert "1.33 per 1000 population" in row[1] and "(382 incidents)" in row[1]
    assert _row_starting(table, 0, "NI 30")[1].startswith("18%")


def test_warwickshire_partnership_table(warwickshire: Document, samples_dir: Path) -> None:
    table = _table_with_header(warwickshire, "Name of organisations involved in delivery")
    raw = (samples_dir / "warwickshire-laa-improvement-delivery-plan-safer-communities.txt").read_text(encoding="utf-8")
    lines = raw.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Name of organisations involved"))
    n_rows = 0
    while start + 1 + n_rows < len(lines) and "\t" in lines[start + 1 + n_rows]:
        n_rows += 1
    assert table.n_rows - table.header_rows == n_rows
    assert _row_starting(table, 0, "Courts")[1] == "Magistrates Courts"
    police = _row_starting(table, 0, "Police")
    assert police[3] == "Y"


def test_warwickshire_milestone_lists_become_list_items(warwickshire: Document) -> None:
    table = _table_with_header(warwickshire, "Milestones")
    col = [c.text for c in table.rows[0]].index("Milestones")
    cell = table.rows[table.header_rows][col]
    assert len([b for b in cell.blocks if isinstance(b, ListItem)]) > 1
    assert not any("<" in b.text for t in warwickshire.iter_tables() for row in t.rows for c in row for b in c.blocks)


def test_every_block_has_line_provenance(samples_dir: Path) -> None:
    for path in sorted(samples_dir.glob("*.txt")):
        doc = read_document(path)
        assert doc.format == "txt"
        n_lines = len(path.read_text(encoding="utf-8").splitlines())
        for block in doc.iter_blocks():
            assert block.prov.page == 1
            assert 1 <= block.prov.line_start <= block.prov.line_end <= n_lines, (path.name, block)


# -- small cases -------------------------------------------------------------


def test_repeated_header_row_continues_one_table(tmp_path: Path) -> None:
    text = (
        "Name\tAmount\tYear\n"
        "Alpha\t10\t2008/09\n"
        "\n"
        "Name\tAmount\tYear\n"
        "Beta\t20\t2009/10\n"
        "\n"
        "Some prose after the table.\n"
    )
    doc = _doc(_write(tmp_path, text))
    tables = list(doc.iter_tables())
    assert len(tables) == 1
    assert tables[0].header_rows == 1 and tables[0].rows[0][0].is_header
    assert tables[0].text_grid() == [["Name", "Amount", "Year"], ["Alpha", "10", "2008/09"], ["Beta", "20", "2009/10"]]
    assert [p.line_start for p in tables[0].row_provs] == [1, 2, 5]


def test_continuation_rows_join_the_previous_row(tmp_path: Path) -> None:
    text = (
        "Indicator\tBaseline\tTarget\n"
        "Crime rate per head\t383\t368\n"
        "\t1.24\t1.20\n"
        "of the resident population\t\t\n"
        "Other rate\t5\t4\n"
    )
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.text_grid() == [
        ["Indicator", "Baseline", "Target"],
        ["Crime rate per head of the resident population", "383\n1.24", "368\n1.20"],
        ["Other rate", "5", "4"],
    ]
    assert table.row_provs[1].line_start == 2 and table.row_provs[1].line_end == 4


def test_title_row_spans_the_table(tmp_path: Path) -> None:
    text = "Monitoring of indicators\t\t\t\nRef\tDefinition\tBaseline\tTarget\nNI 1\tA thing\t10\t12\n"
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.header_rows == 2
    assert table.rows[0][0].col_span == 4
    assert [c.spanned_from for c in table.rows[0][1:]] == [(0, 0)] * 3
    assert table.cell(0, 3).text == "Monitoring of indicators"


def test_markdown_headings_pipe_table_and_inline_html(tmp_path: Path) -> None:
    text = (
        "# Plan\n\n## 1: Targets\n\n| Ref | <b>Target</b> |\n|---|---|\n| NI 15 | 1 <sup>st</sup> year &amp; more |\n"
    )
    doc = _doc(_write(tmp_path, text, "case.md"))
    headings = [b for b in doc.iter_blocks() if isinstance(b, Heading)]
    assert [(h.text, h.level) for h in headings] == [("Plan", 1), ("1: Targets", 2)]
    table = next(doc.iter_tables())
    assert table.header_rows == 1
    assert table.text_grid() == [["Ref", "Target"], ["NI 15", "1st year & more"]]


def test_bullets_numbered_paragraphs_and_depth(tmp_path: Path) -> None:
    text = "2.1 The priorities are:\n - First aim\n   o Sub aim\n - Second aim\n\n• Another list\n"
    blocks = list(_doc(_write(tmp_path, text)).iter_blocks())
    assert all(isinstance(b, ListItem) for b in blocks)
    assert [(b.text, b.depth, b.marker) for b in blocks] == [
        ("2.1 The priorities are:", 1, "2.1"),
        ("First aim", 1, "-"),
        ("Sub aim", 2, "o"),
        ("Second aim", 1, "-"),
        ("Another list", 0, "•"),
    ]


def test_tab_led_cells_make_a_table(tmp_path: Path) -> None:
    text = "\t\n\tTarget\n\t2008/09\n\t2009/10\n\t\n\tNI 15\n\t1.3 per 1000\n\n(382 incidents)\n\t1.2 per 1000\n\t\n\tNI 16\n\t22\n"
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.text_grid() == [
        ["Target", "2008/09", "2009/10"],
        ["NI 15", "1.3 per 1000\n(382 incidents)", "1.2 per 1000"],
        ["NI 16", "22", ""],
    ]


def test_form_feeds_number_pages(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path, "First page text.\n\fSecond page text.\nMore.\n"))
    assert doc.n_pages == 2
    assert [(b.prov.page, b.prov.line_start) for b in doc.iter_blocks()] == [(1, 1), (2, 2), (2, 3)]
    assert all(isinstance(b, Paragraph) for b in doc.iter_blocks())


# -- decoding ----------------------------------------------------------------


def test_cp1252_pound_sign_decodes(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Budget\tAmount\tYear\nWNF\t£294,000\t2008/09\nPCT\t£1,000\t2009/10\n".encode("cp1252"))
    doc = _doc(path)
    assert "£294,000" in next(doc.iter_tables()).text
    assert any("cp1252" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "Cost £5 – total".encode(),
        codecs.BOM_UTF16_LE + "Cost £5 – total".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Cost £5 – total".encode("utf-16-be"),
        "Cost £5 – total".encode("utf-16-le"),
    ],
)
def test_unicode_encodings_decode(data: bytes) -> None:
    assert decode_bytes(data).text == "Cost £5 – total"


def test_binary_garbage_is_refused_with_a_specific_message(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ExtractionError, match=r"^not a text file: the content is binary"):
        read_document(path)


def test_sniff_rejects_other_formats() -> None:
    assert looks_like_text("Plain £ text\twith tabs\n".encode())
    assert not looks_like_text(b"%PDF-1.7\n")
    assert not looks_like_text(b"PK\x03\x04rest")
    assert not looks_like_text(b"<!DOCTYPE html><html><body>x</body></html>")
    assert not looks_like_text(b"\x00\x01\x02\x03binary")


def test_untabbed_line_between_rows_continues_the_last_cell(tmp_path: Path) -> None:
    text = "Name\tLead\tComment\nAlpha\tPolice\tA long comment\nthat wraps here\nBeta\tCouncil\tShort\n"
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.text_grid() == [
        ["Name", "Lead", "Comment"],
        ["Alpha", "Police", "A long comment that wraps here"],
        ["Beta", "Council", "Short"],
    ]


def test_tab_indented_paragraphs_stay_paragraphs(tmp_path: Path) -> None:
    text = (
        "\tThe first paragraph is indented with a tab and is wrapped\n"
        "over two lines of the file.\n"
        "\tThe second paragraph is indented too and wraps\n"
        "onto a next line as well.\n"
    )
    doc = _doc(_write(tmp_path, text))
    assert not list(doc.iter_tables())
    assert "The first paragraph is indented" in doc.text()


def test_markdown_emphasis_is_reduced_to_text(tmp_path: Path) -> None:
    doc = _doc(
        _write(tmp_path, "**Lead officer:** Jane Doe\n\n| **Ref** | Action |\n|---|---|\n| 1 | Do it |\n", "c.md")
    )
    blocks = list(doc.iter_blocks())
    assert blocks[0].text == "Lead officer: Jane Doe"
    assert blocks[1].text_grid()[0] == ["Ref", "Action"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["\t", "\n", " ", "a", "B", "1.2 ", "· ", "- ", "<b>", "<ul>", "\f", "|", "#"])))
def test_any_text_parses_with_provenance_in_range(pieces: list[str]) -> None:
    text = "".join(pieces)
    pages = parse_text(text)
    n_lines = len(read_lines(text))
    for page in pages:
        for block in page.blocks:
            assert 1 <= block.prov.line_start <= block.prov.line_end <= n_lines
            if isinstance(block, Table):
                assert len(block.row_provs) == block.n_rows
                assert all(len(row) == block.n_cols for row in block.rows)


def test_standalone_titles_become_headings_but_runs_of_short_notes_do_not(tmp_path: Path) -> None:
    text = (
        "RESOURCE PLAN\n\nPurpose\n\nTo present the plan for the year.\n\n3. Strategic overlaps\n\n"
        "Note one\n\nNote two\n\nName: Jane Doe\n"
    )
    blocks = list(_doc(_write(tmp_path, text)).iter_blocks())
    assert [(type(b).__name__, getattr(b, "level", None), b.text) for b in blocks] == [
        ("Heading", 1, "RESOURCE PLAN"),
        ("Heading", 3, "Purpose"),
        ("Paragraph", None, "To present the plan for the year."),
        ("Heading", 2, "3. Strategic overlaps"),
        ("Paragraph", None, "Note one"),
        ("Paragraph", None, "Note two"),
        ("Paragraph", None, "Name: Jane Doe"),
    ]


def test_tab_led_header_grid_finds_its_width(tmp_path: Path) -> None:
    text = "\tRef\n\tAction\n\tLead\n\tHVC 1\n\tDo x\n\tPolice\n\tHVC 2\n\t· Do y\n· Do z\n\tCouncil\n"
    doc = _doc(_write(tmp_path, text))
    table = next(doc.iter_tables())
    assert table.header_rows == 1
    assert table.text_grid() == [
        ["Ref", "Action", "Lead"],
        ["HVC 1", "Do x", "Police"],
        ["HVC 2", "Do y\nDo z", "Council"],
    ]
    assert [type(b).__name__ for b in table.rows[2][1].blocks] == ["ListItem", "ListItem"]


def test_pipe_table_continues_after_a_page_break_header(tmp_path: Path) -> None:
    text = "| Ref | Action | Lead |\n|---|---|---|\n| 1 | Patrols | Police |\n\n| Ref | Action | Lead |\n|---|---|---|\n| 2 | Cameras | Council |\n"
    tables = list(_doc(_write(tmp_path, text, "c.md")).iter_tables())
    assert len(tables) == 1
    assert tables[0].text_grid() == [["Ref", "Action", "Lead"], ["1", "Patrols", "Police"], ["2", "Cameras", "Council"]]


@pytest.mark.parametrize(
    "text",
    [
        "Actions:\n\t• Do A\n\t• Do B\n\t• Do C\n\t• Do D\n",
        "\t1. Do A\n\t2. Do B\n\t3. Do C\n\t4. Do D\n\t5. Do E\n\t6. Do F\n",
        "\tCoventry City Council\n\tCouncil House\n\tEarl Street\n\tCoventry\n\tCV1 5RR\n\tEngland\n",
    ],
)
def test_tab_indented_lists_and_lines_are_not_tables(tmp_path: Path, text: str) -> None:
    doc = _doc(_write(tmp_path, text))
    assert not list(doc.iter_tables())
    assert len(list(doc.iter_blocks())) == len(text.splitlines())


def test_utf8_with_a_stray_cp1252_byte_keeps_its_utf8() -> None:
    data = "NI 15 – rate".encode() + b" \xa3500"
    decoded = decode_bytes(data)
    assert decoded.text == "NI 15 – rate £500" and decoded.fallback


def test_repeated_title_and_header_rows_are_dropped(tmp_path: Path) -> None:
    text = (
        "Monitoring of indicators\t\t\t\nRef\tDefinition\tBaseline\tTarget\nNI 1\tA thing\t10\t12\n\n"
        "Monitoring of indicators\t\t\t\nRef\tDefinition\tBaseline\tTarget\nNI 2\tOther\t5\t4\n"
    )
    tables = list(_doc(_write(tmp_path, text)).iter_tables())
    assert len(tables) == 1 and tables[0].header_rows == 2
    assert [row[0] for row in tables[0].text_grid()] == ["Monitoring of indicators", "Ref", "NI 1", "NI 2"]


def test_columns_no_row_fills_are_dropped(tmp_path: Path) -> None:
    text = "\tRef\tAction\tLead\t\n\tHVC 1\tPatrols\tPolice\t\n\tHVC 2\tCameras\t\t\n"
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.text_grid() == [["Ref", "Action", "Lead"], ["HVC 1", "Patrols", "Police"], ["HVC 2", "Cameras", ""]]


def test_no_word_is_lost_except_repeated_headers(samples_dir: Path) -> None:
    import re
    from collections import Counter

    def words(text: str) -> Counter:
        return Counter(re.findall(r"[A-Za-z0-9]+", text))

    for path in sorted(samples_dir.glob("*.txt")):
        doc = _doc(path)
        texts: list[str] = []
        header_words: Counter = Counter()
        for block in doc.iter_blocks():
            if isinstance(block, Table):
                texts += [b.text for row in block.rows for c in row for b in c.blocks]
                header_words += words(" ".join(c.text for row in block.rows[: block.header_rows] for c in row))
            else:
                texts.append(block.text)
        source = " ".join(strip_markup(line) for line in path.read_text(encoding="utf-8").splitlines())
        missing = words(source) - words(" ".join(texts))
        assert set(missing) <= set(header_words), (path.name, missing)


def test_binary_behind_a_utf16_byte_order_mark_is_refused() -> None:
    import random

    data = codecs.BOM_UTF16_LE + random.Random(5).randbytes(4096)
    with pytest.raises(ExtractionError, match="not a text file: the content is binary"):
        decode_bytes(data)


def test_stray_tabs_do_not_make_tables(tmp_path: Path) -> None:
    text = "A paragraph with a stray tab at its end.\t\n\nAnother line of text, ending with two tabs.\t\t\n\nName\tRole\nJane\tLead\n"
    doc = _doc(_write(tmp_path, text))
    tables = list(doc.iter_tables())
    assert len(tables) == 1 and tables[0].text_grid() == [["Name", "Role"], ["Jane", "Lead"]]
    paragraphs = [b.text for b in doc.iter_blocks() if isinstance(b, Paragraph)]
    assert paragraphs == ["A paragraph with a stray tab at its end.", "Another line of text, ending with two tabs."]


def test_heading_between_tables_is_not_a_wrapped_cell(tmp_path: Path) -> None:
    text = "Ref\tAction\tLead\n1\tPatrols\tPolice\n## Funding\nSource\tAmount\tYear\nWNF\t5\t2008/09\n"
    blocks = list(_doc(_write(tmp_path, text)).iter_blocks())
    assert [type(b).__name__ for b in blocks] == ["Table", "Heading", "Table"]


def test_markdown_converter_cells_nested_table_and_inline_list(tmp_path: Path) -> None:
    text = (
        "| Ref | Actions | Budget |\n| --- | --- | --- |\n"
        "| HVC 1 | * Provide support * Establish a panel * Carry out patrols | | Ind | 2008/09 | | --- | --- | |\n"
    )
    table = next(_doc(_write(tmp_path, text, "c.md")).iter_tables())
    assert table.n_cols == 3 and table.header_rows == 1
    actions = table.rows[1][1].blocks
    assert [(type(b).__name__, b.text) for b in actions] == [
        ("ListItem", "Provide support"),
        ("ListItem", "Establish a panel"),
        ("ListItem", "Carry out patrols"),
    ]
    assert "Ind | 2008/09" in table.rows[1][2].text


# -- tables aligned with spaces ----------------------------------------------

SPACED_TARGETS = (
    "Targets for violent crime\n"
    "\n"
    "Indicator                          Baseline 2007/08   Target 2008/09   Target 2009/10\n"
    "NI 15 Serious violent crime rate   1.2                1.1              1.0\n"
    "NI 20 Assault with injury          8.4                8.0              7.6\n"
    "NI 21 Dealing with concerns        n/a                25%              30%\n"
    "                                                      of residents     of residents\n"
    "\n"
    "The targets were agreed in June 2008.  They will be reviewed each year.\n"
)


def test_space_aligned_table_has_its_cells_header_and_line_spans(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path, SPACED_TARGETS))
    tables = list(doc.iter_tables())
    assert len(tables) == 1
    table = tables[0]
    assert table.header_rows == 1
    assert table.text_grid() == [
        ["Indicator", "Baseline 2007/08", "Target 2008/09", "Target 2009/10"],
        ["NI 15 Serious violent crime rate", "1.2", "1.1", "1.0"],
        ["NI 20 Assault with injury", "8.4", "8.0", "7.6"],
        ["NI 21 Dealing with concerns", "n/a", "25% of residents", "30% of residents"],
    ]
    assert (table.prov.page, table.prov.line_start, table.prov.line_end) == (1, 3, 7)
    assert [(p.line_start, p.line_end) for p in table.row_provs] == [(3, 3), (4, 4), (5, 5), (6, 7)]
    assert table.cell(3, 2).prov.line_start == 6 and table.cell(3, 2).prov.line_end == 7
    # The text around the table stays text, with its own lines.
    others = [b for b in doc.iter_blocks() if not isinstance(b, Table)]
    assert [(type(b).__name__, b.prov.line_start) for b in others] == [("Heading", 1), ("Paragraph", 9)]


def test_space_aligned_wrapped_cells_join_their_row_by_layout(tmp_path: Path) -> None:
    # pdftotext -layout writes a wrapped cell on the next physical line, under its own column.
    text = (
        "Ref     Action                          Lead officer        Deadline     Budget\n"
        "HVC 1   Provide intensive support to    Chief Supt K1       March 2009   £12,000\n"
        "        victims of domestic violence    and K2\n"
        "HVC 2   Review static camera sites      Head of Community   March 2010   £4,500\n"
        "                                        Safety\n"
        "HVC 3   Target police patrols           Chief Supt K2       June 2009    £8,250\n"
    )
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.text_grid() == [
        ["Ref", "Action", "Lead officer", "Deadline", "Budget"],
        [
            "HVC 1",
            "Provide intensive support to victims of domestic violence",
            "Chief Supt K1 and K2",
            "March 2009",
            "£12,000",
        ],
        ["HVC 2", "Review static camera sites", "Head of Community\nSafety", "March 2010", "£4,500"],
        ["HVC 3", "Target police patrols", "Chief Supt K2", "June 2009", "£8,250"],
    ]
    assert [(p.line_start, p.line_end) for p in table.row_provs] == [(1, 1), (2, 3), (4, 5), (6, 6)]


def test_space_aligned_rows_across_one_blank_line_and_under_a_dash_rule(tmp_path: Path) -> None:
    text = (
        "Funding stream         2008/09      2009/10\n"
        "--------------------   ----------   ----------\n"
        "Area Based Grant       £120,000     £125,000\n"
        "\n"
        "Home Office            £45,500      £40,000\n"
        "\n"
        "\n"
        "Home Office funding is confirmed each year.\n"
    )
    doc = _doc(_write(tmp_path, text))
    table = next(doc.iter_tables())
    assert table.header_rows == 1
    assert table.text_grid() == [
        ["Funding stream", "2008/09", "2009/10"],
        ["Area Based Grant", "£120,000", "£125,000"],
        ["Home Office", "£45,500", "£40,000"],
    ]
    assert table.prov.line_end == 5
    assert any(isinstance(b, Paragraph) and b.prov.line_start == 8 for b in doc.iter_blocks())


@pytest.mark.parametrize(
    "text",
    [
        # Prose typed with two spaces after each full stop, wrapped at a fixed width.
        "The partnership met in June.  It agreed the targets for 2008/09.  The board will\n"
        "review them.  Progress is reported each quarter to the board.  Results so far\n"
        "are good.  The 2009/10 review is planned for April.  Figures follow in May.\n",
        # An indented list with bullets and numbers set off by spaces.
        "Key actions:\n  •  Increase patrols by 10%  \n  •  Open 2 new centres\n  •  Train 40 staff\n",
        "  1.   Reduce crime by 5%\n  2.   Reduce re-offending by 3%\n  3.   Cut repeat victims by 2%\n",
        # Headings with a page number far right (a table of contents).
        "Contents\n\n1. Introduction                                    3\n"
        "2. Targets for 2008/09                             5\n3. Delivery plan                                  12\n",
        "Introduction ........................  3\nTargets ........................  5\nFunding ........................  9\n",
        # A letterhead: two addresses side by side.
        "Coventry City Council          West Midlands Police\n"
        "Council House                  Little Park Street\n"
        "Coventry CV1 5RR               Coventry CV1 2JX\n",
        # One heading with a page number far right, between paragraphs.
        "Some text before.\n2. Key objectives                              Page 4\nSome text after it.\n",
        # Key and value pairs with no value column.
        "Lead officer       Sara Roach\nLead partner       West Midlands Police\nFrequency          Quarterly\n",
    ],
)
def test_space_laid_text_that_is_not_a_table_stays_text(tmp_path: Path, text: str) -> None:
    doc = _doc(_write(tmp_path, text))
    assert not list(doc.iter_tables())


def test_space_aligned_table_under_a_key_value_block_starts_at_its_header(tmp_path: Path) -> None:
    text = (
        "Lead agency            Police\n"
        "Supporting agencies    Probation\n"
        "Budgets                Stream             2008/09 £     2009/10 £\n"
        "                       JCP core funds     53,500        55,000\n"
        "                       PCT core funds     294,000       300,000\n"
    )
    doc = _doc(_write(tmp_path, text))
    table = next(doc.iter_tables())
    assert table.prov.line_start == 3
    assert table.text_grid()[1:] == [
        ["", "JCP core funds", "53,500", "55,000"],
        ["", "PCT core funds", "294,000", "300,000"],
    ]
    assert next(doc.iter_blocks()).text.startswith("Lead agency")


def test_space_aligned_line_in_lower_case_with_an_amount_is_a_row_of_its_own(tmp_path: Path) -> None:
    text = (
        "Funding stream         2008/09      2009/10\n"
        "Area Based Grant       £120,000     £125,000\n"
        "in-kind support        £5,000\n"
        "Home Office            £45,500      £40,000\n"
    )
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert table.text_grid()[1:] == [
        ["Area Based Grant", "£120,000", "£125,000"],
        ["in-kind support", "£5,000", ""],
        ["Home Office", "£45,500", "£40,000"],
    ]


def test_space_aligned_header_after_one_blank_line_starts_another_table(tmp_path: Path) -> None:
    text = (
        "Key area       Activity                 Lead\n"
        "NI 16          5 offenders targeted     Police\n"
        "\n"
        "Financial year   What is funded     Capital £    Revenue £\n"
        "2008/09          Staff               £4,972       £18,122\n"
        "2009/10          Capital works       £173,000     £363,000\n"
    )
    tables = list(_doc(_write(tmp_path, text)).iter_tables())
    assert len(tables) == 1
    assert tables[0].prov.line_start == 4 and tables[0].header_rows == 1
    assert tables[0].text_grid()[2] == ["2009/10", "Capital works", "£173,000", "£363,000"]


def test_long_run_of_aligned_text_is_read_in_linear_time(tmp_path: Path) -> None:
    import time

    text = "alpha beta gamma  delta epsilon\n" * 6000
    start = time.perf_counter()
    doc = _doc(_write(tmp_path, text))
    assert not list(doc.iter_tables())
    # Quadratic rescanning took minutes here; linear reading takes well under a second.
    assert time.perf_counter() - start < 20


def test_a_dash_rule_sets_the_columns_of_a_fixed_width_table(tmp_path: Path) -> None:
    """A cell running past its column's rule (so no gutter runs through every line) stays in its column."""
    text = (
        "2. Funding\n\n"
        "  Source  Purpose                                      2009/10 (£)   2010/11 (£)\n"
        "  ------  -------------------------------------------  ------------  ------------\n"
        "  ABG     Carers' Grant element - carers' breaks and assessments  1,845,000     1,902,000\n"
        "  PCT     Intermediate care beds                         2,600,000     2,600,000\n"
        "  NYCC    Telecare equipment (capital)                     350,000             -\n"
        "  Total                                                  4,795,000     4,502,000\n"
        "\nPCT = NHS North Yorkshire and York.\n"
    )
    doc = _doc(_write(tmp_path, text))
    [table] = list(doc.iter_tables())
    rows = [[c.text for c in row] for row in table.rows]
    assert rows[0] == ["Source", "Purpose", "2009/10 (£)", "2010/11 (£)"]
    assert rows[1] == ["ABG", "Carers' Grant element - carers' breaks and assessments", "1,845,000", "1,902,000"]
    assert rows[3] == ["NYCC", "Telecare equipment (capital)", "350,000", "-"]
    assert rows[4][0] == "Total" and rows[4][2:] == ["4,795,000", "4,502,000"]
    assert "PCT = NHS North Yorkshire" in doc.text()


GRID = """Table 1: Targets

+-------+--------------------------+----------+----------+
| NI    | Indicator                | Baseline | 2009/10  |
|       |                          | 2007/08  | target   |
+=======+==========================+==========+==========+
| NI 16 | Serious acquisitive      | 15.6     | 14.9     |
|       | crime rate per 1,000     | (3,915)  | (3,740)  |
+-------+--------------------------+----------+----------+
| NI 32 | Repeat incidents of      | 29%      | 27%      |
|       | domestic violence; night-|          |          |
|       | time economy             |          |          |
+-------+--------------------------+----------+----------+

After the table.
"""


def _grid_table(tmp_path: Path, text: str) -> Table:
    doc = _doc(_write(tmp_path, text))
    tables = list(doc.iter_tables())
    assert len(tables) == 1
    assert not any("+--" in b.text or "──" in b.text for b in doc.iter_blocks() if isinstance(b, Paragraph))
    return tables[0]


def test_grid_table_rows_lie_between_rules_and_wrapped_lines_join_their_cell(tmp_path: Path) -> None:
    table = _grid_table(tmp_path, GRID)
    assert table.header_rows == 1
    assert table.text_grid() == [
        ["NI", "Indicator", "Baseline 2007/08", "2009/10 target"],
        ["NI 16", "Serious acquisitive crime rate per 1,000", "15.6 (3,915)", "14.9 (3,740)"],
        ["NI 32", "Repeat incidents of domestic violence; night-time economy", "29%", "27%"],
    ]
    # each row's provenance spans its lines, the rules excluded
    assert (table.row_provs[1].line_start, table.row_provs[1].line_end) == (7, 8)
    assert (table.row_provs[2].line_start, table.row_provs[2].line_end) == (10, 12)


def test_unicode_box_drawn_table_reads_as_its_ascii_grid(tmp_path: Path) -> None:
    boxed = GRID.translate(str.maketrans({"+": "┼", "-": "─", "|": "│", "=": "═"}))
    boxed = boxed.replace("night─", "night-")  # the cell's own hyphen is text, not a rule
    assert _grid_table(tmp_path, boxed).text_grid() == _grid_table(tmp_path, GRID).text_grid()


def test_grid_ruled_only_under_its_header_has_a_row_per_line(tmp_path: Path) -> None:
    text = (
        "+-----------------+---------+\n| Funding stream  | 2009/10 |\n+-----------------+---------+\n"
        "| Area Based Grant| £96k    |\n| Home Office     | £598,000|\n|                 | (DIP)   |\n"
        "+-----------------+---------+\n| TOTAL           | £694,000|\n+-----------------+---------+\n"
    )
    assert _grid_table(tmp_path, text).text_grid() == [
        ["Funding stream", "2009/10"],
        ["Area Based Grant", "£96k"],
        ["Home Office", "£598,000 (DIP)"],
        ["TOTAL", "£694,000"],
    ]


CELL_LINES = """2 Indicators and targets
Table 1: LAA indicators
Indicator
Baseline
2007/08
Target
2008/09
Latest
outturn
NI 125 Achieving independence for older people (% at home after 91 days)
78.2%
80.0%
79.6%
NI 136 People supported to live independently – rate per 100,000
2,934
3,010
3,047
* NI 136 is a designated target.
NI 125 and NI 136 are monitored by the Board.
"""


def test_table_dumped_one_cell_per_line(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path, CELL_LINES))
    tables = list(doc.iter_tables())
    assert len(tables) == 1
    assert tables[0].header_rows == 1
    assert tables[0].text_grid() == [
        ["Indicator", "Baseline 2007/08", "Target 2008/09", "Latest outturn"],
        ["NI 125 Achieving independence for older people (% at home after 91 days)", "78.2%", "80.0%", "79.6%"],
        ["NI 136 People supported to live independently – rate per 100,000", "2,934", "3,010", "3,047"],
    ]
    assert (tables[0].row_provs[2].line_start, tables[0].row_provs[2].line_end) == (14, 17)
    after = [b.text for b in doc.iter_blocks() if not isinstance(b, Table)][-2:]
    assert after == ["NI 136 is a designated target.", "NI 125 and NI 136 are monitored by the Board."]


@pytest.mark.parametrize(
    "text",
    [
        # rows of different lengths (an empty cell left no line): nothing says which cell is missing
        CELL_LINES.replace("80.0%\n", ""),
        # a row of section text under the header, and a row missing a cell, keep the codes evenly spaced:
        # the header's five labels would take the section line for one
        "Table 2: Improvement actions\nRef\nAction\nLead officer\nTimescale\nStopping smoking\n"
        "HL1\nCommission advisers in GP practices\nJanet Whitworth, Head of Tobacco Control\nQ3 2009/10\n"
        "HL2\nDeliver a stop smoking service for pregnant women\nCarol Booth, Midwifery Manager\nMarch 2010\n"
        "HL3\nRoll out Smokefree Homes pledges\nSept 2009\nHealthy weight\n"
        "HL4\nImplement the Fit Families programme\nRebecca Fletcher, Co-ordinator\n31/07/2010\n"
        "Page 4 of 9\n",
        # a list of codes each with one line under it, and no header
        "NI 15 Serious violent crime\nPolice lead\nNI 16 Serious acquisitive crime\nPolice lead\n"
        "NI 20 Assault with injury\nPolice lead\nNI 32 Repeat domestic violence\nCouncil lead\n",
    ],
)
def test_lines_that_are_no_cell_per_line_table_stay_text(tmp_path: Path, text: str) -> None:
    assert not list(_doc(_write(tmp_path, text)).iter_tables())


def test_a_row_missing_a_cell_ends_a_cell_per_line_table(tmp_path: Path) -> None:
    """The third row lost a cell, so the next code stands where its last cell should: the table stops before it."""
    rows = "NI 39 Alcohol-related admissions\n1,548\n1,639\n1,712\nNI 40 Drug users in treatment\n812\n"
    rows += "NI 32 Repeat incidents of domestic violence\n29%\n30%\n27%\n"
    text = CELL_LINES.replace("* NI 136", rows + "* NI 136")
    table = next(_doc(_write(tmp_path, text)).iter_tables())
    assert [row[0].text[:6] for row in table.rows[1:]] == ["NI 125", "NI 136", "NI 39 "]


RULED_TWO_LINE_HEADER = """Table 1: Stronger communities indicators

     Ref     Indicator                      LAA   Baseline      2009/10       2010/11
                                            (Y/N) 2008/09       milestone     target
     ------  -----------------------------  ----- ------------  ------------  -----------
     NI 1    % of people who believe        Y    79.4%         n/a (1)       82.0%
             people get on well together
     NI 7    Thriving third sector          N    16.8%         17.5% (2)     19.0%
     ------  -----------------------------  ----- ------------  ------------  -----------

     (1) The Place Survey is biennial.
"""


def test_ruled_table_header_over_two_lines_is_one_row(tmp_path: Path) -> None:
    """A dash rule under a header of two lines sets the columns, its pieces one space apart ('----- ------')
    included, and the header's lines join per column: 'Baseline' over '2008/09' is one label, and '(Y/N) 2008/09'
    (one space apart) splits where the 'Baseline' column's rule starts."""
    table = _grid_rows_of(tmp_path, RULED_TWO_LINE_HEADER)
    assert table[0] == ["Ref", "Indicator", "LAA (Y/N)", "Baseline 2008/09", "2009/10 milestone", "2010/11 target"]
    assert table[1][0] == "NI 1" and table[1][2:] == ["Y", "79.4%", "n/a (1)", "82.0%"]
    assert table[-1] == ["NI 7", "Thriving third sector", "N", "16.8%", "17.5% (2)", "19.0%"]


def test_text_over_a_ruled_table_is_no_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines above a dash rule whose pieces start outside its columns are text, not a header of the table under
    the rule (which has no header line of its own)."""
    from plansift.extractors import text_columns

    text = (
        "We will report    every quarter to the Board.\n"
        "Progress is reviewed                  monthly.\n"
        "------  ------\n"
        "Item    12\n"
        "Other   14\n"
        "More    16\n"
    )
    path = _write(tmp_path, text)
    assert not any("We will report" in t.text for t in _doc(path).iter_tables())
    monkeypatch.setattr(text_columns, "_header_lines_fit", lambda lines, columns: True)
    assert any("We will report" in t.text for t in _doc(path).iter_tables())  # the check is what keeps them out


def _grid_rows_of(tmp_path: Path, text: str) -> list[list[str]]:
    doc = _doc(_write(tmp_path, text))
    [table] = list(doc.iter_tables())
    return [[" ".join(c.text.split()) for c in row] for row in table.rows]


def test_list_item_wrapped_under_its_hanging_indent_joins_whatever_its_case(tmp_path: Path) -> None:
    """A bullet's text wrapped onto lines starting where its text starts is one item, even where the next line
    opens with a capital ('Stockport' over 'Homes'); a 'Lead:' field at the same indent is not the item's text."""
    text = (
        "4. Actions\n\n"
        "   *  Roll out the toolkit to frontline staff in SMBC, Stockport\n"
        "      Homes and GMP, including briefings for councillors.\n"
        "      Lead: Tom Whitworth, Communications Manager, SMBC\n"
        "   *  Extend Neighbourhood Management to Adswood and\n"
        "      Bridgehall\n"
        "      By:   31 January 2010\n"
    )
    doc = _doc(_write(tmp_path, text))
    items = [b.text for b in doc.iter_blocks() if isinstance(b, ListItem)]
    assert items == [
        "Roll out the toolkit to frontline staff in SMBC, Stockport Homes and GMP, including briefings for councillors.",
        "Extend Neighbourhood Management to Adswood and Bridgehall",
    ]
    paragraphs = [b.text for b in doc.iter_blocks() if isinstance(b, Paragraph)]
    assert "Lead: Tom Whitworth, Communications Manager, SMBC" in paragraphs
    assert any(p.startswith("By:") for p in paragraphs)


def test_items_led_by_their_reference_code(tmp_path: Path) -> None:
    """'A1   Deliver ...' (a code set apart by two spaces) is a list item keeping its code, its wrapped lines
    joined under the hanging indent, a comma at a line's end included; 'NI 155  Affordable homes' is no item."""
    text = (
        "5   DELIVERY ACTIONS\n\n"
        "   A1   Deliver the National Affordable Housing Programme allocation through\n"
        "        RSL partners, with at least 40% of new homes having three bedrooms.\n"
        "           Lead:  Helen Brierley, Head of Housing Strategy, KC\n\n"
        "   B3   End the use of bed and breakfast accommodation for families with children,\n"
        "        except in an emergency.\n\n"
        "   NI 155  Affordable homes delivered\n"
    )
    doc = _doc(_write(tmp_path, text))
    items = [(b.marker, b.text) for b in doc.iter_blocks() if isinstance(b, ListItem)]
    assert items == [
        (
            "A1",
            "A1 Deliver the National Affordable Housing Programme allocation through RSL partners, with at least 40% "
            "of new homes having three bedrooms.",
        ),
        ("B3", "B3 End the use of bed and breakfast accommodation for families with children, except in an emergency."),
    ]


def test_ruled_table_under_a_caption_of_two_pieces(tmp_path: Path) -> None:
    """A caption set apart by two spaces ('Table 1  Indicators and targets ...') opens a run of aligned lines that
    is no table; the header underlined by a dash rule below it is still read as one."""
    text = (
        "   Table 1  Indicators and targets (agreed March 2008; NI 156 revised at the\n"
        "            2009 refresh)\n\n"
        "   Ref      Indicator                          Baseline   2008/09   2009/10\n"
        "                                               (2007/08)   target    target\n"
        "   -------  ---------------------------------  ---------  --------  --------\n"
        "   NI 154   Net additional homes provided          1,412     1,500     1,600\n"
        "   NI 156   Households in temporary                   97        80        65\n"
        "            accommodation\n"
    )
    rows = _grid_rows_of(tmp_path, text)
    assert rows[0] == ["Ref", "Indicator", "Baseline (2007/08)", "2008/09 target", "2009/10 target"]
    assert rows[2] == ["NI 156", "Households in temporary accommodation", "97", "80", "65"]


CSV_DUMP = """Sheet 2: targets

"Indicator","Title","Measure","Period","Value","Unit"
"NI 56","Obesity in Year 6, all schools","Baseline","2007/08","17.1","%"
"NI 56","Obesity in Year 6, all schools","Target","2010/11","16.5","%"
"NI 8","Adult participation in sport","Actual","2007/08 (APS2)","22.0","%"

"Ref","Action","Target date"
"HW1","Increase MEND programmes, with a
second line in the quoted field","Mar-10"
"HW2","Deliver the Healthy Town programme","Mar-11"

Prose with commas, "quotes", and more, is not a table.
"Only", "two"
"""


def test_tables_dumped_as_comma_separated_values(tmp_path: Path) -> None:
    """Runs of CSV records opening with a quoted field are tables (commas inside quotes and a quoted line break
    kept in their field); prose with commas and a record of two fields are not."""
    doc = _doc(_write(tmp_path, CSV_DUMP))
    first, second = doc.iter_tables()
    assert [c.text for c in first.rows[0]] == ["Indicator", "Title", "Measure", "Period", "Value", "Unit"]
    assert [c.text for c in first.rows[1]][:2] == ["NI 56", "Obesity in Year 6, all schools"]
    assert first.n_rows == 4 and first.row_prov(3).line_start == 6
    assert second.rows[1][1].text == "Increase MEND programmes, with a\nsecond line in the quoted field"
    assert second.rows[2][0].text == "HW2" and second.row_prov(2).line_start == 11
    texts = [b.text for b in doc.iter_blocks() if isinstance(b, Paragraph)]
    assert any(t.startswith("Prose with commas") for t in texts) and '"Only", "two"' in texts


def test_pipe_table_without_its_outer_pipes(tmp_path: Path) -> None:
    """'Ref | Action | Lead' over '----+--------+-----': a Markdown table written without the pipes at the ends of
    its rows; a sentence holding two pipes without such a rule under it stays text."""
    text = (
        "SECTION B   ACTION PLAN\n\n"
        "Ref | Action | Lead | Deadline\n"
        "----+--------+------+---------\n"
        "C1 | Extend the Emergency Card scheme | Jenny Penrose, Carers Lead | Sep 2009\n"
        "C2 | Commission carers' assessments | Jenny Penrose, Carers Lead | Dec 2009\n\n"
        "Choose one: yes | no | maybe, and say why.\n"
    )
    doc = _doc(_write(tmp_path, text))
    [table] = list(doc.iter_tables())
    assert [[c.text for c in row] for row in table.rows] == [
        ["Ref", "Action", "Lead", "Deadline"],
        ["C1", "Extend the Emergency Card scheme", "Jenny Penrose, Carers Lead", "Sep 2009"],
        ["C2", "Commission carers' assessments", "Jenny Penrose, Carers Lead", "Dec 2009"],
    ]
    assert "Choose one: yes | no | maybe, and say why." in [b.text for b in doc.iter_blocks()]


def test_ruled_table_of_text_with_rows_wrapped_over_lines(tmp_path: Path) -> None:
    """A dash-ruled action table with no column of values is a table; each row's lines under its first, the
    first column empty and fewer of the others filled, join it, while a row of a group label written once
    (every other column filled) stays a row."""
    text = (
        "Ref  Milestone                            Lead                          Due\n"
        "---  -----------------------------------  ----------------------------  ----------\n"
        "TP1  Teenage Pregnancy Specialist Midwife  Maternity Services Manager,   Q1 2009/10\n"
        "     (0.8 FTE) in post at Leicester Royal  UHL\n"
        "     Infirmary\n"
        "TP2  C-Card scheme extended to all 24      Karen Dawson, Sexual Health   Q2 2009/10\n"
        "     youth centres                         Promotion Lead\n"
        "     Chlamydia screening in every college  Karen Dawson                  Q3 2009/10\n"
    )
    rows = _grid_rows_of(tmp_path, text)
    assert rows == [
        ["Ref", "Milestone", "Lead", "Due"],
        [
            "TP1",
            "Teenage Pregnancy Specialist Midwife (0.8 FTE) in post at Leicester Royal Infirmary",
            "Maternity Services Manager, UHL",
            "Q1 2009/10",
        ],
        [
            "TP2",
            "C-Card scheme extended to all 24 youth centres",
            "Karen Dawson, Sexual Health Promotion Lead",
            "Q2 2009/10",
        ],
        ["", "Chlamydia screening in every college", "Karen Dawson", "Q3 2009/10"],
    ]
