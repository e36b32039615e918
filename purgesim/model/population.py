"""The synthetic population: one struct-of-arrays, about a dozen bytes per agent.

Agents are laid out sorted by (region, urban first), so a region is a contiguous index range and
households and workplaces are consecutive blocks inside it (see `contacts`). Nothing about an
agent is stored that can be derived from its index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from purgesim.data import REGIONS

# ---- status (exactly one per agent per week)
FREE, DETAINED, CAMP, EXILE, EXECUTED, DIED_IN_CAMP = range(6)
STATUS_NAMES = ("free", "detained", "camp", "exile", "executed", "died_in_camp")

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

# ---- latent disposition (what the state cannot see)
LOYAL, GRUMBLER, ENEMY = 0, 1, 2

# ---- diasporas targeted by national operations
DIASPORAS = ("none", "german", "polish", "latvian", "harbin", "other")


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

    def region_range(self, r: int) -> tuple[int, int]:
        """[start, end) of region `r`."""
        return int(self.seg_start[r, 0]), int(self.seg_end[r, 1])

    def nbytes(self) -> int:
        """Bytes held in per-agent arrays (the memory that grows with population)."""
        per_agent = (self.region, self.group, self.flags, self.diaspora, self.disposition,
                     self.status, self.denounced, self.named, self.accident, self.release_week)
        return int(sum(a.nbytes for a in per_agent) + self.party_members.nbytes)


def saturating_add(counter: np.ndarray, idx: np.ndarray) -> None:
    """Add one per occurrence of each index to a uint8 counter, stopping at 255."""
    if idx.size == 0:
        return
    u, c = np.unique(idx, return_counts=True)
    counter[u] = np.minimum(255, counter[u].astype(np.int64) + c).astype(counter.dtype)


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts proportional to `weights` that add up exactly to `total`."""
    raw = total * weights / weights.sum()
    counts = np.floor(raw).astype(np.int64)
    short = total - counts.sum()
    counts[np.argsort(raw - counts)[::-1][:short]] += 1
    return counts


def agent_count(p: dict, scale: int) -> int:
    """Agents for a population of `population_1937` at `scale` persons per agent."""
    return max(1, round(p["population_1937"] / scale))


def _group_probs(p: dict, urban: bool) -> np.ndarray:
    """P(group) for an urban or a rural agent, from the registry shares."""
    u = p["urban_share"]
    officers = p["army_personnel"] * p["officer_share_of_army"] / p["population_1937"]
    nkvd = p["nkvd_staff"] / p["population_1937"]
    probs = np.zeros(len(GROUP_NAMES))
    if urban:
        probs[SPECIALIST] = p["specialist_share"] / u
        probs[OFFICIAL] = p["official_share"] / u
        probs[OFFICER] = officers / u
        probs[NKVD] = nkvd / u
        probs[FORMER_PERSON] = 0.6 * p["former_people_share"] / u
        probs[CRIMINAL] = 0.5 * p["criminal_share"] / u
        probs[WORKER] = 1.0 - probs.sum()
    else:
        probs[SPECIAL_SETTLER] = p["special_settler_share"] / (1 - u)
        probs[FORMER_KULAK] = p["former_kulak_share"] / (1 - u)
        probs[FORMER_PERSON] = 0.4 * p["former_people_share"] / (1 - u)
        probs[CRIMINAL] = 0.5 * p["criminal_share"] / (1 - u)
        probs[KOLKHOZNIK] = 1.0 - probs.sum()
    if probs.min() < 0:
        raise ValueError("group shares exceed the urban or rural population")
    return probs


