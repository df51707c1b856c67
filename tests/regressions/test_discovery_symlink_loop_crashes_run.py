"""Regression: a symlink loop inside an input folder crashed discovery, so the whole run died.

``discovery._relative`` calls ``Path.resolve()``, which raises ``RuntimeError: Symlink loop from ...``
(strict resolution of a looping link); nothing catches it, and ``plansift extract FOLDER`` stops before
reading a single file. A dangling or looping link should be reported (an error naming the link) and the
rest of the folder read.
"""

from __future__ import annotations

import os

import pytest

from plansift.corpus.discovery import discover


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_discovery_symlink_loop_crashes_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text("NI 15 Serious violent crime rate\n")
    os.symlink("loop-a", src / "loop-b")
    os.symlink("loop-b", src / "loop-a")
    os.symlink("self.txt", src / "self.txt")
    found = discover([str(src)], scratch=tmp_path / "scratch")
    assert [i.name for i in found.inputs] == ["plan.txt"]
    reported = " ".join(arg for arg, _ in found.errors)
    assert "self.txt" in reported and "loop-a" in reported, found.errors
