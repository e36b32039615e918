import numpy as np

from purgesim.data import cow
from purgesim.model import army
from purgesim.model.population import DETAINED, DISCHARGED, OFFICER
from tests.conftest import make_state


def test_the_corps_follows_the_army_and_gains_experience():
    s = make_state(scale=2000)
    start = s.army.officers
    assert start == cow(1928, "milper_su") * 1000 * s.p.officer_share_of_army
    exp0 = s.army.mean_experience
    for _ in range(52):
        army.step(s)
        s.week += 1
    assert abs(s.army.mean_experience - (exp0 + 1)) < 0.01


def test_the_purge_removes_experience_and_reinstatement_returns_some():
    s = make_state(scale=500)
    rng = np.random.default_rng(0)
    s.army.purge_until = 52
    s.p = s.p.but(army_purge_arrest_rate=0.2, army_purge_discharge_rate=0.4)
    before = s.army.mean_experience
    for _ in range(52):
        s.arrested.size = 0
        army.purge(s, rng)
        army.lose_officers(s, s.arrested.view)
        s.week += 1
    officers = s.pop.group == OFFICER
    assert np.any(s.pop.status[officers] == DETAINED)
    discharged = int(np.count_nonzero(s.pop.history & DISCHARGED))
    assert discharged > 0
    assert s.army.mean_experience < before
    size = s.army.officers
    army.reinstate(s, 1.0, rng)
    assert s.army.officers > size
    assert np.count_nonzero(s.pop.history & DISCHARGED) == 0
