import numpy as np

from purgesim.model.contacts import block_bounds, draw_contacts, long_tie, pick_weighted
from purgesim.model.population import PARTY


def _with_only(p, **shares):
    return p.but(**{"household_contact_share": 0.0, "party_contact_share": 0.0,
                    "long_contact_share": 0.0, **shares})


def test_household_contacts_share_the_household(state):
    p = _with_only(state.p, household_contact_share=1.0)
    who = np.arange(0, state.pop.n, 7)
    c = draw_contacts(state.pop, p, who, 3, np.random.default_rng(0))
    size = int(p.household_size)
    lo, hi = block_bounds(state.pop, who, size, size)
    ok = c >= 0
    assert ok.mean() > 0.5
    assert np.all((c >= lo[:, None]) | ~ok) and np.all((c < hi[:, None]) | ~ok)
    assert not np.any(c == who[:, None])


def test_workplace_contacts_stay_in_region_and_block(state):
    p = _with_only(state.p)
    who = np.arange(0, state.pop.n, 5)
    c = draw_contacts(state.pop, p, who, 4, np.random.default_rng(1))
    ok = c >= 0
    own = np.broadcast_to(who[:, None], c.shape)
    assert np.all(state.pop.region[np.where(ok, c, own)] == state.pop.region[own])
    lo, hi = block_bounds(state.pop, who, int(p.workplace_size), int(p.village_size))
    assert np.all(((c >= lo[:, None]) & (c < hi[:, None])) | ~ok)


def test_long_ties_are_fixed_and_never_stored(state):
    who = np.arange(state.pop.n)
    j = np.ones(state.pop.n, dtype=np.int64)
    a, b = long_tie(state.pop, who, j), long_tie(state.pop, who, j)
    np.testing.assert_array_equal(a, b)
    assert np.all(state.pop.region[a] == state.pop.region)


def test_party_cell_contacts_are_party_members(state):
    p = _with_only(state.p, party_contact_share=1.0)
    members = state.pop.party_members[:200]
    c = draw_contacts(state.pop, p, members, 3, np.random.default_rng(2))
    assert np.all(state.pop.flags[c[c >= 0]] & PARTY)


def test_pick_weighted_follows_weights_and_skips_zero_rows():
    rng = np.random.default_rng(0)
    cand = np.tile(np.array([[10, 20]]), (20_000, 1))
    w = np.tile(np.array([[1.0, 3.0]]), (20_000, 1))
    chosen = pick_weighted(cand, w, rng)
    assert abs(np.mean(chosen == 20) - 0.75) < 0.02
    assert pick_weighted(np.array([[1, 2]]), np.zeros((1, 2)), rng)[0] == -1


def test_members_admitted_after_1928_find_a_party_cell(state):
    """Admitted members are not in the 1928 member list; those beyond its last entry (the
    last region's newest members) must still draw from a real cell, never past the list."""
    from purgesim.model.contacts import party_cell_bounds

    pop = state.pop
    beyond = np.arange(pop.party_members[-1] + 1, pop.n)
    assert beyond.size
    for cell in (1, 7, pop.party_members.size):  # a list that ends exactly on a cell's end too
        lo, hi = party_cell_bounds(pop, beyond, cell)
        assert np.all((lo < hi) & (hi <= pop.party_members.size)), cell
