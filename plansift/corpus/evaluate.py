"""Score extracted records against the hand-made gold keys (../shared/corpus/GOLD.md).

Every rendering of a plan (``.txt``, ``.docx``, ``.pdf``) is scored against the
one key its file name leads to: ``gold/<stem>.json``, where the stem is the file
name with its extensions stripped one at a time until a key matches
(``plan.reportlab.pdf`` -> ``plan.reportlab`` -> ``plan``). Files without a key
are listed as unscored, and so are the key files themselves (``<stem>.json``)
when the corpus folder holds them.

    >>> from plansift.corpus.evaluate import PartScore
    >>> PartScore(tp=3, n_pred=4, n_gold=6).f1
    0.6
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansift.corpus import matching as m

PARTS = ("targets", "funding", "actions", "indicators", "organisations", "officers")
FORMATS = ("txt", "docx", "pdf")


@dataclass(slots=True)
class PartScore:
    """Counts for one part of one document (or a sum of them): true positives, predicted, gold."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float | None:
        """Matched predictions over predictions; None when nothing was predicted."""
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        """Matched gold rows over gold rows; None when the key has none."""
        return self.tp / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; None when there is nothing on either side."""
        if not self.n_pred and not self.n_gold:
            return None
        return 2 * self.tp / (self.n_pred + self.n_gold)

    def __add__(self, other: PartScore) -> PartScore:
        return PartScore(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "predicted": self.n_pred,
            "gold": self.n_gold,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass(slots=True)
class Accuracy:
    """Right answers over matched pairs (lead organisation of actions, source of funding)."""

    correct: int = 0
    pairs: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.pairs if self.pairs else None

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.pairs + other.pairs)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "pairs": self.pairs, "accuracy": _round(self.value)}


@dataclass(slots=True)
class Scores:
    """All the parts plus the two accuracies, for one document or summed over several."""

    parts: dict[str, PartScore] = field(default_factory=lambda: {p: PartScore() for p in PARTS})
    lead_organisation: Accuracy = field(default_factory=Accuracy)
    funding_source: Accuracy = field(default_factory=Accuracy)

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            {p: self.parts[p] + other.parts[p] for p in PARTS},
            self.lead_organisation + other.lead_organisation,
            self.funding_source + other.funding_source,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **{p: self.parts[p].to_dict() for p in PARTS},
            "lead_organisation_accuracy": self.lead_organisation.to_dict(),
            "funding_source_accuracy": self.funding_source.to_dict(),
        }


@dataclass(slots=True)
class DocumentScore:
    """The scores of one rendering against its gold key."""

    document: str
    key: str
    format: str
    scores: Scores


@dataclass(slots=True)
class EvaluationReport:
    """Per-document scores, their totals (micro-averaged: counts summed, then divided) and the unscored files."""

    documents: list[DocumentScore]
    unscored: list[str]
    gold_dir: str = ""
    unscored_records: dict[str, int] = field(default_factory=dict)
    """Records extracted from each unscored document (a file unrelated to any plan should have none)."""

    @property
    def totals(self) -> Scores:
        """The scores of all scored documents together."""
        return sum((d.scores for d in self.documents), Scores())

    def by_format(self) -> dict[str, Scores]:
        """Totals per rendering format (txt, docx, pdf, and any other extension seen)."""
        out: dict[str, Scores] = {}
        for d in self.documents:
            out[d.format] = out.get(d.format, Scores()) + d.scores
        return dict(
            sorted(
                out.items(),
                key=lambda kv: (kv[0] not in FORMATS, FORMATS.index(kv[0]) if kv[0] in FORMATS else 0, kv[0]),
            )
        )

    def to_frame(self):
        """One row per document and part: document, key, format, part, tp, predicted, gold, precision, recall, f1."""
        import pandas as pd

        rows = [
            {"document": d.document, "key": d.key, "format": d.format, "part": p, **d.scores.parts[p].to_dict()}
            for d in self.documents
            for p in PARTS
        ]
        columns = ["document", "key", "format", "part", "tp", "predicted", "gold", "precision", "recall", "f1"]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain JSON-ready data."""
        return {
            "gold_dir": self.gold_dir,
            "documents": [
                {"document": d.document, "key": d.key, "format": d.format, **d.scores.to_dict()} for d in self.documents
            ],
            "totals": self.totals.to_dict(),
            "by_format": {fmt: s.to_dict() for fmt, s in self.by_format().items()},
            "unscored": self.unscored,
            "unscored_records": self.unscored_records,
        }


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Every gold key in a directory, by stem. Raises ValueError for an unreadable key."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise ValueError(f"gold directory not found: {gold_dir} (give the folder holding the <stem>.json keys)")
    keys = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            keys[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"gold key {path} is not valid JSON: {exc}") from exc
    if not keys:
        raise ValueError(f"no gold keys (*.json) in {gold_dir}")
    return keys


