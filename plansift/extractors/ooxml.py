"""Safety checks for Office Open XML packages (.docx, .xlsx) before a parser sees them.

A package is a zip of XML parts. Before python-docx or openpyxl opens one we
check what could hurt the run: a corrupt zip, a zip bomb (too many
decompressed bytes, or an absurd compression ratio), XML with a DOCTYPE (the
door to entity expansion, "billion laughs"), Strict Open XML (which
python-docx cannot read), and password-protected Office files (an OLE2
compound file holding an ``EncryptedPackage`` stream, not a zip at all).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from plansift.extractors.base import Limits
from plansift.extractors.model import ExtractionError

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_RATIO = 100
"""Compression ratio above which a large member is treated as a bomb."""
RATIO_MIN_BYTES = 10 * 1024 * 1024
"""Members smaller than this (uncompressed) are not judged by ratio: small XML compresses well."""
STRICT_NS = b"http://purl.oclc.org/ooxml/"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MAX_PROLOG_BYTES = 1 << 20
"""How far into an XML part its prolog (declaration, comments, PIs, DOCTYPE) may run before the root element."""
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error)
"""What zipfile raises on a damaged or unsupported archive: bad headers, names flagged UTF-8 that are not
(UnicodeDecodeError), a "version needed" it does not know or an unknown compression method
(NotImplementedError), an encrypted member (RuntimeError), corrupt deflate data (zlib.error)."""


def is_encrypted_office(head: bytes, path: Path) -> bool:
    """True when the file is an OLE2 container holding an encrypted OOXML package."""
    if not head.startswith(OLE2_MAGIC):
        return False
    # The directory entry names are UTF-16; the stream name sits in the first few sectors.
    with path.open("rb") as fh:
        data = fh.read(1 << 20)
    return _ENCRYPTED_STREAM in data


def check_not_encrypted(path: Path) -> None:
    """Raise the password message for an encrypted Office file."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if is_encrypted_office(head, path):
        raise ExtractionError("password-protected Office document: remove the password and save again")


def zip_members(head: bytes, path: Path) -> set[str] | None:
    """Names of the parts of a zip package, or None when the file is not a readable zip."""
    if not head.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            return set(zf.namelist())
    except ZIP_ERRORS:
        return None


def check_package(path: Path, limits: Limits, main_part: str) -> None:
    """Check an OOXML package is safe and readable; raise ExtractionError saying why not.

    ``main_part`` is the package's main XML part (``word/document.xml``,
    ``xl/workbook.xml``). Every XML part's prolog is checked for a DOCTYPE and
    the package relationships for the Strict namespace.
    """
    check_not_encrypted(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"corrupt zip package ({exc}): the file is damaged or truncated; re-save it") from exc
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
    except ZIP_ERRORS as exc:
        raise ExtractionError(
            f"corrupt or unsupported zip package ({type(exc).__name__}: {exc}): re-save the file"
        ) from exc
    with zf:
        infos = zf.infolist()
        _check_sizes(infos, limits)
        names = {i.filename for i in infos}
        if main_part not in names:
            raise ExtractionError(f"not a valid Office package: the part {main_part} is missing")
        actual = 0
        for info in infos:
            actual += _check_member(zf, info, limits, actual, main_part)


def _bomb(detail: str, limits: Limits) -> ExtractionError:
    return ExtractionError(
        f"zip bomb suspected: {detail}, over the limit of {limits.max_decompressed_bytes:,} bytes "
        "(raise --max-decompressed-bytes to read it)"
    )


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Sizes the zip directory declares: total and compression ratio."""
    total = sum(i.file_size for i in infos)
    if total > limits.max_decompressed_bytes:
        raise _bomb(f"{total:,} bytes when decompressed", limits)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise _bomb(f"member {info.filename} expands {ratio:.0f}:1 to {info.file_size:,} bytes", limits)


def _check_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, so_far: int, main_part: str) -> int:
    """Decompress one part as a stream (its real size, not the declared one); check an XML part's prolog.

    Every part is test-decompressed, images included, so a damaged member is reported here rather than
    escaping from the parser later. Returns the number of bytes it really decompresses to.
    """
    is_xml = info.filename.endswith((".xml", ".rels"))
    size = 0
    head = b""
    prolog_done = not is_xml
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                if not prolog_done:
                    head += chunk[: MAX_PROLOG_BYTES + 1 - len(head)]
                    prolog_done = _check_prolog(info.filename, head, main_part)
                size += len(chunk)
                if so_far + size > limits.max_decompressed_bytes:
                    raise _bomb(f"member {info.filename} decompresses past {so_far + size:,} bytes", limits)
    except ZIP_ERRORS as exc:
        raise ExtractionError(
            f"corrupt or unsupported zip package: member {info.filename} cannot be decompressed "
            f"({type(exc).__name__}: {exc}); re-save the file"
        ) from exc
    if size != info.file_size:
        raise ExtractionError(
            f"corrupt zip package: member {info.filename} decompresses to {size:,} bytes, "
            f"not the {info.file_size:,} its directory declares"
        )
    return size


def _root_start(head: bytes) -> int | None:
    """Offset of the first markup after the XML prolog's declaration, comments, PIs and whitespace.

    None when ``head`` ends inside the prolog (more bytes are needed to find it).
    """
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while pos < len(head):
        m = _PROLOG_ITEM.match(head, pos)
        if m is None:
            break
        pos = m.end()
    if pos >= len(head) or (head.startswith((b"<?", b"<!--"), pos) and _PROLOG_ITEM.match(head, pos) is None):
        return None
    return pos


def _check_prolog(name: str, head: bytes, main_part: str) -> bool:
    """Check the start of an XML part; True once its prolog has been seen whole (the root element reached).

    A DOCTYPE is refused wherever it sits in the prolog, however long the comments before it.
    """
    start = _root_start(head)
    if start is None:
        if len(head) > MAX_PROLOG_BYTES:
            raise ExtractionError(
                f"XML part {name} has a prolog over {MAX_PROLOG_BYTES:,} bytes before its root element: refusing it"
            )
        return False
    prolog = head[: start + 16]
    if _DOCTYPE.search(prolog):
        raise ExtractionError(
            f"XML part {name} declares a DOCTYPE (possible entity-expansion attack): refusing to read it"
        )
    if name == "_rels/.rels" and STRICT_NS in head[: start + 4096]:
        raise ExtractionError(
            "Strict Open XML is not supported: save as a standard .docx (Word: Save As > Word Document)"
            if main_part.startswith("word/")
            else "Strict Open XML is not supported: save as a standard .xlsx (Excel: Save As > Excel Workbook)"
        )
    return True
