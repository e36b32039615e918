"""Do two scales give the same means? Compare two `fit_table.py --json` files figure by figure.

    python benchmarks/fit_table.py --seeds 20 --scale 1000 --json a.json
    python benchmarks/fit_table.py --seeds 20 --scale 100 --json b.json
    python benchmarks/compare_scales.py a.json b.json

Prints each fitted figure's mean at both scales, the difference in standard errors of the
difference (seed noise), and how many differ by more than 3.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

LIMIT_SE = 3.0
"""A difference beyond this many standard errors is more than seed noise."""


def main(argv: list[str]) -> int:
    a, b = (json.loads(Path(p).read_text()) for p in argv[:2])
    scales = [f"1:{x['scale']}" for x in (a, b)]
    print(f"{'series':24s} {'period':10s} {scales[0]:>12s} {scales[1]:>12s} {'diff/se':>8s}")
    beyond = 0
    for ra, rb in zip(a["rows"], b["rows"], strict=True):
        se = float(np.hypot(ra["se"], rb["se"]))
        z = (ra["mean"] - rb["mean"]) / se if se > 0 else 0.0
        beyond += abs(z) > LIMIT_SE
        print(f"{ra['series']:24s} {ra['period']:10s} {ra['mean']:12,.0f} {rb['mean']:12,.0f} "
              f"{z:8.2f}{'  *' if abs(z) > LIMIT_SE else ''}")
    print(f"\n{beyond} of {len(a['rows'])} figures differ by more than {LIMIT_SE:g} se")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
