"""Corpus runs: many documents in, one set of outputs, at scale.

- :mod:`~plansift.corpus.discovery` finds the inputs (files, folders, globs, .zip archives), one per content hash;
- :mod:`~plansift.corpus.runner` runs them through an executor and feeds the outputs in name order;
- :mod:`~plansift.corpus.executors` (local worker processes) and :mod:`~plansift.corpus.dask_executor` (a Dask
  cluster) run :func:`plansift.pipeline.process_file` with per-document isolation and timeouts;
- :mod:`~plansift.corpus.cache` and :mod:`~plansift.corpus.manifest` make re-runs incremental and resumable;
- :mod:`~plansift.corpus.evaluate` scores records against gold keys (../shared/corpus/GOLD.md).

On a Dask cluster, every worker needs plansift installed and the input files at the same paths
(a shared filesystem), e.g.::

    dask scheduler                                    # on one machine: prints tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers 4 --nthreads 1   # on each machine
    plansift extract /shared/plans --out /shared/out --executor dask --scheduler tcp://HOST:8786
"""
