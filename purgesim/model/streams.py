"""Common random numbers that survive a scenario change.

Each random decision of the model (each drawing step of the week, and the building of the
population) has its own stream, and each step's stream is realigned every week: the generator a
step receives in week `w` depends only on the run's seed, the step's name and `w`. So when two
scenarios make one step draw differently (one extra arrest in a week), no other step's draws
change, and that step's own draws from the next week on are the same again. This is what makes
`compare`'s paired differences differences of policy, not of luck.

The weekly states are derived with NumPy's `SeedSequence([seed, tag, step])`, expanded once per
run into four 64-bit words per week (a PCG64 state and increment); setting a generator's state
is cheap: realignment costs about 4 microseconds per step per week (some 40 ms of a
full run).
"""

from __future__ import annotations

import zlib
from typing import Any, cast

import numpy as np

POPULATION = "population"
"""The stream that builds the population and seeds the camps before the first week."""

_WEEKLY_TAG = 0x5EED_3EE7
"""Separates the weekly streams' seed sequences from the population's."""
_WORDS = 4
"""64-bit words per weekly state: PCG64's 128-bit state and 128-bit increment."""
_HALF = 64
"""Bits in one word: two words make one 128-bit PCG64 number."""


def stream_tag(name: str) -> int:
    """A stable number for a stream's name (CRC-32): the stream depends on its name, not on
    its position in any list, so adding or reordering steps changes no other stream."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """The random streams of one run (seed), handed out by name and week."""

    def __init__(self, seed: int, n_weeks: int):
        self.seed = int(seed)
        self.n_weeks = int(n_weeks)
        self._words: dict[str, list[int]] = {}
        self._generators: dict[str, np.random.Generator] = {}

    def population(self) -> np.random.Generator:
        """The generator that builds the population (drawn from once, before week 0)."""
        seq = np.random.SeedSequence([self.seed, stream_tag(POPULATION)])
        return np.random.Generator(np.random.PCG64(seq))

    def at(self, name: str, week: int) -> np.random.Generator:
        """Step `name`'s generator, positioned at the start of its stream for `week`.

        It is set to that position when the step first draws from it (about half the steps
        draw nothing in a given week, and realigning costs a few microseconds), and a step
        must not keep it past the week: the stream's generator object is reused."""
        if not 0 <= week < self.n_weeks:
            raise ValueError(f"week {week} is outside this run's 0..{self.n_weeks - 1}")
        return cast(np.random.Generator, _OnFirstDraw(self, name, week))

    def aligned(self, name: str, week: int) -> np.random.Generator:
        """Step `name`'s generator, set now to the start of its stream for `week`."""
        words = self._words.get(name)
        if words is None:
            seq = np.random.SeedSequence([self.seed, _WEEKLY_TAG, stream_tag(name)])
            words = seq.generate_state(_WORDS * self.n_weeks, np.uint64).tolist()
            self._words[name] = words
            self._generators[name] = np.random.Generator(np.random.PCG64())
        gen = self._generators[name]
        i = _WORDS * week
        gen.bit_generator.state = {
            "bit_generator": "PCG64",
            "state": {"state": (words[i] << _HALF) | words[i + 1],
                      "inc": (words[i + 2] << _HALF) | words[i + 3] | 1},  # odd, as PCG needs
            "has_uint32": 0, "uinteger": 0}
        return gen


class _OnFirstDraw:
    """Stands for a step's generator in one week and aligns it at the first use of any of its
    methods; each method, once looked up, is kept on this object, so later calls cost no
    more than calls on the generator itself."""

    def __init__(self, streams: Streams, name: str, week: int):
        self._streams, self._name, self._week = streams, name, week
        self._gen: np.random.Generator | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._gen is None:
            self._gen = self._streams.aligned(self._name, self._week)
        value = getattr(self._gen, attr)
        self.__dict__[attr] = value
        return value
