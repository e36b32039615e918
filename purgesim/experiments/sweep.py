"""Sweeps: many runs over points of levers and uncertainties, resumable, local or on Dask.

A sweep is a base scenario, a list of points (parameter values) and a list of seeds. Its id is a
hash of all three, so running the same sweep again finds what is already stored and runs only
the rest. Each finished run is written to the results store in its own transaction by the
process that runs the sweep (workers only compute), so killing the sweep at any moment (kill -9
included) loses no finished run and leaves no partial one; two copies of one sweep running at
once store each run once.

Execution is pluggable: local processes by default, or a Dask distributed cluster (an existing
scheduler's address, or a local cluster) running the very same job function.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from purgesim.experiments.backend import Backend
from purgesim.model.engine import Simulation
from purgesim.model.params import REGISTRY
from purgesim.scenarios.scenario import Scenario, ScenarioError, validate_scenario
from purgesim.storage.store import ResultsStore


@dataclass(frozen=True)
class SweepSpec:
    """What a sweep runs: a scenario, parameter points and seeds."""

    scenario: dict            # the scenario as JSON data
    points: list[dict]        # parameter overrides, one dict per point
    seeds: list[int]

    @property
    def sweep_id(self) -> str:
        """A stable id: the same spec always maps to the same stored sweep."""
        blob = json.dumps({"scenario": self.scenario, "points": self.points,
                           "seeds": self.seeds}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def jobs(self) -> list[tuple[int, int]]:
        """(point, seed) pairs in a fixed order."""
        return [(i, s) for i in range(len(self.points)) for s in self.seeds]


def grid(levels: dict[str, list[float]]) -> list[dict]:
    """Every combination of the given parameter levels."""
    names = list(levels)
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(levels[n] for n in names))]


def latin_hypercube(ranges: dict[str, tuple[float, float]], n: int,
                    seed: int = 0) -> list[dict[str, float]]:
    """`n` points spread over the given ranges: a Latin hypercube sample (scipy.stats.qmc),
    reproducible from `seed`."""
    from scipy.stats import qmc

    names = list(ranges)
    if not names:
        return [{} for _ in range(n)]
    unit = qmc.LatinHypercube(d=len(names), seed=seed).random(n)
    lo = np.array([ranges[k][0] for k in names])
    hi = np.array([ranges[k][1] for k in names])
    points = qmc.scale(unit, lo, hi)
    return [{k: float(v) for k, v in zip(names, row, strict=True)} for row in points]


def check_points(scenario: dict, points: list[dict]) -> None:
    """Validate the scenario at every point before anything runs or is registered, so a bad
    value is one error up front, not a failure in a worker after the sweep was stored."""
    base = validate_scenario(scenario, "sweep")
    for i, p in enumerate(points):
        unknown = [name for name in p if name not in REGISTRY]
        if unknown:
            raise ScenarioError(f"sweep: {', '.join(unknown)}: not a parameter in the registry "
                                "(see `purgesim params`)")
        try:
            base.with_overrides(params=p)
        except ScenarioError as err:
            shown = ", ".join(f"{k}={v:g}" for k, v in p.items())
            raise ScenarioError(f"sweep point {i} ({shown}): {err}") from None


def run_job(scenario: dict, params: dict, seed: int) -> tuple[dict, float]:
    """One sweep run (in a worker process): the outcomes and the wall time."""
    start = time.perf_counter()
    sc: Scenario = validate_scenario(scenario, "sweep").with_overrides(params=params)
    result = Simulation(sc.to_config(seed), seed).run()
    return result.summary(), time.perf_counter() - start


def run_sweep(spec: SweepSpec, store: ResultsStore, backend: Backend | None = None,
              progress: Callable[[int, int, int], None] | None = None) -> list[dict]:
    """Run what is missing of a sweep on `backend` (default: local processes); returns every
    stored run of it. `progress(done_now, skipped, total)` is called after each stored run.
    """
    check_points(spec.scenario, spec.points)
    sweep_id = spec.sweep_id
    store.register_sweep(sweep_id, {"scenario": spec.scenario.get("name"),
                                    "points": spec.points, "seeds": spec.seeds})
    done = store.sweep_done(sweep_id)
    todo = {key: (spec.scenario, spec.points[key[0]], key[1])
            for key in spec.jobs() if key not in done}
    total = len(spec.jobs())
    if progress:
        progress(0, len(done), total)
    with backend or Backend(min(max(1, len(todo)), Backend().workers)) as run:
        for n, ((point, seed), (outs, wall)) in enumerate(run.map(run_job, todo), start=1):
            store.save_sweep_run(sweep_id, point, seed, spec.points[point], outs, wall)
            if progress:
                progress(n, len(done), total)
    return store.sweep_results(sweep_id)
