import numpy as np

from purgesim.model import camps
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import CAMP, DIED_IN_CAMP, EXILE, FREE
from tests.conftest import make_state


def test_weekly_hazard_compounds_to_the_annual_rate():
    h = camps.weekly_hazard(0.1)
    assert abs(1 - (1 - h) ** 52 - 0.1) < 1e-12


def test_inmates_are_released_at_term_end():
    s = make_state()
    s.p = s.p.but(camp_mortality_annual=0.0)
    idx = np.arange(10, 20)
    camps.admit(s, idx, years=1.0)
    assert np.all(s.pop.status[idx] == CAMP)
    rng = np.random.default_rng(0)
    for week in range(52):
        s.week = week
        camps.step(s, rng)
    assert np.all(s.pop.status[idx] == CAMP)
    s.week = 52
    camps.step(s, rng)
    assert np.all(s.pop.status[idx] == FREE)
    assert s.camp.size == 0


def test_camp_mortality_matches_the_annual_rate():
    s = make_state(scale=1000)
    s.p = s.p.but(camp_mortality_annual=0.2)
    idx = np.arange(0, 100_000, 2)
    camps.admit(s, idx, years=10.0)
    rng = np.random.default_rng(1)
    for week in range(52):
        s.week = week
        camps.step(s, rng)
    died = np.mean(s.pop.status[idx] == DIED_IN_CAMP)
    assert abs(died - 0.2) < 0.01
    deaths = s.rec.counts[:, COLUMN["camp_deaths"]].sum()
    assert deaths == np.count_nonzero(s.pop.status[idx] == DIED_IN_CAMP)


def test_exiles_return():
    s = make_state()
    camps.exile(s, np.arange(5), years=0.5)
    assert np.all(s.pop.status[:5] == EXILE)
    s.week = 26
    camps.step(s, np.random.default_rng(0))
    assert np.all(s.pop.status[:5] == FREE)
