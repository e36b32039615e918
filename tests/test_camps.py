import numpy as np

from purgesim.model import camps
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import CAMP, DIED_IN_CAMP, EXILE, FREE
from tests.conftest import SIGNIFICANCE, make_state


def test_camp_deaths_follow_the_rate_per_person_year():
    """Deaths per person-year in camp are the registry's rate (converted as every rate per year
    is, by calendar.per_week): a binomial test over a year of a large camp."""
    from scipy.stats import binomtest

    s = make_state(scale=500, p={"camp_mortality_annual": 0.2, "camp_crowding_mortality": 0.0})
    idx = np.flatnonzero(s.pop.status == FREE)[:20_000]
    camps.admit(s, idx, years=5.0)
    rng = np.random.default_rng(0)
    exposure = deaths = 0
    for week in range(52):
        s.week = week
        exposure += s.camp.size
        before = np.count_nonzero(s.pop.status == DIED_IN_CAMP)
        camps.step(s, rng)
        deaths += np.count_nonzero(s.pop.status == DIED_IN_CAMP) - before
    assert binomtest(deaths, exposure, 0.2 / 52).pvalue > SIGNIFICANCE
    assert not binomtest(deaths, exposure, (1 - 0.8 ** (1 / 52))).pvalue > SIGNIFICANCE


def test_inmates_are_released_at_term_end():
    s = make_state()
    s.p = s.p.but(camp_mortality_annual=0.0, camp_term_cv=0.0)
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


def test_a_year_of_camp_mortality_and_its_record():
    s = make_state(scale=1000)
    s.p = s.p.but(camp_mortality_annual=0.2, camp_crowding_mortality=0.0)
    idx = np.arange(0, 100_000, 2)
    camps.admit(s, idx, years=10.0)
    rng = np.random.default_rng(1)
    for week in range(52):
        s.week = week
        camps.step(s, rng)
    died = np.mean(s.pop.status[idx] == DIED_IN_CAMP)
    assert abs(died - (1 - (1 - 0.2 / 52) ** 52)) < 0.01  # a rate of 0.2 per person-year
    deaths = s.rec.counts[:, COLUMN["camp_deaths"]].sum()
    assert deaths == np.count_nonzero(s.pop.status[idx] == DIED_IN_CAMP)


def test_exiles_return():
    s = make_state()
    camps.exile(s, np.arange(5), years=0.5)
    assert np.all(s.pop.status[:5] == EXILE)
    s.week = 26
    camps.step(s, np.random.default_rng(0))
    assert np.all(s.pop.status[:5] == FREE)


def test_court_convicts_enter_the_camps_and_count_apart_from_nkvd_sentences():
    s = make_state(scale=1000, weeks=60, p={"camp_crowding_mortality": 0.0})
    camps.open_stream(s, end_week=52, annual=5_000_000, term_years=3.0)
    rng = np.random.default_rng(3)
    for week in range(52):
        s.week = week
        s.rec.week = week
        camps.step(s, rng)
    courts = s.rec.counts[:, COLUMN["sentenced_courts"]].sum()
    assert abs(courts - 5000) < 5 * np.sqrt(5000)
    assert s.rec.counts[:, COLUMN["sentenced_camp"]].sum() == 0
    assert s.camp.size > 0.9 * courts
    s.week = 52
    camps.step(s, rng)
    assert not s.gulag.streams  # the stream closes at its end


def test_terms_are_drawn_around_the_procedures_mean():
    s = make_state(scale=500, p={"camp_mortality_annual": 0.0, "camp_term_cv": 0.4})
    idx = np.flatnonzero(s.pop.status == FREE)[:5000]
    camps.admit(s, idx, years=5.0)
    camps.step(s, np.random.default_rng(4))
    term = s.pop.release_week[idx].astype(float) / 52
    assert abs(term.mean() - 5.0) < 0.1
    assert abs(term.std() / term.mean() - 0.4) < 0.03
    s2 = make_state(scale=500, p={"camp_mortality_annual": 0.0, "camp_term_cv": 0.0})
    camps.admit(s2, idx, years=5.0)
    camps.step(s2, np.random.default_rng(4))
    assert np.all(s2.pop.release_week[idx] == 5 * 52)


def test_mortality_rises_with_overcrowding_and_famine():
    s = make_state(scale=1000, p={"camp_crowding_mortality": 1.0, "famine_supply_mortality": 10.0})
    base = s.p.camp_mortality_annual
    assert camps.mortality(s) == base  # empty camps, no famine
    k = int(np.ceil(2 * camps.capacity(s)))
    camps.admit(s, np.flatnonzero(s.pop.status == FREE)[:k], years=5.0)
    crowded = camps.mortality(s)
    assert crowded > 1.9 * base
    s.countryside.national_hunger = 0.1
    assert camps.mortality(s) > 1.9 * crowded


def test_a_release_for_the_courts_convicts_reaches_none_of_the_political_prisoners():
    """The decrees of 1941 released convicts of ordinary courts, not of political cases: a
    `courts_only` release frees only inmates serving a court's term, and a later political
    sentence takes the mark away."""
    s = make_state(scale=1000, p={"camp_mortality_annual": 0.0, "camp_term_cv": 0.0})
    free = np.flatnonzero(s.pop.status == FREE)
    court, political, resentenced = free[:300], free[300:600], free[600:700]
    camps.admit(s, court, years=10.0, court=True)
    camps.admit(s, political, years=10.0)
    camps.admit(s, resentenced, years=10.0, court=True)
    camps.admit(s, resentenced, years=10.0)  # sentenced again, in a political case
    camps.open_release(s, end_week=4, persons=250 * s.scale, courts_only=True)
    rng = np.random.default_rng(0)
    for week in range(6):
        s.week = week
        camps.step(s, rng)
    assert np.count_nonzero(s.pop.status[court] == FREE) == 250
    assert np.all(s.pop.status[political] == CAMP)
    assert np.all(s.pop.status[resentenced] == CAMP)
    camps.open_release(s, end_week=10, persons=200 * s.scale)  # a release for anyone
    for week in range(6, 12):
        s.week = week
        camps.step(s, rng)
    assert np.count_nonzero(s.pop.status[np.concatenate([political, resentenced])] == FREE) > 0
