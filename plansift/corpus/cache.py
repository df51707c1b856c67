"""The per-document result cache that makes runs incremental and resumable.

One file per document, named by the hash of the file's bytes, in a folder
named by a fingerprint of everything else the result depends on: the plansift
version (and a digest of its code), the gazetteer version and the extraction
options. A result is written
atomically (temporary file, then rename) as soon as its document finishes, so a
run killed at any moment leaves only complete entries, and the next run does
only the rest.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import shutil
from pathlib import Path

from plansift import __version__
from plansift.pipeline import DocumentResult

CACHE_DIRNAME = ".plansift-cache"
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def gazetteer_version() -> str:
    """The gazetteer's data version, or 'unversioned' while the gazetteer does not declare one."""
    try:
        from plansift import gazetteer
    except ImportError:
        return "unversioned"
    return str(getattr(gazetteer, "GAZETTEER_VERSION", "unversioned"))


@functools.cache
def code_digest() -> str:
    """A hash of plansift's own code and data files.

    The version number alone would let a development checkout, or an install
    patched in place, reuse results that the current code would not produce.
    """
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".csv", ".txt", ".json") and "__pycache__" not in path.parts and path.is_file():
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint(*parts: object) -> str:
    """A short hash of the plansift version and code, the gazetteer version and the given settings."""
    text = "\x1f".join([__version__, code_digest(), gazetteer_version(), *map(repr, parts)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _entry_name(sha256: str) -> str:
    return f"{sha256}.pickle"


class ResultCache:
    """DocumentResults by file hash, under ``root/<fingerprint>/``."""

    def __init__(self, root: str | Path, key: str):
        self.dir = Path(root) / key
        self.dir.mkdir(parents=True, exist_ok=True)

    def prune_stale(self) -> None:
        """Remove the entries of other fingerprints (older code or other settings) and unfinished writes."""
        for tmp in self.dir.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        for other in self.dir.parent.iterdir():
            if other != self.dir and other.is_dir() and _FINGERPRINT.fullmatch(other.name):
                shutil.rmtree(other, ignore_errors=True)

    def is_empty(self) -> bool:
        """True when no result is stored under this fingerprint (a first run, or new code or settings)."""
        with os.scandir(self.dir) as entries:
            return not any(e.name.endswith(".pickle") for e in entries)

    def _path(self, sha256: str) -> Path:
        return self.dir / _entry_name(sha256)

    def __contains__(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def get(self, sha256: str) -> DocumentResult | None:
        """The stored result, or None when absent or unreadable (an unreadable entry is removed)."""
        path = self._path(sha256)
        try:
            with open(path, "rb") as fh:
                result = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # a truncated or foreign file: forget it, the document is processed again
            path.unlink(missing_ok=True)
            return None
        return result if isinstance(result, DocumentResult) else None

    def put(self, sha256: str, result: DocumentResult) -> None:
        """Store a result atomically: a reader sees the whole entry or none."""
        write_entry(self.dir, sha256, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def write_entry(folder: str | Path, sha256: str, data: bytes) -> None:
    """Store a pickled result under ``folder`` atomically (a temporary file, then a rename).

    :meth:`ResultCache.put` in the process that has the result; a local worker calls it with the bytes it
    sends back, so that the main process neither pickles the result again nor writes the file.
    """
    name = _entry_name(sha256)
    path = os.path.join(folder, name)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")  # what prune_stale removes if left behind
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
