"""What the binary-format tests compare: the plans' renderings and the numbers their gold keys hold."""

from __future__ import annotations

import json
import re
from pathlib import Path

from plansift.extractors.model import Document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DOCS = ROOT / "samples"
SAMPLE_GOLD = ROOT / "gold"
YEAR_CELL = re.compile(r"\b(19|20)\d\d(/\d{1,4})?\b|\b\d{2}/\d{2}\b")


def renderings(samples: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Every plan rendering in ``samples`` whose name ends with one of ``suffixes``."""
    return sorted(p for p in samples.iterdir() if p.name.endswith(suffixes))


def plan_stem(path: Path) -> str:
    return path.name.split(".")[0]


def gold_numbers(gold_dir: Path, path: Path) -> set[str]:
    """Target and funding values of the plan's gold key, as digit strings (no separators)."""
    key = gold_dir / f"{plan_stem(path)}.json"
    if not key.exists():
        return set()
    gold = json.loads(key.read_text(encoding="utf-8"))
    out = set()
    for row in gold.get("targets", []):
        value = row.get("value")
        if isinstance(value, int | float) and float(value).is_integer() and value >= 100:
            out.add(str(int(value)))
    for row in gold.get("funding", []):
        amount = row.get("amount_gbp")
        if isinstance(amount, int | float) and amount >= 100:
            out.add(str(int(amount)))
    return out


def digits_in(text: str) -> set[str]:
    """Every number in ``text`` with its thousands separators removed."""
    return {m.replace(",", "") for m in re.findall(r"\d[\d,]*\d|\d", text)}


def table_numbers(doc: Document) -> set[str]:
    out: set[str] = set()
    for table in doc.iter_tables():
        out |= digits_in(table.text)
    return out


def year_header_tables(doc: Document) -> list:
    """Tables with a row (among their first three) holding at least two year-like cells."""
    found = []
    for table in doc.iter_tables():
        for row in table.text_grid()[:3]:
            if sum(bool(YEAR_CELL.search(cell)) for cell in row) >= 2:
                found.append(table)
                break
    return found