def gold_key_for(document: str, keys: dict[str, Any]) -> str | None:
    """The key a document's file name leads to, stripping one extension at a time.

    >>> gold_key_for("docs/plan.reportlab.pdf", {"plan": {}})
    'plan'
    >>> gold_key_for("archive.zip/other.txt", {"plan": {}}) is None
    True
    """
    name = document.replace("\\", "/").rsplit("/", 1)[-1]
    while True:
        if name in keys:
            return name
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]


def rendering_format(document: str) -> str:
    """The format a rendering is counted under: its file extension, lower-cased."""
    name = document.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else "other"


def score_document(records: list[dict], entities: list[dict], gold: dict) -> Scores:
    """Score one document's predicted records and entities against its gold key."""
    scores = Scores()
    by_type = defaultdict(list)
    for rec in records:
        by_type[m.text(rec.get("record_type"))].append(rec)

    targets_gold = gold.get("targets") or []
    pairs = m.match_one_to_one(by_type["target"], targets_gold, m.target_score)
    scores.parts["targets"] = PartScore(len(pairs), len(by_type["target"]), len(targets_gold))

    funding_gold = gold.get("funding") or []
    pairs = m.match_one_to_one(by_type["funding"], funding_gold, m.funding_score)
    scores.parts["funding"] = PartScore(len(pairs), len(by_type["funding"]), len(funding_gold))
    scores.funding_source = Accuracy(
        sum(
            m.source_agrees(by_type["funding"][i].get("funding_source"), funding_gold[j].get("source"))
            for i, j in pairs
        ),
        len(pairs),
    )

    actions_gold = gold.get("actions") or []
    organisations_gold = gold.get("organisations") or []
    pairs = m.match_one_to_one(by_type["action"], actions_gold, m.action_score)
    scores.parts["actions"] = PartScore(len(pairs), len(by_type["action"]), len(actions_gold))
    scores.lead_organisation = Accuracy(
        sum(
            m.lead_organisation_agrees(
                by_type["action"][i].get("lead_organisation"), actions_gold[j], organisations_gold
            )
            for i, j in pairs
        ),
        len(pairs),
    )

    for part, predicted, gold_items, pair_score in (
        ("indicators", predicted_indicators(records, entities), gold.get("indicators") or [], m.indicator_score),
        ("organisations", predicted_organisations(records, entities), organisations_gold, m.organisation_score),
        ("officers", predicted_officers(records, entities), gold.get("officers") or [], m.officer_score),
    ):
        pairs = m.match_one_to_one(predicted, gold_items, pair_score)
        scores.parts[part] = PartScore(len(pairs), len(predicted), len(gold_items))
    return scores


def predicted_indicators(records: list[dict], entities: list[dict]) -> list[str]:
    """National Indicator codes named in the records and the indicator entities, each once.

    Gold keys list National Indicators only, so a document's own local codes are not counted.
    """
    codes = [rec.get("indicator_code") for rec in records]
    for ent in entities:
        if m.text(ent.get("entity_type")) == "indicator":
            codes += [ent.get("code"), ent.get("name")]
    return _distinct(m.national_indicator(c) for c in codes)


