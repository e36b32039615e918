import numpy as np

from purgesim.model.engine import Simulation, spawn_streams
from tests.conftest import historical_config


def test_same_scenario_and_seed_give_identical_outputs():
    cfg = historical_config(scale=10_000)
    a = Simulation(cfg, 42).run()
    b = Simulation(cfg, 42).run()
    np.testing.assert_array_equal(a.counts, b.counts)
    np.testing.assert_array_equal(a.levels, b.levels)
    np.testing.assert_array_equal(a.status_counts, b.status_counts)


def test_different_seeds_differ():
    cfg = historical_config(scale=10_000)
    assert not np.array_equal(Simulation(cfg, 1).run().counts, Simulation(cfg, 2).run().counts)


def test_each_mechanism_has_its_own_stream():
    streams = spawn_streams(7)
    draws = {name: g.random() for name, g in streams.items()}
    assert len(set(draws.values())) == len(draws)
    again = {name: g.random() for name, g in spawn_streams(7).items()}
    assert draws == again
