"""Regression (fuzz): zip headers that zipfile refuses with errors nobody catches.

Found by benchmarks/fuzz.py. Opening a zip raises more than BadZipFile:

* ``UnicodeDecodeError`` when a member's name is flagged UTF-8 (bit 11) but its bytes are not UTF-8
  (escaped from ``ooxml.check_package``: an "internal error" row for the document);
* ``NotImplementedError("zip file version 9.2")`` when "version needed to extract" is above 6.3 (escaped
  from ``ooxml.zip_members``, called by ``DocxExtractor.accepts``: the *sniff* crashed, so ``choose``
  itself raised).

``zipfile.ZipFile(...)`` in plansift/extractors/ooxml.py (``zip_members``, ``check_package``) and in
plansift/corpus/discovery.py (``_zip_members``: a .zip given as input) should catch
``(zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError)`` (UnicodeDecodeError is a
ValueError); a sniff should answer False on any of them. Discovery already catches the last two but not
ValueError, so a .zip input with such a name stops the whole run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plansift import read_document
from plansift.corpus.discovery import discover
from plansift.extractors.model import ExtractionError

from ._zips import docx, paragraph, patch_central


def bad_utf8_name() -> bytes:
    data = docx(paragraph("NI 15 plan"), extra_parts={"word/media/\u00e9.xml": "<x/>"})
    assert data.count("é".encode()) == 2  # local header and central directory (flagged UTF-8 by zipfile)
    return data.replace("é".encode(), b"\xdd!")


def future_version() -> bytes:
    return patch_central(docx(paragraph("NI 15 plan")), 6, 92)  # version needed to extract: 9.2


CASES = {"bad-utf8-member-name": bad_utf8_name, "version-needed-9.2": future_version}


@pytest.mark.parametrize("case", sorted(CASES))
def test_zip_headers_crash_docx_sniff_and_discovery(tmp_path: Path, case: str):
    path = tmp_path / "plan.docx"
    path.write_bytes(CASES[case]())
    with pytest.raises(ExtractionError):
        read_document(path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_zip_headers_crash_discovery_of_a_zip_input(tmp_path: Path, case: str):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plans.zip").write_bytes(CASES[case]())
    (src / "plan.txt").write_text("NI 15 Serious violent crime rate\n")
    found = discover([str(src)], scratch=tmp_path / "scratch")
    assert "plan.txt" in [i.name for i in found.inputs]
    assert any("plans.zip" in arg for arg, _ in found.errors) or any("plans.zip" in i.name for i in found.inputs)