def build_population(p: dict, scale: int, rng: np.random.Generator) -> Population:
    """Draw a synthetic population at `scale` persons per agent."""
    n = agent_count(p, scale)
    region_pop = np.array([r.population_1939 for r in REGIONS], dtype=float)
    n_region = _largest_remainder(n, region_pop)
    n_urban = np.round(n_region * p["urban_share"]).astype(np.int64)

    seg_start = np.zeros((len(REGIONS), 2), dtype=np.int64)
    seg_end = np.zeros((len(REGIONS), 2), dtype=np.int64)
    region = np.empty(n, dtype=np.uint8)
    urban = np.zeros(n, dtype=bool)
    pos = 0
    for r, (nr, nu) in enumerate(zip(n_region, n_urban, strict=True)):
        seg_start[r] = (pos, pos + nu)
        seg_end[r] = (pos + nu, pos + nr)
        region[pos:pos + nr] = r
        urban[pos:pos + nu] = True
        pos += nr

    group = np.empty(n, dtype=np.uint8)
    for is_urban in (True, False):
        idx = np.flatnonzero(urban == is_urban)
        group[idx] = rng.choice(len(GROUP_NAMES), size=idx.size, p=_group_probs(p, is_urban))

    flags = np.where(urban, URBAN, 0).astype(np.uint8)
    flags[(group == SPECIAL_SETTLER) | (group == FORMER_KULAK)] |= T_KULAK
    flags[group == FORMER_PERSON] |= T_FORMER
    flags[group == CRIMINAL] |= T_CRIMINAL

    diaspora = _draw_diaspora(p, n, rng)
    flags[diaspora > 0] |= T_FOREIGN
    flags[rng.random(n) < p["foreign_ties_share"]] |= T_FOREIGN

    _assign_party(p, n, group, flags, rng)
    disposition = _draw_disposition(p, flags, seg_start, seg_end, rng)

    return Population(
        region=region, group=group, flags=flags, diaspora=diaspora, disposition=disposition,
        status=np.zeros(n, dtype=np.uint8),
        denounced=np.zeros(n, dtype=np.uint8), named=np.zeros(n, dtype=np.uint8),
        accident=np.zeros(n, dtype=np.uint8), release_week=np.zeros(n, dtype=np.uint16),
        seg_start=seg_start, seg_end=seg_end,
        party_members=np.flatnonzero(flags & PARTY).astype(np.int64),
    )


def _draw_diaspora(p: dict, n: int, rng: np.random.Generator) -> np.ndarray:
    shares = np.array([p[f"diaspora_{d}_share"] for d in DIASPORAS[1:]])
    probs = np.concatenate([[1.0 - shares.sum()], shares])
    return rng.choice(len(DIASPORAS), size=n, p=probs).astype(np.uint8)


def _assign_party(p: dict, n: int, group: np.ndarray, flags: np.ndarray,
                  rng: np.random.Generator) -> None:
    """Set the party bit: all officials and NKVD staff, the rest by weighted draw."""
    target = round(p["party_members"] / p["population_1937"] * n)
    certain = (group == OFFICIAL) | (group == NKVD)
    weight = np.zeros(n)
    weight[group == KOLKHOZNIK] = 1.0
    weight[group == WORKER] = p["party_urban_ratio"]
    weight[(group == SPECIALIST) | (group == OFFICER)] = p["party_urban_ratio"] * p[
        "party_cadre_ratio"]
    remaining = max(0, target - int(certain.sum()))
    if remaining and weight.sum() > 0:
        prob = np.minimum(1.0, weight * remaining / weight.sum())
        chosen = rng.random(n) < prob
    else:
        chosen = np.zeros(n, dtype=bool)
    members = certain | chosen
    flags[members] |= PARTY
    opposition = members & (rng.random(n) < p["opposition_share_of_party"])
    flags[opposition] |= T_OPPOSITION


def _draw_disposition(p: dict, flags: np.ndarray, seg_start: np.ndarray, seg_end: np.ndarray,
                      rng: np.random.Generator) -> np.ndarray:
    """Latent loyal / grumbler / enemy, likelier if tainted, enemies clustered by workplace."""
    n = flags.size
    tainted = (flags & TAINT_MASK) > 0
    odds = np.where(tainted, p["taint_disposition_odds"], 1.0)
    cluster = _workplace_multiplier(p, seg_start, seg_end, rng, n)
    enemy_w = odds * cluster
    p_enemy = np.minimum(0.9, p["enemy_share"] * enemy_w / enemy_w.mean())
    p_grumble = np.minimum(1.0 - p_enemy, p["grumbler_share"] * odds / odds.mean())
    u = rng.random(n)
    disposition = np.full(n, LOYAL, dtype=np.uint8)
    disposition[u < p_enemy + p_grumble] = GRUMBLER
    disposition[u < p_enemy] = ENEMY
    return disposition


def _workplace_multiplier(p: dict, seg_start, seg_end, rng, n: int) -> np.ndarray:
    """Mean-one gamma multiplier shared by each workplace block (clusters of enemies)."""
    c = p["enemy_clustering"]
    if c <= 0:
        return np.ones(n)
    shape = (1.0 - c) / c
    out = np.empty(n)
    for r in range(seg_start.shape[0]):
        for col, size in ((0, int(p["workplace_size"])), (1, int(p["village_size"]))):
            lo, hi = int(seg_start[r, col]), int(seg_end[r, col])
            if hi <= lo:
                continue
            blocks = (hi - lo + size - 1) // size
            m = rng.gamma(shape, 1.0 / shape, size=blocks)
            out[lo:hi] = np.repeat(m, size)[: hi - lo]
    return out
