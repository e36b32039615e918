"""When in the year the famine kills: deaths by quarter, 1930-1934, median over seeds.

    python benchmarks/famine_seasons.py --seeds 20 --scale 1000 --params registry
    python benchmarks/famine_seasons.py --seeds 20 --scale 1000 --set ration_foresight=1

The seeds are `fit_table.py`'s. The model's village rations against the part of the
procurement quota it can foresee (`ration_foresight`) until fixed deliveries from 1933 (ODD
§7.8); this shows where in the grain year that puts the deaths.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from purgesim.experiments.backend import derive_seeds
from purgesim.model.calendar import week_dates
from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import checked_overrides, name_value, positive_int

YEARS = range(1930, 1935)
QUARTERS = ("Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec")
MONTHS_PER_QUARTER = 3


def quarters(seed: int, scale: int, overrides: dict[str, float], params_from: str
             ) -> np.ndarray:
    """Famine deaths (persons: the series is already scaled) by year and quarter for one run:
    rows YEARS, columns QUARTERS."""
    sc = load_scenario("historical").with_overrides(seed=seed, scale=scale, params=overrides,
                                                    params_from=params_from)
    deaths = Simulation(sc.to_config(seed), seed).run().series("famine_deaths")
    out = np.zeros((len(YEARS), len(QUARTERS)))
    for day, dead in zip(week_dates(len(deaths)), deaths, strict=True):
        if day.year in YEARS:
            out[day.year - YEARS.start, (day.month - 1) // MONTHS_PER_QUARTER] += dead
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=positive_int, default=20)
    ap.add_argument("--scale", type=positive_int, default=1000)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    type=name_value, help="override a parameter (repeatable)")
    ap.add_argument("--params", default="posterior",
                    choices=("posterior", "posterior-median", "registry"))
    args = ap.parse_args(argv)
    overrides = checked_overrides(ap, args.set)
    runs = np.stack([quarters(s, args.scale, overrides, args.params)
                     for s in derive_seeds(0, args.seeds)])
    median = np.median(runs, axis=0)
    print(f"famine deaths by quarter, median of {args.seeds} seeds at 1:{args.scale} "
          f"(params: {args.params}{', ' if overrides else ''}"
          f"{', '.join(f'{k}={v:g}' for k, v in overrides.items())})")
    print(f"{'year':6s}" + "".join(f"{q:>12s}" for q in QUARTERS) + f"{'year':>12s}")
    for i, year in enumerate(YEARS):
        print(f"{year:<6d}" + "".join(f"{v:12,.0f}" for v in median[i])
              + f"{np.median(runs[:, i].sum(axis=1)):12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
