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
    if isinstance(value, str | dt.date | bool | int):
        return value
    if isinstance(value, float):
        return None if value != value else value
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def plain_column(col) -> list[Any]:
    """One column as a list of plain Python values (missing -> None).

    >>> import pandas as pd
    >>> plain_column(pd.Series([1, None], dtype="Int64")), plain_column(pd.Series(["a", None], dtype="string"))
    ([1, None], ['a', None])
    """
    return [plain_value(v) for v in col.astype(object).tolist()]


def plain_rows(df) -> Iterator[dict[str, Any]]:
    """Each row of ``df`` as a dict of plain Python values, in column order."""
    names = list(df.columns)
    columns = [plain_column(df[name]) for name in names]
    for values in zip(*columns, strict=True):
        yield dict(zip(names, values, strict=True))


def json_value(value: Any) -> Any:
    """A plain value made JSON-serialisable (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
