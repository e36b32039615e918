"""The simulation bank: its design and seeds follow from its spec, it resumes without losing or
repeating a run (kill -9 included), and the same spec gives the same runs however batched."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from purgesim.experiments import bank
from purgesim.experiments.backend import Backend, derive_seeds
from purgesim.experiments.bank import BankSpec, design, fill, seeds, table
from purgesim.model.params import REGISTRY
from purgesim.scenarios.scenario import ScenarioError
from purgesim.storage.store import ResultsStore
from tests.conftest import kill_after_stored

SCALE = 40_000
NAMES = ("evidence_bar", "w_named", "denunciation_rate")


def _spec(n=4, master=3):
    return BankSpec(n=n, master=master, scale=SCALE, names=NAMES)


def test_the_design_follows_the_priors_and_the_master_seed():
    spec = BankSpec(n=64, master=5, scale=SCALE, names=NAMES)
    theta = design(spec)
    assert theta.shape == (64, 3)
    assert np.array_equal(theta, design(spec))                       # determined by the spec
    assert not np.array_equal(theta, design(BankSpec(n=64, master=6, scale=SCALE, names=NAMES)))
    for j, name in enumerate(NAMES):
        prior = REGISTRY[name].prior
        assert prior.low <= theta[:, j].min() and theta[:, j].max() <= prior.high
        # a Sobol design: every eighth of each prior's range holds eight of the 64 points
        bins = ((theta[:, j] - prior.low) / (prior.high - prior.low) * 8).astype(int)
        assert np.bincount(bins, minlength=8).tolist() == [8] * 8
    assert seeds(spec) == derive_seeds(5, 64) and len(set(seeds(spec))) == 64


def test_a_truncated_design_is_uniform_inside_its_box_and_has_its_own_id():
    edges = tuple((REGISTRY[n].prior.low + 0.1 * (REGISTRY[n].prior.high - REGISTRY[n].prior.low),
                   REGISTRY[n].prior.low + 0.3 * (REGISTRY[n].prior.high - REGISTRY[n].prior.low))
                  for n in NAMES)
    spec = BankSpec(n=64, master=5, scale=SCALE, names=NAMES, box=edges)
    spec.check()
    theta = design(spec)
    for j, (low, high) in enumerate(edges):
        assert low <= theta[:, j].min() and theta[:, j].max() <= high
        bins = ((theta[:, j] - low) / (high - low) * 8).astype(int)
        assert np.bincount(bins, minlength=8).tolist() == [8] * 8
    untruncated = BankSpec(n=64, master=5, scale=SCALE, names=NAMES)
    assert spec.bank_id != untruncated.bank_id
    assert spec.record()["box"] == [list(e) for e in edges]
    assert "box" not in untruncated.record()       # the ids of banks without a box stay
    with pytest.raises(ScenarioError, match="inside the prior"):
        BankSpec(n=2, names=NAMES[:1], box=((REGISTRY[NAMES[0]].prior.low - 1.0,
                                               REGISTRY[NAMES[0]].prior.high),)).check()
    with pytest.raises(ScenarioError, match="1 edges for 3"):
        BankSpec(n=2, names=NAMES, box=edges[:1]).check()


def test_a_bad_spec_is_refused_before_anything_runs():
    with pytest.raises(ScenarioError, match="no_such"):
        BankSpec(n=2, names=("no_such",)).check()
    with pytest.raises(ScenarioError, match="at least one run"):
        BankSpec(n=0, names=NAMES).check()


def test_a_bank_is_filled_once_and_the_same_however_batched(tmp_path):
    one, two = ResultsStore(tmp_path / "a"), ResultsStore(tmp_path / "b")
    assert fill(_spec(), one, Backend(1), batch=3) == 4
    assert fill(_spec(), one, Backend(1), batch=3) == 0               # nothing run again
    assert fill(_spec(), two, Backend(1), batch=1) == 4
    a, b = one.bank_results(_spec().bank_id), two.bank_results(_spec().bank_id)
    assert json.dumps(a) == json.dumps(b)                             # bit for bit
    assert [r["seed"] for r in a] == seeds(_spec())
    assert [[r["theta"][k] for k in NAMES] for r in a] == design(_spec()).tolist()
    df = table(one, _spec())
    assert len(df) == 4 and {"evidence_bar", "sentenced[0]", "steel[0]"} <= set(df.columns)


def test_a_bank_is_not_filled_further_by_another_version_of_the_model(tmp_path, monkeypatch):
    store, spec = ResultsStore(tmp_path), _spec(n=2)
    assert fill(spec, store, Backend(1)) == 2
    assert store.bank_spec(spec.bank_id)["model"] == bank.model_fingerprint()
    monkeypatch.setattr(bank, "model_fingerprint", lambda: "another0version")
    with pytest.raises(ScenarioError, match=r"another version of the model.*another --out"):
        fill(spec, store, Backend(1))
    assert len(store.bank_results(spec.bank_id)) == 2        # nothing added
    assert fill(spec, ResultsStore(tmp_path / "new"), Backend(1)) == 2


def test_the_model_fingerprint_follows_the_models_files():
    files = [p for pattern in bank.MODEL_FILES
             for p in (Path(bank.__file__).parent.parent).glob(pattern)]
    assert any(p.name == "security.py" for p in files) and any(p.suffix == ".csv" for p in files)
    assert len(bank.model_fingerprint()) == 16


def test_a_killed_bank_resumes_without_losing_or_repeating_a_run(tmp_path):
    cmd = [sys.executable, "-m", "purgesim.cli", "bank", "--n", "12", "--batch", "1", "--scale",
           str(SCALE), "--param", "evidence_bar", "--workers", "1", "--out", str(tmp_path)]
    env = {**os.environ, "COLUMNS": "200"}
    stored = kill_after_stored(cmd, env, at_least=3, total=12)
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    first = next(line for line in out.stdout.splitlines() if line.startswith("bank "))
    already = int(first.rsplit(";", 1)[1].split()[0])
    assert already >= stored
    added = sum(1 for line in out.stdout.splitlines() if line.startswith("stored "))
    assert already + added == 12  # nothing done twice, nothing missing
    rows = ResultsStore(tmp_path).query("SELECT count(*), count(DISTINCT idx) FROM bank_runs")
    assert rows[0] == (12, 12)


def test_the_screen_finds_a_figure_the_simulations_cannot_reach():
    from purgesim.experiments.bank import screen

    rng = np.random.default_rng(0)
    runs = [{"stats": {"a": [float(x), float(y)]}} for x, y in rng.normal(5.0, 0.1, (400, 2))]
    observed = {"a": np.array([5.0, 9.0])}                 # the first typical, the second not
    rows = screen(runs, observed, lambda block: ["first", "second"])
    assert [r.label for r in rows] == ["first", "second"]
    assert rows[0].reachable and 0.3 < rows[0].quantile < 0.7
    assert not rows[1].reachable and rows[1].quantile == 1.0
    assert rows[1].observed == pytest.approx(np.expm1(9.0))   # in the figure's own units


def test_a_hypothesis_bank_applies_it_and_has_its_own_id(tmp_path):
    plain = _spec(n=2)
    assert "hypothesis" not in plain.record()          # the ids of banks before this field
    quota = BankSpec(n=2, master=3, scale=SCALE, names=NAMES, hypothesis="quota_machine")
    assert quota.record()["hypothesis"] == "quota_machine" and quota.bank_id != plain.bank_id
    with pytest.raises(ScenarioError, match="no_such: not a hypothesis"):
        BankSpec(n=2, names=NAMES, hypothesis="no_such").check()
    store = ResultsStore(tmp_path / "s")
    fill(plain, store, Backend(1))
    fill(quota, store, Backend(1))
    a, b = table(store, plain), table(store, quota)
    assert a[list(NAMES)].equals(b[list(NAMES)])       # the same design and seeds ...
    stats = [c for c in a.columns if "[" in c]
    assert not np.allclose(a[stats].to_numpy(), b[stats].to_numpy())  # ... another model
