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
from purgesim.model.state import OP_00447, OperationBook, State, stochastic_round

HALF = 0.5
"""What a half-life leaves (a definition: threat decays by half every `threat_half_life_weeks`)."""
PER_100K = 100_000.0
"""`threat_per_plot` is per discovered plot per 100,000 people (its unit)."""
NEVER = -(10**6)
"""The week of a region's last request before it has made any: long enough ago that the first
request is never held back."""

def shock(state: State, size: float) -> None:
    """A jolt to threat perception (capped at `threat_cap`)."""
    state.threat = min(state.p.threat_cap, state.threat + size)


def halt(state: State, rng: np.random.Generator) -> None:
    """The operations end: no more troikas, national operations, leadership lists or
    campaigns; the cases still waiting in the albums pass to ordinary procedure (an ordinary
    investigation from now)."""
    state.halted = True
    state.national = []
    state.campaigns = []
    state.lists_until = -1
    if state.operation is not None:
        state.operation.active[:] = False
        state.operation.gulag_remaining = 0
    cases = state.detainees
    waiting = cases.in_albums()
    cases.due.view[waiting] = state.week + rng.geometric(
        1.0 / max(state.p.investigation_weeks, 1.0), size=waiting.size)


def open_operation(state: State, limits: dict[str, tuple[float, float]], gulag_cat1: int,
                   targets: int, rng: np.random.Generator,
                   starts: dict[str, int] | None = None) -> None:
    """Open a mass operation: limits by region code (persons, category 1 and 2), the camps'
    category-1 limit, the taint bits of the files it draws on, and the week each region
    begins (`starts`, by region code; default this week). Each region's plan runs
    `planned_weeks_00447` from its own start, and within those weeks its own requests for
    more may be granted; after them, only dated decisions raise its limits."""
    pop, p = state.pop, state.p
    n = pop.n_regions
    first = np.array([limits.get(c, (0, 0)) for c in REGION_CODES], dtype=np.float64)
    c1 = np.array([stochastic_round(x / state.scale, rng) for x in first[:, 0]], dtype=np.int64)
    c2 = np.array([stochastic_round(x / state.scale, rng) for x in first[:, 1]], dtype=np.int64)
    start = np.array([(starts or {}).get(c, state.week) for c in REGION_CODES], dtype=np.int64)
    end = start + int(p.planned_weeks_00447)
    files = [register(state, targets, *pop.region_range(r)) for r in range(n)]
    persons = first.sum(axis=1)
    state.operation = OperationBook(
        active=persons > 0, remaining1=c1, remaining2=c2, total=c1 + c2,
        planned_end=end, last_request=np.full(n, NEVER), targets=targets, files=files,
        start=start, requests_until=end.copy(), persons1=first[:, 0].copy(), persons=persons,
        persons_first=persons.copy(),
        gulag_remaining=stochastic_round(gulag_cat1 / state.scale, rng),
        gulag_end=int(end.max()), offset=rng.random(n))


def set_deadline(state: State, regions: tuple[int, ...], until: int) -> None:
    """A central decision on the operation's timetable: the `regions` run until week `until`,
    and from now on their own requests for more are no longer granted (further increases
    come only as dated decisions, which the record holds for 1938)."""
    op = state.operation
    if op is None or state.halted:
        return
    for r in regions:
        op.planned_end[r] = until
        op.requests_until[r] = state.week
        op.active[r] = (op.persons[r] > 0) and state.week < until


def raise_limit(state: State, r: int, cat1: float, cat2: float,
                rng: np.random.Generator, until: int | None = None) -> None:
    """Raise region `r`'s limits by `cat1` and `cat2` persons and extend its timetable (to
    week `until`, or by `limit_extension_weeks`)."""
    op = state.operation
    if op is None or state.halted:
        return
    a = stochastic_round(cat1 / state.scale, rng)
    b = stochastic_round(cat2 / state.scale, rng)
    op.remaining1[r] += a
    op.remaining2[r] += b
    op.total[r] += a + b
    op.persons1[r] += cat1
    op.persons[r] += cat1 + cat2
    op.offset[r] = rng.random()
    extended = (max(op.planned_end[r], state.week) + int(state.p.limit_extension_weeks)
                if until is None else until)
    op.planned_end[r] = max(op.planned_end[r], extended)
    op.active[r] = True


def review_requests(state: State, rng: np.random.Generator) -> None:
    """Regions near their limit ask for more; the centre grants with odds rising with threat,
    each grant a share of the region's first limit, until a central decision on the timetable
    (`set_deadline`) ends the granting of regions' own requests.

    A region closes its operation when its timetable runs out: regions close one by one.
    """
    op = state.operation
    if op is None or state.halted:
        return
    p = state.p
    pending = state.detainees.pending_by(state.pop.region, OP_00447, state.pop.n_regions)
    grant = min(1.0, p.limit_approval_base * state.threat)
    for r in np.flatnonzero(op.active):
        left = op.remaining1[r] + op.remaining2[r] - pending[r]
        # what is left, read as a continuous quantity: at 1:1000 a region holding 2 agents of
        # limit would otherwise ask only when all of it is used, never at 80%. Holding k whole
        # agents, the region stands somewhere in (k - 1, k] of the finer count: at k - offset,
        # the offset drawn once when the limit was set, not every week (a fresh draw each week
        # would ask, over the weeks at k, more often than the finer region does)
        used = 1.0 - (left - op.offset[r]) / max(1, op.total[r])
        waited = state.week - op.last_request[r] >= p.limit_request_interval_weeks
        open_to_requests = state.week < op.requests_until[r]
        if used >= p.limit_request_threshold and waited and open_to_requests:
            op.last_request[r] = state.week
            if rng.random() < grant:
                # in persons: a first limit of 400 is 0 or 1 agents at 1:1000
                size = p.limit_request_size * op.persons_first[r]
                share = p.limit_request_cat1_share
                raise_limit(state, int(r), size * share, size * (1 - share), rng)
                continue
        if state.week >= op.planned_end[r]:
            op.active[r] = False
    if state.week >= op.gulag_end:
        op.gulag_remaining = 0


def update_threat(state: State) -> None:
    """Decay toward the reference level, plus discovered plots per 100k population.

    After the halt a confession weighs only `plot_weight_after_halt` of a plot: the resolution
    of 17 Nov 1938 condemned cases that rested on the accused's confession alone, so the loop
    of confessions, threat and a falling bar that drove 1937-38 is weaker after it."""
    p = state.p
    decay = HALF ** (1.0 / p.threat_half_life_weeks)
    ref = p.threat_initial
    per_100k = state.plots / state.pop.n * PER_100K
    weight = p.threat_per_plot * (p.plot_weight_after_halt if state.halted else 1.0)
    state.threat = ref + (state.threat - ref) * decay + weight * per_100k
    state.threat = float(np.clip(state.threat, THREAT_FLOOR, p.threat_cap))
    state.plots = 0


def update_fear(state: State) -> None:
    """Each region's fear: an exponential average of its annualised arrest share."""
    sizes = state.pop.seg_end[:, 1] - state.pop.seg_start[:, 0]
    share = state.recent_arrests * WEEKS_PER_YEAR / np.maximum(sizes, 1)
    alpha = 1.0 / state.p.fear_memory_weeks
    state.fear = (1 - alpha) * state.fear + alpha * share
    state.recent_arrests[:] = 0
