"""Batch runs: isolation of bad documents, the cache, resuming, and the Dask executor."""

from __future__ import annotations

import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from plansift.api import build_options, extract_tables
from plansift.corpus.cache import CACHE_DIRNAME
from plansift.corpus.runner import run

FAULTY = str(Path(__file__).with_name("faulty_extractors.py"))
TEXT_OUTPUTS = ("records.csv", "documents.csv", "entities.csv", "records.jsonl")


def small_corpus(root: Path, samples_dir: Path) -> Path:
    """A few real plans in two formats, in a nested folder."""
    corpus = root / "corpus"
    (corpus / "plans").mkdir(parents=True)
    for path in sorted(samples_dir.glob("*.txt"))[:2] + sorted(samples_dir.glob("*.docx"))[:1]:
        shutil.copy(path, corpus / "plans" / path.name)
    return corpus


def short_plan(folder: Path, samples_dir: Path, name: str = "short-plan.txt") -> Path:
    """The opening lines of a real plan: quick to process even on a busy machine, so a short timeout is safe."""
    lines = sorted(samples_dir.glob("*.txt"))[0].read_text().splitlines()[:25]
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


def without_timing(documents: pd.DataFrame) -> pd.DataFrame:
    return documents.drop(columns=["seconds"]).reset_index(drop=True)


def test_a_document_that_raises_hangs_or_kills_its_worker_fails_alone(tmp_path, samples_dir):
    corpus = tmp_path / "corpus"
    (corpus / "plans").mkdir(parents=True)
    for i in range(3):
        plan = short_plan(corpus / "plans", samples_dir, f"plan-{i}.txt")
        plan.write_text(plan.read_text() + f"Copy {i}.\n")
    for name in ("raises.boom", "hangs.hang", "dies.die"):
        (corpus / name).write_text(f"{name}\n")
    results = {}
    summary = run(
        [corpus],
        consumers=[lambda r: results.__setitem__(r.document["document"], r)],
        options=build_options(timeout_per_doc=3),
        workers=2,
        initializer=runpy.run_path,
        initargs=(FAULTY,),
    )
    assert summary.documents == len(results) == 6
    assert "deliberate failure" in results["raises.boom"].document["error"]
    assert results["hangs.hang"].document["status"] == "failed"
    assert "timed out after 3 s" in results["hangs.hang"].document["error"]
    assert "worker process died" in results["dies.die"].document["error"]
    assert "SIGKILL" in results["dies.die"].document["error"]
    for name, result in results.items():
        if name.startswith("plans/"):  # the plans around them are untouched by the failures
            assert "worker" not in (result.document.get("error") or ""), name
            assert "timed out" not in (result.document.get("error") or ""), name


def test_a_second_run_reads_nothing_and_writes_identical_files(tmp_path, samples_dir):
    corpus = small_corpus(tmp_path, samples_dir)
    out = tmp_path / "out"
    first = extract_tables([corpus], out=out, formats=("csv", "jsonl", "parquet"), workers=2)
    assert first.summary.processed == 3 and first.summary.cached == 0
    before = {name: (out / name).read_bytes() for name in TEXT_OUTPUTS}
    second = extract_tables([corpus], out=out, formats=("csv", "jsonl", "parquet"), workers=2)
    assert second.summary.processed == 0 and second.summary.cached == 3
    assert {name: (out / name).read_bytes() for name in TEXT_OUTPUTS} == before
    pd.testing.assert_frame_equal(first.records, second.records)

    changed = corpus / "plans" / sorted(p.name for p in (corpus / "plans").glob("*.txt"))[0]
    changed.write_text(changed.read_text() + "\nA line added after the first run.\n")
    third = extract_tables([corpus], out=out, formats=("csv",), workers=2)
    assert (third.summary.processed, third.summary.cached) == (1, 2)
    cold = extract_tables([corpus], out=out, formats=("csv",), workers=2, use_cache=False)
    assert cold.summary.processed == 3
    pd.testing.assert_frame_equal(third.records, cold.records)


