"""Find the input files of a run: files, directories (recursive), globs and .zip archives.

Each input gets a document name relative to the corpus root given on the
command line (a directory argument is its own root; a file's root is its
folder; a glob's root is the folder before its first wildcard; a zip member is
``archive.zip/member``). Files are identified by the hash of their bytes: the
same content reached twice is read once, under the first name in sorted order.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plansift.extractors.base import Limits

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
IGNORED_DIRS = {"__MACOSX", ".git", ".plansift-cache", "__pycache__"}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One document to process: where its bytes are, its name in the outputs and its hash."""

    name: str
    """Path relative to the corpus root (``archive.zip/member`` for a zip member)."""
    path: Path
    """A real file holding the bytes (zip members are copied out to the run's scratch folder)."""
    sha256: str
    given: str
    """The path as the user gave it (``archive.zip/member`` for a zip member)."""


@dataclass(slots=True)
class Discovery:
    """The inputs found, the duplicates dropped and the arguments or archives that could not be read."""

    inputs: list[InputFile] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    duplicate_inputs: list[tuple[InputFile, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str, str, str]] = field(default_factory=list)
    """Input files found but not readable: (name, path as given, status, error); each gets a documents row."""
    """Each input dropped as a duplicate, with the name of the input kept in its place."""
    """(name dropped, name kept) for content reached twice."""
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(argument or archive, what is wrong and what to do)."""


def discover(
    paths: list[str | Path],
    *,
    scratch: Path,
    exclude: list[Path] | None = None,
    limits: Limits | None = None,
) -> Discovery:
    """Expand ``paths`` into the sorted, de-duplicated list of inputs.

    ``scratch`` is a folder where zip members are copied out (under their hash,
    never under the name the archive gives them). ``exclude`` lists folders never
    to read (the run's own output folder).
    """
    limits = limits or Limits()
    excluded = [p.resolve() for p in (exclude or [])]
    found: list[tuple[str, Path, str]] = []  # (name, file, as given)
    result = Discovery()
    for arg in paths:
        arg = str(arg)
        if glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                result.errors.append((arg, "the pattern matches no file; check the quoting and the folder"))
            root = Path(_glob_root(arg))
            for match in matches:
                _add_path(Path(match), root, found, excluded, result)
            continue
        path = Path(arg)
        if path.is_dir():
            _add_path(path, path, found, excluded, result)
        elif os.path.lexists(path):
            _add_path(path, path.parent, found, excluded, result)
        else:
            result.errors.append((arg, "no such file or folder; check the path"))

    by_hash: dict[str, InputFile] = {}
    empties: list[InputFile] = []
    for name, file, given in sorted(found, key=lambda t: t[0]):
        if file.suffix.lower() == ".zip" and zipfile.is_zipfile(file):
            members = _zip_members(file, name, given, scratch, limits, result)
        else:
            try:
                members = [InputFile(name, file, file_sha256(file, limits.max_bytes), given)]
            except OSError as exc:
                result.errors.append((given, f"cannot read file: {exc.strerror or exc}"))
                result.unreadable.append((name, given, "failed", f"cannot read file: {exc.strerror or exc}"))
                continue
        for item in members:
            kept = by_hash.get(item.sha256)
            if kept is None:
                by_hash[item.sha256] = item
            elif item.sha256 == EMPTY_SHA256:
                # Empty files are not one document reached twice: each gets its own row and error.
                empties.append(item)
            else:
                result.duplicates.append((item.name, kept.name))
                result.duplicate_inputs.append((item, kept.name))
    result.inputs = sorted([*by_hash.values(), *empties], key=lambda i: i.name)
    return result


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def file_sha256(path: str | Path, max_bytes: int | None = None) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks.

    A file larger than ``max_bytes`` is not read whole (it will be skipped as
    too large): its identity is the hash of its first MiB and its size.
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            h.update(fh.read(1 << 20))
            h.update(f"\x00oversize:{size}".encode())
            return h.hexdigest()
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def as_text(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (a lone surrogate on Linux) become ``\\xNN``.

    >>> as_text(os.fsdecode(b"plan-\\xa3.txt"))
    'plan-\\\\xa3.txt'
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def not_regular(path: Path) -> str | None:
    """Why a path that is not a regular file (after following links) cannot be read; None for a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            return "a symbolic link that is broken or loops; fix or remove the link"
        return f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a link to a folder, not followed (give the folder itself to read it)"
    kind = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else ("a socket" if stat.S_ISSOCK(mode) else "a special file")
    )
    return f"not a regular file ({kind}); only files are read"


