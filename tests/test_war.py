"""The war and after (model/war.py, the 1941-53 events): one test per mechanism, each failing
when its mechanism is taken out."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from purgesim.data import REGION_CODES, WAR_INPUTS
from purgesim.model import war
from purgesim.model.calendar import week_of
from purgesim.model.economy import INDUSTRY
from purgesim.model.engine import Simulation
from purgesim.model.population import PARTY
from purgesim.model.results import week_years
from purgesim.scenarios.scenario import load_scenario

from .conftest import SMALL_SCALE, make_state

THROUGH_1942 = dt.date(1942, 6, 1)
PURGE_SCALE = 1000


def war_state(**params):
    """A small state in its war week (week 0), the officer corps of 1937 taken as today's."""
    state = make_state(params)
    state.war_week = 0
    state.rec.set_level("officer_experience", state.army.mean_experience)
    state.war = war.begin(state)
    return state


def through(until: dt.date, seed: int = 1, scenario: str = "historical", **params):
    """The scenario at the small scale, on the registry's values, through the war to `until`."""
    sc = load_scenario(scenario).with_overrides(scale=SMALL_SCALE, params_from="registry",
                                                until=until, params=params or None)
    return Simulation(sc.to_config(seed), seed).run()


def test_regions_lie_where_the_front_would_reach_them():
    d = dict(zip(REGION_CODES, war.border_distance_km(), strict=True))
    assert d["BSSR"] < 400 and d["KIEV"] < 500
    assert 950 < d["MOSCOW"] < 1100 and 1150 < d["STALINGRAD"] < 1350
    assert d["FAR_EAST"] > 5000
    assert 550 < war.berlin_depth_km() < 800


def test_officer_experience_sets_soviet_effectiveness():
    state = war_state(officer_experience_elasticity=0.5)
    w, p = state.war, state.p
    full = war._effectiveness(p, w, weeks_at_war=52)
    w.officer_years *= 0.25
    assert war._effectiveness(p, w, weeks_at_war=52) == pytest.approx(full * 0.5)
    assert war._effectiveness(p, w, weeks_at_war=0) == pytest.approx(
        full * 0.5 * p.surprise_factor)


def test_the_army_purge_costs_the_front():
    """Same seed, same everything, but no army purge: the corps meets the war with more
    experience and the front goes less deep (the purge channel of the war module). At 1:1000:
    coarser, the officer register is too small for the purge to draw from."""
    sc = load_scenario().with_overrides(scale=PURGE_SCALE, params_from="registry",
                                        until=THROUGH_1942)
    runs = {name: Simulation(s.to_config(1), 1).run()
            for name, s in (("purge", sc), ("none", sc.without("army_purge")))}
    t = {name: r.summary() for name, r in runs.items()}
    assert t["none"]["officer_experience_years"] > t["purge"]["officer_experience_years"] + 0.2
    assert t["none"]["front_depth_max"] < t["purge"]["front_depth_max"] - 20


def test_occupation_takes_capital_evacuation_returns_part_and_liberation_the_rest():
    state = war_state(evacuated_share=0.4, war_destruction_share=0.5,
                      evacuation_restart_weeks=10)
    eco, w = state.economy, state.war
    before = eco.capital[INDUSTRY].copy()
    w.depth = 1000.0
    war._occupy(state, w)
    lost = w.capital_share[w.distance < 1000.0].sum(axis=0)
    assert lost.max() > 0.2
    np.testing.assert_allclose(eco.capital[INDUSTRY], before * (1 - lost))
    state.week = 10
    war._occupy(state, w)  # the evacuated plants work again in the east
    np.testing.assert_allclose(eco.capital[INDUSTRY], before * (1 - lost * 0.6))
    w.depth = -1.0
    war._occupy(state, w)  # the land is retaken: half of what was left behind is destroyed
    np.testing.assert_allclose(eco.capital[INDUSTRY], before * (1 - lost * 0.3))
    assert not w.occupied.any()


def test_a_front_pushed_past_the_collapse_depth_collapses_and_the_war_stops():
    r = through(THROUGH_1942, german_effectiveness=3.0, surprise_factor=0.2,
                winter_penalty=0.0, supply_range_km=3000.0)
    t = r.summary()
    assert t["war_collapsed"] == 1 and t["war_won"] == 0
    assert t["front_depth_max"] >= r.config.params.collapse_depth_km
    after = np.flatnonzero(r.series("war_collapsed") > 0)
    assert r.series("tanks")[after[1:]].sum() == 0  # no war economy after the collapse week


