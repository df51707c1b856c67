"""What a PDF page holds, as plain geometry: words with boxes and the ruling edges.

Two readers give the same :class:`PageContent`: pypdfium2 (the fast path: a
loop over every character, in C where the helper ``_pdfwords`` is built, path
objects for rules) and pdfplumber (the fallback for files pdfium cannot read).
Coordinates are PDF points with the origin at the page's top left (``top``
grows downwards), as in pdfplumber, so that pdfplumber's table functions work
on our edges unchanged.

A word is a dict ``{text, x0, x1, top, bottom, size, bold}``; an edge is a
pdfplumber edge dict ``{x0, x1, top, bottom, width, height, orientation}``.
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field
from functools import cache

try:  # the compiled per-character loop, built at install where a C compiler is found (see setup.py)
    from plansift.extractors._pdfwords import words as _native_words
except ImportError:
    _native_words = None

EDGE_MAX_THICKNESS = 2.5
"""A path thinner than this (points) is a rule, not a box."""
EDGE_MIN_LENGTH = 3.0
WORD_GAP = 0.2
"""A horizontal gap wider than this share of the font size ends a word."""
ROTATED_SIN = 0.2
"""Characters turned further than this (sine of the angle) from the horizontal are left out."""
LOOSE_BOX_RATIO = 1.15
"""Height of a loose character box (ascent to descent) over the font size, roughly."""
FORCE_BOLD = 1 << 18
"""The font descriptor flag ``ForceBold``."""


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    words: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    has_images: bool = False


def h_edge(x0: float, x1: float, y: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}


def v_edge(x: float, top: float, bottom: float) -> dict:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v"}


def box_edges(x0: float, top: float, x1: float, bottom: float) -> list[dict]:
    """Edges of an axis-aligned box: one edge for a thin rule, four for a rectangle."""
    w, h = x1 - x0, bottom - top
    if h <= EDGE_MAX_THICKNESS and w >= EDGE_MIN_LENGTH:
        return [h_edge(x0, x1, (top + bottom) / 2)]
    if w <= EDGE_MAX_THICKNESS and h >= EDGE_MIN_LENGTH:
        return [v_edge((x0 + x1) / 2, top, bottom)]
    if w < EDGE_MIN_LENGTH or h < EDGE_MIN_LENGTH:
        return []
    return [h_edge(x0, x1, top), h_edge(x0, x1, bottom), v_edge(x0, top, bottom), v_edge(x1, top, bottom)]


def box_mapper(rotation: int, cropbox: tuple[float, float, float, float]):
    """A function taking a box in PDF user space (left, bottom, right, top) to the page as displayed
    (x0, top, x1, bottom, origin top left), for a page turned by ``rotation`` degrees clockwise."""
    cl, cb, cr, ct = cropbox
    if rotation == 90:
        return lambda x0, y0, x1, y1: (y0 - cb, x0 - cl, y1 - cb, x1 - cl)
    if rotation == 180:
        return lambda x0, y0, x1, y1: (cr - x1, y0 - cb, cr - x0, y1 - cb)
    if rotation == 270:
        return lambda x0, y0, x1, y1: (ct - y1, cr - x1, ct - y0, cr - x0)
    return lambda x0, y0, x1, y1: (x0 - cl, ct - y1, x1 - cl, ct - y0)


def read_pdfium_page(pdf, index: int) -> PageContent:
    """Words and edges of page ``index`` (0-based) with pypdfium2; the page is closed after."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        width, height = page.get_size()
        rotation = page.get_rotation() % 360
        cropbox = page.get_cropbox()
        to_page = box_mapper(rotation, cropbox)
        content = PageContent(number=index + 1, width=width, height=height)
        textpage = page.get_textpage()
        try:
            origin = (cropbox[0], cropbox[3]) if rotation == 0 else None
            content.words = join_ordinal_suffixes(
                _pdfium_words(raw, textpage.raw, to_page, math.radians(rotation), origin)
            )
        finally:
            textpage.close()
        content.edges, content.has_images = _pdfium_edges(raw, page, to_page)
    finally:
        page.close()
    return content


