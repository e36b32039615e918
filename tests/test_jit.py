"""Compiled kernels fall back to in-memory compilation where Numba cannot cache."""

import pytest
from numba import njit

from purgesim.model.jit import compiled

SOURCE = "def twice(x):\n    return 2 * x\n"


def _uncacheable():
    """A function with no source file: no Numba cache locator can place it, just as none can
    when the package folder is read-only and HOME is not writable."""
    scope: dict = {}
    exec(compile(SOURCE, "<no file>", "exec"), scope)
    return scope["twice"]


def test_plain_numba_caching_fails_without_a_cache_location():
    with pytest.raises(RuntimeError, match="cannot cache"):
        njit(cache=True)(_uncacheable())


def test_compiled_still_compiles_without_a_cache_location():
    assert compiled(_uncacheable())(21) == 42
