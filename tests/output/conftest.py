"""Output tests share per-document results built from the sample plans' gold keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from gold_rows import gold_results as _gold_results

from plansift.pipeline import DocumentResult


@pytest.fixture(scope="session")
def gold_results(gold_dir: Path) -> list[DocumentResult]:
    """The four sample plans' facts, as per-document results."""
    return _gold_results(gold_dir)
