"""Regression (fuzz): a .docx whose zip member says an unknown compression method, or encryption, crashed.

Found by benchmarks/fuzz.py (an ``interesting_bytes`` mutation of the compression-method field). The
OOXML package check opens every XML member with ``zipfile.ZipFile.open``, which raises
``NotImplementedError("That compression method is not supported")`` for an unknown method and
``RuntimeError("File ... is encrypted, password required for extraction")`` when the member's encryption
flag is set. ``_check_member`` in plansift/extractors/ooxml.py catches BadZipFile, OSError, EOFError,
ValueError and zlib.error only, so the exception escaped ``read_document`` and the document became an
"internal error". Suggested fix: catch NotImplementedError and RuntimeError there too (and wherever the
DOCX, XLSX and PPTX readers open members), as ExtractionError "corrupt or unsupported zip package".
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from plansift import read_document
from plansift.extractors.model import ExtractionError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document'
    '.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body><w:p><w:r>'
    "<w:t>NI 15 Serious violent crime rate</w:t></w:r></w:p></w:body></w:document>",
}


def docx_with_patched_member(method: int | None = None, flag_bits: int = 0) -> bytes:
    """A valid .docx whose word/document.xml headers (local and central) get another method or flag bits."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
    data = bytearray(buf.getvalue())
    name = b"word/document.xml"
    for sig, flag_off, method_off, name_len_off, name_off in (
        (b"PK\x03\x04", 6, 8, 26, 30),
        (b"PK\x01\x02", 8, 10, 28, 46),
    ):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            n = struct.unpack_from("<H", data, pos + name_len_off)[0]
            if bytes(data[pos + name_off : pos + name_off + n]) == name:
                if method is not None:
                    struct.pack_into("<H", data, pos + method_off, method)
                flags = struct.unpack_from("<H", data, pos + flag_off)[0]
                struct.pack_into("<H", data, pos + flag_off, flags | flag_bits)
            pos += 4
    return bytes(data)


@pytest.mark.parametrize(
    ("method", "flag_bits"), [(99, 0), (7, 0), (None, 0x1)], ids=["method-99", "method-7", "encrypted-flag"]
)
def test_docx_zip_member_method_or_encryption_crashes(tmp_path, method, flag_bits):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_with_patched_member(method, flag_bits))
    with pytest.raises(ExtractionError):
        read_document(path)
