import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st_

from purgesim.data import REGION_CODES
from purgesim.model import centre, collectivization, security
from purgesim.model import events as ev
from purgesim.model.calendar import START, date_of
from purgesim.model.outcomes import COLUMN
from purgesim.model.params import Params
from purgesim.model.population import CAMP, DETAINED, EXECUTED, FREE, T_KULAK
from purgesim.model.state import MASS, OP_HUNGER, ORDINARY
from tests.conftest import SIGNIFICANCE, fit_p_value, make_state


def total(s, name):
    """A recorded flow (all, innocent and guilty) summed over all weeks, in agents."""
    return int(s.rec.counts[:, COLUMN[name]].sum())


def test_evidence_adds_denunciations_namings_taint_and_accidents():
    s = make_state()
    i = np.array([0, 1])
    s.pop.flags[i] &= 0x01  # clear taint
    s.pop.denounced[0], s.pop.named[1], s.pop.accident[1] = 3, 2, 1
    e = security.evidence(s, i)
    p = s.p
    assert e[0] == 3 * p.w_denounced
    assert e[1] == 2 * p.w_named + p.w_accident


def test_threat_lowers_the_ordinary_bar():
    s = make_state()
    calm = security.ordinary_bar(s)
    s.threat = 3.0
    assert security.ordinary_bar(s) < calm


def test_top_by_evidence_takes_the_best_above_the_floor():
    s = make_state()
    cand = np.arange(10)
    s.pop.flags[cand] &= 0x01
    s.pop.denounced[cand] = np.arange(10)
    chosen = security.top_by_evidence(s, cand, 3, 0.0, np.random.default_rng(0))
    assert sorted(chosen.tolist()) == [7, 8, 9]
    assert security.top_by_evidence(s, cand, 5, 8.5, np.random.default_rng(0)).tolist() == [9]


@settings(max_examples=60, deadline=None)
@given(pg=st_.floats(0, 1), pi=st_.floats(0, 1), tg=st_.floats(0, 1), ti=st_.floats(0, 1),
       seed=st_.integers(0, 2**32 - 1))
def test_more_torture_never_means_fewer_confessions(pg, pi, tg, ti, seed):
    p = Params().but(confess_guilty=min(pg, tg), torture_confess_guilty=max(pg, tg),
                     confess_innocent=min(pi, ti), torture_confess_innocent=max(pi, ti))
    guilty = np.random.default_rng(seed).random(500) < 0.3
    u = np.random.default_rng(seed + 1).random(500)
    plain = u < security.confession_probability(p, guilty, torture=False)
    tortured = u < security.confession_probability(p, guilty, torture=True)
    assert np.all(tortured >= plain)


def test_confessions_name_accomplices_who_become_candidates():
    s = make_state()
    s.p = s.p.but(confess_guilty=1.0, confess_innocent=1.0, names_per_confession=3.0)
    before = s.pool.size
    security.arrest(s, np.arange(100, 160), ORDINARY, np.random.default_rng(0))
    assert np.all(s.pop.status[100:160] == DETAINED)
    assert s.pop.named.sum() > 60
    assert s.pool.size > before


def test_the_pool_is_read_in_index_order_with_each_member_once():
    """Members arrive in batches in any order; read, the pool is ascending and distinct, and
    tidying keeps only those at liberty (the order is what makes the weekly pass fast)."""
    s = make_state()
    for batch in (np.arange(900, 700, -3), np.arange(10, 1000, 7), np.array([5, 950, 5])):
        s.add_to_pool(batch)
    s.pop.status[[5, 703]] = DETAINED
    s.tidy_pool()
    pool = s.pool.view
    assert np.all(np.diff(pool) > 0)
    assert 5 not in pool and 703 not in pool and 950 in pool
    s.add_to_pool(np.array([3, 999_999 % s.pop.n]))
    assert np.all(np.diff(s.pool.in_order()) > 0) and s.pool.ordered == s.pool.size


def test_torture_cascades_further_than_no_torture():
    named = []
    for torture in (False, True):
        s = make_state(seed=4)
        s.torture = torture
        security.arrest(s, np.arange(200, 600), ORDINARY, np.random.default_rng(7))
        named.append(int(s.pop.named.sum()))
    assert named[1] > 2 * named[0]


def _operation_state(limits):
    s = make_state(scale=2000)
    rng = np.random.default_rng(0)
    ev.MassOperation(date=START, limits=limits, gulag_cat1=0).apply(s, rng)
    return s, rng


