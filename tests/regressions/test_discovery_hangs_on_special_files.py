"""Regression: discovery hung for ever on a named pipe or a link to a device in an input folder.

``discover`` hashes every name ``os.walk`` lists, whatever it is: opening a FIFO blocks until a writer
comes, and a symlink to ``/dev/zero`` (or ``/dev/urandom``) is read without end. This happens before any
per-document timeout applies, so ``plansift extract`` never finishes. Only regular files should be read
(``stat.S_ISREG`` after following links), other kinds reported ("not a regular file"), and hashing
bounded by ``--max-bytes``.

Discovery runs in a subprocess with a timeout so that the bug fails this test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from pathlib import Path
from plansift.corpus.discovery import discover
found = discover([sys.argv[1]], scratch=Path(sys.argv[2]))
print("INPUTS", sorted(i.name for i in found.inputs))
print("ERRORS", sorted(a for a, _ in found.errors))
"""


def _discover(src: Path, scratch: Path) -> str:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(src), str(scratch)],
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("discovery did not return within 20 s: it is reading a file that never ends")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_discovery_hangs_on_fifo(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text("NI 15 Serious violent crime rate\n")
    os.mkfifo(src / "pipe.txt")
    out = _discover(src, tmp_path / "scratch")
    assert "INPUTS ['plan.txt']" in out, out


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_discovery_hangs_on_link_to_device(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text("NI 15 Serious violent crime rate\n")
    os.symlink("/dev/zero", src / "zero.txt")
    out = _discover(src, tmp_path / "scratch")
    assert "INPUTS ['plan.txt']" in out, out
