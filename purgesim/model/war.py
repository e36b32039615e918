"""The war, from its outbreak to victory or collapse: the front, the armies, the war economy.

An aggregate module that starts in the war week (`ModelConfig.war_week`, only when a run goes
on through the war) and reads what the pre-war years left: the economy's capital, labour and
cadres (so the cadres the terror took cost output), the officer corps' size and mean experience
(so the army purge costs combat effectiveness), and the territory's regions with their people
and specialists. The other side is exogenous: Germany's armed forces and munitions by year, its
allies' contingents, the second front, and Lend-Lease.

Three parts, each from an established approach (docs/ODD.md §8 gives the equations and what
the module can and cannot decide):

- **Mobilisation accounts** (Harrison 1996, *Accounting for War* [harrison1996]): GDP from the
  agent economy's sector outputs (1928 = Maddison's level [maddison2010]); a defence share that
  rises from its pre-war level towards a ceiling; munitions per unit of defence output that rise
  with mass production; tanks and aircraft in the 1940 proportions [ww2data_production].
- **The front** (Lanchester 1916; Helmbold 1964's generalisation, fitted with free exponents to
  the Ardennes by Bracken 1995 and to Kursk by Lucas and Turkes 2004 [lanchester_fits]):
  combat power of each side is its men in the field, their equipment per man and their
  effectiveness; permanent losses follow a Helmbold law in the two powers; the front moves with
  the log of the power ratio, saturating at a maximum advance; the attacker's power thins with
  depth (supply lines, van Creveld 1977 [van_creveld1977]).
- **Territory and the economy**: the regions behind the front (their administrative centre's
  distance from the 22 June 1941 border, `data/archival/regions.csv`) are occupied; their share
  of industrial capital (by the specialists who work there) and labour is lost, less what is
  evacuated east, which comes back into production after a delay; retaken capital returns less
  what was destroyed. The recruits take a share of industry's workers, returned after victory;
  the war's dead leave the agent population (`bury`).

Outcomes: GDP, tanks, aircraft, the front's depth, the armies, military dead and excess deaths,
and the war's result (won: the front reaches Berlin; collapsed: it passes `collapse_depth_km`).
After a collapse the module stops: the model does not say what would follow.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from purgesim.data import COW_THOUSANDS, REGIONS, WAR_INPUTS, series
from purgesim.model import party
from purgesim.model.calendar import WEEKS_PER_YEAR, date_of, per_week, week_of
from purgesim.model.economy import AGRI, INDUSTRY, industry_weights
from purgesim.model.population import DIED_IN_WAR, ENEMY, FREE
from purgesim.model.state import stochastic_round

ONGOING, WON, COLLAPSED = 0, 1, 2
"""The war's state: under way (or not begun), won, lost by collapse."""
EARTH_RADIUS_KM = 6371.0
GUARD = 1e-9
"""Keeps ratios of empty forces finite (far below one person)."""
EXPERIENCE_REFERENCE = dt.date(1937, 1, 1)
"""Officer experience is measured against the corps on this day: before the army purge."""
BN = 1e9
"""Dollars in a billion."""
REDRAW_ROUNDS = 16
"""Rounds of drawing again the war dead whose first draw was not at liberty (`bury`): with
even half of a region no longer at liberty, 16 rounds leave a 1 in 65,536 chance per death
of a draw that is not made good."""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the Earth's surface (haversine), km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def border_distance_km() -> np.ndarray:
    """Each region's distance from the 22 June 1941 front line (the nearest of its points in
    `WAR_INPUTS.border`), km, in region order."""
    return np.array([min(great_circle_km(r.lat, r.lon, lat, lon) for lat, lon in WAR_INPUTS.border)
                     for r in REGIONS])


def berlin_depth_km() -> float:
    """How far west of the 1941 border Berlin lies (the nearest border point), km: the depth at
    which the war is won."""
    lat, lon = WAR_INPUTS.berlin
    return min(great_circle_km(lat, lon, b_lat, b_lon) for b_lat, b_lon in WAR_INPUTS.border)


