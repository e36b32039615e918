"""The synthetic population: one struct-of-arrays, about a dozen bytes per agent.

Agents are laid out sorted by (region, urban first), so a region is a contiguous index range and
households and workplaces are consecutive blocks inside it (see `contacts`). Nothing about an
agent is stored that can be derived from its index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from purgesim.data import REGIONS
from purgesim.model.kernels import count_saturating
from purgesim.model.params import Params

# ---- status (exactly one per agent per week)
(FREE, DETAINED, CAMP, EXILE, EXECUTED, DIED_IN_CAMP, DIED_IN_SETTLEMENT, DIED_IN_FAMINE,
 DIED_IN_WAR) = range(9)
STATUS_NAMES = ("free", "detained", "camp", "exile", "executed", "died_in_camp",
                "died_in_settlement", "died_in_famine", "died_in_war")
DEAD = (EXECUTED, DIED_IN_CAMP, DIED_IN_SETTLEMENT, DIED_IN_FAMINE, DIED_IN_WAR)

# ---- social groups
(WORKER, KOLKHOZNIK, SPECIAL_SETTLER, FORMER_KULAK, FORMER_PERSON, SPECIALIST, OFFICIAL,
 OFFICER, NKVD, CRIMINAL) = range(10)
GROUP_NAMES = ("worker", "kolkhoznik", "special_settler", "former_kulak", "former_person",
               "specialist", "official", "officer", "nkvd", "criminal")

# ---- flag bits (what the state can see)
URBAN, PARTY, T_KULAK, T_FORMER, T_OPPOSITION, T_FOREIGN, T_CRIMINAL, IN_POOL = (
    1 << b for b in range(8))
TAINTS = {"kulak": T_KULAK, "former": T_FORMER, "opposition": T_OPPOSITION,
          "foreign": T_FOREIGN, "criminal": T_CRIMINAL}
TAINT_MASK = T_KULAK | T_FORMER | T_OPPOSITION | T_FOREIGN | T_CRIMINAL

# ---- history bits (what happened to an agent; EXPELLED is visible to the state as a taint)
EXPELLED, DEPORTED, DISCHARGED, REINSTATED, CANDIDATE, COURT_TERM = (1 << b for b in range(6))
"""CANDIDATE: a candidate member of the party (with PARTY set), not yet a full member.
COURT_TERM: serving a term from an ordinary court (a non-political case), not a political one."""

# ---- latent disposition (what the state cannot see)
LOYAL, GRUMBLER, ENEMY = 0, 1, 2

# ---- diasporas targeted by national operations
DIASPORAS = ("none", "german", "polish", "latvian", "harbin", "other")


TINY = 1e-300
"""Keeps a share of an empty total from dividing by zero (no weight is this small)."""

@dataclass
class Population:
    """Struct-of-arrays state of all agents plus the index structure of regions."""

    region: np.ndarray       # uint8
    group: np.ndarray        # uint8
    flags: np.ndarray        # uint8 bit field
    diaspora: np.ndarray     # uint8
    disposition: np.ndarray  # uint8
    status: np.ndarray       # uint8
    denounced: np.ndarray    # uint8, saturating count of denunciations received
    named: np.ndarray        # uint8, saturating count of times named in confessions
    accident: np.ndarray     # uint8, saturating count of accidents blamed on the agent
    release_week: np.ndarray  # uint16, week a camp or exile term ends
    history: np.ndarray      # uint8 bit field: expelled, deported, discharged, reinstated, ...
    seg_start: np.ndarray    # int64 [n_regions, 2]: start of (urban, rural) segments
    seg_end: np.ndarray      # int64 [n_regions, 2]
    party_members: np.ndarray  # int64 indices of party members, ascending

    @property
    def n(self) -> int:
        """Number of agents."""
        return int(self.region.size)

    @property
    def n_regions(self) -> int:
        """Number of regions."""
        return int(self.seg_start.shape[0])

    @property
    def n_rural(self) -> int:
        """Number of rural agents."""
        return int((self.seg_end[:, 1] - self.seg_start[:, 1]).sum())

    @property
    def region_starts(self) -> np.ndarray:
        """First agent of each region (regions are contiguous ranges of agents), int64."""
        return self.seg_start[:, 0].astype(np.int64)

    def region_bounds(self, idx: np.ndarray) -> np.ndarray:
        """For ascending agent indices `idx`: region r's agents are idx[b[r]:b[r + 1]] (regions
        are contiguous ranges of agents, so an ordered list splits without reading it)."""
        return np.append(np.searchsorted(idx, self.region_starts), idx.size)

    def region_range(self, r: int) -> tuple[int, int]:
        """[start, end) of region `r`."""
        return int(self.seg_start[r, 0]), int(self.seg_end[r, 1])

    def status_counts(self) -> np.ndarray:
        """Agents in each status (counted without an 8-byte-per-agent temporary)."""
        return np.array([np.count_nonzero(self.status == k) for k in range(len(STATUS_NAMES))],
                        dtype=np.int64)

    def nbytes(self) -> int:
        """Bytes held in per-agent arrays (the memory that grows with population)."""
        per_agent = (self.region, self.group, self.flags, self.diaspora, self.disposition,
                     self.status, self.denounced, self.named, self.accident, self.release_week,
                     self.history)
        return int(sum(a.nbytes for a in per_agent) + self.party_members.nbytes)


def saturating_add(counter: np.ndarray, idx: np.ndarray) -> None:
    """Add one per occurrence of each index to a uint8 counter, stopping at 255."""
    count_saturating(counter, np.asarray(idx, dtype=np.int64))


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts proportional to `weights` that add up exactly to `total`."""
    raw = total * weights / weights.sum()
    counts = np.floor(raw).astype(np.int64)
    short = total - counts.sum()
    counts[np.argsort(raw - counts)[::-1][:short]] += 1
    return counts


