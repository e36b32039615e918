"""Epstein's civil-violence model (PNAS 2002, "Model 1"), with purgesim's engine conventions.

Same rules as Mesa's published example (`mesa.examples.advanced.epstein_civil_violence`, Mesa
3.3), so the two can be checked against each other (benchmarks/peers/):

- a torus grid, one agent per cell; each cell holds a citizen, a cop or nothing, drawn with the
  given densities;
- a citizen has hardship H ~ U(0,1), risk aversion R ~ U(0,1), grievance G = H (1 - L);
- each step every agent acts once, in a fresh random order (asynchronous activation). A jailed
  citizen only serves a week of its term. Otherwise a citizen looks at the cells within `vision`
  (von Neumann, Manhattan distance), counts cops C and active citizens A (itself included),
  estimates P = 1 - exp(-k round(C / A)) (Python's round, half to even, as in Mesa), turns active
  if G - R P > threshold and quiet otherwise, and moves to a random empty cell in view;
- a cop picks a random active citizen in view, if any, and jails it for a term drawn uniformly
  from 0..J_max (the prisoner keeps its cell, as in Mesa's example); then moves the same way.

State is a set of flat arrays (kind, position, hardship, risk aversion, state, jail term), an
occupancy grid and a precomputed table of each cell's neighbourhood; the step is one compiled
loop over the shuffled agents. Random numbers come from a NumPy generator seeded with the run's
seed (three uniforms per agent per step, drawn in bulk), so a run is determined by parameters
and seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from purgesim.model.jit import compiled

CITIZEN, COP = 0, 1
QUIET, ACTIVE, ARRESTED = 0, 1, 2


@dataclass(frozen=True)
class CivilViolenceParams:
    """Parameters, named as in Mesa's example; defaults are NetLogo's Rebellion defaults."""

    width: int = 40
    height: int = 40
    citizen_density: float = 0.7
    cop_density: float = 0.04
    citizen_vision: int = 7
    cop_vision: int = 7
    legitimacy: float = 0.82
    max_jail_term: int = 30
    active_threshold: float = 0.1
    arrest_prob_constant: float = 2.3
    movement: bool = True

    def __post_init__(self):
        if self.citizen_density + self.cop_density > 1:
            raise ValueError("citizen_density + cop_density must not exceed 1")
        if min(self.width, self.height) <= 2 * max(self.citizen_vision, self.cop_vision):
            raise ValueError("the grid must be wider than twice the vision (torus overlap)")


def diamond(radius: int) -> np.ndarray:
    """Offsets (dx, dy) within Manhattan distance `radius`, the centre excluded."""
    return np.array([(dx, dy) for dx in range(-radius, radius + 1)
                     for dy in range(-radius, radius + 1)
                     if 0 < abs(dx) + abs(dy) <= radius], dtype=np.int64)


def neighbour_table(width: int, height: int, radius: int) -> np.ndarray:
    """For each cell, the cells within `radius` on the torus: [cells, len(diamond)] int32."""
    offs = diamond(radius)
    cells = np.arange(width * height)
    x, y = cells % width, cells // width
    nx = (x[:, None] + offs[None, :, 0]) % width
    ny = (y[:, None] + offs[None, :, 1]) % height
    return (ny * width + nx).astype(np.int32)


@compiled
def _step(order, kind, pos, grievance, risk, state, jail, grid, nbr_cit, nbr_cop, threshold,
          k, max_jail, movement, u):
    n_cells = grid.size
    empties = np.empty(n_cells, dtype=np.int64)
    actives = np.empty(n_cells, dtype=np.int64)
    for j in range(order.size):
        a = order[j]
        if kind[a] == CITIZEN and jail[a] > 0:
            jail[a] -= 1
            continue
        nbr = nbr_cit if kind[a] == CITIZEN else nbr_cop
        here = pos[a]
        n_empty = 0
        n_active = 0
        cops = 0
        for i in range(nbr.shape[1]):
            c = nbr[here, i]
            b = grid[c]
            if b < 0:
                empties[n_empty] = c
                n_empty += 1
            elif kind[b] == COP:
                cops += 1
            elif state[b] == ACTIVE:
                actives[n_active] = b
                n_active += 1
        if kind[a] == CITIZEN:
            ratio = np.rint(cops / (n_active + 1.0))
            p = 1.0 - np.exp(-k * ratio)
            state[a] = ACTIVE if grievance[a] - risk[a] * p > threshold else QUIET
        elif n_active > 0:
            b = actives[int(u[j, 1] * n_active)]
            jail[b] = int(u[j, 2] * (max_jail + 1))
            state[b] = ARRESTED
        if movement and n_empty > 0:
            c = empties[int(u[j, 0] * n_empty)]
            grid[pos[a]] = -1
            grid[c] = a
            pos[a] = c


class CivilViolence:
    """A run: `CivilViolence(params, seed).run(steps)` gives counts of active, quiet, jailed."""

    def __init__(self, params: CivilViolenceParams | None = None, seed: int = 0):
        self.p = params or CivilViolenceParams()
        self.rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
        p, rng = self.p, self.rng
        n_cells = p.width * p.height
        draw = rng.random(n_cells)
        kinds = np.where(draw < p.citizen_density, CITIZEN,
                         np.where(draw < p.citizen_density + p.cop_density, COP, -1))
        self.pos = np.flatnonzero(kinds >= 0).astype(np.int64)
        self.kind = kinds[self.pos].astype(np.int8)
        n = self.pos.size
        hardship, self.risk = rng.random(n), rng.random(n)
        self.grievance = hardship * (1.0 - p.legitimacy)
        self.state = np.full(n, QUIET, dtype=np.int8)
        self.jail = np.zeros(n, dtype=np.int64)
        self.grid = np.full(n_cells, -1, dtype=np.int64)
        self.grid[self.pos] = np.arange(n)
        self._nbr = (neighbour_table(p.width, p.height, p.citizen_vision),
                     neighbour_table(p.width, p.height, p.cop_vision))
        self.citizens = self.kind == CITIZEN

    @property
    def n_agents(self) -> int:
        """Citizens and cops."""
        return self.pos.size

    def counts(self) -> tuple[int, int, int]:
        """Citizens active, quiet and jailed (state ARRESTED, as Mesa counts them)."""
        s = self.state[self.citizens]
        return (int(np.count_nonzero(s == ACTIVE)), int(np.count_nonzero(s == QUIET)),
                int(np.count_nonzero(s == ARRESTED)))

    def step(self) -> None:
        """Every agent acts once, in a fresh random order."""
        p = self.p
        order = self.rng.permutation(self.n_agents)
        u = self.rng.random((self.n_agents, 3))
        _step(order, self.kind, self.pos, self.grievance, self.risk, self.state, self.jail,
              self.grid, self._nbr[0], self._nbr[1], p.active_threshold,
              p.arrest_prob_constant, p.max_jail_term, p.movement, u)

    def run(self, steps: int) -> np.ndarray:
        """Counts after the set-up and after each step: array [steps + 1, 3]."""
        out = np.empty((steps + 1, 3), dtype=np.int64)
        out[0] = self.counts()
        for t in range(steps):
            self.step()
            out[t + 1] = self.counts()
        return out


def outbursts(active: np.ndarray, threshold: int = 50) -> int:
    """Episodes in which the number of active citizens rises to `threshold` or more."""
    above = np.asarray(active) >= threshold
    return int(above[0]) + int(np.count_nonzero(above[1:] & ~above[:-1]))
