"""The local executor: a small pool of worker processes that can be killed one at a time.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one task, and a worker
that dies breaks the whole pool. Here each worker is a
``multiprocessing.Process`` with its own pipe: the parent hands it one
document at a time and waits on every pipe and every process sentinel at once.
A worker gets its next document as soon as its result arrives, before the
caller writes that result, so workers never wait for the output files.
A document that runs past its timeout gets its worker killed and replaced; a
worker that dies fails only the document it held. Either way the document's
result says why, and the run goes on.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from plansift.corpus.cache import ResultCache, write_entry
from plansift.corpus.memory import heap_trimmer
from plansift.corpus.tasks import Task, WorkerStartError, WorkSettings, failed_result, run_task
from plansift.pipeline import DocumentResult

Outcome = tuple[Task, DocumentResult, bool]
"""(task, result, cacheable): a result is cacheable unless the worker hung or died. An executor given a
``store`` (a ResultCache) has stored every cacheable result there before it yields it."""

READY = b"ready"
"""What a worker sends once it has started, before its first result."""

STORED, UNSTORED = b"s", b"u"
"""The first byte of a worker's answer: whether it wrote the result to the cache; the pickled result follows."""

START_ATTEMPTS = 3
"""Workers that may exit while starting, one after another, before the run stops (see WorkerStartError)."""


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


PRELOAD = ["plansift.corpus.freeze"]
"""What the fork server imports before it forks any worker: the warm-up, then a freeze (see plansift.corpus.freeze)."""


def _context():
    """The fork server's context, with plansift's warm-up preloaded; spawn where there is no fork server."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def start_warm_up() -> None:
    """Start the fork server now, so that the workers' warm-up (importing spaCy, building the rule pipeline:
    a second or two) runs while the caller does other work, such as hashing the inputs.

    Starting it only launches the server and does not wait; the first worker forked waits for the warm-up
    to finish. Does nothing where there is no fork server.
    """
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with contextlib.suppress(OSError):  # the pool's first worker will try again and report it
            forkserver.ensure_running()


GC_ALLOCATIONS = 50_000
"""Objects a worker may allocate (net) before the collector runs on its own: more than most documents make."""


def _serve(
    conn: Connection, settings: WorkSettings, initializer: Callable | None, initargs: tuple, store: str | None
) -> None:
    """A worker's life: run documents sent down the pipe until told to stop (None).

    Each result is pickled once, here: the same bytes go into the cache folder ``store`` (when given) and
    down the pipe, so that the main process, which every worker's results pass through, only reads them.

    The collector runs between documents rather than during them: Python's default (a collection every
    700 objects allocated) ran a thousand collections per five hundred documents, over objects the document
    was still using. Between documents the young generations hold that document's garbage, chiefly the
    reference cycles of a Word file's parts, which hold its XML: collected at once, they never pile up.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.set_threshold(GC_ALLOCATIONS, *gc.get_threshold()[1:])
    gc.enable()  # the fork server ran with the collector off (plansift.corpus.freeze)
    if initializer is not None:
        initializer(*initargs)
    give_back = heap_trimmer()
    conn.send_bytes(READY)
    while True:
        task = conn.recv()
        if task is None:
            return
        conn.send_bytes(_answer(task, run_task(task, settings), store))
        gc.collect(1)
        give_back()


def _answer(task: Task, result: DocumentResult, store: str | None) -> bytes:
    """The bytes a worker sends back for ``task``: STORED or UNSTORED, then the pickled result."""
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # a result that cannot be sent back: fail the document, keep serving
        failed = failed_result(task, f"internal error sending the result back ({exc})")
        return UNSTORED + pickle.dumps(failed, protocol=pickle.HIGHEST_PROTOCOL)
    if store is None:
        return UNSTORED + data
    try:
        write_entry(store, task.sha256, data)
    except OSError:  # the main process stores it, and reports what stops it (a full disk)
        return UNSTORED + data
    return STORED + data


def _read_answer(conn: Connection) -> tuple[DocumentResult, bool]:
    """A worker's answer: the result, and whether the worker stored it in the cache."""
    message = conn.recv_bytes()
    return pickle.loads(memoryview(message)[1:]), message[:1] == STORED


@dataclass(slots=True)
class _Worker:
    process: mp.Process
    conn: Connection
    tasks: deque[Task] = field(default_factory=deque)
    """Tasks sent and not yet answered, in order: the first is the one the worker runs, the next waits in its pipe."""
    started: float = 0.0
    """When the worker started its first task (sent to an idle worker, or the answer to the task before came)."""
    done: int = 0
    ready: bool = False
    """The worker said it has started (READY): from then on, its death is the fault of the document it holds."""


