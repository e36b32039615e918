import numpy as np

from purgesim.data import REGIONS
from purgesim.model.population import (
    ENEMY,
    GROUP_NAMES,
    OFFICIAL,
    PARTY,
    SPECIAL_SETTLER,
    T_KULAK,
    TAINT_MASK,
    URBAN,
    agent_count,
    build_population,
    saturating_add,
)


def test_agent_count_follows_scale(params):
    assert agent_count(params, 1000) == round(162_039_470 / 1000)
    assert agent_count(params, 1) == 162_039_470


def test_regions_are_contiguous_and_follow_the_census(params):
    pop = build_population(params, 2000, np.random.default_rng(1))
    census = np.array([r.population for r in REGIONS], dtype=float)
    counts = np.bincount(pop.region, minlength=len(REGIONS))
    assert counts.sum() == pop.n
    np.testing.assert_allclose(counts / pop.n, census / census.sum(), atol=1e-4)
    assert np.all(np.diff(pop.region.astype(int)) >= 0)  # sorted: a region is one range
    for r in range(len(REGIONS)):
        lo, hi = pop.region_range(r)
        urban = (pop.flags[lo:hi] & URBAN) > 0
        cut = pop.seg_end[r, 0] - lo
        assert np.all(urban[:cut]) and not np.any(urban[cut:])


def test_shares_match_the_registry(params):
    pop = build_population(params, 500, np.random.default_rng(2))
    n = pop.n
    assert abs(np.mean(pop.flags & URBAN > 0) - params.urban_share) < 0.002
    settlers = np.mean(pop.group == SPECIAL_SETTLER)
    expected = params.deported_kulaks_1930_31 / params.population_1937
    assert abs(settlers - expected) < 0.1 * expected
    party = np.mean(pop.flags & PARTY > 0)
    target = params.party_members_1928 / params.population_1937
    assert abs(party - target) < 0.1 * target
    assert np.all(pop.flags[pop.group == OFFICIAL] & PARTY)
    assert not np.any(pop.flags & T_KULAK)  # only dekulakization puts kulaks on file
    enemies = np.mean(pop.disposition == ENEMY)
    assert abs(enemies - params.enemy_share) < 0.2 * params.enemy_share
    assert n == pop.group.size and pop.group.max() < len(GROUP_NAMES)


def test_taint_raises_the_odds_of_enmity(params):
    pop = build_population(params, 500, np.random.default_rng(3))
    tainted = (pop.flags & TAINT_MASK) > 0
    assert np.mean(pop.disposition[tainted] == ENEMY) > 1.5 * np.mean(
        pop.disposition[~tainted] == ENEMY)


def test_memory_is_linear_and_small(params):
    small = build_population(params, 4000, np.random.default_rng(0))
    large = build_population(params, 1000, np.random.default_rng(0))
    per_small = small.nbytes() / small.n
    per_large = large.nbytes() / large.n
    assert per_large < 40
    assert abs(per_small - per_large) < 1.0


def test_saturating_add_stops_at_255():
    c = np.array([250, 0], dtype=np.uint8)
    saturating_add(c, np.array([0] * 10 + [1, 1]))
    assert c.tolist() == [255, 2]
