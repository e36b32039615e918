"""The Great Terror's machinery as it ran: regions, Order 00447's limit book and timetable, the
national lines and their albums, the special troikas, the halt, the leadership lists, and the
ordinary bar without a knife edge. Each test fails when its mechanism is removed."""

import datetime as dt

import numpy as np

from purgesim.data import REGION_CODES, REGIONS, REPUBLICS, regions_of
from purgesim.model import centre, security
from purgesim.model import events as ev
from purgesim.model.calendar import START, week_of
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import (
    DETAINED,
    DIASPORAS,
    FREE,
    OFFICER,
    OFFICIAL,
    PARTY,
    SPECIALIST,
    T_CRIMINAL,
    T_FORMER,
)
from purgesim.model.state import (
    AWAITING_ALBUM,
    CAMPAIGN,
    OP_00447,
    OP_HARMFUL,
    OP_LISTS,
    national_operation,
)
from tests.conftest import make_state

MOSCOW = REGION_CODES.index("MOSCOW")


def total(s, name):
    return int(s.rec.counts[:, COLUMN[name]].sum())


# ----------------------------------------------------------------------------- regions
def test_regions_are_the_orders_table_with_moscow_and_their_republics():
    assert len(REGIONS) == 64 and "MOSCOW" in REGION_CODES
    assert REGIONS[MOSCOW].republic == "RSFSR"
    assert (REGIONS[MOSCOW].limit_cat1, REGIONS[MOSCOW].limit_cat2) == (5_000, 30_000)
    rsfsr = [REGIONS[i] for i in regions_of("RSFSR")]
    assert sum(r.limit_cat1 for r in rsfsr) == 47_450       # the published subtotals
    assert sum(r.limit_cat2 for r in rsfsr) == 142_150
    assert sum(r.limit_cat2 for r in REGIONS) == 193_000     # the national category 2
    assert {"RSFSR", "UKR", "KAZ", "BSSR"} <= set(REPUBLICS)


def test_a_republics_limits_are_shared_among_its_regions_by_their_first_limits():
    out = ev.by_region({"KAZ": (2_500 * 2, 5_000 * 2)})
    for i in regions_of("KAZ"):
        r = REGIONS[i]
        assert np.allclose(out[r.code], (2 * r.limit_cat1, 2 * r.limit_cat2))


# ----------------------------------------------------------------------------- Order 00447
def _operation(limits, scale=2000, **kw):
    s = make_state(scale=scale, weeks=200)
    rng = np.random.default_rng(0)
    ev.MassOperation(date=START, limits=limits, gulag_cat1=0, **kw).apply(s, rng)
    return s, rng


def _weeks(s, rng, n, requests=True):
    for _ in range(n):
        security.decide_cases(s, rng)
        security.mass_operation_arrests(s, rng)
        if requests:
            centre.review_requests(s, rng)
        s.week += 1


def test_a_region_begins_on_its_own_start_date():
    late = START + dt.timedelta(weeks=3)
    s, rng = _operation({"MOSCOW": (5_000, 30_000), "UZB": (7_500, 40_000)}, starts={"UZB": late})
    _weeks(s, rng, 3, requests=False)
    region = s.pop.region[s.pop.status != FREE]
    uzb = REGION_CODES.index("UZB")
    assert np.count_nonzero(region == MOSCOW) > 0 and np.count_nonzero(region == uzb) == 0
    _weeks(s, rng, 3, requests=False)
    assert np.count_nonzero(s.pop.region[s.pop.status != FREE] == uzb) > 0


def test_the_category_follows_the_limits_as_granted_not_what_is_left():
    # a region granted one in three to category 1 whose category-1 limit is spent keeps
    # sentencing about one in three to death (drawn from what is left, it would shoot no one)
    s, rng = _operation({"MOSCOW": (100_000, 200_000)}, scale=500)
    s.operation.remaining1[MOSCOW] = 0
    convicts = np.arange(*s.pop.region_range(MOSCOW))[:3000]
    death = security._within_limits(s, convicts, rng.random(convicts.size))
    assert 0.29 < death.mean() < 0.38


