"""Regression (fuzz): sizes written in the file became allocations (MemoryError, or a worker killed by the OOM).

Found by benchmarks/fuzz.py, whose workers run under a 3 GB address-space cap:

* DOCX: ``w:gridSpan="99999999"`` on one cell makes ``docx._table`` build ``[None] * n_cols`` rows of a
  hundred million columns. Suggested fix: clamp a span to the grid (``w:tblGrid`` column count, or a
  fixed maximum such as 1,000 columns) and flag the table, or refuse it with an ExtractionError.
* PDF: a page whose MediaBox is two billion points wide (read by the pdfplumber fallback when pdfium
  refuses the file) makes ``pdf_layout.gutters`` allocate ``[0] * int(width)``. Suggested fix: clamp the page size (PDF caps it at 14,400 units) or compute the
  coverage over the words' own extent, in bins.

Each read runs in a subprocess under a 1.5 GB address-space cap, so the bug shows as a MemoryError
instead of exhausting the test machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ._zips import docx, paragraph

ROOT = Path(__file__).resolve().parents[2]
CAP = 1536 * 1024**2
SCRIPT = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({CAP}, {CAP}))
from plansift import read_document
from plansift.extractors.model import ExtractionError
try:
    doc = read_document(sys.argv[1])
    print("OK", doc.n_pages)
except ExtractionError as exc:
    print("REFUSED", exc)
"""


def _read_capped(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def wide_span_docx() -> bytes:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="{}"/></w:tcPr>{}</w:tc>'
    rows = "".join(
        f"<w:tr>{cell.format(99999999 if r == 1 else 1, paragraph('NI 15'))}{cell.format(1, paragraph('339'))}</w:tr>"
        for r in range(3)
    )
    return docx(
        paragraph("Plan")
        + f'<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{rows}</w:tbl>'
    )


def wide_page_pdf() -> bytes:
    """The fuzz input itself (13 KB, a mutated samples/ PDF): pdfium refuses it, the pdfplumber fallback reads
    a MediaBox of [2147483648 0 595 842]."""
    return (Path(__file__).parent / "data" / "fuzz-mediabox-2147483648.pdf").read_bytes()


@pytest.mark.parametrize(("name", "build"), [("plan.docx", wide_span_docx), ("plan.pdf", wide_page_pdf)])
def test_huge_sizes_exhaust_memory(tmp_path, name, build):
    path = tmp_path / name
    path.write_bytes(build())
    proc = _read_capped(path)
    assert proc.returncode == 0 and proc.stdout.startswith(("OK", "REFUSED")), proc.stderr[-2000:]
