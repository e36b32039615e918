"""How many of the war's excess deaths become dead agents: with the redraw of `war.bury` and
without it (one round: a draw that lands on an agent no longer at liberty is dropped).

    python benchmarks/war_burial.py --seeds 3 --scale 20000

Runs the historical scenario on the registry's values through the war to June 1950 and prints,
per seed, the agents who died in the war over the excess deaths (both in persons).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from purgesim.model import war
from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

UNTIL = dt.date(1950, 6, 1)


def share_buried(seed: int, scale: int, rounds: int) -> float:
    """Dead agents over excess deaths, for one seed, with `rounds` rounds of redrawing."""
    war.REDRAW_ROUNDS = rounds
    sc = load_scenario("historical").with_overrides(scale=scale, params_from="registry",
                                                    until=UNTIL)
    result = Simulation(sc.to_config(seed), seed).run()
    return float(result.series("war_deaths").sum() / result.series("excess_deaths").sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=positive_int, default=3)
    ap.add_argument("--scale", type=positive_int, default=20000)
    args = ap.parse_args()
    shipped = war.REDRAW_ROUNDS
    print(f"{'seed':>4} {'redraw (' + str(shipped) + ' rounds)':>22} {'no redraw':>10}")
    for seed in range(1, args.seeds + 1):
        print(f"{seed:>4} {share_buried(seed, args.scale, shipped):>22.3f} "
              f"{share_buried(seed, args.scale, 1):>10.3f}")


if __name__ == "__main__":
    main()
