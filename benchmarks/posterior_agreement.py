"""Do two posteriors agree? Per parameter: medians, 90% intervals and the two-sample
Kolmogorov-Smirnov distance between the draws, as a Markdown table.

    python benchmarks/posterior_agreement.py FOLDER_A FOLDER_B

Each folder holds posterior.parquet and posterior.json (`purgesim posterior --to FOLDER`),
e.g. the same bank trained with two seeds, or two banks from two master seeds. The shift of
the medians is given in units of the prior's width.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.stats import ks_2samp

from purgesim.data import posterior
from purgesim.model.params import REGISTRY


def main(argv: list[str]) -> int:
    a, b = (posterior.load(Path(f)) for f in argv[:2])
    if a.names != b.names:
        print("the two posteriors fit different parameters", file=sys.stderr)
        return 2
    print(f"A: {argv[0]} (sha256 {a.digest}), B: {argv[1]} (sha256 {b.digest})\n")
    print("| parameter | A median [5%, 95%] | B median [5%, 95%] | shift / prior width | KS |")
    print("|---|---|---|---:|---:|")
    shifts, ks = [], []
    for j, name in enumerate(a.names):
        qa = np.quantile(a.samples[:, j], [0.05, 0.5, 0.95])
        qb = np.quantile(b.samples[:, j], [0.05, 0.5, 0.95])
        width = REGISTRY[name].prior.high - REGISTRY[name].prior.low
        shifts.append(abs(qa[1] - qb[1]) / width)
        ks.append(ks_2samp(a.samples[:, j], b.samples[:, j]).statistic)
        print(f"| `{name}` | {qa[1]:.4g} [{qa[0]:.4g}, {qa[2]:.4g}] | "
              f"{qb[1]:.4g} [{qb[0]:.4g}, {qb[2]:.4g}] | {shifts[-1]:.3f} | {ks[-1]:.3f} |")
    print(f"\nlargest median shift {max(shifts):.3f} of a prior's width; median KS distance "
          f"{float(np.median(ks)):.3f}, largest {max(ks):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
