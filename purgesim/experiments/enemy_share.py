"""What the model can and cannot say: the innocent share as a curve over the enemy share.

Who is innocent is the model's latent truth, and how many of the repressed were innocent is
set, above all, by the assumed share of real enemies (`enemy_share`), a quantity no archive
records. So the model reports the innocent share of the sentenced and of the shot as a curve
over that assumption, across its registry prior, with a seed band at each point, never as one
number (`purgesim run --enemy-share-curve`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from purgesim.experiments.backend import Backend
from purgesim.model.params import REGISTRY
from purgesim.model.results import RANGE, RunResult
from purgesim.scenarios.scenario import Scenario

PARAM = "enemy_share"
COLUMNS = ("enemy_share", "seeds", "innocent_sentenced_median", "innocent_sentenced_5",
           "innocent_sentenced_95", "innocent_shot_median", "innocent_shot_5",
           "innocent_shot_95")


@dataclass(frozen=True)
class CurvePoint:
    """The innocent shares at one assumed enemy share: (5%, median, 95%) over seeds."""

    enemy_share: float
    seeds: int
    sentenced: tuple[float, float, float]
    shot: tuple[float, float, float]

    def row(self) -> list[float]:
        """The point as a CSV row (in COLUMNS order)."""
        lo, med, hi = self.sentenced
        slo, smed, shi = self.shot
        return [self.enemy_share, self.seeds, med, lo, hi, smed, slo, shi]


def grid(points: int) -> list[float]:
    """`points` values of the enemy share across its registry prior, evenly on a log scale
    (the prior spans a factor of sixty)."""
    prior = REGISTRY[PARAM].prior
    assert prior is not None
    return [float(v) for v in np.geomspace(prior.low, prior.high, points)]


def innocent_shares(result: RunResult) -> tuple[float, float]:
    """The innocent share of those sentenced and of those shot (0 where nobody was)."""
    t = result.summary()
    shot = t["shot"]
    return t["innocent_share_sentenced"], (t["shot_innocent"] / shot if shot else 0.0)


def _point_run(data: dict, seed: int) -> tuple[float, float]:
    """One seed at one grid point (in a worker process): only the two shares come back."""
    from purgesim.experiments.runs import run_scenario
    from purgesim.scenarios.scenario import validate_scenario

    sc = validate_scenario(data, "enemy-share curve").with_overrides(seed=seed)
    return innocent_shares(run_scenario(sc).result)


def _band(values: list[float]) -> tuple[float, float, float]:
    lo, med, hi = np.quantile(values, RANGE)
    return float(lo), float(med), float(hi)


def enemy_share_curve(scenario: Scenario, values: list[float], seeds: list[int],
                      backend: Backend, progress=None) -> list[CurvePoint]:
    """Run `scenario` at each enemy share of `values` on each of `seeds` (common seeds across
    the points) and return the curve. `progress(done, total)` is called as runs finish."""
    jobs = {(i, s): (scenario.with_overrides(params={PARAM: v}).model_dump(mode="json"), s)
            for i, v in enumerate(values) for s in seeds}
    got: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(values))}
    with backend as run:
        for done, ((i, _), shares) in enumerate(run.map(_point_run, jobs), start=1):
            got[i].append(shares)
            if progress is not None:
                progress(done, len(jobs))
    return [CurvePoint(v, len(seeds), _band([a for a, _ in got[i]]), _band([b for _, b in got[i]]))
            for i, v in enumerate(values)]


def write_csv(points: list[CurvePoint], path: Path) -> Path:
    """The curve as CSV (one row per grid point)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(p.row() for p in points)
    return path
