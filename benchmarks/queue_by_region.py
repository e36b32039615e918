"""Where the well-evidenced candidates wait: each region's stock of them against the pace of its
Order 00447 arrests, at 1:100 and at 1:1000.

    python benchmarks/queue_by_region.py --day 1937-11-01 --seeds 4

On `--day`, counts the candidates at liberty in each region's pool with evidence of at least
`--evidence` (named in a confession and on file), and the region's Order 00447 arrests a week
over the 8 weeks before (agents); then sums the stock (persons) over regions grouped by that
pace. At 1:1000 most regions arrest less than an agent a week, and a candidate waits weeks
for the next arrest where at 1:100 it waits days (docs/benchmarks.md, agreement across scales).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from purgesim.model import security
from purgesim.model.calendar import week_of
from purgesim.model.outcomes import OPERATIONS
from purgesim.model.population import FREE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int
from benchmarks.stepping import registry_run, run_until

SCALES = (100, 1000)
WINDOW_WEEKS = 8
PACE_BINS = ((0.0, 0.5), (0.5, 1.0), (1.0, 3.0), (3.0, np.inf))
"""Order 00447 arrests a week (agents) by which the regions are grouped."""
ORDER_00447 = OPERATIONS.index("order_00447")


def _stock_and_pace(job: tuple[int, int, dt.date, float]) -> tuple[int, np.ndarray, np.ndarray]:
    """One run's stock of well-evidenced candidates (agents) and 00447 pace, per region."""
    scale, seed, day, level = job
    sim = run_until(registry_run(scale, seed), day)
    s, stop = sim.state, week_of(day)
    pool = s.pool.view
    held = pool[(security.evidence(s, pool) >= level) & (s.pop.status[pool] == FREE)]
    stock = np.bincount(s.pop.region[held], minlength=s.pop.n_regions)
    week, operation, region, _, persons = sim.result().breakdown("arrested")
    recent = (week >= stop - WINDOW_WEEKS) & (operation == ORDER_00447)
    pace = np.bincount(region[recent], weights=persons[recent], minlength=s.pop.n_regions)
    return scale, stock, pace / scale / WINDOW_WEEKS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--day", type=dt.date.fromisoformat, default=dt.date(1937, 11, 1))
    ap.add_argument("--seeds", type=positive_int, default=4)
    ap.add_argument("--evidence", type=float, default=2.9)
    args = ap.parse_args()
    with Pool(2) as pool:
        runs = pool.map(_stock_and_pace, [(scale, seed, args.day, args.evidence)
                                          for scale in SCALES for seed in range(args.seeds)])
    print(f"candidates with evidence >= {args.evidence} on {args.day}, by the region's Order "
          f"00447 pace over the {WINDOW_WEEKS} weeks before; mean of {args.seeds} seeds")
    print(f"{'scale':<8}{'pace, agents/week':<20}{'regions':>8}{'stock, persons':>16}")
    for scale in SCALES:
        stock = np.mean([st for s, st, _ in runs if s == scale], axis=0)
        pace = np.mean([p for s, _, p in runs if s == scale], axis=0)
        for lo, hi in PACE_BINS:
            at = (pace > 0) & (pace >= lo) & (pace < hi)
            print(f"1:{scale:<6}{f'[{lo:g}, {hi:g})':<20}{int(at.sum()):>8}"
                  f"{stock[at].sum() * scale:>16,.0f}")


if __name__ == "__main__":
    main()
