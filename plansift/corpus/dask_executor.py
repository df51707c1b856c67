"""The Dask executor: the same per-document function on a Dask distributed cluster.

Without a scheduler address it starts a LocalCluster of ``workers`` processes
with one thread each; with ``tcp://HOST:PORT`` it uses that cluster (whose
workers must see the input files at the same paths, e.g. a shared filesystem).
This module imports Dask: import it only when a run asks for it.

A worker process that dies fails only its document (the scheduler is told not
to retry it on another worker). Dask cannot stop one running task, so a
document past its timeout gets its worker restarted through the nanny, as the
local executor kills and replaces its worker.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from distributed import WorkerPlugin

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
    ):
        self.workers = workers or default_workers()
        self.scheduler = scheduler
        self.timeout = timeout if timeout and timeout > 0 else None
        self.initializer = initializer
        self.initargs = initargs

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
        with dask.config.set({"distributed.scheduler.allowed-failures": 0, "distributed.worker.daemon": False}):
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

        At most one document per worker thread is submitted at a time, so that a
        document's clock starts when it starts running and memory stays flat.
        """
        from distributed import wait
        from distributed.client import FutureCancelledError

        pending = deque(tasks)
        if not pending:
            return
        client = self._client()
        try:
            if self.initializer is not None:
                client.register_plugin(_Initializer(self.initializer, self.initargs), name="plansift-initializer")
            slots = max(1, sum(client.nthreads().values())) if self.scheduler else self.workers
            running: dict = {}
            while pending or running:
                while pending and len(running) < slots:
                    task = pending.popleft()
                    future = client.submit(run_task, task, settings, pure=False, key=f"plansift-{task.sha256}")
                    running[future] = (task, time.monotonic())
                try:
                    done = wait(list(running), timeout=self._wait_time(running), return_when="FIRST_COMPLETED").done
                except TimeoutError:  # none finished within the time left to the next deadline
                    done = set()
                for future in done:
                    task, started = running.pop(future)
                    try:
                        yield task, future.result(), True
                    except FutureCancelledError:
                        yield task, failed_result(task, "the Dask task was cancelled"), False
                    except Exception as exc:  # KilledWorker or a task error: fail this document only
                        yield task, failed_result(task, _dask_error(exc), time.monotonic() - started), False
                for future, (task, started) in list(running.items()):
                    if self.timeout and time.monotonic() - started > self.timeout:
                        running.pop(future)
                        self._stop(client, future)
                        message = (
                            f"timed out after {self.timeout:g} s; its Dask worker was restarted "
                            "(raise --timeout-per-doc if the file is just long)"
                        )
                        yield task, failed_result(task, message, self.timeout), False
        finally:
            cluster = client.cluster
            client.close()
            if cluster is not None and not self.scheduler:
                cluster.close()

    def _wait_time(self, running: dict) -> float | None:
        if not self.timeout:
            return None
        now = time.monotonic()
        return max(0.05, min(started + self.timeout - now for _, started in running.values()) + 0.05)

    @staticmethod
    def _stop(client, future) -> None:
        """Cancel a hung task and restart the worker running it."""
        key = future.key
        workers = [w for w, keys in client.processing().items() if key in keys]
        future.cancel()
        if workers:
            # An older scheduler or a worker without a nanny cannot restart: the task stays cancelled.
            with contextlib.suppress(Exception):
                client.restart_workers(workers)


class _Initializer(WorkerPlugin):
    """A Dask worker plugin running ``initializer(*initargs)`` on every worker, restarted ones included."""

    def __init__(self, initializer: Callable, initargs: tuple):
        self.initializer = initializer
        self.initargs = initargs

    def setup(self, worker) -> None:
        self.initializer(*self.initargs)


def _dask_error(exc: Exception) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return (
            "the Dask worker died while reading this file; it may be malformed or too large for the memory "
            "available: check the file, or give the workers more memory"
        )
    return f"internal error on the Dask worker ({name}: {exc}); please report it with this file"
