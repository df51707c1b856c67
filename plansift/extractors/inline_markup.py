"""Blocks from one line of converter output: inline HTML, bullets and numbered items.

Text dumps made by document converters keep bits of HTML (``<b>``, ``<i>``,
``<sup>``, ``<p>``, ``<ul><li>``) and bullet characters. This module turns one
such fragment (a line, or a table cell's text) into :class:`Paragraph` and
:class:`ListItem` blocks: formatting tags are dropped with their text kept,
``<p>``/``<br>`` start a new block and list markup or bullet characters make
list items with their depth.
"""

from __future__ import annotations

import html
import re

from plansift.extractors.model import CellBlock, ListItem, Paragraph, Provenance

BULLETS = "·•‣◦▪■□●○–"
"""Characters used as bullets (plus '-', '*' and an indented 'o', handled by the patterns)."""

_BULLET_LINE = re.compile(rf"^(?P<indent>\s*)(?P<marker>[{BULLETS}]|[-*](?=\s)|o(?=\s))\s*(?P<text>.*)$")
_NUMBERED_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<marker>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,3}[.)]|[a-z][.)])\s+(?P<text>[A-Z(\"'‘“].*)$"
)
_CODED_LINE = re.compile(r"^(?P<indent>\s*)(?P<marker>(?!NI\b)[A-Z]{1,4} ?\d{1,2}[a-z]?)\s{2,}(?P<text>[A-Z(\"'‘“].*)$")
"""An item led by its reference code, set apart by two or more spaces: 'A1   Deliver the programme ...'."""
_INLINE_MD_LIST = re.compile(r"^\s*([*-]) \S.*? \1 \S")
_SPLIT_BULLETS = "·•‣◦▪■□●○"
_BULLET_SPLIT = re.compile(rf"(?:^|\s)[{_SPLIT_BULLETS}](?=\s)")

_BLOCK_TAGS = frozenset({"p", "div", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_LIST_TAGS = frozenset({"ul", "ol"})
_INLINE_TAGS = frozenset(
    {"b", "i", "u", "s", "em", "strong", "sup", "sub", "span", "a", "font", "small", "big", "mark", "code", "strike"}
)
_KNOWN_TAGS = _BLOCK_TAGS | _LIST_TAGS | _INLINE_TAGS | {"li", "table", "tbody", "thead", "img", "hr"}
# Bounded so that unclosed markers or quotes on a long line cost linear time, not quadratic.
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*?/?>")


def strip_emphasis(text: str) -> str:
    """Markdown strong emphasis (``**text**``, ``__text__``) reduced to its text."""
    return _EMPHASIS.sub(r"\2", text) if ("**" in text or "__" in text) else text


def has_markup(text: str) -> bool:
    """True when ``text`` holds at least one HTML tag this module understands."""
    return any(m.group(2).lower() in _KNOWN_TAGS for m in _TAG.finditer(text))


def strip_markup(text: str) -> str:
    """The text of a fragment with its known tags removed and entities decoded (no other change)."""
    parts: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        if m.group(2).lower() not in _KNOWN_TAGS:
            continue
        chunk = text[pos : m.start()]
        if m.group(2).lower() == "sup" and not m.group(1):
            chunk = chunk.rstrip()
        elif m.group(2).lower() not in _INLINE_TAGS:
            chunk += " "
        parts.append(chunk)
        pos = m.end()
    parts.append(text[pos:])
    return " ".join(html.unescape(strip_emphasis("".join(parts))).split())


def line_block(text: str, prov: Provenance, depth_offset: int = 0) -> CellBlock | None:
    """One plain line as a ListItem (bullet or numbered) or a Paragraph; None when empty."""
    m = _BULLET_LINE.match(text)
    if m and m.group("text").strip() and (m.group("marker") != "o" or m.group("indent")):
        return ListItem(m.group("text").strip(), depth_offset, prov, marker=m.group("marker"))
    m = _NUMBERED_LINE.match(text)
    if m:
        marker = m.group("marker")
        depth = marker.rstrip(".").count(".") if "." in marker.rstrip(".") else 0
        # A number is part of what the reader reads (a reference); a bullet is not.
        return ListItem(text.strip(), depth + depth_offset, prov, marker=marker)
    m = _CODED_LINE.match(text)
    if m:
        return ListItem(" ".join(text.split()), depth_offset, prov, marker=m.group("marker"))
    text = text.strip()
    return Paragraph(text, prov) if text else None


def _bullet_items(text: str, depth: int, prov: Provenance) -> list[CellBlock]:
    """Split a run of text on bullet characters into list items (one item when there is none)."""
    parts = [p.strip() for p in _BULLET_SPLIT.split(text)]
    parts = [p for p in parts if p]
    markers = _BULLET_SPLIT.findall(text)
    marker = markers[0].strip() if markers else None
    return [ListItem(p, depth, prov, marker=marker) for p in parts]


def fragment_blocks(text: str, prov: Provenance) -> list[CellBlock]:
    """Blocks of one fragment of converter output (see the module docstring)."""
    text = strip_emphasis(text)
    if "<" not in text or not has_markup(text):
        text = html.unescape(text) if "&" in text else text
        if text.lstrip()[:1] in _SPLIT_BULLETS and len(_BULLET_SPLIT.findall(" " + text.strip())) > 1:
            return _bullet_items(text, 0, prov)
        if m := _INLINE_MD_LIST.match(text):
            # '* one * two' : a Markdown list flattened into one table cell.
            marker = m.group(1)
            items = [t.strip() for t in text.strip()[2:].split(f" {marker} ")]
            return [ListItem(t, 0, prov, marker=marker) for t in items if t]
        block = line_block(text, prov)
        return [block] if block else []
    blocks: list[CellBlock] = []
    buf: list[str] = []
    list_depth = 0

    def flush() -> None:
        raw = "".join(buf)
        buf.clear()
        content = html.unescape(raw).strip()
        if not content:
            return
        if list_depth > 0:
            blocks.extend(_bullet_items(content, list_depth - 1, prov))
        else:
            blocks.extend(fragment_blocks(content, prov))

    pos = 0
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name not in _KNOWN_TAGS:
            continue
        chunk = text[pos : m.start()]
        if name == "sup" and not m.group(1):
            chunk = chunk.rstrip()  # '1 <sup>st</sup>' reads '1st'
        buf.append(chunk)
        pos = m.end()
        closing = bool(m.group(1))
        if name in _INLINE_TAGS:
            continue
        flush()
        if name in _LIST_TAGS:
            list_depth = max(0, list_depth - 1) if closing else list_depth + 1
    buf.append(text[pos:])
    flush()
    return blocks