def _pdfium_words(
    raw, tp, to_page, rotation: float, origin: tuple[float, float] | None = None, native: bool = True
) -> list[dict]:
    """Words of a text page: characters in content order, split at white space and at gaps.

    ``origin`` (the crop box's left and top) stands in for ``to_page`` on an unrotated page, the common
    case, where the mapping is two subtractions: this loop runs once per character. There the loop runs in
    C when the compiled helper is installed (``native``; see _words_in_c), and the loop below is its
    reference and fallback.
    """
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = _page_text(raw, tp, n)
    if origin is not None and native and _native_words is not None:
        return _words_in_c(raw, tp, text, rotation, origin)
    rect = raw.FS_RECTF()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    # the loop below runs once per character: pdfium is called through a bare prototype on addresses
    # (no argument checks) and the box is read as four floats in one call
    get_box, char_angle = _loose_char_box(raw), _char_angle(raw)
    page_address, rect_address = ctypes.cast(tp, ctypes.c_void_p).value, ctypes.addressof(rect)
    read_box = memoryview(rect).cast("B").cast("f").tolist  # FS_RECTF: left, top, right, bottom
    object_of = _text_object_address(raw)
    styles: dict[int, tuple[float, bool]] = {}  # text object -> its font size and weight
    words: list[dict] = []
    ox, oy = origin if origin is not None else (0.0, 0.0)
    for run in _WORD_CHARS.finditer(text):
        cur: dict | None = None
        first = last = 0  # the word's first and last characters (text[first : last + 1])
        holes: list[int] = []  # characters inside the word without a box (rare): left out of its text
        x1_ = top_ = bottom_ = gap_max = gap_min = drift = 0.0
        for i in range(run.start(), run.end()):
            if not get_box(page_address, i, rect_address):
                if cur is not None:
                    holes.append(i)
                continue
            left, up, right, down = read_box()
            if origin is not None:
                x0, x1, top, bottom = left - ox, right - ox, oy - up, oy - down
            else:
                x0, top, x1, bottom = to_page(left, down, right, up)
            if cur is not None:
                gap = x0 - x1_
                if gap > gap_max or gap < gap_min or abs(top - top_) > drift:
                    cur["text"], cur["x1"], cur["top"], cur["bottom"] = (
                        _span(text, first, last, holes),
                        x1_,
                        top_,
                        bottom_,
                    )
                    words.append(cur)
                    cur = None
                else:
                    last = i
                    if x1 > x1_:
                        x1_ = x1
                    if top < top_:
                        top_ = top
                    if bottom > bottom_:
                        bottom_ = bottom
                    continue
            if abs(math.sin(char_angle(page_address, i) + rotation)) > ROTATED_SIN:
                continue  # rotated text (margin stamps, vertical labels) does not read in lines
            key = object_of(page_address, i) if object_of is not None else None
            style = styles.get(key) if key else None
            if style is None:
                style = _char_style(raw, tp, i, buf, flags)
                if key:
                    styles[key] = style
            size_, bold = style
            if size_ < 0.6 * (bottom - top):  # a font scaled by the text matrix reports size 1: use the box
                size_ = round((bottom - top) / LOOSE_BOX_RATIO, 1)
            size = max(size_, 4.0)
            gap_max, gap_min, drift = WORD_GAP * size, -size, 0.5 * size
            cur = {"text": "", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size_, "bold": bold}
            x1_, top_, bottom_ = x1, top, bottom
            first = last = i
            holes = []
        if cur is not None:
            cur["text"], cur["x1"], cur["top"], cur["bottom"] = _span(text, first, last, holes), x1_, top_, bottom_
            words.append(cur)
    return words


