"""Mesa's own published example of Epstein's civil-violence model, run with the same parameters.

Uses `mesa.examples.advanced.epstein_civil_violence` as shipped with Mesa 3.3 (unchanged), and
reads the same counts as benchmarks.peers.epstein: citizens active, quiet and jailed per step.
"""

from __future__ import annotations

import numpy as np

from benchmarks.peers.epstein import CivilViolenceParams


def run_mesa(params: CivilViolenceParams, seed: int, steps: int) -> np.ndarray:
    """Counts [steps + 1, 3] (active, quiet, arrested) from Mesa's example model."""
    from mesa.examples.advanced.epstein_civil_violence.agents import CitizenState
    from mesa.examples.advanced.epstein_civil_violence.model import EpsteinCivilViolence

    model = EpsteinCivilViolence(
        width=params.width, height=params.height, citizen_density=params.citizen_density,
        cop_density=params.cop_density, citizen_vision=params.citizen_vision,
        cop_vision=params.cop_vision, legitimacy=params.legitimacy,
        max_jail_term=params.max_jail_term, active_threshold=params.active_threshold,
        arrest_prob_constant=params.arrest_prob_constant, movement=params.movement,
        max_iters=steps + 10, seed=seed)
    out = np.empty((steps + 1, 3), dtype=np.int64)

    def counts(t: int) -> None:
        out[t] = [getattr(model, s.name) for s in (CitizenState.ACTIVE, CitizenState.QUIET,
                                                   CitizenState.ARRESTED)]

    counts(0)
    for t in range(steps):
        model.step()
        counts(t + 1)
    return out
