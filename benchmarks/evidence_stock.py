"""Candidates waiting in the pool with much evidence, per 100,000 people, and Order 00447's
limits granted (thousand persons), every other month of 1937-1939, at two scales.

    python benchmarks/evidence_stock.py --seeds 4 --scales 100 1000 [--evidence 2.9]

At 1:1000 a region's weekly quota in Order 00447 is a fraction of an agent, so it arrests in
lumps; the best-ranked candidates wait longer between its arrests than at 1:100, and the
pool holds more of them per head. This is the stock from which the ordinary arrests after the
halt are made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from purgesim.model import security

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int
from benchmarks.stepping import registry_run, weeks_until

PER_100K = 1e5
THOUSAND = 1e3
END = dt.date(1939, 7, 1)


def _stock(job: tuple[int, int, float]) -> tuple[int, list[tuple[str, float, float]]]:
    scale, seed, level = job
    sim, out = registry_run(scale, seed), []
    s = sim.state
    for day in weeks_until(sim, END):
        if day.year >= 1937 and day.day <= 7 and day.month % 2 == 1:   # first week, odd months
            e = security.evidence(s, s.pool.view)
            limits = 0.0 if s.operation is None else float(s.operation.total.sum()) * scale
            out.append((f"{day:%Y-%m}", float((e >= level).sum()) / s.pop.n * PER_100K,
                        limits / THOUSAND))
    return scale, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=positive_int, default=4)
    ap.add_argument("--scales", type=positive_int, nargs="+", default=[100, 1000])
    ap.add_argument("--evidence", type=float, default=2.9)
    args = ap.parse_args()
    with Pool(2) as pool:
        runs = pool.map(_stock, [(sc, seed, args.evidence) for sc in args.scales
                                 for seed in range(args.seeds)])
    months = [row[0] for row in runs[0][1]]
    print(f"free candidates with evidence >= {args.evidence} per 100,000 people, and limits "
          f"granted (thousand persons); mean of {args.seeds} seeds")
    print("month    " + "".join(f"{'cand 1:' + str(sc):>12}" for sc in args.scales)
          + "".join(f"{'limits 1:' + str(sc):>14}" for sc in args.scales))

    def mean(i: int, col: int, sc: int) -> float:
        return float(np.mean([out[i][col] for sc2, out in runs if sc2 == sc]))

    for i, month in enumerate(months):
        print(f"{month}  " + "".join(f"{mean(i, 1, sc):12.1f}" for sc in args.scales)
              + "".join(f"{mean(i, 2, sc):14.0f}" for sc in args.scales))


if __name__ == "__main__":
    main()
