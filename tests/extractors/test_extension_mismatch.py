"""A file whose extension names another format than its content: read by content, one warning saying so.

The warning is added once, by ``read_document``, whatever extractor read the file; a file whose
extension matches its content, or whose name carries no known extension, gets none.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from binary_corpus import SAMPLE_DOCS

from plansift.extractors import legacy
from plansift.extractors.base import FORMATS, read_document, registered

PDF = SAMPLE_DOCS / "coventry-laa-target-action-plan-violent-crime.reportlab.pdf"
DOCX = SAMPLE_DOCS / "safer-communities-action-plan-board-report-2009-10.docx"
TXT = SAMPLE_DOCS / "sandwell-laa-implementation-plan-high-volume-crime.txt"
HTML = (
    "<!DOCTYPE html><html><head><title>Plan</title></head><body><h1>Safer Communities</h1>"
    "<table><tr><th>Indicator</th><th>Target</th></tr><tr><td>NI 15</td><td>368</td></tr></table>"
    "</body></html>"
)
RTF = r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Funding Plan\par NI 15 target 368.\par}"


def _xlsx(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Indicator", "Target"])
    wb.active.append(["NI 15", 368])
    wb.save(path)


def _write(kind: str, path: Path) -> Path:
    if kind == "pdf":
        shutil.copy(PDF, path)
    elif kind == "docx":
        shutil.copy(DOCX, path)
    elif kind == "txt":
        shutil.copy(TXT, path)
    elif kind == "xlsx":
        _xlsx(path)
    elif kind == "html":
        path.write_text(HTML, encoding="utf-8")
    elif kind == "rtf":
        path.write_text(RTF, encoding="ascii")
    return path


def _mismatch_warnings(doc) -> list[str]:
    return [w for w in doc.warnings if "extension" in w]


# (content, wrong name, the format read, the words the warning names it by)
WRONG = [
    ("pdf", "plan.docx", "pdf", "PDF"),
    ("docx", "plan.pdf", "docx", "Word (.docx)"),
    ("xlsx", "plan.docx", "xlsx", "Excel (.xlsx)"),
    ("xlsx", "plan.csv", "xlsx", "Excel (.xlsx)"),
    ("html", "plan.txt", "html", "HTML"),
    ("html", "plan.doc", "html", "HTML"),
    ("txt", "plan.pdf", "txt", "plain text"),
]


@pytest.mark.parametrize(("kind", "name", "fmt", "label"), WRONG, ids=[f"{k}-as-{n}" for k, n, _, _ in WRONG])
def test_wrong_extension_gives_exactly_one_warning(tmp_path, kind, name, fmt, label):
    doc = read_document(_write(kind, tmp_path / name))
    assert doc.format == fmt
    suffix = Path(name).suffix
    assert _mismatch_warnings(doc) == [f"file extension {suffix} does not match its content: read as {label}"]
    assert doc.warnings[0] == _mismatch_warnings(doc)[0], "the mismatch comes first"
    assert ";" not in doc.warnings[0], "documents rows join warnings with ';'"


RIGHT = [("pdf", "plan.pdf"), ("docx", "plan.docx"), ("xlsx", "plan.xlsx"), ("html", "plan.html")]
RIGHT += [("html", "plan.htm"), ("txt", "plan.txt"), ("txt", "plan.md")]


@pytest.mark.parametrize(("kind", "name"), RIGHT, ids=[f"{k}-as-{n}" for k, n in RIGHT])
def test_matching_extension_gives_no_warning(tmp_path, kind, name):
    assert _mismatch_warnings(read_document(_write(kind, tmp_path / name))) == []


@pytest.mark.parametrize("name", ["plan", "plan v1.3", "plan.dat"])
@pytest.mark.parametrize("kind", ["pdf", "docx", "txt"])
def test_no_known_extension_gives_no_warning(tmp_path, kind, name):
    """Without an extension, or with a suffix no format claims, the name says nothing to contradict."""
    assert _mismatch_warnings(read_document(_write(kind, tmp_path / name))) == []


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_rtf_named_doc_is_flagged_once_beside_the_conversion(tmp_path):
    doc = read_document(_write("rtf", tmp_path / "plan.doc"))
    assert doc.format == "rtf"
    assert _mismatch_warnings(doc) == ["file extension .doc does not match its content: read as RTF"]
    assert any("LibreOffice" in w for w in doc.warnings)


def test_every_extractor_extension_names_a_format():
    """Each extension an extractor claims is in FORMATS, so the warning can name the format it means."""
    named = {ext for _, exts in FORMATS.values() for ext in exts}
    ours = [cls for cls in registered() if cls.__module__.startswith("plansift.")]  # not the tests' own
    assert len(ours) >= 6
    for cls in ours:
        assert set(cls.extensions) <= named, cls.name
