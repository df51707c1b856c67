"""PDF files: pypdfium2 for the text and the rules, pdfplumber's table algorithm, pdfplumber as fallback.

Pages are read one at a time and closed at once (memory does not grow with the
page count). On each page: ruled tables from the path objects, unruled tables
from aligned text, then the rest of the words in reading order
(:mod:`plansift.extractors.pdf_layout`). Across pages: running headers and
footers (the same line at the top or bottom of most pages, or a bare page
number) move to ``Page.furniture``, and a table that goes on over a page break
(the same column lines, with or without a repeated header row) becomes one
table.

Decisions: a file with more pages than ``Limits.max_pages`` is skipped with a
message (nothing is read partially); an encrypted file that needs a user
password fails with a message saying so, while a copy-protected one (owner
password only) is read; pages without a text layer are flagged, and a file with
no text layer at all is OCRed with ``ocrmypdf`` when it is installed
(``--skip-text``, in a temporary directory, with the per-document timeout).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import ClassVar

from plansift.extractors.base import ExtractOptions, register
from plansift.extractors.model import Block, Document, ExtractionError, Heading, Page, Paragraph, Table
from plansift.extractors.pdf_geometry import PageContent, read_pdfium_page, read_plumber_page
from plansift.extractors.pdf_layout import body_size, page_blocks
from plansift.extractors.pdf_tables import PageTable, join, ruled_tables, same_columns, unruled_tables

ENCRYPTED = "encrypted PDF: it needs a password (decrypt it, e.g. with qpdf --decrypt, and run again)"
TAIL_BYTES = 4096
"""How far from the end of the file the %%EOF marker is looked for."""
FURNITURE_BAND = 0.12
"""Share of the page height at the top and at the bottom where running headers and footers live."""
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.IGNORECASE)


class _EngineFailure(Exception):
    """An engine could not open or read the file (another engine may)."""


class _PdfiumSource:
    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        try:
            self.pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            if exc.err_code == raw.FPDF_ERR_PASSWORD:
                raise ExtractionError(ENCRYPTED) from exc
            raise _EngineFailure(f"pypdfium2: {exc}") from exc
        self.n_pages = len(self.pdf)
        meta = self.pdf.get_metadata_dict(skip_empty=True)
        self.producer = meta.get("Producer") or meta.get("Creator")
        self.title = meta.get("Title")

    def page(self, index: int) -> PageContent:
        return read_pdfium_page(self.pdf, index)

    def close(self) -> None:
        self.pdf.close()


class _PlumberSource:
    def __init__(self, path: Path) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        try:
            self.pdf = pdfplumber.open(str(path))
            self.n_pages = len(self.pdf.pages)
        except PDFPasswordIncorrect as exc:
            raise ExtractionError(ENCRYPTED) from exc
        except Exception as exc:
            if "password" in str(exc).lower() or "PasswordIncorrect" in repr(exc):
                raise ExtractionError(ENCRYPTED) from exc
            raise _EngineFailure(f"pdfplumber: {type(exc).__name__}: {exc}") from exc
        meta = self.pdf.metadata or {}
        self.producer = _meta_text(meta.get("Producer") or meta.get("Creator"))
        self.title = _meta_text(meta.get("Title"))

    def page(self, index: int) -> PageContent:
        try:
            return read_plumber_page(self.pdf.pages[index], index + 1)
        except Exception as exc:  # pdfminer raises many types on damaged content streams
            raise _EngineFailure(f"pdfplumber: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self.pdf.close()


def _meta_text(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value) if value else None


def _open(path: Path, engine: str, warnings: list[str]):
    if engine in ("auto", "pdfium"):
        try:
            return _PdfiumSource(path)
        except _EngineFailure as exc:
            if engine == "pdfium":
                raise ExtractionError(f"damaged PDF, cannot be opened ({exc})") from exc
            warnings.append(f"pypdfium2 could not open the file ({exc}); read with pdfplumber instead")
            try:
                return _PlumberSource(path)
            except _EngineFailure as exc2:
                raise ExtractionError(f"damaged or truncated PDF, cannot be opened ({exc}; {exc2})") from exc2
    try:
        return _PlumberSource(path)
    except _EngineFailure as exc:
        raise ExtractionError(f"damaged or truncated PDF, cannot be opened ({exc})") from exc


def _read_page(source, path: Path, index: int, engine: str, warnings: list[str]) -> PageContent:
    """One page's content; in ``auto`` mode a page pdfium fails on is read with pdfplumber."""
    try:
        return source.page(index)
    except _EngineFailure as exc:
        warnings.append(f"page {index + 1} could not be read ({exc}); it is left empty")
        return PageContent(number=index + 1, width=0.0, height=0.0)
    except Exception as exc:
        if engine != "auto" or not isinstance(source, _PdfiumSource):
            raise ExtractionError(
                f"damaged PDF: page {index + 1} cannot be read ({type(exc).__name__}: {exc})"
            ) from exc
        warnings.append(f"page {index + 1}: pypdfium2 failed ({exc}); read with pdfplumber instead")
        try:
            return _plumber_page(path, index)
        except _EngineFailure as exc2:
            warnings.append(f"page {index + 1} could not be read ({exc2}); it is left empty")
            return PageContent(number=index + 1, width=0.0, height=0.0)


