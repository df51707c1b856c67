"""Preloaded into the local executor's fork server: what every worker would otherwise build for itself.

Importing this module imports the extractors and the recognisers and builds
the default spaCy pipeline, once, in the fork server. Each worker is forked
from it with all of that already in memory (shared, copy-on-write), so a
worker starts at once, including one that replaces a worker killed for a
hang or recycled after many documents. Nothing here may raise: a failure only
means the workers build what they need themselves.
"""

from __future__ import annotations

import contextlib
import importlib

WARM_MODULES = (
    "plansift.pipeline",
    "plansift.normalise.areas",
    "plansift.normalise.recognisers",
    "plansift.normalise.entities",
)


def warm() -> None:
    """Import what the per-document function uses and build the default NLP pipeline."""
    for name in WARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from plansift.extractors.base import registered

        registered()
    with contextlib.suppress(Exception):
        from plansift.normalise.nlp import pipeline

        pipeline()


warm()
