"""The extractor contract and the registry that chooses one for a file.

An extractor is a small class with a name, the extensions it knows, an
``accepts`` check that sniffs the first bytes of the file, and ``extract``.
The registry asks every extractor whose sniff accepts the content, by priority,
then falls back to the extension; every failed attempt is kept so that the
final error says what was tried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from plansift.extractors.model import Document, ExtractionError

SNIFF_BYTES = 8192


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
            return cls().extract(path, options)
        except ExtractionError as exc:
            if len(candidates) == 1 or cls is candidates[0] and cls().accepts(head, path):
                # The content was recognised: its own error is the most specific one.
                raise
            attempts.append(f"{cls.name}: {exc}")
    raise ExtractionError("; ".join(attempts))
