"""Turning the bytes of a text-like file into ``str``, and telling text from binary.

Order of decisions: a byte-order mark wins (UTF-8, UTF-16, UTF-32); UTF-16
without a mark is recognised by its pattern of NUL bytes; otherwise strict
UTF-8, then the legacy Windows code page cp1252 (so a pound sign written as the
single byte 0xA3 reads as '£'); text that is UTF-8 but for a few stray legacy
bytes keeps its UTF-8 and reads only those bytes as cp1252. Content with NUL bytes or many control
characters is binary and is refused with a specific :class:`ExtractionError`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from plansift.extractors.model import ExtractionError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that never appear in real text: C0 controls other than tab, newline,
# vertical tab, form feed, carriage return and escape.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
MAX_CONTROL_RATIO = 0.02
"""Share of control bytes above which content is taken as binary."""

_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff")
_MARKUP_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|\?xml|table|body|head)\b", re.IGNORECASE)

BINARY_MESSAGE = (
    "not a text file: the content is binary ({why}); check that the file is the document you meant, "
    "or convert it to text, PDF or Word first"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was decoded; ``fallback`` is True when cp1252 was guessed for some bytes."""

    text: str
    encoding: str
    fallback: bool = False


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces and the mark's length, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit at every other position, as in UTF-16 ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` (the start of a file) is not text, or None when it looks like text."""
    if bom_encoding(data) or _utf16_without_bom(data):
        return None
    for sig in _BINARY_SIGNATURES:
        if data.startswith(sig):
            return f"it starts with the signature {sig[:4]!r} of another format"
    sample = data[:65536]
    if b"\x00" in sample:
        return "it contains NUL bytes"
    if sample:
        controls = sum(1 for b in sample if b in _CONTROL)
        if controls / len(sample) > MAX_CONTROL_RATIO:
            return f"{controls / len(sample):.0%} of the bytes are control characters"
    return None


MAX_UNREADABLE_SHARE = 0.1
"""Share of unprintable characters above which text decoded by a byte-order mark is taken as binary."""


def _unreadable_share(text: str) -> float:
    """Share of control, unassigned, private-use and replacement characters in the start of ``text``."""
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\n\r\f\v")
    )
    return bad / len(sample)


def looks_like_text(head: bytes) -> bool:
    """True when the first bytes are plain text: not binary, and not HTML or XML markup."""
    if binary_reason(head) is not None:
        return False
    bom = bom_encoding(head)
    if bom and bom[0].startswith("utf-8"):
        head = head[bom[1] :]
    return not _MARKUP_START.match(head[:1024])


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode file content, refusing binary content.

    ``declared`` is an encoding the file names itself (an HTML ``<meta charset>``);
    it is used after a byte-order mark and before the UTF-8/cp1252 guess.
    Raises :class:`ExtractionError` for binary content.
    """
    bom = bom_encoding(data)
    utf16 = _utf16_without_bom(data)
    if bom or utf16:
        name, n = bom or (utf16, 0)
        text = data[n:].decode(name, errors="replace")
        if _unreadable_share(text) > MAX_UNREADABLE_SHARE:
            raise ExtractionError(BINARY_MESSAGE.format(why=f"it does not read as {name} text"))
        return Decoded(text, name)
    why = binary_reason(data)
    if why:
        raise ExtractionError(BINARY_MESSAGE.format(why=why))
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "ascii"):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        # Mostly UTF-8 with stray legacy bytes (text pasted from two sources): keep the UTF-8.
        return Decoded(data.decode("utf-8", errors="cp1252_fallback"), "utf-8+cp1252", fallback=True)
    # cp1252 leaves five bytes undefined; read those as Latin-1 so nothing is lost.
    return Decoded(data.decode("cp1252", errors="latin1_fallback"), "cp1252", fallback=True)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _latin1_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    bad = exc.object[exc.start : exc.end]
    return bad.decode("latin-1"), exc.end


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="latin1_fallback"), exc.end


codecs.register_error("latin1_fallback", _latin1_fallback)
codecs.register_error("cp1252_fallback", _cp1252_fallback)
