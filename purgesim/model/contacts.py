"""Contacts as implicit blocks: no edge list is ever stored.

An agent's household and workplace (or village) are the consecutive index blocks that contain it
inside its region's urban or rural segment; its party cell is a consecutive block of the
region-sorted list of party members; its long ties are given by a hash of (agent, tie number).
Memory therefore stays linear in the population, and drawing a contact costs O(1).
"""

from __future__ import annotations

import numpy as np

from purgesim.model.hashing import splitmix64
from purgesim.model.params import Params
from purgesim.model.population import PARTY, URBAN, Population


def block_bounds(pop: Population, who: np.ndarray, size_urban: int, size_rural: int):
    """[lo, hi) of the block of each agent in `who` (household or workplace)."""
    urban = (pop.flags[who] & URBAN) > 0
    col = np.where(urban, 0, 1)
    r = pop.region[who].astype(np.int64)
    s = pop.seg_start[r, col]
    e = pop.seg_end[r, col]
    size = np.where(urban, size_urban, size_rural)
    lo = s + ((who - s) // size) * size
    hi = np.minimum(lo + size, e)
    return lo, hi


def long_tie(pop: Population, who: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The `j`-th long tie of each agent: a hashed, fixed acquaintance in the same region."""
    r = pop.region[who].astype(np.int64)
    lo = pop.seg_start[r, 0]
    span = pop.seg_end[r, 1] - lo
    h = splitmix64(who.astype(np.uint64) * np.uint64(64) + j.astype(np.uint64))
    return lo + (h % span.astype(np.uint64)).astype(np.int64)


def party_cell_bounds(pop: Population, who: np.ndarray, cell_size: int):
    """[lo, hi) positions in `pop.party_members` (the members of 1928, sorted) of each member's
    cell. A member admitted later joins the cell of the 1928 members next to it in index order
    (in its region); past the last 1928 member, the last cell."""
    pos = np.minimum(np.searchsorted(pop.party_members, who), pop.party_members.size - 1)
    lo = (pos // cell_size) * cell_size
    hi = np.minimum(lo + cell_size, pop.party_members.size)
    return lo, hi


def draw_contacts(pop: Population, p: Params, who: np.ndarray, k: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Draw `k` contacts for each agent in `who`; returns shape (len(who), k), -1 for none.

    Each draw first picks the kind of tie (household, party cell, long tie, else workplace)
    with the registry's contact shares, then a member of that block uniformly.
    """
    who = np.asarray(who, dtype=np.int64)
    m = who.size
    out = np.full((m, k), -1, dtype=np.int64)
    if m == 0:
        return out
    member = (pop.flags[who] & PARTY) > 0
    share_h = p.household_contact_share
    share_p = np.where(member, p.party_contact_share, 0.0)
    share_l = p.long_contact_share if p.long_ties > 0 else 0.0
    u = rng.random((m, k))
    v = rng.random((m, k))
    rep = np.repeat(who, k).reshape(m, k)

    hh = u < share_h
    party = (~hh) & (u < share_h + share_p[:, None])
    long_ = (~hh) & (~party) & (u < share_h + share_p[:, None] + share_l)
    work = ~(hh | party | long_)

    size_h = int(p.household_size)
    if hh.any():
        lo, hi = block_bounds(pop, rep[hh], size_h, size_h)
        out[hh] = lo + (v[hh] * (hi - lo)).astype(np.int64)
    if work.any():
        lo, hi = block_bounds(pop, rep[work], int(p.workplace_size), int(p.village_size))
        out[work] = lo + (v[work] * (hi - lo)).astype(np.int64)
    if long_.any():
        j = (v[long_] * int(p.long_ties)).astype(np.int64)
        out[long_] = long_tie(pop, rep[long_], j)
    if party.any() and pop.party_members.size:
        lo, hi = party_cell_bounds(pop, rep[party], int(p.party_cell_size))
        out[party] = pop.party_members[lo + (v[party] * (hi - lo)).astype(np.int64)]
    out[out == rep] = -1
    return out


def pick_weighted(candidates: np.ndarray, weights: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """One candidate per row with probability proportional to weight; -1 where all are zero."""
    m = candidates.shape[0]
    if m == 0:
        return np.empty(0, dtype=np.int64)
    cum = np.cumsum(weights, axis=1)
    total = cum[:, -1]
    u = rng.random(m) * total
    col = (cum < u[:, None]).sum(axis=1)
    col = np.minimum(col, candidates.shape[1] - 1)
    chosen = candidates[np.arange(m), col]
    chosen[total <= 0] = -1
    return chosen
