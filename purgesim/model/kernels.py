"""Compiled inner loops for the hot paths at full scale (Numba).

Each kernel computes exactly what the NumPy expression it replaces computes — same operations in
the same order, no fast-math — so runs stay bit-identical (tested against the NumPy versions in
tests/test_kernels.py). They fuse gathers and filters that NumPy would do in several passes with
temporaries, which matters when a register of millions is ranked every week.
"""

from __future__ import annotations

import numpy as np

from purgesim.model.hashing import SPLITMIX_GOLDEN, SPLITMIX_M1, SPLITMIX_M2
from purgesim.model.jit import compiled, gil_free

HALF = 0.5
"""Centres a uniform draw on zero (the soft bar's jitter)."""


@compiled
def evidence_of(idx, denounced, named, accident, flags, history, w_denounced, w_named,
                w_taint, w_accident, plenum, protect, party_bit, taint_mask, record_mask):
    """security.evidence for the agents in `idx` (see there for the meaning)."""
    return evidence_reaching(0, idx.size, idx, -np.inf, denounced, named, accident, flags,
                             history, w_denounced, w_named, w_taint, w_accident, plenum,
                             protect, party_bit, taint_mask, record_mask)[1]


@gil_free
def evidence_reaching(lo, hi, idx, reach, denounced, named, accident, flags, history,
                      w_denounced, w_named, w_taint, w_accident, plenum, protect, party_bit,
                      taint_mask, record_mask):
    """The positions j in [lo, hi) of `idx` whose evidence (security.evidence) is at least
    `reach`, ascending, and that evidence: the candidates who can pass a bar this week,
    found in one pass without keeping the evidence of the many who cannot. Releases the GIL
    (jit.halves runs two ranges at once)."""
    pos = np.empty(hi - lo, dtype=np.int64)
    out = np.empty(hi - lo)
    m = 0
    for j in range(lo, hi):
        i = idx[j]
        den = np.float64(denounced[i]) * w_denounced
        if plenum and (flags[i] & party_bit) != 0:
            den = den * protect
        tainted = 1.0 if ((flags[i] & taint_mask) != 0 or (history[i] & record_mask) != 0) \
            else 0.0
        e = den + w_named * np.float64(named[i]) + w_taint * tainted \
            + w_accident * np.float64(accident[i])
        pos[m] = j       # written always, kept when it reaches: no branch to mispredict
        out[m] = e
        m += e >= reach
    if m == hi - lo:
        return pos, out
    return pos[:m].copy(), out[:m].copy()


@gil_free
def flagged(lo, hi, flags, bit):
    """The agents in [lo, hi) with `bit` set in `flags`, ascending (one pass over the
    range; releases the GIL, so jit.halves can run two ranges at once)."""
    out = np.empty(hi - lo, dtype=np.int64)
    m = 0
    for i in range(lo, hi):
        out[m] = i
        m += (flags[i] & bit) != 0
    return out[:m].copy()


@gil_free
def free_unmarked(lo, hi, idx, status, free, history, mark):
    """idx[lo:hi][(status[...] == free) & (history[...] & mark == 0)]: the agents of a list
    at liberty and without `mark` on their record, in one pass (releases the GIL)."""
    out = np.empty(hi - lo, dtype=np.int64)
    m = 0
    for j in range(lo, hi):
        i = idx[j]
        out[m] = i
        m += status[i] == free and (history[i] & mark) == 0
    return out[:m].copy()


@compiled
def merge_tail(data, ordered, size):
    """Merge `data[ordered:size]` (distinct values, any order) into the ascending
    `data[:ordered]`, in place: the tail is sorted, then both are merged from the back, so
    only the entries above the tail's smallest move."""
    tail = np.sort(data[ordered:size])
    i = ordered - 1
    k = size - 1
    for j in range(tail.size - 1, -1, -1):
        while i >= 0 and data[i] > tail[j]:
            data[k] = data[i]
            i -= 1
            k -= 1
        data[k] = tail[j]
        k -= 1


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
def _sorted_distinct(values):
    """np.unique(values) for a fresh array it may reorder: sorted, repeats dropped."""
    values = np.sort(values)
    n = 0
    last = -1
    for v in values:
        if v != last:
            values[n] = v
            n += 1
        last = v
    return values[:n]