@dataclass
class War:
    """The war's state (persons are real persons, not agents; money in billions of 1990
    international dollars a year; equipment in tank-equivalents)."""

    start: int                          # war week
    distance: np.ndarray                # [regions] km from the 1941 border
    people: np.ndarray                  # [regions] population share
    capital_share: np.ndarray           # [regions x 3 industrial sectors] share of capital
    experience_reference: float         # officers' mean years of service before the purge
    soviet_field: float                 # persons in the field
    german_east: float                  # persons: Germany's and its allies' in the East
    soviet_equipment: float             # tank-equivalents in the field
    german_equipment: float
    officers: float                     # persons in the field army's officer corps
    officer_years: float                # their summed years of service
    depth: float = 0.0                  # km east of the 1941 border (< 0: west of it)
    state: int = ONGOING
    ended: int = -1                     # week the war was won or lost
    occupied: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    capital_behind: np.ndarray = field(default_factory=lambda: np.zeros(len(INDUSTRY)))
    """Industrial capital left in occupied territory, in the economy's units."""
    labour_behind: float = 0.0
    evacuating: list = field(default_factory=list)
    """[week it works again, capital by sector, labour] of plants on their way east."""
    aid_gdp: float = 0.0
    """This week's Lend-Lease that is not equipment, bn 1990 int. $ a year (adds to GDP)."""
    luck: float = 0.0
    """The fortunes of war: a persistent shock to the log power ratio (positive helps the
    attacker from the west)."""
    called_up_workers: float = 0.0
    """Industrial workers in the army, in the labour index's units (1928 = 1): called up with
    the recruits, fewer as they die, back in industry at demobilisation."""

    @property
    def ongoing(self) -> bool:
        """True while the war is neither won nor lost."""
        return self.state == ONGOING

    @property
    def occupied_people(self) -> float:
        """Share of the population behind the front."""
        return float(self.people[self.occupied].sum())


def _weights_by_region(state) -> np.ndarray:
    """[regions x 3]: each region's share of each industrial sector's specialists (where the
    capital and the skilled labour of that sector are)."""
    eco = state.economy
    size = (eco.experienced + eco.novice).reshape(-1, len(eco.capital))[:, INDUSTRY]
    total = size.sum(axis=0)
    return np.divide(size, total, out=np.full_like(size, 1.0 / max(1, size.shape[0])),
                     where=total > 0)


def begin(state) -> War:
    """The war as the pre-war years left it, in the war week."""
    p, pop = state.p, state.pop
    regions = np.bincount(pop.region, minlength=len(REGIONS)).astype(np.float64)
    ref_week = min(week_of(EXPERIENCE_REFERENCE), state.week)
    reference = state.rec.level_at("officer_experience", ref_week)
    army = state.army
    field_army = p.soviet_field_army_1941
    officers = field_army * p.officer_share_of_army
    german = german_target(p, state.week)
    plan_suspended(state)
    death_share = p.death_share_war
    state.p = p.but(death_share_ordinary=death_share)
    return War(start=state.week, distance=border_distance_km(),
               people=regions / max(regions.sum(), 1.0),
               capital_share=_weights_by_region(state),
               experience_reference=max(reference, army.mean_experience * GUARD, GUARD),
               soviet_field=field_army, german_east=german,
               soviet_equipment=p.soviet_equipment_1941,
               german_equipment=p.german_equipment_1941,
               officers=officers, officer_years=officers * army.mean_experience,
               occupied=np.zeros(len(REGIONS), dtype=bool))


def plan_suspended(state) -> None:
    """The war interrupts the five-year plan: targets follow output (no plan pressure from
    the lost plants)."""
    state.economy.plan_active = False


@cache
def german_series() -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """Germany's armed forces (thousands), tanks and combat aircraft by year (read once)."""
    return (series("milper_germany_k"), series("tanks_germany"), series("aircraft_germany"))


