"""Reference data for plansift: indicators, areas, organisations, funding streams, first names.

The data lives in versioned CSV files under ``data/`` (see README.md there for sources, licences
and the versioning rule); the loaders read them once per process with the ``csv`` module.
"""

from __future__ import annotations

from plansift.gazetteer.loaders import (
    GazetteerError,
    areas,
    first_names,
    funding_streams,
    indicator,
    indicators,
    organisations,
)
from plansift.gazetteer.model import Area, FundingStream, Indicator, Organisation

#: Bump on any change to a file in ``data/`` or to a naming rule: it keys the run cache.
GAZETTEER_VERSION = "2026.12.3"

__all__ = [
    "GAZETTEER_VERSION",
    "Area",
    "FundingStream",
    "GazetteerError",
    "Indicator",
    "Organisation",
    "areas",
    "first_names",
    "funding_streams",
    "indicator",
    "indicators",
    "organisations",
]
