"""The document model: spans, provenance, table grids."""

from plansift.extractors.model import Cell, Paragraph, Provenance, Table


def _cell(text: str, **kw) -> Cell:
    return Cell(blocks=[Paragraph(text, Provenance(1, 1, 1))], **kw)


def test_spanned_cells_are_addressable_through_their_origin():
    origin = _cell("Target 2008/09", col_span=2, is_header=True)
    table = Table(
        rows=[[origin, Cell(spanned_from=(0, 0))], [_cell("368"), _cell("1.20")]],
        prov=Provenance(page=2, line_start=10, line_end=12),
        header_rows=1,
    )
    assert table.cell(0, 1) is origin
    assert table.text_grid() == [["Target 2008/09", ""], ["368", "1.20"]]
    assert table.text_grid(fill_spans=True)[0] == ["Target 2008/09", "Target 2008/09"]
    assert table.n_cols == 2 and table.n_rows == 2
    assert table.cell(5, 0) is None


def test_row_provenance_falls_back_to_the_table():
    prov = Provenance(page=3, line_start=1, line_end=4)
    table = Table(rows=[[_cell("a")]], prov=prov)
    assert table.row_prov(0) is prov


def test_provenance_spanning_and_description():
    a = Provenance(page=1, line_start=5, line_end=6, bbox=(10, 20, 30, 40))
    b = Provenance(page=1, line_start=9, line_end=9, bbox=(5, 25, 35, 50))
    both = a.spanning(b)
    assert (both.line_start, both.line_end) == (5, 9)
    assert both.bbox == (5, 20, 35, 50)
    assert both.describe() == "p. 1, lines 5-9"
    assert Provenance(page=4).describe() == "p. 4"


def test_cell_text_joins_the_texts_of_its_blocks():
    def p(text):
        return Paragraph(text=text, prov=Provenance(page=1))

    assert Cell().text == ""
    assert Cell(blocks=[p("One")]).text == "One"
    assert Cell(blocks=[p("")]).text == ""
    assert Cell(blocks=[p("One"), p(""), p("Two")]).text == "One\nTwo"
