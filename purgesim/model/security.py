"""The security apparatus: evidence, arrests, interrogation, confessions and sentencing.

- Candidates are ranked by *evidence*: denunciations received, being named in a confession, a
  tainted record on file, accident involvement. In ordinary times a candidate is arrested only
  above an evidence bar that falls as the centre's threat perception rises.
- Under a mass operation a region must fill its *limit*: it arrests the best-ranked candidates
  it can find whatever their evidence: quota pressure lowers the bar.
- The lever `evidence_floor` (historically 0) is a standard for *every* arrest: `arrest` is the
  one gate all paths go through (ordinary work, the Kirov law, campaigns, national and mass
  operations, the army purge), and it detains no one with less evidence than the floor. The
  re-sentencing of camp inmates to category 1 under Order 00447 (`_gulag_cat1`) is a sentence of
  people already held, not an arrest, so the floor does not bind it.
- Interrogation produces confessions (far likelier under torture, for innocent and guilty
  alike); a confession names accomplices among the confessor's contacts, who become candidates:
  this is the cascade. True enemies name true accomplices when they have any; innocents name
  whoever is at hand.
- Troikas sentence to category 1 (shot) or 2 (camp) within the limits; ordinary procedure
  releases many non-confessors and rarely sentences to death.
"""

from __future__ import annotations

import numpy as np

from purgesim.model import camps, collectivization
from purgesim.model.calendar import years
from purgesim.model.contacts import draw_contacts, pick_weighted
from purgesim.model.hashing import hashed_uniform
from purgesim.model.jit import halves
from purgesim.model.kernels import (
    HALF,
    evidence_reaching,
    free_union,
    free_unmarked,
    kth_window,
    passing_bar,
    top_k_by_group,
)
from purgesim.model.outcomes import PARTY_STATUS, cell
from purgesim.model.params import THREAT_FLOOR, Params
from purgesim.model.population import (
    CANDIDATE,
    DEPORTED,
    DETAINED,
    DISCHARGED,
    ENEMY,
    EXECUTED,
    EXPELLED,
    FREE,
    OFFICER,
    OFFICIAL,
    PARTY,
    SPECIALIST,
    T_OPPOSITION,
    TAINT_MASK,
    saturating_add,
)
from purgesim.model.state import (
    AWAITING_ALBUM,
    CAMPAIGN,
    COLLEGIUM,
    FAMINE,
    HARMFUL,
    KIROV,
    MASS,
    NATIONAL,
    OP_00447,
    OP_HARMFUL,
    OP_HUNGER,
    OP_KIROV,
    OP_LISTS,
    OP_ORDINARY,
    ORDINARY,
    PROCEDURE,
    State,
    stochastic_round,
    stochastic_round_each,
)

PARTY_MEMBER, PARTY_CANDIDATE, PARTY_EXPELLED, PARTY_NONE = (
    PARTY_STATUS.index(s) for s in ("member", "candidate", "expelled", "none"))

SOME_EVIDENCE = 1e-9
"""Any evidence at all (every evidence weight is far above this)."""
NATIONAL_WEIGHT = np.ones(1)
"""One account for the whole country (see `ordinary_arrests`)."""
TIE_BREAK = 1e-3
"""Random noise added to evidence when ranking, so equal evidence is broken at random: far
below one unit of evidence (the smallest weight is `w_taint`'s lower prior bound, 0.2)."""
NAMING_CANDIDATES = 4
READING_SALT = 0x4EAD
"""Salt of the hash that gives each agent's file its fixed reading (`reading`)."""
RECORD_MASK = EXPELLED | DISCHARGED
"""Marks on the record that count as taint: expelled from the party, discharged from the army."""
TROIKA = (CAMPAIGN, MASS, NATIONAL, HARMFUL, FAMINE)
"""Procedures decided by extrajudicial troikas (fast, few releases)."""


# ----------------------------------------------------------------------------- evidence
def on_file(state: State, idx: np.ndarray) -> np.ndarray:
    """True where the agent's record is tainted: past status, or expelled or discharged."""
    pop = state.pop
    return ((pop.flags[idx] & TAINT_MASK) > 0) | ((pop.history[idx] & RECORD_MASK) > 0)