def agent_count(p: Params, scale: int) -> int:
    """Agents for a population of `population_1937` at `scale` persons per agent."""
    return max(1, round(p.population_1937 / scale))


def _group_probs(p: Params, urban: bool) -> np.ndarray:
    """P(group) for an urban or a rural agent, from the registry shares."""
    u = p.urban_share
    officers = p.army_personnel * p.officer_share_of_army / p.population_1937
    nkvd = p.nkvd_staff / p.population_1937
    probs = np.zeros(len(GROUP_NAMES))
    if urban:
        probs[SPECIALIST] = p.specialist_share / u
        probs[OFFICIAL] = p.official_share / u
        probs[OFFICER] = officers / u
        probs[NKVD] = nkvd / u
        probs[FORMER_PERSON] = p.former_people_urban_fraction * p.former_people_share / u
        probs[CRIMINAL] = p.criminal_urban_fraction * p.criminal_share / u
        probs[WORKER] = 1.0 - probs.sum()
    else:
        probs[SPECIAL_SETTLER] = p.deported_kulaks_1930_31 / p.population_1937 / (1 - u)
        probs[FORMER_KULAK] = p.former_kulak_share / (1 - u)
        rural_former = 1 - p.former_people_urban_fraction
        probs[FORMER_PERSON] = rural_former * p.former_people_share / (1 - u)
        probs[CRIMINAL] = (1 - p.criminal_urban_fraction) * p.criminal_share / (1 - u)
        probs[KOLKHOZNIK] = 1.0 - probs.sum()
    if probs.min() < 0:
        raise ValueError("group shares exceed the urban or rural population")
    return probs


CHUNK = 1 << 16
"""Agents drawn at a time while building, so temporaries stay a few MB at any scale."""


