"""Preloaded into the local executor's fork server: what every worker would otherwise build for itself.

Importing this module imports the extractors and the recognisers, builds
the default spaCy pipeline and runs one small made-up plan through the whole
pipeline (so that every table and index loaded on first use is loaded), once,
in the fork server. Each worker is forked
from it with all of that already in memory (shared, copy-on-write), so a
worker starts at once, including one that replaces a worker killed for a
hang or recycled after many documents. Nothing here may raise: a failure only
means the workers build what they need themselves.
"""

from __future__ import annotations

import contextlib
import importlib
import tempfile
from pathlib import Path

WARM_MODULES = (
    "plansift.pipeline",
    "plansift.normalise.areas",
    "plansift.normalise.recognisers",
    "plansift.normalise.entities",
)


# A made-up plan in the shape of the real ones: a target table, an action with a lead, a funding line.
SAMPLE_PLAN = """Local Area Agreement delivery plan 2008-11
Indicator\tBaseline 2007/08\tTarget 2008/09\tTarget 2009/10
NI 15 Serious violent crime rate\t1.2 per 1000 population\t1.1\t1.0

Action\tLead\tMilestone
Run a campaign on alcohol related violence\tJane Smith, Community Safety Manager, Police\tMarch 2009

Funding: Area Based Grant 2008/09 \u00a350,000 for the campaign.
"""


def warm() -> None:
    """Import what the per-document function uses, build the default NLP pipeline, process a small plan."""
    for name in WARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from plansift.extractors.base import registered

        registered()
    with contextlib.suppress(Exception):
        from plansift.normalise.nlp import pipeline

        pipeline()
    with contextlib.suppress(Exception), tempfile.TemporaryDirectory(prefix="plansift-warm-") as folder:
        from plansift.pipeline import process_file

        path = Path(folder, "plan.txt")
        path.write_text(SAMPLE_PLAN, encoding="utf-8")
        process_file(path)


warm()
