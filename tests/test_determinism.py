import numpy as np
import pytest

from purgesim.model import engine
from purgesim.model.engine import STEPS, Simulation, Step
from purgesim.model.streams import Streams, stream_tag
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


def test_each_step_has_its_own_stream_each_week():
    streams = Streams(7, n_weeks=3)
    draws = {(step.name, w): streams.at(step.name, w).random() for step in STEPS
             for w in range(3)}
    draws["population"] = streams.population().random()
    assert len(set(draws.values())) == len(draws)
    again = Streams(7, n_weeks=3)
    assert draws[("cases", 2)] == again.at("cases", 2).random()
    assert len({stream_tag(step.name) for step in STEPS}) == len(STEPS)


def test_extra_draws_in_one_week_leave_other_streams_and_later_weeks_unchanged():
    """Common random numbers: one step drawing more in week w changes neither another
    step's draws that week nor its own draws the next week."""
    plain, busy = Streams(11, n_weeks=5), Streams(11, n_weeks=5)
    week = 2
    busy.at("mass_operation", week).random(1_000)           # e.g. one extra arrest's draws
    assert plain.at("ordinary_arrests", week).random(50).tolist() == \
        busy.at("ordinary_arrests", week).random(50).tolist()
    assert plain.at("mass_operation", week + 1).random(50).tolist() == \
        busy.at("mass_operation", week + 1).random(50).tolist()


def test_the_engine_hands_every_step_the_same_generator_state_whatever_others_draw(monkeypatch):
    """Run the baseline twice, the second time with one step drawing 1,000 extra numbers in
    one week; every generator state handed to every step in every week is the same."""
    cfg = historical_config(scale=20_000)
    week_of_extra = 10

    def record(steps: tuple[Step, ...], extra: bool) -> list[tuple]:
        seen: list[tuple] = []

        def wrap(step: Step) -> Step:
            def run(s, rng, config):
                seen.append((s.week, step.name, str(rng.bit_generator.state)))
                if extra and step.name == "cases" and s.week == week_of_extra:
                    rng.random(1_000)
                step.run(s, rng, config)
            return Step(step.name, run)

        monkeypatch.setattr(engine, "STEPS", tuple(wrap(st) for st in steps))
        sim = Simulation(cfg, 3)
        for _ in range(week_of_extra + 3):
            sim.step()
        return seen

    assert record(STEPS, extra=False) == record(STEPS, extra=True)


def test_a_week_outside_the_run_is_refused():
    with pytest.raises(ValueError, match="outside"):
        Streams(1, n_weeks=4).at("cases", 4)
