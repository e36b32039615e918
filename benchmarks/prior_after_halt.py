"""Where a bank's runs put the sentences of 1939 and 1940, the two years after the halt: how
many runs fall below, near and above the record (its prior predictive, for the halt's
mechanisms).

    purgesim bank --n 1000 --master 0 --scale 1000 --out results-halt
    python benchmarks/prior_after_halt.py results-halt --n 1000
    python benchmarks/prior_after_halt.py results --n 10000 --first 1000   # the shipped bank's

The bank must vary the fitted parameters (`purgesim bank`'s default). Counts are of runs;
"near" is 45,000-100,000 and "±30%" is within 30% of the record.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from purgesim.data import sentences_by_year
from purgesim.experiments.bank import BankSpec, table
from purgesim.experiments.calibrate import CALIBRATED, FIT_YEARS
from purgesim.storage.store import ResultsStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

YEARS = (1939, 1940)
NEAR = (45_000, 100_000)
"""Sentences in a year counted as near the record (63,889 in 1939, 71,806 in 1940)."""
WITHIN = 0.3
"""The ±30% of the record used across the docs."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=positive_int, default=1000)
    parser.add_argument("--master", type=int, default=0)
    parser.add_argument("--scale", type=positive_int, default=1000)
    parser.add_argument("--first", type=int, default=None,
                        help="read only the bank's first runs (e.g. 1,000 of a bank of 10,000)")
    args = parser.parse_args()
    spec = BankSpec(n=args.n, master=args.master, scale=args.scale, names=CALIBRATED)
    df = table(ResultsStore(args.folder, read_only=True), spec)
    if args.first is not None:
        df = df[df["index"] < args.first]
    record = {year: sentences_by_year()[year].sentenced for year in YEARS}
    print(f"{len(df)} runs of bank {spec.bank_id}\n")
    print("| year | record | median | below 45,000 | 45,000-100,000 | above 100,000 | ±30% |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for year in YEARS:
        v = np.expm1(df[f"sentenced[{list(FIT_YEARS).index(year)}]"].to_numpy())
        near = int(np.count_nonzero((v >= NEAR[0]) & (v <= NEAR[1])))
        within = int(np.count_nonzero(np.abs(v / record[year] - 1) <= WITHIN))
        print(f"| {year} | {record[year]:,.0f} | {np.median(v):,.0f} | "
              f"{np.count_nonzero(v < NEAR[0])} | {near} | {np.count_nonzero(v > NEAR[1])} | "
              f"{within} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
