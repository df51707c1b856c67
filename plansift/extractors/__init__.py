"""Extractors: one module per format, each turning a file into a :class:`Document`."""

from plansift.extractors.base import DEFAULT_LIMITS, ExtractOptions, Limits, read_document, register
from plansift.extractors.model import (
    Block,
    Cell,
    Document,
    ExtractionError,
    Heading,
    ListItem,
    Page,
    Paragraph,
    Provenance,
    Table,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Block",
    "Cell",
    "Document",
    "ExtractOptions",
    "ExtractionError",
    "Heading",
    "Limits",
    "ListItem",
    "Page",
    "Paragraph",
    "Provenance",
    "Table",
    "read_document",
    "register",
]
