"""Golden files: the whole block structure the text extractor reads from each corpus text dump.

Besides the corpus dumps, ``golden/layout`` holds text laid out with spaces as ``pdftotext -layout``
(poppler 22.12) wrote it from a corpus PDF, for the tables aligned with spaces.

A change to the text extractor that alters any block, cell or line range shows up here
as a diff. When the change is intended, regenerate with ``PLANSIFT_REGEN_GOLDEN=1``
(refused under CI, so a CI run can never bless its own output) and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from plansift.extractors.base import ExtractOptions
from plansift.extractors.model import Document, Table
from plansift.extractors.text import TextExtractor

GOLDEN = Path(__file__).parent / "golden" / "text"
LAYOUT_INPUTS = Path(__file__).parent / "golden" / "layout"
REGEN = os.environ.get("PLANSIFT_REGEN_GOLDEN") == "1"


def _lines(prov) -> str:
    return f"p{prov.page} {prov.line_start}-{prov.line_end}"


def summary(doc: Document) -> list:
    """A compact, reviewable form of every block: kind, line range and text (tables as grids)."""
    out: list = []
    for block in doc.iter_blocks():
        if isinstance(block, Table):
            out.append(
                {
                    "table": _lines(block.prov),
                    "header_rows": block.header_rows,
                    "rows": [
                        {
                            "lines": _lines(block.row_prov(r)),
                            "cells": [
                                {"from": list(c.spanned_from)}
                                if c.is_placeholder
                                else [f"{b.kind[0]}{getattr(b, 'depth', '')}: {b.text}" for b in c.blocks]
                                for c in row
                            ],
                        }
                        for r, row in enumerate(block.rows)
                    ],
                }
            )
        else:
            level = getattr(block, "level", getattr(block, "depth", ""))
            out.append(f"{block.kind} {level} [{_lines(block.prov)}] {block.text}")
    return out


def _samples() -> list[Path]:
    from tests.conftest import SAMPLE_DOCS

    return sorted(SAMPLE_DOCS.glob("*.txt")) + sorted(LAYOUT_INPUTS.glob("*.txt"))


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.stem)
def test_text_extractor_matches_golden(path: Path) -> None:
    got = summary(TextExtractor().extract(path, ExtractOptions()))
    golden = GOLDEN / f"{path.stem}.json"
    if REGEN:
        if os.environ.get("CI"):
            pytest.fail("golden files are not regenerated under CI")
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with PLANSIFT_REGEN_GOLDEN=1 and review it"
    assert got == json.loads(golden.read_text(encoding="utf-8"))
