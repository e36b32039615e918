"""Camps and exile: terms, yearly mortality, releases.

Only inmates are touched each week (work proportional to the camp population, not the
country's). Deaths follow the registry's death rate per year, a rate like every other 'per
year' in the model (deaths per person-year, converted by `calendar.per_week`); releases come at
term end.
"""

from __future__ import annotations

import numpy as np

from purgesim.model.calendar import WEEKS_PER_YEAR, per_week
from purgesim.model.population import CAMP, DIED_IN_CAMP, ENEMY, EXILE, TAINT_MASK
from purgesim.model.state import State


def _release_week(state: State, size: int, years: float) -> np.ndarray:
    end = state.week + round(years * WEEKS_PER_YEAR)
    return np.full(size, min(end, np.iinfo(np.uint16).max), dtype=np.uint16)


def admit(state: State, idx: np.ndarray, years: float) -> None:
    """Send a cohort to camp for `years`."""
    if idx.size == 0:
        return
    state.pop.status[idx] = CAMP
    state.pop.release_week[idx] = _release_week(state, idx.size, years)
    state.camp.extend(idx)


def exile(state: State, idx: np.ndarray, years: float) -> None:
    """Send a cohort into exile for `years`."""
    if idx.size == 0:
        return
    state.pop.status[idx] = EXILE
    state.pop.release_week[idx] = _release_week(state, idx.size, years)
    state.exile.extend(idx)


def remove(state: State, idx: np.ndarray) -> None:
    """Take specific inmates off the camp list (e.g. re-sentenced to death)."""
    state.camp.keep(~np.isin(state.camp.view, idx))


def step(state: State, rng: np.random.Generator) -> None:
    """Deaths and releases in camp; returns from exile; record the camp stock."""
    pop = state.pop
    inmates = state.camp.view
    dies = rng.random(inmates.size) < per_week(state.p.camp_mortality_annual)
    done = (~dies) & (pop.release_week[inmates] <= state.week)
    dead, freed = inmates[dies], inmates[done]
    pop.status[dead] = DIED_IN_CAMP
    state.set_free(freed)
    state.rec.add_guilt("camp_deaths", pop.disposition[dead] == ENEMY)
    state.rec.add("camp_releases", freed.size)
    state.camp.keep(~(dies | done))

    exiles = state.exile.view
    back = pop.release_week[exiles] <= state.week
    returning = exiles[back]
    state.exile.keep(~back)
    state.set_free(returning)

    stock = pop.disposition[state.camp.view] == ENEMY
    state.rec.set("camp_population", stock.size)
    state.rec.set("camp_population_guilty", int(stock.sum()))


def seed_prisoners(state: State, k: int, rng: np.random.Generator) -> None:
    """Place `k` tainted agents in camp at the start, with terms already partly served."""
    files = np.flatnonzero(state.pop.flags & TAINT_MASK)
    if k <= 0 or files.size == 0:
        return
    chosen = rng.choice(files, size=min(k, files.size), replace=False)
    state.pop.status[chosen] = CAMP
    left = rng.integers(1, round(state.p.camp_term_years_ordinary * WEEKS_PER_YEAR) + 1,
                        size=chosen.size)
    state.pop.release_week[chosen] = left.astype(np.uint16)
    state.camp.extend(np.sort(chosen))
