"""The party: admissions, the candidate stage, the freeze, purges and verifications, expulsions,
reinstatement.

Membership is the PARTY bit on agents, counted incrementally (no weekly scan). Admissions draw
non-members with the same group odds that built the 1928 party; the admitted are candidates
(the CANDIDATE bit) and become full members after `candidate_stage_weeks`, counted only while
admissions are open (the freeze of 1933-36 stopped transfers too). Which 1928 members were still
candidates, and how long they had waited, is a fixed hash of the agent's index, so the stage
takes no random draw. A purge expels members with odds
rising with the evidence the state holds against them (`purge_evidence_weight`); expulsion is a
mark on the record (the EXPELLED bit) that counts as taint. Arrested members are expelled. The
January 1938 plenum's reinstatement returns a share of the expelled still at liberty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from purgesim.model.hashing import hashed_uniform
from purgesim.model.jit import halves
from purgesim.model.kernels import admit_first, flagged, free_members
from purgesim.model.params import Params
from purgesim.model.population import (
    CANDIDATE,
    EXPELLED,
    FREE,
    PARTY,
    REINSTATED,
    party_weights,
)
from purgesim.model.security import evidence
from purgesim.model.state import Buffer, stochastic_round

ADMIT_DRAWS, PURGE_DRAWS, MIN_DRAWS = 8, 40, 64
"""Agents drawn at random per place to fill (admissions: then accepted with the group odds;
purges: the members among them are ranked): enough that the places are nearly always filled,
so they set the cost, not the result."""
DONE = 1e-9
"""A campaign with fewer agents than this left to move is over (rounding residue)."""
CANDIDATE_SALT, WAITED_SALT = 0xCA4D, 0x5717
"""Hash salts: which 1928 members are candidates, and how long each had waited."""


@dataclass
class Party:
    """Running membership and the campaigns in progress."""

    members: int                                   # agents, full members and candidates
    candidates: int = 0                            # agents
    admissions: list = field(default_factory=list)  # (end_week, agents left to admit)
    purges: list = field(default_factory=list)      # (end_week, agents left to expel)
    expelled: Buffer = field(default_factory=Buffer)
    queue: Buffer = field(default_factory=Buffer)   # candidates in order of admission
    since: Buffer = field(default_factory=Buffer)   # the week each was admitted
    head: int = 0                                   # queue entries before it are done
    roll: np.ndarray | None = None
    """Every member, ascending, as of the last time someone joined (those who left since are
    still on it; None: someone has joined since, and it is listed again when needed)."""


def build_party(pop, p: Params) -> Party:
    """Count the members drawn at build time and mark the candidates among them."""
    members = pop.party_members
    cand = members[hashed_uniform(members, CANDIDATE_SALT) < p.candidate_share_1928]
    pop.history[cand] |= CANDIDATE
    waited = np.floor(p.candidate_stage_weeks * hashed_uniform(cand, WAITED_SALT))
    order = np.argsort(-waited, kind="stable")
    party = Party(members=int(members.size), candidates=int(cand.size), roll=members)
    party.queue.extend(cand[order])
    party.since.extend(-waited[order].astype(np.int64))
    return party


def _promote(state) -> None:
    """Candidates whose stage is over become full members, while admissions are open."""
    party, pop = state.party, state.pop
    if not party.admissions:
        return
    since = party.since.view
    end = party.head + int(np.searchsorted(since[party.head:],
                                           state.week - state.p.candidate_stage_weeks,
                                           side="right"))
    ready = party.queue.view[party.head:end]
    ready = ready[((pop.flags[ready] & PARTY) > 0) & ((pop.history[ready] & CANDIDATE) > 0)]
    pop.history[ready] &= np.uint8(~CANDIDATE & 0xFF)
    party.candidates -= ready.size
    party.head = end


def admit_over(state, end_week: int, total_persons: float) -> None:
    """Schedule admissions of `total_persons` until `end_week`."""
    state.party.admissions.append([end_week, total_persons / state.scale])


def purge_over(state, end_week: int, share: float) -> None:
    """Schedule the expulsion of `share` of today's members until `end_week`."""
    state.party.purges.append([end_week, share * state.party.members])


def _due(campaigns: list, week: int, rng: np.random.Generator) -> int:
    """Agents due this week across running campaigns (stochastic rounding keeps the totals)."""
    k = 0.0
    for c in campaigns:
        step = c[1] / max(1, c[0] - week)
        c[1] -= step
        k += step
    campaigns[:] = [c for c in campaigns if c[0] > week + 1 and c[1] > DONE]
    return stochastic_round(k, rng)


