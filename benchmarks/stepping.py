"""Step a registry run of the historical baseline week by week, for the benchmarks that look
inside the state between weeks (evidence_stock.py, pooled_regions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from purgesim.model.calendar import date_of, week_of
from purgesim.model.engine import Simulation
from purgesim.model.state import State
from purgesim.scenarios.scenario import load_scenario


def weeks_until(scale: int, seed: int, end: dt.date) -> Iterator[tuple[State, dt.date]]:
    """The historical baseline on the registry's values at `scale` and `seed`: after each week
    up to `end`, the state and the week's date."""
    sc = load_scenario("historical").with_overrides(scale=scale, params_from="registry")
    sim = Simulation(sc.to_config(seed), seed)
    while sim.state.week < week_of(end):
        sim.step()
        yield sim.state, date_of(sim.state.week)
