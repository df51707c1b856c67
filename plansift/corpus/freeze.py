"""The local executor's fork server preloads this module: it warms up, then freezes what it built.

It follows the recipe of the ``gc`` module's documentation for a process that
forks without exec: the collector is disabled from the start, everything built
is frozen before the first fork, and each worker enables the collector again
when it starts (``plansift.corpus.executors``).

* A collection in a forked worker writes to the header of every object it
  visits, and so copies each shared page into that worker (copy-on-write):
  every worker would end up holding its own copy of the pipeline. ``gc.freeze``
  moves everything built so far out of the collector's sight.
* With the collector off during the warm-up (:mod:`plansift.corpus.warm`:
  importing spaCy, building the rule pipeline), the hundreds of thousands of
  objects it creates are not traversed again and again as they pile up: a
  sixth of the warm-up, which every run waits for. The little garbage the
  warm-up leaves (a few thousand objects) is frozen with the rest.

When the run ends the fork server leaves at once (``os._exit``): it holds no
file or output of its own, and the interpreter's teardown of everything it
preloaded took a third of a second that anyone reading the run's output (a
pipe, a script waiting for it) had to wait for. Skipping the teardown also
spares extension modules such as DuckDB's their check for leftovers.

Only the fork server imports this module; nothing else should.
"""

import atexit
import contextlib
import gc
import os
import sys

gc.disable()

import plansift.corpus.warm  # noqa: E402, F401 - the warm-up runs on import, with the collector off

gc.freeze()


def _leave() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


atexit.register(_leave)