def _words_in_c(raw, tp, text: str, rotation: float, origin: tuple[float, float]) -> list[dict]:
    """The loop of _pdfium_words run by the compiled helper (plansift/extractors/_pdfwords.c), the same
    comparisons in the same order: a PDF page's words for a fraction of the time of a ctypes call per
    character."""
    runs = [bound for run in _WORD_CHARS.finditer(text) for bound in run.span()]
    found = _native_words(
        ctypes.cast(tp, ctypes.c_void_p).value,
        _native_functions(raw),
        runs,
        origin[0],
        origin[1],
        rotation,
        WORD_GAP,
        ROTATED_SIN,
        LOOSE_BOX_RATIO,
        FORCE_BOLD,
    )
    return [
        {
            "text": _span(text, first, last, holes or []),
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "size": size,
            "bold": bold,
        }
        for first, last, holes, x0, x1, top, bottom, size, bold in found
    ]


def _native_functions(raw) -> tuple[int, ...]:
    """Addresses of the pdfium functions the compiled helper calls, from pypdfium2's own binding: the
    character box, angle and text object (0 where this pdfium lacks it), the font size, weight and
    information."""
    text_object = _text_object_address(raw)
    return (
        *_addresses(raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharAngle),
        _addresses(text_object)[0] if text_object is not None else 0,
        *_addresses(raw.FPDFText_GetFontSize, raw.FPDFText_GetFontWeight, raw.FPDFText_GetFontInfo),
    )


def _addresses(*functions) -> list[int]:
    return [ctypes.cast(function, ctypes.c_void_p).value for function in functions]


_ORDINAL_SUFFIXES = frozenset(suffix + end for suffix in ("st", "nd", "rd", "th") for end in ("", ",", ".", ";", ")"))


def join_ordinal_suffixes(words: list[dict]) -> list[dict]:
    """'31' and a raised, smaller 'st' just after it made one word, '31st' (Word sets ordinal suffixes as
    superscript, apart by more than the gap that ends a word, and a line would read them as '31 st' or, the
    suffix standing higher, 'st 31')."""
    if not any(w["text"] in _ORDINAL_SUFFIXES for w in words):
        return words
    out: list[dict] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and w["text"] in _ORDINAL_SUFFIXES
            and prev["text"][-1:].isdigit()
            and w["size"] < 0.85 * prev["size"]
            and -0.1 * prev["size"] <= w["x0"] - prev["x1"] < 0.5 * prev["size"]
            and w["bottom"] < prev["bottom"]
            and w["top"] > prev["top"] - 0.5 * prev["size"]
        ):
            out[-1] = {**prev, "text": prev["text"] + w["text"], "x1": max(prev["x1"], w["x1"])}
        else:
            out.append(w)
    return out


def _span(text: str, first: int, last: int, holes: list[int]) -> str:
    """A word's text: its characters from ``first`` to ``last``, those without a box (``holes``) left out."""
    if not holes or holes[0] > last:
        return text[first : last + 1]
    return "".join(text[k] for k in range(first, last + 1) if k not in holes)


_WORD_CHARS = re.compile(r"[^\x00-\x20\xa0\u200b\ufffe\uffff\ud800-\udfff]+")
"""A run of characters between separators (white space, pdfium's non-characters, lone surrogates)."""


def _page_text(raw, tp, n: int) -> str:
    """The text page's characters, one per index (pdfium's mark for a line-break hyphen becomes '-')."""
    out = (ctypes.c_ushort * (n + 1))()
    raw.FPDFText_GetText(tp, 0, n, out)
    text = bytes(out)[: 2 * n].decode("utf-16-le", "replace")
    if len(text) != n:  # surrogate pairs or an early NUL: fall back to one call per character
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    return text.replace("\x02", "-")


