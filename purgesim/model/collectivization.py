"""Collectivization: the agrarian path, dekulakization and deportation, procurement, famine.

Two paths, chosen by a dated event:
- *forced* (historical): kulak households are put on file (the taint that Order 00447 later
  used), the deported group is sent to special settlements over the deportation window, grain
  is taken by quota (`procurement_forced`) and agriculture loses output to the disruption;
- *gradual* (the Bukharin alternative): grain is bought at market prices
  (`procurement_gradual`), no one is deported and no one is put on file as a kulak.
Famine follows from rural consumption: what the harvest leaves after procurement, relative to
1928. Deaths are drawn only in the number that occur (work proportional to deaths).
"""

from __future__ import annotations

import numpy as np

from purgesim.model.calendar import date_of, per_week, years
from purgesim.model.params import Params
from purgesim.model.population import (
    DEPORTED,
    DIED_IN_FAMINE,
    DIED_IN_SETTLEMENT,
    ENEMY,
    FORMER_KULAK,
    FREE,
    SPECIAL_SETTLER,
    T_KULAK,
)

HALF = 0.5
"""What a half-life leaves (a definition: the disruption halves every
`disruption_half_life_years`)."""
NORMAL_WEATHER = 1.0
"""The weather multiplier of a year without a registered harvest shock (the 1928 normal)."""
FORCED, GRADUAL = "forced", "gradual"


def start(state, path: str, end_week: int) -> None:
    """Begin a collectivization path."""
    c = state.countryside
    c.agrarian_path = path
    c.path_start = state.week
    if path != FORCED:
        return
    pop = state.pop
    kulaks = np.flatnonzero((pop.group == SPECIAL_SETTLER) | (pop.group == FORMER_KULAK))
    pop.flags[kulaks] |= T_KULAK
    c.to_deport = np.flatnonzero(pop.group == SPECIAL_SETTLER)
    c.deport_shuffled = False
    c.deport_end = max(end_week, state.week + 1)


def procurement_share(state) -> float:
    """Share of the harvest the state takes this week."""
    p = state.p
    return {FORCED: p.procurement_forced, GRADUAL: p.procurement_gradual}.get(
        state.countryside.agrarian_path, p.procurement_nep)


def agri_output(state) -> float:
    """Harvest index this week: rural labour, weather and collectivization disruption."""
    c = state.countryside
    p = state.p
    year = date_of(state.week).year
    weather = {1931: p.harvest_1931, 1932: p.harvest_1932}.get(year, NORMAL_WEATHER)
    disruption = 0.0
    if c.agrarian_path == FORCED:
        since = years(state.week - c.path_start)
        disruption = p.collectivization_output_loss * HALF ** (
            since / p.disruption_half_life_years)
    return weather * (1.0 - disruption) * c.rural_labour ** p.agri_labour_elasticity


def step(state, rng: np.random.Generator) -> tuple[float, float]:
    """Deport, run the settlements, starve; returns (harvest index, procurement share)."""
    _deport(state, rng)
    _settlements(state, rng)
    harvest, q = agri_output(state), procurement_share(state)
    state.countryside.harvest, state.countryside.procurement = harvest, q
    _famine(state, harvest, q, rng)
    return harvest, q


def _deport(state, rng) -> None:
    """Send this week's share of the deportation list to the special settlements.

    The list (agents laid out region by region) is put in random order once, with the
    countryside's stream, before the first week's deportees are taken from its head: each
    week's deportees are then spread over the regions in proportion, instead of the RSFSR's
    first, region after region."""
    c = state.countryside
    if c.to_deport is None or c.to_deport.size == 0:
        return
    if not c.deport_shuffled:
        c.to_deport = rng.permutation(c.to_deport)
        c.deport_shuffled = True
    weeks_left = max(1, c.deport_end - state.week)
    k = int(np.ceil(c.to_deport.size / weeks_left))
    chosen, c.to_deport = c.to_deport[:k], c.to_deport[k:]
    chosen = chosen[state.pop.status[chosen] == FREE]
    state.pop.history[chosen] |= DEPORTED
    c.settlers.extend(chosen)
    c.rural_labour -= chosen.size / max(1, state.pop.n_rural)
    state.rec.add("deported", chosen.size)


def _settlements(state, rng) -> None:
    """Deaths and escapes among special settlers at liberty in the settlements."""
    c = state.countryside
    if c.settlers.size == 0:
        return
    p, pop = state.p, state.pop
    v = c.settlers.view
    here = pop.status[v] == FREE  # arrested settlers leave the settlement for good
    u = rng.random(v.size)
    die = here & (u < per_week(p.settlement_mortality_annual))
    escape = here & ~die & (u > 1.0 - per_week(p.settlement_escape_annual))
    dead = v[die]
    pop.status[dead] = DIED_IN_SETTLEMENT
    state.enemies_free -= int(np.count_nonzero(pop.disposition[dead] == ENEMY))
    state.rec.add("settlement_deaths", dead.size)
    state.rec.add("settlement_escapes", int(escape.sum()))
    c.settlers.keep(here & ~die & ~escape)


def famine_hazard(p: Params, harvest: float, q: float, rural_labour: float) -> float:
    """Annual death hazard from rural consumption per head (1928 = 1) below the threshold."""
    consumption = (1.0 - q) * harvest / (rural_labour * (1.0 - p.procurement_nep))
    return p.famine_mortality * max(0.0, p.famine_threshold - consumption)


def _famine(state, harvest: float, q: float, rng) -> None:
    hazard = famine_hazard(state.p, harvest, q, state.countryside.rural_labour)
    if hazard <= 0:
        return
    pop = state.pop
    rural = pop.seg_end[:, 1] - pop.seg_start[:, 1]
    k = rng.poisson(per_week(rural * hazard))
    who = np.concatenate([pop.seg_start[r, 1] + rng.integers(0, max(1, rural[r]), k[r])
                          for r in range(rural.size)])
    who = np.unique(who[pop.status[who] == FREE])
    pop.status[who] = DIED_IN_FAMINE
    state.enemies_free -= int(np.count_nonzero(pop.disposition[who] == ENEMY))
    state.countryside.rural_labour -= who.size / max(1, state.pop.n_rural)
    state.rec.add("famine_deaths", who.size)