def test_regions_close_at_their_deadline_and_their_own_requests_stop_being_granted():
    s, rng = _operation({"MOSCOW": (5_000, 30_000), "LENINGRAD": (4_000, 10_000)})
    s.p = s.p.but(limit_approval_base=1.0)
    s.threat = 5.0
    until = s.week + 4
    centre.set_deadline(s, (MOSCOW,), until)
    s.week = until
    s.operation.remaining1[:] = s.operation.remaining2[:] = 0  # both limits used up
    before = s.operation.total.copy()
    centre.review_requests(s, rng)
    lenin = REGION_CODES.index("LENINGRAD")
    assert s.operation.total[MOSCOW] == before[MOSCOW] and not s.operation.active[MOSCOW]
    assert s.operation.total[lenin] > before[lenin]          # no deadline: request granted


def test_a_dated_increase_reopens_a_region_until_its_date():
    s, rng = _operation({"MOSCOW": (5_000, 30_000)})
    centre.set_deadline(s, (MOSCOW,), s.week + 1)
    s.week += 2
    centre.review_requests(s, rng)
    assert not s.operation.active[MOSCOW]
    until = START + dt.timedelta(weeks=20)
    ev.LimitIncrease(date=START, region="MOSCOW", cat1=2_000, until=until).apply(s, rng)
    assert s.operation.active[MOSCOW] and s.operation.planned_end[MOSCOW] == week_of(until)
    assert s.operation.persons1[MOSCOW] == 5_000 + 2_000        # the category share's numerator


def test_weekly_demand_is_rounded_without_bias_at_coarse_scale():
    # 3 agents to arrest over 10 planned weeks: about 0.3 a week, not 1 a week (ceil)
    s, rng = _operation({"KOMI": (3_000, 3_000)}, scale=2000)
    komi = REGION_CODES.index("KOMI")
    s.operation.remaining1[komi], s.operation.remaining2[komi] = 1, 2
    s.operation.planned_end[komi] = s.week + 10
    s.p = s.p.but(quota_zeal=1.0)
    security.mass_operation_arrests(s, rng)
    first_week = total(s, "arrested")
    assert first_week <= 1
    draws = [security.stochastic_round(0.3, rng) for _ in range(4000)]
    assert abs(np.mean(draws) - 0.3) < 0.03


# ----------------------------------------------------------------------------- national lines
def _line(s, rng, diaspora, **kw):
    ev.NationalOperation(date=START, diaspora=diaspora, **kw).apply(s, rng)
    return s.national[-1]


def test_a_lines_file_is_its_scope_of_the_diaspora_and_its_reach_beyond_it():
    s = make_state(scale=500)
    rng = np.random.default_rng(1)
    code = DIASPORAS.index("polish")
    members = np.count_nonzero(s.pop.diaspora == code)
    _, narrow, _ = _line(s, rng, "polish", scope=0.5)
    assert abs(narrow.size - members / 2) < 4 * np.sqrt(members)
    _, wide, _ = _line(s, rng, "polish", reach=1.0, reach_regions=("BSSR",))
    beyond = wide[s.pop.diaspora[wide] != code]
    assert beyond.size > 0
    assert set(np.unique(s.pop.region[beyond])) == {REGION_CODES.index("BSSR")}


def test_a_line_stops_at_its_cut_off():
    s = make_state(scale=500)
    rng = np.random.default_rng(2)
    _line(s, rng, "german", end=START + dt.timedelta(weeks=2))
    s.week = 2
    security.national_arrests(s, rng)
    assert s.national == [] and total(s, "arrested") == 0


def test_national_cases_wait_in_the_albums_and_the_dvoika_takes_the_oldest_first():
    s = make_state(scale=500)
    rng = np.random.default_rng(3)
    idx = np.flatnonzero(s.pop.diaspora == DIASPORAS.index("polish"))[:40]
    security.arrest(s, idx[:20], national_operation("polish"), rng)
    s.week = 1
    security.arrest(s, idx[20:], national_operation("polish"), rng)
    cases = s.detainees
    assert (cases.due.view == AWAITING_ALBUM).all()
    s.p = s.p.but(album_reviews_per_year=round(20 * 500 * 52.1775))  # 20 agents a week
    security.review_albums(s, rng)
    decided = cases.due.view != AWAITING_ALBUM
    assert decided.sum() == 20 and (cases.arrested.view[decided] == 0).all()