def east_share(p, date: dt.date) -> float:
    """Share of Germany's forces and output sent east: lower after the second front."""
    return (p.german_east_share if date < WAR_INPUTS.second_front
            else p.german_east_share_second_front)


def german_target(p, week: int) -> float:
    """Germany's and its allies' strength in the East the German side aims to hold (persons):
    its armed forces that year (COW) times the share in the East (lower after the second front)
    plus the allies' contingents."""
    date = date_of(week)
    milper = german_series()[0]
    year = min(max(date.year, min(milper)), max(milper))
    return milper[year] * COW_THOUSANDS * east_share(p, date) + p.axis_allies_east


def german_equipment_week(p, week: int) -> float:
    """Tank-equivalents Germany sends east in a week: its tanks and combat aircraft that year
    times the share in the East."""
    date = date_of(week)
    _, tanks, aircraft = german_series()
    year = min(max(date.year, min(tanks)), max(tanks))
    return (per_week(tanks[year] + p.aircraft_tank_equivalent * aircraft.get(year, 0.0))
            * east_share(p, date))


def lendlease_tonnes_week(week: int) -> float:
    """Lend-Lease tonnes arriving in a week (the documented rates by period; 0 outside)."""
    date = date_of(week)
    for start, end, tonnes in WAR_INPUTS.lendlease:
        if start <= date < end:
            return tonnes / max(1, week_of(end) - week_of(start))
    return 0.0


def recorded_gdp(state) -> float:
    """GDP as recorded every week: the economy's, less the harvest of occupied land, plus the
    civilian part of Lend-Lease (bn 1990 int. $ a year)."""
    war = state.war
    if war is None:
        return gdp(state, 0.0)
    return gdp(state, war.occupied_people) + war.aid_gdp


def gdp(state, occupied_people: float) -> float:
    """GDP this week, billions of 1990 international dollars a year: the agent economy's
    industry and agriculture indices (1928 = 1) weighted by agriculture's 1928 share, times
    Maddison's 1928 level; the harvest of occupied land is lost."""
    p, eco = state.p, state.economy
    industry = float(industry_weights(p) @ eco.output[INDUSTRY])
    agriculture = float(eco.output[AGRI]) * (1.0 - occupied_people)
    a = p.agriculture_share_gdp_1928
    return p.gdp_ussr_1928_bn * (a * agriculture + (1.0 - a) * industry)


def _occupy(state, war: War) -> None:
    """Regions behind the front change hands: capital and labour leave the economy (less what
    is evacuated) or come back (less what was destroyed)."""
    p, eco = state.p, state.economy
    now = war.distance < war.depth
    lost, regained = now & ~war.occupied, war.occupied & ~now
    if lost.any():
        before = war.capital_share[war.occupied].sum(axis=0)
        share = war.capital_share[lost].sum(axis=0) / np.maximum(1.0 - before, GUARD)
        moved = eco.capital[INDUSTRY] * np.minimum(share, 1.0)
        people = war.people[lost].sum() / max(1.0 - war.occupied_people, GUARD)
        workers = eco.labour_industry * min(people, 1.0)
        eco.capital[INDUSTRY] -= moved
        eco.labour_industry -= workers
        evac = p.evacuated_share
        war.evacuating.append([state.week + int(p.evacuation_restart_weeks), moved * evac,
                               workers * evac])
        war.capital_behind += moved * (1.0 - evac)
        war.labour_behind += workers * (1.0 - evac)
    if regained.any():
        held = war.capital_share[war.occupied].sum(axis=0)
        back = war.capital_share[regained].sum(axis=0) / np.maximum(held, GUARD)
        capital = war.capital_behind * np.minimum(back, 1.0)
        people = war.people[regained].sum() / max(war.occupied_people, GUARD)
        workers = war.labour_behind * min(people, 1.0)
        war.capital_behind -= capital
        war.labour_behind -= workers
        eco.capital[INDUSTRY] += capital * (1.0 - p.war_destruction_share)
        eco.labour_industry += workers
    war.occupied = now
    arrived = [e for e in war.evacuating if e[0] <= state.week]
    for e in arrived:
        eco.capital[INDUSTRY] += e[1]
        eco.labour_industry += e[2]
    war.evacuating = [e for e in war.evacuating if e[0] > state.week]


