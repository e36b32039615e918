import numpy as np
from scipy.stats import binomtest

from purgesim.model import party
from purgesim.model.population import (
    CANDIDATE,
    EXPELLED,
    FREE,
    PARTY,
    REINSTATED,
    URBAN,
    party_weights,
)
from tests.conftest import SIGNIFICANCE, fit_p_value, make_state


def _members(s):
    return int(np.count_nonzero(s.pop.flags & PARTY))


def test_admissions_add_the_scheduled_number():
    s = make_state(scale=2000)
    rng = np.random.default_rng(0)
    before = s.party.members
    assert before == _members(s)
    party.admit_over(s, 20, 1_000_000)
    for _ in range(20):
        party.step(s, np.empty(0, dtype=np.int64), rng)
        s.week += 1
    assert abs(s.party.members - before - 1_000_000 / 2000) <= 2
    assert s.party.members == _members(s)


def test_a_purge_expels_its_share_and_prefers_those_with_evidence():
    s = make_state(scale=500)
    rng = np.random.default_rng(1)
    members = np.flatnonzero(s.pop.flags & PARTY)
    accused = members[::2]
    s.pop.denounced[accused] = 3
    n0 = s.party.members
    party.purge_over(s, 10, 0.2)
    for _ in range(10):
        party.step(s, np.empty(0, dtype=np.int64), rng)
        s.week += 1
    expelled = np.flatnonzero(s.pop.history & EXPELLED)
    assert abs(expelled.size - 0.2 * n0) <= 0.02 * n0
    assert np.isin(expelled, accused).mean() > 0.7
    assert s.party.members == _members(s)


def test_the_arrested_are_expelled_and_reinstatement_returns_the_free():
    s = make_state(scale=2000)
    rng = np.random.default_rng(2)
    members = np.flatnonzero(s.pop.flags & PARTY)[:50]
    party.step(s, members, rng)
    assert not np.any(s.pop.flags[members] & PARTY)
    party.reinstate(s, 1.0, rng)
    assert np.all(s.pop.flags[members] & PARTY)
    assert np.all(s.pop.history[members] & REINSTATED)


def test_admissions_follow_the_group_odds_across_regions_town_and_country():
    """Admissions are spread over regions and town and country as the group odds say: agents
    are laid out by region (RSFSR first) and town first, so taking the lowest indices fails."""
    s = make_state(scale=500)
    pop = s.pop
    eligible = ((pop.flags & PARTY) == 0) & (pop.status == FREE) & ((pop.history & EXPELLED) == 0)
    weight = party_weights(s.p)[pop.group] * eligible
    rural = ((pop.flags & URBAN) == 0).astype(np.int64)
    cell = pop.region.astype(np.int64) * 2 + rural
    expected = np.bincount(cell, weights=weight, minlength=2 * pop.n_regions)
    before = (pop.flags & PARTY) > 0
    party._admit(s, 4000, np.random.default_rng(0))
    admitted = np.flatnonzero(((pop.flags & PARTY) > 0) & ~before)
    assert admitted.size == 4000
    observed = np.bincount(cell[admitted], minlength=2 * pop.n_regions)
    assert fit_p_value(observed, expected) > SIGNIFICANCE
    by_region = expected.reshape(-1, 2).sum(axis=1)
    assert fit_p_value(np.bincount(pop.region[admitted], minlength=pop.n_regions),
                       by_region) > SIGNIFICANCE
    rural_share = expected[1::2].sum() / expected.sum()
    assert binomtest(int(rural[admitted].sum()), admitted.size, rural_share).pvalue > SIGNIFICANCE


def test_purge_expulsions_are_spread_over_regions_like_the_members():
    """With no evidence against anyone, a purge expels members of every region in proportion."""
    s = make_state(scale=500)
    pop = s.pop
    members = np.flatnonzero(pop.flags & PARTY)
    party._purge(s, 1500, np.random.default_rng(0))
    expelled = np.flatnonzero(pop.history & EXPELLED)
    assert expelled.size == 1500
    weights = np.bincount(pop.region[members], minlength=pop.n_regions)
    observed = np.bincount(pop.region[expelled], minlength=pop.n_regions)
    assert fit_p_value(observed, weights) > SIGNIFICANCE


def _candidates(s):
    return int(np.count_nonzero(((s.pop.flags & PARTY) > 0) & ((s.pop.history & CANDIDATE) > 0)))


def test_the_1928_party_has_its_share_of_candidates():
    s = make_state(scale=500)
    share = s.party.candidates / s.party.members
    assert s.party.candidates == _candidates(s)
    assert binomtest(s.party.candidates, s.party.members, s.p.candidate_share_1928).pvalue \
        > SIGNIFICANCE, share


def test_the_admitted_are_candidates_promoted_after_the_stage_only_while_admissions_run():
    s = make_state(scale=2000, p={"candidate_share_1928": 0.0, "candidate_stage_weeks": 10})
    rng = np.random.default_rng(0)
    none = np.empty(0, dtype=np.int64)
    party.admit_over(s, 5, 200_000)  # admissions during weeks 0-4
    for _ in range(5):
        party.step(s, none, rng)
        s.week += 1
    admitted = s.party.candidates
    assert admitted == _candidates(s) > 50 and s.party.members == _members(s)
    for _ in range(20):  # the stage is over, but admissions are closed: nobody moves up
        party.step(s, none, rng)
        s.week += 1
    assert s.party.candidates == admitted
    party.admit_over(s, s.week + 2, 0)  # admissions reopen (no new places): transfers resume
    party.step(s, none, rng)
    assert s.party.candidates == _candidates(s) == 0


def test_an_expelled_candidate_leaves_the_count_and_is_reinstated_as_a_member():
    s = make_state(scale=2000, p={"candidate_share_1928": 1.0})
    cand = np.flatnonzero(s.pop.flags & PARTY)[:10]
    party.expel(s, cand)
    assert s.party.candidates == _candidates(s)
    assert not np.any(s.pop.history[cand] & CANDIDATE)
    party.reinstate(s, 1.0, np.random.default_rng(0))
    assert np.all(s.pop.flags[cand] & PARTY) and not np.any(s.pop.history[cand] & CANDIDATE)


def test_a_purge_reaches_those_who_joined_since_the_roll_was_listed():
    """The purge draws from the roll of members; those admitted since it was listed are on it
    when the purge comes, and those expelled since are passed over."""
    s = make_state(scale=2000)
    rng = np.random.default_rng(1)
    party._purge(s, 50, rng)                      # the 1928 roll
    assert s.party.roll is not None
    party.admit_over(s, 1, 400_000)
    party.step(s, np.empty(0, dtype=np.int64), rng)
    assert s.party.roll is None                   # someone joined: listed again when needed
    party._purge(s, s.party.members, rng)         # expel everyone still a member: the new
    assert _members(s) == 0                       # members too, so they were on the roll
