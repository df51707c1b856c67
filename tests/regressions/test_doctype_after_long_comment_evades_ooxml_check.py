"""Regression: a DOCTYPE placed after a long comment slips past the OOXML package check.

``ooxml._check_member`` looks for a DOCTYPE in the first 4,096 bytes of each XML part only. An XML
declaration, then a 9,000-character comment, then ``<!DOCTYPE ...>`` is still a valid prolog, and the part
is read: an external entity is silently dropped (python-docx parses with ``resolve_entities=False``) and a
billion-laughs part is stopped only by libxml2's amplification limit, reported as "damaged Word document".
Nothing leaks today, but the guard's promise ("a part that declares a DOCTYPE is refused") depends on a
comment's length. Suggested fix: scan the prolog up to the root element's start tag (skip the XML
declaration, comments, processing instructions and whitespace, however long), or parse with lxml and
refuse when ``tree.docinfo.doctype`` or ``internalDTD`` is present.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from plansift import read_document
from plansift.extractors.model import ExtractionError

from ._zips import CONTENT_TYPES, RELS, W


@pytest.mark.parametrize("padding", [0, 9000], ids=["no-padding", "9000-char-comment"])
def test_doctype_after_long_comment_evades_ooxml_check(tmp_path, padding):
    comment = f"<!--{'x' * padding}-->" if padding else ""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{comment}'
        '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>NI 15 &e;</w:t></w:r></w:p></w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS.format(extra=""))
        zf.writestr("word/document.xml", document)
    path = tmp_path / "plan.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ExtractionError, match="(?i)doctype"):
        read_document(path)