def defence_share(p, weeks_at_war: int) -> float:
    """Share of output going to defence: from the pre-war share towards the ceiling, with the
    mobilisation time constant."""
    gap = p.defence_share_max - p.defence_share_prewar
    return p.defence_share_max - gap * math.exp(-weeks_at_war / p.mobilisation_weeks)


def _effectiveness(p, war: War, weeks_at_war: int) -> float:
    """Soviet combat effectiveness: officer experience against the pre-purge corps, to the
    elasticity, times the surprise of the first weeks."""
    experience = war.officer_years / max(war.officers, GUARD)
    ratio = experience / war.experience_reference
    surprise = p.surprise_factor if weeks_at_war < p.surprise_weeks else 1.0
    return surprise * ratio ** p.officer_experience_elasticity


LUCK_WEEKS = 8.0
"""How long a turn of the war's fortunes lasts (weeks): a campaign's encirclement or a
failed offensive, not a week's weather."""
LUCK_PERSISTENCE = math.exp(-1.0 / LUCK_WEEKS)
LUCK_INNOVATION = math.sqrt(1.0 - LUCK_PERSISTENCE ** 2)
"""The luck is an AR(1) process with stationary standard deviation `war_luck_sd`."""
WINTER_MONTHS = (11, 12, 1, 2, 3)
"""The months of mud and frost (the autumn rasputitsa ends in November)."""


def winter(week: int) -> float:
    """1 in the months of mud and frost, else 0."""
    return float(date_of(week).month in WINTER_MONTHS)


def combat_power(men: float, equipment: float, reference: float, effectiveness: float,
                 omega: float) -> float:
    """Combat power in person-equivalents: men times equipment per man (against the
    reference ratio) to the equipment weight, times effectiveness."""
    per_man = equipment / max(men, GUARD) / reference
    return effectiveness * men * per_man ** omega


def munitions(p, output_bn: float, weeks_at_war: int, aid_bn: float) -> tuple[float, float]:
    """Tanks and combat aircraft made in a week: the defence share of output, times the
    munitions each unit of it buys as mass production is learned, plus Lend-Lease's share of
    equipment, in the 1940 proportions (the 1940 defence budget bought the 1940 output)."""
    learning = math.exp(p.munitions_learning_per_year * weeks_at_war / WEEKS_PER_YEAR)
    spent = (per_week(defence_share(p, weeks_at_war) * output_bn) * learning
             + aid_bn * p.lendlease_munitions_share)
    budget_1940 = p.defence_share_prewar * WAR_INPUTS.gdp_ussr_1940_bn
    return (spent * WAR_INPUTS.tanks_1940 / budget_1940,
            spent * WAR_INPUTS.aircraft_1940 / budget_1940)


