"""Collectivization: the agrarian path, dekulakization and deportation, procurement, famine.

Two paths, chosen by a dated event:
- *forced* (historical): kulak households are put on file (the taint that Order 00447 later
  used), the deported group is sent to special settlements over the deportation window, grain
  is taken by quota (`procurement_forced`) and agriculture loses output to the disruption;
- *gradual* (the Bukharin alternative): grain is bought at market prices
  (`procurement_gradual`), no one is deported and no one is put on file as a kulak.
The village lives on its grain stocks, region by region. Each harvest (in the week
`harvest_week_of_year`) fills the stocks; the procurement quota (the path's share of the harvest,
weighted towards the targeted regions on the quota path), with the year's grain exports on
top, is taken from them over the procurement campaign. The village spreads what it holds to
the next harvest, setting aside the quota still to come only in part (`ration_foresight`)
while the quota is a plan the campaign may raise, and wholly once deliveries are fixed norms
known before the harvest (from 1933): so a campaign's later takings fall on the winter and
spring. A shortfall below
`famine_threshold` first uses up the village's reserves (livestock, potatoes, the body's own,
`famine_reserve_weeks`), then kills in the measure they are used up: deaths rise through the
hungry months to the next harvest and fall when it comes, and a second lean year, on reserves
not rebuilt, kills more than the first. The village also eats from its herd
(`livestock_diet_share` of its normal food) and counts the herd among its reserves
(`livestock_reserve_share`); on the forced path the herd falls by `livestock_loss_forced` over
the drive and is made good slowly, so the lean years of 1932-33 find less milk and meat and
fewer animals to slaughter. Flight to the towns averts part of
them until a ban on peasant movement closes a region. Deaths are drawn only in the number that
occur (work proportional to deaths).

Later deportation waves (dated events) send rural agents of given regions to the settlements;
settlers die (more when the famine cuts rations), escape (part are caught and returned) and
are released.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

from purgesim.data import series
from purgesim.model.calendar import WEEKS_PER_YEAR, date_of, per_week, week_of, years
from purgesim.model.kernels import settlement_week
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
from purgesim.model.state import paced_share, still_running, stochastic_round

HALF = 0.5
"""What a half-life leaves (a definition: the disruption halves every
`disruption_half_life_years`)."""
NORMAL_WEATHER = 1.0
"""The weather multiplier of a year without a registered harvest shock (the 1928 normal)."""
FORCED, GRADUAL = "forced", "gradual"
GUARD = 1e-12
"""Keeps a ratio of an empty quantity from dividing by zero."""


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


def grain_exports_mt(state, year: int) -> float:
    """Grain the state exports in calendar `year` on the running path, million tonnes.

    The forced path exports the tonnages of the record, a policy the Politburo set year by
    year to pay for the first plan's machinery imports [grain_exports_1928_33]. The gradual path
    exports the same share of what it procures: the record's tonnage times its procurement
    over the forced path's (an assumption: a planner buying grain at market prices sells
    abroad in the same proportion). Before a path starts (NEP) the table has no exports."""
    p, path = state.p, state.countryside.agrarian_path
    tonnes = export_tonnes().get(year, 0.0)
    if path == FORCED:
        return tonnes
    if path == GRADUAL:
        return tonnes * p.procurement_gradual / max(p.procurement_forced, GUARD)
    return 0.0


def harvest_exports_mt(state, year: int) -> float:
    """Grain exported from `year`'s harvest, million tonnes: the exports of the rest of the
    calendar year and of the next one's months before the next harvest (exports spread evenly
    over the calendar year, an assumption), so the record exports of calendar 1931 come partly
    from the good harvest of 1930."""
    this_year = 1.0 - (state.p.harvest_week_of_year - 1) / WEEKS_PER_YEAR
    return (this_year * grain_exports_mt(state, year)
            + (1.0 - this_year) * grain_exports_mt(state, year + 1))


@cache
def export_tonnes() -> dict[int, float]:
    """The record's grain exports by calendar year, million tonnes (read once): the rows the
    data package holds as inputs (1929's, before the forced path, is context)."""
    return series("grain_exports_mt", role="input")


def agri_output(state) -> float:
    """Harvest index this week: rural labour, weather and collectivization disruption."""
    c = state.countryside
    p = state.p
    year = date_of(state.week).year
    weather = {1930: p.harvest_1930, 1931: p.harvest_1931,
               1932: p.harvest_1932}.get(year, NORMAL_WEATHER)
    disruption = 0.0
    if c.agrarian_path == FORCED:
        since = years(state.week - c.path_start)
        disruption = p.collectivization_output_loss * HALF ** (
            since / p.disruption_half_life_years)
    return weather * (1.0 - disruption) * c.rural_labour ** p.agri_labour_elasticity


def step(state, rng: np.random.Generator) -> tuple[float, float]:
    """Deport, run the settlements, feed or starve the village; returns (harvest index,
    procurement share)."""
    _deport(state, rng)
    _waves(state, rng)
    _group_waves(state, rng)
    _settlements(state, rng)
    harvest, q = agri_output(state), procurement_share(state)
    c = state.countryside
    c.harvest, c.procurement = harvest, q
    c.exports_mt = grain_exports_mt(state, date_of(state.week).year)
    _grain_year(state, harvest, q)
    _famine(state, rng)
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
    k = stochastic_round(c.to_deport.size / weeks_left, rng)
    chosen, c.to_deport = c.to_deport[:k], c.to_deport[k:]
    chosen = chosen[state.pop.status[chosen] == FREE]
    state.pop.history[chosen] |= DEPORTED
    c.settlers.extend(chosen)
    c.rural_labour -= chosen.size / max(1, state.pop.n_rural)
    state.rec.add("deported", chosen.size)


def books(state):
    """The countryside's per-region books, sized on first use: the grain stock (the last
    harvest lasts until the next), the quota still to take, hunger, the quota weights and the
    movement ban."""
    c = state.countryside
    if c.stock is None:
        n = state.pop.n_regions
        c.stock = np.full(n, float(_next_harvest(state, state.week) - state.week))
        c.quota_left = np.zeros(n)
        c.hunger = np.zeros(n)
        c.shortfall = np.zeros(n)
        c.quota_factor = np.ones(n)
        c.movement_banned = np.zeros(n, dtype=bool)
    return c


def _rural(pop) -> np.ndarray:
    return pop.seg_end[:, 1] - pop.seg_start[:, 1]


def target_quotas(state, regions, factor: float) -> None:
    """Weigh the procurement quota per rural head in `regions` by `factor` against the rest,
    keeping the national share: the weights average 1 over the rural population."""
    c = books(state)
    w = np.ones(state.pop.n_regions)
    w[list(regions)] = factor
    rural = _rural(state.pop).astype(np.float64)
    c.quota_factor = w * rural.sum() / max(float((w * rural).sum()), np.finfo(float).tiny)


def ban_movement(state, regions) -> None:
    """Peasants of `regions` may no longer leave: flight no longer averts famine deaths."""
    books(state).movement_banned[list(regions)] = True


def fix_quotas(state) -> None:
    """From now on the quota is a fixed delivery norm, known before the harvest: the village
    sets all of it aside when it rations (the decree of 19 January 1933 [decree_19jan1933])."""
    state.countryside.quotas_fixed = True


def set_aside(state) -> float:
    """Share of the quota still to be taken that the village sets aside when it spreads its
    grain to the next harvest: `ration_foresight` while the quota is a plan the campaign may
    raise (the forced path before fixed deliveries), all of it otherwise (a peasant selling at
    market prices, or delivering a fixed norm, knows what he will part with)."""
    c = state.countryside
    if c.agrarian_path == FORCED and not c.quotas_fixed:
        return state.p.ration_foresight
    return 1.0


def _harvest_week(state, year: int) -> int:
    return week_of(dt.date(year, 1, 1)) + state.p.harvest_week_of_year - 1


def _last_harvest(state, week: int) -> int:
    year = date_of(week).year
    h = _harvest_week(state, year)
    return h if h <= week else _harvest_week(state, year - 1)


def _next_harvest(state, week: int) -> int:
    year = date_of(week).year
    h = _harvest_week(state, year)
    return h if h > week else _harvest_week(state, year + 1)


def _grain_year(state, harvest: float, q: float) -> None:
    """One week of the village's grain, per region (in weeks of normal consumption per rural
    head): the harvest fills the stocks and sets the quota, the campaign takes it, the village
    spreads what the quota leaves it to the next harvest, and hunger follows the shortfall."""
    c, p = books(state), state.p
    week = state.week
    if week == _last_harvest(state, week):
        per_head = harvest / (max(c.rural_labour, np.finfo(float).tiny) * (1.0 - p.procurement_nep))
        weights = c.quota_factor if c.agrarian_path == FORCED else np.ones_like(c.stock)
        exported = (harvest_exports_mt(state, date_of(week).year)
                    / (p.grain_harvest_mt_1928 * max(harvest, GUARD)))
        c.stock += WEEKS_PER_YEAR * per_head
        c.quota_left = WEEKS_PER_YEAR * per_head * np.minimum((q + exported) * weights, 1.0)
    campaign_end = _last_harvest(state, week) + p.procurement_campaign_weeks
    if week < campaign_end:
        take = np.minimum(c.stock, c.quota_left / (campaign_end - week))
        c.stock -= take
        c.quota_left -= take
    else:
        c.quota_left[:] = 0.0  # what the campaign did not find is not taken
    grain = np.minimum(1.0, np.maximum(0.0, c.stock - set_aside(state) * c.quota_left)
                       / (_next_harvest(state, week) - week))
    c.stock -= grain
    herd = herd_index(state)
    eat = village_food(p, grain, herd)
    c.shortfall = np.maximum(0.0, p.famine_threshold - eat)
    c.hunger = np.clip(c.hunger + (p.famine_threshold - eat) / reserve_weeks(p, herd), 0.0, 1.0)
    rural = _rural(state.pop)
    c.national_hunger = float((rural * c.shortfall).sum() / max(1, rural.sum()))
    free_to_leave = np.where(c.movement_banned, 0, rural)
    c.leavers_eat = float((free_to_leave * eat).sum() / max(1, free_to_leave.sum()))


def herd_index(state) -> float:
    """The village's herd this week, 1928 = 1: on the forced path it falls evenly by
    `livestock_loss_forced` over `livestock_decline_years` from the path's start, then makes
    good the loss at `livestock_recovery_annual`; any other path keeps the herd of 1928."""
    c, p = state.countryside, state.p
    if c.agrarian_path != FORCED:
        return 1.0
    since = years(state.week - c.path_start)
    if since < p.livestock_decline_years:
        return 1.0 - p.livestock_loss_forced * since / p.livestock_decline_years
    recovered = since - p.livestock_decline_years
    return 1.0 - p.livestock_loss_forced * float(np.exp(-p.livestock_recovery_annual * recovered))


def village_food(p: Params, grain: np.ndarray, herd: float) -> np.ndarray:
    """What the village eats this week, x normal: the grain it eats (x its normal grain) for
    the share of the diet grain stands for, and the herd's milk and meat for the rest
    (`livestock_diet_share`), in proportion to the herd. The herd is lost slowly and fed back
    slowly, so in a normal year after the drive the village eats less than its norm, and a
    lean year finds it nearer the famine threshold."""
    share = p.livestock_diet_share
    return (1.0 - share) * grain + share * herd


def reserve_weeks(p: Params, herd: float) -> float:
    """The village's famine reserves, weeks of a full shortfall: `famine_reserve_weeks` with
    the herd's part (`livestock_reserve_share`) in proportion to the herd left."""
    return p.famine_reserve_weeks * (1.0 - p.livestock_reserve_share * (1.0 - herd))


def famine_hazard(p: Params, shortfall: np.ndarray, depleted: np.ndarray,
                  banned: np.ndarray) -> np.ndarray:
    """Annual death hazard per region: `famine_mortality` per unit of this week's shortfall
    below the threshold, in the measure that the village's reserves are used up, less what
    flight averts where peasants may still leave."""
    relief = np.where(banned, 0.0, p.famine_flight_relief)
    return p.famine_mortality * shortfall * depleted * (1.0 - relief)


def _famine(state, rng) -> None:
    c = books(state)
    hazard = famine_hazard(state.p, c.shortfall, c.hunger, c.movement_banned)
    if not np.any(hazard > 0):
        return
    pop = state.pop
    rural = _rural(pop)
    k = rng.poisson(per_week(rural * hazard))
    if k.sum() == 0:
        return
    who = _rural_draw(pop, k, rng)
    who = np.unique(who[pop.status[who] == FREE])
    pop.status[who] = DIED_IN_FAMINE
    state.enemies_free -= int(np.count_nonzero(pop.disposition[who] == ENEMY))
    c.rural_labour -= who.size / max(1, pop.n_rural)
    state.rec.add("famine_deaths", who.size)


def hungry_villagers(state, rate: float, rng) -> np.ndarray:
    """This week's arrests in the starving villages: each region's rural persons at `rate` per
    unit of the region's shortfall (so none where the village eats), drawn uniformly; only those
    at liberty and never deported (settlers answer to their commandants). Agent indices."""
    c, pop = state.countryside, state.pop
    if c.shortfall is None or rate <= 0.0:
        return np.empty(0, dtype=np.int64)
    k = rng.binomial(_rural(pop), np.minimum(1.0, rate * c.shortfall))
    if k.sum() == 0:
        return np.empty(0, dtype=np.int64)
    who = np.unique(_rural_draw(pop, k, rng))
    return who[(pop.status[who] == FREE) & ((pop.history[who] & DEPORTED) == 0)]


def _rural_draw(pop, k: np.ndarray, rng) -> np.ndarray:
    """`k[r]` uniform draws (with replacement) from region r's rural segment, for every r."""
    rural = _rural(pop)
    start = np.repeat(pop.seg_start[:, 1], k)
    size = np.repeat(rural, k)
    return start + (rng.random(start.size) * size).astype(np.int64)


# ----------------------------------------------------------------------------- settlements
def add_wave(state, end_week: int, persons: float, regions, taint: int) -> None:
    """A later deportation: `persons` from the villages of `regions`, evenly to `end_week`."""
    state.countryside.waves.append(
        [end_week, persons / state.scale, np.asarray(regions, dtype=np.int64), taint])


def add_group_wave(state, end_week: int, persons: float, members: np.ndarray,
                   taint: int) -> None:
    """A deportation of a people wherever they live: `persons` of `members` (agents of one
    diaspora), evenly to `end_week`; the order they are taken in is drawn at the first week."""
    state.countryside.group_waves.append([end_week, persons / state.scale, members, taint])


def _group_waves(state, rng) -> None:
    """This week's share of each running deportation of a people: at liberty and not deported
    before, at random."""
    c, pop = state.countryside, state.pop
    for wave in c.group_waves:
        end, left, members, taint = wave
        k = paced_share(left, end, state.week, rng)
        eligible = members[(pop.status[members] == FREE)
                           & ((pop.history[members] & DEPORTED) == 0)]
        k = min(k, eligible.size)
        wave[1] = left - k
        if k <= 0:
            continue
        chosen = rng.choice(eligible, size=k, replace=False)
        pop.history[chosen] |= DEPORTED
        pop.flags[chosen] |= taint
        c.settlers.extend(chosen)
        state.rec.add("deported", chosen.size)
    c.group_waves = still_running(c.group_waves, state.week)


def _waves(state, rng) -> None:
    """This week's share of each running deportation wave, drawn from the rural agents of its
    regions in proportion to their size (those deported before are passed over)."""
    c = state.countryside
    if not c.waves:
        return
    pop = state.pop
    rural = _rural(pop)
    for wave in c.waves:
        end, left, regions, taint = wave
        k = paced_share(left, end, state.week, rng)
        wave[1] = left - k
        if k <= 0:
            continue
        w = rural[regions].astype(np.float64)
        per = np.zeros(pop.n_regions, dtype=np.int64)
        np.add.at(per, regions, rng.multinomial(k, w / w.sum()))
        chosen = _rural_draw(pop, per, rng)
        # at liberty and not deported before (a settler is not deported twice)
        chosen = np.unique(chosen[(pop.status[chosen] == FREE)
                                  & ((pop.history[chosen] & DEPORTED) == 0)])
        pop.history[chosen] |= DEPORTED
        pop.flags[chosen] |= taint
        c.settlers.extend(chosen)
        c.rural_labour -= chosen.size / max(1, pop.n_rural)
        state.rec.add("deported", chosen.size)
    c.waves = still_running(c.waves, state.week)


def _settlements(state, rng) -> None:
    """Deaths, escapes and releases among special settlers at liberty in the settlements.

    Mortality rises with the country's rural hunger (the famine cuts the settlements' rations);
    part of the escaped are caught and brought back at once."""
    c = state.countryside
    if c.settlers.size == 0:
        return
    p, pop = state.p, state.pop
    v = c.settlers.view
    u = rng.random(v.size)
    mortality = p.settlement_mortality_annual * (1.0 + p.famine_supply_mortality
                                                 * c.national_hunger)
    stay, deaths, dead_enemies, escapes, caught, releases = settlement_week(
        v, u, rng.random(v.size), pop.status, pop.disposition, per_week(mortality),
        per_week(p.settlement_escape_annual), per_week(p.settlement_release_annual),
        p.settlement_recapture_share, FREE, DIED_IN_SETTLEMENT, ENEMY)
    state.enemies_free -= dead_enemies
    state.rec.add("settlement_deaths", deaths)
    state.rec.add("settlement_escapes", escapes)
    state.rec.add("settlement_recaptured", caught)
    state.rec.add("settlement_releases", releases)
    c.settlers.keep(stay)
