"""Contacts as implicit blocks: no edge list is ever stored.

An agent's household and workplace (or village) are the consecutive index blocks that contain it
inside its region's urban or rural segment; its party cell is a consecutive block of the
region-sorted list of party members; its long ties are given by a hash of (agent, tie number).
Memory therefore stays linear in the population, and drawing a contact costs O(1).
"""

from __future__ import annotations

import numpy as np

from purgesim.model.hashing import splitmix64
from purgesim.model.kernels import contacts_of, pick_by_weight
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
    with the registry's contact shares, then a member of that block uniformly (one uniform
    for each choice; the compiled kernels.contacts_of does the rest in one pass).
    """
    who = np.asarray(who, dtype=np.int64)
    m = who.size
    if m == 0:
        return np.full((0, k), -1, dtype=np.int64)
    u = rng.random((m, k))
    v = rng.random((m, k))
    return contacts_of(who, u, v, pop.flags, pop.region, pop.seg_start, pop.seg_end,
                       pop.party_members, p.household_contact_share, p.party_contact_share,
                       p.long_contact_share if p.long_ties > 0 else 0.0,
                       int(p.household_size), int(p.workplace_size), int(p.village_size),
                       int(p.long_ties), int(p.party_cell_size), PARTY, URBAN)


def pick_weighted(candidates: np.ndarray, weights: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """One candidate per row with probability proportional to weight; -1 where all are zero."""
    m = candidates.shape[0]
    if m == 0:
        return np.empty(0, dtype=np.int64)
    return pick_by_weight(candidates, np.ascontiguousarray(weights, dtype=np.float64),
                          rng.random(m))
