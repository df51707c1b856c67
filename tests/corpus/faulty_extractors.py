"""Test-only extractors that misbehave on purpose, loaded into worker processes by the runner's initializer.

``.boom`` raises, ``.hang`` never returns, ``.die`` kills its own process and ``.slow`` raises after two
seconds.
This file is run with ``runpy.run_path`` (in the test process and in each
worker), so it needs no import path.
"""

import os
import signal
import time

from plansift.extractors.base import register


class _Faulty:
    priority = 1000
    extensions: tuple = ()

    def accepts(self, head, path):
        return path.suffix in self.extensions


@register
class Raises(_Faulty):
    name = "test-raises"
    extensions = (".boom",)

    def extract(self, path, options):
        raise RuntimeError("deliberate failure in a test extractor")


@register
class Hangs(_Faulty):
    name = "test-hangs"
    extensions = (".hang",)

    def extract(self, path, options):
        while True:
            time.sleep(1)


@register
class Dies(_Faulty):
    name = "test-dies"
    extensions = (".die",)

    def extract(self, path, options):
        os.kill(os.getpid(), signal.SIGKILL)


@register
class Slow(_Faulty):
    name = "test-slow"
    extensions = (".slow",)

    def extract(self, path, options):
        time.sleep(2)
        raise RuntimeError("deliberate failure after two seconds")
