"""The gradual path's economy against history's, year by year, seed by seed: the figures the
published counterfactuals speak to (GDP, industry, agriculture, light industry; famine deaths),
so the model's gradual path can be placed against them (docs/calibration.md).

    python benchmarks/gradual_economy.py --seeds 20 --scale 1000

Each seed runs both scenarios on the same posterior draw and seed (as `purgesim compare`);
the ratio gradual / historical is taken seed by seed and given as median [5%, 95%].
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

YEARS = (1930, 1932, 1934, 1936, 1938, 1940)
SERIES = {
    "gdp": "GDP (bn 1990 int. $, the year's sum)",
    "output_heavy": "heavy industry (1928 = 1, the year's mean)",
    "output_light": "light industry (1928 = 1)",
    "output_agriculture": "agriculture (1928 = 1)",
}


def annual(scenario: str, seed: int, scale: int) -> tuple[dict[str, dict[int, float]], float]:
    """The SERIES by year for one run, and its famine deaths to the war date."""
    sc = load_scenario(scenario).with_overrides(seed=seed, scale=scale)
    table = Simulation(sc.to_config(seed), seed).run().annual((*SERIES, "famine_deaths"))
    by_year = {name: {y: float(table.loc[y, name]) for y in YEARS} for name in SERIES}
    return by_year, float(table["famine_deaths"].sum())


def band(values: list[float]) -> str:
    q = np.quantile(values, [0.5, 0.05, 0.95])
    return f"{q[0]:.3f} [{q[1]:.3f}, {q[2]:.3f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=positive_int, default=20)
    parser.add_argument("--scale", type=positive_int, default=1000)
    args = parser.parse_args()
    seeds = range(1, args.seeds + 1)
    hist, hist_famine = zip(*(annual("historical", s, args.scale) for s in seeds), strict=True)
    grad, grad_famine = zip(*(annual("gradual_path", s, args.scale) for s in seeds), strict=True)
    print(f"gradual_path / historical, seed by seed, {args.seeds} seeds at 1:{args.scale} "
          "(posterior draws): median [5%, 95%]\n")
    print("| series | " + " | ".join(str(y) for y in YEARS) + " |")
    print("|---|" + "---|" * len(YEARS))
    for name, label in SERIES.items():
        cells = [band([g[name][y] / h[name][y] for g, h in zip(grad, hist, strict=True)])
                 for y in YEARS]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"\nfamine deaths to the war date, historical: median {np.median(hist_famine):,.0f}; "
          f"gradual: median {np.median(grad_famine):,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
