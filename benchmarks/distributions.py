"""Whether a change moves the model's outcomes beyond seed noise: the distributions of the
headline figures over many seeds, before and after.

    python benchmarks/distributions.py save before.json [--seeds 40] [--scale 5000]
    python benchmarks/distributions.py compare before.json [--seeds 40] [--scale 5000]
    python benchmarks/distributions.py save before.json --until end   # through 1953

`compare` runs the same seeds again and, for every headline figure (results.SUMMARIES), prints
the mean before and after, the difference in standard errors, and a two-sample
Kolmogorov-Smirnov p-value. A change meant to leave the distributions alone (e.g. realigning
random streams) should show no figure beyond noise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
from scipy.stats import ks_2samp

from purgesim.experiments.backend import Backend
from purgesim.experiments.compare import compare
from purgesim.model.calendar import LAST
from purgesim.scenarios.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int


def figures(n: int, scale: int, scenario: str, until: str | None = None
            ) -> dict[str, list[float]]:
    """Every headline figure of `scenario` over seeds 1..n at `scale` (through the war to
    `until`, a date or 'end', when given)."""
    sc = load_scenario(scenario).with_overrides(scale=scale)
    if until is not None:
        sc = sc.with_overrides(until=LAST if until == "end" else dt.date.fromisoformat(until))
    cmp = compare([sc], list(range(1, n + 1)), backend=Backend())
    return {k: v.tolist() for k, v in cmp.outcomes[sc.name].items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("save", "compare"))
    ap.add_argument("path")
    ap.add_argument("--seeds", type=positive_int, default=40)
    ap.add_argument("--scale", type=positive_int, default=5000)
    ap.add_argument("--scenario", default="historical")
    ap.add_argument("--until", help="Run through the war to this date, or 'end'.")
    a = ap.parse_args()
    now = figures(a.seeds, a.scale, a.scenario, a.until)
    if a.mode == "save":
        with open(a.path, "w", encoding="utf-8") as fh:
            json.dump(now, fh)
        return
    with open(a.path, encoding="utf-8") as fh:
        before = json.load(fh)
    print(f"{'figure':<28}{'before':>14}{'after':>14}{'diff/se':>9}{'KS p':>8}")
    beyond = 0
    for k, old in before.items():
        x, y = np.array(old), np.array(now[k])
        se = np.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        z = (y.mean() - x.mean()) / se if se > 0 else 0.0
        p = ks_2samp(x, y).pvalue if se > 0 else 1.0
        beyond += abs(z) > 3
        print(f"{k:<28}{x.mean():>14.4g}{y.mean():>14.4g}{z:>9.2f}{p:>8.3f}")
    print(f"{beyond} of {len(before)} figures moved by more than 3 standard errors")


if __name__ == "__main__":
    main()
