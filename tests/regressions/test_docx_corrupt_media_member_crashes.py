"""Regression (fuzz): a .docx whose image member holds corrupt deflate data crashed the reader (zlib.error).

Found by benchmarks/fuzz.py. ``ooxml.check_package`` test-decompresses the XML and .rels members only;
python-docx then reads every related part, and a damaged image raises
``zlib.error: Error -3 while decompressing data`` from ``zipfile``. ``read_docx`` turns PackageNotFoundError,
KeyError, ValueError, BadZipFile and lxml errors into ExtractionError, not zlib.error, so the document
became an "internal error". Suggested fix: test-decompress every member in ``check_package`` (streamed,
within the decompressed-size limit it already counts), and catch ``zlib.error`` (and EOFError) around
``docx.Document``.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from plansift import read_document
from plansift.extractors.model import ExtractionError

from ._zips import RELS, W, paragraph

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" '
    'ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats'
    '-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/image" Target="media/image1.png"/></Relationships>'
)
IMAGE = bytes(range(256)) * 64  # compressible, so the member is deflated


def _corrupt_deflate(raw: bytes) -> bytes:
    """The first single-byte change (deterministic search) that makes raw deflate data fail to inflate."""
    for pos in range(len(raw) // 3, len(raw)):
        for value in (0x00, 0xFF, 0x55):
            cand = raw[:pos] + bytes([value]) + raw[pos + 1 :]
            try:
                zlib.decompressobj(-15).decompress(cand)
            except zlib.error:
                return cand
    raise AssertionError("no corrupting change found")


def docx_with_corrupt_image() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS.format(extra=""))
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{paragraph("NI 15")}'
            "</w:body></w:document>",
        )
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/media/image1.png", IMAGE)
        info = zf.getinfo("word/media/image1.png")
    data = bytearray(buf.getvalue())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytes(data[start : start + info.compress_size])
    data[start : start + info.compress_size] = _corrupt_deflate(raw)
    return bytes(data)


def test_docx_corrupt_media_member_crashes(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_with_corrupt_image())
    with pytest.raises(ExtractionError):
        read_document(path)
