"""Word .docx files, read with python-docx into the document model.

Body order is kept: paragraphs and tables as they stand in ``w:body``, with
content controls (``w:sdt``) and text boxes (``w:txbxContent``) opened up in
place. Tables become :class:`Table` blocks with merged cells expanded
(``gridSpan`` to ``col_span``, ``vMerge`` to ``row_span``) and placeholders on
the positions a span covers, so every grid position is addressable. A table
nested in a cell is flattened: each of its rows becomes one paragraph of the
cell, its cell texts joined by `` | `` (the cell model holds paragraphs and list
items only). Numbered and bulleted paragraphs (``numPr``, directly or through
the style) become :class:`ListItem` with the list level as depth; headings come
from the style name (``Heading N``, ``Title``) or the outline level.

Pages: Word files carry no reliable pagination. Page numbers count the page
breaks Word recorded when it last laid the file out (``lastRenderedPageBreak``)
when there are any, otherwise the explicit breaks (``w:br w:type="page"``,
``pageBreakBefore``); a file with neither is one page. Provenance keeps the
page, the part (``header``/``footer`` for furniture) and, as ``line_start``,
the 1-based index of the paragraph in the part.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import ClassVar

from plansift.extractors import ooxml
from plansift.extractors.base import ExtractOptions, Limits, register
from plansift.extractors.model import (
    Block,
    Cell,
    CellBlock,
    Document,
    ExtractionError,
    Heading,
    ListItem,
    Page,
    Paragraph,
    Provenance,
    Table,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag."""
    return f"{{{W_NS}}}{tag}"


W_VAL = w("val")
_W_T, _W_TAB, _W_R, _W_BR, _W_CR, _W_TYPE = w("t"), w("tab"), w("r"), w("br"), w("cr"), w("type")
_W_RENDERED_BREAK, _W_NO_BREAK_HYPHEN, _W_TEXTBOX = w("lastRenderedPageBreak"), w("noBreakHyphen"), w("txbxContent")
_W_PPR, _W_NUMPR = w("pPr"), w("numPr")
_PPR_VALUES = {w(name): name for name in ("pStyle", "outlineLvl", "pageBreakBefore")}
_NUMPR_VALUES = {w(name): name for name in ("numId", "ilvl")}
_MC_FALLBACK = f"{{{MC_NS}}}Fallback"
_W_TRPR, _W_TCPR = w("trPr"), w("tcPr")
_TRPR_VALUES = {w(name): name for name in ("gridBefore", "tblHeader")}
_TCPR_VALUES = {w(name): name for name in ("gridSpan", "vMerge")}
_CONTAINERS = {w("sdt"), w("sdtContent"), w("customXml"), w("smartTag"), w("ins")}
_BULLET_GLYPHS = "•▪●◦‣○■□➢➤✓-–*"
_TEXT_BULLET = re.compile(rf"^\s*([{re.escape(_BULLET_GLYPHS)}])\s+(\S.*)$", re.S)
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num: tuple[str, int | None] | None


@dataclass(slots=True)
class _Walk:
    """State of one pass over a part: page counter, paragraph index, list counters."""

    styles: dict[str, _Style]
    levels: dict[str, dict[int, tuple[str, str]]]
    """numId -> ilvl -> (numFmt, lvlText)."""
    limits: Limits
    warnings: list[str]
    rendered_breaks: bool
    part: str | None = None
    page: int = 1
    para_index: int = 0
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    depth_warned: bool = False


