"""The army's officer corps: size, experience, purge, discharges and reinstatement.

The corps is an aggregate (persons and their summed years of service) that follows the army's
size from the Correlates of War series, with new officers commissioned at zero experience. The
purge acts on officer *agents*: those with most evidence against them are arrested (through the
security apparatus) or discharged, and each arrest or discharge removes an officer of above-mean
experience (`officer_senior_bias`) from the aggregate. Reinstatement returns a share of the
discharged still at liberty, with their experience.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from purgesim.data import COW_THOUSANDS, cow
from purgesim.model.calendar import START, date_of, per_week
from purgesim.model.params import Params
from purgesim.model.population import DISCHARGED, FREE, OFFICER, REINSTATED
from purgesim.model.security import TIE_BREAK, arrest, evidence
from purgesim.model.state import OP_ORDINARY, Buffer

GUARD = 1e-9
"""Keeps a mean over an empty corps from dividing by zero (far below one person-year)."""

@dataclass
class Army:
    """Aggregate officer corps plus the agent register the purge draws from."""

    officers: float                 # persons
    experience: float               # summed years of service, persons x years
    register: np.ndarray            # officer agent indices
    purge_until: int = -1
    discharged: Buffer = field(default_factory=Buffer)
    discharged_experience: float = 0.0  # persons x years, of those discharged

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
    """Take `persons` officers of above-mean experience out of the corps; returns their years."""
    persons = min(persons, army.officers)
    years = min(army.experience, persons * army.mean_experience * bias)
    army.officers -= persons
    army.experience -= years
    return years


def lose_officers(state, arrested: np.ndarray) -> None:
    """Arrested officers leave the corps."""
    n = int(np.count_nonzero(state.pop.group[arrested] == OFFICER))
    if n:
        _remove(state.army, n * state.scale, state.p.officer_senior_bias)
        state.rec.add("officers_arrested", n)


def purge(state, rng: np.random.Generator) -> None:
    """While the army purge runs: arrest and discharge officers, most evidence first.

    Arrests go through `security.arrest`, so an evidence floor leaves the arrest slots of
    officers with too little evidence unfilled; it does not turn them into discharges (a
    discharge is not an arrest and the floor does not bind it)."""
    army, p, pop = state.army, state.p, state.pop
    if state.week >= army.purge_until or state.halted:
        return
    reg = army.register
    reg = reg[(pop.status[reg] == FREE) & ((pop.history[reg] & DISCHARGED) == 0)]
    if reg.size == 0:
        return
    n_arrest = rng.binomial(reg.size, per_week(p.army_purge_arrest_rate))
    n_discharge = rng.binomial(reg.size, per_week(p.army_purge_discharge_rate))
    score = evidence(state, reg) + TIE_BREAK * rng.random(reg.size)
    ranked = reg[np.argsort(-score)]
    arrest(state, ranked[:n_arrest], OP_ORDINARY, rng)
    gone = ranked[n_arrest:n_arrest + n_discharge]
    pop.history[gone] |= DISCHARGED
    army.discharged.extend(gone)
    army.discharged_experience += _remove(army, gone.size * state.scale, p.officer_senior_bias)
    state.rec.add("officers_discharged", gone.size)


def reinstate(state, share: float, rng: np.random.Generator) -> None:
    """Return `share` of the discharged still at liberty to the corps."""
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
