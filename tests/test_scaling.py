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
    sc = load_scenario().with_overrides(scale=200, seed=3)
    sim = Simulation(sc.to_config(), sc.seed)
    n = sim.state.pop.n
    for _ in range(520):  # to the end of 1937
        sim.step()
    tally = sim.state.pop.status_counts()
    assert tally.sum() == n
    assert sim.result().series("arrested").sum() > 0
    assert np.isfinite(sim.result().levels).all()
