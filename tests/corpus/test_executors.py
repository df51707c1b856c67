"""The local executor's worker side: what a worker sends back and what it stores in the cache."""

from __future__ import annotations

import pickle

from plansift.corpus.cache import ResultCache
from plansift.corpus.executors import STORED, UNSTORED, LocalExecutor, _answer
from plansift.corpus.tasks import Task, WorkSettings, run_task


def test_a_worker_stores_the_bytes_it_sends_and_says_so(tmp_path, samples_dir):
    plan = sorted(samples_dir.glob("*.txt"))[0]
    task = Task(plan.name, str(plan), "ab" * 32)
    result = run_task(task, WorkSettings())
    cache = ResultCache(tmp_path / "cache", "0" * 16)
    message = _answer(task, result, str(cache.dir))
    assert message[:1] == STORED
    assert (cache.dir / f"{task.sha256}.pickle").read_bytes() == message[1:]
    stored = cache.get(task.sha256)
    assert stored == result and stored.records  # a real plan, with records
    # a folder it cannot write to: the result still comes back whole, marked for the main process to store
    message = _answer(task, result, str(tmp_path / "gone"))
    assert message[:1] == UNSTORED and pickle.loads(message[1:]) == result


def test_the_local_executor_caches_every_result_it_yields_as_cacheable(tmp_path, samples_dir):
    plans = sorted(samples_dir.glob("*.txt"))[:2]
    tasks = [Task(p.name, str(p), f"{i:064x}") for i, p in enumerate(plans)]
    cache = ResultCache(tmp_path / "cache", "0" * 16)
    outcomes = list(LocalExecutor(2, store=cache).map_unordered(tasks, WorkSettings()))
    assert sorted(t.name for t, _, _ in outcomes) == sorted(p.name for p in plans)
    for task, result, cacheable in outcomes:
        assert cacheable and result.document["status"] == "ok"
        assert cache.get(task.sha256) == result
