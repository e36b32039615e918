"""How many of the regions running Order 00447 share the small regions' queue, at each scale.

    python benchmarks/pooled_regions.py --seeds 4 --scales 1 10 100 1000

A region whose pace (its limit left over the weeks left, at most its capacity account) is
below `security.POOLED_PACE` agents a week is ranked together with the others like it
(docs/ODD.md §7.4). The device is meant for coarse scales; this says how often it acts at each,
on the first week of every other month of the operation (the registry's values).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from purgesim.model import security
from purgesim.model.state import OP_00447

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int
from benchmarks.stepping import registry_run, weeks_until

START, END = dt.date(1937, 8, 1), dt.date(1938, 11, 17)
"""The operation's months: from its start to the halt."""


def _count(job: tuple[int, int]) -> tuple[int, list[tuple[str, int, int]]]:
    scale, seed = job
    sim, out = registry_run(scale, seed), []
    s = sim.state
    for day in weeks_until(sim, END):
        if s.operation is None or day < START or day.day > 7 or day.month % 2 == 0:
            continue
        pending = s.detainees.pending_by(s.pop.region, OP_00447, s.pop.n_regions)
        regions, _, pace = security.operation_paces(s, s.capacity_mass, pending)
        out.append((f"{day:%Y-%m}", int(regions.size),
                    int(np.count_nonzero(pace < security.POOLED_PACE))))
    return scale, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=positive_int, default=4)
    ap.add_argument("--scales", type=positive_int, nargs="+", default=[100, 1000])
    args = ap.parse_args()
    with Pool(2) as pool:
        runs = pool.map(_count, [(sc, seed) for sc in args.scales for seed in range(args.seeds)])
    months = [row[0] for row in runs[0][1]]
    print("regions running Order 00447 with limit left / of them pooled (mean of "
          f"{args.seeds} seeds, the registry)")
    print(f"{'month':<9}" + "".join(f"{'1:' + str(sc):>16}" for sc in args.scales))
    for i, month in enumerate(months):
        cells = []
        for sc in args.scales:
            rows = [out[i] for scale, out in runs if scale == sc and i < len(out)]
            running = np.mean([r[1] for r in rows])
            pooled = np.mean([r[2] for r in rows])
            cells.append(f"{running:>9.1f} / {pooled:>4.1f}")
        print(f"{month:<9}" + "".join(cells))


if __name__ == "__main__":
    main()
