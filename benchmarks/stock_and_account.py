"""The stock of well-evidenced candidates at liberty, the ordinary bar and the ordinary organs'
capacity account, on the first week of each month from September 1937 to 1939, at two scales.

    python benchmarks/stock_and_account.py --seed 0 --scales 100 1000

Where the 1939-40 stock parts between the scales (docs/benchmarks.md, *Agreement between
1:1000 and 1:100*): the account sits at what it may owe while the operations run, so only the
operations take the best-evidenced, and the stocks part when Order 00447 winds down.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from multiprocessing import Pool
from pathlib import Path

from purgesim.model import security
from purgesim.model.population import FREE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int
from benchmarks.stepping import registry_run, weeks_until

START, END = dt.date(1937, 9, 1), dt.date(1939, 12, 31)
PER_100K = 1e5
THOUSAND = 1e3


def _rows(job: tuple[int, int, float]) -> tuple[int, list[tuple[str, float, float, float]]]:
    scale, seed, level = job
    sim, out = registry_run(scale, seed), []
    s = sim.state
    for day in weeks_until(sim, END):
        if day < START or day.day > 7:
            continue
        pool = s.pool.view
        pool = pool[s.pop.status[pool] == FREE]
        stock = float((security.evidence(s, pool) >= level).sum()) / s.pop.n * PER_100K
        out.append((f"{day:%Y-%m}", float(security.ordinary_bar(s)), stock,
                    float(s.capacity_ordinary[0]) * scale / THOUSAND))
    return scale, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scales", type=positive_int, nargs="+", default=[100, 1000])
    ap.add_argument("--evidence", type=float, default=2.9)
    args = ap.parse_args()
    with Pool(2) as pool:
        runs = dict(pool.map(_rows, [(sc, args.seed, args.evidence) for sc in args.scales]))
    print(f"per scale: ordinary bar / free candidates with evidence >= {args.evidence} per "
          "100,000 / ordinary capacity account (thousand persons), the registry, seed "
          f"{args.seed}")
    print(f"{'month':<9}" + "".join(f"{'1:' + str(sc):>26}" for sc in args.scales))
    for i, (month, *_) in enumerate(runs[args.scales[0]]):
        print(f"{month:<9}" + "".join(
            f"{runs[sc][i][1]:>8.2f} {runs[sc][i][2]:>7.1f} {runs[sc][i][3]:>9.1f}"
            for sc in args.scales))


if __name__ == "__main__":
    main()
