"""Compare scenarios across many seeds: outcomes with medians and 90% intervals.

Every scenario runs on the same seeds (common random numbers), so the difference between two
scenarios is taken seed by seed before it is summarised: the interval of a difference is then
the spread of the effect, not of the noise common to both runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from purgesim.model.engine import Simulation
from purgesim.reports.analysis import annual_series, outcomes, war_date
from purgesim.scenarios.scenario import Scenario, validate_scenario

QUANTILES = (0.05, 0.5, 0.95)


@dataclass
class Comparison:
    """Per-run outcomes and annual series of several scenarios over the same seeds."""

    scenarios: list[Scenario]
    seeds: list[int]
    outcomes: dict[str, dict[str, np.ndarray]]          # scenario -> outcome -> [seeds]
    annual: dict[str, dict[str, dict[int, np.ndarray]]]  # scenario -> series -> year -> [seeds]

    @property
    def names(self) -> list[str]:
        """Scenario names in the order given."""
        return [s.name for s in self.scenarios]

    def summary(self, name: str, outcome: str) -> tuple[float, float, float]:
        """(5%, median, 95%) of one outcome of one scenario across seeds."""
        return tuple(np.quantile(self.outcomes[name][outcome], QUANTILES))

    def difference(self, name: str, outcome: str, reference: str) -> tuple[float, float, float]:
        """(5%, median, 95%) of the seed-by-seed difference from the reference scenario."""
        d = self.outcomes[name][outcome] - self.outcomes[reference][outcome]
        return tuple(np.quantile(d, QUANTILES))


def _run_one(data: dict, seed: int) -> tuple[dict, dict, str]:
    scenario = validate_scenario(data, "compare")
    result = Simulation(scenario.to_config(seed), seed).run()
    return outcomes(result), annual_series(result), war_date(result).isoformat()


def compare(scenarios: list[Scenario], seeds: list[int], workers: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> Comparison:
    """Run every scenario on every seed (in parallel processes) and collect the outcomes."""
    if len({s.name for s in scenarios}) != len(scenarios):
        raise ValueError("scenario names must differ to be compared")
    jobs = [(s, seed) for s in scenarios for seed in seeds]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    results: dict[tuple[str, int], tuple] = {}
    done = 0
    if workers == 1:
        for s, seed in jobs:
            results[(s.name, seed)] = _run_one(s.model_dump(mode="json"), seed)
            done += 1
            if progress:
                progress(done, len(jobs))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_run_one, s.model_dump(mode="json"), seed): (s.name, seed)
                       for s, seed in jobs}
            for fut in as_completed(futures):
                results[futures[fut]] = fut.result()
                done += 1
                if progress:
                    progress(done, len(jobs))
    return _collect(scenarios, seeds, results)


def _collect(scenarios, seeds, results) -> Comparison:
    outs, annual = {}, {}
    for s in scenarios:
        runs = [results[(s.name, seed)] for seed in seeds]
        outs[s.name] = {k: np.array([r[0][k] for r in runs]) for k in runs[0][0]}
        years = sorted({y for r in runs for series in r[1].values() for y in series})
        annual[s.name] = {
            name: {y: np.array([r[1][name].get(y, np.nan) for r in runs]) for y in years}
            for name in runs[0][1]}
    return Comparison(list(scenarios), list(seeds), outs, annual)


OUTCOME_LABELS = {
    "arrests": ("Arrested, 1928 to the war", "persons"),
    "sentenced": ("Sentenced", "persons"),
    "executed": ("Shot", "persons"),
    "innocent_share_sentenced": ("Innocent share of the sentenced", "share"),
    "camp_deaths": ("Died in camps", "persons"),
    "famine_deaths": ("Famine deaths", "persons"),
    "deported": ("Deported to special settlements", "persons"),
    "settlement_deaths": ("Died in special settlements", "persons"),
    "enemies_free_at_war": ("True enemies still free at the war date", "persons"),
    "enemies_caught_share": ("Share of true enemies caught", "share"),
    "cadres_arrested": ("Managers and engineers arrested", "persons"),
    "officers_purged": ("Officers arrested or discharged", "persons"),
    "officer_experience_years": ("Officers' mean experience at the war date", "years"),
    "steel_mt": ("Steel output at the war date", "Mt/yr"),
    "steel_vs_germany": ("Steel output against Germany's (COW)", "ratio"),
    "defence_output": ("Defence output at the war date (1928 = 1)", "index"),
    "party_members": ("Party members and candidates at the war date", "persons"),
}
"""Outcomes shown by `purgesim compare`, with plain labels and units."""


def fmt(value: float, unit: str) -> str:
    """A number for a table: shares as percentages, persons rounded to thousands."""
    if unit == "share":
        return f"{value:.1%}"
    if unit == "persons":
        return f"{value / 1000:,.0f}k" if abs(value) >= 1000 else f"{value:,.0f}"
    return f"{value:,.2f}"
