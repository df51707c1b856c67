"""Preloaded into the local executor's fork server: what every worker would otherwise build for itself.

Importing this module imports the extractors and the recognisers, builds
the default spaCy pipeline and runs one small made-up plan (as text, Word and PDF) through the whole
pipeline (so that every table and index loaded on first use is loaded), once,
in the fork server. Each worker is forked
from it with all of that already in memory (shared, copy-on-write), so a
worker starts at once, including one that replaces a worker killed for a
hang or recycled after many documents. Nothing here may raise: a failure only
means the workers build what they need themselves.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
import types
from pathlib import Path

WARM_MODULES = (
    "plansift.pipeline",
    "plansift.normalise.areas",
    "plansift.normalise.recognisers",
    "plansift.normalise.entities",
    "pdfplumber.table",  # pdfplumber's table functions read every ruled table (its utils and pdfminer come along)
)


# A made-up plan in the shape of the real ones: a target table, an action with a lead, a funding line.
SAMPLE_PLAN = """Local Area Agreement delivery plan 2008-11
Indicator\tBaseline 2007/08\tTarget 2008/09\tTarget 2009/10
NI 15 Serious violent crime rate\t1.2 per 1000 population\t1.1\t1.0

Action\tLead\tMilestone
Run a campaign on alcohol related violence\tJane Smith, Community Safety Manager, Police\tMarch 2009

Funding: Area Based Grant 2008/09 \u00a350,000 for the campaign.
"""


def _sample_docx(folder: Path) -> Path:
    """The sample plan as a Word file: its first line a heading, its tab-separated lines a table.

    Written as the smallest package Word files are (three parts, by zipfile): python-docx's own template
    took a tenth of a second to load and save, in every run's start-up.
    """
    import zipfile
    from xml.sax.saxutils import escape

    def paragraph(text: str, heading: bool = False) -> str:
        props = '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>' if heading else ""  # a heading without a styles part
        return f"<w:p>{props}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>"

    lines = SAMPLE_PLAN.splitlines()
    rows = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in line.split("\t")) + "</w:tr>"
        for line in lines[1:3]
    )
    body = paragraph(lines[0], heading=True) + f"<w:tbl>{rows}</w:tbl>" + "".join(paragraph(x) for x in lines[3:])
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    path = folder / "plan.docx"
    with zipfile.ZipFile(path, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, xml)
    return path


def _sample_pdf(folder: Path) -> Path:
    """A one-page PDF with a line of text in a standard font, made with pdfium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    text = raw.FPDFPageObj_NewTextObj(pdf, b"Helvetica", ctypes.c_float(11))
    wide = "NI 15 Serious violent crime rate 1.2 1.1 1.0\x00".encode("utf-16-le")
    raw.FPDFText_SetText(text, ctypes.cast(ctypes.c_char_p(wide), ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 72, 770)
    raw.FPDFPage_InsertObject(page, text)
    raw.FPDFPage_GenerateContent(page)
    path = folder / "plan.pdf"
    pdf.save(path)
    pdf.close()
    return path


def import_spacy_without_its_cli() -> None:
    """Import spaCy, leaving out its command-line package until something asks for it.

    ``import spacy`` imports ``spacy.cli`` for the one name ``spacy.info``, and with it the CLI's own
    dependencies (weasel, requests, typer, ...): about 370 modules and a sixth of a second of the warm-up,
    none of which a worker uses. Here ``spacy.cli`` stands in as a placeholder while spaCy imports, and is
    gone from ``sys.modules`` once it has: ``import spacy.cli`` afterwards imports the real package, and
    ``spacy.info`` imports it when called. Should a spaCy release import more of its CLI than ``info``, the
    placeholder is dropped and spaCy imported as usual.
    """
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.__doc__ = "spacy.cli.info.info, imported when first called (see plansift.corpus.warm)."
    placeholders = {name: types.ModuleType(name) for name in ("spacy.cli", "spacy.cli.info")}
    placeholders["spacy.cli.info"].info = info
    placeholders["spacy.cli"].info = placeholders["spacy.cli.info"]
    sys.modules.update(placeholders)
    try:
        import spacy  # noqa: F401
    except Exception:  # a release that needs more of its CLI: start again, the usual way
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    import spacy  # noqa: F401, F811 - imported above, unless the placeholder was dropped


def warm() -> None:
    """Import what the per-document function uses, build the default NLP pipeline, process a small plan."""
    with contextlib.suppress(Exception):
        import_spacy_without_its_cli()
    for name in WARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from plansift.extractors.base import registered

        registered()
    with contextlib.suppress(Exception):
        from plansift.normalise.nlp import pipeline

        pipeline()
    with contextlib.suppress(Exception), tempfile.TemporaryDirectory(prefix="plansift-warm-") as folder:
        from plansift.pipeline import process_file

        path = Path(folder, "plan.txt")
        path.write_text(SAMPLE_PLAN, encoding="utf-8")
        process_file(path)
        for make in (_sample_docx, _sample_pdf):
            with contextlib.suppress(Exception):
                process_file(make(Path(folder)))


warm()
