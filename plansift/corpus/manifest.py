"""The record of the last complete run into an output folder, so that an unchanged re-run writes nothing.

A run is identified by the cache fingerprint (code, gazetteer, settings) and
the sorted list of its inputs (name, path given, content hash). When a re-run
has the same identity, asks for the same formats, and every output file is
still the one the last run wrote (same size and modification time), the
output is already what the run would write: it is left as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from plansift.corpus.cache import CACHE_DIRNAME
from plansift.corpus.discovery import InputFile

MANIFEST_NAME = "last-run.json"


def run_identity(cache_key: str, inputs: list[InputFile]) -> str:
    """A hash of the settings and of every input's name, path and content."""
    h = hashlib.sha256(cache_key.encode())
    for item in inputs:
        h.update(f"\x1e{item.name}\x1f{item.given}\x1f{item.sha256}".encode())
    return h.hexdigest()


class RunManifest:
    """``OUT/.plansift-cache/last-run.json``: identity, formats, output files and summary of the last run."""

    def __init__(self, out_dir: str | Path, formats: tuple[str, ...]):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / CACHE_DIRNAME / MANIFEST_NAME
        self.formats = list(formats)

    def reusable(self, identity: str) -> dict[str, Any] | None:
        """The last run's summary when its outputs are complete and what this run would write; else None."""
        try:
            saved = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None
        if saved.get("identity") != identity or saved.get("formats") != self.formats:
            return None
        for name, stamp in saved.get("outputs", {}).items():
            if _stamp(self.out_dir / name) != stamp:
                return None
        return saved.get("summary")

    def outputs(self) -> list[str]:
        """The file names the last run wrote."""
        try:
            return sorted(json.loads(self.path.read_text()).get("outputs", {}))
        except (OSError, ValueError):
            return []

    def clear(self) -> None:
        """Forget the last run (its outputs are about to be replaced)."""
        self.path.unlink(missing_ok=True)

    def save(self, identity: str, outputs: dict[str, Path], summary: dict[str, Any]) -> None:
        """Record a complete run, atomically."""
        entry = {
            "identity": identity,
            "formats": self.formats,
            "outputs": {Path(p).name: _stamp(Path(p)) for p in outputs.values()},
            "summary": summary,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry, indent=1))
        os.replace(tmp, self.path)


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]