def test_an_interrupted_run_resumes_with_complete_output_and_no_duplicates(tmp_path, samples_dir):
    corpus = small_corpus(tmp_path, samples_dir)
    full = extract_tables([corpus], out=tmp_path / "full", formats=("csv",), workers=2)

    # What a kill -9 leaves: some complete cache entries, a half-written temporary file, a truncated entry.
    out = tmp_path / "resumed"
    entries = sorted((tmp_path / "full" / CACHE_DIRNAME).glob("*/*.pickle"))
    kept = out / CACHE_DIRNAME / entries[0].parent.name
    kept.mkdir(parents=True)
    shutil.copy(entries[0], kept / entries[0].name)
    (kept / f".{entries[1].name}.123.tmp").write_bytes(entries[1].read_bytes()[:10])
    (kept / entries[2].name).write_bytes(entries[2].read_bytes()[:10])

    resumed = extract_tables([corpus], out=out, formats=("csv",), workers=2)
    assert (resumed.summary.processed, resumed.summary.cached) == (2, 1)
    pd.testing.assert_frame_equal(resumed.records, full.records)
    pd.testing.assert_frame_equal(without_timing(resumed.documents), without_timing(full.documents))
    assert (out / "records.csv").read_bytes() == (tmp_path / "full" / "records.csv").read_bytes()
    assert not resumed.records["record_id"].duplicated().any()


def test_renamed_files_keep_their_cached_results_under_the_new_name(tmp_path, samples_dir):
    corpus = small_corpus(tmp_path, samples_dir)
    out = tmp_path / "out"
    extract_tables([corpus], out=out, formats=("csv",), workers=1)
    (corpus / "plans").rename(corpus / "renamed")
    again = extract_tables([corpus], out=out, formats=("csv",), workers=1)
    assert again.summary.processed == 0
    assert all(name.startswith("renamed/") for name in again.documents["document"])
    assert all(name.startswith("renamed/") for name in again.records["document"])


@pytest.mark.timeout(120)
def test_dask_cluster_at_a_scheduler_address_gives_the_same_output_as_local_workers(tmp_path, samples_dir):
    distributed = pytest.importorskip("distributed")
    corpus = small_corpus(tmp_path, samples_dir)
    local = extract_tables([corpus], workers=2)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        dask = extract_tables([corpus], executor="dask", scheduler=cluster.scheduler_address)
    assert dask.summary.processed == 3
    pd.testing.assert_frame_equal(dask.records, local.records)
    pd.testing.assert_frame_equal(dask.entities, local.entities)
    pd.testing.assert_frame_equal(without_timing(dask.documents), without_timing(local.documents))


@pytest.mark.timeout(120)
def test_on_dask_a_hung_or_dying_document_fails_alone(tmp_path, samples_dir):
    pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    plan = short_plan(corpus, samples_dir)
    for name in ("hangs.hang", "dies.die"):
        (corpus / name).write_text(f"{name}\n")
    results = {}
    run(
        [corpus],
        consumers=[lambda r: results.__setitem__(r.document["document"], r)],
        options=build_options(timeout_per_doc=3),
        executor="dask",
        workers=2,
        initializer=runpy.run_path,
        initargs=(FAULTY,),
    )
    assert "timed out after 3 s" in results["hangs.hang"].document["error"]
    assert "Dask worker died" in results["dies.die"].document["error"]
    assert "worker" not in (results[plan.name].document.get("error") or "")


def test_an_unchanged_rerun_keeps_the_files_and_a_changed_one_rewrites_them(tmp_path, samples_dir):
    from plansift.api import extract_to_files

    corpus = small_corpus(tmp_path, samples_dir)
    out = tmp_path / "out"
    first = extract_to_files([corpus], out, formats=("csv",), workers=1)
    assert not first.reused and set(first.outputs) >= {"records.csv", "documents.csv"}
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}

    again = extract_to_files([corpus], out, formats=("csv",), workers=1)
    assert again.reused and again.processed == 0
    assert (again.status, again.rows, again.failures) == (first.status, first.rows, first.failures)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == stamps

    (out / "records.csv").unlink()  # an output gone: written again, from the cache
    third = extract_to_files([corpus], out, formats=("csv",), workers=1)
    assert not third.reused and third.processed == 0 and (out / "records.csv").exists()
    assert not extract_to_files([corpus], out, formats=("csv", "jsonl"), workers=1).reused


