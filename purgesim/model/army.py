"""The army's officer corps: size, experience, discharges, the purge and reinstatement.

The corps is an aggregate (persons and their summed years of service) that follows the army's
size from the Correlates of War series, with new officers commissioned at zero experience. Three
flows act on officer *agents* (the register), each sized from the aggregate corps (so the
register, built once, stands in for a corps that grows) and drawn by stochastic rounding:

- **ordinary discharges**, every year (`officer_discharge_rate`): age, illness, misconduct,
  political unreliability short of the terror's; anyone serving, at random, to civilian life;
- **the purge** (`ArmyPurge`, from 1937): discharges at `army_purge_discharge_rate`, most
  evidence first, a share `army_purge_arrest_share` of them (the most evidence) also arrested
  through the security apparatus. An officer arrested on any path is discharged on arrest;
- **the review of complaints** (`OfficerReinstatement`, a span): each purged officer at liberty
  is reinstated with a weekly chance that returns `share` of them over the span.

Each discharge or arrest removes an officer of above-mean experience (`officer_senior_bias`, or
the mean for ordinary discharges) from the aggregate; a reinstated officer returns with the mean
experience of the purged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from purgesim.data import COW_THOUSANDS, cow
from purgesim.model.calendar import START, date_of, per_week
from purgesim.model.params import Params
from purgesim.model.population import DISCHARGED, FREE, OFFICER, REINSTATED, WORKER
from purgesim.model.security import TIE_BREAK, arrest, evidence
from purgesim.model.state import OP_ORDINARY, Buffer

GUARD = 1e-9
"""Keeps a mean over an empty corps from dividing by zero (far below one person-year)."""
AT_MEAN = 1.0
"""Ordinary discharges leave with the corps' mean experience (no seniority bias)."""
CIVILIAN = WORKER
"""The group an ordinarily discharged officer joins: civilian life, with no record on file
(the model has no group for the reserve)."""


@dataclass
class Army:
    """Aggregate officer corps plus the agent register the discharges and purge draw from."""

    officers: float                 # persons
    experience: float               # summed years of service, persons x years
    register: np.ndarray            # officer agent indices
    purge_until: int = -1
    review_until: int = -1
    review_hazard: float = 0.0      # weekly chance a purged officer at liberty is reinstated
    discharged: Buffer = field(default_factory=Buffer)
    """Officers purged (discharged or arrested) since 1928: those the review may reinstate."""
    discharged_experience: float = 0.0  # persons x years, of those purged

    @property
    def mean_experience(self) -> float:
        """Mean years of service in the corps."""
        return self.experience / max(self.officers, GUARD)


def build_army(pop, p: Params) -> Army:
    """The 1928 corps at its size from COW military personnel."""
    officers = cow(START.year, "milper_su") * COW_THOUSANDS * p.officer_share_of_army
    return Army(officers=officers, experience=officers * p.officer_experience_1928,
                register=np.flatnonzero(pop.group == OFFICER))


def _remove(army: Army, persons: float, bias: float) -> float:
    """Take `persons` officers of `bias` x mean experience out of the corps; returns their
    years."""
    persons = min(persons, army.officers)
    years = min(army.experience, persons * army.mean_experience * bias)
    army.officers -= persons
    army.experience -= years
    return years


def serving(state) -> np.ndarray:
    """Officer agents in service: at liberty, still officers and not discharged."""
    pop, reg = state.pop, state.army.register
    return reg[(pop.status[reg] == FREE) & (pop.group[reg] == OFFICER)
               & ((pop.history[reg] & DISCHARGED) == 0)]


def _count(state, rate: float, rng: np.random.Generator) -> int:
    """Officers (in agents) leaving this week at `rate` per year of the aggregate corps."""
    return int(rng.poisson(per_week(rate) * state.army.officers / state.scale))


def _purged(state, idx: np.ndarray) -> None:
    """Officers leaving the corps through the terror (discharged or arrested): marked, kept
    for the review, their experience taken out with the seniority bias."""
    army = state.army
    state.pop.history[idx] |= DISCHARGED
    army.discharged.extend(idx)
    army.discharged_experience += _remove(army, idx.size * state.scale,
                                          state.p.officer_senior_bias)
    state.rec.add("officers_discharged", idx.size)