def _segment_chunks(seg_start: np.ndarray, seg_end: np.ndarray):
    """(urban?, lo, hi) pieces of at most CHUNK agents, each inside one urban or rural segment."""
    for r in range(seg_start.shape[0]):
        for col in (0, 1):
            for lo in range(int(seg_start[r, col]), int(seg_end[r, col]), CHUNK):
                yield col == 0, lo, min(lo + CHUNK, int(seg_end[r, col]))


def build_population(p: Params, scale: int, rng: np.random.Generator) -> Population:
    """Draw a synthetic population at `scale` persons per agent.

    Attributes are drawn chunk by chunk inside each region's urban and rural segments, so the
    peak memory of building is the ~11 bytes per agent that the population keeps.
    """
    n = agent_count(p, scale)
    region_pop = np.array([r.population for r in REGIONS], dtype=float)
    n_region = _largest_remainder(n, region_pop)
    n_urban = np.round(n_region * p.urban_share).astype(np.int64)
    ends = np.cumsum(n_region)
    starts = ends - n_region
    seg_start = np.stack([starts, starts + n_urban], axis=1)
    seg_end = np.stack([starts + n_urban, ends], axis=1)
    chunks = list(_segment_chunks(seg_start, seg_end))

    region = np.repeat(np.arange(len(REGIONS), dtype=np.uint8), n_region)
    group = np.empty(n, dtype=np.uint8)
    flags = np.empty(n, dtype=np.uint8)
    diaspora = np.empty(n, dtype=np.uint8)
    probs = {True: _group_probs(p, True), False: _group_probs(p, False)}
    for urban, lo, hi in chunks:
        group[lo:hi] = rng.choice(len(GROUP_NAMES), size=hi - lo, p=probs[urban])
        diaspora[lo:hi] = _draw_diaspora(p, hi - lo, rng)
        flags[lo:hi] = _visible_flags(p, urban, group[lo:hi], diaspora[lo:hi], rng)

    _assign_party(p, group, flags, chunks, rng)
    disposition = _draw_disposition(p, flags, seg_start, seg_end, chunks, rng)

    return Population(
        region=region, group=group, flags=flags, diaspora=diaspora, disposition=disposition,
        status=np.zeros(n, dtype=np.uint8),
        denounced=np.zeros(n, dtype=np.uint8), named=np.zeros(n, dtype=np.uint8),
        accident=np.zeros(n, dtype=np.uint8), release_week=np.zeros(n, dtype=np.uint16),
        history=np.zeros(n, dtype=np.uint8), seg_start=seg_start, seg_end=seg_end,
        party_members=np.flatnonzero(flags & PARTY).astype(np.int64),
    )


def _visible_flags(p: Params, urban: bool, group: np.ndarray, diaspora: np.ndarray,
                   rng: np.random.Generator) -> np.ndarray:
    """Urban bit and the taints on file that follow from group, diaspora and foreign ties.

    Kulak households carry no taint yet: dekulakization puts them on file (collectivization)."""
    flags = np.full(group.size, URBAN if urban else 0, dtype=np.uint8)
    flags[group == FORMER_PERSON] |= T_FORMER
    flags[group == CRIMINAL] |= T_CRIMINAL
    foreign = (diaspora > 0) | (rng.random(group.size) < p.foreign_ties_share)
    flags[foreign] |= T_FOREIGN
    return flags


def _draw_diaspora(p: Params, n: int, rng: np.random.Generator) -> np.ndarray:
    shares = np.array([getattr(p, f"diaspora_{d}_share") for d in DIASPORAS[1:]])
    probs = np.concatenate([[1.0 - shares.sum()], shares])
    return rng.choice(len(DIASPORAS), size=n, p=probs).astype(np.uint8)


def party_weights(p: Params) -> np.ndarray:
    """Relative odds of party membership by group (officials and NKVD staff are all members)."""
    w = np.zeros(len(GROUP_NAMES))
    w[KOLKHOZNIK] = 1.0
    w[WORKER] = p.party_urban_ratio
    w[SPECIALIST] = w[OFFICER] = p.party_urban_ratio * p.party_cadre_ratio
    return w


