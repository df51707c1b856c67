"""plansift: turn Local Area Agreement delivery plans into one clean table.

The Python API (heavy modules are imported only when a function is called)::

    >>> import plansift
    >>> df = plansift.extract(["samples/"])          # doctest: +SKIP
    >>> doc = plansift.read_document("samples/plan.txt")  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "evaluate", "extract", "read_document"]


def read_document(path, **options):
    """Read one file into a :class:`plansift.extractors.Document` (no recognition)."""
    from plansift.extractors.base import ExtractOptions
    from plansift.extractors.base import read_document as _read

    return _read(path, ExtractOptions(**options) if options else None)


def extract(paths, **options):
    """Extract records from files, directories, globs or zip archives; return the records DataFrame."""
    from plansift.api import extract as _extract

    return _extract(paths, **options)


def evaluate(records, gold_dir, **options):
    """Score records (a DataFrame or a path to a records file) against gold keys."""
    from plansift.corpus.evaluate import evaluate as _evaluate

    return _evaluate(records, gold_dir, **options)
