import datetime as dt

import numpy as np
import pytest

from purgesim.data import regions_of
from purgesim.model import collectivization
from purgesim.model import events as ev
from purgesim.model.calendar import START, date_of, week_of
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import (
    DEPORTED,
    DIED_IN_FAMINE,
    FORMER_KULAK,
    SPECIAL_SETTLER,
    T_KULAK,
)
from tests.conftest import SIGNIFICANCE, fit_p_value, make_state


def _weeks(s, n, rng):
    for _ in range(n):
        collectivization.step(s, rng)
        s.week += 1


def test_the_gradual_path_deports_no_one_and_files_no_one():
    s = make_state(scale=2000)
    rng = np.random.default_rng(0)
    ev.Collectivization(date=START, path="gradual", end=date_of(10)).apply(s, rng)
    _weeks(s, 150, rng)
    assert not np.any(s.pop.history & DEPORTED)
    assert not np.any(s.pop.flags & T_KULAK)
    assert s.rec.counts[:, COLUMN["famine_deaths"]].sum() == 0
    assert collectivization.procurement_share(s) == s.p.procurement_gradual


def test_the_forced_path_files_kulaks_and_deports_within_the_window():
    s = make_state(scale=2000)
    s.p = s.p.but(famine_mortality=0.0)  # no one dies before their turn comes
    rng = np.random.default_rng(1)
    ev.Collectivization(date=START, path="forced", end=date_of(20)).apply(s, rng)
    kulaks = (s.pop.group == SPECIAL_SETTLER) | (s.pop.group == FORMER_KULAK)
    assert np.all(s.pop.flags[kulaks] & T_KULAK)
    _weeks(s, 21, rng)
    deported = (s.pop.history & DEPORTED) > 0
    assert np.array_equal(deported, s.pop.group == SPECIAL_SETTLER)


def test_famine_hazard_needs_a_shortfall_used_up_reserves_and_no_flight():
    p = make_state().p
    short, banned = np.array([0.2]), np.array([False])
    assert collectivization.famine_hazard(p, np.array([0.0]), np.array([1.0]), banned)[0] == 0
    assert collectivization.famine_hazard(p, short, np.array([0.0]), banned)[0] == 0
    free = collectivization.famine_hazard(p, short, np.array([1.0]), banned)[0]
    held = collectivization.famine_hazard(p, short, np.array([1.0]), np.array([True]))[0]
    assert 0 < free < held


def _grain_run(p, weeks, quota_regions=(), factor=1.0, fixed=False, eaten=None):
    """`weeks` of the quota path from 1928; the village's weekly consumption is appended to
    `eaten` if given, and fixed deliveries are in force from the start if `fixed`."""
    s = make_state(scale=2000, p=p, weeks=weeks)
    s.countryside.agrarian_path = "forced"
    collectivization.books(s)
    if quota_regions:
        collectivization.target_quotas(s, quota_regions, factor)
    if fixed:
        ev.FixedDeliveries(date=START).apply(s, np.random.default_rng(0))
    rng = np.random.default_rng(5)
    for _ in range(weeks):
        s.rec.week = s.week
        collectivization.step(s, rng)
        if eaten is not None:
            eaten.append(s.countryside.leavers_eat)
        s.week += 1
    return s


def test_a_bad_harvest_kills_in_the_months_before_the_next_one():
    """The 1928 harvest (week 30) is cut: the village lives on its stocks to the next harvest,
    reserves run down, and deaths come in the following year's first half, not at once."""
    p = {"procurement_forced": 0.45, "famine_reserve_weeks": 8.0, "famine_mortality": 2.0}
    s = _grain_run(p, 90)
    deaths = s.rec.counts[:, COLUMN["famine_deaths"]]
    assert deaths[:30].sum() == 0          # before the harvest: last year's stocks
    assert deaths[52:83].sum() > 3 * deaths[31:52].sum() > 0   # the hungry months
    assert deaths[85:].sum() < deaths[75:80].sum()  # the next harvest ends it


def test_the_herd_falls_through_the_drive_and_is_made_good_slowly():
    s = make_state(scale=2000, p={"livestock_loss_forced": 0.4, "livestock_decline_years": 2.0,
                                  "livestock_recovery_annual": 0.1})
    ev.Collectivization(date=START, path="forced", end=date_of(10)).apply(
        s, np.random.default_rng(0))
    herd = []
    for week in (0, 52, 104, 156, 520):
        s.week = week
        herd.append(collectivization.herd_index(s))
    assert herd[0] == 1.0
    assert herd[1] == pytest.approx(0.8, abs=0.01) and herd[2] == pytest.approx(0.6, abs=0.01)
    assert herd[2] < herd[3] < herd[4] < 1.0
    assert herd[4] == pytest.approx(1 - 0.4 * np.exp(-0.1 * (520 - 104) / 52.18), abs=0.01)
    gradual = make_state(scale=2000)
    ev.Collectivization(date=START, path="gradual", end=date_of(10)).apply(
        gradual, np.random.default_rng(0))
    gradual.week = 104
    assert collectivization.herd_index(gradual) == 1.0