@compiled
def free_members(cand, flags, status, bit, free):
    """np.unique(cand[((flags[cand] & bit) > 0) & (status[cand] == free)]): the distinct
    candidates with `bit` at liberty, ascending (filtered in one pass, then sorted: the
    candidates are many draws, the members among them few)."""
    kept = np.empty(cand.size, dtype=np.int64)
    m = 0
    for c in cand:
        if (flags[c] & bit) != 0 and status[c] == free:
            kept[m] = c
            m += 1
    return _sorted_distinct(kept[:m])


@compiled
def kth_window(e, bounds, k, width):
    """Who the ranking by `e` plus noise in [0, `width`) leaves to the noise.

    In each group g = [bounds[g], bounds[g + 1]) with k[g] > 0 places, let v be its k[g]-th
    highest `e`. Whoever has more than v + width is among the top k[g] whatever the noise (at
    most k[g] - 1 have more than v), whoever has less than v - width is not (k[g] have at
    least v), and only those in between need a draw. Returns the positions surely taken (a
    whole group when it holds no more than k[g]), the positions in the window, the window's
    group bounds, the places left to fill from each group's window, and whether each group's
    window holds one value only (a tie: then the noise picks a uniform subset). The result of
    ranking only the window is the same, in law, as ranking everyone with noise; the draws are
    far fewer when millions pass a bar and a few hundred are taken."""
    sure = np.empty(e.size, dtype=np.int64)
    window = np.empty(e.size, dtype=np.int64)
    window_bounds = np.zeros(k.size + 1, dtype=np.int64)
    left = np.zeros(k.size, dtype=np.int64)
    flat = np.zeros(k.size, dtype=np.bool_)
    ns = nw = 0
    for g in range(k.size):
        lo, hi, want = bounds[g], bounds[g + 1], k[g]
        if want > 0 and hi > lo:
            if hi - lo <= want:
                for i in range(lo, hi):
                    sure[ns] = i
                    ns += 1
            else:
                v = -np.partition(-e[lo:hi], want - 1)[want - 1]
                taken = 0
                for i in range(lo, hi):
                    if e[i] > v + width:
                        sure[ns] = i
                        ns += 1
                        taken += 1
                    elif e[i] >= v - width:
                        window[nw] = i
                        nw += 1
                left[g] = want - taken
                flat[g] = True
                for j in range(window_bounds[g], nw):
                    if e[window[j]] != v:
                        flat[g] = False
                        break
        window_bounds[g + 1] = nw
    return sure[:ns], window[:nw], window_bounds, left, flat


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


@compiled
def _splitmix64(x):
    """hashing.splitmix64 of one uint64 (the same constants)."""
    z = x + SPLITMIX_GOLDEN
    z = (z ^ (z >> np.uint64(30))) * SPLITMIX_M1
    z = (z ^ (z >> np.uint64(27))) * SPLITMIX_M2
    return z ^ (z >> np.uint64(31))