def test_mass_operation_fills_limits_and_stays_within_them():
    limits = {"MOSCOW": (40_000, 60_000)}
    s, rng = _operation_state(limits)
    s.p = s.p.but(limit_approval_base=0.0)  # no increases
    for week in range(30):
        s.week = week
        security.decide_cases(s, rng)
        security.mass_operation_arrests(s, rng)
        centre.review_requests(s, rng)
    s.week = 60
    security.decide_cases(s, rng)
    shot = total(s, "sentenced_death")
    sentenced = shot + total(s, "sentenced_camp") + total(s, "sentenced_exile")
    moscow = REGION_CODES.index("MOSCOW")
    left = s.operation.remaining1[moscow] + s.operation.remaining2[moscow]
    assert 0 <= left <= 10 and sentenced <= 100_000 / 2000      # filled, within the limits
    # the category as granted: about 40% shot (binomial sd about 7%)
    assert abs(shot / sentenced - 0.4) < 0.25
    assert np.count_nonzero(s.pop.status == EXECUTED) == shot


def test_small_regions_share_one_queue_so_their_best_ranked_do_not_wait():
    """Five regions whose limits come to well under an agent a week at this scale: pooled, the
    best-ranked among them (named fifty times, in one region) is taken in the first week,
    every time; each region on its own would take someone in a week only about as often as
    its pace, a fraction of an agent."""
    regions = ["KARELIA", "KOMI", "MARI", "CHUVASH", "MORDOVIA"]
    taken = 0
    for seed in range(8):
        s = make_state(scale=2000)
        rng = np.random.default_rng(seed)
        ev.MassOperation(date=START, limits={r: (2000, 2000) for r in regions},
                         gulag_cat1=0).apply(s, rng)
        s.capacity_mass[:] = 1.0
        first = REGION_CODES.index(regions[0])
        rural = s.pop.seg_start[first, 1]
        s.pop.named[rural] = 50
        s.add_to_pool(np.array([rural]))
        ends = s.operation.planned_end[[REGION_CODES.index(r) for r in regions]]
        assert np.all(s.operation.total[[REGION_CODES.index(r) for r in regions]] == 2)
        assert np.all(2 / np.maximum(1.0, ends / s.p.quota_zeal) < 1)  # under an agent a week
        security.mass_operation_arrests(s, rng)
        taken += int(s.pop.status[rural] == DETAINED)
    assert taken == 8


def test_quota_pressure_lowers_the_bar_but_an_evidence_floor_holds():
    s, rng = _operation_state({"MOSCOW": (50_000, 50_000)})
    s.p = s.p.but(evidence_floor=1e9)
    security.mass_operation_arrests(s, rng)
    assert np.count_nonzero(s.pop.status == DETAINED) == 0
    s.p = s.p.but(evidence_floor=0.0)
    security.mass_operation_arrests(s, rng)
    arrested = np.flatnonzero(s.pop.status == DETAINED)
    assert arrested.size > 0
    # to fill its limit the operation takes people an ordinary arrest would not (their evidence
    # is unchanged by their own arrest: the detained cannot be denounced or named)
    assert np.any(security.evidence(s, arrested) < security.ordinary_bar(s))


def test_requests_for_higher_limits_are_granted_under_threat():
    s, rng = _operation_state({"MOSCOW": (100_000, 100_000)})
    s.operation.remaining1[:] = 0
    s.operation.remaining2[:] = 0
    s.threat = 5.0
    s.p = s.p.but(limit_approval_base=1.0)
    moscow = REGION_CODES.index("MOSCOW")
    before = int(s.operation.total[moscow])
    centre.review_requests(s, rng)
    assert s.operation.total[moscow] > before


def test_halt_ends_troikas():
    s, rng = _operation_state({"MOSCOW": (50_000, 50_000)})
    security.mass_operation_arrests(s, rng)
    ev.Halt(date=date_of(1)).apply(s, rng)
    security.mass_operation_arrests(s, rng)  # no effect after the halt
    s.week = 100
    security.decide_cases(s, rng)
    shot = total(s, "sentenced_death")
    # after the halt, pending mass cases are decided in ordinary procedure: few death sentences
    assert shot <= 0.1 * max(1, total(s, "arrested"))
    assert not s.operation.active.any()


def test_campaign_arrests_only_the_register():
    s = make_state(scale=2000)
    rng = np.random.default_rng(0)
    s.p = s.p.but(campaign_weekly_rate=0.05)
    ev.Collectivization(date=START, path="forced", end=date_of(50)).apply(s, rng)
    ev.Campaign(date=START, end=date_of(10), taint="kulak").apply(s, rng)
    security.campaign_arrests(s, rng)
    arrested = s.pop.status == DETAINED
    assert arrested.any() and np.all(s.pop.flags[arrested] & T_KULAK)


