"""The centre: dated decisions, threat perception, and answers to regions' requests for limits.

Threat perception is a level that decays toward its reference value and rises with every
'discovered plot' (a confession that names accomplices) and with shocks such as Kirov's murder.
It lowers the ordinary evidence bar and makes the centre likelier to grant higher limits: the
loop through which confessions extracted by torture can feed the machine that extracts them.
"""

from __future__ import annotations

import numpy as np

from purgesim.data import REGION_CODES
from purgesim.model.calendar import WEEKS_PER_YEAR
from purgesim.model.params import THREAT_FLOOR
from purgesim.model.security import register
from purgesim.model.state import OP_00447, OperationBook, State

HALF = 0.5
"""What a half-life leaves (a definition: threat decays by half every `threat_half_life_weeks`)."""
PER_100K = 100_000.0
"""`threat_per_plot` is per discovered plot per 100,000 people (its unit)."""
NEVER = -(10**6)
"""The week of a region's last request before it has made any: long enough ago that the first
request is never held back."""

def stochastic_round(x: float, rng: np.random.Generator) -> int:
    """Round so that the expectation is exact (limits of 250 at 1:1000 must not vanish)."""
    base = int(np.floor(x))
    return base + int(rng.random() < x - base)


def shock(state: State, size: float) -> None:
    """A jolt to threat perception (capped at `threat_cap`)."""
    state.threat = min(state.p.threat_cap, state.threat + size)


def halt(state: State) -> None:
    """The operations end: no more troikas, national operations or campaigns."""
    state.halted = True
    state.national = []
    state.campaigns = []
    if state.operation is not None:
        state.operation.active[:] = False
        state.operation.gulag_remaining = 0


def open_operation(state: State, limits: dict[str, tuple[int, int]], gulag_cat1: int,
                   targets: int, rng: np.random.Generator) -> None:
    """Open a mass operation: limits by region code (persons, category 1 and 2), the camps'
    category-1 limit, and the taint bits of the files it draws on."""
    pop, p = state.pop, state.p
    n = pop.n_regions
    c1 = np.array([stochastic_round(limits.get(c, (0, 0))[0] / state.scale, rng)
                   for c in REGION_CODES], dtype=np.int64)
    c2 = np.array([stochastic_round(limits.get(c, (0, 0))[1] / state.scale, rng)
                   for c in REGION_CODES], dtype=np.int64)
    end = state.week + int(p.planned_weeks_00447)
    files = [register(state, targets, *pop.region_range(r)) for r in range(n)]
    state.operation = OperationBook(
        active=(c1 + c2) > 0, remaining1=c1, remaining2=c2, initial=c1 + c2, total=c1 + c2,
        planned_end=np.full(n, end, dtype=np.int64), last_request=np.full(n, NEVER),
        targets=targets, files=files,
        gulag_remaining=stochastic_round(gulag_cat1 / state.scale, rng), gulag_end=end)


def raise_limit(state: State, r: int, cat1: float, cat2: float,
                rng: np.random.Generator) -> None:
    """Raise region `r`'s limits by `cat1` and `cat2` persons and extend its timetable."""
    op = state.operation
    if op is None or state.halted:
        return
    a = stochastic_round(cat1 / state.scale, rng)
    b = stochastic_round(cat2 / state.scale, rng)
    op.remaining1[r] += a
    op.remaining2[r] += b
    op.total[r] += a + b
    op.planned_end[r] = max(op.planned_end[r], state.week) + int(state.p.limit_extension_weeks)
    op.active[r] = True


def review_requests(state: State, rng: np.random.Generator) -> None:
    """Regions near their limit ask for more; the centre grants with odds rising with threat.

    A region whose plan runs out without a granted request stops its operation.
    """
    op = state.operation
    if op is None or state.halted:
        return
    p = state.p
    pending = state.detainees.pending_by(state.pop.region, OP_00447, state.pop.n_regions)
    grant = min(1.0, p.limit_approval_base * state.threat)
    for r in np.flatnonzero(op.active):
        left = op.remaining1[r] + op.remaining2[r] - pending[r]
        used = 1.0 - left / max(1, op.total[r])
        waited = state.week - op.last_request[r] >= p.limit_request_interval_weeks
        if used >= p.limit_request_threshold and waited:
            op.last_request[r] = state.week
            if rng.random() < grant:
                size = p.limit_request_size * op.initial[r] * state.scale
                share = p.limit_request_cat1_share
                raise_limit(state, int(r), size * share, size * (1 - share), rng)
                continue
        if state.week >= op.planned_end[r]:
            op.active[r] = False
    if state.week >= op.gulag_end:
        op.gulag_remaining = 0


def update_threat(state: State) -> None:
    """Decay toward the reference level, plus discovered plots per 100k population."""
    p = state.p
    decay = HALF ** (1.0 / p.threat_half_life_weeks)
    ref = p.threat_initial
    per_100k = state.plots / state.pop.n * PER_100K
    state.threat = ref + (state.threat - ref) * decay + p.threat_per_plot * per_100k
    state.threat = float(np.clip(state.threat, THREAT_FLOOR, p.threat_cap))
    state.plots = 0


def update_fear(state: State) -> None:
    """Each region's fear: an exponential average of its annualised arrest share."""
    sizes = state.pop.seg_end[:, 1] - state.pop.seg_start[:, 0]
    share = state.recent_arrests * WEEKS_PER_YEAR / np.maximum(sizes, 1)
    alpha = 1.0 / state.p.fear_memory_weeks
    state.fear = (1 - alpha) * state.fear + alpha * share
    state.recent_arrests[:] = 0
