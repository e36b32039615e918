"""Camps and exile: inflows, terms, mortality, releases.

Only inmates are touched each week (work proportional to the camp population, not the
country's). Beside the political sentences of the security model, non-political convicts arrive
from the ordinary courts and the militia in streams opened by dated events (`CampInflow`): they
are not NKVD cases and count apart (`sentenced_courts`). A convict's term is drawn when the camp
step first sees them, from a gamma distribution around the mean of their procedure
(`camp_term_cv`). Deaths follow a rate per person-year (converted by `calendar.per_week`) that
rises with overcrowding (inmates beyond the camps' growing capacity) and with the famine (the
country's rural hunger cuts the rations); releases come at term end.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from purgesim.model.calendar import WEEKS_PER_YEAR, per_week, week_of, years
from purgesim.model.kernels import camp_week, free_distinct
from purgesim.model.population import (
    CAMP,
    COURT_TERM,
    DIED_IN_CAMP,
    ENEMY,
    EXILE,
    FREE,
    TAINT_MASK,
)
from purgesim.model.state import State, paced_share, still_running

CAPACITY_FROM = dt.date(1930, 1, 1)
"""The date `camp_capacity_1930` refers to (capacity grows or shrinks exponentially from it)."""
RELEASE_MAX = int(np.iinfo(np.uint16).max)
"""The latest release week `release_week` can hold."""


def _release_week(state: State, size: int, years: float) -> np.ndarray:
    end = state.week + round(years * WEEKS_PER_YEAR)
    return np.full(size, min(end, RELEASE_MAX), dtype=np.uint16)


def admit(state: State, idx: np.ndarray, years: float, court: bool = False) -> None:
    """Send a cohort to camp for a term whose mean is `years` (drawn at the next camp step);
    `court`: sentenced by an ordinary court in a non-political case (`COURT_TERM`), which
    decides who a release by decree may reach."""
    if idx.size == 0:
        return
    if court:
        state.pop.history[idx] |= COURT_TERM
    else:
        state.pop.history[idx] &= ~np.uint8(COURT_TERM)
    state.pop.status[idx] = CAMP
    state.pop.release_week[idx] = _release_week(state, idx.size, years)
    state.camp.extend(idx)
    state.gulag.fresh.extend(idx)


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


def open_stream(state: State, end_week: int, annual: float, term_years: float) -> None:
    """Non-political convicts sent to camp at `annual` persons a year until `end_week`."""
    state.gulag.streams.append((end_week, annual, term_years))


def open_release(state: State, end_week: int, persons: float,
                 courts_only: bool = False) -> None:
    """An early release by decree: `persons` let out of the camps at random, evenly until
    `end_week` (e.g. to the army in 1941); `courts_only`: only convicts of the ordinary
    courts (`COURT_TERM`), as the 1941 decrees excluded counter-revolutionary crimes."""
    state.gulag.releases.append([end_week, persons / state.scale, courts_only])


def _early_releases(state: State, rng: np.random.Generator) -> None:
    """This week's share of each running release decree, drawn at random among the inmates
    the decree reaches (a decree reaching fewer than its total releases those it reaches)."""
    g = state.gulag
    for item in g.releases:
        end, left, courts_only = item
        inmates = state.camp.view
        reached = (np.flatnonzero(state.pop.history[inmates] & COURT_TERM) if courts_only
                   else np.arange(inmates.size))
        k = min(paced_share(left, end, state.week, rng), reached.size)
        item[1] = left - k
        if k <= 0:
            continue
        pick = reached[rng.choice(reached.size, size=k, replace=False)]
        freed = inmates[pick]
        keep = np.ones(inmates.size, dtype=bool)
        keep[pick] = False
        state.camp.keep(keep)
        state.set_free(freed)
        state.rec.add("camp_releases", freed.size)
    g.releases = still_running(g.releases, state.week)


def capacity(state: State) -> float:
    """Camp places (agents) this week."""
    p = state.p
    return p.camp_capacity_1930 / state.scale * np.exp(
        p.camp_capacity_growth_annual * years(state.week - week_of(CAPACITY_FROM)))


def mortality(state: State) -> float:
    """The camps' death rate per person-year this week: the base rate, raised by overcrowding,
    by the famine's hunger and, while the war goes on, by the food lost with the occupied land
    (the camps were last in the ration order: `camp_war_food_mortality` per unit of the share
    of the population behind the front)."""
    p = state.p
    crowding = max(0.0, state.camp.size / capacity(state) - 1.0)
    return min(1.0, p.camp_mortality_annual * (1.0 + p.camp_crowding_mortality * crowding)
               * (1.0 + p.famine_supply_mortality * state.countryside.national_hunger)
               * (1.0 + p.camp_war_food_mortality * war_food_loss(state)))


def war_food_loss(state: State) -> float:
    """The share of the country's farm population behind the front while the war goes on (0
    before it, after it, and in a run that ends at the war): the food the rear lost."""
    war = state.war
    if war is None or not war.ongoing:
        return 0.0
    return war.occupied_people


def _court_inflows(state: State, rng: np.random.Generator) -> None:
    """This week's non-political convicts of each open stream, drawn from the free population."""
    g = state.gulag
    g.streams = [s for s in g.streams if s[0] > state.week]
    pop = state.pop
    for _, annual, term in g.streams:
        k = rng.poisson(state.per_week(annual))
        if k == 0:
            continue
        who = free_distinct(rng.integers(0, pop.n, size=k), pop.status, FREE)
        state.enemies_free -= int(np.count_nonzero(pop.disposition[who] == ENEMY))
        state.rec.add("sentenced_courts", who.size)
        admit(state, who, term, court=True)


def _draw_terms(state: State, rng: np.random.Generator) -> None:
    """Draw the terms of the convicts admitted since the last step around their mean."""
    g = state.gulag
    fresh = g.fresh.view
    g.fresh.size = 0
    cv = state.p.camp_term_cv
    if fresh.size == 0 or cv <= 0:
        return
    pop = state.pop
    fresh = fresh[pop.status[fresh] == CAMP]
    mean = np.maximum(1, pop.release_week[fresh].astype(np.int64) - state.week)
    shape = 1.0 / cv ** 2
    term = np.rint(rng.gamma(shape, mean / shape)).astype(np.int64)
    pop.release_week[fresh] = np.minimum(state.week + np.maximum(1, term), RELEASE_MAX)


def step(state: State, rng: np.random.Generator) -> None:
    """Court inflows, terms, deaths and releases in camp; returns from exile; record the
    camp stock."""
    _court_inflows(state, rng)
    _draw_terms(state, rng)
    _early_releases(state, rng)
    pop = state.pop
    inmates = state.camp.view
    stay, dead, dead_enemies, freed, staying_enemies = camp_week(
        inmates, rng.random(inmates.size), per_week(mortality(state)), pop.release_week,
        state.week, pop.status, DIED_IN_CAMP, pop.disposition, ENEMY)
    state.set_free(freed)
    state.rec.add("camp_deaths", dead.size)
    state.rec.add("camp_deaths_guilty", dead_enemies)
    state.rec.add("camp_releases", freed.size)
    state.camp.keep(stay)

    exiles = state.exile.view
    back = pop.release_week[exiles] <= state.week
    returning = exiles[back]
    state.exile.keep(~back)
    state.set_free(returning)

    state.rec.set("camp_population", state.camp.size)
    state.rec.set("camp_population_guilty", staying_enemies)


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
