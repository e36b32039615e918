"""The compiled kernels compute exactly what the NumPy expressions they replace compute."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from purgesim.model.kernels import (
    bucket_by_region,
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
def test_bucket_by_region_is_a_stable_split(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(0, 90, 11)
    region = np.repeat(np.arange(11), sizes).astype(np.uint8)  # contiguous, some empty
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    idx = rng.permutation(region.size)[:200]
    agents, bounds = bucket_by_region(idx, starts)
    for r in range(11):
        assert np.array_equal(agents[bounds[r]:bounds[r + 1]], idx[region[idx] == r])


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
                          cand[((flags[cand] & 4) > 0) & (status[cand] == 0)])


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
