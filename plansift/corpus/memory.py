"""Keeping a long run's memory flat: hand freed heap pages back to the system."""

from __future__ import annotations

import os
from collections.abc import Callable


def heap_trimmer(slack: int = 16 << 20) -> Callable[[], None]:
    """A function that returns the C heap's free pages to the system (glibc, Linux), else does nothing.

    A long PDF leaves megabytes of freed buffers in a worker's heap, and a batch
    of output rows in the main process's; without this the process keeps them.
    Trimming walks the heap, so it runs only when the resident size has grown
    by ``slack`` since the last trim.
    """
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc's, through the process's own symbols
        statm = open("/proc/self/statm", "rb")  # noqa: SIM115 - read after each document for the process's life
    except (OSError, AttributeError):
        return lambda: None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    page = os.sysconf("SC_PAGE_SIZE")
    level = [0]

    def resident() -> int:
        statm.seek(0)
        return int(statm.read().split()[1]) * page

    def give_back() -> None:
        if resident() > level[0] + slack:
            trim(0)
            level[0] = resident()

    return give_back
