"""Fixed pseudo-random attributes of agents from their index: nothing stored, no random
stream consumed (so adding such an attribute changes no draw of the model)."""

from __future__ import annotations

import numpy as np

SPLITMIX_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
SPLITMIX_M1 = np.uint64(0xBF58476D1CE4E5B9)
SPLITMIX_M2 = np.uint64(0x94D049BB133111EB)
"""SplitMix64's increment and multipliers (kernels._splitmix64 uses them too)."""
MANTISSA_BITS = 53
"""Bits of a float64's significand: a uniform in [0, 1) takes the hash's top 53 bits."""
UNIT = 2.0**MANTISSA_BITS
"""Divides the top 53 bits into [0, 1)."""


def splitmix64(x: np.ndarray) -> np.ndarray:
    """A fast, well-mixed 64-bit hash (SplitMix64 finaliser), vectorised."""
    z = x.astype(np.uint64) + SPLITMIX_GOLDEN
    z = (z ^ (z >> np.uint64(30))) * SPLITMIX_M1
    z = (z ^ (z >> np.uint64(27))) * SPLITMIX_M2
    return z ^ (z >> np.uint64(31))


def hashed_uniform(idx: np.ndarray, salt: int) -> np.ndarray:
    """A fixed uniform [0, 1) value per agent index, different for each `salt`."""
    h = splitmix64(np.asarray(idx).astype(np.uint64) ^ np.uint64(salt))
    return (h >> np.uint64(64 - MANTISSA_BITS)).astype(np.float64) / UNIT
