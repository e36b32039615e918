"""The economy: four sectors, plan targets and pressure, cadres, accidents and their blame.

Output of each sector is an index (1928 = 1). Industry is Cobb-Douglas in capital and labour,
times the *cadre factor* — the effective experience of its managers and engineers — and a small
effort bonus under plan pressure. Cadres are the specialist agents, grouped into units (region x
sector). When one is arrested a promoted novice takes the post at once and learns the job over
`cadre_learning_weeks`, so a unit's output dips and recovers: the channel through which the
terror can cost production. Accidents rise with plan pressure; a share `blame_sabotage` is
treated as sabotage and puts a manager of that unit on the candidate list.

Labour comes from the village at the plan's migration rate, pulled harder the less the village
eats (Allen's migration equation). Investment is a share of industrial output, part of the
procured grain, and the machinery that grain exports buy abroad at the year's export price; it
becomes capital after a time to build.

Work each week is proportional to the number of units, arrests and accidents, not to agents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from purgesim.data import series
from purgesim.model.calendar import WEEKS_PER_YEAR, date_of, per_week
from purgesim.model.hashing import hashed_uniform
from purgesim.model.params import Params
from purgesim.model.population import SPECIALIST, saturating_add

SECTORS = ("heavy", "light", "agriculture", "defence")
HEAVY, LIGHT, AGRI, DEFENCE = range(len(SECTORS))
BUILD_STAGES = 3
"""Stages of the construction pipeline (`build`): a third-order delay, the usual shape for a
pipeline whose output follows its input with a lag and a spread (Sterman, *Business
Dynamics*, 2000, ch. 11)."""
N_SECTORS = len(SECTORS)
INDUSTRY = np.array([HEAVY, LIGHT, DEFENCE])
_SALT = 0x5EC7012
CAMP_LABOUR = np.eye(N_SECTORS)[HEAVY]
"""Where camp labour works: heavy industry (construction, mining, timber), by sector."""
IMPORTS = np.eye(N_SECTORS)[HEAVY]
"""Where imported machinery is installed: heavy industry (the first plan's imports were the
equipment of its giant works), by sector."""
GUARD = 1e-12
"""Keeps shares of empty totals from dividing by zero (far below one agent or one unit of
output)."""
OUTPUT_GUARD = 1e-9
"""The least output a sector is taken to have when its plan pressure is computed."""
RURAL_LABOUR_FLOOR = 0.05
"""Migration to industry stops when the villages' labour (index, 1928 = 1) is down to this: a
bound on the arithmetic (the rural workforce cannot go below nothing), far below any level the
pre-war years reach; in runs through 1953 it stops a runaway migration of some posterior
draws."""
EAT_FLOOR = 0.25
"""The least village consumption (x normal) the migration pull is computed at: a bound on the
arithmetic (the pull of an empty village is not infinite), below the famine threshold's
prior, so it binds only in the depth of a famine."""


def industry_weights(p: Params) -> np.ndarray:
    """1928 weights of heavy, light and defence industry in industrial output (normalised)."""
    w = np.array([p.industry_weight_heavy, p.industry_weight_light, p.industry_weight_defence])
    return w / w.sum()


def cadre_bounds(p: Params) -> np.ndarray:
    """Cumulative shares of specialists in heavy, light and agriculture (the rest: defence)."""
    return np.cumsum([p.cadre_share_heavy, p.cadre_share_light, p.cadre_share_agriculture])


def sector_of(idx: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sector of each specialist, a fixed hash of the agent index (never stored), by the
    cumulative shares `bounds`."""
    u = hashed_uniform(idx, _SALT)
    return np.searchsorted(bounds, u, side="right").clip(0, N_SECTORS - 1)


