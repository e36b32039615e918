"""The shipped posterior: draws of the fitted parameters, and how each run picks one.

`posterior.parquet` holds a few thousand draws (one column per fitted parameter, in the units
of the registry); `posterior.json` beside it records how they were made (the bank, the fit,
library versions, the validation) and the Parquet file's SHA-256. Both are written by
`purgesim posterior` (`experiments/npe.write`, in the `calibrate` extra); reading them needs
only the core install.

A run in `posterior` mode takes the draw picked by its seed, so a band over seeds carries
parameter and seed uncertainty together; `posterior-median` takes the median of every fitted
parameter; `registry` the registry defaults. A parameter a scenario or a user sets overrides the
posterior for that parameter only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from purgesim.errors import InputError
from purgesim.model.params import REGISTRY

ParamsMode = Literal["posterior", "posterior-median", "registry"]
PARAMS_MODES: tuple[str, ...] = ("posterior", "posterior-median", "registry")

MODE_NOTE = {"posterior": "a draw of the shipped posterior per seed, so a band holds parameter "
             "and seed uncertainty together",
             "posterior-median": "the posterior median, so a band holds seed noise only",
             "registry": "the registry's prior defaults, so a band holds seed noise only"}
"""How each mode's bands read (printed and written beside results)."""

FOLDER = Path(__file__).parent
SAMPLES = "posterior.parquet"
SIDECAR = "posterior.json"
WAR_SAMPLES = "war_posterior.parquet"
WAR_SIDECAR = "war_posterior.json"
WAR_GROUP = "war"
"""The registry group of the war module's parameters."""
_WAR_DRAW_STREAM = 0x3A7
"""Extra seed word for a run's pick of a war-posterior draw."""

_DRAW_STREAM = 0x9E5
"""Extra seed word for a run's pick of a posterior draw (its own stream)."""


@dataclass(frozen=True)
class Posterior:
    """Posterior draws of the fitted parameters, with their provenance."""

    names: tuple[str, ...]
    samples: np.ndarray
    """[draws, parameters], in the registry's units."""
    meta: dict

    @property
    def digest(self) -> str:
        """The samples file's SHA-256 (first 16 hex digits): what a run's manifest records."""
        return short_digest(self.meta)

    def draw(self, seed: int) -> dict[str, float]:
        """The draw a run with this seed uses (the same seed always picks the same draw)."""
        rng = np.random.default_rng([seed, _DRAW_STREAM])
        return self._as_params(self.samples[int(rng.integers(len(self.samples)))])

    def median(self) -> dict[str, float]:
        """Each fitted parameter's posterior median."""
        return dict(self._median)

    @cached_property
    def _median(self) -> dict[str, float]:
        # computed once: every posterior-median run and every web meta request reads it
        return self._as_params(np.median(self.samples, axis=0))

    def _as_params(self, row: np.ndarray) -> dict[str, float]:
        return as_params(self.names, row)


def as_params(names: tuple[str, ...], row: np.ndarray) -> dict[str, float]:
    """One row of draws as parameter values by name, each put where its parameter can sit."""
    return {name: float(REGISTRY[name].snap(value))
            for name, value in zip(names, row.tolist(), strict=True)}


def short_digest(meta: dict) -> str:
    """A draws file's SHA-256 from its sidecar (first 16 hex digits)."""
    return str(meta.get("sha256", ""))[:16]


def war_names() -> tuple[str, ...]:
    """The war module's uncertain parameters (group 'war', with a prior), in registry order."""
    return tuple(n for n, p in REGISTRY.items() if p.group == WAR_GROUP and p.prior is not None)


@dataclass(frozen=True)
class WarPosterior:
    """Joint draws for runs through the war: each row names a row of the shipped posterior
    (the pre-war parameters) and holds war parameters, kept because the historical run with
    them won the war (experiments/war_posterior.py)."""

    rows: np.ndarray
    """[draws] rows of the shipped posterior."""
    names: tuple[str, ...]
    samples: np.ndarray
    """[draws, war parameters], in the registry's units."""
    meta: dict

    @property
    def digest(self) -> str:
        """The draws file's SHA-256 (first 16 hex digits)."""
        return short_digest(self.meta)

    def draw(self, seed: int) -> dict[str, float]:
        """A run's pre-war and war parameters: the joint draw its seed picks."""
        rng = np.random.default_rng([seed, _WAR_DRAW_STREAM])
        k = int(rng.integers(len(self.rows)))
        post = shipped()
        return {**as_params(post.names, post.samples[int(self.rows[k])]), **self._as_params(k)}

    def median(self) -> dict[str, float]:
        """Each war parameter's median over the kept draws."""
        return as_params(self.names, np.median(self.samples, axis=0))

    def _as_params(self, k: int) -> dict[str, float]:
        return as_params(self.names, self.samples[k])


@lru_cache(maxsize=4)
def load_war(folder: Path) -> WarPosterior:
    """The war posterior in `folder`, checked against the posterior it was built on."""
    path = folder / WAR_SAMPLES
    meta, table = _read_draws(path, folder / WAR_SIDECAR, "war posterior", "war-posterior")
    if meta.get("posterior_sha256") != load(folder).meta.get("sha256"):
        raise InputError(f"war posterior: {path} was built on another posterior; rebuild it "
                         "with `purgesim war-posterior`, or run with --params registry")
    names = tuple(n for n in table.column_names if n in REGISTRY)
    missing = [n for n in war_names() if n not in names]
    if missing:
        raise InputError(f"war posterior: {', '.join(missing)}: not in {path} (built by "
                         "another version?); rebuild it with `purgesim war-posterior`")
    samples = np.column_stack([table.column(n).to_numpy() for n in names])
    return WarPosterior(table.column("posterior_row").to_numpy(), names, samples, meta)


def war_shipped() -> WarPosterior:
    """The war posterior shipped with the package (read once)."""
    return load_war(FOLDER)


def shipped() -> Posterior:
    """The posterior shipped with the package (read once)."""
    return load(FOLDER)


def _read_draws(path: Path, sidecar: Path, what: str, command: str):
    """A draws file and its sidecar, or one clear error saying how to do without them."""
    import pyarrow.parquet as pq

    try:
        return json.loads(sidecar.read_text()), pq.read_table(path)
    except (OSError, ValueError) as err:
        raise InputError(f"{what}: {path}: cannot be read ({err}); run with --params "
                         f"registry, or rebuild it with `purgesim {command}`") from err


@lru_cache(maxsize=4)
def load(folder: Path) -> Posterior:
    """The posterior in `folder`."""
    meta, table = _read_draws(folder / SAMPLES, folder / SIDECAR, "posterior", "posterior")
    names = tuple(table.column_names)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise InputError(f"posterior: {', '.join(unknown)}: not in the registry (a posterior "
                         "from another version?); run with --params registry")
    samples = np.column_stack([table.column(n).to_numpy() for n in names])
    return Posterior(names, samples, meta)


def resolve(mode: str, seed: int | None, through_war: bool = False) -> dict[str, float]:
    """The fitted parameters' values a run in `mode` starts from (before a scenario's own):
    a seed's draw, the median, or nothing (the registry's defaults). A run that goes on
    through the war takes a joint draw of the war posterior instead (pre-war and war
    parameters together), or adds the war parameters' medians to the posterior's."""
    if mode == "registry":
        return {}
    post = shipped()
    if mode == "posterior-median" or seed is None:
        return {**post.median(), **(war_shipped().median() if through_war else {})}
    return war_shipped().draw(seed) if through_war else post.draw(seed)
