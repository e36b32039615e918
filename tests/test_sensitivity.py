import numpy as np
import pytest

from purgesim.experiments import sensitivity as sa
from purgesim.experiments.backend import Backend
from purgesim.model.params import REGISTRY
from purgesim.scenarios.scenario import load_scenario
from purgesim.storage.store import ResultsStore


def test_the_design_spans_the_priors():
    x = sa.design("morris", 4, ("w_taint", "evidence_bar"))
    assert x.shape == (4 * 3, 2)
    for j, n in enumerate(("w_taint", "evidence_bar")):
        lo, hi = REGISTRY[n].prior.low, REGISTRY[n].prior.high
        assert lo <= x[:, j].min() and x[:, j].max() <= hi
    assert sa.design("sobol", 8, ("w_taint", "evidence_bar")).shape == (8 * 4, 2)
    with pytest.raises(ValueError, match="sourced"):
        sa.problem(("population_1937",))


def test_morris_ranks_a_lever_that_matters_above_one_that_cannot(tmp_path):
    """blame_sabotage moves cadre arrests; a stronger evidence bar cannot raise them."""
    sc = load_scenario().with_overrides(scale=40_000)
    sens = sa.analyse("morris", 3, 1, ResultsStore(tmp_path), sc,
                      names=("blame_sabotage", "camp_term_years_ordinary"), backend=Backend(2))
    mu = dict(zip(sens.names, sens.indices["cadres_arrested"]["mu_star"], strict=True))
    assert mu["blame_sabotage"] > mu["camp_term_years_ordinary"]
    assert np.all(np.isfinite(sens.indices["steel_mt"]["mu_star"]))
    assert sa.figure(sens, tmp_path / "m.png").stat().st_size > 10_000


def test_the_war_screening_finds_the_enemy_and_runs_whole_number_factors(tmp_path):
    """Screening the war module (runs to 1946): Germany's effectiveness moves how deep the
    front goes far more than the share of wartime tribunal sentences that are death
    sentences; `surprise_weeks` counts weeks, so the design's values are rounded to run."""
    sc = load_scenario().with_overrides(scale=40_000, until=sa.WAR_UNTIL)
    names = ("german_effectiveness", "death_share_war", "surprise_weeks")
    sens = sa.analyse("morris", 2, 1, ResultsStore(tmp_path), sc, names=names,
                      backend=Backend(2), outputs=("front_depth_max",))
    mu = dict(zip(sens.names, sens.indices["front_depth_max"]["mu_star"], strict=True))
    assert mu["german_effectiveness"] > 10 * max(mu["death_share_war"], 1.0)
    assert sens.outputs == ("front_depth_max",)
    assert sa.figure(sens, tmp_path / "w.png").stat().st_size > 10_000