def _group_counts(group: np.ndarray, chunks) -> np.ndarray:
    counts = np.zeros(len(GROUP_NAMES), dtype=np.int64)
    for _, lo, hi in chunks:
        counts += np.bincount(group[lo:hi], minlength=len(GROUP_NAMES))
    return counts


def _assign_party(p: Params, group: np.ndarray, flags: np.ndarray, chunks,
                  rng: np.random.Generator) -> None:
    """Set the party bit: all officials and NKVD staff, the rest by weighted draw."""
    counts = _group_counts(group, chunks)
    target = round(p.party_members_1928 / p.population_1937 * group.size)
    certain = np.zeros(len(GROUP_NAMES), dtype=bool)
    certain[[OFFICIAL, NKVD]] = True
    weight = party_weights(p)
    remaining = max(0, target - int(counts[certain].sum()))
    total_weight = float(weight @ counts)
    prob = np.where(certain, 1.0,
                    np.minimum(1.0, weight * remaining / max(total_weight, TINY)))
    for _, lo, hi in chunks:
        g = group[lo:hi]
        members = rng.random(g.size) < prob[g]
        flags[lo:hi][members] |= PARTY
        opposition = members & (rng.random(g.size) < p.opposition_share_of_party)
        flags[lo:hi][opposition] |= T_OPPOSITION


def _draw_disposition(p: Params, flags: np.ndarray, seg_start: np.ndarray, seg_end: np.ndarray,
                      chunks, rng: np.random.Generator) -> np.ndarray:
    """Latent loyal / grumbler / enemy, likelier if tainted, enemies clustered by workplace."""
    n = flags.size
    cluster = _workplace_multiplier(p, seg_start, seg_end, rng)

    def odds(lo: int, hi: int) -> np.ndarray:
        tainted = (flags[lo:hi] & TAINT_MASK) > 0
        return np.where(tainted, p.taint_disposition_odds, 1.0)

    odds_sum = enemy_sum = 0.0
    for _, lo, hi in chunks:
        o = odds(lo, hi)
        odds_sum += o.sum()
        enemy_sum += (o * cluster(lo, hi)).sum()
    disposition = np.empty(n, dtype=np.uint8)
    for _, lo, hi in chunks:
        o = odds(lo, hi)
        p_enemy = np.minimum(p.enemy_probability_cap,
                             p.enemy_share * o * cluster(lo, hi) / (enemy_sum / n))
        p_grumble = np.minimum(1.0 - p_enemy, p.grumbler_share * o / (odds_sum / n))
        u = rng.random(hi - lo)
        d = np.full(hi - lo, LOYAL, dtype=np.uint8)
        d[u < p_enemy + p_grumble] = GRUMBLER
        d[u < p_enemy] = ENEMY
        disposition[lo:hi] = d
    return disposition


def _workplace_multiplier(p: Params, seg_start, seg_end, rng):
    """Mean-one gamma multiplier shared by each workplace or village block (clusters of
    enemies). Returns a function giving the multiplier of agents [lo, hi) inside one segment;
    only one value per block is stored."""
    c = p.enemy_clustering
    if c <= 0:
        return lambda lo, hi: np.ones(hi - lo)
    shape = (1.0 - c) / c
    segments = []
    for r in range(seg_start.shape[0]):
        for col, size in ((0, int(p.workplace_size)), (1, int(p.village_size))):
            lo, hi = int(seg_start[r, col]), int(seg_end[r, col])
            blocks = -(-(hi - lo) // size)
            segments.append((lo, hi, size, rng.gamma(shape, 1.0 / shape, size=blocks)))

    def multiplier(lo: int, hi: int) -> np.ndarray:
        for s_lo, s_hi, size, m in segments:
            if s_lo <= lo < s_hi:
                return m[(np.arange(lo, hi) - s_lo) // size]
        raise ValueError(f"[{lo}, {hi}) is not inside one segment")

    return multiplier