@compiled
def contacts_of(who, u, v, flags, region, seg_start, seg_end, party_members, share_h,
                share_party, share_long, size_h, size_work, size_village, long_ties, cell_size,
                party_bit, urban_bit):
    """contacts.draw_contacts given its uniforms `u` (the kind of tie) and `v` (the member of
    the block), both shaped (len(who), k): one pass, no temporaries per kind of tie."""
    m, k = u.shape
    out = np.full((m, k), -1, dtype=np.int64)
    n_members = party_members.size
    for a in range(m):
        i = who[a]
        share_p = share_party if (flags[i] & party_bit) != 0 else 0.0
        urban = (flags[i] & urban_bit) != 0
        col = 0 if urban else 1
        r = np.int64(region[i])
        for b in range(k):
            uu, vv = u[a, b], v[a, b]
            if uu < share_h or not uu < share_h + share_p + share_long:   # household, work
                size = size_h if uu < share_h else (size_work if urban else size_village)
                s, e = seg_start[r, col], seg_end[r, col]
                lo = s + ((i - s) // size) * size
                hi = min(lo + size, e)
                c = lo + np.int64(vv * (hi - lo))
            elif uu < share_h + share_p:                                    # party cell
                if n_members == 0:
                    continue
                pos = min(np.searchsorted(party_members, i), n_members - 1)
                lo = (pos // cell_size) * cell_size
                hi = min(lo + cell_size, n_members)
                c = party_members[lo + np.int64(vv * (hi - lo))]
            else:                                                           # long tie
                j = np.int64(vv * long_ties)
                lo = seg_start[r, 0]
                span = seg_end[r, 1] - lo
                h = _splitmix64(np.uint64(i) * np.uint64(64) + np.uint64(j))
                c = lo + np.int64(h % np.uint64(span))
            out[a, b] = -1 if c == i else c
    return out


@compiled
def pick_by_weight(candidates, weights, r):
    """contacts.pick_weighted given its uniforms `r` (one per row): the first column whose
    running weight reaches r x the row's total; -1 where the total is not positive."""
    m, k = candidates.shape
    out = np.empty(m, dtype=np.int64)
    for a in range(m):
        total = 0.0
        for b in range(k):
            total += weights[a, b]
        target = r[a] * total
        cum = 0.0
        col = 0
        for b in range(k):
            cum += weights[a, b]
            if cum < target:
                col += 1
        out[a] = -1 if total <= 0 else candidates[a, min(col, k - 1)]
    return out


@compiled
def count_saturating(counter, idx):
    """Add one to a uint8 `counter` per occurrence of each index, stopping at 255."""
    for i in idx:
        if counter[i] < 255:
            counter[i] += 1


@compiled
def mark_new(idx, flags, bit):
    """The distinct agents of `idx` without `bit` in `flags`, ascending, and set it on them
    (np.unique(idx[flags[idx] & bit == 0]) with the flag set)."""
    fresh = np.empty(idx.size, dtype=np.int64)
    m = 0
    for i in idx:
        if (flags[i] & bit) == 0:
            fresh[m] = i
            m += 1
    fresh = _sorted_distinct(fresh[:m])
    for i in fresh:
        flags[i] |= bit
    return fresh


@compiled
def denunciation_weights(contacts, motive, disposition, group, status, disposition_weight,
                         boss_weight, official, specialist, free):
    """denunciation.target_weights: each candidate's weight given its denouncer's motive
    (0 grievance: 1; 1 suspicion: `disposition_weight[disposition]`; 2 vertical:
    `boss_weight` for officials and specialists, else 1); 0 for no contact or one not at
    liberty."""
    m, k = contacts.shape
    w = np.zeros((m, k))
    for a in range(m):
        for b in range(k):
            c = contacts[a, b]
            if c < 0 or status[c] != free:
                continue
            if motive[a] == 1:
                w[a, b] = disposition_weight[disposition[c]]
            elif motive[a] == 2 and (group[c] == official or group[c] == specialist):
                w[a, b] = boss_weight
            else:
                w[a, b] = 1.0
    return w


@compiled
def admit_first(cand, u, odds, flags, status, history, group, party_bit, expelled_bit, free,
                k):
    """party._admit's choice: the first `k` distinct candidates, in the order drawn, who are
    free, neither members nor ever expelled, and pass their group's odds (`u` < odds); sets
    `party_bit` on them. (A repeat of an admitted agent fails as a member now, as np.unique's
    first occurrence would drop it.)"""
    out = np.empty(min(k, cand.size), dtype=np.int64)
    m = 0
    for j in range(cand.size):
        if m == out.size:
            break
        i = cand[j]
        if (flags[i] & party_bit) == 0 and status[i] == free \
                and (history[i] & expelled_bit) == 0 and u[j] < odds[group[i]]:
            flags[i] |= party_bit
            out[m] = i
            m += 1
    return out[:m]


@compiled
def passing_bar(e, jitter, softness, floor, bounds, k):
    """security.top_by_region's filter: positions of the candidates whose evidence `e` (plus
    `softness` x (jitter - 1/2), when `jitter` is given) reaches `floor`, in groups whose
    `k` is positive, still grouped; and the group bounds in that list."""
    keep = np.empty(e.size, dtype=np.int64)
    groups = np.zeros(k.size + 1, dtype=np.int64)
    m = 0
    for g in range(k.size):
        if k[g] > 0:
            for i in range(bounds[g], bounds[g + 1]):
                judged = e[i] + softness * (jitter[i] - HALF) if jitter.size else e[i]
                if judged >= floor:
                    keep[m] = i
                    m += 1
        groups[g + 1] = m
    return keep[:m], groups


@compiled
def settlement_week(settlers, u, u_caught, status, disposition, p_die, p_escape, p_release,
                    p_caught, free, died, enemy):
    """collectivization._settlements for one week, given its uniforms: those at liberty die
    (u < p_die), escape (next p_escape; caught and kept if u_caught < p_caught) or are
    released (next p_release). Marks the dead `died` in `status` and returns (mask of
    settlers who stay, deaths, enemies among them, escapes, recaptured, releases)."""
    stay = np.zeros(settlers.size, dtype=np.bool_)
    deaths = dead_enemies = escapes = caught = releases = 0
    for j in range(settlers.size):
        i = settlers[j]
        if status[i] != free:          # arrested settlers leave the settlement for good
            continue
        if u[j] < p_die:
            status[i] = died
            deaths += 1
            dead_enemies += disposition[i] == enemy
        elif u[j] < p_die + p_escape:
            escapes += 1
            if u_caught[j] < p_caught:
                caught += 1
                stay[j] = True
        elif u[j] < p_die + p_escape + p_release:
            releases += 1
        else:
            stay[j] = True
    return stay, deaths, dead_enemies, escapes, caught, releases


@compiled
def camp_week(inmates, u, p_die, release_week, week, status, died, disposition, enemy):
    """camps.step's deaths and releases, given one uniform per inmate: an inmate dies
    (u < p_die; marked `died` in `status`), else leaves at the end of the term. Returns (mask
    of inmates who stay, the dead, enemies among them, the released, enemies among those who
    stay)."""
    stay = np.ones(inmates.size, dtype=np.bool_)
    dead = np.empty(inmates.size, dtype=np.int64)
    freed = np.empty(inmates.size, dtype=np.int64)
    n_dead = n_freed = dead_enemies = staying_enemies = 0
    for j in range(inmates.size):
        i = inmates[j]
        if u[j] < p_die:
            status[i] = died
            dead[n_dead] = i
            n_dead += 1
            dead_enemies += disposition[i] == enemy
            stay[j] = False
        elif release_week[i] <= week:
            freed[n_freed] = i
            n_freed += 1
            stay[j] = False
        else:
            staying_enemies += disposition[i] == enemy
    return stay, dead[:n_dead], dead_enemies, freed[:n_freed], staying_enemies


@compiled
def free_distinct(idx, status, free):
    """np.unique(idx[status[idx] == free]): the distinct agents of `idx` at liberty, ascending."""
    kept = np.empty(idx.size, dtype=np.int64)
    m = 0
    for i in idx:
        if status[i] == free:
            kept[m] = i
            m += 1
    return _sorted_distinct(kept[:m])
