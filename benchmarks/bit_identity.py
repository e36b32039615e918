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
from purgesim.model.outcomes import RECORDED
from purgesim.model.results import RunResult
from purgesim.model.state import OP_NATIONAL
from purgesim.scenarios.scenario import load_scenario

SCENARIOS = ("historical", "gradual_path")
SEEDS = (1, 2)
SCALE = 500
SERIES = tuple(o.name for o in RECORDED)
RENAMED = {  # series recorded under another name before the outcome table (name: (new, split))
    "arrests": "arrested", "confessions": "confessions", "sentenced_cat1": "sentenced_death",
    "sentenced_camp": "sentenced_camp", "sentenced_exile": "sentenced_exile",
    "executions": "shot", "camp_deaths": "camp_deaths", "camp_population": "camp_population"}
"""Old `x_innocent` / `x_guilty` pairs: now `x` (all) and `x_guilty`."""


def series(result: RunResult, name: str) -> np.ndarray:
    """A weekly series by its current name, or by the name it had before the outcome table
    (so a fingerprint saved before that change can be checked after it)."""
    for old, new in RENAMED.items():
        if name == f"{old}_guilty":
            return result.series(f"{new}_guilty")
        if name == f"{old}_innocent":
            return result.series(new) - result.series(f"{new}_guilty")
    if name == "arrests_national":
        week, op, _, _, persons = result.breakdown("arrested")
        national = np.isin(op, OP_NATIONAL)
        return np.bincount(week[national], weights=persons[national], minlength=result.n_weeks)
    return result.series(name)


def fingerprints(names: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """scenario/seed -> {'series': {name: sha256}, 'totals': {...}}, for every recorded series
    or, per run, the `names` given (those of a saved file)."""
    out = {}
    for scenario in SCENARIOS:
        for seed in SEEDS:
            key = f"{scenario}/{seed}"
            sc = load_scenario(scenario).with_overrides(scale=SCALE, seed=seed,
                                                        params_from="registry")
            result = Simulation(sc.to_config(), seed).run()
            wanted = SERIES if names is None else names[key]
            hashes = {k: hashlib.sha256(np.ascontiguousarray(
                series(result, k), dtype=np.float64).tobytes()).hexdigest() for k in wanted
                if k != "sentenced_party"}  # now a breakdown of sentences, camp ones included
            out[key] = {"series": hashes, "totals": result.summary()}
            print(f"{key}: {len(hashes)} series", flush=True)
    return out


def main(mode: str, path: str) -> int:
    if mode == "save":
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(fingerprints(), fh, indent=1, sort_keys=True)
        return 0
    with open(path, encoding="utf-8") as fh:
        before = json.load(fh)
    now = fingerprints({k: list(v["series"]) for k, v in before.items()})
    same = 0
    for key, fp in before.items():
        moved = [k for k, h in now[key]["series"].items() if fp["series"][k] != h]
        same += not moved
        print(f"{key}: {'DIFFERENT: ' + ', '.join(moved) if moved else 'identical'} "
              f"({len(now[key]['series'])} series)")
    print(f"{same} of {len(before)} runs bit-identical")
    return 0 if same == len(before) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
