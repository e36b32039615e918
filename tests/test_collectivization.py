import numpy as np

from purgesim.model import collectivization
from purgesim.model import events as ev
from purgesim.model.calendar import START, date_of
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


def test_famine_comes_from_procurement_and_harvest():
    p = make_state().p
    assert collectivization.famine_hazard(p, 1.0, p.procurement_nep, 1.0) == 0
    low = collectivization.famine_hazard(p, 0.8, 0.3, 1.0)
    higher = collectivization.famine_hazard(p, 0.8, 0.4, 1.0)
    assert 0 < low < higher


def test_famine_deaths_are_rural_and_recorded():
    s = make_state(scale=2000)
    rng = np.random.default_rng(2)
    s.p = s.p.but(famine_mortality=5.0)
    s.p = s.p.but(procurement_nep=0.0)
    s.countryside.agrarian_path = "forced"
    s.p = s.p.but(procurement_forced=0.6)
    _weeks(s, 10, rng)
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
