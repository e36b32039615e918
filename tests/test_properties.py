"""Invariants of whole runs, checked with Hypothesis over seeds and parameters."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from purgesim.model.engine import Simulation
from purgesim.model.population import DEAD, STATUS_NAMES
from tests.conftest import historical_config

WEEKS = 530  # through the height of 1937 (week 500 is August 1937)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), enemy=st.floats(0.001, 0.02),
       rate=st.floats(0.001, 0.01))
def test_everyone_has_one_status_and_only_deaths_remove_people(seed, enemy, rate):
    cfg = historical_config(scale=40_000, weeks=WEEKS,
                            params={"enemy_share": enemy, "denunciation_rate": rate})
    sim = Simulation(cfg, seed)
    n = sim.state.pop.n
    dead_before = 0
    for _ in range(WEEKS):
        sim.step()
        tally = np.bincount(sim.state.pop.status, minlength=len(STATUS_NAMES))
        assert tally.sum() == n
        dead = tally[list(DEAD)].sum()
        assert dead >= dead_before
        dead_before = dead
    r = sim.result()
    recorded_deaths = (r.series("shot").sum() + r.series("camp_deaths").sum()
                       + r.series("famine_deaths").sum() + r.series("settlement_deaths").sum())
    assert recorded_deaths == dead_before * cfg.scale
    assert r.series("enemies_free")[-1] == cfg.scale * np.count_nonzero(
        (sim.state.pop.disposition == 2) & (sim.state.pop.status == 0))


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_torture_never_lowers_confessions_in_a_run(seed):
    """Same seed, torture sanctioned or not: confessions per arrest never fall with torture."""
    rates = []
    for torture in (0.05, 0.9):
        cfg = historical_config(scale=20_000, weeks=WEEKS,
                                params={"torture_confess_innocent": torture})
        r = Simulation(cfg, seed).run()
        rates.append(r.series("confessions").sum() / max(1, r.series("arrested").sum()))
    assert rates[1] >= rates[0]
