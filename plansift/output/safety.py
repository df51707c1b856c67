"""Spreadsheet formula neutralisation ("CSV injection").

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return could be run as a formula when a CSV or XLSX file is opened in a
spreadsheet program. In CSV output such a cell gets a leading single quote
(``'=HYPERLINK(...)`` is shown as text); in XLSX output the cell is written as
a string (never a formula) with the "quote prefix" style, so editing it does not
turn it into a formula either. Only text columns are touched: numbers stay
numbers, and a text cell that is just a plain number (``-12.5``) is harmless
and kept as written. Parquet, JSON Lines, DuckDB and SQL outputs keep the text
exactly as extracted.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_START = r"[=+\-@\t\r]"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?(\.\d+)?%?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula.

    >>> is_formula_like("=1+1"), is_formula_like("@SUM(A1)"), is_formula_like("\\tx")
    (True, True, True)
    >>> is_formula_like("-12.5"), is_formula_like("Reduce crime"), is_formula_like("")
    (False, False, False)
    >>> is_formula_like("-"), is_formula_like("+44 121 569")
    (True, True)
    """
    if not text or not text.startswith(FORMULA_TRIGGERS):
        return False
    return not (any(ch.isdigit() for ch in text) and _PLAIN_NUMBER.fullmatch(text))


def neutralise(text: str) -> str:
    """``text`` made safe for a CSV cell: formula-like text gets a leading single quote.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("Reduce assaults")
    'Reduce assaults'
    """
    return "'" + text if is_formula_like(text) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given (for reading plansift's own CSV back).

    >>> restore("'=1+1"), restore("'tis"), restore("-12.5")
    ('=1+1', "'tis", '-12.5')
    """
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def neutralise_frame(df, columns):
    """``df`` with its text columns (dtype ``string`` in ``columns``, a schema list) neutralised.

    Numeric, boolean, date and vocabulary columns are left untouched; a column
    with nothing to neutralise is not copied.
    """
    out = df
    for name, dtype, _ in columns:
        if dtype != "string" or name not in df.columns:
            continue
        col = df[name]
        starts = col.str.match(_TRIGGER_START, na=False).to_numpy(dtype=bool)
        if not starts.any():
            continue
        if out is df:
            out = df.copy()
        fixed = col.copy()
        fixed[starts] = [neutralise(v) for v in col[starts]]
        out[name] = fixed
    return out
