"""Regression (fuzz): a .docx whose core-properties part has the wrong content type crashed the reader.

Found by benchmarks/fuzz.py (an edited [Content_Types].xml). python-docx loads a part whose content type
it does not know as a plain ``Part``; ``doc.core_properties`` then raises
``AttributeError: 'Part' object has no attribute 'core_properties'`` in ``docx.read_docx`` (reading the
title), outside its try block, and the document became an "internal error". The body is fine. Suggested
fix: read the metadata (title, producer) in its own try/except that records a warning and goes on.
"""

from __future__ import annotations

from plansift import read_document

from ._zips import docx, paragraph

CORE_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
)
CORE = (
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
    'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>Delivery plan</dc:title></cp:coreProperties>"
)


def test_docx_core_properties_of_wrong_type_crashes(tmp_path):
    path = tmp_path / "plan.docx"
    # [Content_Types].xml has no override for docProps/core.xml: it is typed application/xml.
    path.write_bytes(
        docx(
            paragraph("NI 15 Serious violent crime rate"), extra_parts={"docProps/core.xml": CORE}, extra_rels=CORE_REL
        )
    )
    doc = read_document(path)
    assert "NI 15 Serious violent crime rate" in doc.text()
