"""Legacy formats through LibreOffice: .rtf, .doc and .odt read like the .docx; a clear error without it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from binary_corpus import SAMPLE_DOCS

from plansift.extractors import legacy
from plansift.extractors.base import read_document
from plansift.extractors.model import ExtractionError

needs_soffice = pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice (soffice) is not installed")
RTF = (
    r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Funding Plan\par"
    "\n"
    r"\trowd\cellx2000\cellx4000\intbl Indicator\cell 2008/09\cell\row"
    "\n"
    r"\trowd\cellx2000\cellx4000\intbl NI 15\cell 368\cell\row"
    "\n"
    r"\pard Done.\par}"
)


def test_rtf_and_doc_are_sniffed(tmp_path):
    rtf = tmp_path / "plan.rtf"
    rtf.write_text(RTF, encoding="ascii")
    assert legacy.sniff_format(rtf.read_bytes()[:100], rtf) == "rtf"


def test_without_libreoffice_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    rtf = tmp_path / "plan.rtf"
    rtf.write_text(RTF, encoding="ascii")
    with pytest.raises(ExtractionError, match="without LibreOffice: install it"):
        read_document(rtf)


@needs_soffice
def test_rtf_table_is_read(tmp_path):
    rtf = tmp_path / "plan.rtf"
    rtf.write_text(RTF, encoding="ascii")
    doc = read_document(rtf)
    assert doc.format == "rtf"
    assert any("LibreOffice" in w for w in doc.warnings)
    (table,) = doc.iter_tables()
    assert table.text_grid() == [["Indicator", "2008/09"], ["NI 15", "368"]]
    assert doc.path == str(rtf)


def _convert(src: Path, fmt: str, out: Path) -> Path:
    profile = out / "profile"
    subprocess.run(
        [
            legacy.soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / f"{src.stem}.{fmt}"


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "odt"])
def test_converted_plan_has_the_docx_tables(tmp_path, fmt):
    """A plan saved as .doc or .odt gives the tables its .docx gives (same shapes, same texts)."""
    source = next(iter(sorted(SAMPLE_DOCS.glob("*.docx"))))
    converted = _convert(source, fmt, tmp_path)
    doc, ref = read_document(converted), read_document(source)
    assert doc.format == fmt
    assert [(t.n_rows, t.n_cols) for t in doc.iter_tables()] == [(t.n_rows, t.n_cols) for t in ref.iter_tables()]
    assert [t.text_grid(True) for t in doc.iter_tables()] == [t.text_grid(True) for t in ref.iter_tables()]
