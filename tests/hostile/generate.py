"""Generate plansift's hostile and broken inputs into a directory.

Every case is built at run time from code and the committed samples (no large
file is committed): a zero-byte file, files with the wrong extension, a
truncated, an encrypted, a 2,000-page and an image-only PDF, a
password-protected DOCX (an OLE2 container), a zip-bomb DOCX, a billion-laughs
DOCX, tables nested 50 (and 400) deep, binary garbage named ``.txt``, a cp1252
text plan with ``£`` signs, plans whose cells look like spreadsheet formulas,
hostile file names and a zip archive whose members try to escape.

Each :class:`Case` carries the status the ``documents`` row must have and the
fragments (any one, case-insensitive) its error (or warnings) must contain.

Usage::

    python tests/hostile/generate.py OUT_DIR [--bomb-mb 50] [--pages 2000]

prints one line per case: file, expected status, where to look, fragments.
The file that disappears mid-run cannot be a file on disk; ``tests/hostile/
test_hostile.py`` simulates it (see ``test_file_vanishing_mid_run``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DOCS = ROOT / "samples"
REAL_PDF = "sandwell-laa-implementation-plan-high-volume-crime.pdf"
REAL_DOCX = "sandwell-laa-implementation-plan-high-volume-crime.docx"
REAL_TXT = "sandwell-laa-implementation-plan-high-volume-crime.txt"

# Limits the hostile run lowers so that cases stay small (passed on the command line by the test).
TEST_LIMITS = {"max_decompressed_bytes": 10_000_000, "max_pages": 1000}


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input and what the ``documents`` row must say about it."""

    name: str
    """File name inside the generated directory."""
    status: str
    """``ok``, ``failed`` or ``skipped``; ``members`` for an archive (each member gets its own row)."""
    fragments: tuple[str, ...]
    """The row's ``field`` must contain one of these (case-insensitive); empty: no check."""
    field: str = "error"
    """``error`` or ``warnings``."""
    note: str = ""
    build: Callable[[Path], None] | None = None


# --------------------------------------------------------------------------------------------- PDF


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    """A PDF stream object body with the right /Length."""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_file(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """Serialise numbered objects (1-based, in order) into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _pdf_text(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def text_page_content(lines: list[str]) -> bytes:
    """A content stream writing ``lines`` in Helvetica from the top of an A4 page."""
    ops = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
    for line in lines:
        ops.append(b"(%s) Tj T*" % _pdf_text(line))
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(pages: list[list[str]] | None = None, *, n_pages: int | None = None) -> bytes:
    """A valid PDF with a text layer: one content stream per page, or one shared by ``n_pages`` pages."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    if pages is None:
        n = n_pages or 1
        streams = [pdf_stream(text_page_content(["Local Area Agreement delivery plan", "A very long appendix."]))]
        content_of = [4] * n
    else:
        n = len(pages)
        streams = [pdf_stream(text_page_content(lines)) for lines in pages]
        content_of = [4 + i for i in range(n)]
    first_page = 4 + len(streams)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        font,
        *streams,
    ]
    for i in range(n):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content_of[i]
        )
    return pdf_file(objects)


def image_only_pdf() -> bytes:
    """One page holding only a small greyscale image: no text layer at all."""
    rng = random.Random(7)
    pixels = bytes(rng.randrange(256) for _ in range(32 * 32))
    image = pdf_stream(
        zlib.compress(pixels),
        b"/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode ",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        image,
        pdf_stream(b"q 400 0 0 400 97 300 cm /Im1 Do Q"),
    ]
    return pdf_file(objects)


_PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page text PDF encrypted with the Standard security handler (RC4 40-bit, R2) and a user password."""
    pad = lambda pw: (pw + _PDF_PAD)[:32]  # noqa: E731
    o_value = _rc4(hashlib.md5(pad(owner_password)).digest()[:5], pad(user_password))
    perms = -44
    file_id = hashlib.md5(b"plansift hostile encrypted").digest()
    key = hashlib.md5(pad(user_password) + o_value + struct.pack("<i", perms) + file_id).digest()[:5]
    u_value = _rc4(key, _PDF_PAD)
    content = text_page_content(["Confidential delivery plan", "NI 15 Serious violent crime: target 339 in 2010/11"])
    object_key = hashlib.md5(key + struct.pack("<I", 4)[:3] + b"\x00\x00").digest()[:10]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        pdf_stream(_rc4(object_key, content)),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_value.hex().encode(), u_value.hex().encode(), perms),
    ]
    ident = file_id.hex().encode()
    return pdf_file(objects, trailer_extra=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (ident, ident))


# ----------------------------------------------------------------------------------------- OLE2 / CFB

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, *, left=_NOSTREAM, right=_NOSTREAM, child=_NOSTREAM, start=_END, size=0) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        raw.ljust(64, b"\x00")
        + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child)
        + b"\x00" * 16
        + struct.pack("<I", 0)
        + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )


def cfb_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors) holding up to two streams of >= 4096 bytes.

    Streams of 4096 bytes or more live in ordinary sectors, so no mini stream is needed.
    """
    names = list(streams)
    assert 1 <= len(names) <= 2 and all(len(streams[n]) >= 4096 for n in names)
    fat: list[int] = [_FATSECT, _END]  # sector 0: the FAT; sector 1: the directory
    body = bytearray()
    starts = []
    for name in names:
        data = streams[name]
        n_sectors = -(-len(data) // 512)
        first = len(fat)
        starts.append(first)
        fat.extend(first + i + 1 for i in range(n_sectors - 1))
        fat.append(_END)
        body += data.ljust(n_sectors * 512, b"\x00")
    assert len(fat) <= 128, "one FAT sector only"
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    # CFB orders siblings by name length, then upper-cased name: the shorter name is the root's child.
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [_dir_entry("Root Entry", 5, child=1 + order[0])]
    for i, name in enumerate(names):
        right = 1 + order[1] if len(order) == 2 and i == order[0] else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[i], size=len(streams[name])))
    while len(entries) < 4:
        entries.append(_dir_entry("", 0))
    fat_sector = b"".join(struct.pack("<I", v) for v in fat).ljust(512, b"\xff")
    return header + fat_sector + b"".join(entries) + bytes(body)


def encrypted_docx() -> bytes:
    """What Word writes for a password-protected .docx: an OLE2 file with EncryptionInfo and EncryptedPackage."""
    info_xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b'<dataIntegrity encryptedHmacKey="AAAA" encryptedHmacValue="AAAA"/>'
        b'<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        b'<p:encryptedKey xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" '
        b'spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==" '
        b'encryptedVerifierHashInput="AAAA" encryptedVerifierHashValue="AAAA" encryptedKeyValue="AAAA"/>'
        b"</keyEncryptor></keyEncryptors></encryption>"
    )
    info = (struct.pack("<HHI", 4, 4, 0x40) + info_xml).ljust(4096, b" ")
    rng = random.Random(11)
    package = struct.pack("<Q", 9000) + rng.randbytes(9008)
    return cfb_file({"EncryptionInfo": info, "EncryptedPackage": package})


# ---------------------------------------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def w_par(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p>'


def w_table(rows: list[list[str]]) -> str:
    """A Word table; a cell given as ``<w:tbl...`` raw XML is embedded as is, after a paragraph."""
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>']
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            inner = f"{cell}<w:p/>" if cell.startswith("<w:tbl") else w_par(cell)
            out.append(f"<w:tc>{inner}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(body: str, *, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def docx_bytes(document: str | bytes) -> bytes:
    """A minimal valid .docx around ``document`` (the word/document.xml text)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        zf.writestr("word/document.xml", document)
    return buf.getvalue()


def zip_bomb_docx(path: Path, decompressed_bytes: int) -> None:
    """A .docx whose word/document.xml inflates to ``decompressed_bytes`` (spaces; about 1,000:1)."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
        f'{w_par("Delivery plan")}<w:p><w:r><w:t xml:space="preserve">'
    )
    tail = "</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            chunk = b" " * (1 << 20)
            left = decompressed_bytes
            while left > 0:
                member.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            member.write(tail.encode())