@dataclass
class Economy:
    """Sector aggregates plus the cadre book of every unit (region x sector)."""

    capital: np.ndarray       # [4] index
    labour_industry: float    # index, 1928 = 1
    target: np.ndarray        # [4] index
    growth: np.ndarray        # [4] per year, 0 before a plan
    priority: np.ndarray      # [4] investment shares
    output: np.ndarray        # [4] this week's output index
    experienced: np.ndarray   # [units] agents
    novice: np.ndarray        # [units] agents
    unit_agents: np.ndarray   # specialists ordered by unit: unit u's are
    unit_bounds: np.ndarray   # unit_agents[unit_bounds[u]:unit_bounds[u + 1]]
    cadre_bounds: np.ndarray  # cumulative sector shares that assigned specialists to units
    plan_active: bool = False
    cadres_lost: int = 0
    cadres: np.ndarray = field(default_factory=lambda: np.ones(N_SECTORS))
    """[4] this week's sector cadre factors (`sector_cadre_factor`, as production used them)."""
    construction: np.ndarray | None = None
    """[BUILD_STAGES, 4] investment under construction, capital index units, by stage of the
    pipeline (`build`); set at the first week to the pipeline of a steady NEP economy."""


def cadre_factor(experienced: np.ndarray, novice: np.ndarray, novice_productivity: float):
    """Share of full effectiveness given experienced and novice cadres."""
    total = experienced + novice
    return np.divide(experienced + novice_productivity * novice, total,
                     out=np.ones_like(total), where=total > 0)


def build_economy(pop, p: Params) -> Economy:
    """Assign specialists to units and start every sector at its 1928 level (index 1)."""
    shares = cadre_bounds(p)
    spec = np.flatnonzero(pop.group == SPECIALIST)
    unit = pop.region[spec].astype(np.int64) * N_SECTORS + sector_of(spec, shares)
    n_units = pop.n_regions * N_SECTORS
    order = np.argsort(unit, kind="stable")
    bounds = np.searchsorted(unit[order], np.arange(n_units + 1))
    counts = np.diff(bounds).astype(np.float64)
    nep = np.array([p.nep_priority_heavy, p.nep_priority_light, 0.0, p.nep_priority_defence])
    return Economy(
        capital=np.ones(N_SECTORS), labour_industry=1.0, target=np.ones(N_SECTORS),
        growth=np.zeros(N_SECTORS), priority=nep / nep.sum(), output=np.ones(N_SECTORS),
        experienced=counts, novice=np.zeros(n_units), unit_agents=spec[order], unit_bounds=bounds,
        cadre_bounds=shares)


def unit_of(pop, eco: Economy, idx: np.ndarray) -> np.ndarray:
    """Unit (region x sector) of specialist agents."""
    return pop.region[idx].astype(np.int64) * N_SECTORS + sector_of(idx, eco.cadre_bounds)


def lose_cadres(state, arrested: np.ndarray) -> None:
    """Arrested specialists leave their posts; novices are promoted into them at once."""
    eco, pop = state.economy, state.pop
    spec = arrested[pop.group[arrested] == SPECIALIST]
    if spec.size == 0:
        return
    lost = np.bincount(unit_of(pop, eco, spec), minlength=eco.experienced.size).astype(np.float64)
    total = eco.experienced + eco.novice
    share_exp = np.divide(eco.experienced, total, out=np.ones_like(total), where=total > 0)
    from_exp = np.minimum(lost * share_exp, eco.experienced)
    eco.experienced -= from_exp
    eco.novice += from_exp  # the replacement is a novice; a lost novice is replaced by one
    eco.cadres_lost += int(spec.size)
    state.rec.add("cadres_arrested", spec.size)


def _learn(eco: Economy, p: Params) -> None:
    flow = eco.novice * (1.0 - np.exp(-1.0 / p.cadre_learning_weeks))
    eco.novice -= flow
    eco.experienced += flow


def sector_cadre_factor(eco: Economy, p: Params) -> np.ndarray:
    """Each sector's cadre factor: the unit factors weighted by unit size."""
    f = (cadre_factor(eco.experienced, eco.novice, p.novice_productivity)
         ** p.cadre_elasticity)
    size = (eco.experienced + eco.novice).reshape(-1, N_SECTORS)
    w = size.sum(axis=0)
    return np.where(w > 0, (f.reshape(-1, N_SECTORS) * size).sum(axis=0) / np.maximum(w, GUARD),
                    1.0)


