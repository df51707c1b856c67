"""Preloaded into the local executor's fork server after :mod:`plansift.corpus.warm`: freeze what it built.

A garbage collection in a forked worker writes to the header of every object
it visits, and so copies each shared page into that worker (copy-on-write):
every worker would end up holding its own copy of the pipeline. ``gc.freeze``
moves everything built so far out of the collector's sight. Only the fork
server imports this module; nothing else should.

When the run ends the fork server leaves at once (``os._exit``): it holds no
file or output of its own, and the interpreter's teardown of everything it
preloaded took a third of a second that anyone reading the run's output (a
pipe, a script waiting for it) had to wait for. Skipping the teardown also
spares extension modules such as DuckDB's their check for leftovers.
"""

import atexit
import contextlib
import gc
import os
import sys

gc.collect()
gc.freeze()


def _leave() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


atexit.register(_leave)
