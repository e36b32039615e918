"""Denunciation: who informs on whom, and why.

Four motives, each a testable claim of the seeds:
- *suspicion* (informative): the denouncer picks among contacts with weights that favour
  active enemies and, less so, grumblers;
- *grievance and careerism* (noise): the target is any contact, blind to disposition;
- *vertical criticism from below*: the target is preferentially an official or manager;
- *fear and self-protection*: the rate itself rises with the share of the region arrested
  recently.
Work is proportional to the number of denunciations, not to the population.
"""

from __future__ import annotations

import numpy as np

from purgesim.model.calendar import per_week
from purgesim.model.contacts import draw_contacts, pick_weighted
from purgesim.model.kernels import denunciation_weights
from purgesim.model.population import FREE, OFFICIAL, PARTY, SPECIALIST, saturating_add
from purgesim.model.state import State

CANDIDATES = 4
"""Contacts a denouncer considers before choosing a target."""


def denunciation_counts(state: State, rng: np.random.Generator) -> np.ndarray:
    """Number of denunciation attempts per region this week (Poisson around the rate)."""
    p = state.p
    sizes = state.pop.seg_end[:, 1] - state.pop.seg_start[:, 0]
    rate = per_week(p.denunciation_rate) * (1.0 + p.fear_elasticity * state.fear)
    return rng.poisson(sizes * rate)


def target_weights(state: State, contacts: np.ndarray, motive: np.ndarray) -> np.ndarray:
    """Weight of each candidate contact given the denouncer's motive (0 grievance,
    1 suspicion, 2 vertical)."""
    p, pop = state.p, state.pop
    disp_w = np.array([1.0, p.suspicion_grumbler_weight, p.suspicion_enemy_weight])
    return denunciation_weights(contacts, np.asarray(motive, dtype=np.int64), pop.disposition,
                                pop.group, pop.status, disp_w, p.official_target_weight,
                                OFFICIAL, SPECIALIST, FREE)


def denounce(state: State, rng: np.random.Generator) -> np.ndarray:
    """Generate this week's denunciations; returns the denounced agents (with repeats)."""
    pop, p = state.pop, state.p
    counts = denunciation_counts(state, rng)
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    lo = np.repeat(state.pop.seg_start[:, 0], counts)
    span = np.repeat(state.pop.seg_end[:, 1] - state.pop.seg_start[:, 0], counts)
    denouncers = lo + (rng.random(total) * span).astype(np.int64)
    denouncers = denouncers[pop.status[denouncers] == FREE]

    u = rng.random(denouncers.size)
    motive = np.where(u < p.grievance_share, 0, 1)
    motive[rng.random(denouncers.size) < p.vertical_share] = 2
    contacts = draw_contacts(pop, p, denouncers, CANDIDATES, rng)
    targets = pick_weighted(contacts, target_weights(state, contacts, motive), rng)
    ok = targets >= 0
    targets, motive = targets[ok], motive[ok]

    saturating_add(pop.denounced, targets)
    rec = state.rec
    rec.add("denunciations", targets.size)
    rec.add("denunciations_grievance", np.count_nonzero(motive == 0))
    rec.add("denunciations_suspicion", np.count_nonzero(motive == 1))
    rec.add("denunciations_vertical", np.count_nonzero(motive == 2))
    return targets


def party_member(state: State, idx: np.ndarray) -> np.ndarray:
    """True for party members among `idx`."""
    return (state.pop.flags[idx] & PARTY) > 0
