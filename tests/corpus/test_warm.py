"""The fork server's warm-up runs real documents through the pipeline; its errors are swallowed, so check here
that its made-up plans are read as plans (a warm-up that silently fails warms nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_the_warm_up_plans_are_read_as_plans(kind, tmp_path: Path):
    from plansift.corpus import warm
    from plansift.extractors import read_document
    from plansift.pipeline import process_file

    if kind == "txt":
        path = tmp_path / "plan.txt"
        path.write_text(warm.SAMPLE_PLAN, encoding="utf-8")
    else:
        path = {"docx": warm._sample_docx, "pdf": warm._sample_pdf}[kind](tmp_path)
    result = process_file(path)
    assert result.document["status"] == "ok", result.document.get("error")
    if kind != "pdf":  # the PDF holds one line of text: it warms the reader, not the recognisers
        assert {r["record_type"] for r in result.records} >= {"target", "funding"}
    if kind == "docx":
        kinds = [type(b).__name__ for page in read_document(path).pages for b in page.blocks]
        assert kinds[:2] == ["Heading", "Table"]