def _glob_root(pattern: str) -> str:
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def _add_path(path: Path, root: Path, found: list, excluded: list[Path], result: Discovery) -> None:
    """Add a file, or every file under a folder; report what cannot be read."""
    if path.is_dir() and not path.is_symlink() or path == root and path.is_dir():
        if _is_excluded(path, excluded):
            return
        for dirpath, dirnames, filenames in os.walk(path):
            kept = []
            for d in sorted(dirnames):
                sub = Path(dirpath, d)
                if d in IGNORED_DIRS or _is_excluded(sub, excluded):
                    continue
                if sub.is_symlink():
                    result.errors.append((str(sub), not_regular(sub) or "a link to a folder, not followed"))
                    continue
                kept.append(d)
            dirnames[:] = kept
            for fname in sorted(filenames):
                if fname not in IGNORED_NAMES and not fname.startswith("~$"):
                    _add_file(Path(dirpath, fname), root, found, excluded, result)
        return
    if path.name not in IGNORED_NAMES:
        _add_file(path, root, found, excluded, result)


def _add_file(path: Path, root: Path, found: list, excluded: list[Path], result: Discovery) -> None:
    problem = not_regular(path)
    if problem is not None:
        result.errors.append((as_text(str(path)), problem))
        result.unreadable.append((as_text(_relative(path, root)), as_text(str(path)), "failed", problem))
    elif not _is_excluded(path, excluded):
        found.append((as_text(_relative(path, root)), path, as_text(str(path))))


def _is_excluded(path: Path, excluded: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == ex or ex in resolved.parents for ex in excluded)


def _relative(path: Path, root: Path) -> str:
    """The path relative to the root, as written (links are not resolved: a linked file keeps its place)."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        rel = Path(path.name)
    return rel.as_posix() if rel.parts and rel != Path(".") else path.name


def _zip_members(archive: Path, name: str, given: str, scratch: Path, limits: Limits, result: Discovery) -> list:
    """Copy the members of a zip archive out to ``scratch``, within the size limits."""
    members: list[InputFile] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            total = 0
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                member = PurePosixPath(info.filename)
                if info.is_dir() or member.name in IGNORED_NAMES or IGNORED_DIRS & set(member.parts):
                    continue
                label = f"{given}/{info.filename}"
                if info.file_size > limits.max_bytes:
                    message = f"member is {info.file_size:,} bytes, over the limit (raise --max-bytes to read it)"
                    result.errors.append((label, message))
                    result.unreadable.append((f"{name}/{info.filename}", label, "skipped", message))
                    continue
                total += info.file_size
                if total > limits.max_decompressed_bytes:
                    result.errors.append(
                        (
                            given,
                            "archive unpacks to more than the limit of "
                            f"{limits.max_decompressed_bytes:,} bytes; remaining members skipped "
                            "(raise --max-decompressed-bytes to read them)",
                        )
                    )
                    break
                members.append(_copy_member(zf, info, f"{name}/{info.filename}", label, scratch, limits))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError, zlib.error) as exc:
        # ValueError covers member names flagged UTF-8 that are not; NotImplementedError an unknown
        # compression method or "version needed"; RuntimeError an encrypted member.
        message = f"cannot read the zip archive ({type(exc).__name__}: {exc}); check that it is complete"
        result.errors.append((given, message))
        result.unreadable.append((name, given, "failed", message))
    return [m for m in members if m is not None]


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, label: str, scratch: Path, limits: Limits):
    scratch.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    tmp = scratch / f".member-{os.getpid()}.part"
    written = 0
    with zf.open(info) as src, open(tmp, "wb") as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            written += len(chunk)
            if written > limits.max_bytes:  # the header understated the size
                break
            h.update(chunk)
            dst.write(chunk)
    if written > limits.max_bytes:
        tmp.unlink(missing_ok=True)
        return None
    digest = h.hexdigest()
    suffix = "".join(PurePosixPath(info.filename).suffixes[-1:]).lower()
    target = scratch / f"{digest}{suffix}"
    os.replace(tmp, target)
    return InputFile(name, target, digest, label)