def step(state, rng: np.random.Generator) -> None:
    """One week of war: nothing before the war week; after victory or collapse, only the
    economy's account of retaken land and the record of how it ended."""
    if state.war_week is None or state.week < state.war_week:
        return
    if state.war is None:
        state.war = begin(state)
    war, p, rec = state.war, state.p, state.rec
    weeks = state.week - war.start
    occupied_people = war.occupied_people
    output = gdp(state, occupied_people)
    if war.state == ONGOING:
        tonnes = lendlease_tonnes_week(state.week)
        aid_bn = tonnes * WAR_INPUTS.lendlease_usd_per_tonne * p.price_1942_to_1990 / BN
        war.aid_gdp = WEEKS_PER_YEAR * aid_bn * (1.0 - p.lendlease_munitions_share)
        tanks, aircraft = munitions(p, output, weeks, aid_bn)
        rec.set_level("tanks", tanks)
        rec.set_level("aircraft", aircraft)
        dead = _fight(state, war, weeks, tanks + p.aircraft_tank_equivalent * aircraft, rng)
        _deaths(state, dead, occupied_people, rng)
    else:
        war.aid_gdp = 0.0
        _demobilise(state, war)
    tribunals = war.state == ONGOING and weeks < p.tribunal_weeks
    if not tribunals and state.p.death_share_ordinary == p.death_share_war:
        state.p = state.p.but(death_share_ordinary=p.death_share_courts_1939)
    _occupy(state, war)
    rec.set_level("occupied_share", war.occupied_people)
    rec.set_level("front_depth", war.depth)
    rec.set_level("soviet_field_army", war.soviet_field if war.state == ONGOING else 0.0)
    rec.set_level("german_east", war.german_east if war.state == ONGOING else 0.0)
    rec.set_level("war_won", float(war.state == WON))
    rec.set_level("war_collapsed", float(war.state == COLLAPSED))


def _fight(state, war: War, weeks: int, produced: float, rng: np.random.Generator) -> float:
    """A week at the front: reinforcements, attrition (Helmbold), the front's movement,
    equipment and officer experience, and the end of the war; returns the military dead."""
    p = state.p
    population = p.population_1937 * (1.0 - war.occupied_people)
    target = p.field_army_share * population
    recruits = min(max(target - war.soviet_field, 0.0), per_week(p.mobilisation_per_year)
                   * population)
    german_target_now = german_target(p, state.week)
    german_recruits = max(german_target_now - war.german_east, 0.0) / p.replacement_weeks
    reference = p.german_equipment_1941 / max(german_target(p, war.start), GUARD)
    e_soviet = _effectiveness(p, war, weeks)
    e_german = (p.german_effectiveness * math.exp(-max(war.depth, 0.0) / p.supply_range_km)
                * (1.0 - p.winter_penalty * winter(state.week)))
    c_soviet = combat_power(war.soviet_field, war.soviet_equipment, reference, e_soviet,
                            p.equipment_weight)
    c_german = combat_power(war.german_east, war.german_equipment, reference, e_german,
                            p.equipment_weight)
    h = p.helmbold_exponent
    soviet_loss = min(war.soviet_field, p.attrition_per_week * c_german ** h
                      * c_soviet ** (1.0 - h))
    german_loss = min(war.german_east, p.attrition_per_week * c_soviet ** h
                      * c_german ** (1.0 - h))
    war.luck = LUCK_PERSISTENCE * war.luck + LUCK_INNOVATION * p.war_luck_sd * rng.normal()
    log_ratio = math.log(max(c_german, GUARD) / max(c_soviet, GUARD)) + war.luck
    war.depth += p.advance_km_per_week * math.tanh(log_ratio / p.advance_sensitivity)
    _equipment_and_officers(p, war, soviet_loss, german_loss, produced, recruits)
    _call_up_workers(state, war, recruits, soviet_loss * p.military_dead_share)
    war.soviet_field += recruits - soviet_loss
    war.german_east += german_recruits - german_loss
    war.german_equipment += german_equipment_week(p, state.week)
    dead = soviet_loss * p.military_dead_share
    state.rec.set_level("military_dead", dead)
    if war.depth >= p.collapse_depth_km:
        war.state, war.ended = COLLAPSED, state.week
    elif war.depth <= -berlin_depth_km():
        war.depth = -berlin_depth_km()
        war.state, war.ended = WON, state.week
    return dead