def test_a_far_stronger_red_army_wins_by_reaching_berlin():
    r = through(dt.date(1944, 1, 1), german_effectiveness=1.2, surprise_factor=0.9,
                winter_penalty=0.5)
    t = r.summary()
    assert t["war_won"] == 1 and 1941.5 < t["war_end_year"] < 1944
    assert r.series("front_depth").min() == pytest.approx(-war.berlin_depth_km())


def test_lendlease_arrives_in_the_documented_amounts():
    weeks = range(week_of(dt.date(1941, 1, 1)), week_of(dt.date(1946, 1, 1)))
    total = sum(war.lendlease_tonnes_week(w) for w in weeks)
    documented = sum(t for _, _, t in WAR_INPUTS.lendlease)
    assert total == pytest.approx(documented, rel=1e-9)
    assert war.lendlease_tonnes_week(week_of(dt.date(1941, 9, 1))) == 0


def test_munitions_follow_the_defence_share_and_the_1940_proportions():
    p = make_state().p
    tanks0, aircraft0 = war.munitions(p, WAR_INPUTS.gdp_ussr_1940_bn, 0, 0.0)
    assert tanks0 * 52 == pytest.approx(WAR_INPUTS.tanks_1940)   # the 1940 budget, the 1940 output
    assert aircraft0 / tanks0 == pytest.approx(WAR_INPUTS.aircraft_1940 / WAR_INPUTS.tanks_1940)
    tanks1, _ = war.munitions(p, WAR_INPUTS.gdp_ussr_1940_bn, 52, 0.0)
    assert tanks1 / tanks0 == pytest.approx(
        war.defence_share(p, 52) / p.defence_share_prewar
        * np.exp(p.munitions_learning_per_year))


@pytest.fixture(scope="module")
def to_1950():
    return through(dt.date(1950, 6, 1))


def test_the_death_penalty_is_abolished_from_1947_to_1950():
    # with a death share large enough that the courts shoot some every year at this scale (the
    # historical share shoots one or two agents a year here, or none: no contrast), the decree
    # of 26 May 1947 leaves 1948-49 with no one shot (about 7 agents sentenced in those years:
    # without the decree, all of them spared has a chance of 0.4^7)
    run = through(dt.date(1950, 6, 1), death_share_courts_1939=0.6)
    years = week_years(run.n_weeks)
    shot = run.series("shot")
    assert shot[(years == 1948) | (years == 1949)].sum() == 0
    assert shot[(years >= 1943) & (years <= 1946)].sum() > 0


def test_peoples_are_deported_in_the_war(to_1950):
    w0, w1 = week_of(dt.date(1941, 9, 1)), week_of(dt.date(1944, 12, 31))
    deported = to_1950.series("deported")[w0:w1].sum()
    assert deported > 0.6 * (846_340 + 496_000 + 191_044)


def test_prisoners_are_released_in_1941(to_1950):
    """The decrees' releases come on top of the terms that end: more leave the camps in the
    second half of 1941 than in a half-year of the two years before, and the camps shrink.
    (The comparison is with the mean of four half-years: at this scale one half-year's terms
    that end are a handful of agents, too few to compare with one another.)"""
    camps = to_1950.series("camp_population")
    releases = to_1950.series("camp_releases")
    w0, w1 = week_of(dt.date(1941, 7, 5)), week_of(dt.date(1942, 1, 7))
    v0 = week_of(dt.date(1939, 7, 5))
    usual = releases[v0:w0].sum() / 4
    decreed = to_1950.config.params.camp_release_1941
    assert releases[w0:w1].sum() > usual + 0.2 * decreed
    assert camps[w1] < camps[w0]


def test_a_run_that_ends_at_the_war_simulates_none_of_it(baseline_result):
    r = baseline_result
    assert r.config.war_week is None and not r.through_war
    for name in ("tanks", "military_dead", "front_depth", "war_won", "war_collapsed"):
        assert not r.series(name).any()
    assert r.war_week == r.n_weeks - 1