def test_special_troikas_take_only_cases_arrested_before_the_cut_off_and_the_halt_the_rest():
    s = make_state(scale=500, weeks=600)
    rng = np.random.default_rng(4)
    idx = np.flatnonzero(s.pop.diaspora == DIASPORAS.index("polish"))[:10]
    cut = dt.date(1928, 3, 1)
    s.week = week_of(cut) - 1
    security.arrest(s, idx[:5], national_operation("polish"), rng)
    s.week = week_of(cut) + 1
    security.arrest(s, idx[5:], national_operation("polish"), rng)
    ev.SpecialTroikas(date=dt.date(1928, 3, 15), end=dt.date(1928, 5, 15),
                      arrested_before=cut).apply(s, rng)
    due = s.detainees.due.view
    assert (due[:5] < AWAITING_ALBUM).all() and (due[5:] == AWAITING_ALBUM).all()
    ev.Halt(date=dt.date(1928, 4, 1)).apply(s, rng)
    assert (s.detainees.due.view < AWAITING_ALBUM).all()     # to ordinary procedure


# ----------------------------------------------------------------------------- the elite
def test_leadership_lists_take_only_officials_managers_officers_and_party_members():
    s = make_state(scale=200, weeks=60)
    rng = np.random.default_rng(5)
    s.pop.denounced[:] = 1
    s.add_to_pool(np.arange(s.pop.n))
    s.p = s.p.but(leadership_lists_per_year=5_000_000)
    security.leadership_lists(s, rng)
    assert total(s, "arrested") == 0                          # the lists are not running
    s.lists_until = 10
    security.leadership_lists(s, rng)
    taken = np.flatnonzero(s.pop.status == DETAINED)
    assert taken.size > 0
    elite = np.isin(s.pop.group[taken], (OFFICIAL, SPECIALIST, OFFICER)) | (
        (s.pop.flags[taken] & PARTY) > 0)
    assert elite.all()
    assert (s.detainees.operation.view == OP_LISTS).all()


# ----------------------------------------------------------------------------- the bar
def test_the_ordinary_bar_is_not_a_knife_edge():
    s = make_state(scale=500)
    cand = np.arange(2000)
    s.pop.flags[cand] &= 0x01
    s.pop.denounced[cand] = 1                                 # evidence exactly 1.0
    rng = np.random.default_rng(6)
    whole, k = np.array([0, cand.size]), np.array([cand.size])   # one group: the ordinary path
    hard = security.top_by_region(s, cand, whole, k, 1.2, rng)
    soft = security.top_by_region(s, cand, whole, k, 1.2, rng, softness=1.0)
    assert hard.size == 0                                     # all or nothing on the lattice
    assert 0.15 < soft.size / cand.size < 0.45                # P(U(-0.5, 0.5) >= 0.2) = 0.3


def test_a_file_reads_the_same_every_week_so_a_stock_below_the_bar_is_not_worn_down():
    s = make_state(scale=500)
    cand = np.arange(2000)
    s.pop.flags[cand] &= 0x01
    s.pop.denounced[cand] = 1                                 # evidence exactly 1.0
    whole, k = np.array([0, cand.size]), np.array([cand.size])
    passed = [security.top_by_region(s, cand, whole, k, 1.2, np.random.default_rng(w),
                                     softness=1.0) for w in range(10)]
    # the same 30% every week: with a fresh draw each week, ten weeks would pass 1 - 0.7**10
    assert all(np.array_equal(passed[0], p) for p in passed[1:])
    assert 0.2 < np.union1d(passed[0], passed[-1]).size / cand.size < 0.4


def test_after_the_halt_the_sanction_cuts_the_ordinary_throughput():
    def taken(halted: bool) -> int:
        s = make_state(scale=500, weeks=60)
        s.p = s.p.but(arrest_capacity_per_year=2_000_000, sanction_capacity_share=0.25,
                      evidence_bar=0.5, procurator_sanction_bar=1.0)
        s.halted = halted
        s.pop.denounced[:] = 1
        s.add_to_pool(np.arange(s.pop.n))
        s.capacity_ordinary = np.zeros(1)
        rng = np.random.default_rng(8)
        for _ in range(20):
            security.ordinary_arrests(s, rng)
        return int(np.count_nonzero(s.pop.status == DETAINED))
    before, after = taken(False), taken(True)
    assert before > 100
    assert 0.15 < after / before < 0.35                       # a quarter of the throughput


def test_order_00447_arrests_count_under_its_operation():
    s, rng = _operation({"MOSCOW": (5_000, 30_000)})
    _weeks(s, rng, 2, requests=False)
    assert (s.detainees.operation.view == OP_00447).all() and s.detainees.idx.size > 0