def _bare(function, restype, *argtypes):
    """A pypdfium2 binding as a bare prototype on addresses (no argument checks): a third faster per call,
    which matters in the loops over every character of a PDF."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


@cache
def _loose_char_box(raw):
    """``FPDFText_GetLooseCharBox(text page address, index, FS_RECTF address) -> bool``, bare (once per character)."""
    return _bare(raw.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)


@cache
def _char_angle(raw):
    """``FPDFText_GetCharAngle(text page address, index) -> float``, bare (once per word)."""
    return _bare(raw.FPDFText_GetCharAngle, ctypes.c_float, ctypes.c_void_p, ctypes.c_int)


@cache
def _text_object_address(raw):
    """``FPDFText_GetTextObject`` returning the text object's address as an int (a dict key), or None when
    this pdfium lacks it. A character's font size and weight are its text object's, so the words of one
    object (a line or a paragraph set in one font) read them once."""
    function = getattr(raw, "FPDFText_GetTextObject", None)
    if function is None:
        return None
    return _bare(function, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def _char_style(raw, tp, i: int, buf, flags) -> tuple[float, bool]:
    """Font size and boldness of character ``i`` (read once per pdfium text object)."""
    size = raw.FPDFText_GetFontSize(tp, i)
    bold = raw.FPDFText_GetFontWeight(tp, i) >= 600
    if not bold:
        raw.FPDFText_GetFontInfo(tp, i, buf, 128, ctypes.byref(flags))
        name = buf.value.decode("latin-1", "replace").lower()
        bold = "bold" in name or "black" in name or bool(flags.value & FORCE_BOLD)
    return round(size, 1), bold


def _pdfium_edges(raw, page, to_page) -> tuple[list[dict], bool]:
    """Ruling edges from the page's path objects (top level and inside forms), and whether it has images."""
    import pypdfium2 as pdfium

    edges: list[dict] = []
    has_images = False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    # the raw calls of page.get_objects(max_depth=0), without a helper object per path
    n_objects = raw.FPDFPage_CountObjects(page.raw)
    if n_objects < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for k in range(n_objects):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            has_images = True
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH or not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        n_seg = raw.FPDFPath_CountSegments(obj)
        x0, t, x1, b = to_page(left.value, bottom.value, right.value, top.value)
        thin = (x1 - x0) <= EDGE_MAX_THICKNESS or (b - t) <= EDGE_MAX_THICKNESS
        if n_seg <= 5 or thin:
            edges.extend(box_edges(x0, t, x1, b))
        else:
            edges.extend(_segment_edges(raw, obj, to_page))
    return edges, has_images


def _segment_edges(raw, obj, to_page) -> list[dict]:
    """Horizontal and vertical line segments of a complex path (a whole grid drawn as one path)."""
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[dict] = []
    prev = start = None
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        ux, uy = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
        px, py, _, _ = to_page(ux, uy, ux, uy)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
            out.extend(_line_edge(prev, (px, py)))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = (px, py)
        prev = (px, py)
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            out.extend(_line_edge(prev, start))
            prev = start
    return out


def _line_edge(a: tuple[float, float], b: tuple[float, float]) -> list[dict]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 1 and abs(ax - bx) >= EDGE_MIN_LENGTH:
        return [h_edge(min(ax, bx), max(ax, bx), (ay + by) / 2)]
    if abs(ax - bx) <= 1 and abs(ay - by) >= EDGE_MIN_LENGTH:
        return [v_edge((ax + bx) / 2, min(ay, by), max(ay, by))]
    return []


def read_plumber_page(page, number: int) -> PageContent:
    """Words and edges of a pdfplumber page (the fallback engine)."""
    content = PageContent(number=number, width=float(page.width), height=float(page.height))
    for w in page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, x_tolerance=1.5):
        name = (w.get("fontname") or "").lower()
        content.words.append(
            {
                "text": w["text"],
                "x0": float(w["x0"]),
                "x1": float(w["x1"]),
                "top": float(w["top"]),
                "bottom": float(w["bottom"]),
                "size": round(float(w.get("size") or 0), 1),
                "bold": "bold" in name or "black" in name,
            }
        )
    content.words = join_ordinal_suffixes(content.words)
    for e in page.edges:
        content.edges.extend(box_edges(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"])))
    content.has_images = bool(page.images)
    page.close()
    return content