def _equipment_and_officers(p, war: War, soviet_loss: float, german_loss: float,
                            produced: float, recruits: float) -> None:
    """Equipment lost with the men (faster, by `equipment_loss_multiplier`) and produced;
    officers lost with their men and replaced at no experience; the survivors learn."""
    s_share = soviet_loss / max(war.soviet_field, GUARD)
    g_share = german_loss / max(war.german_east, GUARD)
    m = p.equipment_loss_multiplier
    war.soviet_equipment = war.soviet_equipment * max(0.0, 1.0 - m * s_share) + produced
    war.german_equipment *= max(0.0, 1.0 - m * g_share)
    mean = war.officer_years / max(war.officers, GUARD)
    lost = war.officers * s_share
    war.officer_years -= lost * mean
    war.officers += (recruits - soviet_loss) * p.officer_share_of_army
    war.officer_years += war.officers * per_week(1.0 + p.combat_learning_per_year)
    war.officers = max(war.officers, GUARD)
    war.officer_years = max(war.officer_years, 0.0)


def _call_up_workers(state, war: War, recruits: float, dead: float) -> None:
    """The recruits' share `called_up_from_industry` leaves industrial labour for the army
    (the trade-off of Harrison's mobilisation accounts: men for the front or for the plants);
    the called-up workers die in the measure the field army does (persons -> labour index)."""
    p, eco = state.p, state.economy
    workers = min(recruits * p.called_up_from_industry / p.industrial_workers_1928,
                  eco.labour_industry)
    eco.labour_industry -= workers
    war.called_up_workers += workers
    war.called_up_workers *= 1.0 - min(dead / max(war.soviet_field, GUARD), 1.0)


def _demobilise(state, war: War) -> None:
    """After victory the surviving called-up workers return to industry, evenly over
    `demobilisation_weeks`."""
    weeks_since = state.week - war.ended
    left = state.p.demobilisation_weeks - weeks_since
    if war.state != WON or war.called_up_workers <= 0.0 or left <= 0:
        return
    back = war.called_up_workers / left
    war.called_up_workers -= back
    state.economy.labour_industry += back


def _deaths(state, military_dead: float, occupied_people: float,
            rng: np.random.Generator) -> None:
    """Excess deaths this week: the military dead, civilians under occupation and in the
    rear (persons); the agents they stand for die (`bury`)."""
    p = state.p
    occupied = p.population_1937 * occupied_people * per_week(p.occupation_death_rate)
    rear = p.population_1937 * (1.0 - occupied_people) * per_week(p.rear_excess_death_rate)
    state.rec.set_level("excess_deaths", military_dead + occupied + rear)
    held = ~state.war.occupied
    bury(state, state.war.occupied, occupied, rng)
    bury(state, held, military_dead + rear, rng)


def bury(state, regions: np.ndarray, persons: float, rng: np.random.Generator) -> np.ndarray:
    """`persons` deaths among the agents at liberty of the `regions` (a mask), at random: they
    leave the population (status DIED_IN_WAR), the party's count and the count of enemies at
    liberty. Returns the agents who died.

    A draw that lands on an agent no longer at liberty (dead, held, deported) or already drawn
    is drawn again, for at most `REDRAW_ROUNDS` rounds, so the dead match the persons asked
    for unless the regions have almost no one left at liberty; each round costs the draws
    still missing, so the work stays proportional to the deaths."""
    pop = state.pop
    k = stochastic_round(persons / state.scale, rng)
    where = np.flatnonzero(regions)
    if k <= 0 or where.size == 0:
        return np.empty(0, dtype=np.int64)
    lo, hi = pop.seg_start[where, 0], pop.seg_end[where, 1]
    size = (hi - lo).astype(np.float64)
    chosen: list[np.ndarray] = []
    missing = k
    for _ in range(REDRAW_ROUNDS):
        region = rng.choice(where.size, size=missing, p=size / size.sum())
        who = lo[region] + (rng.random(missing) * size[region]).astype(np.int64)
        who = np.unique(who[pop.status[who] == FREE])
        pop.status[who] = DIED_IN_WAR
        chosen.append(who)
        missing -= who.size
        if missing <= 0:
            break
    who = np.concatenate(chosen)
    state.enemies_free -= int(np.count_nonzero(pop.disposition[who] == ENEMY))
    party.die(state, who)
    state.rec.add("war_deaths", who.size)
    return who
