"""Peers at small sizes: purgesim's implementations against Mesa's, in distribution across seeds.

Full-size figures and speed ratios are in docs/benchmarks.md (python benchmarks/bench_peers.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.peers.epstein import CivilViolence, CivilViolenceParams, diamond, outbursts
from benchmarks.peers.equivalence import by_output, compare_samples
from benchmarks.peers.terror_core import CoreParams, run_core, summary

pytest.importorskip("mesa")

SEEDS = 10
SMALL_CORE = CoreParams(n=2000, block=20, weeks=520)
SMALL_GRID = CivilViolenceParams(width=20, height=20)
GRID_STEPS = 150


def _epstein_summary(counts: np.ndarray) -> dict[str, float]:
    return {"mean_active": float(counts[20:, 0].mean()),
            "mean_jailed": float(counts[20:, 2].mean()),
            "outbursts": float(outbursts(counts[:, 0], threshold=15))}


@pytest.fixture(scope="module")
def core_samples():
    from benchmarks.peers.terror_mesa import run_mesa_core

    ours = [summary(run_core(SMALL_CORE, seed)) for seed in range(SEEDS)]
    mesa = [summary(run_mesa_core(SMALL_CORE, seed=1000 + seed)) for seed in range(SEEDS)]
    return by_output(ours), by_output(mesa)


def test_terror_core_matches_mesa_in_distribution(core_samples):
    ours, mesa = core_samples
    checks = compare_samples(ours, mesa)
    assert {c.name for c in checks} >= {"arrests", "confessions", "executions", "denunciations"}
    assert all(c.same for c in checks), checks


def test_equivalence_check_detects_a_changed_rule(core_samples):
    """The test has power: a different confession rule is caught."""
    _, mesa = core_samples
    changed = CoreParams(**{**SMALL_CORE.__dict__, "torture_innocent": 0.3})
    other = by_output([summary(run_core(changed, seed)) for seed in range(SEEDS)])
    assert not all(c.same for c in compare_samples(other, mesa))


def test_terror_core_is_reproducible_and_conserves_people():
    a, b = run_core(SMALL_CORE, 5), run_core(SMALL_CORE, 5)
    assert np.array_equal(a, b)
    arrests = a[:, 1] + a[:, 2]
    assert a[:, 4].sum() + a[-1, 5] <= arrests.sum()  # the shot and the camp came from arrests
    assert (a[:, 5] >= 0).all() and a[:, 0].sum() > 0


def test_epstein_matches_mesa_example_in_distribution():
    from benchmarks.peers.epstein_mesa import run_mesa

    ours = by_output([_epstein_summary(CivilViolence(SMALL_GRID, s).run(GRID_STEPS))
                      for s in range(SEEDS)])
    mesa = by_output([_epstein_summary(run_mesa(SMALL_GRID, 1000 + s, GRID_STEPS))
                      for s in range(SEEDS)])
    checks = compare_samples(ours, mesa)
    assert {c.name for c in checks} >= {"mean_active", "mean_jailed"}
    assert all(c.same for c in checks), checks


def test_epstein_invariants():
    model = CivilViolence(SMALL_GRID, 3)
    n_citizens = int(model.citizens.sum())
    counts = model.run(50)
    assert (counts.sum(axis=1) == n_citizens).all()          # every citizen in one state
    assert np.count_nonzero(model.grid >= 0) == model.n_agents  # one agent per cell, none lost
    assert len(diamond(7)) == 112
    assert outbursts(np.array([0, 60, 70, 10, 55, 0]), 50) == 2


def test_epstein_legitimacy_lowers_rebellion():
    low = CivilViolence(CivilViolenceParams(width=20, height=20, legitimacy=0.5), 1).run(60)
    high = CivilViolence(CivilViolenceParams(width=20, height=20, legitimacy=0.95), 1).run(60)
    assert low[:, 0].mean() > high[:, 0].mean()
