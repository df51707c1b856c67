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


def test_workers_start_with_the_collector_on_and_the_warm_up_frozen(tmp_path: Path, samples_dir: Path):
    """The fork server warms up with the collector off and freezes what it built; each worker turns the
    collector back on (else a worker's garbage cycles would never be collected), to run between documents."""
    import runpy

    from plansift.corpus.executors import GC_ALLOCATIONS, LocalExecutor
    from plansift.corpus.tasks import Task, WorkSettings

    report = tmp_path / "gc.txt"
    script = tmp_path / "report_gc.py"
    script.write_text(
        f"import gc\nopen({str(report)!r}, 'w').write(f'{{gc.isenabled()}} {{gc.get_freeze_count()}} {{gc.get_threshold()[0]}}')\n"
    )
    plan = samples_dir / "sandwell-laa-implementation-plan-high-volume-crime.txt"
    executor = LocalExecutor(1, initializer=runpy.run_path, initargs=(str(script),))
    [(_, result, _)] = list(executor.map_unordered([Task("plan.txt", str(plan), "x")], WorkSettings()))
    assert result.document["status"] == "ok"
    enabled, frozen, threshold = report.read_text().split()
    assert enabled == "True" and int(threshold) == GC_ALLOCATIONS
    assert int(frozen) > 100_000  # spaCy, the gazetteer and the readers, shared with every worker


def test_the_warm_up_starts_before_discovery_only_when_every_document_will_be_processed(
    tmp_path: Path, samples_dir: Path, monkeypatch
):
    import plansift.corpus.executors as executors
    from plansift.corpus.runner import run

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "plan.txt").write_bytes(
        (samples_dir / "sandwell-laa-implementation-plan-high-volume-crime.txt").read_bytes()
    )
    calls = []
    monkeypatch.setattr(executors, "start_warm_up", lambda: calls.append(1))
    for use_cache in (True, True, False):  # cold, fully cached, forced cold
        run([corpus], out_dir=tmp_path / "out", workers=1, use_cache=use_cache)
    assert calls == [1, 1]


LEAN_IMPORT = """
import sys
{before}
from plansift.corpus.warm import import_spacy_without_its_cli
import_spacy_without_its_cli()
import spacy
assert "spacy.cli" not in sys.modules and "weasel" not in sys.modules, "the CLI came along"
assert spacy.info(silent=True)["spacy_version"] == spacy.__version__  # imports the real CLI when called
import spacy.cli
assert callable(spacy.cli.download)
from plansift.normalise.nlp import pipeline
print(sorted((e.text, e.label_) for e in pipeline()("Insp Smith will report to WMP.").ents))
"""

# A spaCy whose import fails while the placeholder stands in (as a release that imports more of its CLI would).
FAILS_ONCE = """
import importlib.abc
class FailOnce(importlib.abc.MetaPathFinder):
    failed = False
    def find_spec(self, name, path=None, target=None):
        if name == "spacy.language" and not FailOnce.failed:
            FailOnce.failed = True
            raise ImportError("needs more of spacy.cli")
        return None
sys.meta_path.insert(0, FailOnce())
"""


@pytest.mark.parametrize("before", ["", FAILS_ONCE], ids=["placeholder", "fallback"])
def test_spacy_imports_without_its_cli_and_the_cli_still_works(before):
    """The fork server imports spaCy without spacy.cli; the CLI is still there for whoever asks, and a spaCy
    that cannot import that way is imported the usual way."""
    import subprocess
    import sys

    code = LEAN_IMPORT.format(before=before)
    if before:
        code = code.replace(
            'assert "spacy.cli" not in sys.modules and "weasel" not in sys.modules, "the CLI came along"',
            "assert FailOnce.failed",
        )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[('Insp Smith', 'PERSON'), ('WMP', 'ORG')]"
