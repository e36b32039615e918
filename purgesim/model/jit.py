"""Numba compilation with an on-disk cache where one can be written.

Numba's `cache=True` stores compiled kernels beside the source (or in NUMBA_CACHE_DIR, or the
user's cache folder) and raises at import time when none of these is writable: on read-only
installs and where HOME is not writable. Then the kernels are compiled in memory each process
instead (a few seconds once), rather than failing every command, `--help` included.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from numba import njit


def compiled(fn: Callable[..., Any], nogil: bool = False) -> Callable[..., Any]:
    """`numba.njit(cache=True)`, or plain `njit` where no cache location is writable. With
    `nogil`, the kernel releases the GIL, so two threads can run it at once (`halves`)."""
    try:
        return njit(cache=True, nogil=nogil)(fn)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return njit(nogil=nogil)(fn)


def gil_free(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`compiled`, releasing the GIL while it runs."""
    return compiled(fn, nogil=True)


HALVES_FROM = 1 << 18
"""Inputs at least this long are split between two threads (`halves`): a quarter of a
million entries, some milliseconds of work, where handing half to a thread (tens of
microseconds) pays; smaller inputs run on one thread. Only runs at 1:50 or finer reach it."""

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def halves(kernel: Callable[..., Any], n: int, *args: Any) -> list[Any]:
    """Run `kernel(lo, hi, *args)` over [0, n) in two halves, one on a second thread, and
    return both results in order ([0, n/2) first); one call over [0, n) below
    `HALVES_FROM`. The kernel must be `gil_free` and must not write what the other half
    reads, so the result is the same however the threads interleave."""
    if n < HALVES_FROM:
        return [kernel(0, n, *args)]
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="purgesim-half")
    mid = n // 2
    second = _pool.submit(kernel, mid, n, *args)
    first = kernel(0, mid, *args)
    return [first, second.result()]