def _admit(state, k: int, rng: np.random.Generator) -> None:
    """Admit up to `k` eligible non-members, each with odds proportional to its group's weight.

    Candidates are drawn uniformly over the population and accepted with the group odds; the
    first `k` distinct accepted ones *in the order drawn* are admitted, which is a uniform
    sample of them. (Taking the `k` lowest indices instead would favour the regions laid out
    first, the RSFSR above all, and urban agents, who come first in each region.)"""
    if k <= 0:
        return
    pop = state.pop
    w = party_weights(state.p)
    w = w / w.max()
    cand = rng.integers(0, pop.n, size=ADMIT_DRAWS * k + MIN_DRAWS)
    chosen = admit_first(cand, rng.random(cand.size), w, pop.flags, pop.status, pop.history,
                         pop.group, PARTY, EXPELLED, FREE, k)
    pop.history[chosen] |= CANDIDATE
    state.party.roll = None
    state.party.members += chosen.size
    state.party.candidates += chosen.size
    state.party.queue.extend(chosen)
    state.party.since.extend(np.full(chosen.size, state.week))
    state.rec.add("party_admitted", chosen.size)


def _leave(state, idx: np.ndarray) -> np.ndarray:
    """The members among `idx` leave the party: out of its counts (members, and candidates
    among them) and without the flag. Returns them."""
    pop = state.pop
    idx = idx[(pop.flags[idx] & PARTY) > 0]
    pop.flags[idx] &= np.uint8(~PARTY & 0xFF)
    state.party.members -= idx.size
    state.party.candidates -= int(np.count_nonzero(pop.history[idx] & CANDIDATE))
    return idx


def die(state, idx: np.ndarray) -> None:
    """Members among the dead leave the party's count (no mark on their record)."""
    _leave(state, idx)


def expel(state, idx: np.ndarray) -> None:
    """Take members out of the party and mark the record."""
    idx = _leave(state, idx)
    if idx.size == 0:
        return
    pop = state.pop
    pop.history[idx] = (pop.history[idx] & np.uint8(~CANDIDATE & 0xFF)) | EXPELLED
    state.party.expelled.extend(idx)
    state.rec.add("party_expelled", idx.size)


def _purge(state, k: int, rng: np.random.Generator) -> None:
    if k <= 0:
        return
    pop = state.pop
    draws = max(MIN_DRAWS, int(PURGE_DRAWS * k * pop.n / max(1, state.party.members)))
    # `draws` agents drawn over the population, of whom the members are looked at: the
    # agents on the roll hit are Binomial(draws, roll / n) in number, each uniform over the
    # roll, and those who have left since are passed over as non-members would be, so they
    # are drawn as that directly (not `draws` reads at random, some 40 × 50 per place)
    party = state.party
    if party.roll is None:
        party.roll = np.concatenate(halves(flagged, pop.n, pop.flags, PARTY))
    roll = party.roll
    hits = rng.binomial(draws, roll.size / pop.n)
    cand = roll[rng.integers(0, roll.size, size=hits)] if roll.size else roll
    cand = free_members(cand, pop.flags, pop.status, PARTY, FREE)
    if cand.size == 0:
        return
    weight = 1.0 + state.p.purge_evidence_weight * evidence(state, cand)
    keys = np.log(rng.random(cand.size)) / weight  # weighted sampling without replacement
    expel(state, cand[np.argsort(-keys)[:k]])


def reinstate(state, share: float, rng: np.random.Generator) -> None:
    """Return `share` of the expelled still at liberty to the party (as full members)."""
    pop, party = state.pop, state.party
    v = party.expelled.view
    back = v[(pop.status[v] == FREE) & ((pop.flags[v] & PARTY) == 0)]
    back = np.unique(back[rng.random(back.size) < share])
    if back.size == 0:
        return
    pop.flags[back] |= PARTY
    party.roll = None
    pop.history[back] = (pop.history[back] & np.uint8(~EXPELLED & 0xFF)) | REINSTATED
    party.members += back.size
    party.expelled.keep(~np.isin(v, back))
    state.rec.add("party_reinstated", back.size)


def step(state, arrested: np.ndarray, rng: np.random.Generator) -> None:
    """Expel the arrested, promote candidates whose stage is over, then run admissions and
    purges due this week."""
    expel(state, arrested)
    _promote(state)
    _admit(state, _due(state.party.admissions, state.week, rng), rng)
    _purge(state, _due(state.party.purges, state.week, rng), rng)
