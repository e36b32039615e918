"""What conditioning on the war's end learned: the shipped war posterior's counts, and the war
parameters whose kept draws moved furthest from their priors' centres.

    python benchmarks/war_posterior_report.py            # the six that moved most
    python benchmarks/war_posterior_report.py --top 40   # every war parameter
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from purgesim.data.posterior import war_shipped
from purgesim.model.params import REGISTRY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

QUANTILES = (0.05, 0.5, 0.95)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=positive_int, default=6, help="How many parameters to list.")
    args = ap.parse_args()
    w = war_shipped()
    m = w.meta
    print(f"{m['kept']} of {m['candidates']} candidates kept, {m['collapsed']} collapsed: "
          f"{m['condition']}")
    rows = []
    for j, name in enumerate(w.names):
        prior = REGISTRY[name].prior
        lo, med, hi = np.quantile(w.samples[:, j], QUANTILES)
        centre = (med - prior.low) / (prior.high - prior.low)
        rows.append((abs(centre - 0.5), name, prior, lo, med, hi))
    print("| parameter | prior | kept median | kept 5–95% |\n|---|---|---:|---:|")
    for _, name, prior, lo, med, hi in sorted(rows, reverse=True)[:args.top]:
        print(f"| `{name}` | {prior} | {med:.3g} | {lo:.3g} – {hi:.3g} |")


if __name__ == "__main__":
    main()