# ----------------------------------------------------------------------------- troikas, capacity
def test_troikas_for_socially_harmful_elements_take_from_their_registers_and_shoot_no_one():
    s = make_state(scale=500, weeks=60)
    rng = np.random.default_rng(7)
    ev.Campaign(date=START, end=START + dt.timedelta(weeks=20), taint=("criminal", "former"),
                operation="socially_harmful", rate=0.05).apply(s, rng)
    security.campaign_arrests(s, rng)
    cases = s.detainees
    taken = cases.idx.view
    assert taken.size > 0 and (cases.operation.view == OP_HARMFUL).all()
    assert ((s.pop.flags[taken] & (T_CRIMINAL | T_FORMER)) > 0).all()
    s.week = 40
    security.decide_cases(s, rng)
    assert total(s, "sentenced_death") == 0 and total(s, "sentenced_camp") > 0


def test_a_campaigns_death_share_falls_as_its_first_category_is_dealt_with():
    s = make_state(scale=500, weeks=400)
    rng = np.random.default_rng(8)
    ev.Campaign(date=START, end=START + dt.timedelta(weeks=300), taint="kulak").apply(s, rng)
    convicts = np.arange(20_000) % s.pop.n
    early = security._death_sentences(s, convicts, CAMPAIGN, rng).mean()
    s.week = 3 * 52
    late = security._death_sentences(s, convicts, CAMPAIGN, rng).mean()
    assert abs(early - s.p.death_share_campaign) < 0.01
    expected = s.p.death_share_campaign * np.exp(-3 * 52 / 52.1775
                                                 / s.p.campaign_first_category_years)
    assert abs(late - expected) < 0.01 and late < early / 3


def test_the_operations_take_the_regional_organs_from_ordinary_work():
    def ordinary_arrests_with(busy: int) -> int:
        s = make_state(scale=500)
        rng = np.random.default_rng(9)
        s.pop.denounced[:] = 5                       # everyone well above the bar
        s.add_to_pool(np.arange(s.pop.n))
        s.p = s.p.but(arrest_capacity_per_year=2_000_000)
        s.busy[:] = busy
        security.ordinary_arrests(s, rng)
        return total(s, "arrested")

    free, busy = ordinary_arrests_with(0), ordinary_arrests_with(10**6)
    assert free > 0 and busy == 0


def test_what_the_operations_took_beyond_the_ordinary_capacity_is_owed():
    # a burst of operations leaves the ordinary account in debt (up to the carry), so the
    # weeks after it make fewer ordinary arrests: a floor at zero would forgive the burst, and
    # at coarse scale, where a week's operations are a few agents, keep the lucky weeks only
    s = make_state(scale=500)
    rng = np.random.default_rng(10)
    s.pop.denounced[:] = 5
    s.add_to_pool(np.arange(s.pop.n))
    rate = security.capacity_rate(s, weights=security.NATIONAL_WEIGHT)
    s.busy[:] = 10**6
    security.ordinary_arrests(s, rng)
    assert s.capacity_ordinary[0] == -security.carry_cap(s, rate)[0] < 0
    s.busy[:] = 0
    security.ordinary_arrests(s, rng)
    assert total(s, "arrested") == 0                 # the first quiet week pays the debt


def test_a_coarse_region_asks_for_more_as_often_as_a_fine_one():
    # a region holding 2 agents of limit with 1 left stands somewhere in the last 40% of its
    # finer count with chance 0.4: it asks with that chance, however many weeks it is checked
    # (a fresh draw each week would make nearly every such region ask within ten weeks)
    s, rng = _operation({REGION_CODES[i]: (1000, 1000) for i in range(64)}, scale=1000)
    op = s.operation
    op.remaining1[:], op.remaining2[:], op.total[:] = 1, 0, 2
    op.start[:] = 0
    op.planned_end[:] = 10**6
    s.p = s.p.but(limit_request_interval_weeks=1, limit_approval_base=0.0)
    asked = np.zeros(64, dtype=bool)
    for _ in range(10):
        centre.review_requests(s, rng)
        asked |= op.last_request >= 0
        s.week += 1
    assert 0.2 < asked.mean() < 0.6


def test_a_timetable_that_ends_before_its_decision_is_refused():
    import pytest
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(ev.AnyEvent)
    for event in ({"kind": "operation_deadline", "date": "1938-01-31", "until": "1937-03-15"},
                  {"kind": "limit_increase", "date": "1938-01-31", "region": "UKR",
                   "cat1": 10, "until": "1938-01-31"}):
        with pytest.raises(ValidationError, match="is not after date"):
            adapter.validate_python(event)