def lose_officers(state, arrested: np.ndarray) -> None:
    """Arrested officers: those still serving are discharged on arrest and leave the corps;
    every arrested officer (serving or already discharged) counts as arrested."""
    pop = state.pop
    officers = arrested[pop.group[arrested] == OFFICER]
    if officers.size == 0:
        return
    state.rec.add("officers_arrested", officers.size)
    in_service = officers[(pop.history[officers] & DISCHARGED) == 0]
    if in_service.size:
        _purged(state, in_service)


def discharge(state, rng: np.random.Generator) -> None:
    """Ordinary discharges, every year: `officer_discharge_rate` of the corps, anyone
    serving, to civilian life (no record: the terror's discharges are `purge`'s)."""
    n = _count(state, state.p.officer_discharge_rate, rng)
    if n == 0:
        return
    reg = serving(state)
    gone = rng.choice(reg, size=min(n, reg.size), replace=False)
    state.pop.group[gone] = CIVILIAN
    _remove(state.army, gone.size * state.scale, AT_MEAN)
    state.rec.add("officers_discharged", gone.size)


def purge(state, rng: np.random.Generator) -> None:
    """While the army purge runs: discharge `army_purge_discharge_rate` of the corps, most
    evidence first, and arrest a share `army_purge_arrest_share` of them (the most evidence).

    Arrests go through `security.arrest`, so an evidence floor refuses the arrest of an
    officer with too little evidence; the discharge, an army decision, stands. The arrested
    are discharged by `lose_officers` at the week's end, with every other arrested officer."""
    army, p = state.army, state.p
    if state.week >= army.purge_until or state.halted:
        return
    n = _count(state, p.army_purge_discharge_rate, rng)
    if n == 0:
        return
    reg = serving(state)
    if reg.size == 0:
        return
    score = evidence(state, reg) + TIE_BREAK * rng.random(reg.size)
    chosen = reg[np.argsort(-score)[:n]]
    n_arrest = int(rng.binomial(chosen.size, p.army_purge_arrest_share))
    detained = arrest(state, chosen[:n_arrest], OP_ORDINARY, rng)
    _purged(state, chosen[~np.isin(chosen, detained)])


def open_review(army: Army, share: float, until: int, week: int) -> None:
    """The review of complaints runs to `until`, returning `share` of the purged at liberty
    over its span (a constant weekly chance)."""
    army.review_until = until
    army.review_hazard = 1.0 - (1.0 - share) ** (1.0 / max(until - week, 1))


def review(state, rng: np.random.Generator) -> None:
    """While the review runs, reinstate each purged officer at liberty with its weekly
    chance."""
    army = state.army
    if state.week >= army.review_until or army.discharged.size == 0:
        return
    reinstate(state, army.review_hazard, rng)


def reinstate(state, share: float, rng: np.random.Generator) -> None:
    """Return `share` of the purged still at liberty to the corps."""
    army, pop = state.army, state.pop
    v = army.discharged.view
    free = v[pop.status[v] == FREE]
    back = free[rng.random(free.size) < share]
    if back.size == 0:
        return
    mean_years = army.discharged_experience / max(v.size * state.scale, GUARD)
    army.officers += back.size * state.scale
    army.experience += back.size * state.scale * mean_years
    army.discharged_experience -= back.size * state.scale * mean_years
    pop.history[back] = (pop.history[back] & np.uint8(~DISCHARGED & 0xFF)) | REINSTATED
    army.discharged.keep(~np.isin(v, back))
    state.rec.add("officers_reinstated", back.size)


def step(state) -> None:
    """A week of service for everyone; commission officers toward the army's size."""
    army, p = state.army, state.p
    army.experience += per_week(army.officers)  # a week's service for everyone
    need = cow(date_of(state.week).year, "milper_su") * COW_THOUSANDS * p.officer_share_of_army
    if need > army.officers:
        army.officers += (need - army.officers) / p.officer_fill_weeks