def _children(el, tags: set[str]):
    """Child elements with a tag in ``tags``, looking through content controls and wrappers."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tags)


def _props_vals(el, props_tag: str, names: dict[str, str]) -> dict[str, str]:
    """The ``w:val`` of the children of ``el``'s property elements (``w:trPr``, ``w:tcPr``) named in ``names``
    (tag -> key), read in one pass in document order: for each key the value ``_val(el, "w:trPr/w:tag")``
    gives, absent where ``el`` does not set it."""
    out: dict[str, str] = {}
    for props in el.iterchildren(props_tag):
        for child in props:
            key = names.get(child.tag)
            if key is not None and key not in out:
                out[key] = child.get(W_VAL, "")
    return out


def _val(el, path: str) -> str | None:
    """The ``w:val`` of the first element at ``path`` ('w:pPr/w:numPr/w:numId') under ``el``, else None."""
    found = _xpath(path)(el)
    return found[0].get(W_VAL, "") if found else None


@cache
def _xpath(path: str):
    """``path`` compiled once: ``el.find(path)`` parses it on every call, and this runs for every paragraph,
    row, cell and style (the first element of the result is what ``find`` returns)."""
    from lxml import etree

    return etree.XPath(path, namespaces={"w": W_NS})


def _style_chain(walk: _Walk, style_id: str | None):
    seen = set()
    while style_id and style_id in walk.styles and style_id not in seen:
        seen.add(style_id)
        style = walk.styles[style_id]
        yield style
        style_id = style.based_on


def _read_styles(doc) -> dict[str, _Style]:
    out = {}
    root = doc.styles.element
    for st in root.findall(w("style")):
        sid = st.get(w("styleId"))
        if not sid:
            continue
        props = _paragraph_props(st)  # the values under w:pPr in one pass
        name = _val(st, "w:name") or sid
        outline = props.get("outlineLvl")
        num_id = props.get("numId")
        ilvl = props.get("ilvl")
        out[sid] = _Style(
            name=name,
            based_on=_val(st, "w:basedOn"),
            outline=int(outline) if outline and outline.isdigit() else None,
            num=(num_id, int(ilvl) if ilvl and ilvl.isdigit() else None) if num_id else None,
        )
    return out


def _read_numbering(doc) -> dict[str, dict[int, tuple[str, str]]]:
    try:
        root = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for ab in root.findall(w("abstractNum")):
        lv = {}
        for lvl in ab.findall(w("lvl")):
            ilvl = lvl.get(w("ilvl"), "0")
            lv[int(ilvl) if ilvl.isdigit() else 0] = (_val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "")
        abstract[ab.get(w("abstractNumId"))] = lv
    out = {}
    for num in root.findall(w("num")):
        out[num.get(w("numId"))] = abstract.get(_val(num, "w:abstractNumId"), {})
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
    ):
        while n >= value:
            out, n = out + sym, n - value
    for value, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


def _list_marker(walk: _Walk, num_id: str, ilvl: int) -> str:
    """The marker Word would display for this list paragraph, advancing the list's counters."""
    levels = walk.levels.get(num_id, {})
    fmt, text = levels.get(ilvl, ("bullet", "•"))
    if fmt == "bullet":
        return text if text and text.isprintable() and not ("\ue000" <= text[0] <= "\uf8ff") else "•"
    counters = walk.counters.setdefault(num_id, {})
    counters[ilvl] = counters.get(ilvl, 0) + 1
    for deeper in [k for k in counters if k > ilvl]:
        del counters[deeper]

    def level_number(m: re.Match) -> str:
        lvl = int(m.group(1)) - 1
        return _format_number(counters.get(lvl, 1), levels.get(lvl, ("decimal", ""))[0])

    return re.sub(r"%(\d)", level_number, text or f"%{ilvl + 1}.")


def _in_fallback(el) -> bool:
    return any(a.tag == f"{{{MC_NS}}}Fallback" for a in el.iterancestors())


def _run_text(p, walk: _Walk) -> tuple[str, bool]:
    """Text of a paragraph (text boxes excluded) and whether a page break came before any text."""
    parts: list[str] = []
    break_first = False
    for el in p.iter():
        tag = el.tag
        if tag == _W_T:
            if _in_textbox(el, p):
                continue
            parts.append(el.text or "")
        elif tag == _W_TAB and el.getparent().tag == _W_R:
            parts.append(" ")
        elif tag in (_W_BR, _W_CR):
            if _in_textbox(el, p):
                continue
            if el.get(_W_TYPE) != "page":
                parts.append("\n")
            elif not walk.rendered_breaks:
                break_first = _page_break(walk, parts, break_first)
        elif tag == _W_RENDERED_BREAK and walk.rendered_breaks and not _in_textbox(el, p):
            break_first = _page_break(walk, parts, break_first)
        elif tag == _W_NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts), break_first


def _page_break(walk: _Walk, parts: list[str], break_first: bool) -> bool:
    """Count a page break; one before any text moves the whole paragraph (returns the new flag)."""
    if "".join(parts).strip():
        walk.page += 1
        return break_first
    return True


def _in_textbox(el, p) -> bool:
    for a in el.iterancestors():
        if a is p:
            return False
        if a.tag == _W_TEXTBOX or a.tag == _MC_FALLBACK:
            return True
    return False


