"""Shared fixtures: the bundled samples and, where present, the shared corpus beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_DOCS = SAMPLES
SAMPLE_GOLD = ROOT / "gold"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLE_DOCS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return SAMPLE_GOLD


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "documents").is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def negative_dir(shared_corpus: Path) -> Path:
    neg = shared_corpus / "negative"
    if not neg.is_dir():
        pytest.skip("../shared/corpus/negative is absent")
    return neg


def txt_plans() -> list[Path]:
    return sorted(SAMPLE_DOCS.glob("*.txt"))
