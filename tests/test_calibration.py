"""ABC-SMC calibration with a small budget: local processes, a Dask local cluster, resume."""

import numpy as np
import pytest

from purgesim.experiments import calibrate as cal
from purgesim.model.params import REGISTRY
from purgesim.scenarios.scenario import load_scenario

SCALE = 40_000


@pytest.fixture(scope="module")
def small():
    return load_scenario().with_overrides(scale=SCALE)


def _check(post):
    assert post.simulations >= 8 and post.generations >= 1 and post.ess > 0
    for name, s in post.summary().items():
        lo, hi = REGISTRY[name].prior.low, REGISTRY[name].prior.high
        assert lo <= s["q05"] <= s["q50"] <= s["q95"] <= hi


def test_summaries_match_the_targets_in_shape(small):
    from purgesim.model.engine import Simulation

    result = Simulation(small.to_config(), 1).run()
    sims, obs = cal.summaries(result), cal.targets()
    assert sims.keys() == obs.keys()
    assert all(sims[k].shape == obs[k].shape for k in obs)
    assert all(np.all(np.isfinite(sims[k])) for k in obs)


def test_calibration_on_local_processes_then_resumes(tmp_path, small):
    db = tmp_path / "abc.db"
    post = cal.calibrate(8, db, small, population_size=4, workers=2)
    _check(post)
    again = cal.calibrate(8, db, small, population_size=4, workers=2)
    assert again.simulations == post.simulations  # budget spent: nothing rerun
    more = cal.calibrate(post.simulations + 4, db, small, population_size=4, workers=2)
    assert more.generations > post.generations and more.simulations > post.simulations


def test_calibration_on_a_dask_local_cluster(tmp_path, small):
    post = cal.calibrate(8, tmp_path / "abc.db", small, population_size=4, workers=1, dask=True)
    _check(post)


def test_posterior_predictive_covers_fitted_and_held_back(tmp_path, small):
    post = cal.calibrate(8, tmp_path / "abc.db", small, population_size=4, workers=1)
    fitted, held = cal.posterior_predictive(post, 2, small)
    fit_rows, held_rows = cal.predictive_table(fitted, held)
    assert len(fit_rows) == sum(v.size for v in cal.targets().values())
    assert len(held_rows) == len(cal.HELD_BACK_NOTE)
    assert cal.predictive_figure(fitted, tmp_path / "p.png").stat().st_size > 10_000
