"""The evidence floor binds every arrest path (the lever's promise: no one is arrested with less).

Each path is run with the floor set and with floor 0 on the same setup: with the floor, everyone
detained had at least the floor against them at the moment of arrest; with floor 0, the same
setup detains people below it (so each test can fail). Evidence is read by a spy around
`security.arrest` just before the call, and only agents the call actually detained count.
"""

from __future__ import annotations

import numpy as np
import pytest

from purgesim.data import REGION_CODES
from purgesim.model import army, camps, security
from purgesim.model import events as ev
from purgesim.model.calendar import START, date_of
from purgesim.model.engine import Simulation
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import (
    DETAINED,
    DIASPORAS,
    EXECUTED,
    FREE,
    OFFICER,
    T_OPPOSITION,
    TAINT_MASK,
)
from purgesim.model.state import OP, OP_00447, OP_CAMPAIGN, OP_KIROV, OP_NATIONAL, OP_ORDINARY
from purgesim.scenarios.scenario import load_scenario
from tests.conftest import make_state

NATIONAL = tuple(OP_NATIONAL.tolist())

FLOOR = 3.0


@pytest.fixture
def detentions(monkeypatch):
    """Every detention made through `security.arrest`: (operation, agents, evidence at
    arrest)."""
    seen: list[tuple[int, np.ndarray, np.ndarray]] = []
    real = security.arrest

    def spy(state, idx, operation, rng):
        idx = np.asarray(idx, dtype=np.int64)
        e = security.evidence(state, idx)
        free = state.pop.status[idx] == FREE
        out = real(state, idx, operation, rng)
        took = free & (state.pop.status[idx] == DETAINED)
        seen.append((operation, idx[took], e[took]))
        return out

    monkeypatch.setattr(security, "arrest", spy)
    monkeypatch.setattr(army, "arrest", spy)
    return seen


def _evidence_at_arrest(seen, operations) -> np.ndarray:
    return np.concatenate([e for op, _, e in seen if op in operations] + [np.empty(0)])


def _check(state, seen, operations, floor):
    """All detentions went through the spy; returns the evidence at arrest of those detained."""
    detained = np.flatnonzero(state.pop.status == DETAINED)
    spied = np.concatenate([i for _, i, _ in seen] + [np.empty(0, dtype=np.int64)])
    assert np.array_equal(np.sort(spied), detained)  # no detention outside `arrest`
    e = _evidence_at_arrest(seen, operations)
    assert e.size > 0, "the setup must arrest someone on this path"
    if floor > 0:
        assert e.min() >= floor, f"{np.count_nonzero(e < floor)} of {e.size} below the floor"
    else:
        assert np.count_nonzero(e < FLOOR) > 0, "floor 0 must arrest people below FLOOR"
    return e


def _graded_evidence(state, idx, rng):
    """A tenth of `idx` denounced 4 times (above FLOOR), the rest 0 or 1 times: below FLOOR
    even with a taint on file (evidence at most 2), so a path that ignores the floor and
    arrests more than a tenth must take people below it."""
    state.pop.denounced[idx] = np.where(rng.random(idx.size) < 0.1, 4, rng.integers(0, 2, idx.size))


@pytest.mark.parametrize("floor", [FLOOR, 0.0])
def test_ordinary_and_kirov_law_arrests_respect_the_floor(detentions, floor):
    s = make_state(scale=2000)
    rng = np.random.default_rng(0)
    s.p = s.p.but(evidence_floor=floor, arrest_capacity_per_year=100_000_000)
    s.threat = s.p.threat_cap  # the ordinary bar falls well below FLOOR
    s.kirov_law = True
    pool = np.arange(0, 40_000, 10)
    s.pop.flags[pool[::3]] |= T_OPPOSITION  # some fall under the Kirov law
    _graded_evidence(s, pool, rng)
    s.add_to_pool(pool)
    assert security.ordinary_bar(s) >= floor
    security.ordinary_arrests(s, rng)
    e = _check(s, detentions, (OP_ORDINARY, OP_KIROV), floor)
    assert {r for r, i, _ in detentions if i.size} == {OP_ORDINARY, OP_KIROV}
    assert e.size > 50


@pytest.mark.parametrize("floor", [FLOOR, 0.0])
def test_campaign_arrests_respect_the_floor(detentions, floor):
    s = make_state(scale=2000)
    rng = np.random.default_rng(1)
    s.p = s.configured = s.p.but(evidence_floor=floor, campaign_weekly_rate=0.5)
    ev.Collectivization(date=START, path="forced", end=date_of(50)).apply(s, rng)
    ev.Campaign(date=START, end=date_of(10), taint="kulak").apply(s, rng)
    files = s.campaigns[0][1]
    _graded_evidence(s, files, rng)
    security.campaign_arrests(s, rng)
    _check(s, detentions, (OP_CAMPAIGN,), floor)