def lying_zip_docx(path: Path) -> None:
    """A .docx whose central directory understates word/document.xml's size (a bomb hiding its size)."""
    real = document_xml(w_par("Delivery plan") + w_par("x" * 2_000_000))
    data = bytearray(docx_bytes(real))
    # Patch the uncompressed size of word/document.xml in both its local header and the central directory.
    name = b"word/document.xml"
    size = len(real.encode())
    lied = struct.pack("<I", 1000)
    for sig, name_off, size_off in ((b"PK\x03\x04", 26, 22), (b"PK\x01\x02", 28, 24)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            n_len = struct.unpack_from("<H", data, pos + name_off)[0]
            start = pos + name_off + (4 if sig == b"PK\x03\x04" else 18)
            if bytes(data[start : start + n_len]) == name:
                assert struct.unpack_from("<I", data, pos + size_off)[0] == size
                data[pos + size_off : pos + size_off + 4] = lied
            pos += 4
    path.write_bytes(bytes(data))


def billion_laughs_docx() -> bytes:
    """A .docx whose document.xml declares ten levels of ten-fold nested entities (10^9 'lol's)."""
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        ents.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    doctype = "<!DOCTYPE w:document [" + "".join(ents) + "]>"
    body = '<w:p><w:r><w:t xml:space="preserve">Delivery plan &lol9;</w:t></w:r></w:p>'
    return docx_bytes(document_xml(body, doctype=doctype))


def nested_tables_docx(depth: int) -> bytes:
    """A .docx holding one table nested ``depth`` deep, with a target-like row at the bottom."""
    inner = w_table([["NI 15", "Serious violent crime", "339"]])
    for level in range(depth - 1):
        inner = w_table([[f"Level {depth - 1 - level}", inner]])
    return docx_bytes(document_xml(w_par("Delivery plan with nested tables") + inner))


# ---------------------------------------------------------------------------------------------- text

CP1252_PLAN = (
    "Local Area Agreement 2008 – 2011: Delivery Plan\r\n"
    "Safer Communities – “Reducing Serious Acquisitive Crime”\r\n"
    "\r\n"
    "NI 16 Serious Acquisitive Crime rate\r\n"
    "\r\n"
    "Financial years:\tWhat is being funded (eg. Staff, buildings, technology, equipment, services)\tCapital: £\t"
    "Revenue: £\t'In kind' support: £\tTotal: £\tSource of funding (specify funding stream and organisation "
    "receiving the funding)\tFunding assured? Y/N\r\n"
    "2008/09\tStaff, services and interventions\t\t£25,000\t\t£25,000\t"
    "Source – £25,000 from the Police. Received by – the Community Safety Partnership.\tYes – £25,000 assured.\r\n"
    "2009/10\tCapital acquisitions\t£12,500\t\t\t£12,500\tSource – Home Office Safer and Stronger Communities "
    "Funding.\tNo – not yet assured.\r\n"
    "\r\n"
    "Officers’ notes: the £25,000 from the Police is the force’s contribution.\r\n"
)

FORMULA_PLAN = (
    "Local Area Agreement Delivery Plan 2008 - 2011\n"
    "\n"
    "NI 15 Serious Violent Crime rate\n"
    "\n"
    "Key Areas for Improvement\tActivity\tBy whom? Name/organisation\tMilestones\tTarget Date for milestone\n"
    'NI 15 To reduce serious violent crime\t=HYPERLINK("http://example.invalid/x","click here")\t'
    "+44 121 555 0100 West Midlands Police\t-Review of hotspot locations complete\tMar 09\n"
    "\t@SUM(A1:A9) awareness raising campaign\t=1+1 Police\t+Campaign agreed\tSept 08\n"
    "\t-2 Reduce repeat offending through targeted work\t\tRepeat offending reduced\tMar 10\n"
    "\n"
    "Financial years:\tWhat is being funded\tCapital: £\tRevenue: £\t'In kind' support: £\tTotal: £\t"
    "Source of funding\tFunding assured? Y/N\n"
    '2008/09\t=HYPERLINK("http://example.invalid/y","funds")\t\t£10,000\t\t£10,000\t'
    "+Home Office Safer and Stronger Communities Funding\tYes\n"
)


def garbage_bytes(n: int = 8192, seed: int = 3) -> bytes:
    """Random bytes with runs of NULs: what a text extractor must refuse."""
    rng = random.Random(seed)
    data = bytearray(rng.randbytes(n))
    for i in range(0, n, 97):
        data[i : i + 4] = b"\x00\x00\x00\x00"
    return bytes(data)


def escaping_zip(path: Path, plan_text: bytes) -> None:
    """A zip whose members are named to escape any directory they are unpacked into."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("inside/plan.txt", plan_text + b"\n\nMember inside/plan.txt.\n")
        for name in (
            "../../escaped-parent.txt",
            "inside/../../../escaped-deep.txt",
            "/tmp/plansift-hostile-escaped-absolute.txt",
            "..\\..\\escaped-backslash.txt",
            "=HYPERLINK(1)member.txt",
        ):
            info = zipfile.ZipInfo(name)  # ZipFile.writestr would normalise the name; ZipInfo keeps it
            zf.writestr(info, plan_text + f"\n\nMember {name}.\n".encode())  # distinct, or kept only once


ESCAPE_NAMES = (
    "escaped-parent.txt",
    "escaped-deep.txt",
    "escaped-backslash.txt",
)
ABSOLUTE_ESCAPE = Path("/tmp/plansift-hostile-escaped-absolute.txt")


# --------------------------------------------------------------------------------------------- cases


def _copy(sample: str) -> Callable[[Path], None]:
    return lambda p: p.write_bytes((SAMPLE_DOCS / sample).read_bytes())


def _tagged_copy(sample: str) -> Callable[[Path], None]:
    """A copy of a text sample with one line naming the copy: runs drop byte-identical files as duplicates."""
    return lambda p: p.write_bytes(
        (SAMPLE_DOCS / sample).read_bytes() + b"\n\nCopy named " + os.fsencode(p.name) + b".\n"
    )


def cases(*, bomb_bytes: int = 50_000_000, pages: int = 2000) -> list[Case]:
    """Every hostile case with its expected documents row."""
    real_pdf = (SAMPLE_DOCS / REAL_PDF).read_bytes
    return [
        Case("zero-bytes.txt", "failed", ("empty",), build=lambda p: p.write_bytes(b"")),
        Case("zero-bytes.pdf", "failed", ("empty",), build=lambda p: p.write_bytes(b"")),
        Case(
            "pdf-named-as.docx",
            "ok",
            ("file extension .docx does not match its content: read as pdf",),
            field="warnings",
            note="a real plan PDF named .docx: read by content, the mismatch flagged",
            build=_copy(REAL_PDF),
        ),
        Case(
            "docx-named-as.pdf",
            "ok",
            ("file extension .pdf does not match its content: read as word (.docx)",),
            field="warnings",
            note="a real plan DOCX named .pdf: read by content, the mismatch flagged",
            build=_copy(REAL_DOCX),
        ),
        Case(
            "truncated.pdf",
            "failed",
            ("truncat", "damaged", "corrupt", "broken", "incomplete"),
            note="the first half of a real plan PDF",
            build=lambda p: p.write_bytes(real_pdf()[: len(real_pdf()) // 2]),
        ),
        Case(
            "encrypted.pdf",
            "failed",
            ("password", "encrypt"),
            note="RC4 user password 'secret', written by this module",
            build=lambda p: p.write_bytes(encrypted_pdf()),
        ),
        Case(
            "password-protected.docx",
            "failed",
            ("password", "encrypt"),
            note="an OLE2 container with EncryptionInfo and EncryptedPackage streams",
            build=lambda p: p.write_bytes(encrypted_docx()),
        ),
        Case(
            f"{pages}-pages.pdf",
            "skipped",
            ("page",),
            note=f"{pages} text pages; the test runs with --max-pages {TEST_LIMITS['max_pages']}",
            build=lambda p: p.write_bytes(text_pdf(n_pages=pages)),
        ),
        Case(
            "image-only.pdf",
            "failed",
            ("no text", "text layer", "image", "scanned"),
            note="one page holding only an image",
            build=lambda p: p.write_bytes(image_only_pdf()),
        ),
        Case(
            "zip-bomb.docx",
            "failed",
            ("--max-decompressed-bytes",),
            note=f"word/document.xml inflates to {bomb_bytes:,} bytes; the test lowers --max-decompressed-bytes. "
            "The message must name the limit to raise, as every limit message does",
            build=lambda p: zip_bomb_docx(p, bomb_bytes),
        ),
        Case(
            "zip-size-lies.docx",
            "failed",
            ("corrupt", "damaged", "crc", "size", "decompress"),
            note="the zip directory says 1,000 bytes; the member inflates to 2 MB",
            build=lying_zip_docx,
        ),
        Case(
            "billion-laughs.docx",
            "failed",
            ("entit", "dtd", "doctype"),
            note="ten levels of ten-fold nested entities in word/document.xml",
            build=lambda p: p.write_bytes(billion_laughs_docx()),
        ),
        Case(
            "nested-tables-50.docx",
            "ok",
            ("nest", "depth"),
            field="warnings",
            note="tables nested 50 deep (the default table depth limit is 20): read, the inner tables flagged",
            build=lambda p: p.write_bytes(nested_tables_docx(50)),
        ),
        Case(
            "nested-tables-400.docx",
            "failed",
            ("depth", "nest"),
            note="tables nested 400 deep: deeper than libxml2's default element depth and Python's recursion",
            build=lambda p: p.write_bytes(nested_tables_docx(400)),
        ),
        Case(
            "binary-garbage.txt",
            "failed",
            ("not a text file", "binary"),
            build=lambda p: p.write_bytes(garbage_bytes()),
        ),
        Case(
            "cp1252-plan.txt",
            "ok",
            (),
            note="Windows-1252 text with £ and curly quotes: must be read, £25,000 kept",
            build=lambda p: p.write_bytes(CP1252_PLAN.encode("cp1252")),
        ),
        Case(
            "formula-cells.txt",
            "ok",
            (),
            note="cells that begin with = + - @: outputs must neutralise them",
            build=lambda p: p.write_text(FORMULA_PLAN, encoding="utf-8"),
        ),
        Case(
            '=HYPERLINK("http-x","y").txt',
            "ok",
            (),
            note="a file name that is a formula: the document column must be neutralised",
            build=_tagged_copy(REAL_TXT),
        ),
        Case(
            "@name-starts-with-at.txt",
            "ok",
            (),
            build=_tagged_copy(REAL_TXT),
        ),
        Case(
            os.fsdecode(b"latin1-\xa3-name-not-utf8.txt"),
            "ok",
            (),
            note="a file name that is not UTF-8 (a cp1252 pound sign): every writer must cope",
            build=_tagged_copy(REAL_TXT),
        ),
        Case(
            "archive.zip",
            "members",
            (),
            note="members named ../.., /tmp/..., ..\\..: nothing may be written outside --out",
            build=lambda p: escaping_zip(p, (SAMPLE_DOCS / REAL_TXT).read_bytes()),
        ),
    ]


def generate(directory: Path, *, bomb_bytes: int = 50_000_000, pages: int = 2000) -> list[Case]:
    """Write every case into ``directory`` (created if needed); return the cases."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out = cases(bomb_bytes=bomb_bytes, pages=pages)
    for case in out:
        assert case.build is not None
        case.build(directory / case.name)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the cases into")
    parser.add_argument("--bomb-mb", type=int, default=50, help="decompressed size of the zip bomb, MB")
    parser.add_argument("--pages", type=int, default=2000, help="pages of the long PDF")
    args = parser.parse_args(argv)
    for case in generate(args.out, bomb_bytes=args.bomb_mb * 1_000_000, pages=args.pages):
        size = (args.out / case.name).stat().st_size
        print(f"{case.name}\t{size}\t{case.status}\t{case.field}\t{'|'.join(case.fragments)}\t{case.note}")


if __name__ == "__main__":
    main()
