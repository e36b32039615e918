"""The shipped posterior and how runs use it: each seed takes its own draw, a set parameter
overrides the posterior for that parameter only, the modes are told apart in the hash and the
manifest, and the shipped file is what its sidecar says."""

import hashlib
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.data import posterior
from purgesim.experiments.calibrate import CALIBRATED
from purgesim.experiments.npe import Built, write
from purgesim.experiments.runs import run_scenario, save_run
from purgesim.model.params import REGISTRY, defaults
from purgesim.scenarios.scenario import COHERENCE_UNFITTED, load_scenario
from purgesim.storage.store import ResultsStore

NAMES = ("evidence_bar", "quota_zeal")


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A posterior of 64 distinct draws of two fitted parameters, in place of the shipped one."""
    rng = np.random.default_rng(7)
    samples = np.column_stack([rng.uniform(REGISTRY[n].prior.low, REGISTRY[n].prior.high, 64)
                               for n in NAMES])
    write(tmp_path / "post", Built(samples, NAMES, None, {"note": "test"}))
    monkeypatch.setattr(posterior, "FOLDER", tmp_path / "post")
    return posterior.load(tmp_path / "post")


def _params(sc, seed):
    config = sc.to_config(seed)
    return {n: getattr(config.params, n) for n in NAMES}


def test_each_seed_takes_its_own_draw_and_keeps_it(toy):
    sc = load_scenario()
    assert sc.params_from == "posterior"                      # the default
    picks = [_params(sc, seed) for seed in range(12)]
    assert picks == [toy.draw(seed) for seed in range(12)]
    assert picks[3] == _params(sc, 3)                          # the same seed, the same draw
    assert len({tuple(p.values()) for p in picks}) > 6         # seeds spread over the draws
    rows = {tuple(r) for r in toy.samples.tolist()}
    assert all(tuple(p.values()) in rows for p in picks)       # always a whole draw


def test_a_set_parameter_overrides_the_posterior_for_that_parameter_only(toy):
    sc = load_scenario().with_overrides(params={"quota_zeal": 2.5})
    for seed in range(5):
        got = _params(sc, seed)
        assert got == {"evidence_bar": toy.draw(seed)["evidence_bar"], "quota_zeal": 2.5}


def test_the_median_and_the_registry_modes(toy):
    med = _params(load_scenario().with_overrides(params_from="posterior-median"), 4)
    assert med == pytest.approx(dict(zip(NAMES, np.median(toy.samples, axis=0), strict=True)))
    reg = _params(load_scenario().with_overrides(params_from="registry"), 4)
    assert reg == {n: defaults()[n] for n in NAMES}


def test_the_hash_tells_the_modes_apart(toy):
    hashes = {load_scenario().with_overrides(params_from=m).content_hash()
              for m in posterior.PARAMS_MODES}
    assert len(hashes) == 3


def test_the_coherence_check_reads_no_fitted_parameter():
    assert not set(COHERENCE_UNFITTED) & set(CALIBRATED)


def test_a_stored_run_records_its_draw_and_only_the_users_overrides(toy, tmp_path):
    sc = load_scenario().with_overrides(scale=40_000, seed=5, params={"quota_zeal": 2.5})
    done = save_run(ResultsStore(tmp_path / "store"), run_scenario(sc))
    manifest = json.loads((done.path / "manifest.json").read_text())
    resolved = manifest["scenario_resolved"]
    assert resolved["params_from"] == "posterior"
    assert resolved["posterior"] == toy.digest
    assert resolved["params"]["evidence_bar"] == toy.draw(5)["evidence_bar"]
    assert manifest["overrides"] == {"quota_zeal": 2.5}


def test_a_bad_mode_is_one_line():
    res = CliRunner().invoke(app, ["run", "--params", "best"])
    assert res.exit_code == 2 and res.stderr.startswith("error: --params 'best'")
    assert res.stderr.count("\n") == 1


def test_the_shipped_posterior_is_what_its_sidecar_says():
    post = posterior.load(posterior.FOLDER)
    meta = post.meta
    path = posterior.FOLDER / posterior.SAMPLES
    assert hashlib.sha256(path.read_bytes()).hexdigest() == meta["sha256"]
    assert post.names == CALIBRATED and len(post.samples) == meta["draws"] >= 1000
    for j, name in enumerate(post.names):
        prior = REGISTRY[name].prior
        assert prior.low <= post.samples[:, j].min() <= post.samples[:, j].max() <= prior.high
    assert meta["bank"]["runs"] >= 1000 and meta["bank"]["scale"] == 1000
    assert {"torch", "sbi", "numpy"} <= set(meta["libraries"])
    assert len(meta["checks"]) == len(CALIBRATED)


def test_band_fit_counts_the_figures_the_band_holds():
    from purgesim.experiments.calibrate import band_fit, targets

    around = [{b: v + d for b, v in targets().items()} for d in np.linspace(-0.1, 0.1, 5)]
    inside, total, width = band_fit(around)
    assert (inside, total) == (50, 50) and 0.1 < width < 0.25
    above = [{b: v + 1 + d for b, v in targets().items()} for d in np.linspace(-0.1, 0.1, 5)]
    assert band_fit(above)[0] == 0