@pytest.mark.timeout(120)
def test_a_worker_holds_the_next_document_and_hands_it_back_when_it_fails(tmp_path, samples_dir):
    """One worker, holding the document it runs and the next: a document waiting behind one that kills or hangs
    the worker runs in the next worker (it is not failed with it), recycling loses nothing, every document is
    answered once, and the next document's time limit starts when it does, not when it was sent."""
    import time

    from plansift.corpus.executors import LocalExecutor
    from plansift.corpus.tasks import Task, WorkSettings

    names = ["a.slow", "b.hang", "plan-1.txt", "c.die", "plan-2.txt", "d.boom", "plan-3.txt", "plan-4.txt"]
    tasks = []
    for name in names:
        path = short_plan(tmp_path, samples_dir, name) if name.endswith(".txt") else tmp_path / name
        if not path.exists():
            path.write_text(f"{name}\n")
        tasks.append(Task(name, str(path), name))
    executor = LocalExecutor(1, timeout=3, max_tasks_per_worker=2, initializer=runpy.run_path, initargs=(str(FAULTY),))
    started = time.monotonic()
    outcomes = list(executor.map_unordered(tasks, WorkSettings(build_options())))
    elapsed = time.monotonic() - started
    results = {task.name: result.document for task, result, _ in outcomes}
    assert sorted(results) == sorted(names) and len(outcomes) == len(names)
    assert "deliberate failure after two seconds" in results["a.slow"]["error"]
    assert "timed out after 3 s" in results["b.hang"]["error"]
    assert "worker process died" in results["c.die"]["error"]
    assert "deliberate failure in a test extractor" in results["d.boom"]["error"]
    for name in names:
        if name.endswith(".txt"):
            assert results[name]["status"] == "ok", (name, results[name].get("error"))
    # the hang waited in the worker's pipe while the slow document ran: its 3 s count from its own start
    assert elapsed >= 2 + 3


def test_workers_that_exit_as_they_start_stop_the_run_with_the_reason_and_blame_no_document(tmp_path, samples_dir):
    """A worker that dies before it is ready (here its initializer exits) is not a document's fault: after a
    few in a row the run stops with an error saying so, instead of failing every document as malformed."""
    import os

    from plansift.corpus.executors import START_ATTEMPTS, LocalExecutor, WorkerStartError
    from plansift.corpus.tasks import Task, WorkSettings

    tasks = [Task(f"plan-{i}.txt", str(short_plan(tmp_path, samples_dir, f"plan-{i}.txt")), str(i)) for i in range(5)]
    executor = LocalExecutor(2, initializer=os._exit, initargs=(3,))
    with pytest.raises(WorkerStartError, match=rf"exit code 3; {START_ATTEMPTS} in a row.*no document was processed"):
        list(executor.map_unordered(tasks, WorkSettings(build_options())))