def test_a_lost_herd_takes_food_and_reserves_from_a_lean_year():
    """The same lean year kills more in a village that has lost its herd: the milk and meat
    are gone from its diet and from its reserves. With neither channel, the herd is idle."""
    lean = {"procurement_forced": 0.45, "famine_reserve_weeks": 8.0, "famine_mortality": 2.0,
            "livestock_decline_years": 0.5}

    def deaths(**extra):
        s = _grain_run({**lean, **extra}, 90)
        return s.rec.counts[:, COLUMN["famine_deaths"]].sum()

    kept, lost = deaths(livestock_loss_forced=0.0), deaths(livestock_loss_forced=0.6)
    assert lost > 1.3 * kept > 0
    diet_only = deaths(livestock_loss_forced=0.6, livestock_reserve_share=0.0)
    assert kept < diet_only < lost
    idle = {"livestock_diet_share": 0.0, "livestock_reserve_share": 0.0}
    assert deaths(livestock_loss_forced=0.0, **idle) == deaths(livestock_loss_forced=0.6, **idle)


def test_targeted_quotas_concentrate_the_famine():
    regions = collectivization_regions = (0, 1, 2, 3)
    p = {"procurement_forced": 0.35, "famine_reserve_weeks": 4.0, "famine_mortality": 2.0}
    s = _grain_run(p, 80, collectivization_regions, 2.0)
    c = s.countryside
    assert np.all(c.quota_factor[list(regions)] > 1) and np.all(c.quota_factor[4:] < 1)
    dead = np.flatnonzero(s.pop.status == DIED_IN_FAMINE)
    rate = np.bincount(s.pop.region[dead], minlength=s.pop.n_regions) / (
        s.pop.seg_end[:, 1] - s.pop.seg_start[:, 1])
    assert rate[list(regions)].mean() > 3 * rate[4:].mean()
    flat = _grain_run(p, 80)
    assert np.all(flat.countryside.quota_factor == 1)


def test_the_movement_ban_takes_away_flights_relief():
    p = {"procurement_forced": 0.35, "famine_reserve_weeks": 4.0, "famine_mortality": 2.0,
         "famine_flight_relief": 0.5}
    s = make_state(scale=2000, p=p)
    ev.MovementBan(date=START, places=["UKR"]).apply(s, np.random.default_rng(0))
    banned = s.countryside.movement_banned
    assert banned[list(regions_of("UKR"))].all() and banned.sum() == len(regions_of("UKR"))


def test_a_deportation_wave_takes_villagers_of_its_regions_to_the_settlements():
    s = make_state(scale=500)
    rng = np.random.default_rng(6)
    ev.Deportation(date=START, end=date_of(10), places=["KAZ"], total=100_000,
                   taint="kulak").apply(s, rng)
    _weeks(s, 12, rng)
    new = np.flatnonzero(s.pop.history & DEPORTED)
    assert abs(new.size - 200) < 30
    assert set(s.pop.region[new]) <= set(regions_of("KAZ"))
    assert not np.any(s.pop.flags[new] & 1)  # villagers (URBAN bit clear)
    assert np.all(s.pop.flags[new] & T_KULAK)
    assert s.countryside.settlers.size >= new.size - 20


def test_a_wave_never_deports_a_settler_twice():
    # a wave the size of most of Kazakhstan's villages: without the check, agents drawn twice
    # (or already in the settlements) would be listed twice and die or escape twice
    s = make_state(scale=500)
    rng = np.random.default_rng(8)
    ev.Deportation(date=START, end=date_of(6), places=["KAZ"], total=3_000_000,
                   taint="kulak").apply(s, rng)
    _weeks(s, 8, rng)
    settlers = s.countryside.settlers.view
    assert settlers.size > 1000
    assert np.unique(settlers).size == settlers.size


def test_escaped_settlers_are_partly_caught_and_returned():
    s = make_state(scale=500, p={"settlement_mortality_annual": 0.0,
                                 "settlement_release_annual": 0.0,
                                 "settlement_escape_annual": 1.0})
    s.countryside.settlers.extend(np.flatnonzero(s.pop.status == 0)[:5000])
    rng = np.random.default_rng(7)
    _weeks(s, 10, rng)
    esc = s.rec.counts[:, COLUMN["settlement_escapes"]].sum()
    back = s.rec.counts[:, COLUMN["settlement_recaptured"]].sum()
    assert abs(back / esc - s.p.settlement_recapture_share) < 0.05
    assert s.countryside.settlers.size == 5000 - (esc - back)


def test_famine_deaths_are_rural_and_recorded():
    s = make_state(scale=2000)
    rng = np.random.default_rng(2)
    s.p = s.p.but(famine_mortality=5.0)
    s.p = s.p.but(procurement_nep=0.0)
    s.countryside.agrarian_path = "forced"
    s.p = s.p.but(procurement_forced=0.6, famine_reserve_weeks=4.0)
    _weeks(s, 60, rng)  # the famine follows the first harvest (week 30)
    dead = np.flatnonzero(s.pop.status == DIED_IN_FAMINE)
    assert dead.size > 0
    assert dead.size == s.rec.counts[:, COLUMN["famine_deaths"]].sum()
    assert not np.any(s.pop.flags[dead] & 1)  # URBAN bit


