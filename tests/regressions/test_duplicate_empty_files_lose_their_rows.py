"""Regression: every empty file but one vanished from documents.csv.

Discovery keeps one file per content hash ("the same content reached twice is read once"). All empty
files share one hash, so in a folder with ``a.txt`` and ``b.pdf`` both 0 bytes only the first gets its
"empty file" row and the other is dropped without a row (only a "duplicate" count on stderr). The same
holds for any byte-identical copies: a user cannot see from documents.csv that ``b.pdf`` was seen at all.
Suggested fix: never de-duplicate empty files, and give every dropped duplicate a ``skipped`` row
("same content as a.txt, read once").
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_duplicate_empty_files_lose_their_rows(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(b"")
    (src / "b.pdf").write_bytes(b"")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "plansift", "extract", str(src), "--out", str(out), "--quiet", "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (out / "documents.csv").is_file(), proc.stderr
    with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["document"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"a.txt", "b.pdf"}, rows
    assert all(r["status"] != "ok" for r in rows.values())
