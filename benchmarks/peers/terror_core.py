"""The terror core: denunciation, arrests by evidence and by limits, forced confessions that name
others, and sentencing — one specification, run here with purgesim's engine conventions and in
`benchmarks/peers/terror_mesa.py` as an idiomatic Mesa 3 model, to compare outputs and speed.

It is purgesim's security machinery reduced to what two implementations can share exactly: no
economy, party, army or countryside; contacts are the workplace block plus random long ties.

Each week, in this order:

1. **Denunciation.** Each free agent denounces with probability ``rate/52 * fear``, where
   ``fear = 1 + fear_elasticity * (last week's arrests * 52 / n)``. The target is a contact (a
   random other member of the agent's block, or with probability ``long_tie`` anyone): for a
   grievance (probability ``grievance_share``) one contact at random; for suspicion, one of
   ``candidates`` contacts drawn with weight ``suspicion_weight`` if an enemy, else 1. A free
   target's ``denounced`` count rises and it joins the pool of suspects.
2. **Interrogation and sentence** of last week's arrests. Confession with probability by guilt,
   higher once torture is sanctioned. A confessor names ``Poisson(names)`` contacts (twice as
   many under torture): an enemy names an enemy of its block when there is one, anyone else a
   random block member; the named, if free, gain ``named`` evidence and join the pool; a
   confession that names someone is a "plot". Under the mass operation the troika shoots with
   probability ``shot_mass``, else camp. Ordinary procedure: a confessor is shot with
   probability ``shot_ordinary``, else camp; a non-confessor is released (evidence cleared)
   with probability ``release``, else camp.
3. **Mass operation** (weeks ``op_start`` to ``op_end``): each region must fill its limit
   (``limit_share`` of its people), ``ceil(left / max(1, weeks_left / zeal))`` a week, taking the
   free candidates — the pool and the files (tainted) of the region — with the most evidence,
   ties at random.
4. **Ordinary arrests**: ``Poisson(capacity/52 * region size)`` per region, the pool's best
   above the bar ``evidence_bar / threat``.
5. **Camps**: each prisoner dies with probability ``camp_death`` a week.
6. **Threat**: ``threat = 1 + decay (threat - 1) + threat_per_plot * plots per 100k``, capped.

Evidence is ``denounced + w_named * named + w_taint * tainted``. Weekly outputs:
denunciations, arrests of innocent and guilty, confessions, executions, camp population,
threat. Here the whole run is one compiled function over struct-of-arrays state; work per week
follows the events (denouncers are drawn by number, not by visiting every agent), except the
files scanned while the operation runs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from purgesim.model.jit import compiled

OUTPUTS = ("denunciations", "arrests_innocent", "arrests_guilty", "confessions", "executions",
           "camp_population", "threat")
FREE, DETAINED, CAMP, DEAD = 0, 1, 2, 3
ORDINARY, MASS = 0, 1


@dataclass(frozen=True)
class CoreParams:
    """The terror core's parameters (shared with the Mesa peer).

    Benchmark settings chosen to give a few hundred arrests per 10,000 agents and a visible
    mass operation; they are not the registry's values and claim nothing about the USSR.
    """

    n: int = 10_000
    n_regions: int = 4
    block: int = 20
    weeks: int = 520
    enemy_share: float = 0.01
    taint_share: float = 0.05
    rate: float = 0.05
    fear_elasticity: float = 20.0
    long_tie: float = 0.2
    grievance_share: float = 0.6
    candidates: int = 4
    suspicion_weight: float = 10.0
    w_named: float = 1.5
    w_taint: float = 1.0
    evidence_bar: float = 2.5
    capacity: float = 0.004
    op_start: int = 300
    op_end: int = 370
    limit_share: float = 0.01
    zeal: float = 3.0
    torture_from: int = 305
    confess_guilty: float = 0.6
    confess_innocent: float = 0.05
    torture_guilty: float = 0.95
    torture_innocent: float = 0.7
    names: float = 1.0
    shot_mass: float = 0.5
    shot_ordinary: float = 0.05
    release: float = 0.7
    camp_death: float = 0.002
    threat_per_plot: float = 0.002
    threat_decay: float = 0.98
    threat_cap: float = 5.0

    def __post_init__(self):
        if self.n % (self.n_regions * self.block):
            raise ValueError("n must be a multiple of n_regions * block")

    def values(self) -> tuple:
        """The parameters in declaration order, as the compiled run takes them."""
        return tuple(asdict(self).values())


@compiled
def _pick_contact(i, n, block, long_tie):
    """A random contact of agent i: another member of its block, or anyone (never i)."""
    if np.random.random() < long_tie:
        j = np.random.randint(0, n - 1)
        return j + 1 if j >= i else j
    start = (i // block) * block
    j = start + np.random.randint(0, block - 1)
    return j + 1 if j >= i else j


@compiled
def _push(buf, size, x):
    if size == buf.size:
        new = np.empty(buf.size * 2, dtype=buf.dtype)
        new[:size] = buf[:size]
        buf = new
    buf[size] = x
    return buf, size + 1


@compiled
def _evidence(i, denounced, named, tainted, w_named, w_taint):
    return denounced[i] + w_named * named[i] + w_taint * tainted[i]


@compiled
def _top(cand, k, floor, denounced, named, tainted, w_named, w_taint):
    """Up to k candidates with the most evidence (>= floor), ties broken at random."""
    score = np.empty(cand.size)
    m = 0
    keep = np.empty(cand.size, dtype=np.int64)
    for c in range(cand.size):
        e = _evidence(cand[c], denounced, named, tainted, w_named, w_taint)
        if e >= floor:
            keep[m] = cand[c]
            score[m] = -(e + 1e-3 * np.random.random())
            m += 1
    order = np.argsort(score[:m])
    return keep[order[:min(k, m)]]


@compiled
def _run(seed, n, n_regions, block, weeks, enemy_share, taint_share, rate, fear_elasticity,
         long_tie, grievance_share, candidates, suspicion_weight, w_named, w_taint,
         evidence_bar, capacity, op_start, op_end, limit_share, zeal, torture_from,
         confess_guilty, confess_innocent, torture_guilty, torture_innocent, names, shot_mass,
         shot_ordinary, release, camp_death, threat_per_plot, threat_decay, threat_cap):
    np.random.seed(seed)
    region_size = n // n_regions
    enemy = np.random.random(n) < enemy_share
    tainted = (np.random.random(n) < taint_share).astype(np.float64)
    status = np.zeros(n, dtype=np.int8)
    denounced = np.zeros(n)
    named = np.zeros(n)
    in_pool = np.zeros(n, dtype=np.bool_)
    mark = np.zeros(n, dtype=np.bool_)
    procedure = np.zeros(n, dtype=np.int8)
    pool = np.empty(1024, dtype=np.int64)
    n_pool = 0
    detained = np.empty(256, dtype=np.int64)
    n_detained = 0
    camp = np.empty(1024, dtype=np.int64)
    n_camp = 0
    n_free = n
    remaining = np.full(n_regions, round(limit_share * region_size), dtype=np.int64)
    files = np.flatnonzero(tainted > 0)
    out = np.zeros((weeks, 7))
    threat = 1.0
    last_arrests = 0
    for week in range(weeks):
        # 1. denunciation
        fear = 1.0 + fear_elasticity * last_arrests * 52.0 / n
        k = np.random.binomial(n_free, min(1.0, rate / 52.0 * fear))
        denouncers = np.empty(k, dtype=np.int64)
        for d in range(k):  # k distinct free agents, uniformly
            i = np.random.randint(0, n)
            while status[i] != FREE or mark[i]:
                i = np.random.randint(0, n)
            mark[i] = True
            denouncers[d] = i
        for d in range(k):
            mark[denouncers[d]] = False
        for i in denouncers:
            if np.random.random() < grievance_share:
                t = _pick_contact(i, n, block, long_tie)
            else:
                total = 0.0
                picks = np.empty(candidates, dtype=np.int64)
                weights = np.empty(candidates)
                for c in range(candidates):
                    picks[c] = _pick_contact(i, n, block, long_tie)
                    weights[c] = suspicion_weight if enemy[picks[c]] else 1.0
                    total += weights[c]
                u = np.random.random() * total
                t = picks[candidates - 1]
                for c in range(candidates):
                    u -= weights[c]
                    if u < 0:
                        t = picks[c]
                        break
            out[week, 0] += 1
            if status[t] == FREE:
                denounced[t] += 1
                if not in_pool[t]:
                    in_pool[t] = True
                    pool, n_pool = _push(pool, n_pool, t)
        # 2. interrogation and sentence of last week's arrests
        torture = week >= torture_from
        plots = 0
        for d in range(n_detained):
            i = detained[d]
            if enemy[i]:
                p = torture_guilty if torture else confess_guilty
            else:
                p = torture_innocent if torture else confess_innocent
            confessed = np.random.random() < p
            if confessed:
                out[week, 3] += 1
                k_named = np.random.poisson(names * (2.0 if torture else 1.0))
                start = (i // block) * block
                for _ in range(k_named):
                    t = -1
                    if enemy[i]:
                        n_en = 0
                        for j in range(start, start + block):
                            if j != i and enemy[j]:
                                n_en += 1
                        if n_en > 0:
                            r = np.random.randint(0, n_en)
                            for j in range(start, start + block):
                                if j != i and enemy[j]:
                                    if r == 0:
                                        t = j
                                        break
                                    r -= 1
                    if t < 0:
                        t = start + np.random.randint(0, block - 1)
                        if t >= i:
                            t += 1
                    if status[t] == FREE:
                        named[t] += 1
                        if not in_pool[t]:
                            in_pool[t] = True
                            pool, n_pool = _push(pool, n_pool, t)
                if k_named > 0:
                    plots += 1
            if procedure[i] == MASS:
                shot = np.random.random() < shot_mass
                freed = False
            elif confessed:
                shot = np.random.random() < shot_ordinary
                freed = False
            else:
                shot = False
                freed = np.random.random() < release
            if shot:
                status[i] = DEAD
                out[week, 4] += 1
            elif freed:
                status[i] = FREE
                n_free += 1
                denounced[i] = 0.0
                named[i] = 0.0
            else:
                status[i] = CAMP
                camp, n_camp = _push(camp, n_camp, i)
        n_detained = 0
        # compact the pool: only the free stay
        m = 0
        for q in range(n_pool):
            if status[pool[q]] == FREE:
                pool[m] = pool[q]
                m += 1
            else:
                in_pool[pool[q]] = False
        n_pool = m
        # the pool by region, once a week (one pass)
        bounds = np.zeros(n_regions + 1, dtype=np.int64)
        for q in range(n_pool):
            bounds[pool[q] // region_size + 1] += 1
        bounds = np.cumsum(bounds)
        by_region = np.empty(n_pool, dtype=np.int64)
        fill = bounds[:-1].copy()
        for q in range(n_pool):
            r = pool[q] // region_size
            by_region[fill[r]] = pool[q]
            fill[r] += 1
        arrests = 0
        # 3. mass operation
        if op_start <= week < op_end:
            for r in range(n_regions):
                left = remaining[r]
                if left <= 0:
                    continue
                demand = int(np.ceil(left / max(1.0, (op_end - week) / zeal)))
                demand = min(demand, left)
                lo, hi = r * region_size, (r + 1) * region_size
                members = by_region[bounds[r]:bounds[r + 1]]
                cand = np.empty(members.size + files.size, dtype=np.int64)
                cand[:members.size] = members
                c = members.size
                for q in range(files.size):
                    f = files[q]
                    if lo <= f < hi and status[f] == FREE and not in_pool[f]:
                        cand[c] = f
                        c += 1
                chosen = _top(cand[:c], demand, 0.0, denounced, named, tainted, w_named,
                              w_taint)
                for i in chosen:
                    status[i] = DETAINED
                    procedure[i] = MASS
                    detained, n_detained = _push(detained, n_detained, i)
                    out[week, 2 if enemy[i] else 1] += 1
                remaining[r] -= chosen.size
                n_free -= chosen.size
                arrests += chosen.size
        # 4. ordinary arrests
        bar = evidence_bar / threat
        for r in range(n_regions):
            cap = np.random.poisson(capacity / 52.0 * region_size)
            if cap == 0:
                continue
            members = by_region[bounds[r]:bounds[r + 1]]
            cand = np.empty(members.size, dtype=np.int64)
            c = 0
            for i in members:
                if status[i] == FREE:
                    cand[c] = i
                    c += 1
            chosen = _top(cand[:c], cap, bar, denounced, named, tainted, w_named, w_taint)
            for i in chosen:
                status[i] = DETAINED
                procedure[i] = ORDINARY
                detained, n_detained = _push(detained, n_detained, i)
                out[week, 2 if enemy[i] else 1] += 1
            n_free -= chosen.size
            arrests += chosen.size
        # 5. camps
        deaths = np.random.binomial(n_camp, camp_death)
        for _ in range(deaths):
            q = np.random.randint(0, n_camp)
            status[camp[q]] = DEAD
            camp[q] = camp[n_camp - 1]
            n_camp -= 1
        out[week, 5] = n_camp
        # 6. threat
        threat = min(threat_cap, 1.0 + threat_decay * (threat - 1.0)
                     + threat_per_plot * plots * 1e5 / n)
        out[week, 6] = threat
        last_arrests = arrests
    return out


def run_core(params: CoreParams | None = None, seed: int = 0) -> np.ndarray:
    """Weekly outputs [weeks, len(OUTPUTS)] of one run."""
    p = params or CoreParams()
    return _run(seed, *p.values())


def summary(out: np.ndarray) -> dict[str, float]:
    """Whole-run totals that the equivalence tests compare."""
    arrests = out[:, 1] + out[:, 2]
    return {"denunciations": float(out[:, 0].sum()), "arrests": float(arrests.sum()),
            "innocent_share": float(out[:, 1].sum() / max(1.0, arrests.sum())),
            "confessions": float(out[:, 3].sum()), "executions": float(out[:, 4].sum()),
            "camp_end": float(out[-1, 5]), "threat_max": float(out[:, 6].max())}
