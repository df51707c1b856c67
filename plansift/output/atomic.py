"""Atomic output files: write to a hidden temporary file in the same directory, then rename.

An interrupted run never leaves a half-written file under a final name: either
the previous complete file stays, or the new complete file replaces it
(``os.replace`` is atomic on one filesystem). Temporary files are created with
``O_EXCL`` (``tempfile.mkstemp``), so a planted symlink is never followed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def output_path(out_dir: Path, name: str) -> Path:
    """The final path of output ``name`` inside ``out_dir``; refuses any name that would leave it.

    >>> output_path(Path("/tmp/out"), "records.csv").as_posix()
    '/tmp/out/records.csv'
    >>> output_path(Path("/tmp/out"), "../etc/passwd")
    Traceback (most recent call last):
    ...
    ValueError: output name '../etc/passwd' is not a plain file name inside the output directory
    """
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name or Path(name).name != name:
        raise ValueError(f"output name {name!r} is not a plain file name inside the output directory")
    return Path(out_dir) / name


class AtomicFile:
    """A temporary file that becomes ``final`` on :meth:`commit` and vanishes on :meth:`discard`."""

    def __init__(self, out_dir: Path, name: str):
        self.final = output_path(out_dir, name)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        os.close(fd)
        self.tmp = Path(tmp)

    def commit(self) -> Path:
        """Move the finished temporary file over the final name (atomic) and return the final path."""
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.final)
        return self.final

    def discard(self) -> None:
        """Remove the temporary file (and any side files a library left beside it)."""
        for path in (self.tmp, self.tmp.with_name(self.tmp.name + ".wal")):
            path.unlink(missing_ok=True)