# ----------------------------------------------------------------------------- command line
def test_run_until_reports_the_war(tmp_path):
    from typer.testing import CliRunner

    from purgesim.cli import app

    r = CliRunner().invoke(app, ["run", "--until", "1942-01-01", "--scale", str(SMALL_SCALE),
                                 "--params", "registry", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "The war:" in r.output and "1928 to the war (22 Jun 1941)" in r.output


def test_compare_until_says_how_often_each_path_loses(tmp_path):
    from typer.testing import CliRunner

    from purgesim.cli import app

    r = CliRunner().invoke(app, [
        "compare", "historical", "gradual_path", "--until", "1942-01-01", "--seeds", "2",
        "--scale", str(SMALL_SCALE), "--params", "registry", "--no-report", "--workers", "1"])
    assert r.exit_code == 0, r.output
    words = " ".join(r.output.split())
    assert "The war's end over 2 seeds" in words
    assert "gradual_path: collapsed where historical held on" in words


def test_compare_without_until_shows_no_war(tmp_path):
    from purgesim.experiments.compare import compare
    from purgesim.reports.tables import outcome_rows

    sc = [load_scenario(n).with_overrides(scale=SMALL_SCALE, params_from="registry")
          for n in ("historical", "gradual_path")]
    cmp = compare(sc, [1])
    assert not cmp.through_war
    assert not any(row[0] == "Military dead" for row in outcome_rows(cmp))


# ----------------------------------------------------------------------------- war posterior
def test_war_candidates_are_reproducible_and_inside_the_priors():
    from purgesim.data.posterior import war_names
    from purgesim.experiments.war_posterior import candidates
    from purgesim.model.params import REGISTRY

    a, b = candidates(5, master=3), candidates(5, master=3)
    assert a == b and candidates(5, master=4) != a
    for c in a:
        assert set(c.war) == set(war_names())
        for name, value in c.war.items():
            prior = REGISTRY[name].prior
            assert prior.low <= value <= prior.high


def test_a_war_posterior_build_keeps_only_the_wins_and_gives_the_same_bytes(tmp_path):
    from purgesim.experiments.war_posterior import build, write

    built = build(3, master=1, scale=SMALL_SCALE, workers=1)
    assert built.meta["kept"] + built.meta["collapsed"] <= 3
    paths = [write(tmp_path / name, build(3, master=1, scale=SMALL_SCALE, workers=1))
             for name in ("a", "b")]
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_a_run_through_the_war_takes_a_joint_draw_of_the_war_posterior():
    from purgesim.data.posterior import shipped, war_shipped

    war_post, post = war_shipped(), shipped()
    sc = load_scenario().with_overrides(until=dt.date(1953, 3, 5))
    p = sc.resolved_params(seed=11)
    rows = {tuple(post.samples[r]) for r in war_post.rows}
    assert tuple(p[n] for n in post.names) in {tuple(float(post._as_params(np.array(r))[n])
                                                     for n in post.names) for r in rows}
    assert any(np.allclose([p[n] for n in war_post.names], war_post.samples[k])
               for k in range(len(war_post.rows)))
    assert sc.content_hash() != sc.with_overrides(params_from="registry").content_hash()


def test_the_shipped_war_posterior_is_the_file_its_sidecar_describes():
    import hashlib

    from purgesim.data.posterior import FOLDER, WAR_SAMPLES, shipped, war_shipped

    w = war_shipped()
    digest = hashlib.sha256((FOLDER / WAR_SAMPLES).read_bytes()).hexdigest()
    assert w.meta["sha256"] == digest
    assert w.meta["posterior_sha256"] == shipped().meta["sha256"]
    assert w.meta["kept"] == len(w.rows) > 0
    assert (w.rows >= 0).all() and (w.rows < len(shipped().samples)).all()


def test_a_leadership_case_takes_the_regions_elite():
    """The Leningrad Affair's kind of event: the persons it names are arrested at once among
    the region's officials, specialists, officers and party members, and nobody else."""
    from purgesim.data import regions_of
    from purgesim.model.events import LeadershipCase
    from purgesim.model.population import FREE
    from purgesim.model.security import is_elite
    from purgesim.model.state import OP_LISTS

    state = make_state()
    case = LeadershipCase(date=dt.date(1949, 8, 13), places=["LENINGRAD"],
                          total=5 * state.scale)
    case.apply(state, np.random.default_rng(3))
    taken = np.flatnonzero(state.pop.status != FREE)
    assert taken.size == 5
    assert set(state.pop.region[taken].tolist()) <= set(regions_of("LENINGRAD"))
    assert is_elite(state, taken).all()
    assert (state.detainees.operation.view == OP_LISTS).sum() == 5


def test_the_wars_own_events_move_with_the_war_date():
    """A war a year early brings the wartime courts, the releases and the deportations a
    year early; post-war decrees keep their dates; a stream to the last day still ends there."""
    def dated(name: str) -> dict:
        sc = load_scenario(name).with_overrides(until=dt.date(1953, 3, 5))
        return {e.id: e for e in sc.to_config(1).events}

    hist, early = dated("historical"), dated("early_war")
    assert hist["deportation_soviet_germans"].date == dt.date(1941, 9, 3)
    assert early["deportation_soviet_germans"].date == dt.date(1940, 9, 3)
    assert early["deportation_chechens_ingush"].end == dt.date(1944, 3, 15) - dt.timedelta(365)
    assert early["courts_to_camps_after_1941"].date == dt.date(1940, 6, 29)
    assert early["courts_to_camps_after_1941"].end == dt.date(1953, 3, 5)
    assert early["death_penalty_abolished"].date == dt.date(1947, 5, 26)
    late = dated("late_war")
    assert late["releases_1941"].date == dt.date(1942, 7, 12)


def test_the_wars_dead_leave_the_population(to_1950):
    """The agents the excess deaths stand for die: as many as the deaths, up to the rounding
    of each week's deaths to whole agents. A draw that lands on an agent already dead or held
    is drawn again (`war.bury`); without the redraw the agents who die fall short of the
    deaths by the share no longer at liberty (7-11% by 1950 at this scale, seeds 1-3)."""
    died = to_1950.series("war_deaths").sum()
    deaths = to_1950.series("excess_deaths").sum()
    assert 0.98 * deaths <= died <= 1.02 * deaths
    from purgesim.model.population import DIED_IN_WAR, STATUS_NAMES
    assert STATUS_NAMES[DIED_IN_WAR] == "died_in_war"
    assert to_1950.status_counts[DIED_IN_WAR] == died


def test_burial_takes_agents_at_liberty_of_the_regions_and_party_members_with_them():
    state = war_state()
    pop = state.pop
    members, was_member = state.party.members, (pop.flags & PARTY) > 0
    every = np.ones(len(REGION_CODES), dtype=bool)
    died = war.bury(state, every, 500 * state.scale, np.random.default_rng(1))
    assert 0 < died.size <= 500
    assert (pop.status[died] == war.DIED_IN_WAR).all()
    assert state.party.members == members - int(was_member[died].sum()) < members
    assert not (pop.flags[died] & PARTY).any()
    assert not war.bury(state, np.zeros(len(REGION_CODES), dtype=bool), 500 * state.scale,
                        np.random.default_rng(1)).size


def test_the_call_up_takes_workers_and_victory_gives_the_survivors_back():
    state = war_state(called_up_from_industry=0.2, demobilisation_weeks=10)
    eco, w, p = state.economy, state.war, state.p
    before = eco.labour_industry
    war._call_up_workers(state, w, 1_000_000.0, 0.0)
    taken = 1_000_000.0 * 0.2 / p.industrial_workers_1928
    assert eco.labour_industry == pytest.approx(before - taken)
    war._call_up_workers(state, w, 0.0, w.soviet_field / 2)     # half the field army dies
    assert w.called_up_workers == pytest.approx(taken / 2)
    w.state, w.ended = war.WON, state.week
    for _ in range(10):
        war._demobilise(state, w)
        state.week += 1
    assert eco.labour_industry == pytest.approx(before - taken / 2)


def test_the_camps_starve_while_land_is_occupied():
    from purgesim.model import camps

    state = war_state(camp_war_food_mortality=4.0)
    peace = camps.mortality(state)
    state.war.occupied[:] = True
    assert camps.mortality(state) == pytest.approx(min(1.0, peace * 5.0))
    state.war.state = war.WON
    assert camps.mortality(state) == pytest.approx(peace)