def test_a_script_that_starts_a_run_without_the_main_guard_gets_one_clear_error(tmp_path, samples_dir):
    """Each worker imports the script that started the run; without `if __name__ == "__main__":` the import
    starts another run and the worker exits. The script's run stops with an error naming the fix."""
    import subprocess
    import sys

    plan = short_plan(tmp_path, samples_dir)
    script = tmp_path / "convert.py"
    script.write_text(f"import plansift\n\nprint(len(plansift.extract([{str(plan)!r}], workers=1)))\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode != 0
    assert "WorkerStartError" in proc.stderr and 'if __name__ == "__main__":' in proc.stderr
    # with the guard the same script runs
    body = script.read_text().replace("print(", "if __name__ == '__main__':\n    print(")
    script.write_text(body)
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert int(proc.stdout.split()[-1]) > 0


def test_prepare_is_called_once_when_documents_are_processed_and_never_on_a_cached_run(tmp_path, samples_dir):
    corpus = small_corpus(tmp_path, samples_dir)
    calls = []
    for _ in range(2):
        run([corpus], out_dir=tmp_path / "out", workers=1, prepare=lambda: calls.append(1))
    assert calls == [1]


def test_prepare_comes_before_the_inputs_are_hashed_when_every_document_will_be_processed(
    tmp_path, samples_dir, monkeypatch
):
    """With no cache yet (or --no-cache) the caller gets ready while the inputs are hashed, as the workers do;
    with a cache, once it has said that something is left to do. Either way, once."""
    from plansift.corpus import runner

    corpus = small_corpus(tmp_path, samples_dir)
    events = []
    hash_inputs = runner.discover
    monkeypatch.setattr(runner, "discover", lambda *a, **k: events.append("hash") or hash_inputs(*a, **k))

    def runs(**options) -> list[str]:
        events.clear()
        run([corpus], out_dir=tmp_path / "out", workers=1, prepare=lambda: events.append("prepare"), **options)
        return list(events)

    assert runs() == ["prepare", "hash"]
    short_plan(corpus, samples_dir)  # a new file beside the cached ones
    assert runs() == ["hash", "prepare"]
    assert runs() == ["hash"]
    assert runs(use_cache=False) == ["prepare", "hash"]


def test_a_run_that_finds_nothing_waits_for_the_writers_import_before_it_returns(tmp_path):
    """The writers' import starts before the inputs are hashed; a run that then finds no document must not leave
    it running (an interpreter that exits in the middle of importing pandas can crash). In a fresh interpreter,
    where that import takes a while."""
    empty = tmp_path / "empty"
    empty.mkdir()
    script = (
        "import threading\n"
        "from plansift.api import extract_to_files\n"
        f"summary = extract_to_files([{str(empty)!r}], {str(tmp_path / 'out')!r}, formats='csv', workers=1)\n"
        "print(summary.documents, sorted(t.name for t in threading.enumerate()))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split("\n")[0] == "0 ['MainThread']"


def test_the_writers_imported_in_the_background_write_what_they_would_have(tmp_path, samples_dir, monkeypatch):
    """``extract_to_files`` imports the writers while the workers start: the files are those of a run whose
    writers were imported at the first result."""
    from plansift.api import LazySink, extract_to_files

    corpus = small_corpus(tmp_path, samples_dir)
    extract_to_files([corpus], tmp_path / "a", formats="csv,parquet", workers=1)
    monkeypatch.setattr(LazySink, "prepare", lambda self: None)
    extract_to_files([corpus], tmp_path / "b", formats="csv,parquet", workers=1)
    for name in ("records.csv", "entities.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "a" / "records.parquet"), pd.read_parquet(tmp_path / "b" / "records.parquet")
    )


def test_results_kept_in_memory_or_read_back_from_the_cache_give_the_same_output(tmp_path, samples_dir, monkeypatch):
    """A result waiting for the documents before it is kept in memory (a few) or read back from the cache: the
    consumers get the same results, in name order, either way."""
    from plansift.corpus import runner

    corpus = small_corpus(tmp_path, samples_dir)
    reads = []
    read_back = runner.ResultCache.get
    monkeypatch.setattr(runner.ResultCache, "get", lambda self, sha: reads.append(sha) or read_back(self, sha))
    seen, read = {}, {}
    for held in (64, 0):
        monkeypatch.setattr(runner._Batch, "HELD", held)
        results, reads[:] = [], []
        run([corpus], consumers=[results.append], out_dir=tmp_path / f"out-{held}", workers=2)
        seen[held], read[held] = [(r.document["document"], r.records, r.entities) for r in results], len(reads)
    assert seen[64] == seen[0]
    assert (read[64], read[0]) == (0, len(seen[0]))
    assert [name for name, _, _ in seen[0]] == sorted(name for name, _, _ in seen[0])
    assert sum(len(records) for _, records, _ in seen[0]) > 50


def test_files_many_times_larger_than_most_start_first_and_the_outputs_stay_in_name_order(tmp_path, samples_dir):
    from plansift.api import extract_to_files
    from plansift.corpus.discovery import InputFile
    from plansift.corpus.runner import big_first

    plan = (samples_dir / "sandwell-laa-implementation-plan-high-volume-crime.txt").read_text()
    (tmp_path / "in").mkdir()
    todo = []
    for i in range(40):
        path = tmp_path / "in" / f"plan-{i:02d}.txt"
        # two plans (the 31st and the last) are ten times the others
        path.write_text((plan * (10 if i in (30, 39) else 1)) + f"\nCopy {i}.\n")
        todo.append(InputFile(path.name, path, f"{i:064d}", str(path)))
    order = [i.name for i in big_first(todo)]
    assert sorted(order[:2]) == ["plan-30.txt", "plan-39.txt"]
    assert order[2:] == [i.name for i in todo if i.name not in order[:2]]
    assert big_first(todo[:19]) == todo[:19]  # a run this small moves nothing (one in twenty)
    summary = extract_to_files([tmp_path / "in"], tmp_path / "out", formats="csv", workers=2)
    assert summary.status["ok"] == 40
    documents = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert documents["document"].tolist() == sorted(f"plan-{i:02d}.txt" for i in range(40))
