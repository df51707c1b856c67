"""Legacy and other word-processor formats (.doc, .rtf, .odt, .xls), converted by LibreOffice.

LibreOffice runs headless on a copy of the file in a temporary directory, with
a profile of its own (``-env:UserInstallation``, so that it neither touches nor
waits for a user's running instance) and the per-document timeout. Text
documents are converted to .docx and read by the DOCX reader, workbooks to
.xlsx and read by the sheet reader; the Document keeps the original format
name and says in its warnings that it was converted. Without LibreOffice the
file fails with a message saying what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import ClassVar

from plansift.extractors import ooxml
from plansift.extractors.base import ExtractOptions, register
from plansift.extractors.model import Document, ExtractionError

_OLE_STREAMS = {"doc": "WordDocument".encode("utf-16-le"), "xls": "Workbook".encode("utf-16-le")}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_TARGET = {"doc": "docx", "rtf": "docx", "odt": "docx", "xls": "xlsx", "ods": "xlsx"}


def sniff_format(head: bytes, path: Path) -> str | None:
    """The legacy format of a file from its first bytes ('doc', 'xls', 'rtf', 'odt', 'ods'), or None."""
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(ooxml.OLE2_MAGIC):
        if ooxml.is_encrypted_office(head, path):
            return None
        with path.open("rb") as fh:
            data = fh.read(1 << 20)
        for fmt, stream in _OLE_STREAMS.items():
            if stream in data:
                return fmt
        return None
    if head.startswith(ooxml.ZIP_MAGIC) and head[30:38] == b"mimetype":
        for mimetype, fmt in _ODF_MIMETYPES.items():
            if head[38 : 38 + len(mimetype)] == mimetype:
                return fmt
    return None


def soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, fmt: str, target: str, timeout: float, workdir: Path) -> Path:
    """Convert ``path`` with LibreOffice into ``workdir``; returns the converted file."""
    exe = soffice()
    if exe is None:
        raise ExtractionError(
            f"cannot read .{fmt} without LibreOffice: install it (e.g. apt-get install libreoffice-writer-nogui) "
            "and run again"
        )
    src = workdir / f"input.{fmt}"
    shutil.copyfile(path, src)
    profile = workdir / "profile"
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        target,
        "--outdir",
        str(workdir / "out"),
        str(src),
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(
            f"LibreOffice did not convert the .{fmt} file within {timeout:.0f} s (damaged or password-protected?)"
        ) from exc
    out = workdir / "out" / f"input.{target}"
    if not out.exists():
        detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        raise ExtractionError(
            f"LibreOffice could not convert the .{fmt} file (damaged or password-protected?)"
            + (f": {detail[0]}" if detail else "")
        )
    return out


def read_legacy(path: Path, options: ExtractOptions, fmt: str) -> Document:
    """Convert a legacy file with LibreOffice and read the result with the DOCX or sheet reader."""
    target = _TARGET[fmt]
    with tempfile.TemporaryDirectory(prefix="plansift-lo-") as tmp:
        out = convert(path, fmt, target, options.limits.timeout_per_doc, Path(tmp))
        if target == "docx":
            from plansift.extractors.docx import read_docx

            doc = read_docx(out, options, fmt=fmt)
        else:
            from plansift.extractors.sheet import read_xlsx

            doc = read_xlsx(out, options, fmt=fmt)
    doc.path = str(path)
    doc.warnings.insert(0, f"converted from .{fmt} to .{target} with LibreOffice")
    return doc


@register
class LegacyExtractor:
    """Word 97-2003 (.doc), RTF, OpenDocument text and Excel 97-2003 (.xls), through LibreOffice."""

    name: ClassVar[str] = "legacy"
    extensions: ClassVar[tuple[str, ...]] = (".doc", ".rtf", ".odt", ".xls", ".ods", ".dot")
    priority: ClassVar[int] = 40

    def accepts(self, head: bytes, path: Path) -> bool:
        if ooxml.is_encrypted_office(head, path):
            return path.suffix.lower() in self.extensions
        return sniff_format(head, path) is not None

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        ooxml.check_not_encrypted(path)
        with path.open("rb") as fh:
            head = fh.read(8192)
        fmt = sniff_format(head, path) or path.suffix.lower().lstrip(".")
        if fmt == "dot":
            fmt = "doc"
        if fmt not in _TARGET:
            raise ExtractionError(f"not a legacy document LibreOffice can convert (.{fmt})")
        if fmt in ("odt", "ods"):
            try:
                with zipfile.ZipFile(path) as zf:
                    total = sum(i.file_size for i in zf.infolist())
            except ooxml.ZIP_ERRORS as exc:
                raise ExtractionError(f"corrupt OpenDocument package ({exc}): re-save it") from exc
            if total > options.limits.max_decompressed_bytes:
                raise ExtractionError(f"zip bomb suspected: {total:,} bytes when decompressed")
        return read_legacy(path, options, fmt)
