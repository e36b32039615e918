"""The mutable simulation state: the population plus event-sized queues and operation books."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from purgesim.model.calendar import per_week
from purgesim.model.kernels import compact_free, mark_new, merge_tail
from purgesim.model.outcomes import OPERATIONS, Recorder
from purgesim.model.params import Params
from purgesim.model.population import ENEMY, FREE, IN_POOL, Population

if TYPE_CHECKING:  # the mechanisms' own parts of the state (they import this module)
    from purgesim.model.army import Army
    from purgesim.model.economy import Economy
    from purgesim.model.party import Party
    from purgesim.model.war import War

ORDINARY, CAMPAIGN, MASS, NATIONAL, KIROV, COLLEGIUM, HARMFUL, FAMINE = range(8)
"""Procedures under which a case is handled (they set its speed and sentencing)."""
AWAITING_ALBUM = np.iinfo(np.int64).max // 2
"""The due week of a national-line case in the album queue: decided when the Moscow dvoika
reviews its album (or special troikas take it), not on a date set at arrest."""
OP: dict[str, int] = {name: i for i, name in enumerate(OPERATIONS)}
"""Operations under which a person is arrested (what outcomes are broken down by)."""
OP_ORDINARY, OP_KIROV, OP_CAMPAIGN, OP_00447 = (
    OP["ordinary"], OP["kirov"], OP["campaign"], OP["order_00447"])
OP_LISTS, OP_HARMFUL, OP_HUNGER = (
    OP["leadership_lists"], OP["socially_harmful"], OP["hunger_arrests"])
PROCEDURE = np.array([{"ordinary": ORDINARY, "kirov": KIROV, "campaign": CAMPAIGN,
                       "order_00447": MASS, "leadership_lists": COLLEGIUM,
                       "socially_harmful": HARMFUL, "hunger_arrests": FAMINE}.get(name, NATIONAL)
                      for name in OPERATIONS])
"""The procedure of each operation (every national line is a NATIONAL procedure)."""
OP_NATIONAL = np.flatnonzero(PROCEDURE == NATIONAL)
"""The operation codes of the national lines (what the record's national share counts)."""


def stochastic_round(x: float, rng: np.random.Generator) -> int:
    """Round so that the expectation is exact: a weekly demand of 0.3 agents is 1 agent in
    three weeks out of ten, not 1 every week (`ceil`) nor never (`round`), at every scale."""
    base = int(np.floor(x))
    return base + int(rng.random() < x - base)


def stochastic_round_each(amounts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`stochastic_round` of every element (negative amounts count as 0)."""
    amounts = np.maximum(amounts, 0.0)
    base = np.floor(amounts)
    return (base + (rng.random(amounts.size) < amounts - base)).astype(np.int64)


def paced_share(left: float, end: int, week: int, rng: np.random.Generator) -> int:
    """This week's whole share of `left` agents still to move, evenly until week `end`
    (exclusive): stochastically rounded, and never more than is left (deportation waves,
    release decrees)."""
    return min(stochastic_round(left / max(1, end - week), rng), int(np.ceil(left)))


def still_running(items: list, week: int) -> list:
    """The paced items ([end week, agents left, ...]) that go on after this week."""
    return [item for item in items if item[0] > week + 1 and item[1] > 0]


def national_operation(diaspora: str) -> int:
    """The operation code of the national line against `diaspora`."""
    return OP[f"national_{diaspora}"]


class Buffer:
    """A growable int64 array (amortised O(1) append), for event-sized lists."""

    def __init__(self, capacity: int = 1024):
        self._data = np.empty(max(16, capacity), dtype=np.int64)
        self.size = 0

    def extend(self, values: np.ndarray) -> None:
        """Append `values`."""
        values = np.asarray(values, dtype=np.int64)
        need = self.size + values.size
        if need > self._data.size:
            grown = np.empty(max(need, 2 * self._data.size), dtype=np.int64)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size:need] = values
        self.size = need

    @property
    def view(self) -> np.ndarray:
        """The live contents (a view; copy before mutating the buffer)."""
        return self._data[: self.size]

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the entries where `mask` is true (order preserved)."""
        kept = self._data[: self.size][mask]
        self._data[: kept.size] = kept
        self.size = kept.size


class Pool(Buffer):
    """The candidate list: distinct agents, kept in index order.

    At full scale the list holds millions of agents and is read every week at the agents'
    positions in population-sized arrays; read in index order, those reads run through memory
    forward instead of jumping (four times faster at 1:1, `benchmarks/bench_pool_order.py`).
    New members are appended (each batch ascending) and merged into order when the list is
    next read (`in_order`), so adding stays amortised O(1)."""

    def __init__(self, capacity: int = 1024):
        super().__init__(capacity)
        self.ordered = 0
        """How many leading entries are in index order (the rest are appended since)."""

    def in_order(self) -> np.ndarray:
        """The list, merged into index order (a view; copy before mutating the list)."""
        if self.ordered < self.size:
            merge_tail(self._data, self.ordered, self.size)
            self.ordered = self.size
        return self.view

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the entries where `mask` is true (order preserved)."""
        ordered = int(np.count_nonzero(mask[: self.ordered]))
        super().keep(mask)
        self.ordered = ordered


@dataclass
class Detainees:
    """People under investigation: the week their case is decided, the operation they were
    arrested under, their party status at arrest, whether they confessed, the week of arrest."""

    idx: Buffer = field(default_factory=Buffer)
    due: Buffer = field(default_factory=Buffer)
    operation: Buffer = field(default_factory=Buffer)
    party: Buffer = field(default_factory=Buffer)
    confessed: Buffer = field(default_factory=Buffer)
    arrested: Buffer = field(default_factory=Buffer)

    def _buffers(self) -> tuple[Buffer, ...]:
        return (self.idx, self.due, self.operation, self.party, self.confessed, self.arrested)

    def add(self, idx, due, operation, party, confessed, arrested) -> None:
        """Queue a cohort of new detainees (`arrested`: the week of arrest)."""
        for buffer, values in zip(self._buffers(),
                                  (idx, due, operation, party, confessed, arrested), strict=True):
            buffer.extend(values)

    def in_albums(self) -> np.ndarray:
        """Positions (in the buffers) of the cases waiting in the album queue."""
        return np.flatnonzero(self.due.view == AWAITING_ALBUM)

    def pop_due(self, week: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Remove and return (idx, operation, party, confessed) of cases decided in `week`."""
        due = self.due.view <= week
        out = (self.idx.view[due].copy(), self.operation.view[due].copy(),
               self.party.view[due].copy(), self.confessed.view[due].copy())
        keep = ~due
        for b in self._buffers():
            b.keep(keep)
        return out

    def pending_by(self, regions: np.ndarray, operation: int, n_regions: int) -> np.ndarray:
        """Pending cases of one operation, counted by region."""
        mask = self.operation.view == operation
        return np.bincount(regions[self.idx.view[mask]], minlength=n_regions)


@dataclass
class OperationBook:
    """Limits and timetable of a mass operation, per region (in agent units)."""

    active: np.ndarray       # bool [regions]
    remaining1: np.ndarray   # int64 [regions]
    remaining2: np.ndarray
    total: np.ndarray        # int64 [regions], current total limit
    planned_end: np.ndarray  # int64 [regions]
    last_request: np.ndarray  # int64 [regions]
    targets: int             # taint bit mask
    files: list              # per region: indices on file under the targeted taints
    start: np.ndarray        # int64 [regions], week the region's operation begins
    requests_until: np.ndarray  # int64 [regions], last week a region's own request is granted
    persons1: np.ndarray     # float [regions], category-1 persons granted (unrounded)
    persons: np.ndarray      # float [regions], persons granted in all (unrounded)
    persons_first: np.ndarray  # float [regions], the first limits in persons
    gulag_remaining: int = 0
    gulag_end: int = 0
    offset: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """float [regions], in [0, 1): where within its last whole agent a region's limit stands
    (drawn when the limit is set or raised; see centre.review_requests)."""


@dataclass
class Countryside:
    """The agrarian path, the deportations and the special settlements."""

    settlers: Buffer = field(default_factory=Buffer)  # in special settlements
    to_deport: np.ndarray | None = None
    deport_shuffled: bool = False                    # to_deport put in random order yet?
    deport_end: int = 0
    agrarian_path: str = "nep"
    path_start: int = 0
    rural_labour: float = 1.0                        # index, 1928 = 1
    harvest: float = 1.0                             # this week's harvest index, 1928 = 1
    procurement: float = 0.0                         # share of it the state takes
    # the grain year, per region (sized at the first step): stocks and hunger of the village
    stock: np.ndarray | None = None    # grain per rural head, in weeks of normal consumption
    quota_left: np.ndarray | None = None  # procurement still to take this campaign, same units
    shortfall: np.ndarray | None = None  # this week's consumption below the famine threshold
    hunger: np.ndarray | None = None   # share of the village's reserves used up, 0..1
    quota_factor: np.ndarray | None = None  # quota per head relative to the national mean
    movement_banned: np.ndarray | None = None  # bool: peasants may no longer leave
    quotas_fixed: bool = False         # deliveries fixed before the harvest (from 1933)
    national_hunger: float = 0.0       # rural-population mean of `shortfall` (rations of the
    #                                    camps and settlements)
    leavers_eat: float = 1.0           # this week's consumption, x normal, averaged over the
    #                                    rural population free to leave (the migration pull)
    exports_mt: float = 0.0            # grain exported this calendar year, million tonnes
    waves: list = field(default_factory=list)  # later deportations: [end_week, agents, regions]
    group_waves: list = field(default_factory=list)  # peoples: [end_week, agents, members, taint]
    hunger_arrests: list = field(default_factory=list)  # running spans: (end_week, rate)


@dataclass
class Gulag:
    """The camps' books beyond the inmate list: admissions whose term is still to be drawn,
    and the non-political inflow streams from the courts and the militia."""

    fresh: Buffer = field(default_factory=Buffer)  # admitted since the last camp step
    streams: list = field(default_factory=list)    # [end_week, persons per year, mean term]
    releases: list = field(default_factory=list)   # [end_week, agents left, courts only]


@dataclass
class State:
    """Everything that changes during a run."""

    pop: Population
    p: Params
    scale: int
    n_weeks: int
    rec: Recorder
    week: int = 0
    threat: float = 1.0
    torture: bool = False
    kirov_law: bool = False
    plenum: bool = False
    halted: bool = False
    fear: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Per region: recent annualised arrest share (sized by the engine)."""
    recent_arrests: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Per region: arrests this week."""
    enemies_free: int = 0
    pool: Pool = field(default_factory=Pool)
    detainees: Detainees = field(default_factory=Detainees)
    camp: Buffer = field(default_factory=Buffer)
    exile: Buffer = field(default_factory=Buffer)
    operation: OperationBook | None = None
    national: list = field(default_factory=list)
    """Running national lines: (operation code, indices on the line's file, end week)."""
    capacity_ordinary: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """The ordinary organs' unused arrest capacity, national (agents; see security.credit)."""
    capacity_mass: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Per region: the mass operation's unused arrest capacity (agents)."""
    campaign_start: int = -1
    """Week the first campaign began (its death share falls from then); -1 before."""
    lists_until: int = -1
    """Last week (exclusive) in which leadership lists go to the Military Collegium."""
    campaigns: list = field(default_factory=list)
    """Running campaigns: (end week, indices on file, operation code, weekly rate)."""
    busy: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Per region: arrests this week on other paths than the ordinary one (the operations
    the regional organs also work); cleared weekly."""
    plots: int = 0
    arrested: Buffer = field(default_factory=Buffer)  # arrested this week (cleared weekly)
    countryside: Countryside = field(default_factory=lambda: Countryside())
    gulag: Gulag = field(default_factory=lambda: Gulag())
    war_week: int | None = None
    """The week the war begins when the run goes on through it (None: it is not simulated)."""
    war: War | None = None
    """The war's state from the war week (model/war.py)."""
    economy: Economy = field(init=False)
    army: Army = field(init=False)
    party: Party = field(init=False)
    configured: Params = None  # type: ignore[assignment]
    """The parameters as the scenario configured them: dated events resolve parameter names
    against these, whatever a `set_param` event has changed since (default: `p`)."""

    def __post_init__(self) -> None:
        if self.configured is None:
            self.configured = self.p
        if self.busy.size != self.pop.n_regions:
            self.busy = np.zeros(self.pop.n_regions, dtype=np.int64)
        self.capacity_ordinary = np.zeros(1)
        self.capacity_mass = np.zeros(self.pop.n_regions)

    def add_to_pool(self, idx: np.ndarray) -> None:
        """Put agents with new evidence on the candidate list (once each)."""
        self.pool.extend(mark_new(np.asarray(idx, dtype=np.int64), self.pop.flags, IN_POOL))

    def set_free(self, idx: np.ndarray) -> None:
        """Return a cohort to liberty (release, end of term); they stay on the files."""
        self.pop.status[idx] = FREE
        self.enemies_free += int(np.count_nonzero(self.pop.disposition[idx] == ENEMY))
        self.add_to_pool(idx)

    def tidy_pool(self) -> None:
        """Put the pool in index order and drop members who are no longer at liberty (they
        re-enter on release)."""
        self.pool.in_order()
        self.pool.size = self.pool.ordered = compact_free(
            self.pool._data, self.pool.size, self.pop.status, self.pop.flags, FREE, IN_POOL)

    def per_week(self, annual: float) -> float:
        """Convert an annual national count to agents per week at this scale."""
        return per_week(annual) / self.scale
