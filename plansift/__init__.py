"""plansift: turn Local Area Agreement delivery plans into one clean table.

The Python API, shown on a bundled sample plan (heavy modules are imported only
when a function is called)::

    >>> import plansift
    >>> from pathlib import Path
    >>> repo = Path(plansift.__file__).resolve().parents[1]
    >>> plan = repo / "samples" / "sandwell-laa-implementation-plan-high-volume-crime.txt"

Read one file into its document model (pages of headings, paragraphs, lists, tables)::

    >>> doc = plansift.read_document(plan)
    >>> doc.format, doc.n_pages, sum(1 for _ in doc.iter_tables())
    ('txt', 1, 3)

Extract records from files, folders, globs or zip archives into the records DataFrame::

    >>> records = plansift.extract([plan], workers=1)
    >>> records.groupby("record_type", observed=True).size().to_dict()
    {'target': 13, 'action': 27, 'funding': 11}
    >>> row = records[records.record_type == "target"].iloc[0]
    >>> row.indicator_code, row.period, float(row.value), row.unit, row.value_text
    ('NI 15', '2008/09', 1.33, 'rate_per_1000', '1.33 per 1000 population')

Score records against hand-made answer keys (GOLD.md)::

    >>> report = plansift.evaluate(records, repo / "gold")
    >>> report.to_frame().set_index("part").loc["targets", ["precision", "recall", "f1"]].tolist()
    [1.0, 1.0, 1.0]
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