def _clean(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _paragraph(p, walk: _Walk, in_cell: bool) -> list[Block]:
    """The blocks of one ``w:p``: itself (if it has text) and any text boxes it anchors."""
    walk.para_index += 1
    index = walk.para_index
    props = _paragraph_props(p)
    if props.get("pageBreakBefore") not in (None, "0", "false") and not walk.rendered_breaks:
        walk.page += 1
    text, break_first = _run_text(p, walk)
    if break_first:
        walk.page += 1
    prov = Provenance(page=walk.page, line_start=index, line_end=index, part=walk.part)
    out: list[Block] = []
    text = _clean(text)
    if text:
        bold = not in_cell and _may_be_title(text) and _all_bold(p)
        out.append(_classify(props, text, prov, walk, in_cell, bold))
    for box in p.iter(w("txbxContent")):
        if _in_fallback(box):
            continue
        out.extend(_blocks(box, walk, in_cell, depth=0))
    return out


def _paragraph_props(p) -> dict[str, str]:
    """The ``w:val`` of a paragraph's (or a style's) properties read once: 'pStyle', 'outlineLvl',
    'pageBreakBefore' (under ``w:pPr``), 'numId' and 'ilvl' (under ``w:pPr/w:numPr``); each the first in
    document order, as ``_val(p, "w:pPr/...")`` gives it, and absent where the paragraph does not set it."""
    out: dict[str, str] = {}
    for ppr in p.iterchildren(_W_PPR):
        for child in ppr:
            if child.tag == _W_NUMPR:
                for sub in child:
                    name = _NUMPR_VALUES.get(sub.tag)
                    if name is not None and name not in out:
                        out[name] = sub.get(W_VAL, "")
                continue
            name = _PPR_VALUES.get(child.tag)
            if name is not None and name not in out:
                out[name] = child.get(W_VAL, "")
    return out


MAX_BOLD_TITLE_WORDS = 15
"""A paragraph set all in bold is a title when it is this short and ends no sentence (as in PDF pages)."""
_W_B, _W_RPR = w("b"), w("rPr")


def _may_be_title(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= MAX_BOLD_TITLE_WORDS and not text.endswith((".", ",", ";"))


def _all_bold(p) -> bool:
    """Whether every run of the paragraph that holds text is set in bold (``w:b`` in the run's properties)."""
    seen = False
    for t in p.iter(_W_T):
        if not (t.text or "").strip():
            continue
        props = t.getparent().find(_W_RPR)
        b = props.find(_W_B) if props is not None else None
        if b is None or b.get(W_VAL, "true").lower() in ("0", "false", "off"):
            return False
        seen = True
    return seen


def _classify(
    props: dict[str, str], text: str, prov: Provenance, walk: _Walk, in_cell: bool, bold: bool = False
) -> Block:
    """A paragraph's block: a list item (numbered through its own or its style's properties, or opening with a
    bullet), a heading (by its style or its outline level outside tables, or ``bold``: a short line all in bold
    outside tables), else a paragraph."""
    style_id = props.get("pStyle")
    num_id = props.get("numId")
    ilvl_s = props.get("ilvl")
    ilvl = int(ilvl_s) if ilvl_s and ilvl_s.isdigit() else None
    outline_s = props.get("outlineLvl")
    outline = int(outline_s) if outline_s and outline_s.isdigit() else None
    heading_level = None
    for style in _style_chain(walk, style_id):
        if num_id is None and style.num:
            num_id = style.num[0]
            ilvl = ilvl if ilvl is not None else style.num[1]
        if outline is None and style.outline is not None:
            outline = style.outline
        if heading_level is None:
            m = _HEADING_STYLE.match(style.name.strip())
            if m:
                heading_level = int(m.group(1))
            elif style.name.strip().lower() == "title":
                heading_level = 1
    if heading_level is None and outline is not None and outline < 9:
        heading_level = outline + 1
    if num_id and num_id != "0":
        depth = ilvl or 0
        return ListItem(text=text, depth=depth, prov=prov, marker=_list_marker(walk, num_id, depth))
    if heading_level is not None and not in_cell:
        return Heading(text=text, level=heading_level, prov=prov)
    m = _TEXT_BULLET.match(text)
    if m:
        return ListItem(text=m.group(2).strip(), depth=0, prov=prov, marker=m.group(1))
    if bold:
        return Heading(text=text, level=4, prov=prov)
    return Paragraph(text=text, prov=prov)


def _blocks(el, walk: _Walk, in_cell: bool, depth: int) -> list[Block]:
    """Blocks of a container (body, cell, text box, header) in document order."""
    out: list[Block] = []
    for child in _children(el, {w("p"), w("tbl")}):
        if child.tag == w("p"):
            out.extend(_paragraph(child, walk, in_cell))
        elif in_cell:
            out.extend(_flatten_nested(child, walk, depth + 1))
        else:
            out.append(_table(child, walk, depth))
    return out


def _flatten_nested(tbl, walk: _Walk, depth: int) -> list[CellBlock]:
    """A table inside a cell, as one paragraph per row (cell texts joined by ' | ')."""
    if depth > walk.limits.max_table_depth:
        if not walk.depth_warned:
            walk.warnings.append(
                f"tables nested deeper than {walk.limits.max_table_depth} levels: the inner ones were skipped"
            )
            walk.depth_warned = True
        return []
    rows: list[CellBlock] = []
    for tr in _children(tbl, {w("tr")}):
        texts, provs = [], []
        for tc in _children(tr, {w("tc")}):
            blocks = [b for b in _blocks(tc, walk, True, depth) if b.text]
            if blocks:
                texts.append(" ".join(b.text.replace("\n", " ") for b in blocks))
                provs.append(blocks[0].prov)
        if texts:
            rows.append(Paragraph(text=" | ".join(texts), prov=provs[0]))
    return rows


def _int(s: str | None, default: int) -> int:
    return int(s) if s and s.isdigit() else default


def _table(tbl, walk: _Walk, depth: int) -> Table:
    """A body table with merged cells expanded onto a full grid."""
    start_page, start_index = walk.page, walk.para_index + 1
    raw_rows = []
    header_flags = []
    trs = list(_children(tbl, {w("tr")}))
    grid_cols = len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}"))
    # Spans and skipped columns are clamped to the table's own grid (its declared columns, or its widest row
    # of real cells): a gridSpan of 99,999,999 must not allocate rows that wide.
    width = max([grid_cols, 1] + [sum(1 for _ in _children(tr, {w("tc")})) for tr in trs])
    for tr in trs:
        row_props = _props_vals(tr, _W_TRPR, _TRPR_VALUES)
        col = min(_int(row_props.get("gridBefore"), 0), width - 1)
        entries = []
        for tc in _children(tr, {w("tc")}):
            cell_props = _props_vals(tc, _W_TCPR, _TCPR_VALUES)
            span = min(max(1, _int(cell_props.get("gridSpan"), 1)), max(1, width - col))
            vmerge = cell_props.get("vMerge")
            cont = vmerge is not None and vmerge != "restart"
            blocks = [b for b in _blocks(tc, walk, True, depth) if isinstance(b, Paragraph | ListItem)]
            entries.append((col, span, cont, blocks))
            col += span
        raw_rows.append((entries, walk.page))
        header_flags.append(row_props.get("tblHeader") not in (None, "0", "false"))
    n_cols = max([grid_cols] + [e[0] + e[1] for entries, _ in raw_rows for e in entries])
    rows: list[list[Cell | None]] = [[None] * n_cols for _ in raw_rows]
    row_provs = []
    for r, (entries, page) in enumerate(raw_rows):
        row_provs.append(Provenance(page=page, part=walk.part))
        for col, span, cont, blocks in entries:
            above = rows[r - 1][col] if r > 0 else None
            if cont and above is not None:
                origin = above.spanned_from or (r - 1, col)
                head = rows[origin[0]][origin[1]]
                head.row_span = r - origin[0] + 1
                head.blocks.extend(blocks)
                for c in range(col, min(col + span, n_cols)):
                    rows[r][c] = Cell(spanned_from=origin)
                continue
            rows[r][col] = Cell(
                blocks=blocks,
                col_span=span,
                is_header=header_flags[r],
                prov=blocks[0].prov if blocks else Provenance(page=page, part=walk.part),
            )
            for c in range(col + 1, min(col + span, n_cols)):
                rows[r][c] = Cell(spanned_from=(r, col))
    full = [
        [cell if cell is not None else Cell(is_header=header_flags[r]) for cell in row] for r, row in enumerate(rows)
    ]
    header_rows = 0
    while header_rows < len(header_flags) and header_flags[header_rows]:
        header_rows += 1
    prov = Provenance(
        page=start_page, line_start=start_index, line_end=max(walk.para_index, start_index), part=walk.part
    )
    return Table(rows=full, prov=prov, header_rows=header_rows, row_provs=row_provs)


def _producer(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            app = zf.read("docProps/app.xml")[:20000].decode("utf-8", "replace")
    except (KeyError, *ooxml.ZIP_ERRORS):
        return None
    m = re.search(r"<Application>([^<]+)</Application>", app)
    if not m:
        return None
    version = re.search(r"<AppVersion>([^<]+)</AppVersion>", app)
    return f"{m.group(1)} {version.group(1)}" if version else m.group(1)


def _furniture(doc, walk: _Walk) -> list[Block]:
    """Headers and footers of every section, each distinct part once."""
    out: list[Block] = []
    seen: set[int] = set()
    for section in doc.sections:
        for kind, parts in (
            ("header", (section.header, section.first_page_header, section.even_page_header)),
            ("footer", (section.footer, section.first_page_footer, section.even_page_footer)),
        ):
            for hf in parts:
                if hf.is_linked_to_previous:
                    continue
                el = hf._element
                if id(el) in seen:
                    continue
                seen.add(id(el))
                walk.part, walk.page, walk.para_index = kind, 1, 0
                out.extend(_blocks(el, walk, False, 0))
    return out


def read_docx(path: Path, options: ExtractOptions, fmt: str = "docx") -> Document:
    """Read a .docx file into a Document (``fmt`` names the original format when converted)."""
    ooxml.check_package(path, options.limits, "word/document.xml")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, *ooxml.ZIP_ERRORS) as exc:
        raise ExtractionError(f"cannot open as a Word document ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: a damaged part
        if type(exc).__module__.startswith("lxml") and "depth" in str(exc).lower():
            raise ExtractionError(
                f"document nested too deeply to read safely (elements or tables nested hundreds deep: {exc})"
            ) from exc
        if type(exc).__module__.startswith("lxml"):
            raise ExtractionError(f"damaged Word document: its XML cannot be parsed ({exc})") from exc
        raise
    body = doc.element.body
    rendered = next(body.iter(w("lastRenderedPageBreak")), None) is not None
    warnings: list[str] = []
    walk = _Walk(
        styles=_read_styles(doc),
        levels=_read_numbering(doc),
        limits=options.limits,
        warnings=warnings,
        rendered_breaks=rendered,
    )
    blocks = _blocks(body, walk, in_cell=False, depth=0)
    n_pages = max([b.prov.page for b in blocks] + [1])
    if n_pages > options.limits.max_pages:
        raise ExtractionError(
            f"{n_pages} pages, over the limit of {options.limits.max_pages} (raise --max-pages)", status="skipped"
        )
    pages = [Page(number=n) for n in range(1, n_pages + 1)]
    for block in blocks:
        pages[block.prov.page - 1].blocks.append(block)
    pages[0].furniture = _furniture(doc, walk)
    for page in pages:
        page.has_text = bool(page.blocks)
    title = _title(doc, warnings)
    return Document(path=str(path), format=fmt, pages=pages, title=title, producer=_producer(path), warnings=warnings)


def _title(doc, warnings: list[str]) -> str | None:
    """The document's title from its core properties; a damaged or mistyped properties part is only a warning."""
    try:
        title = doc.core_properties.title
    except Exception as exc:  # python-docx: AttributeError on a mistyped part, ValueError/lxml errors on bad XML
        warnings.append(f"document properties unreadable ({type(exc).__name__}: {exc}): title not read")
        return None
    if not isinstance(title, str):
        return None
    return title.strip() or None


@register
class DocxExtractor:
    """Word 2007+ documents (.docx), sniffed as a zip holding ``word/document.xml``."""

    name: ClassVar[str] = "docx"
    extensions: ClassVar[tuple[str, ...]] = (".docx", ".docm", ".dotx")
    priority: ClassVar[int] = 50

    def accepts(self, head: bytes, path: Path) -> bool:
        if ooxml.is_encrypted_office(head, path):
            return path.suffix.lower() in self.extensions
        members = ooxml.zip_members(head, path)
        return members is not None and "word/document.xml" in members

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        return read_docx(path, options)