def _plumber_page(path: Path, index: int) -> PageContent:
    source = _PlumberSource(path)
    try:
        return source.page(index)
    finally:
        source.close()


def layout_page(content: PageContent) -> tuple[Page, list[PageTable]]:
    """Tables and text blocks of one page's content."""
    words = content.words
    found = ruled_tables(content.edges, words, content.number)
    rest = _outside(words, found)
    size = body_size(rest if sum(len(w["text"]) for w in rest) >= 200 else words)
    unruled = unruled_tables(rest, content.number, size)
    if unruled:
        rest = _outside(rest, unruled)
    tables = found + unruled
    blocks = page_blocks(rest, content.number, size, [t.table for t in tables], content.width)
    page = Page(number=content.number, blocks=blocks, width=content.width, height=content.height, has_text=bool(words))
    return page, tables


def _outside(words: list[dict], tables: list[PageTable]) -> list[dict]:
    """The words whose centre is in no table's box widened by 1 pt on each side, in their order.

    Each word's centre and each widened box are computed once (not once per word and table): a loop over the
    few boxes per word, stopping at the first box that holds it. A page without tables keeps all its words.
    """
    if not tables:
        return list(words)
    boxes = [(b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1) for b in (t.table.prov.bbox for t in tables)]
    out = []
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for x0, y0, x1, y1 in boxes:
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                break
        else:
            out.append(w)
    return out


def _furniture_key(block: Block) -> str | None:
    if not isinstance(block, Paragraph | Heading) or len(block.text) > 200:
        return None
    return re.sub(r"\d+", "#", " ".join(block.text.lower().split()))


