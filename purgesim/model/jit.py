"""Numba compilation with an on-disk cache where one can be written.

Numba's `cache=True` stores compiled kernels beside the source (or in NUMBA_CACHE_DIR, or the
user's cache folder) and raises at import time when none of these is writable: on read-only
installs and where HOME is not writable. Then the kernels are compiled in memory each process
instead (a few seconds once), rather than failing every command, `--help` included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numba import njit


def compiled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`numba.njit(cache=True)`, or plain `njit` where no cache location is writable."""
    try:
        return njit(cache=True)(fn)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return njit(fn)
