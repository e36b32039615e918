"""The terror core as an idiomatic Mesa 3 model: the same rules as benchmarks.peers.terror_core.

Agents are `mesa.Agent` objects that decide to denounce in their own `step` (called through
`AgentSet.shuffle_do`); the security organs are the model's methods; a `DataCollector` records the
weekly outputs. See benchmarks/peers/terror_core.py for the rules, stated once.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from benchmarks.peers.terror_core import OUTPUTS, CoreParams

FREE, DETAINED, CAMP, DEAD = 0, 1, 2, 3
ORDINARY, MASS = 0, 1


class Person(mesa.Agent):
    """A synthetic person: latent guilt, a record, the evidence the state holds."""

    def __init__(self, model: TerrorCore, index: int, enemy: bool, tainted: bool):
        super().__init__(model)
        self.index = index
        self.block = index // model.p.block
        self.region = index // model.region_size
        self.enemy = enemy
        self.tainted = tainted
        self.status = FREE
        self.denounced = 0.0
        self.named = 0.0
        self.procedure = ORDINARY

    @property
    def evidence(self) -> float:
        p = self.model.p
        return self.denounced + p.w_named * self.named + p.w_taint * self.tainted

    def contact(self) -> Person:
        """Another member of my block, or with probability long_tie anyone."""
        m = self.model
        if m.random.random() < m.p.long_tie:
            j = m.random.randrange(m.p.n - 1)
        else:
            j = self.block * m.p.block + m.random.randrange(m.p.block - 1)
        return m.people[j + 1 if j >= self.index else j]

    def step(self) -> None:
        """Denounce a contact, with probability rate/52 * fear."""
        m = self.model
        if self.status != FREE or m.random.random() >= m.denounce_p:
            return
        p = m.p
        if m.random.random() < p.grievance_share:
            target = self.contact()
        else:
            picks = [self.contact() for _ in range(p.candidates)]
            weights = [p.suspicion_weight if t.enemy else 1.0 for t in picks]
            target = m.random.choices(picks, weights=weights)[0]
        m.denunciations += 1
        if target.status == FREE:
            target.denounced += 1
            m.pool.add(target)


class TerrorCore(mesa.Model):
    """Denunciation, arrests by evidence and by limits, confessions naming others, sentencing."""

    def __init__(self, params: CoreParams | None = None, seed: int | None = None):
        super().__init__(seed=seed)
        self.p = p = params or CoreParams()
        self.region_size = p.n // p.n_regions
        self.people = [Person(self, i, self.random.random() < p.enemy_share,
                              self.random.random() < p.taint_share) for i in range(p.n)]
        self.pool: set[Person] = set()
        self.detained: list[Person] = []
        self.camp: list[Person] = []
        self.remaining = [round(p.limit_share * self.region_size)] * p.n_regions
        self.threat = 1.0
        self.last_arrests = 0
        self.week = 0
        self._reset_counts()
        self.datacollector = mesa.DataCollector(model_reporters={
            "denunciations": "denunciations", "arrests_innocent": "arrests_innocent",
            "arrests_guilty": "arrests_guilty", "confessions": "confessions",
            "executions": "executions", "camp_population": lambda m: len(m.camp),
            "threat": "threat"})

    def _reset_counts(self) -> None:
        self.denunciations = self.arrests_innocent = self.arrests_guilty = 0
        self.confessions = self.executions = 0

    def step(self) -> None:
        """One week, in the order of the specification."""
        p = self.p
        self._reset_counts()
        self.denounce_p = min(1.0, p.rate / 52 * (1 + p.fear_elasticity * self.last_arrests
                                                  * 52 / p.n))
        self.agents.shuffle_do("step")
        self.interrogate()
        self.pool = {a for a in self.pool if a.status == FREE}
        arrests = 0
        if p.op_start <= self.week < p.op_end:
            arrests += self.mass_operation()
        arrests += self.ordinary_arrests()
        self.camps()
        self.threat = min(p.threat_cap, 1 + p.threat_decay * (self.threat - 1)
                          + p.threat_per_plot * self.plots * 1e5 / p.n)
        self.last_arrests = arrests
        self.datacollector.collect(self)
        self.week += 1

    def top(self, cand: list[Person], k: int, floor: float) -> list[Person]:
        """Up to k candidates with the most evidence (>= floor), ties at random."""
        scored = [(-(a.evidence + 1e-3 * self.random.random()), a.index, a) for a in cand
                  if a.evidence >= floor]
        scored.sort()
        return [a for _, _, a in scored[:k]]

    def arrest(self, chosen: list[Person], procedure: int) -> int:
        for a in chosen:
            a.status, a.procedure = DETAINED, procedure
            self.detained.append(a)
            if a.enemy:
                self.arrests_guilty += 1
            else:
                self.arrests_innocent += 1
        return len(chosen)

    def mass_operation(self) -> int:
        p, n = self.p, 0
        for r in range(p.n_regions):
            left = self.remaining[r]
            if left <= 0:
                continue
            demand = min(math.ceil(left / max(1.0, (p.op_end - self.week) / p.zeal)), left)
            cand = [a for a in self.pool if a.region == r]
            cand += [a for a in self.people[r * self.region_size:(r + 1) * self.region_size]
                     if a.tainted and a.status == FREE and a not in self.pool]
            chosen = self.top(cand, demand, 0.0)
            self.remaining[r] -= len(chosen)
            n += self.arrest(chosen, MASS)
        return n

    def ordinary_arrests(self) -> int:
        p, n = self.p, 0
        bar = p.evidence_bar / self.threat
        for r in range(p.n_regions):
            cap = int(self.rng.poisson(p.capacity / 52 * self.region_size))
            if cap == 0:
                continue
            cand = [a for a in self.pool if a.region == r and a.status == FREE]
            n += self.arrest(self.top(cand, cap, bar), ORDINARY)
        return n

    def name_accomplice(self, a: Person) -> Person:
        start = a.block * self.p.block
        block = self.people[start:start + self.p.block]
        if a.enemy:
            enemies = [b for b in block if b.enemy and b is not a]
            if enemies:
                return self.random.choice(enemies)
        return self.random.choice([b for b in block if b is not a])

    def interrogate(self) -> None:
        p = self.p
        torture = self.week >= p.torture_from
        self.plots = 0
        for a in self.detained:
            if a.enemy:
                prob = p.torture_guilty if torture else p.confess_guilty
            else:
                prob = p.torture_innocent if torture else p.confess_innocent
            confessed = self.random.random() < prob
            if confessed:
                self.confessions += 1
                k = int(self.rng.poisson(p.names * (2.0 if torture else 1.0)))
                for _ in range(k):
                    t = self.name_accomplice(a)
                    if t.status == FREE:
                        t.named += 1
                        self.pool.add(t)
                if k > 0:
                    self.plots += 1
            if a.procedure == MASS:
                shot, freed = self.random.random() < p.shot_mass, False
            elif confessed:
                shot, freed = self.random.random() < p.shot_ordinary, False
            else:
                shot, freed = False, self.random.random() < p.release
            if shot:
                a.status = DEAD
                self.executions += 1
            elif freed:
                a.status, a.denounced, a.named = FREE, 0.0, 0.0
            else:
                a.status = CAMP
                self.camp.append(a)
        self.detained = []

    def camps(self) -> None:
        survivors = []
        for a in self.camp:
            if self.random.random() < self.p.camp_death:
                a.status = DEAD
            else:
                survivors.append(a)
        self.camp = survivors


def run_mesa_core(params: CoreParams | None = None, seed: int = 0) -> np.ndarray:
    """Weekly outputs [weeks, len(OUTPUTS)], as benchmarks.peers.terror_core.run_core."""
    model = TerrorCore(params, seed=seed)
    for _ in range(model.p.weeks):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    return frame[list(OUTPUTS)].to_numpy(dtype=np.float64)
