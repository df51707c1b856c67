"""Small .docx packages built in code for the zip and OOXML regressions (no binary fixtures)."""

from __future__ import annotations

import io
import struct
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>{extra}</Relationships>'
)


def document_xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str, *, extra_parts: dict[str, str] | None = None, extra_rels: str = "") -> bytes:
    """A minimal .docx; ``extra_parts`` are added as they are, ``extra_rels`` inside _rels/.rels."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS.format(extra=extra_rels))
        zf.writestr("word/document.xml", document_xml(body))
        for name, text in (extra_parts or {}).items():
            zf.writestr(name, text)
    return buf.getvalue()


def patch_central(data: bytes, offset: int, value: int) -> bytes:
    """Set a 2-byte field at ``offset`` of every central directory header."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        struct.pack_into("<H", out, pos + offset, value)
        pos += 4
    return bytes(out)
