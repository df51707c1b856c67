"""Plain Python values from a typed frame: what JSON, spreadsheet and SQL writers consume."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any


def plain_value(value: Any) -> Any:
    """``value`` as a plain Python object: missing -> None, numpy scalars -> int/float/bool.

    >>> import pandas as pd
    >>> plain_value(pd.NA), plain_value(float("nan")), plain_value(3)
    (None, None, 3)
    """
    if value is None:
        return None
    if isinstance(value, str | dt.date):
        return value
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def plain_rows(df) -> Iterator[dict[str, Any]]:
    """Each row of ``df`` as a dict of plain Python values, in column order."""
    names = list(df.columns)
    for values in df.itertuples(index=False, name=None):
        yield {name: plain_value(v) for name, v in zip(names, values, strict=True)}


def json_value(value: Any) -> Any:
    """A plain value made JSON-serialisable (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
