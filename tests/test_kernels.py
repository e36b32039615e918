"""The compiled kernels compute exactly what the NumPy expressions they replace compute."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from purgesim.model.kernels import (
    compact_free,
    evidence_of,
    free_members,
    free_union,
)

N = 500


def _arrays(seed: int):
    rng = np.random.default_rng(seed)
    u8 = lambda hi: rng.integers(0, hi, N).astype(np.uint8)  # noqa: E731
    return rng, u8(6), u8(4), u8(3), u8(256), u8(256), u8(4)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_evidence_matches_numpy(seed, plenum):
    rng, denounced, named, accident, flags, history, _ = _arrays(seed)
    idx = rng.integers(0, N, 300)
    w = (1.0, 1.7, 0.9, 0.35)
    protect, party, taint, record = 0.5, 4, 0b1110000, 0b11
    den = denounced[idx].astype(np.float64) * w[0]
    if plenum:
        den = np.where(flags[idx] & party, den * protect, den)
    tainted = ((flags[idx] & taint) > 0) | ((history[idx] & record) > 0)
    expected = den + w[1] * named[idx] + w[2] * tainted + w[3] * accident[idx]
    got = evidence_of(idx, denounced, named, accident, flags, history, *w, plenum, protect,
                      party, taint, record)
    assert np.array_equal(got, expected)  # bit for bit


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_free_union_matches_unique(seed):
    rng, *_, status = _arrays(seed)
    files = np.unique(rng.integers(0, N, 120))
    extra = rng.permutation(rng.integers(0, N, 60))
    c = np.concatenate([files, extra])
    assert np.array_equal(free_union(files, extra, status, 0), np.unique(c[status[c] == 0]))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_region_bounds_split_an_ordered_list_by_region(seed):
    from purgesim.model.params import Params
    from purgesim.model.population import build_population

    pop = build_population(Params(), 20_000, np.random.default_rng(0))
    idx = np.sort(np.random.default_rng(seed).choice(pop.n, 300, replace=False))
    bounds = pop.region_bounds(idx)
    for r in range(pop.n_regions):
        assert np.array_equal(idx[bounds[r]:bounds[r + 1]], idx[pop.region[idx] == r])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_compact_free_and_free_members(seed):
    rng, _, _, _, flags, _, status = _arrays(seed)
    data = rng.permutation(N)[:150].astype(np.int64)
    before, flags_before = data.copy(), flags.copy()
    size = compact_free(data, data.size, status, flags, 0, 2)
    keep = before[status[before] == 0]
    assert np.array_equal(data[:size], keep)
    gone = before[status[before] != 0]
    assert ((flags[gone] & 2) == 0).all()
    assert np.array_equal(flags[keep], flags_before[keep])
    cand = rng.integers(0, N, 300)
    assert np.array_equal(free_members(cand, flags, status, 4, 0),
                          np.unique(cand[((flags[cand] & 4) > 0) & (status[cand] == 0)]))


def test_top_k_by_group_takes_the_highest_of_each_group():
    from purgesim.model.kernels import top_k_by_group

    rng = np.random.default_rng(0)
    score = rng.random(1000)
    bounds = np.array([0, 10, 10, 400, 1000])
    k = np.array([3, 5, 500, 7])
    chosen = top_k_by_group(score, bounds, k)
    for g in range(k.size):
        part = score[bounds[g]:bounds[g + 1]]
        want = min(k[g], part.size)
        assert chosen[bounds[g]:bounds[g + 1]].sum() == want
        assert set(np.flatnonzero(chosen[bounds[g]:bounds[g + 1]])) == set(
            np.argsort(-part)[:want])


# ------------------------------------------------------------------ the NumPy code each replaced
def _numpy_contacts(pop, p, who, u, v):
    """contacts.draw_contacts as it was written in NumPy (one pass per kind of tie)."""
    from purgesim.model.contacts import block_bounds, long_tie, party_cell_bounds
    from purgesim.model.population import PARTY

    m, k = u.shape
    out = np.full((m, k), -1, dtype=np.int64)
    share_p = np.where((pop.flags[who] & PARTY) > 0, p.party_contact_share, 0.0)
    share_h, share_l = p.household_contact_share, p.long_contact_share
    rep = np.repeat(who, k).reshape(m, k)
    hh = u < share_h
    party = (~hh) & (u < share_h + share_p[:, None])
    long_ = (~hh) & (~party) & (u < share_h + share_p[:, None] + share_l)
    work = ~(hh | party | long_)
    size_h = int(p.household_size)
    lo, hi = block_bounds(pop, rep[hh], size_h, size_h)
    out[hh] = lo + (v[hh] * (hi - lo)).astype(np.int64)
    lo, hi = block_bounds(pop, rep[work], int(p.workplace_size), int(p.village_size))
    out[work] = lo + (v[work] * (hi - lo)).astype(np.int64)
    out[long_] = long_tie(pop, rep[long_], (v[long_] * int(p.long_ties)).astype(np.int64))
    lo, hi = party_cell_bounds(pop, rep[party], int(p.party_cell_size))
    out[party] = pop.party_members[lo + (v[party] * (hi - lo)).astype(np.int64)]
    out[out == rep] = -1
    return out


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_contacts_match_numpy(seed):
    from purgesim.model.contacts import draw_contacts
    from tests.conftest import make_state

    s = make_state(scale=20_000, p={"party_contact_share": 0.3, "long_contact_share": 0.2})
    rng = np.random.default_rng(seed)
    who = rng.integers(0, s.pop.n, 400)
    got = draw_contacts(s.pop, s.p, who, 6, np.random.default_rng(seed))
    replay = np.random.default_rng(seed)   # the uniforms draw_contacts drew
    u, v = replay.random((400, 6)), replay.random((400, 6))
    assert np.array_equal(got, _numpy_contacts(s.pop, s.p, who, u, v))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_pick_by_weight_matches_numpy(seed):
    from purgesim.model.kernels import pick_by_weight

    rng = np.random.default_rng(seed)
    cand = rng.integers(0, 99, (200, 5))
    w = rng.choice([0.0, 0.5, 1.0, 3.0], (200, 5))
    r = rng.random(200)
    cum = np.cumsum(w, axis=1)
    col = np.minimum((cum < (r * cum[:, -1])[:, None]).sum(axis=1), 4)
    expected = cand[np.arange(200), col]
    expected[cum[:, -1] <= 0] = -1
    assert np.array_equal(pick_by_weight(cand, w, r), expected)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_counts_and_new_marks_match_numpy(seed):
    from purgesim.model.kernels import count_saturating, mark_new

    rng, _, _, _, flags, _, _ = _arrays(seed)
    counter = rng.integers(240, 256, N).astype(np.uint8)
    idx = rng.integers(0, N, 400)
    u, c = np.unique(idx, return_counts=True)
    expected = counter.copy()
    expected[u] = np.minimum(255, expected[u].astype(np.int64) + c)
    count_saturating(counter, idx)
    assert np.array_equal(counter, expected)
    want = np.unique(idx[(flags[idx] & 8) == 0])
    assert np.array_equal(mark_new(idx, flags, 8), want)
    assert ((flags[idx] & 8) > 0).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_denunciation_weights_match_numpy(seed):
    from purgesim.model.kernels import denunciation_weights

    rng, _, _, _, _, _, status = _arrays(seed)
    disposition, group = rng.integers(0, 3, N), rng.integers(0, 8, N)
    contacts = rng.integers(-1, N, (100, 4))
    motive = rng.integers(0, 3, 100)
    disp_w, boss_w, official, specialist = np.array([1.0, 2.0, 5.0]), 3.0, 2, 3
    safe = np.where(contacts >= 0, contacts, 0)
    w = np.where((motive == 1)[:, None], disp_w[disposition[safe]], 1.0)
    boss = (group[safe] == official) | (group[safe] == specialist)
    w = np.where((motive == 2)[:, None] & boss, boss_w, w)
    expected = np.where((contacts >= 0) & (status[safe] == 0), w, 0.0)
    got = denunciation_weights(contacts, motive, disposition, group, status, disp_w, boss_w,
                               official, specialist, 0)
    assert np.array_equal(got, expected)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 60))
def test_admit_first_matches_numpy(seed, k):
    from purgesim.model.kernels import admit_first

    rng, _, _, _, flags, history, status = _arrays(seed)
    group = rng.integers(0, 4, N)
    odds = np.array([0.2, 0.5, 1.0, 0.0])
    cand, u = rng.integers(0, N, 300), rng.random(300)
    ok = ((flags[cand] & 4) == 0) & (status[cand] == 0) & ((history[cand] & 2) == 0)
    accepted = cand[ok & (u < odds[group[cand]])]
    _, first = np.unique(accepted, return_index=True)
    expected = accepted[np.sort(first)[:k]]
    got = admit_first(cand, u, odds, flags, status, history, group, 4, 2, 0, k)
    assert np.array_equal(got, expected)
    assert ((flags[got] & 4) > 0).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.4]))
def test_passing_bar_matches_numpy(seed, softness):
    from purgesim.model.kernels import passing_bar

    rng = np.random.default_rng(seed)
    e = rng.choice([0.0, 0.5, 1.0, 1.5, 2.0], 300)
    bounds = np.array([0, 40, 40, 170, 300])
    k = np.array([2, 5, 0, 9])
    jitter = rng.random(300) if softness else np.empty(0)
    judged = e + softness * (jitter - 0.5) if softness else e
    region = np.repeat(np.arange(4), np.diff(bounds))
    keep = np.flatnonzero((judged >= 1.0) & (k[region] > 0))
    groups = np.searchsorted(region[keep], np.arange(5))
    got_keep, got_groups = passing_bar(e, jitter, softness, 1.0, bounds, k)
    assert np.array_equal(got_keep, keep) and np.array_equal(got_groups, groups)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_settlement_week_matches_numpy(seed):
    from purgesim.model.kernels import settlement_week

    rng, _, _, _, _, _, status = _arrays(seed)
    disposition = rng.integers(0, 3, N)
    v = rng.permutation(N)[:200]
    u, u2 = rng.random(200), rng.random(200)
    p_die, p_esc, p_rel, p_caught = 0.1, 0.2, 0.15, 0.5
    here = status[v] == 0
    die = here & (u < p_die)
    escape = here & (u >= p_die) & (u < p_die + p_esc)
    release = here & (u >= p_die + p_esc) & (u < p_die + p_esc + p_rel)
    caught = escape & (u2 < p_caught)
    stay = here & ~die & ~(escape & ~caught) & ~release
    before = status.copy()
    got = settlement_week(v, u, u2, status, disposition, p_die, p_esc, p_rel, p_caught, 0, 9, 2)
    assert np.array_equal(got[0], stay)
    assert got[1:] == (die.sum(), (disposition[v[die]] == 2).sum(), escape.sum(),
                       caught.sum(), release.sum())
    assert (status[v[die]] == 9).all() and np.array_equal(status[v[~die]], before[v[~die]])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_camp_week_and_free_distinct_match_numpy(seed):
    from purgesim.model.kernels import camp_week, free_distinct

    rng, _, _, _, _, _, status = _arrays(seed)
    disposition, release = rng.integers(0, 3, N), rng.integers(0, 20, N).astype(np.uint16)
    inmates, u = rng.permutation(N)[:150], rng.random(150)
    dies = u < 0.1
    done = (~dies) & (release[inmates] <= 10)
    before = status.copy()
    stay, dead, dead_enemies, freed, staying = camp_week(inmates, u, 0.1, release, 10, status,
                                                        9, disposition, 2)
    assert np.array_equal(stay, ~(dies | done))
    assert np.array_equal(dead, inmates[dies]) and np.array_equal(freed, inmates[done])
    assert dead_enemies == (disposition[inmates[dies]] == 2).sum()
    assert staying == (disposition[inmates[stay]] == 2).sum()
    assert (status[inmates[dies]] == 9).all()
    assert np.array_equal(status[inmates[~dies]], before[inmates[~dies]])
    who = rng.integers(0, N, 200)
    assert np.array_equal(free_distinct(who, status, 0), np.unique(who[status[who] == 0]))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([-np.inf, 0.0, 1.7, 2.5]), st.integers(0, 300))
def test_evidence_reaching_is_evidence_filtered(seed, reach, lo):
    from purgesim.model.kernels import evidence_reaching

    rng, denounced, named, accident, flags, history, _ = _arrays(seed)
    idx = np.sort(rng.choice(N, 300, replace=False))
    args = (denounced, named, accident, flags, history, 1.0, 1.7, 0.9, 0.35, True, 0.5, 4,
            0b1110000, 0b11)
    e = evidence_of(idx, *args)
    pos, got = evidence_reaching(lo, idx.size, idx, reach, *args)
    want = lo + np.flatnonzero(e[lo:] >= reach)
    assert np.array_equal(pos, want) and np.array_equal(got, e[want])


def test_halves_split_a_long_input_between_two_threads_in_order(monkeypatch):
    """Above the threshold the two halves cover the input once each, first half first, and
    concatenated they are the one-thread result."""
    from purgesim.model import jit
    from purgesim.model.kernels import evidence_reaching

    rng, denounced, named, accident, flags, history, _ = _arrays(3)
    idx = np.sort(rng.choice(N, 301, replace=False))
    args = (idx, 1.0, denounced, named, accident, flags, history, 1.0, 1.7, 0.9, 0.35, False,
            0.5, 4, 0b1110000, 0b11)
    one = jit.halves(evidence_reaching, idx.size, *args)
    monkeypatch.setattr(jit, "HALVES_FROM", 10)
    two = jit.halves(evidence_reaching, idx.size, *args)
    assert len(one) == 1 and len(two) == 2
    assert two[0][0].max() < 150 <= two[1][0].min()
    for k in (0, 1):
        assert np.array_equal(np.concatenate([two[0][k], two[1][k]]), one[0][k])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 200))
def test_merge_tail_merges_appended_batches_into_order(seed, n_tail):
    from purgesim.model.kernels import merge_tail

    rng = np.random.default_rng(seed)
    values = rng.choice(10 * N, 200 + n_tail, replace=False)
    data = np.concatenate([np.sort(values[:200]), values[200:], np.full(7, -1)])
    merge_tail(data, 200, 200 + n_tail)
    assert np.array_equal(data[: 200 + n_tail], np.sort(values))
    assert (data[200 + n_tail:] == -1).all()  # nothing written past the end


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_kth_window_leaves_to_the_noise_only_what_it_can_change(seed):
    """Ranking everyone by e + noise and ranking only the window (with the same noise) after
    taking the sure ones choose the same candidates."""
    from purgesim.model.kernels import kth_window, top_k_by_group

    rng = np.random.default_rng(seed)
    e = rng.choice([0.0, 0.5, 1.0, 1.0004, 1.5, 2.0], 300)  # lattice values, some nearly tied
    bounds = np.array([0, 40, 40, 170, 300])
    k = np.array([2, 5, 0, 200])
    width = 1e-3
    score = e + width * rng.random(e.size)
    everyone = np.flatnonzero(top_k_by_group(score, bounds, k))
    sure, window, window_bounds, left, flat = kth_window(e, bounds, k, width)
    windowed = window[top_k_by_group(score[window], window_bounds, left)]
    assert np.array_equal(np.sort(np.concatenate([sure, windowed])), everyone)
    assert window.size < 300
    for g in range(k.size):
        values = e[window[window_bounds[g]:window_bounds[g + 1]]]
        assert flat[g] == (values.size > 0 and (values == values[0]).all())


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, N))
def test_flagged_lists_the_agents_with_a_bit(seed, lo):
    from purgesim.model.kernels import flagged

    flags = _arrays(seed)[4]
    assert np.array_equal(flagged(lo, N, flags, 4), lo + np.flatnonzero(flags[lo:] & 4))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_free_unmarked_filters_a_list(seed):
    from purgesim.model.kernels import free_unmarked

    rng, *_, history, status = _arrays(seed)
    idx = rng.integers(0, N, 200)
    want = idx[(status[idx] == 0) & ((history[idx] & 2) == 0)]
    assert np.array_equal(free_unmarked(0, idx.size, idx, status, 0, history, 2), want)