def test_hunger_arrests_follow_the_shortfall_and_stop_at_the_span_end():
    """The countryside arrests of 1932-33: only where the village goes hungry, about `rate` x
    shortfall x rural persons a week (a binomial draw), under their own operation, and none
    once the span has ended or where the village eats."""
    s = make_state(scale=2000)
    rng = np.random.default_rng(1)
    collectivization.books(s)
    hungry = np.zeros(s.pop.n_regions)
    hungry[:3] = 0.5
    s.countryside.shortfall = hungry
    ev.HungerArrests(date=START, end=date_of(1), rate=0.02).apply(s, rng)
    security.hunger_arrests(s, rng)
    held = np.flatnonzero(s.pop.status == DETAINED)
    rural = s.pop.seg_end[:, 1] - s.pop.seg_start[:, 1]
    expected = 0.02 * 0.5 * rural[:3].sum()
    assert abs(held.size - expected) < 5 * np.sqrt(expected)
    assert set(np.unique(s.pop.region[held])) <= {0, 1, 2}
    assert np.all(s.detainees.operation.view == OP_HUNGER)
    s.week = 1
    security.hunger_arrests(s, rng)
    assert np.count_nonzero(s.pop.status == DETAINED) == held.size


def hunger_cases_shot(death_share_hunger: float) -> tuple[int, int]:
    """(shot, sentenced) among 1,500 cases from the starving villages decided at once, with
    the dekulakization campaign's share of death sentences at its highest."""
    s = make_state({"death_share_hunger": death_share_hunger, "death_share_campaign": 0.2},
                   scale=2000)
    s.campaign_start = 0
    rng = np.random.default_rng(5)
    security.arrest(s, np.arange(0, 4500, 3), OP_HUNGER, rng)
    s.week = 500
    security.decide_cases(s, rng)
    sentenced = sum(total(s, f"sentenced_{k}") for k in ("death", "camp", "exile"))
    return total(s, "shot"), sentenced


def test_the_starving_villages_cases_are_shot_at_their_own_share_not_the_campaigns():
    """The OGPU's troikas of 1932-33 shot a share of their own (`death_share_hunger`): none
    when it is 0 although the campaign's share is 0.2, and about that share when it is 0.1."""
    shot, sentenced = hunger_cases_shot(0.0)
    assert sentenced > 1000 and shot == 0
    shot, sentenced = hunger_cases_shot(0.1)
    assert abs(shot - 0.1 * sentenced) < 5 * np.sqrt(0.1 * 0.9 * sentenced)


def test_cases_end_in_exactly_one_outcome():
    s = make_state(scale=2000)
    rng = np.random.default_rng(3)
    security.arrest(s, np.arange(0, 3000, 3), ORDINARY, rng)
    s.week = 500
    security.decide_cases(s, rng)
    done = s.pop.status[np.arange(0, 3000, 3)]
    assert set(np.unique(done)) <= {FREE, CAMP, 3, EXECUTED}
    assert s.detainees.idx.size == 0


def test_troikas_decide_sooner_and_release_fewer_than_ordinary_procedure():
    """Same cohort of non-confessors under each procedure: troika cases are due sooner and
    fewer are released without sentence, at the rates the registry gives."""
    p = Params()
    assert p.troika_release_no_confession < p.release_no_confession
    assert p.troika_weeks < p.investigation_weeks
    cohort = np.arange(0, 30_000, 10)
    seen = {}
    for regime in (MASS, ORDINARY):
        s, rng = _operation_state({"MOSCOW": (1_000_000, 1_000_000)})
        s.p = s.p.but(confess_guilty=0.0, confess_innocent=0.0)
        security.arrest(s, cohort, regime, rng)
        wait = s.detainees.due.view.mean()
        s.week = 10_000
        security.decide_cases(s, rng)
        seen[regime] = (wait, np.mean(s.pop.status[cohort] == FREE))
    for regime, mean_weeks, release in ((MASS, "troika_weeks", "troika_release_no_confession"),
                                        (ORDINARY, "investigation_weeks",
                                         "release_no_confession")):
        wait, released = seen[regime]
        n = cohort.size
        mean, share = getattr(p, mean_weeks), getattr(p, release)
        assert abs(wait - mean) < 5 * np.sqrt(mean ** 2 / n)
        assert abs(released - share) < 5 * np.sqrt(share * (1 - share) / n)


def test_top_with_ties_takes_the_highest_and_shares_the_cut_at_random():
    """Above the cut everyone is taken; at a tied cut the places left go to a uniform sample
    (the tied path); nearly tied values (within the tie-break) are ranked by noise."""
    e = np.array([3.0, 3.0, 2.0, 2.0, 2.0, 2.0, 1.0, 2.0 + 1e-4, 2.0])
    bounds, k = np.array([0, 7, 9]), np.array([3, 1])
    hits = np.zeros(9, dtype=int)
    for seed in range(2000):
        got = security.top_with_ties(e, bounds, k, np.random.default_rng(seed))
        assert np.all(np.diff(got) > 0) and got.size == 4
        hits[got] += 1
    assert hits[0] == hits[1] == 2000 and hits[6] == 0
    assert fit_p_value(hits[2:6], np.ones(4)) > SIGNIFICANCE
    assert 0 < hits[7] < 2000 and hits[7] + hits[8] == 2000
