"""The benchmark's memory sampler (benchmarks/run.py TreeMemory) on a real process tree.

It reads each process's RSS often and the tree's PSS less often; these tests check that the peaks it
reports are the ones the processes reached, including a child that appears after sampling has begun.
No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("psutil")

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
MB = 1 << 20


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("plansift_benchmark_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


# A parent that holds 80 MB, then starts a child (after the sampler's first look) that holds 40 MB.
TREE = textwrap.dedent(
    """
    import subprocess, sys, time
    held = bytearray(80 << 20)
    for i in range(0, len(held), 4096):
        held[i] = 1
    time.sleep(0.5)
    child = "b = bytearray(40 << 20)\\nfor i in range(0, len(b), 4096): b[i] = 1\\nimport time; time.sleep(1.5)"
    subprocess.run([sys.executable, "-c", child], check=True)
    """
)


def test_peaks_of_a_process_and_a_child_started_later(bench):
    proc = subprocess.Popen([sys.executable, "-c", TREE])
    with bench.TreeMemory(proc.pid, interval=0.05, refresh=0.25) as mem:
        assert proc.wait(timeout=60) == 0
    assert mem.peak_main_rss >= 80 * MB
    assert 40 * MB <= mem.peak_worker_rss < 80 * MB
    # PSS counts each page once however many processes map it: at least both buffers, at most both RSS peaks
    assert 120 * MB <= mem.peak_total_pss <= mem.peak_main_rss + mem.peak_worker_rss
    assert mem.cpu_seconds > 0
