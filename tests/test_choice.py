"""Model comparison by a classifier ensemble on simulation banks: it finds a hypothesis the
statistics separate, stays undecided where they do not, is calibrated on held-out runs, and
is determined by its seed."""

import numpy as np
import pytest

pytest.importorskip("torch")

from purgesim.experiments.choice import ChoiceSpec, calibration_error, compare, fit_temperature

SPEC = ChoiceSpec(ensemble=2, max_epochs=60, patience=8, batch=64)


def _banks(shift: float, n: int = 400, d: int = 3, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"a": rng.normal(size=(n, d)), "b": rng.normal(size=(n, d)) + shift}


def test_separated_hypotheses_are_told_apart():
    banks = _banks(3.0)
    ch = compare(banks, np.full(3, 3.0), SPEC)          # the record sits on b's centre
    assert ch.probabilities["b"] > 0.95 and abs(sum(ch.probabilities.values()) - 1) < 1e-6
    assert ch.accuracy > 0.9 and ch.ece < 0.1
    assert np.sum(ch.confusion) == ch.held_out == 160
    assert ch.outlier_quantiles["b"] < ch.outlier_quantiles["a"]
    lo, hi = ch.spread["b"]
    assert lo <= ch.probabilities["b"] <= hi


def test_the_same_statistics_leave_it_undecided():
    ch = compare(_banks(0.0), np.zeros(3), SPEC)
    assert 0.3 < ch.probabilities["a"] < 0.7
    assert ch.accuracy < 0.62                            # chance is 0.5


def test_a_comparison_is_determined_by_its_seed():
    banks = _banks(1.0)
    one, two = compare(banks, np.ones(3), SPEC), compare(banks, np.ones(3), SPEC)
    assert one.probabilities == two.probabilities and one.confusion == two.confusion
    other = compare(banks, np.ones(3), ChoiceSpec(**{**SPEC.__dict__, "seed": 1}))
    assert other.probabilities != one.probabilities


def test_calibration_error_separates_honest_from_overconfident():
    rng = np.random.default_rng(0)
    p1 = rng.uniform(0.5, 1.0, size=20_000)
    y = (rng.uniform(size=p1.size) > p1).astype(int)     # class 0 with probability p1
    honest = np.column_stack([p1, 1 - p1])
    sure = np.column_stack([np.full(p1.size, 0.99), np.full(p1.size, 0.01)])
    assert calibration_error(honest, y) < 0.02
    assert calibration_error(sure, y) > 0.2


def test_the_temperature_tames_an_overconfident_ensemble():
    import torch

    rng = np.random.default_rng(1)
    x = rng.normal(size=(4000, 1))
    y = (rng.uniform(size=4000) < 1 / (1 + np.exp(-x[:, 0]))).astype(int)   # true logit: x
    net = torch.nn.Linear(1, 2)
    with torch.no_grad():                        # a logit difference of 5x: five times too sure
        net.weight[:] = torch.tensor([[-2.5], [2.5]])
        net.bias.zero_()
    assert 4.0 < fit_temperature([net], x, y) < 6.5
