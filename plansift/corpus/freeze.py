"""Preloaded into the local executor's fork server after :mod:`plansift.corpus.warm`: freeze what it built.

A garbage collection in a forked worker writes to the header of every object
it visits, and so copies each shared page into that worker (copy-on-write):
every worker would end up holding its own copy of the pipeline. ``gc.freeze``
moves everything built so far out of the collector's sight. Only the fork
server imports this module; nothing else should. At exit the objects are
handed back to the collector, so that the interpreter's shutdown frees them
as usual (extension modules such as DuckDB's check that nothing of theirs is left).
"""

import atexit
import gc

gc.collect()
gc.freeze()
atexit.register(gc.unfreeze)
