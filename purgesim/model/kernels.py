"""Compiled inner loops for the hot paths at full scale (Numba).

Each kernel computes exactly what the NumPy expression it replaces computes — same operations in
the same order, no fast-math — so runs stay bit-identical (tested against the NumPy versions in
tests/test_kernels.py). They fuse gathers and filters that NumPy would do in several passes with
temporaries, which matters when a register of millions is ranked every week.
"""

from __future__ import annotations

import numpy as np

from purgesim.model.jit import compiled


@compiled
def evidence_of(idx, denounced, named, accident, flags, history, w_denounced, w_named,
                w_taint, w_accident, plenum, protect, party_bit, taint_mask, record_mask):
    """security.evidence for the agents in `idx` (see there for the meaning)."""
    out = np.empty(idx.size)
    for j in range(idx.size):
        i = idx[j]
        den = np.float64(denounced[i]) * w_denounced
        if plenum and (flags[i] & party_bit) != 0:
            den = den * protect
        tainted = 1.0 if ((flags[i] & taint_mask) != 0 or (history[i] & record_mask) != 0) \
            else 0.0
        out[j] = den + w_named * np.float64(named[i]) + w_taint * tainted \
            + w_accident * np.float64(accident[i])
    return out


@compiled
def free_union(files, extra, status, free):
    """np.unique(c[status[c] == free]) for c = concatenate(files, extra), with `files` sorted
    and unique: a merge instead of a sort of the whole register."""
    extra = np.sort(extra)
    out = np.empty(files.size + extra.size, dtype=np.int64)
    i = j = m = 0
    last = -1
    while i < files.size or j < extra.size:
        if j >= extra.size or (i < files.size and files[i] <= extra[j]):
            x = files[i]
            i += 1
        else:
            x = extra[j]
            j += 1
        if x != last and status[x] == free:
            out[m] = x
            m += 1
        last = x
    return out[:m]


@compiled
def compact_free(data, size, status, flags, free, in_pool_bit):
    """State.tidy_pool on a buffer's storage: keep, in order, the entries still at liberty, and
    clear the pool flag of the others. Returns the new size."""
    clear = np.uint8(~in_pool_bit & 0xFF)
    m = 0
    for q in range(size):
        i = data[q]
        if status[i] == free:
            data[m] = i
            m += 1
        else:
            flags[i] &= clear
    return m


@compiled
def bucket_by_region(idx, starts):
    """`idx` grouped by region, each group in `idx` order (a stable counting sort): region r's
    agents are agents[bounds[r]:bounds[r + 1]], as idx[region[idx] == r] would give. Regions
    are contiguous ranges of agents starting at `starts` (ascending), so an agent's region is
    found from its index, without reading a population-sized array at random."""
    n_regions = starts.size
    counts = np.zeros(n_regions + 1, dtype=np.int64)
    where = np.searchsorted(starts, idx, side="right") - 1   # binary search: 64 regions
    for j in range(idx.size):
        counts[where[j] + 1] += 1
    bounds = np.cumsum(counts)
    fill = bounds[:-1].copy()
    agents = np.empty(idx.size, dtype=np.int64)
    for j in range(idx.size):
        r = where[j]
        agents[fill[r]] = idx[j]
        fill[r] += 1
    return agents, bounds


@compiled
def free_members(cand, flags, status, bit, free):
    """cand[((flags[cand] & bit) > 0) & (status[cand] == free)], in one pass."""
    out = np.empty(cand.size, dtype=np.int64)
    m = 0
    for c in cand:
        if (flags[c] & bit) != 0 and status[c] == free:
            out[m] = c
            m += 1
    return out[:m]


@compiled
def top_k_by_group(score, bounds, k):
    """Mask of the `k[g]` highest scores within each group g = [bounds[g], bounds[g + 1]) of
    `score` (all of a group when it holds no more than `k[g]`), in time linear in the scores:
    a partial sort (partition) per group, not a full sort of millions of candidates a week."""
    chosen = np.zeros(score.size, dtype=np.bool_)
    for g in range(k.size):
        lo, hi, want = bounds[g], bounds[g + 1], k[g]
        if want <= 0 or hi <= lo:
            continue
        if hi - lo <= want:
            chosen[lo:hi] = True
            continue
        kth = np.partition(-score[lo:hi], want - 1)[want - 1]   # minus the want-th highest
        taken = 0
        for i in range(lo, hi):
            if -score[i] <= kth and taken < want:
                chosen[i] = True
                taken += 1
    return chosen