@pytest.mark.parametrize("floor", [FLOOR, 0.0])
def test_national_operation_arrests_respect_the_floor(detentions, floor):
    s = make_state(scale=500)
    rng = np.random.default_rng(2)
    s.p = s.p.but(evidence_floor=floor, national_op_weekly_rate=0.5)
    ev.NationalOperation(date=START, diaspora="german").apply(s, rng)
    members = s.national[0][1]
    assert members.size > 100 and np.all(s.pop.diaspora[members] == DIASPORAS.index("german"))
    _graded_evidence(s, members, rng)
    security.national_arrests(s, rng)
    _check(s, detentions, NATIONAL, floor)


@pytest.mark.parametrize("floor", [FLOOR, 0.0])
def test_mass_operation_arrests_respect_the_floor(detentions, floor):
    s = make_state(scale=2000)
    rng = np.random.default_rng(3)
    s.p = s.p.but(evidence_floor=floor, arrest_capacity_per_year=100_000_000, quota_zeal=100.0)
    limits = {"MOSCOW": (1_000_000, 1_000_000)}  # more than the files hold above FLOOR
    ev.MassOperation(date=START, limits=limits, gulag_cat1=0).apply(s, rng)
    _graded_evidence(s, s.operation.files[REGION_CODES.index("MOSCOW")], rng)
    for week in range(3):
        s.week = week
        security.mass_operation_arrests(s, rng)
    _check(s, detentions, (OP_00447,), floor)


@pytest.mark.parametrize("floor", [FLOOR, 0.0])
def test_army_purge_arrests_respect_the_floor(detentions, floor):
    s = make_state(scale=500)
    rng = np.random.default_rng(4)
    s.p = s.p.but(evidence_floor=floor, army_purge_arrest_share=1.0,
                  army_purge_discharge_rate=1.0)
    s.army.purge_until = 52
    officers = s.army.register
    assert np.all(s.pop.group[officers] == OFFICER)
    _graded_evidence(s, officers, rng)
    for week in range(40):  # discharges are a yearly share of the corps: weeks to pass the top
        s.week = week
        army.purge(s, rng)
    _check(s, detentions, (OP_ORDINARY,), floor)


@pytest.mark.parametrize("floor", [0.0, 1e9])
def test_camp_re_sentencing_is_bound_by_the_floor_too(detentions, floor):
    """Order 00447's category-1 limit for inmates is a sentence, not an arrest, but a death
    sentence below the evidence standard is what the standard forbids (security._gulag_cat1):
    with an unreachable floor no inmate is shot; with floor 0 the limit is filled. No one is
    arrested on this path either way."""
    s = make_state(scale=2000)
    rng = np.random.default_rng(5)
    s.p = s.p.but(evidence_floor=floor)
    ev.MassOperation(date=START, limits={}, gulag_cat1=20_000).apply(s, rng)
    inmates = np.flatnonzero(s.pop.flags & TAINT_MASK)[:500]
    camps.admit(s, inmates, years=5.0)
    security.mass_operation_arrests(s, rng)
    shot = np.flatnonzero(s.pop.status == EXECUTED)
    assert np.all(np.isin(shot, inmates))
    assert (shot.size > 0) == (floor == 0.0)
    assert not any(i.size for _, i, _ in detentions)


def test_evidence_standard_scenario_arrests_no_one_below_its_floor(detentions):
    """End to end: the shipped scenario (floor 3), stepped week by week at a small scale."""
    sc = load_scenario("evidence_standard").with_overrides(scale=10_000)
    sim = Simulation(sc.to_config(), sc.seed)
    sim.step()  # the standard is a dated decision taking effect in the first week
    floor = sim.state.p.evidence_floor
    assert floor == FLOOR == sim.state.p.evidence_standard_floor
    while sim.state.week < sim.config.n_weeks:
        sim.step()
    e = _evidence_at_arrest(detentions, tuple(OP.values()))
    recorded = sim.state.rec.counts[:, COLUMN["arrested"]].sum()
    assert e.size == recorded > 0  # every recorded arrest was seen by the spy
    assert e.min() >= floor, f"{np.count_nonzero(e < floor)} of {e.size} arrests below the floor"