def test_each_weeks_deportees_are_spread_over_the_regions_in_proportion():
    """Settlers are laid out region by region: the first weeks must not all come from the
    RSFSR. Each of the first weeks' deportees fits the regional distribution of the list."""
    s = make_state(scale=500)
    rng = np.random.default_rng(0)
    ev.Collectivization(date=START, path="forced", end=date_of(20)).apply(s, rng)
    regions = s.pop.n_regions
    weights = np.bincount(s.pop.region[s.pop.group == SPECIAL_SETTLER], minlength=regions)
    for _ in range(3):
        before = (s.pop.history & DEPORTED) > 0
        _weeks(s, 1, rng)
        new = np.flatnonzero(((s.pop.history & DEPORTED) > 0) & ~before)
        assert new.size > 100
        observed = np.bincount(s.pop.region[new], minlength=regions)
        assert fit_p_value(observed, weights) > SIGNIFICANCE


def test_grain_exports_come_on_top_of_the_quota_from_the_harvest_that_fed_them(monkeypatch):
    s = make_state(scale=2000)
    p = s.p
    table = collectivization.export_tonnes()
    here = 1 - (p.harvest_week_of_year - 1) / 52
    s.countryside.agrarian_path = "forced"
    assert collectivization.grain_exports_mt(s, 1931) == table[1931]
    assert abs(collectivization.harvest_exports_mt(s, 1930)
               - (here * table[1930] + (1 - here) * table[1931])) < 1e-12
    s.countryside.agrarian_path = "gradual"   # the same share of a smaller procurement
    assert abs(collectivization.grain_exports_mt(s, 1931)
               - table[1931] * p.procurement_gradual / p.procurement_forced) < 1e-12
    s.countryside.agrarian_path = "nep"
    assert collectivization.grain_exports_mt(s, 1931) == 0.0
    # a village that exports eats less after the harvest and starves more than one that does
    # not: the same forced path from the harvest of 1930, with the table and without it
    opts = {"procurement_forced": 0.35, "famine_reserve_weeks": 4.0, "famine_mortality": 2.0}
    eaten, dead = {}, {}
    for exports in (True, False):
        if not exports:
            monkeypatch.setattr(collectivization, "export_tonnes", lambda: {})
        s = make_state(scale=2000, p=opts, weeks=140)
        s.week = week_of(dt.date(1930, 1, 1))
        s.countryside.agrarian_path = "forced"
        collectivization.books(s)
        rng, eat = np.random.default_rng(5), []
        for _ in range(100):
            s.rec.week = s.week - week_of(dt.date(1930, 1, 1))
            collectivization.step(s, rng)
            eat.append(s.countryside.leavers_eat)
            s.week += 1
        eaten[exports] = float(np.mean(eat[40:]))
        dead[exports] = int(np.count_nonzero(s.pop.status == DIED_IN_FAMINE))
    assert eaten[True] < eaten[False] - 0.03
    assert dead[True] > dead[False]


def _eat_and_deaths(p, weeks, fixed=False):
    """The village's weekly consumption and famine deaths on the quota path from 1928."""
    eat: list[float] = []
    s = _grain_run(p, weeks, fixed=fixed, eaten=eat)
    return np.array(eat), s.rec.counts[:, COLUMN["famine_deaths"]]


def test_a_quota_the_campaign_may_raise_moves_the_hunger_to_winter_and_spring():
    """A village that does not set the coming quota aside eats its fill after the harvest
    (week 30) and starves once the campaign has taken it; one that knows the quota, or
    delivers a fixed norm (the decree of 19 January 1933), rations evenly through the year."""
    p = {"procurement_forced": 0.45, "famine_reserve_weeks": 8.0, "famine_mortality": 2.0}
    myopic_eat, myopic = _eat_and_deaths({**p, "ration_foresight": 0.0}, 84)
    wise_eat, wise = _eat_and_deaths({**p, "ration_foresight": 1.0}, 84)
    fixed_eat, fixed = _eat_and_deaths({**p, "ration_foresight": 0.0}, 84, fixed=True)
    autumn, spring = slice(31, 45), slice(60, 80)
    assert myopic_eat[autumn].mean() > wise_eat[autumn].mean() + 0.1
    assert myopic_eat[spring].mean() < wise_eat[spring].mean() - 0.1
    assert np.ptp(wise_eat[31:80]) < 0.05             # even rations through the grain year
    assert myopic[spring].sum() > wise[spring].sum() > 0
    assert myopic[autumn].sum() < wise[autumn].sum()
    np.testing.assert_array_equal(fixed_eat, wise_eat)  # a fixed norm is a known quota
    np.testing.assert_array_equal(fixed, wise)
