"""A registry run of the historical baseline, stepped to a date, for the benchmarks that look
inside the state or the breakdowns (evidence_stock.py, pooled_regions.py, queue_by_region.py,
scale_by_operation.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from purgesim.model.calendar import date_of, week_of
from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario


def registry_run(scale: int, seed: int, params: dict[str, float] | None = None) -> Simulation:
    """The historical baseline on the registry's values (and `params` over them) at `scale` and
    `seed`, not yet stepped."""
    sc = load_scenario("historical").with_overrides(scale=scale, params_from="registry",
                                                    params=params)
    return Simulation(sc.to_config(seed), seed)


def weeks_until(sim: Simulation, end: dt.date) -> Iterator[dt.date]:
    """Step `sim` week by week up to `end`, yielding each week's date after its step."""
    while sim.state.week < week_of(end):
        sim.step()
        yield date_of(sim.state.week)


def run_until(sim: Simulation, end: dt.date) -> Simulation:
    """Step `sim` up to `end` and return it."""
    for _ in weeks_until(sim, end):
        pass
    return sim