def start_plan(state, growth, priority) -> None:
    """A five-year plan: targets grow from today's output at the planned rates."""
    eco = state.economy
    eco.plan_active = True
    eco.growth = np.asarray(growth, dtype=np.float64)
    eco.priority = np.asarray(priority, dtype=np.float64) / max(sum(priority), GUARD)
    eco.target = np.maximum(eco.target, eco.output)


def step(state, agri_output: float, procurement: float, rng: np.random.Generator) -> None:
    """One week of production, investment, targets, learning and accidents."""
    eco, p = state.economy, state.p
    _learn(eco, p)
    year = date_of(state.week).year
    migration = (p.migration_rate_plan if eco.plan_active else p.migration_rate_nep)
    if year >= p.migration_slowdown_year:
        migration *= p.migration_slowdown_factor
    migration *= migration_pull(state.countryside.leavers_eat, p.migration_pull_slope)
    grown = eco.labour_industry * (np.exp(per_week(migration)) - 1.0)
    rural_persons = max(1, state.pop.n_rural) * state.scale
    per_rural = p.industrial_workers_1928 / rural_persons   # rural labour index per unit grown
    left = max(state.countryside.rural_labour - RURAL_LABOUR_FLOOR, 0.0)
    if grown * per_rural > left:   # the villages cannot send more than they have
        grown = left / per_rural
    eco.labour_industry += grown
    state.countryside.rural_labour -= grown * per_rural
    camp_workers = state.camp.size * state.scale * p.camp_labour_productivity
    labour = eco.labour_industry + camp_workers / p.industrial_workers_1928 * CAMP_LABOUR
    pressure = plan_pressure(eco)
    effort = np.minimum(pressure, p.effort_pressure_cap) ** p.effort_elasticity
    alpha = p.capital_share
    eco.cadres = sector_cadre_factor(eco, p)
    out = (eco.capital ** alpha) * (labour ** (1 - alpha)) * eco.cadres * effort
    out[AGRI] = agri_output
    eco.output = out

    industrial = float(industry_weights(p) @ out[INDUSTRY])
    acc = p.accumulation_rate if eco.plan_active else p.accumulation_rate_nep
    investment = acc * industrial + p.procurement_to_investment * procurement * agri_output
    started = eco.priority * investment + IMPORTS * imported_machinery(
        state.countryside.exports_mt, year, p.export_capital_per_mt)
    eco.capital += build(eco, np.asarray(per_week(started)), p.gestation_years)
    eco.capital -= per_week(p.depreciation * eco.capital)
    eco.capital[AGRI] = 1.0
    if eco.plan_active:
        eco.target *= np.exp(per_week(eco.growth + p.counterplan_inflation))
    else:
        eco.target = out.copy()
    _accidents(state, pressure, rng)


def migration_pull(eat: float, slope: float) -> float:
    """Multiplier on the migration rate from the village's consumption (x normal), in the
    regions whose peasants may still leave.

    The rate rises in a straight line with the ratio of town to village consumption per head
    [allen_2003, eq. 50]; with the town's consumption held at its norm the ratio, relative to
    NEP's, is 1 / `eat`, and `slope` is the rise of the rate, relative to NEP's, per unit of
    that relative ratio. Under NEP the village eats its norm and the pull is 1; the quota and
    the exports, by cutting what the village eats, push labour into industry
    (collectivization's labour channel)."""
    return 1.0 + slope * (1.0 / max(eat, EAT_FLOOR) - 1.0)


@cache
def export_prices() -> dict[int, float]:
    """Price of exported grain, roubles per tonne, by year (read once) [ammende_1936]."""
    return series("grain_export_price_rub_t")


def export_price_index(year: int) -> float:
    """The year's grain export price over 1930's: the world price fell in the Depression, so
    a tonne bought less machinery in 1931 than in 1930. Years after the table keep its last
    price (the trough, an assumption); years before it, its first."""
    prices = export_prices()
    first, last = min(prices), max(prices)
    return prices[min(max(year, first), last)] / prices[first]


