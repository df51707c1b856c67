"""The Dask executor: the same per-document function on a Dask distributed cluster.

Without a scheduler address it starts a LocalCluster of ``workers`` processes
with one thread each; with ``tcp://HOST:PORT`` it uses that cluster (whose
workers must see the input files at the same paths, e.g. a shared filesystem).
This module imports Dask: import it only when a run asks for it.

A worker process that dies fails only its document: the document is tried
once more (it may only have shared a worker with the culprit), then reported. Dask cannot stop one running task, so a
document past its timeout gets its worker restarted through the nanny, as the
local executor kills and replaces its worker.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from distributed import WorkerPlugin

from plansift.corpus.cache import ResultCache
from plansift.corpus.executors import Outcome, default_workers
from plansift.corpus.tasks import Task, WorkSettings, failed_result, run_task


class DaskExecutor:
    """Run documents on a Dask cluster: a new LocalCluster, or the one at ``scheduler``."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        scheduler: str | None = None,
        timeout: float | None = None,
        initializer: Callable | None = None,
        initargs: tuple = (),
        store: ResultCache | None = None,
    ):
        self.workers = workers or default_workers()
        self.scheduler = scheduler
        self.timeout = timeout if timeout and timeout > 0 else None
        self.initializer = initializer
        self.initargs = initargs
        self.store = store
        """The run's cache: a cacheable result is stored here (by this process: the workers may be elsewhere)."""

    def _client(self):
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                return Client(self.scheduler, timeout="10s")
            except OSError as exc:
                raise ValueError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({exc}); check the address and that "
                    "`dask scheduler` is running"
                ) from exc
        settings = {
            "distributed.scheduler.allowed-failures": 0,  # a document that kills its worker is not tried elsewhere
            "distributed.scheduler.worker-saturation": 1.0,  # no document waits behind another on a worker
            "distributed.worker.daemon": False,
        }
        with dask.config.set(settings):
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
        return Client(cluster)

    def map_unordered(self, tasks: Iterable[Task], settings: WorkSettings) -> Iterator[Outcome]:
        """Yield (task, result, cacheable) for every task, in the order they finish.

        At most one document per worker thread is submitted at a time, so that
        memory stays flat. The timeout is kept on the worker, from the moment the
        document starts (:func:`run_with_deadline`); the worker of a document past
        it is restarted. A worker so stuck that even that cannot answer is caught
        by a looser clock here, from the moment of submission.
        """
        from distributed import wait
        from distributed.client import FutureCancelledError

        pending = deque(tasks)
        if not pending:
            return
        client = self._client()
        try:
            client.register_plugin(_Setup(self.initializer, self.initargs), name="plansift-setup")
            slots = max(1, sum(client.nthreads().values())) if self.scheduler else self.workers
            running: dict = {}
            attempts: dict[str, int] = {}
            while pending or running:
                while pending and len(running) < slots:
                    task = pending.popleft()
                    attempts[task.sha256] = attempts.get(task.sha256, 0) + 1
                    key = f"plansift-{task.sha256}-{attempts[task.sha256]}"
                    future = client.submit(run_with_deadline, task, settings, self.timeout, pure=False, key=key)
                    running[future] = (task, time.monotonic())
                try:
                    done = wait(list(running), timeout=self._wait_time(running), return_when="FIRST_COMPLETED").done
                except TimeoutError:  # none finished before the next client-side deadline
                    done = set()
                for future in done:
                    task, started = running.pop(future)
                    try:
                        result, stuck_worker = future.result()
                    except FutureCancelledError:
                        yield task, failed_result(task, "the Dask task was cancelled"), False
                    except Exception as exc:  # KilledWorker or a task error: fail this document only
                        if type(exc).__name__ == "KilledWorker" and attempts[task.sha256] < 2:
                            pending.appendleft(task)  # it may have shared a worker with the culprit: once more
                            continue
                        yield task, failed_result(task, _dask_error(exc), time.monotonic() - started), False
                    else:
                        if stuck_worker:
                            _restart(client, [stuck_worker])
                        elif self.store is not None:
                            self.store.put(task.sha256, result)
                        yield task, result, not stuck_worker
                for future, (task, started) in list(running.items()):
                    if self._client_deadline and time.monotonic() - started > self._client_deadline:
                        running.pop(future)
                        self._stop(client, future)
                        yield task, failed_result(task, _timeout_message(self.timeout), self.timeout), False
        finally:
            cluster = client.cluster
            client.close()
            if cluster is not None and not self.scheduler:
                cluster.close()

    @property
    def _client_deadline(self) -> float | None:
        return 3 * self.timeout + 60 if self.timeout else None

    def _wait_time(self, running: dict) -> float | None:
        if not self._client_deadline:
            return None
        now = time.monotonic()
        return max(0.05, min(started + self._client_deadline - now for _, started in running.values()) + 0.05)

    @staticmethod
    def _stop(client, future) -> None:
        """Cancel a task that does not answer and restart the worker running it."""
        key = future.key
        workers = [w for w, keys in client.processing().items() if key in keys]
        future.cancel()
        _restart(client, workers)


def run_with_deadline(task: Task, settings: WorkSettings, timeout: float | None):
    """On a Dask worker: process a document, giving up after ``timeout`` seconds.

    Returns (result, None), or (a timed-out result, this worker's address) when the
    document runs past its time: the thread cannot be stopped, so the client
    restarts this worker.
    """
    if not timeout:
        return run_task(task, settings), None
    box: list = []
    thread = threading.Thread(target=lambda: box.append(run_task(task, settings)), daemon=True)
    thread.start()
    thread.join(timeout)
    if box:
        return box[0], None
    from distributed import get_worker

    return failed_result(task, _timeout_message(timeout), timeout), get_worker().address


def _restart(client, workers: list[str]) -> None:
    if workers:
        # An older scheduler or a worker without a nanny cannot restart: its thread stays busy.
        with contextlib.suppress(Exception):
            client.restart_workers(workers)


def _timeout_message(timeout: float | None) -> str:
    return f"timed out after {timeout:g} s; its Dask worker was restarted (raise --timeout-per-doc if the file is just long)"


class _Setup(WorkerPlugin):
    """A Dask worker plugin that warms every worker (restarted ones included), then runs the initializer.

    Warming (plansift.corpus.warm) loads what the first document would otherwise
    load, so that the first document's clock measures only that document.
    """

    def __init__(self, initializer: Callable | None, initargs: tuple):
        self.initializer = initializer
        self.initargs = initargs

    def setup(self, worker) -> None:
        importlib.import_module("plansift.corpus.warm")
        if self.initializer is not None:
            self.initializer(*self.initargs)


def _dask_error(exc: Exception) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return (
            "the Dask worker died while reading this file; it may be malformed or too large for the memory "
            "available: check the file, or give the workers more memory"
        )
    return f"internal error on the Dask worker ({name}: {exc}); please report it with this file"
