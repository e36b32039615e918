"""Sentences (or arrests) by operation and year, 1937-1940, at 1:1000 and at 1:100.

    python benchmarks/scale_by_operation.py --seeds 8 [--outcome arrested] [--set NAME=VALUE ...]

Runs the historical scenario on the registry's values at 1:100 and 1:1000 to the end of 1940
and prints the mean sentences (or another outcome broken down by operation: `--outcome`;
persons) of each operation in each year, and the ratio of the two scales. The scale table of
docs/benchmarks.md says that 1938-1940 differ; this says which operation carries the
difference, and `--set` shows what a parameter does to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from purgesim.model.outcomes import OPERATIONS
from purgesim.model.results import week_years

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import checked_overrides, name_value, positive_int
from benchmarks.stepping import registry_run, run_until

YEARS = range(1937, 1941)
SCALES = (100, 1000)
END = dt.date(1941, 1, 1)


def _by_operation(job: tuple[int, int, str, dict[str, float]]) -> tuple[int, np.ndarray]:
    """One run's `outcome` (persons) as [year, operation]."""
    scale, seed, outcome, overrides = job
    res = run_until(registry_run(scale, seed, overrides), END).result()
    week, operation, _, _, persons = res.breakdown(outcome)
    year = week_years(res.n_weeks)[week]
    table = np.zeros((len(YEARS), len(OPERATIONS)))
    for i, y in enumerate(YEARS):
        at = year == y
        table[i] = np.bincount(operation[at], weights=persons[at], minlength=len(OPERATIONS))
    return scale, table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=positive_int, default=8)
    ap.add_argument("--outcome", default="sentenced",
                    help="an outcome broken down by operation (sentenced, arrested, ...)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    type=name_value)
    args = ap.parse_args()
    overrides = checked_overrides(ap, args.set)
    with Pool(2) as pool:
        runs = pool.map(_by_operation, [(scale, seed, args.outcome, overrides) for scale in SCALES
                                     for seed in range(args.seeds)])
    mean = {scale: np.mean([t for s, t in runs if s == scale], axis=0) for scale in SCALES}
    used = np.flatnonzero((mean[SCALES[0]] + mean[SCALES[1]]).sum(axis=0) > 0)
    print(f"{args.outcome} by operation (persons; mean of {args.seeds} seeds, registry"
          + (f", {overrides}" if overrides else "") + ")")
    print(f"{'year':<6}{'operation':<20}{'1:100':>12}{'1:1000':>12}{'ratio':>8}")
    for i, y in enumerate(YEARS):
        for j in used:
            fine, coarse = mean[SCALES[0]][i, j], mean[SCALES[1]][i, j]
            if fine + coarse == 0:
                continue
            ratio = f"{coarse / fine:8.2f}" if fine > 0 else f"{'-':>8}"
            print(f"{y:<6}{OPERATIONS[j]:<20}{fine:12,.0f}{coarse:12,.0f}{ratio}")


if __name__ == "__main__":
    main()
