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
    except (zipfile.BadZipFile, OSError, ValueError):
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
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_decompressed_bytes:
            raise ExtractionError(
                f"zip bomb suspected: {total:,} bytes when decompressed, over the limit of "
                f"{limits.max_decompressed_bytes:,}"
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_RATIO:
                raise ExtractionError(
                    f"zip bomb suspected: member {info.filename} expands {ratio:.0f}:1 to {info.file_size:,} bytes"
                )
        names = {i.filename for i in infos}
        if main_part not in names:
            raise ExtractionError(f"not a valid Office package: the part {main_part} is missing")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with zf.open(info) as fh:
                    prolog = fh.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise ExtractionError(f"corrupt zip package: member {info.filename} cannot be read ({exc})") from exc
            if _DOCTYPE.search(prolog):
                raise ExtractionError(
                    f"XML part {info.filename} declares a DOCTYPE (possible entity-expansion attack): refusing to read it"
                )
            if info.filename == "_rels/.rels" and STRICT_NS in prolog:
                raise ExtractionError(
                    "Strict Open XML is not supported: save as a standard .docx (Word: Save As > Word Document)"
                    if main_part.startswith("word/")
                    else "Strict Open XML is not supported: save as a standard .xlsx (Excel: Save As > Excel Workbook)"
                )
