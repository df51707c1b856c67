"""Initialisms a document defines for itself: 'Safer York Partnership (SYP)', 'Stoke-on-Trent City Council (SOTCC)'.

A plan that writes a body's name and then its initials in brackets means those
initials from then on, whatever else they stand for elsewhere: in a York plan
'SYP' is the Safer York Partnership, not South Yorkshire Police. The
definitions of the document being read are set for the length of its analysis
(:func:`defined`), and :func:`plansift.normalise.organisations.match_organisation`
reads a defined initialism as its full name.

>>> find_definitions("Delivery partnership: Safer York Partnership (SYP). Owner: North Yorkshire Police (NYP)")
{'SYP': 'Safer York Partnership', 'NYP': 'North Yorkshire Police'}
>>> find_definitions("Stoke-on-Trent City Council (SOTCC) and Cornwall Fire and Rescue Service (CFRS)")
{'SOTCC': 'Stoke-on-Trent City Council', 'CFRS': 'Cornwall Fire and Rescue Service'}
>>> find_definitions("Place Survey 2008 (PS) and the Police (Reform) Act")
{}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_DEFINITION = re.compile(r"\(\s*(?P<short>[A-Z][A-Za-z&]{1,9})\s*\)")
"""Initials in brackets: two to ten letters, led by a capital, at most a small letter or two ('TPCT', 'DoH')."""
_WORD = re.compile(r"[A-Za-z][\w’'&]*(?:-[A-Za-z][\w’']*)*")
_SMALL = frozenset(["and", "of", "for", "the", "on", "in", "upon", "&", "with", "to", "at"])
MAX_NAME_WORDS = 10

_DOCUMENT: ContextVar[dict[str, str]] = ContextVar("plansift_document_acronyms", default={})  # noqa: B039 - read-only
_KEY: ContextVar[tuple] = ContextVar("plansift_document_acronyms_key", default=())


def _initials(words: list[str], keep_small: bool) -> str:
    out = []
    for word in words:
        parts = word.split("-")
        for part in parts:
            if part.lower() in _SMALL and not (keep_small or len(parts) > 1):
                continue
            out.append(part[0])
    return "".join(out).upper()


def find_definitions(text: str) -> dict[str, str]:
    """Initialism -> the name written just before it, where the name's capitalised words (and, for names like
    'Stoke-on-Trent', the small words inside a hyphenated one) give those initials."""
    out: dict[str, str] = {}
    if not isinstance(text, str) or "(" not in text:
        return out
    for m in _DEFINITION.finditer(text):
        short = m.group("short")
        letters = re.sub(r"[^A-Za-z]", "", short)
        wanted = letters.rstrip("s").upper() if letters.endswith("s") and letters[:-1].isupper() else letters.upper()
        if sum(c.isupper() for c in short) < 2 or short in out:
            continue
        before = text[max(0, m.start() - 160) : m.start()]
        found = list(_WORD.finditer(before))
        if not found or before[found[-1].end() :].strip():
            continue  # the name must stand right before its initials: 'Place Survey 2008 (PS)' defines nothing
        words = [w.group(0) for w in found][-MAX_NAME_WORDS:]
        name = _name_for(words, wanted)
        if name:
            out[short] = name
    return out


def _name_for(words: list[str], wanted: str) -> str | None:
    """The shortest run of the last ``words`` whose initials are ``wanted`` and that opens with a capital."""
    for n in range(1, len(words) + 1):
        run = words[-n:]
        if not run[0][:1].isupper():
            continue
        if wanted in (_initials(run, keep_small=False), _initials(run, keep_small=True)):
            return " ".join(run)
    return None


@contextmanager
def defined(definitions: dict[str, str]) -> Iterator[None]:
    """Within the block, the initialisms ``definitions`` holds mean their full names."""
    token, key = _DOCUMENT.set(definitions), _KEY.set(tuple(sorted(definitions.items())))
    try:
        yield
    finally:
        _DOCUMENT.reset(token)
        _KEY.reset(key)


def definitions_key() -> tuple:
    """The definitions in force, hashable: part of the key of any cache of what a mention means."""
    return _KEY.get()


def expansion(raw: str) -> str | None:
    """The full name the document being read gave ``raw`` (an initialism it defined), else None."""
    definitions = _DOCUMENT.get()
    if not definitions:
        return None
    return definitions.get(raw.strip(" .,;:()[]"))
