"""How much local coverage the *exact* posterior loses when the record sits at a prior's bound.

    python benchmarks/boundary_coverage.py

The recovery check of docs/calibration.md draws θ from the posterior of the record, simulates
a synthetic record at each and asks how often the refitted posterior's central 90% interval
holds θ. Averaged over the prior that is exactly 90% for an exact posterior; at posterior
draws it need not be, least of all where the posterior piles against a bound. This toy says
how much of a shortfall a bound alone makes: θ ~ U[0, 1], x ~ N(θ, σ), the record at or just
past the floor; the posterior is computed exactly on a grid. It prints the local coverage of
the central and the highest-density 90% intervals, and the coverage over the prior.
"""

from __future__ import annotations

import numpy as np

GRID = np.linspace(0.0, 1.0, 4001)
DRAWS = 2000
LEVEL = 0.9
TAIL = (1.0 - LEVEL) / 2.0
CASES = ((0.1, -0.05), (0.1, 0.02), (0.2, -0.1), (0.05, 0.0))
"""(σ, the record x_obs): the likelihood's width (prior widths) and where the record sits."""


def _posterior(x: float, sigma: float) -> np.ndarray:
    """The exact posterior on GRID (weights summing to one) of θ ~ U[0, 1], x ~ N(θ, σ)."""
    w = np.exp(-0.5 * ((x - GRID) / sigma) ** 2)
    return w / w.sum()


def _central(w: np.ndarray) -> tuple[float, float]:
    cdf = np.cumsum(w)
    return float(GRID[np.searchsorted(cdf, TAIL)]), float(GRID[np.searchsorted(cdf, 1 - TAIL)])


def _highest_density(w: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-w)
    keep = order[: np.searchsorted(np.cumsum(w[order]), LEVEL) + 1]
    return float(GRID[keep].min()), float(GRID[keep].max())


def _coverage(theta: np.ndarray, x: np.ndarray, sigma: float, interval) -> float:
    """Share of the (θ, x) pairs whose `interval` of the posterior given x holds θ."""
    held = 0
    for t, xi in zip(theta, x, strict=True):
        lo, hi = interval(_posterior(float(xi), sigma))
        held += lo <= t <= hi
    return held / theta.size


def main() -> None:
    rng = np.random.default_rng(0)
    print("sigma  x_obs   local central  local highest-density  over the prior (central)")
    for sigma, x_obs in CASES:
        cdf = np.cumsum(_posterior(x_obs, sigma))
        theta = GRID[np.minimum(np.searchsorted(cdf, rng.random(DRAWS)), GRID.size - 1)]
        x = rng.normal(theta, sigma)
        prior_theta = rng.random(DRAWS)
        prior_x = rng.normal(prior_theta, sigma)
        print(f"{sigma:5.2f} {x_obs:6.2f} {_coverage(theta, x, sigma, _central):14.2f}"
              f" {_coverage(theta, x, sigma, _highest_density):22.2f}"
              f" {_coverage(prior_theta, prior_x, sigma, _central):25.2f}")


if __name__ == "__main__":
    main()
