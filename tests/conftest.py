"""Shared fixtures: small, fast configurations of the real model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from purgesim.model.engine import Simulation, attach_institutions
from purgesim.model.events import ModelConfig
from purgesim.model.outcomes import Recorder
from purgesim.model.params import Params
from purgesim.model.population import build_population
from purgesim.model.state import State
from purgesim.scenarios.scenario import load_scenario

SMALL_SCALE = 20_000  # about 8,100 agents
SIGNIFICANCE = 1e-3
"""Level of the statistical tests of the mechanisms: seeds are fixed, so a test either passes or
not, and 1e-3 keeps a correct model from failing by bad luck when seeds or scales change."""


@pytest.fixture
def params() -> Params:
    return Params()


def fit_p_value(observed: np.ndarray, weights: np.ndarray, min_expected: float = 5.0) -> float:
    """Chi-square goodness of fit of counts by category against expected `weights` (any scale),
    categories expected below `min_expected` pooled into one, so the test stays valid."""
    from scipy.stats import chisquare

    observed = np.asarray(observed, dtype=np.float64)
    expected = observed.sum() * np.asarray(weights, dtype=np.float64) / np.sum(weights)
    small = expected < min_expected
    obs = np.append(observed[~small], observed[small].sum())
    exp = np.append(expected[~small], expected[small].sum())
    keep = exp > 0
    return float(chisquare(obs[keep], exp[keep]).pvalue)


def make_state(p: Params | dict | None = None, scale: int = SMALL_SCALE, seed: int = 0,
               weeks: int = 60) -> State:
    """A fresh state with a real synthetic population (`p`: Params, or overrides by name)."""
    p = p if isinstance(p, Params) else Params.from_dict(p or {})
    rng = np.random.default_rng(seed)
    pop = build_population(p, scale, rng)
    state = State(pop=pop, p=p, scale=scale, n_weeks=weeks, rec=Recorder(weeks),
                  threat=p.threat_initial, fear=np.zeros(pop.n_regions),
                  recent_arrests=np.zeros(pop.n_regions, dtype=np.int64))
    attach_institutions(state)
    return state


@pytest.fixture
def state() -> State:
    return make_state()


@pytest.fixture(scope="session")
def baseline_sim() -> Simulation:
    """The embedded historical baseline run at its default scale, seed 1 (about 2 s), on the
    registry's values: mechanism tests check the model at a fixed, known parameter point, not
    at whatever the shipped posterior draws (tests/test_posterior.py covers that path)."""
    sc = load_scenario().with_overrides(params_from="registry")
    sim = Simulation(sc.to_config(), sc.seed)
    sim.run()
    return sim


@pytest.fixture(scope="session")
def baseline_result(baseline_sim):
    """The outcomes of the baseline run."""
    return baseline_sim.result()


def historical_config(scale: int = SMALL_SCALE, weeks: int | None = None,
                      params: dict | None = None) -> ModelConfig:
    """The historical scenario at a small scale, optionally truncated or re-parameterised.

    The parameters go into the scenario (validated) before it is resolved to a configuration,
    so events whose size or share names a parameter (`size = "kirov_shock"`) follow them. On
    the registry's values, as `baseline_sim`."""
    cfg = load_scenario().with_overrides(scale=scale, params=params,
                                         params_from="registry").to_config()
    return replace(cfg, n_weeks=weeks or cfg.n_weeks)


def kill_after_stored(cmd: list[str], env: dict, at_least: int, total: int) -> int:
    """Start a resumable command (sweep, bank) that prints 'stored K/N' after each stored
    unit, kill -9 it once `at_least` are stored, and return how many were stored by then."""
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    stored = 0
    deadline = time.time() + 240
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("stored "):
            stored = int(line.split()[1].split("/")[0])
            if stored >= at_least:
                break
        assert time.time() < deadline
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert at_least <= stored < total
    return stored