def move_furniture(pages: list[Page]) -> None:
    """Move running headers, footers and page numbers from the body to ``Page.furniture``."""

    def candidates(page: Page) -> list[tuple[Block, str]]:
        h = page.height or 0.0
        out = []
        for block in page.blocks:
            box = block.prov.bbox
            if box and (box[3] <= FURNITURE_BAND * h or box[1] >= (1 - FURNITURE_BAND) * h):
                key = _furniture_key(block)
                if key:
                    out.append((block, key))
        return out

    per_page = [candidates(p) for p in pages]
    counts = Counter(key for cands in per_page for key in {k for _, k in cands})
    needed = max(2, (len(pages) + 1) // 2)
    frequent = [k for k, n in counts.items() if n >= needed and len(k) >= 15]
    for key in list(counts):
        if counts[key] < needed and len(key) >= 15 and any(key.startswith(f) or f.startswith(key) for f in frequent):
            counts[key] = needed  # the running line merged with a little more text on one page
    for page, cands in zip(pages, per_page, strict=True):
        for block, key in cands:
            if (counts[key] >= needed or _PAGE_NUMBER.match(block.text.strip())) and block in page.blocks:
                page.blocks.remove(block)
                page.furniture.append(block)


def join_continued_tables(pages: list[Page], found: dict[int, PageTable]) -> None:
    """Join a table ending a page to the table opening the next page when their columns match.

    A page holding nothing but the middle part of a long table passes the table on to the next page.
    """
    carry: PageTable | None = None
    for page in pages:
        if carry is not None and page.blocks and isinstance(page.blocks[0], Table):
            part = found.get(id(page.blocks[0]))
            if part is not None and same_columns(carry, part):
                join(carry, part)
                page.blocks.pop(0)
                if not page.blocks:
                    continue
        last = page.blocks[-1] if page.blocks else None
        carry = found.get(id(last)) if isinstance(last, Table) else None


def _ocr(path: Path, options: ExtractOptions) -> Document:
    """OCR the pages without text (ocrmypdf --skip-text) into a temp file and read that."""
    from dataclasses import replace

    with tempfile.TemporaryDirectory(prefix="plansift-ocr-") as tmp:
        out = Path(tmp) / "ocr.pdf"
        cmd = ["ocrmypdf", "--skip-text", "--quiet", "-l", "eng", str(path), str(out)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=options.limits.timeout_per_doc)
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError(f"OCR timed out after {options.limits.timeout_per_doc:.0f} s") from exc
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no detail"]
            raise ExtractionError(f"OCR failed (ocrmypdf exit {exc.returncode}: {detail[0]})") from exc
        try:
            doc = read_pdf(out, replace(options, ocr=False))
        except ExtractionError as exc:
            if "no text layer" not in str(exc):
                raise
            raise ExtractionError("no text layer, and OCR (ocrmypdf) found no text on the scanned pages") from exc
    doc.path = str(path)
    doc.warnings.insert(0, "no text layer: the file was OCRed with ocrmypdf (check the text)")
    return doc


def check_complete(path: Path) -> None:
    """Raise when the file ends before the PDF's end-of-file marker (a truncated download or copy)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - TAIL_BYTES))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise ExtractionError(
            "truncated or damaged PDF: the file ends before its end-of-file marker (%%EOF); copy or download it again"
        )


def read_pdf(path: Path, options: ExtractOptions) -> Document:
    """Read a PDF into a Document (see the module docstring for the decisions taken)."""
    check_complete(path)
    warnings: list[str] = []
    source = _open(path, options.pdf_engine, warnings)
    try:
        n = source.n_pages
        if n > options.limits.max_pages:
            raise ExtractionError(
                f"{n} pages, over the limit of {options.limits.max_pages} (raise --max-pages)", status="skipped"
            )
        if n == 0:
            raise ExtractionError("the PDF has no pages")
        pages: list[Page] = []
        found: dict[int, PageTable] = {}
        scanned = []
        for i in range(n):
            content = _read_page(source, path, i, options.pdf_engine, warnings)
            page, tables = layout_page(content)
            for t in tables:
                found[id(t.table)] = t
            if not page.has_text:
                warnings.append(f"page {page.number} has no text layer")
                if content.has_images:
                    scanned.append(page.number)
            pages.append(page)
        producer, title = source.producer, source.title
    finally:
        source.close()
    unreadable = [w for w in warnings if w.endswith("it is left empty")]
    if len(unreadable) == len(pages):
        raise ExtractionError(f"damaged PDF: no page can be read ({unreadable[0]})")
    if not any(p.has_text for p in pages):
        if not options.ocr:
            raise ExtractionError("no text layer, and OCR is turned off")
        if shutil.which("ocrmypdf") is None:
            raise ExtractionError("no text layer: install ocrmypdf to OCR scanned PDFs")
        return _ocr(path, options)
    if scanned:
        warnings.append(
            f"{len(scanned)} page(s) look scanned (images, no text): {', '.join(map(str, scanned[:10]))}; "
            "they were not OCRed because the rest of the file has text"
        )
    move_furniture(pages)
    join_continued_tables(pages, found)
    return Document(path=str(path), format="pdf", pages=pages, title=title, producer=producer, warnings=warnings)


@register
class PdfExtractor:
    """PDF documents, sniffed by the ``%PDF-`` signature near the start of the file."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    priority: ClassVar[int] = 60

    def accepts(self, head: bytes, path: Path) -> bool:
        return b"%PDF-" in head[:1024]

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        return read_pdf(path, options)
