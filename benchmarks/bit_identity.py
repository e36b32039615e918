"""Fingerprints of weekly outputs, to show that a refactor changes no number.

    python benchmarks/bit_identity.py save before.json     # before the change
    python benchmarks/bit_identity.py check before.json    # after: every run identical?

Runs 2 scenarios x 2 seeds at 1:500 (324,079 agents) and records a SHA-256 of every weekly
series of each run (by name, as float64), plus the run's totals for a readable diff when
something moved.
"""

from __future__ import annotations

import hashlib
import json
import sys

import numpy as np

from purgesim.model.engine import Simulation
from purgesim.model.outcomes import COUNT_SERIES, LEVEL_SERIES
from purgesim.reports.analysis import totals
from purgesim.scenarios.scenario import load_scenario

SCENARIOS = ("historical", "gradual_path")
SEEDS = (1, 2)
SCALE = 500
SERIES = (*COUNT_SERIES, *LEVEL_SERIES)


def fingerprints() -> dict[str, dict]:
    """scenario/seed -> {series: sha256, 'totals': {...}}."""
    out = {}
    for name in SCENARIOS:
        for seed in SEEDS:
            sc = load_scenario(name).with_overrides(scale=SCALE, seed=seed)
            result = Simulation(sc.to_config(), seed).run()
            series = {k: hashlib.sha256(np.ascontiguousarray(
                result.series(k), dtype=np.float64).tobytes()).hexdigest() for k in SERIES}
            out[f"{name}/{seed}"] = {"series": series, "totals": totals(result)}
            print(f"{name} seed {seed}: {len(series)} series", flush=True)
    return out


def main(mode: str, path: str) -> int:
    now = fingerprints()
    if mode == "save":
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(now, fh, indent=1, sort_keys=True)
        return 0
    with open(path, encoding="utf-8") as fh:
        before = json.load(fh)
    same = 0
    for key, fp in before.items():
        moved = [k for k, h in fp["series"].items() if now[key]["series"][k] != h]
        ok = not moved
        same += ok
        print(f"{key}: {'identical' if ok else 'DIFFERENT: ' + ', '.join(moved)}")
        if not ok:
            for k, v in fp["totals"].items():
                if now[key]["totals"][k] != v:
                    print(f"    {k}: {v} -> {now[key]['totals'][k]}")
    print(f"{same} of {len(before)} runs bit-identical")
    return 0 if same == len(before) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
