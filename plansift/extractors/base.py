"""The extractor contract and the registry that chooses one for a file.

An extractor is a small class with a name, the extensions it knows, an
``accepts`` check that sniffs the first bytes of the file, and ``extract``.
The registry asks every extractor whose sniff accepts the content, by priority,
then falls back to the extension; every failed attempt is kept so that the
final error says what was tried. When the content read is of a format other than
the one the file's extension names, :func:`read_document` adds the one warning
that says so (:func:`extension_mismatch`); the extractors do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from plansift.extractors.model import Document, ExtractionError

SNIFF_BYTES = 8192

FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("PDF", (".pdf",)),
    "docx": ("Word (.docx)", (".docx", ".docm", ".dotx")),
    "xlsx": ("Excel (.xlsx)", (".xlsx", ".xlsm")),
    "csv": ("CSV", (".csv", ".tsv")),
    "html": ("HTML", (".html", ".htm", ".xhtml")),
    "txt": ("plain text", (".txt", ".text", ".md")),
    "doc": ("Word 97-2003 (.doc)", (".doc", ".dot")),
    "rtf": ("RTF", (".rtf",)),
    "odt": ("OpenDocument text (.odt)", (".odt",)),
    "xls": ("Excel 97-2003 (.xls)", (".xls",)),
    "ods": ("OpenDocument spreadsheet (.ods)", (".ods",)),
}
"""Each ``Document.format`` an extractor gives: the name a warning uses for it and the extensions that name it."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits applied to every file. Every limit is configurable."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 1000
    max_decompressed_bytes: int = 500 * 1024 * 1024
    max_table_depth: int = 20
    timeout_per_doc: float = 120.0


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    limits: Limits = field(default_factory=Limits)
    ocr: bool = True
    """OCR pages without a text layer when ocrmypdf is installed."""
    pdf_engine: str = "auto"
    """``auto`` (pypdfium2 with pdfplumber fallback), ``pdfium`` or ``pdfplumber``."""


class Extractor(Protocol):
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    priority: ClassVar[int]

    def accepts(self, head: bytes, path: Path) -> bool:
        """True when the first bytes of the file look like this format."""
        ...

    def extract(self, path: Path, options: ExtractOptions) -> Document: ...


_REGISTRY: list[type] = []


def register(cls: type) -> type:
    """Class decorator adding an extractor to the registry."""
    _REGISTRY.append(cls)
    _REGISTRY.sort(key=lambda c: -c.priority)
    return cls


def registered() -> list[type]:
    _load_builtin()
    return list(_REGISTRY)


def _load_builtin() -> None:
    # Imported lazily so that ``plansift --help`` stays fast.
    import importlib

    for mod in ("text", "html", "docx", "pdf", "sheet", "legacy"):
        try:
            importlib.import_module(f"plansift.extractors.{mod}")
        except ModuleNotFoundError as exc:  # a module not written yet, or an optional dependency
            if exc.name and exc.name.startswith("plansift.extractors"):
                continue
            raise


def choose(path: Path, head: bytes) -> list[type]:
    """Extractors to try, in order: those whose sniff accepts the content, then by extension."""
    classes = registered()
    sniffed = [c for c in classes if c().accepts(head, path)]
    ext = path.suffix.lower()
    by_ext = [c for c in classes if ext in c.extensions and c not in sniffed]
    return sniffed + by_ext


def extension_mismatch(path: Path, doc: Document, extractor: type) -> str | None:
    """The warning for a file whose extension names another format than the content read, or None.

    Only an extension that names a known format counts: a file without one, or with a suffix no
    format claims (the ``.3`` of ``plan v1.3``), says nothing about its format, so nothing contradicts it.
    """
    suffix = path.suffix.lower()
    known = {ext for _, exts in FORMATS.values() for ext in exts}
    known.update(ext for cls in registered() for ext in cls.extensions)
    label, expected = FORMATS.get(doc.format, (doc.format.upper(), extractor.extensions))
    if suffix not in known or suffix in expected:
        return None
    return f"file extension {suffix} does not match its content: read as {label}"


def read_document(path: str | Path, options: ExtractOptions | None = None) -> Document:
    """Read one file into a :class:`Document`, choosing the extractor by content first.

    Raises :class:`ExtractionError` with a message naming what was tried.
    """
    options = options or ExtractOptions()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise ExtractionError("empty file (0 bytes)")
    if size > options.limits.max_bytes:
        raise ExtractionError(
            f"file is {size:,} bytes, over the limit of {options.limits.max_bytes:,} (raise --max-bytes to read it)",
            status="skipped",
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
    candidates = choose(path, head)
    if not candidates:
        raise ExtractionError(
            f"unsupported format ({path.suffix or 'no extension'}): no extractor recognises this content",
            status="skipped",
        )
    attempts: list[str] = []
    for cls in candidates:
        try:
            doc = cls().extract(path, options)
        except ExtractionError as exc:
            if len(candidates) == 1 or cls is candidates[0] and cls().accepts(head, path):
                # The content was recognised: its own error is the most specific one.
                raise
            attempts.append(f"{cls.name}: {exc}")
            continue
        warning = extension_mismatch(path, doc, cls)
        if warning:
            doc.warnings.insert(0, warning)
        return doc
    raise ExtractionError("; ".join(attempts))
