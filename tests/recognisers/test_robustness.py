"""recognise() never raises, whatever the shape of the tables and text it is given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plansift.extractors.model import Cell, Document, Page, Paragraph, Provenance, Table
from plansift.normalise.recognisers import recognise
from plansift.output.schema import records_frame

WORDS = st.sampled_from(
    [
        "NI 15",
        "2008/09",
        "08/09",
        "Year 1",
        "Q2",
        "Baseline",
        "Target",
        "£1,000",
        "1,967,376",
        "383 1.24",
        "1.33 per 1000 population (382 incidents)",
        "N/A",
        "to be set",
        "Action",
        "Lead Officer",
        "Mar 09",
        "Total",
        "Capital",
        "Revenue £",
        "Source - Home Office Grant",
        "Yes",
        "All end March 09 except where indicated",
        "• bullet",
        "1. Review",
        "Police",
        "",
        " ",
        "per 1,000 pop",
        "18% (Provisional target)",
        "LAA",
    ]
)
CELL_TEXT = st.lists(WORDS, min_size=0, max_size=4).map(" ".join)


def _table(rows: list[list[str]]) -> Table:
    prov = Provenance(page=1, line_start=1, line_end=1)
    cells = [[Cell(blocks=[Paragraph(text=t, prov=prov)] if t else [], prov=prov) for t in row] for row in rows]
    return Table(rows=cells, prov=prov)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables=st.lists(st.lists(st.lists(CELL_TEXT, min_size=0, max_size=6), min_size=0, max_size=6), max_size=3),
    paras=st.lists(CELL_TEXT, max_size=4),
)
def test_recognise_never_raises_and_rows_fit_the_schema(tables, paras):
    blocks = [Paragraph(text="LAA delivery plan", prov=Provenance(page=1))]
    blocks += [_table(rows) for rows in tables if rows]
    blocks += [Paragraph(text=p, prov=Provenance(page=1, line_start=9, line_end=9)) for p in paras if p.strip()]
    records = recognise(Document(path="x.txt", format="txt", pages=[Page(number=1, blocks=blocks)]))
    records_frame(records)
    for r in records:
        assert r["source_text"]