def evidence(state: State, idx: np.ndarray) -> np.ndarray:
    """The state's evidence against each agent in `idx` (what it can see, never the truth):
    denunciations (weighed down for party members after the 1938 plenum), being named, a record
    on file, accidents. Compiled (kernels.evidence_reaching) since registers are ranked
    weekly: `reaching` with no floor."""
    return reaching(state, idx, -np.inf)[1]


def reaching(state: State, idx: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """The positions in `idx` of the agents with evidence of at least `reach`, ascending, and
    their evidence: `evidence` filtered, in one compiled pass that does not keep the evidence
    of the rest; a list of a million or more is read in two halves on two threads."""
    p, pop = state.p, state.pop
    idx = np.asarray(idx, dtype=np.int64)
    parts = halves(evidence_reaching, idx.size, idx, reach, pop.denounced, pop.named,
                   pop.accident, pop.flags, pop.history, p.w_denounced, p.w_named, p.w_taint,
                   p.w_accident, state.plenum, p.plenum_party_protection, PARTY, TAINT_MASK,
                   RECORD_MASK)
    if len(parts) == 1:
        return parts[0]
    return (np.concatenate([pos for pos, _ in parts]),
            np.concatenate([e for _, e in parts]))


def ordinary_bar(state: State) -> float:
    """Evidence needed for an ordinary arrest: lower when the centre feels threatened, never
    below the evidence floor (which binds every arrest, see `arrest`)."""
    p = state.p
    bar = p.evidence_bar / max(state.threat, THREAT_FLOOR) ** p.threat_bar_elasticity
    if state.halted:
        bar *= p.procurator_sanction_bar
    return max(bar, p.evidence_floor)


def above_floor(state: State, idx: np.ndarray) -> np.ndarray:
    """The agents of `idx` against whom the state holds at least `evidence_floor` evidence now.

    Evidence is a sum of non-negative weights times counts, so a floor of 0 (the historical
    value) admits everyone and is not computed."""
    floor = state.p.evidence_floor
    if floor <= 0 or idx.size == 0:
        return idx
    return idx[evidence(state, idx) >= floor]


def top_by_evidence(state: State, cand: np.ndarray, k: int, floor: float,
                    rng: np.random.Generator) -> np.ndarray:
    """Up to `k` candidates with the most evidence (at least `floor`), ties broken at random."""
    if k <= 0 or cand.size == 0:
        return np.empty(0, dtype=np.int64)
    at, e = reaching(state, cand, floor)
    return cand[at[top_with_ties(e, np.array([0, e.size]), np.array([k]), rng)]]


def capacity_rate(state: State, multiplier: float = 1.0,
                  weights: np.ndarray | None = None) -> np.ndarray:
    """Arrests a week each region's organs can make (agents, fractional), shared out by
    population, or by `weights` (e.g. the operation's limits)."""
    pop = state.pop
    if weights is None:
        weights = (pop.seg_end[:, 1] - pop.seg_start[:, 0]).astype(np.float64)
    return state.per_week(state.p.arrest_capacity_per_year) * multiplier * weights / max(
        float(weights.sum()), 1.0)


def credit(state: State, account: np.ndarray, rate: np.ndarray,
           rng: np.random.Generator) -> np.ndarray:
    """Add a week of capacity to each region's account of whole arrests; returns the carry
    cap it applied (`carry_cap`).

    Capacity is an account, not a weekly draw: at 1:1000 a region's organs can make a tenth of
    an agent's arrests a week, and a weekly draw would waste every week in which the draw and
    the candidates miss each other, more the coarser the scale. Each week's capacity is
    rounded stochastically (`stochastic_round_each`, unbiased) into the account, unused
    capacity carries over up to `capacity_carry_weeks` of it (and at least one arrest), and
    arrests are charged to it (`spend`), so the expected arrests are the same at every
    scale."""
    account += stochastic_round_each(rate, rng)
    cap = carry_cap(state, rate)
    np.minimum(account, cap, out=account)
    return cap


def carry_cap(state: State, rate: np.ndarray) -> np.ndarray:
    """The most capacity an account carries over (and the most it may owe): `rate` times
    `capacity_carry_weeks`, rounded, at least one arrest."""
    return np.maximum(1.0, np.rint(rate * state.p.capacity_carry_weeks))


def spend(state: State, account: np.ndarray, detained: np.ndarray) -> None:
    """Charge the arrests made to their regions' capacity accounts (or the national one)."""
    if account.size == 1:
        account -= detained.size
    else:
        account -= np.bincount(state.pop.region[detained], minlength=account.size)


# ----------------------------------------------------------------------------- arrests
def ordinary_arrests(state: State, rng: np.random.Generator) -> None:
    """Arrest pool candidates above the ordinary bar, best first, up to the national capacity
    (`arrest_capacity_per_year`: a national throughput, so its account does not fall below
    one agent at coarse scale; the cases come from wherever the candidates are). After the
    halt every arrest needs a sanction, and the throughput falls to
    `sanction_capacity_share` of it: where files above the bar are plenty, the sanction, not
    the bar, sets how many are taken."""
    if state.pool.size == 0:
        return
    account = state.capacity_ordinary
    sanction = state.p.sanction_capacity_share if state.halted else 1.0
    cap = credit(state, account, capacity_rate(state, sanction, NATIONAL_WEIGHT), rng)
    # the regular organs also work the operations (campaigns, Order 00447, whose operational
    # groups were formed from them, the national lines, the lists): what those took this week
    # is not there for ordinary work, and what they took beyond it is owed, up to the carry
    # (a floor at zero is biased at coarse scale, where a week's operations are a few agents:
    # the noise that leaves some capacity one week and none the next would be kept when
    # positive and forgiven when negative)
    taken = stochastic_round_each(
        np.array([state.p.ordinary_capacity_shared * state.busy.sum()]), rng)
    np.maximum(account - taken, -cap, out=account)
    can = np.maximum(account, 0.0).astype(np.int64)
    if not can.any():
        return
    state.tidy_pool()
    pool = state.pool.view  # read before anyone is arrested; arrests only append to it
    chosen = top_by_region(state, pool, np.array([0, pool.size]), can, ordinary_bar(state), rng,
                           state.p.evidence_bar_softness)
    if chosen.size:
        kirov = state.kirov_law & ((state.pop.flags[chosen] & T_OPPOSITION) > 0)
        spend(state, account, arrest(state, chosen[~kirov], OP_ORDINARY, rng))
        spend(state, account, arrest(state, chosen[kirov], OP_KIROV, rng))


def top_by_region(state: State, agents: np.ndarray, bounds: np.ndarray, k: np.ndarray,
                  floor: float, rng: np.random.Generator, softness: float = 0.0) -> np.ndarray:
    """`top_by_evidence` in every region at once: up to `k[r]` of the candidates
    `agents[bounds[r]:bounds[r + 1]]` of each region `r`, most evidence first. Evidence is read
    once for the week, before anyone is arrested (a confession this week raises evidence from
    next week on).

    With `softness` > 0 the bar is not a knife edge on the lattice of evidence values (sums of
    a few weights): each candidate's file is read as its evidence plus a uniform offset of
    that width centred on zero, fixed for the agent (`reading`), so a small move of the bar
    moves arrests a little, not by a whole lattice step. The offset is the file's, not the
    week's: a draw made again every week would let every candidate within the band pass
    sooner or later, and a stock of files on one lattice value would go all at once when the
    bar came within half the band of it, however slowly the bar moved."""
    if agents.size == 0 or not k.any():
        return np.empty(0, dtype=np.int64)
    # only those within half the soft band of the bar can pass it: found in one pass; and
    # only those inside the band need their file's reading (those above it pass however it
    # reads: a neutral reading of one half)
    at, e = reaching(state, agents, float(floor) - softness * HALF)
    jitter = np.empty(0)
    if softness > 0:
        jitter = np.full(e.size, HALF)
        band = np.flatnonzero(e < floor + softness * HALF)
        jitter[band] = reading(agents[at[band]])
    k = k.astype(np.int64)
    keep, groups = passing_bar(e, jitter, float(softness), float(floor),
                               np.searchsorted(at, np.asarray(bounds, dtype=np.int64)), k)
    chosen = keep[top_with_ties(e[keep], groups, k, rng)]
    return agents[at[chosen]]


def reading(agents: np.ndarray) -> np.ndarray:
    """How each agent's file reads against the ordinary bar, a uniform in [0, 1) fixed for the
    agent (hashed from its index: no random stream consumed): 1/2 is the file read as it
    stands, above it the file reads worse than its evidence (an eager officer, an ominous
    detail), below it better."""
    return hashed_uniform(agents, READING_SALT)


def top_with_ties(e: np.ndarray, bounds: np.ndarray, k: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """Positions of the k[g] highest `e` in each group g = [bounds[g], bounds[g + 1]),
    ascending; equal (or nearly equal: within TIE_BREAK) values are ranked at random. Only
    the candidates near each group's cut are left to chance (`kernels.kth_window`), and where
    they are all tied, the places left go to a uniform sample of them (the same law as
    ranking them by noise, with a draw per place instead of one per candidate)."""
    sure, window, window_bounds, left, flat = kth_window(e, bounds, k, TIE_BREAK)
    chosen = [sure]
    sampled = flat & (left > 0)
    for g in np.flatnonzero(sampled):
        lo, hi = window_bounds[g], window_bounds[g + 1]
        chosen.append(window[lo + rng.choice(hi - lo, size=left[g], replace=False)])
    sizes = np.where(sampled, 0, np.diff(window_bounds))
    ranked = window[np.repeat(~sampled, np.diff(window_bounds))]
    score = e[ranked] + TIE_BREAK * rng.random(ranked.size)
    chosen.append(ranked[top_k_by_group(score, np.concatenate(([0], np.cumsum(sizes))),
                                        np.where(sampled, 0, left))])
    return np.sort(np.concatenate(chosen))


def register(state: State, mask: int, lo: int = 0, hi: int | None = None) -> np.ndarray:
    """Indices in [lo, hi) whose record carries any of the taint bits in `mask` (the files)."""
    hi = state.pop.n if hi is None else hi
    return lo + np.flatnonzero(state.pop.flags[lo:hi] & mask)


POOLED_PACE = 1.0
"""Arrests a week (agents) below which a region's Order 00447 queue is pooled with the other
small regions' (a scale device: during the operation almost no region falls below it at 1:10,
about a quarter at 1:100 and most at 1:1000; `benchmarks/pooled_regions.py`)."""


def mass_operation_arrests(state: State, rng: np.random.Generator) -> None:
    """Fill each region's limit over the weeks left in its plan, best-ranked first; the regions
    whose pace is below `POOLED_PACE` are ranked together (docs/ODD.md §7.4)."""
    op = state.operation
    if op is None or state.halted:
        return
    pop = state.pop
    # the operational groups were sized to the task: capacity follows the limits granted
    open_limits = np.where(op.active, op.total, 0).astype(np.float64)
    account = state.capacity_mass
    credit(state, account, capacity_rate(
        state, state.p.mass_op_capacity_multiplier - 1.0, open_limits), rng)
    pending = state.detainees.pending_by(pop.region, OP_00447, pop.n_regions)
    floor = state.p.evidence_floor
    agents = state.pool.in_order()
    bounds = pop.region_bounds(agents)
    regions, left, paces = operation_paces(state, account, pending)
    left_of = np.zeros(pop.n_regions, dtype=np.int64)
    left_of[regions] = left
    # a region whose organs make less than an agent's arrests a week at this scale shares one
    # queue with the others like it, each arrest charged to its own region: otherwise its
    # best-ranked wait weeks for its next arrest at a coarse scale where at a fine one they
    # wait days (each queue's pace is rounded once, after the minimum in `operation_paces`)
    alone = paces >= POOLED_PACE
    queues = [([r], stochastic_round(pace, rng))
              for r, pace in zip(regions[alone].tolist(), paces[alone].tolist(), strict=True)]
    if not alone.all():
        queues.append((regions[~alone].tolist(), stochastic_round(sum(paces[~alone].tolist()),
                                                                  rng)))
    candidates: list[np.ndarray] = []
    found: list[int] = []
    demand: list[int] = []
    for members, k in queues:
        if k > 0:  # its regions' files and pools, at liberty
            files = [free_union(op.files[r], agents[bounds[r]:bounds[r + 1]], pop.status, FREE)
                     for r in members]
            candidates += files
            found.append(sum(f.size for f in files))
            demand.append(k)
    if candidates:  # every queue at once: one ranking, one cohort to interrogate
        cand_bounds = np.concatenate(([0], np.cumsum(found)))
        chosen = top_by_region(state, np.concatenate(candidates), cand_bounds,
                               np.array(demand, dtype=np.int64), floor, rng)
        spend(state, account, arrest(state, within_left(state, chosen, left_of), OP_00447, rng))
    _gulag_cat1(state, rng)


def operation_paces(state: State, account: np.ndarray, pending: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The regions running Order 00447 this week with some of their limit left, what is left
    (agents, less those detained and not yet sentenced) and their pace this week (agents): the
    limit left over the weeks left in the plan (shortened by `quota_zeal`), at most what the
    capacity account holds."""
    op = state.operation
    assert op is not None
    regions = np.flatnonzero(op.active & (op.start <= state.week))
    left = (op.remaining1[regions] + op.remaining2[regions] - pending[regions]).astype(np.int64)
    regions, left = regions[left > 0], left[left > 0]
    weeks = np.maximum(1.0, (op.planned_end[regions] - state.week) / state.p.quota_zeal)
    # rounded later, once, after the minimum: a minimum of rounded numbers is biased low
    pace = np.minimum(left / weeks, np.maximum(0.0, account[regions]))
    return regions, left, pace


def within_left(state: State, chosen: np.ndarray, left: np.ndarray) -> np.ndarray:
    """The chosen, at most `left[r]` from each region r (a shared queue may pick more from one
    region than its limit has left; the extra ones, the last in index order, stay at
    liberty)."""
    region = state.pop.region[chosen]
    order = np.argsort(region, kind="stable")
    r = region[order]
    rank = np.arange(r.size) - np.searchsorted(r, r)
    return np.sort(chosen[order[rank < left[r]]])


def _gulag_cat1(state: State, rng: np.random.Generator) -> None:
    """Order 00447's category-1 limit for prisoners already in the camps, most evidence first.

    A re-sentencing of people the state already holds, not an arrest; but a death sentence on
    less evidence than `evidence_floor` is exactly what an evidence standard forbids, so the
    floor binds it too: inmates below it are not sentenced (with the historical floor of 0,
    the limit is filled whatever the evidence)."""
    op = state.operation
    if op is None or op.gulag_remaining <= 0:
        return
    weeks = max(1, op.gulag_end - state.week)
    k = stochastic_round(op.gulag_remaining * state.p.quota_zeal / weeks, rng)
    inmates = state.camp.view.copy()
    chosen = top_by_evidence(state, inmates, k, state.p.evidence_floor, rng)
    if chosen.size == 0:
        return
    op.gulag_remaining -= chosen.size
    camps.remove(state, chosen)
    cells = cell(OP_00447, state.pop.region[chosen], party_status(state, chosen))
    state.rec.tally("sentenced_death", cells, state.pop.disposition[chosen] == ENEMY)
    _execute(state, chosen, cells)


def national_arrests(state: State, rng: np.random.Generator) -> None:
    """Arrest from each national line's file while the line runs (no limits): the file is
    who the order targeted (see events.NationalOperation), plus those named in confessions
    who share the line's foreign ties; best-ranked first, at one weekly rate per person on
    file, so a line's size follows its file and its duration, not a quota."""
    state.national = [line for line in state.national if line[2] > state.week]
    if not state.national or state.halted:
        return
    pop = state.pop
    rate = state.p.national_op_weekly_rate
    for operation, members, _ in state.national:
        members = members[pop.status[members] == FREE]
        k = rng.binomial(members.size, rate) if members.size else 0
        arrest(state, top_by_evidence(state, members, k, state.p.evidence_floor, rng),
               operation, rng)


ELITE_GROUPS = (OFFICIAL, SPECIALIST, OFFICER)
"""Officials, managers and engineers, officers: the nomenklatura the leadership lists judged."""


def is_elite(state: State, idx: np.ndarray) -> np.ndarray:
    """Officials, specialists and officers, and every party member (the lists' targets)."""
    pop = state.pop
    return np.isin(pop.group[idx], ELITE_GROUPS) | ((pop.flags[idx] & PARTY) > 0)


def leadership_lists(state: State, rng: np.random.Generator) -> None:
    """The leadership lists: while they run, the centre approves a weekly list of officials,
    managers, engineers, officers and party members against whom it holds evidence (from the
    candidate pool: denounced, named by colleagues, blamed for accidents, expelled), to be
    judged by the Military Collegium. This is the elite stream that the files and the quotas
    do not aim at."""
    if state.week >= state.lists_until or state.halted:
        return
    k = stochastic_round(state.per_week(state.p.leadership_lists_per_year), rng)
    if k <= 0:
        return
    state.tidy_pool()
    pool = state.pool.view
    cand = pool[is_elite(state, pool)]
    floor = max(state.p.evidence_floor, SOME_EVIDENCE)
    arrest(state, top_by_evidence(state, cand, k, floor, rng), OP_LISTS, rng)


def leadership_case(state: State, regions: list[int], persons: float,
                    rng: np.random.Generator) -> np.ndarray:
    """A case fabricated against a region's leadership on the centre's order (the Leningrad
    Affair, the Doctors' plot): `persons` (sourced) of the officials, managers and engineers,
    officers and party members at liberty in `regions`, those the state holds most against
    first (ties at random), arrested at once and judged by the leadership lists' procedure.
    Like every arrest it passes the evidence floor. Returns the agents detained."""
    k = stochastic_round(persons / state.scale, rng)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    pop = state.pop
    cand = np.concatenate([np.arange(*pop.region_range(r), dtype=np.int64) for r in regions])
    cand = cand[pop.status[cand] == FREE]
    cand = cand[is_elite(state, cand)]
    return arrest(state, top_by_evidence(state, cand, k, state.p.evidence_floor, rng),
                  OP_LISTS, rng)


def campaign_arrests(state: State, rng: np.random.Generator) -> None:
    """Arrest from a tainted register while a campaign (e.g. dekulakization) runs. Those
    already deported are under the settlements' commandants, not on the campaign's lists."""
    state.campaigns = [c for c in state.campaigns if c[0] > state.week]
    pop = state.pop
    for _, files, operation, rate in state.campaigns:
        files = np.concatenate(halves(free_unmarked, files.size, files, pop.status, FREE,
                                      pop.history, DEPORTED))
        k = rng.binomial(files.size, rate) if files.size else 0
        arrest(state, top_by_evidence(state, files, k, state.p.evidence_floor, rng),
               operation, rng)


def hunger_arrests(state: State, rng: np.random.Generator) -> None:
    """Arrest in the starving villages while a `hunger_arrests` span runs (the OGPU in the
    countryside, autumn 1932 to the instruction of 8 May 1933): the famine, not a register,
    says where and how many; the OGPU's troikas judge the cases, shooting their own share
    (`death_share_hunger`), not the dekulakization campaign's."""
    c = state.countryside
    c.hunger_arrests = [h for h in c.hunger_arrests if h[0] > state.week]
    if c.hunger_arrests:
        rate = sum(r for _, r in c.hunger_arrests)
        arrest(state, collectivization.hungry_villagers(state, rate, rng), OP_HUNGER, rng)


# ----------------------------------------------------------------------------- interrogation
def confession_probability(p: Params, guilty: np.ndarray, torture: bool) -> np.ndarray:
    """P(confess) by truth and interrogation method."""
    if torture:
        return np.where(guilty, p.torture_confess_guilty, p.torture_confess_innocent)
    return np.where(guilty, p.confess_guilty, p.confess_innocent)


def interrogate(state: State, idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Confessions of a cohort, and the accomplices they name; returns the confession mask."""
    p, pop = state.p, state.pop
    guilty = pop.disposition[idx] == ENEMY
    confessed = rng.random(idx.size) < confession_probability(p, guilty, state.torture)
    state.rec.add_guilt("confessions", guilty[confessed])
    mean_names = p.names_per_confession * (
        p.torture_naming_multiplier if state.torture else 1.0)
    n_names = rng.poisson(mean_names, size=int(confessed.sum()))
    talkers = idx[confessed]
    state.plots += int(np.count_nonzero(n_names))
    if n_names.sum() == 0:
        return confessed
    who = np.repeat(talkers, n_names)
    contacts = draw_contacts(pop, p, who, NAMING_CANDIDATES, rng)
    valid = contacts >= 0
    safe = np.where(valid, contacts, 0)
    knows_enemies = (pop.disposition[who] == ENEMY)[:, None]
    enemy_contact = pop.disposition[safe] == ENEMY
    w = np.where(knows_enemies & enemy_contact, p.suspicion_enemy_weight, 1.0)
    w = np.where(valid & (pop.status[safe] == FREE), w, 0.0)
    named = pick_weighted(contacts, w, rng)
    named = named[named >= 0]
    saturating_add(pop.named, named)
    state.add_to_pool(named)
    state.rec.add("named", named.size)
    return confessed


def party_status(state: State, idx: np.ndarray) -> np.ndarray:
    """Each agent's party status now, as an index of outcomes.PARTY_STATUS."""
    pop = state.pop
    status = np.full(idx.size, PARTY_NONE, dtype=np.int64)
    status[(pop.history[idx] & EXPELLED) > 0] = PARTY_EXPELLED
    member = (pop.flags[idx] & PARTY) > 0
    status[member] = PARTY_MEMBER
    status[member & ((pop.history[idx] & CANDIDATE) > 0)] = PARTY_CANDIDATE
    return status


def arrest(state: State, idx: np.ndarray, operation: int,
           rng: np.random.Generator) -> np.ndarray:
    """Detain a cohort under an operation (outcomes.OPERATIONS): interrogate now, decide the
    case later by the operation's procedure. Returns the agents detained.

    This is the single gate of every arrest path: those of `idx` with less evidence than
    `evidence_floor` at this moment are not detained, whatever the procedure, so a path that
    ranks its own candidates (or a future one) cannot bypass the lever."""
    idx = above_floor(state, np.asarray(idx, dtype=np.int64))
    if idx.size == 0:
        return idx
    pop, p = state.pop, state.p
    guilty = pop.disposition[idx] == ENEMY
    party = party_status(state, idx)
    state.rec.tally("arrested", cell(operation, pop.region[idx], party), guilty)
    state.enemies_free -= int(guilty.sum())
    pop.status[idx] = DETAINED
    state.arrested.extend(idx)
    np.add.at(state.recent_arrests, pop.region[idx], 1)
    if operation not in (OP_ORDINARY, OP_KIROV, OP_HARMFUL):  # the militia's troikas: its own
        np.add.at(state.busy, pop.region[idx], 1)
    confessed = interrogate(state, idx, rng)
    procedure = PROCEDURE[operation]
    fast = procedure in (*TROIKA, KIROV)
    mean = p.troika_weeks if fast else p.investigation_weeks
    due = state.week + rng.geometric(1.0 / max(mean, 1.0), size=idx.size)
    if procedure == NATIONAL:  # decided when the album is reviewed in Moscow
        due[:] = AWAITING_ALBUM
    state.detainees.add(idx, due, np.full(idx.size, operation), party,
                        confessed.astype(np.int64), np.full(idx.size, state.week))
    return idx


def review_albums(state: State, rng: np.random.Generator) -> None:
    """The album procedure of the national lines: the Moscow dvoika (the NKVD chief and the
    procurator) decides up to `album_reviews_per_year` cases a year, oldest arrests first;
    sentences return to the region and are carried out within `album_return_weeks`. What it
    cannot review waits: the backlog that the special troikas of September 1938 cleared."""
    if state.halted:
        return
    cases = state.detainees
    waiting = cases.in_albums()
    if waiting.size == 0:
        return
    k = min(waiting.size, stochastic_round(state.per_week(state.p.album_reviews_per_year), rng))
    if k <= 0:
        return
    oldest = waiting[np.argsort(cases.arrested.view[waiting], kind="stable")[:k]]
    cases.due.view[oldest] = state.week + rng.geometric(
        1.0 / max(state.p.album_return_weeks, 1.0), size=k) - 1


# ----------------------------------------------------------------------------- sentencing
def decide_cases(state: State, rng: np.random.Generator) -> None:
    """Sentence or release everyone whose case is due this week."""
    review_albums(state, rng)
    idx, operation, party, confessed = state.detainees.pop_due(state.week)
    if idx.size == 0:
        return
    procedure = PROCEDURE[operation]
    if state.halted:  # troikas liquidated: pending cases go back to ordinary procedure
        procedure = np.where(np.isin(procedure, (*TROIKA, COLLEGIUM)), ORDINARY, procedure)
    for proc in np.unique(procedure).tolist():   # ascending: ORDINARY, CAMPAIGN, ..., FAMINE
        sel = procedure == proc
        cells = cell(operation[sel], state.pop.region[idx[sel]], party[sel])
        _decide(state, idx[sel], cells, confessed[sel].astype(bool), proc, rng)


def _decide(state: State, idx, cells, confessed, regime: int, rng) -> None:
    """Cases of one procedure: release or sentence (recorded by the operation, region and
    party status of the arrest, in `cells`)."""
    p, pop = state.p, state.pop
    troika = regime in TROIKA
    p_release = p.troika_release_no_confession if troika else p.release_no_confession
    release = (~confessed) & (rng.random(idx.size) < p_release)
    freed = idx[release]
    state.set_free(freed)
    state.rec.add("released_unsentenced", freed.size)
    convicts, cells = idx[~release], cells[~release]
    if convicts.size == 0:
        return
    death = _death_sentences(state, convicts, regime, rng)
    guilty = pop.disposition[convicts] == ENEMY
    _record_who(state, convicts)
    state.rec.tally("sentenced_death", cells[death], guilty[death])
    _execute(state, convicts[death], cells[death])
    rest, rest_cells, rest_guilty = convicts[~death], cells[~death], guilty[~death]
    exile = (regime in (ORDINARY, CAMPAIGN, KIROV, HARMFUL, FAMINE)) & (
        rng.random(rest.size) < p.exile_share_ordinary)
    years = {MASS: p.camp_term_years_00447, HARMFUL: p.camp_term_years_harmful}.get(
        regime, p.camp_term_years_ordinary)
    state.rec.tally("sentenced_exile", rest_cells[exile], rest_guilty[exile])
    camps.exile(state, rest[exile], years)
    state.rec.tally("sentenced_camp", rest_cells[~exile], rest_guilty[~exile])
    camps.admit(state, rest[~exile], years)


def _record_who(state: State, convicts: np.ndarray) -> None:
    """Who is sentenced: officials and managers, people with a tainted record (party status
    is a breakdown of every sentence). These shares are what separates hypotheses that agree
    on how many were struck."""
    pop = state.pop
    g = pop.group[convicts]
    state.rec.add("sentenced_bosses", np.count_nonzero((g == OFFICIAL) | (g == SPECIALIST)))
    state.rec.add("sentenced_tainted", np.count_nonzero(on_file(state, convicts)))


def _death_sentences(state: State, convicts, regime: int, rng) -> np.ndarray:
    p = state.p
    u = rng.random(convicts.size)
    if regime == MASS:
        return _within_limits(state, convicts, u)
    since = years(max(0, state.week - state.campaign_start))
    campaign = p.death_share_campaign * np.exp(-since / p.campaign_first_category_years)
    share = {ORDINARY: p.death_share_ordinary, CAMPAIGN: campaign,
             NATIONAL: p.death_share_national, KIROV: p.death_share_kirov_law,
             COLLEGIUM: p.death_share_collegium, HARMFUL: p.death_share_harmful,
             FAMINE: p.death_share_hunger}[regime]
    return u < share


def _within_limits(state: State, convicts, u) -> np.ndarray:
    """Troika category as granted: each verdict is category 1 with the region's share of
    category 1 in all the persons granted to it so far (first limits and increases), so the share
    shot follows the limit book, not what happens to be left in it. The verdict is charged to
    its category's remaining limit (to the other category when that one is used up)."""
    op = state.operation
    death = np.zeros(convicts.size, dtype=bool)
    if op is None:  # no operation was opened: nothing to draw the categories from
        return death
    regions = state.pop.region[convicts]
    # the share in persons, not agents: a region's 300 and 700 are 0 and 1 agents at 1:1000
    death = u < op.persons1[regions] / np.maximum(1.0, op.persons[regions])
    for r, d in zip(regions, death, strict=True):
        if (d and op.remaining1[r] > 0) or op.remaining2[r] <= 0:
            op.remaining1[r] -= 1
        else:
            op.remaining2[r] -= 1
    return death


def _execute(state: State, idx: np.ndarray, cells: np.ndarray) -> None:
    """Carry out death sentences (recorded in the breakdown cells of their sentences)."""
    state.pop.status[idx] = EXECUTED
    state.rec.tally("shot", cells, state.pop.disposition[idx] == ENEMY)
