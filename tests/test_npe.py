"""The posterior's build: the fit's parameter space, the validation statistics, and a rebuild
from the same stored bank that reproduces the posterior file bit for bit."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.data.posterior import SAMPLES, SIDECAR, load
from purgesim.experiments.npe import (
    box,
    box_volume,
    from_unbounded,
    inside,
    to_unbounded,
    validate,
)
from purgesim.model.params import REGISTRY

NAMES = ("evidence_bar", "quota_zeal")


def test_the_fit_space_maps_the_prior_range_onto_the_real_line_and_back():
    lo = np.array([REGISTRY[n].prior.low for n in NAMES])
    hi = np.array([REGISTRY[n].prior.high for n in NAMES])
    theta = lo + (hi - lo) * np.random.default_rng(1).uniform(0.01, 0.99, (100, 2))
    assert np.allclose(from_unbounded(to_unbounded(theta, NAMES), NAMES), theta)
    far = from_unbounded(np.array([[-40.0, 40.0]]), NAMES)
    assert lo[0] <= far[0, 0] and far[0, 1] <= hi[1]           # never outside the prior


def _toy(overconfident: float):
    """Draws for 400 held-out runs from a Gaussian model whose exact posterior is known:
    θ ~ U(prior), x = θ + noise; the posterior (flat prior, away from the edges) is N(x, σ²).
    `overconfident` shrinks the reported spread."""
    rng = np.random.default_rng(3)
    lo = np.array([REGISTRY[n].prior.low for n in NAMES])
    hi = np.array([REGISTRY[n].prior.high for n in NAMES])
    sigma = (hi - lo) / 40
    truth = lo + (hi - lo) * rng.uniform(0.2, 0.8, (400, 2))
    x = truth + rng.normal(0, 1, truth.shape) * sigma
    draws = x[:, None, :] + rng.normal(0, 1, (400, 300, 2)) * sigma * overconfident
    return draws, truth


def test_a_calibrated_posterior_covers_and_an_overconfident_one_does_not():
    good = validate(*_toy(1.0), NAMES)
    bad = validate(*_toy(0.3), NAMES)
    for g, b in zip(good, bad, strict=True):
        assert 0.85 <= g.coverage90 <= 0.95 and g.sbc_p > 0.001
        assert b.coverage90 < 0.5 and b.sbc_p < 0.001
        assert abs(g.bias) < 0.01 and g.rmse < 0.05 and g.contraction > 0.9
        assert sum(g.ranks) == 400


def test_a_rebuild_from_the_same_bank_is_bit_identical(tmp_path):
    pytest.importorskip("sbi")
    runner = CliRunner()
    bank = ["--n", "48", "--scale", "100000", "--out", str(tmp_path / "store")]
    res = runner.invoke(app, ["bank", *bank, "--workers", "1"])
    assert res.exit_code == 0, res.output

    def build(folder: str, seed: int) -> bytes:
        res = runner.invoke(app, ["posterior", *bank, "--held-out", "8", "--ensemble", "2",
                                  "--drop", "steel", "--drop", "party[0]",
                                  "--samples", "300", "--recovery", "2", "--workers", "1",
                                  "--seed", str(seed), "--to", str(tmp_path / folder)])
        assert res.exit_code == 0, res.output
        return (tmp_path / folder / SAMPLES).read_bytes()

    first, again, other = build("a", 0), build("b", 0), build("c", 1)
    assert first == again                      # same bank, same seed: the same bytes
    assert first != other                      # a test that could fail: the seed matters
    meta = json.loads((tmp_path / "a" / SIDECAR).read_text())
    assert meta["bank"]["runs"] == 48 and meta["runs_held_out"] == 8
    assert {"steel[0]", "steel[12]", "party[0]"} <= set(meta["fit"]["dropped"])
    assert meta["statistics"] <= 50 - 14
    assert len(meta["recovery"]) == len(meta["names"]) and meta["draws"] == 300
    res = runner.invoke(app, ["posterior", *bank, "--runs", "60", "--to", str(tmp_path / "d")])
    assert res.exit_code == 2 and "--runs 60" in res.stderr and "48 of its first 60" in res.stderr
    post = load(tmp_path / "a")
    assert post.samples.shape == (300, len(meta["names"]))

    # the second round of truncated sequential NPE: a bank inside the box around the first
    # posterior, and a posterior trained on it with the first bank's runs inside the box
    second = ["--n", "24", "--master", "2", "--truncate-to", str(tmp_path / "a")]
    res = runner.invoke(app, ["bank", *bank[2:], *second, "--workers", "1"])
    assert res.exit_code == 0 and "truncated to a box" in res.output, res.output

    def round2(folder: str) -> bytes:
        res = runner.invoke(app, ["posterior", *bank, "--held-out", "8", "--ensemble", "2",
                                  "--drop", "steel", "--drop", "party[0]", "--samples", "300",
                                  "--recovery", "0", "--workers", "1",
                                  "--truncate-to", str(tmp_path / "a"), "--truncated-n", "24",
                                  "--to", str(tmp_path / folder)])
        assert res.exit_code == 0, res.output
        return (tmp_path / folder / SAMPLES).read_bytes()

    assert round2("e") == round2("f")
    meta2 = json.loads((tmp_path / "e" / SIDECAR).read_text())
    truncated = meta2["bank"]["truncated"]
    assert truncated["runs"] == 24 and len(truncated["box"]) == len(meta["names"])
    assert meta2["fit"]["dropped"] == meta["fit"]["dropped"]   # the first round's statistics
    trained = meta2["runs_trained"] + meta2["runs_held_out"]
    assert trained == meta2["bank"]["runs_inside_box"] + 24
    res = runner.invoke(app, ["posterior", *bank, "--truncate-to", str(tmp_path / "a"),
                              "--truncated-n", "30", "--to", str(tmp_path / "g")])
    assert res.exit_code == 2 and "holds 0 of 30 runs" in res.stderr   # n is in a bank's id


def test_the_truncation_box_holds_the_draws_with_a_margin_inside_the_prior():
    lo = np.array([REGISTRY[n].prior.low for n in NAMES])
    hi = np.array([REGISTRY[n].prior.high for n in NAMES])
    unit = np.random.default_rng(2).uniform([0.4, 0.0], [0.6, 0.1], (4000, 2))
    unit[0] = [0.99, 0.99]                      # one far-flung draw does not stretch the box
    draws = lo + (hi - lo) * unit
    edges = box(draws, NAMES)
    (a0, b0), (a1, b1) = (np.array(edges) - lo[:, None]) / (hi - lo)[:, None]
    assert 0.34 < a0 < 0.36 and 0.64 < b0 < 0.66          # 0.4-0.6, a quarter wider each side
    assert a1 == 0.0 and 0.12 < b1 < 0.13                 # clipped to the prior
    assert inside(draws, edges).mean() > 0.99 and not inside(draws[:1], edges).any()
    assert np.isclose(box_volume(edges, NAMES), (b0 - a0) * (b1 - a1))


def test_the_screen_drops_what_the_bank_cannot_reach_and_flags_a_joint_outlier():
    from purgesim.experiments.npe import joint_outlier_quantile, unreachable

    rng = np.random.default_rng(5)
    x = rng.normal(size=(2000, 3)) @ np.array([[1, 0.9, 0], [0, 0.4, 0], [0, 0, 1]])
    labels = ("a[0]", "a[1]", "b[0]")
    assert unreachable(x, labels, np.array([0.0, 0.0, 0.0])) == ()
    assert unreachable(x, labels, np.array([0.0, 0.0, 9.0])) == ("b[0]",)
    assert joint_outlier_quantile(x, np.zeros(3)) < 0.05
    # each coordinate alone is ordinary, but a[0] high with a[1] low breaks their correlation
    odd = np.array([1.5, -1.5, 0.0])
    assert unreachable(x, labels, odd) == () and joint_outlier_quantile(x, odd) > 0.99


def test_the_discrepancy_term_widens_only_its_block_and_is_seeded():
    from purgesim.experiments.npe import FitSpec, with_discrepancy

    x = np.zeros((500, 3))
    labels = ("steel[0]", "steel[1]", "camps[0]")
    spec = FitSpec(seed=2, discrepancy=(("steel", 0.1),))
    noisy = with_discrepancy(x, labels, spec)
    assert np.allclose(noisy[:, :2].std(axis=0), 0.1, rtol=0.15)
    assert np.array_equal(noisy[:, 2], x[:, 2])
    assert np.array_equal(noisy, with_discrepancy(x, labels, spec))
    assert with_discrepancy(x, labels, FitSpec()) is x
