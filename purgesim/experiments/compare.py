"""Compare scenarios across many seeds: headline figures with medians and 90% intervals.

Every scenario runs on the same seeds (common random numbers), so the difference between two
scenarios is taken seed by seed before it is summarised: the interval of a difference is then
the spread of the effect, not of the noise common to both runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from purgesim.experiments.backend import Backend
from purgesim.model.engine import Simulation
from purgesim.model.results import RANGE
from purgesim.scenarios.scenario import Scenario, validate_scenario


@dataclass
class Comparison:
    """Per-run headline figures and annual series of several scenarios over the same seeds."""

    scenarios: list[Scenario]
    seeds: list[int]
    outcomes: dict[str, dict[str, np.ndarray]]          # scenario -> summary -> [seeds]
    annual: dict[str, dict[str, dict[int, np.ndarray]]]  # scenario -> outcome -> year -> [seeds]

    @property
    def names(self) -> list[str]:
        """Scenario names in the order given."""
        return [s.name for s in self.scenarios]

    def summary(self, name: str, outcome: str) -> tuple[float, float, float]:
        """(5%, median, 95%) of one figure of one scenario across seeds (seeds without the
        figure, e.g. the year a war ended where it went on, left out)."""
        return _spread(self.outcomes[name][outcome])

    def difference(self, name: str, outcome: str, reference: str) -> tuple[float, float, float]:
        """(5%, median, 95%) of the seed-by-seed difference from the reference scenario."""
        return _spread(self.outcomes[name][outcome] - self.outcomes[reference][outcome])

    @property
    def through_war(self) -> bool:
        """True when the scenarios' runs go on through the war (its outcome is simulated)."""
        return any(s.through_war for s in self.scenarios)

    def war_outcome(self, name: str) -> WarOutcome:
        """How the war ended across one scenario's seeds."""
        return WarOutcome.of(self.outcomes[name])

    def collapse_switches(self, name: str, reference: str) -> tuple[int, int]:
        """Seeds on which `name` collapsed while the reference did not, and the reverse (the
        runs share their seeds, so these are paired)."""
        a = self.outcomes[name]["war_collapsed"] > 0
        b = self.outcomes[reference]["war_collapsed"] > 0
        return int((a & ~b).sum()), int((b & ~a).sum())


@dataclass(frozen=True)
class WarOutcome:
    """The war's end over a scenario's seeds: counts, and the chance of collapse with the
    interval the number of seeds allows."""

    seeds: int
    won: int
    collapsed: int
    end_years: np.ndarray

    @classmethod
    def of(cls, figures: dict[str, np.ndarray]) -> WarOutcome:
        """From the runs' headline figures (war_won, war_collapsed, war_end_year by seed)."""
        won, lost = figures["war_won"] > 0, figures["war_collapsed"] > 0
        return cls(seeds=int(won.size), won=int(won.sum()), collapsed=int(lost.sum()),
                   end_years=np.asarray(figures["war_end_year"]))

    @property
    def median_end(self) -> float:
        """The median year the war ended over the seeds where it did (NaN if none did)."""
        ended = self.end_years[~np.isnan(self.end_years)]
        return float(np.median(ended)) if ended.size else float("nan")

    @property
    def ongoing(self) -> int:
        """Seeds on which the war still went on at the run's end."""
        return self.seeds - self.won - self.collapsed

    def collapse_interval(self) -> tuple[float, float, float]:
        """(5%, estimate, 95%) of the chance of collapse: Jeffreys' interval for a binomial
        share (a Beta(k + 1/2, n - k + 1/2) posterior), so 0 of 20 is not read as 'never'."""
        from scipy.stats import beta

        k, n = self.collapsed, self.seeds
        lo, hi = beta.ppf([RANGE[0], RANGE[2]], k + JEFFREYS, n - k + JEFFREYS)
        return float(lo if k > 0 else 0.0), k / n, float(hi if k < n else 1.0)


JEFFREYS = 0.5
"""The Jeffreys prior's pseudo-count for a binomial share."""


def _spread(values: np.ndarray) -> tuple[float, float, float]:
    """(5%, median, 95%) over the values that are numbers; NaN when none is."""
    finite = values[~np.isnan(values)]
    if finite.size == 0:
        return (float("nan"),) * 3
    lo, med, hi = np.quantile(finite, RANGE)
    return float(lo), float(med), float(hi)


def run_one(data: dict, seed: int, series: tuple[str, ...]) -> tuple[dict, dict, str]:
    """One run (in a worker): its headline figures, the annual values of `series`, its end."""
    scenario = validate_scenario(data, "compare")
    result = Simulation(scenario.to_config(seed), seed).run()
    years = result.annual(series)
    return (result.summary(), {n: years[n].to_dict() for n in series},
            result.end.isoformat())


def compare(scenarios: list[Scenario], seeds: list[int], series: tuple[str, ...] = (),
            backend: Backend | None = None,
            progress: Callable[[int, int], None] | None = None) -> Comparison:
    """Run every scenario on every seed and collect headline figures and annual `series`."""
    if len({s.name for s in scenarios}) != len(scenarios):
        raise ValueError("scenario names must differ to be compared")
    jobs = {(s.name, seed): (s.model_dump(mode="json"), seed, series)
            for s in scenarios for seed in seeds}
    results: dict[tuple[str, int], tuple] = {}
    with backend or Backend(min(len(jobs), Backend().workers)) as run:
        for key, out in run.map(run_one, jobs):
            results[key] = out
            if progress:
                progress(len(results), len(jobs))
    return _collect(scenarios, seeds, results)


def _collect(scenarios, seeds, results) -> Comparison:
    outs, annual = {}, {}
    for s in scenarios:
        runs = [results[(s.name, seed)] for seed in seeds]
        outs[s.name] = {k: np.array([r[0][k] for r in runs]) for k in runs[0][0]}
        years = sorted({y for r in runs for values in r[1].values() for y in values})
        annual[s.name] = {
            name: {y: np.array([r[1][name].get(y, np.nan) for r in runs]) for y in years}
            for name in runs[0][1]}
    return Comparison(list(scenarios), list(seeds), outs, annual)
