"""A CI-sized smoke test of the scaling path (nothing is timed here; see docs/benchmarks.md)."""

from __future__ import annotations

import numpy as np

from benchmarks.bench_scaling import worker
from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario


def test_fixed_event_benchmark_holds_events_fixed_across_populations():
    small = worker(scale=2_000, weeks=80, per_week=60.0, seed=1)
    large = worker(scale=400, weeks=80, per_week=60.0, seed=1)
    assert large["agents"] > 4 * small["agents"]
    for row in (small, large):
        assert abs(row["denunciations_per_week"] - 60.0) < 6.0
    # the candidate pool (what each week's work is proportional to) follows the events, not
    # the population: five times the agents, about the same pool
    assert large["pool_at_end"] < 1.5 * small["pool_at_end"]


def test_a_large_population_runs_and_conserves_people():
    """The path the 1:1 run takes, at 1:200 (810,000 agents), a few years."""
    sc = load_scenario().with_overrides(scale=200, seed=3, params_from="registry")
    sim = Simulation(sc.to_config(), sc.seed)
    n = sim.state.pop.n
    for _ in range(520):  # to the end of 1937
        sim.step()
    tally = sim.state.pop.status_counts()
    assert tally.sum() == n
    assert sim.result().series("arrested").sum() > 0
    assert np.isfinite(sim.result().levels).all()


def test_means_agree_across_scales_within_seed_noise():
    """Scale-honest arithmetic: the same baseline at 1:20000 and 1:4000 gives the same mean
    totals (sentenced, shot, famine deaths) within seed noise (4 standard errors)."""
    def totals(scale: int) -> np.ndarray:
        out = []
        for seed in range(6):
            sc = load_scenario().with_overrides(scale=scale, seed=seed,
                                                params_from="registry")
            r = Simulation(sc.to_config(seed), seed).run()
            out.append([r.series(name).sum() for name in ("sentenced", "shot", "famine_deaths")])
        return np.array(out, dtype=float)

    coarse, fine = totals(20_000), totals(4_000)
    se = np.sqrt(coarse.var(axis=0, ddof=1) / len(coarse) + fine.var(axis=0, ddof=1) / len(fine))
    gap = np.abs(coarse.mean(axis=0) - fine.mean(axis=0))
    assert np.all(gap <= 4 * se + 0.02 * fine.mean(axis=0)), (gap, se)