def imported_machinery(exports_mt: float, year: int, capital_per_mt: float) -> float:
    """Heavy-industry investment (capital index per year) bought abroad with the year's grain
    exports: `capital_per_mt` per million tonnes at 1930's price, times the year's price."""
    return exports_mt * capital_per_mt * export_price_index(year)


def build(eco: Economy, started: np.ndarray, gestation_years: float) -> np.ndarray:
    """Put a week's investment (`started`, capital index by sector) under construction and
    return the capital completed this week.

    Investment becomes productive capital only when the plant is built: the first plan's
    giant works were begun in 1929-30 and came into production from 1932-34, while the
    unfinished construction piled up [davies_crisis_1931_33]; time to build is the standard
    way to model this [kydland_prescott_1982]. The pipeline is a delay of `BUILD_STAGES`
    stages, each with mean `gestation_years` / `BUILD_STAGES` (an Erlang-distributed
    construction time: completions follow a surge in starts with a lag, not at once). At the
    first week the pipeline is filled as in a steady economy starting at today's rate, so
    NEP's capital is not disturbed."""
    stage_weeks = max(gestation_years * WEEKS_PER_YEAR / BUILD_STAGES, 1.0)
    done = 1.0 - np.exp(-1.0 / stage_weeks)   # share of a stage's stock moving on each week
    if eco.construction is None:
        eco.construction = np.tile(started / done, (BUILD_STAGES, 1))
    moving = eco.construction * done
    eco.construction -= moving
    eco.construction[0] += started
    eco.construction[1:] += moving[:-1]
    return moving[-1]


def plan_pressure(eco: Economy) -> np.ndarray:
    """Target over output by sector (1 = on plan; above 1 = behind)."""
    return np.maximum(eco.target / np.maximum(eco.output, OUTPUT_GUARD), 1.0)


def _accidents(state, pressure: np.ndarray, rng: np.random.Generator) -> None:
    """Accidents by unit; those blamed on sabotage implicate one of the unit's cadres.

    Each unit's accidents are Poisson with a mean that grows with its size and its sector's
    plan pressure, and each is blamed on sabotage with chance `blame_sabotage`. Drawn as the
    two Poisson totals (blamed, not blamed) and a unit for each blamed accident in proportion
    to its mean, which is the same law as a Poisson and a binomial per unit, at a cost that
    follows the accidents, not the number of units."""
    eco, p = state.economy, state.p
    size = eco.experienced + eco.novice
    share = size / max(size.sum(), GUARD)
    mean = ((state.per_week(p.accidents_per_year) * share).reshape(-1, N_SECTORS)
            * pressure ** p.accident_pressure_elasticity).ravel()   # units are region x sector
    cum = np.cumsum(mean)
    expected = float(cum[-1])
    if expected <= 0:
        return
    blamed = int(rng.poisson(expected * p.blame_sabotage))
    total = blamed + int(rng.poisson(expected * (1.0 - p.blame_sabotage)))
    if total == 0:
        return
    state.rec.add("accidents", total)
    if blamed == 0:
        return
    units = np.searchsorted(cum, rng.random(blamed) * expected, side="right")
    sizes = np.diff(eco.unit_bounds)
    units = units[sizes[units] > 0]
    if units.size:   # one member of each accident's unit
        culprits = eco.unit_agents[eco.unit_bounds[units] + rng.integers(sizes[units])]
        saturating_add(state.pop.accident, culprits)
        state.add_to_pool(culprits)
        state.rec.add("accidents_blamed", culprits.size)


TONNES_PER_MT = 1_000_000
"""Tonnes in a million tonnes (the outcome `steel` is a week's tonnes; `steel_mt` a yearly rate)."""


def steel_mt(eco: Economy, p: Params) -> float:
    """Annualised steel output implied by the heavy-industry index."""
    return float(p.steel_mt_1928 * eco.output[HEAVY])