def predicted_organisations(records: list[dict], entities: list[dict]) -> list[str]:
    """Organisation entities plus the records' organisation columns (lead, partners, recipient), each once."""
    names = [ent.get("name") for ent in entities if m.text(ent.get("entity_type")) == "organisation"]
    for rec in records:
        names += [rec.get("lead_organisation"), rec.get("recipient")]
        if not m.is_blank(rec.get("partners")):
            names += str(rec["partners"]).split(";")
    return _distinct(names)


def predicted_officers(records: list[dict], entities: list[dict]) -> list[str]:
    """Officer entities plus the records' lead officers, each once."""
    names = [ent.get("name") for ent in entities if m.text(ent.get("entity_type")) == "officer"]
    names += [rec.get("lead_officer") for rec in records]
    return _distinct(names)


def evaluate(records, gold_dir: str | Path, entities=None, documents=None) -> EvaluationReport:
    """Score records against the gold keys in ``gold_dir``.

    ``records`` is a records DataFrame, a list of row dicts or a path to a records
    file (csv, parquet or jsonl). ``entities`` (DataFrame, rows or path) adds the
    entities table; for a records file, ``entities.csv`` beside it is used when
    present. ``documents`` lists document names to score even when they yielded
    no rows (a documents table, rows or names); for a records file,
    ``documents.csv`` beside it is used when present.
    """
    if isinstance(records, str | Path):
        path = Path(records)
        if entities is None:
            entities = _beside(path, "entities")
        if documents is None:
            documents = _beside(path, "documents")
    record_rows, entity_rows = _rows(records), _rows(entities)
    names = {str(r["document"]) for r in record_rows if not m.is_blank(r.get("document"))}
    names |= {str(r["document"]) for r in entity_rows if not m.is_blank(r.get("document"))}
    names |= {str(r["document"]) if isinstance(r, dict) else str(r) for r in _rows(documents)}

    keys = load_gold(gold_dir)
    records_by_doc: dict[str, list[dict]] = defaultdict(list)
    for rec in record_rows:
        records_by_doc[str(rec.get("document"))].append(rec)
    entities_by_doc: dict[str, list[dict]] = defaultdict(list)
    for ent in entity_rows:
        entities_by_doc[str(ent.get("document"))].append(ent)

    scored, unscored = [], []
    for name in sorted(names):
        key = gold_key_for(name, keys)
        if key is None or name.replace("\\", "/").rsplit("/", 1)[-1] == f"{key}.json":
            unscored.append(name)  # no key, or the gold key itself (read as an input), not a rendering
            continue
        scores = score_document(records_by_doc[name], entities_by_doc[name], keys[key])
        scored.append(DocumentScore(name, key, rendering_format(name), scores))
    counts = {name: len(records_by_doc.get(name, ())) for name in unscored}
    return EvaluationReport(scored, unscored, str(gold_dir), counts)


def read_table(path: Path):
    """Read a records, entities or documents file written by plansift (csv, parquet or jsonl)."""
    import pandas as pd

    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValueError(f"file not found: {path}")
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    raise ValueError(f"cannot read {path}: give a .csv, .parquet or .jsonl file")


def _beside(path: Path, table: str) -> Path | None:
    for suffix in (path.suffix, ".csv", ".parquet", ".jsonl"):
        candidate = path.with_name(f"{table}{suffix}")
        if candidate.is_file():
            return candidate
    return None


def _rows(table) -> list:
    """Rows of a table given as a DataFrame, a path to a plansift file, or a list of dicts (or names)."""
    if table is None:
        return []
    if isinstance(table, str | Path):
        table = read_table(Path(table))
    if hasattr(table, "to_dict"):
        return [{k: (None if m.is_blank(v) else v) for k, v in row.items()} for row in table.to_dict(orient="records")]
    return [dict(r) if isinstance(r, dict) else r for r in table]


def _distinct(values) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        if not m.is_blank(v):
            clean = " ".join(str(v).split())
            seen.setdefault(clean.lower(), clean)
    return list(seen.values())


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
