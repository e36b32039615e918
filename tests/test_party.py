import numpy as np

from purgesim.model import party
from purgesim.model.population import EXPELLED, PARTY, REINSTATED
from tests.conftest import make_state


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