class LocalExecutor:
    """Run documents on ``workers`` local processes, each document at most ``timeout`` seconds.

    ``max_tasks_per_worker`` recycles a worker after that many documents so that
    memory stays flat on long runs. ``initializer(*initargs)`` runs once in each
    worker when it starts (as in ``ProcessPoolExecutor``). With a ``store`` (the run's
    ResultCache) each worker writes its results into the cache itself, so the main
    process, which all the workers' results pass through, does not: with many
    workers its share of the work is what limits the run.

    Each worker holds up to ``PREFETCH`` documents: the one it runs and the next
    ones, waiting in its pipe, so that it starts the next as soon as it has sent a
    result, instead of idling while the main process reads that result, writes a
    batch of rows and sends it more work (a few milliseconds per document, a tenth
    of a second at a batch). Towards the end of the queue a worker holds fewer, so
    that no worker is left with a backlog while another has nothing to do. A
    document waiting in a worker that dies or hangs goes back to the queue; it is
    not failed with the one that did, and its time limit starts when it does.
    """

    PREFETCH = 8

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float | None = None,
        max_tasks_per_worker: int | None = 500,
        initializer: Callable | None = None,
        initargs: tuple = (),
        store: ResultCache | None = None,
    ):
        self.workers = workers or default_workers()
        self.timeout = timeout if timeout and timeout > 0 else None
        self.max_tasks_per_worker = max_tasks_per_worker
        self.initializer = initializer
        self.initargs = initargs
        self.store = store
        self._ctx = _context()

    def _start(self, settings: WorkSettings) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_serve,
            args=(
                child,
                settings,
                self.initializer,
                self.initargs,
                None if self.store is None else str(self.store.dir),
            ),
            daemon=True,
            name="plansift-worker",
        )
        proc.start()
        child.close()
        return _Worker(proc, parent)

    @staticmethod
    def _stop(worker: _Worker, kill: bool = False) -> None:
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        worker.process.join(timeout=None if kill else 5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def map_unordered(self, tasks: Iterable[Task], settings: WorkSettings) -> Iterator[Outcome]:
        """Yield (task, result, cacheable) for every task, in the order they finish."""
        pending = deque(tasks)
        if not pending:
            return
        limit = self.max_tasks_per_worker

        def feed(w: _Worker) -> None:
            """Send ``w`` documents until it holds PREFETCH, fewer as the queue runs out (never past its recycling
            limit)."""
            while pending and not (limit and w.done + len(w.tasks) >= limit):
                if len(w.tasks) >= 1 + min(self.PREFETCH - 1, len(pending) // (2 * len(pool))):
                    break
                if not w.tasks:
                    w.started = time.monotonic()
                task = pending.popleft()
                w.tasks.append(task)
                try:
                    w.conn.send(task)
                except OSError:  # the worker is gone: the check of its sentinel hands its documents on
                    return

        def replace(i: int, w: _Worker) -> None:
            """Kill worker ``i`` (dead or hung) and start another; the documents waiting in it go back first."""
            pending.extendleft(reversed(w.tasks))
            w.tasks.clear()
            self._stop(w, kill=True)
            pool[i] = self._start(settings)

        failed_starts = 0

        def failed_start(i: int, w: _Worker) -> None:
            """Worker ``i`` exited before it was ready: its documents go back, and after a few such exits in a
            row the run stops, as every worker would."""
            nonlocal failed_starts
            w.process.join()
            failed_starts += 1
            if failed_starts >= START_ATTEMPTS:
                raise WorkerStartError(_start_message(w.process.exitcode))
            replace(i, w)

        pool = [self._start(settings) for _ in range(min(self.workers, len(pending)))]
        try:
            while True:
                for w in pool:
                    feed(w)
                busy = [w for w in pool if w.tasks]
                if not busy:
                    return
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], self._wait_time(busy)))
                for i, w in enumerate(pool):
                    if not w.tasks:
                        continue
                    outcome = None
                    if w.conn in ready and not w.ready:
                        with contextlib.suppress(EOFError, OSError):  # died starting: the check below says so
                            w.ready = w.conn.recv_bytes() == READY
                        if w.ready:
                            failed_starts = 0
                            continue  # its first result, if already sent, is read on the next round
                    if w.conn in ready and w.ready:
                        try:
                            result, stored = _read_answer(w.conn)
                            outcome = (w.tasks.popleft(), result, True)
                        except (EOFError, OSError):
                            outcome = None  # the worker died mid-send: the sentinel check below reports it
                        else:
                            if self.store is not None and not stored:
                                self.store.put(outcome[0].sha256, result)
                    dead = outcome is None and (w.process.sentinel in ready or not w.process.is_alive())
                    if outcome is not None:
                        w.done += 1
                        w.started = time.monotonic()  # the document waiting in its pipe starts now
                        if limit and w.done >= limit and not w.tasks:
                            self._stop(w)
                            pool[i] = w = self._start(settings)
                        feed(w)  # the next document goes out before the caller writes this result
                        yield outcome
                    elif dead and not w.ready:
                        failed_start(i, w)
                    elif dead:
                        task, elapsed = w.tasks.popleft(), time.monotonic() - w.started
                        w.process.join()
                        exitcode = w.process.exitcode
                        replace(i, w)
                        yield task, failed_result(task, _death_message(exitcode), elapsed), False
                    elif self.timeout and time.monotonic() - w.started > self.timeout:
                        task = w.tasks.popleft()
                        replace(i, w)
                        message = (
                            f"timed out after {self.timeout:g} s; the worker was stopped "
                            "(raise --timeout-per-doc if the file is just long)"
                        )
                        yield task, failed_result(task, message, self.timeout), False
        finally:
            for w in pool:
                self._stop(w, kill=bool(w.tasks))

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        if not self.timeout:
            return None
        now = time.monotonic()
        return max(0.0, min(w.started + self.timeout - now for w in busy)) + 0.01


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _start_message(exitcode: int | None) -> str:
    return (
        f"the worker processes exit as they start, before reading any document ({_how(exitcode)}; "
        f"{START_ATTEMPTS} in a row), so no document was processed: the error they printed above says why. "
        'If you call plansift from a script of your own, put the call under `if __name__ == "__main__":` '
        "(each worker imports the script that started it, and must not start a run of its own there)"
    )


def _death_message(exitcode: int | None) -> str:
    return (
        f"the worker process died while reading this file ({_how(exitcode)}); it may be malformed or too large for "
        "the memory available: check the file, or retry with fewer --workers"
    )
