import numpy as np

from purgesim.model import economy
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import SPECIALIST
from tests.conftest import make_state


def _run(state, weeks, rng):
    for _ in range(weeks):
        economy.step(state, 1.0, 0.15, rng)
        state.week += 1


def test_arresting_a_units_engineers_lowers_output_until_replacements_learn():
    s = make_state(scale=2000)
    rng = np.random.default_rng(0)
    s.p = s.p.but(accidents_per_year=0)
    s.p = s.p.but(cadre_learning_weeks=20)
    _run(s, 5, rng)
    before = economy.sector_cadre_factor(s.economy, s.p)[economy.HEAVY]
    heavy_units = [u for u in range(economy.HEAVY, s.economy.experienced.size, 4)]
    b = s.economy.unit_bounds
    engineers = np.concatenate([s.economy.unit_agents[b[u]:b[u + 1]] for u in heavy_units])
    economy.lose_cadres(s, engineers[: engineers.size // 2])
    dip = economy.sector_cadre_factor(s.economy, s.p)
    assert dip[economy.HEAVY] < before - 0.1
    assert dip[economy.LIGHT] == 1.0  # other sectors untouched
    output_dip = None
    _run(s, 1, rng)
    output_dip = s.economy.output[economy.HEAVY]
    _run(s, 150, rng)
    recovered = economy.sector_cadre_factor(s.economy, s.p)[economy.HEAVY]
    assert recovered > 0.99
    assert s.economy.cadres_lost == engineers.size // 2
    assert output_dip < s.economy.output[economy.HEAVY]


def test_only_specialists_count_as_cadres():
    s = make_state(scale=2000)
    others = np.flatnonzero(s.pop.group != SPECIALIST)[:100]
    economy.lose_cadres(s, others)
    assert s.economy.cadres_lost == 0 and s.economy.novice.sum() == 0


def test_accidents_rise_with_plan_pressure_and_blame_is_a_lever():
    counts = []
    for growth in (0.0, 0.6):
        s = make_state(scale=2000)
        rng = np.random.default_rng(1)
        s.p = s.p.but(accidents_per_year=200_000)
        economy.start_plan(s, (growth,) * 4, (0.5, 0.3, 0.0, 0.2))
        _run(s, 150, rng)
        counts.append(s.rec.counts[:, COLUMN["accidents"]].sum())
    assert counts[1] > 1.5 * counts[0]
    s = make_state(scale=2000)
    s.p = s.p.but(accidents_per_year=200_000, blame_sabotage=0.0)
    _run(s, 50, np.random.default_rng(2))
    assert s.pop.accident.sum() == 0 and s.pool.size == 0
    s = make_state(scale=2000)
    s.p = s.p.but(accidents_per_year=200_000, blame_sabotage=1.0)
    _run(s, 50, np.random.default_rng(2))
    blamed = np.flatnonzero(s.pop.accident)
    assert blamed.size > 0 and np.all(s.pop.group[blamed] == SPECIALIST)


def test_investment_priority_directs_capital():
    s = make_state(scale=5000)
    economy.start_plan(s, (0.2, 0.0, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0))
    _run(s, 104, np.random.default_rng(3))
    assert s.economy.capital[economy.HEAVY] > 1.2 > s.economy.capital[economy.LIGHT]


def _completions(gestation_years, weeks, before=1.0, after=3.0):
    """Capital completed each week by `economy.build` when starts step from `before` to
    `after` (index units a week) after a steady start."""
    s = make_state(scale=5000)
    eco = economy.build_economy(s.pop, s.p)
    done = [float(economy.build(eco, np.full(economy.N_SECTORS, before), gestation_years)[0])]
    done += [float(economy.build(eco, np.full(economy.N_SECTORS, after), gestation_years)[0])
             for _ in range(weeks)]
    return np.array(done)


def test_investment_becomes_capital_only_after_it_is_built():
    # a steady economy completes what it starts: the pipeline starts full, not empty
    gestation = 2.0
    done = _completions(gestation, weeks=520)
    assert abs(done[0] - 1.0) < 1e-9
    # a surge of starts (the first plan's) is completed with a lag, not at once: after a
    # quarter almost nothing of it is in production, by the mean construction time about
    # half (an Erlang-3 delay), and after several gestations all of it
    quarter, mean = 13, int(gestation * 52)
    assert done[quarter] < 1.1
    assert 1.6 < done[mean] < 2.4
    assert abs(done[-1] - 3.0) < 0.01
    # the longer the construction, the later the capital
    assert _completions(3.0, weeks=mean)[mean] < done[mean]


def test_the_villages_hunger_pulls_labour_into_industry():
    # Allen's migration equation as a slope: no pull at the village's normal consumption,
    # 1 + slope x (1 / eat - 1) below it, and a bounded pull in the depth of a famine
    assert economy.migration_pull(1.0, 2.6) == 1.0
    assert abs(economy.migration_pull(0.8, 2.6) - (1 + 2.6 * 0.25)) < 1e-12
    assert economy.migration_pull(0.0, 2.6) == economy.migration_pull(economy.EAT_FLOOR, 2.6)
    grown = {}
    for eat in (1.0, 0.7):
        s = make_state(scale=2000, p={"accidents_per_year": 0})
        s.economy.plan_active = True
        s.countryside.leavers_eat = eat
        _run(s, 52, np.random.default_rng(0))
        grown[eat] = s.economy.labour_industry - 1.0
    assert grown[0.7] > 1.5 * grown[1.0] > 0


def test_grain_exports_buy_heavy_industry_machinery_at_the_years_price():
    prices = economy.export_prices()
    assert economy.export_price_index(1930) == 1.0
    assert abs(economy.export_price_index(1931) - prices[1931] / prices[1930]) < 1e-12
    assert economy.export_price_index(1931) < 0.8          # the Depression's fall
    assert economy.export_price_index(1935) == economy.export_price_index(1931)
    assert economy.export_price_index(1928) == 1.0
    capital = {}
    for exports in (0.0, 5.0):
        s = make_state(scale=2000, p={"accidents_per_year": 0, "gestation_years": 0.5})
        s.countryside.exports_mt = exports
        _run(s, 104, np.random.default_rng(0))
        capital[exports] = s.economy.capital.copy()
    gained = capital[5.0] - capital[0.0]
    assert gained[economy.HEAVY] > 0.01
    # the other sectors gain only through the heavy sector's larger output and its share of
    # ordinary investment
    assert gained[economy.HEAVY] > 20 * gained[[economy.LIGHT, economy.DEFENCE]].max()
