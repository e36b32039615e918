"""Who the baseline shoots in 1937-38: party status at arrest, in the country and in one
region, and the operation under which they were arrested; with the party's size for scale.

    python benchmarks/who_is_shot.py --seeds 6 --scale 1000 [--region MOSCOW]

Breakdowns are those recorded with every sentence (operation, region, party status at arrest);
shares are of all shot in 1937-1938 over the seeds, pooled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from purgesim.data import REGION_CODES
from purgesim.model.calendar import week_of
from purgesim.model.engine import Simulation
from purgesim.model.outcomes import OPERATIONS, PARTY_STATUS
from purgesim.model.results import week_years
from purgesim.scenarios.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

YEARS = (1937, 1938)
MID_1937 = dt.date(1937, 7, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=positive_int, default=6)
    ap.add_argument("--scale", type=positive_int, default=1000)
    ap.add_argument("--region", default="MOSCOW", choices=REGION_CODES)
    args = ap.parse_args()
    sc = load_scenario("historical").with_overrides(scale=args.scale)
    frames, party, people = [], [], []
    for seed in range(args.seeds):
        r = Simulation(sc.to_config(seed), seed).run()
        week, op, region, status, persons = r.breakdown("shot")[:5]
        frames.append(pd.DataFrame({
            "year": week_years(r.n_weeks)[week], "operation": np.array(OPERATIONS)[op],
            "region": np.array(REGION_CODES)[region], "party": np.array(PARTY_STATUS)[status],
            "persons": persons}))
        party.append(r.series("party_members")[week_of(MID_1937)])
        people.append(r.n_agents * args.scale)
    shot = pd.concat(frames)
    shot = shot[shot.year.isin(YEARS)]

    def shares(rows: pd.DataFrame, by: str) -> str:
        s = rows.groupby(by).persons.sum()
        return ", ".join(f"{k} {v:.1%}" for k, v in (s / s.sum()).sort_values().items())

    print(f"shot {YEARS[0]}-{YEARS[1]}, {args.seeds} seeds at 1:{args.scale}")
    print("party status at arrest:", shares(shot, "party"))
    print(f"party status at arrest, {args.region}:",
          shares(shot[shot.region == args.region], "party"))
    print("operation:", shares(shot, "operation"))
    print(f"party members in mid-1937: {np.mean(party):,.0f} "
          f"({np.mean(party) / np.mean(people):.1%} of the population)")


if __name__ == "__main__":
    main()
