"""The shipped posterior's provenance and validation as Markdown tables (for docs/calibration.md).

    python benchmarks/posterior_report.py [FOLDER]

Reads posterior.json beside posterior.parquet (default: the package's data folder): the bank it
was trained on, the statistics dropped by the misspecification screen, the joint outlier
quantiles, and per parameter the prior, the posterior median and 90% interval, coverage and SBC
on held-out runs, recovery on synthetic records, and contraction; then the strongest posterior
correlations. Everything printed comes from the sidecar and the draws; nothing is computed anew
but the quantiles of the draws.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from purgesim.data import posterior
from purgesim.model.params import REGISTRY


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else posterior.FOLDER
    post = posterior.load(folder)
    m = post.meta
    bank, fit = m["bank"], m["fit"]
    print(f"bank {bank['bank_id']}: {bank['runs']:,} of {bank['n']:,} runs of {bank['scenario']}"
          f" at 1:{bank['scale']}, master seed {bank['master']}; {m['runs_trained']:,} trained "
          f"on, {m['runs_held_out']} held out; {m['statistics']} statistics; dropped: "
          f"{', '.join(fit['dropped']) or 'none'}; discrepancy: "
          f"{', '.join(f'{b} {s:g}' for b, s in fit['discrepancy']) or 'none'}; ensemble of "
          f"{fit['ensemble']} flows (epochs {m['epochs']}), training seed {fit['seed']}; "
          f"{m['draws']:,} draws, sha256 {m['sha256'][:16]}; libraries "
          + ", ".join(f"{k} {v}" for k, v in m["libraries"].items()))
    if "truncated" in bank:     # the second round of truncated sequential NPE
        t = bank["truncated"]
        narrower = sum(1 for n, (a, b) in zip(t["names"], t["box"], strict=True)
                       if b - a < REGISTRY[n].prior.high - REGISTRY[n].prior.low)
        print(f"second round: {bank['runs_inside_box']:,} of those runs lie inside the box, "
              f"with truncated bank {t['bank_id']}: {t['runs']:,} runs, master seed "
              f"{t['master']}; box narrower than the prior for {narrower} of "
              f"{len(t['names'])} parameters")
    print(f"\njoint outlier quantile of the record: {m['joint_outlier_quantile']:.3f}; by block: "
          + ", ".join(f"{b} {q:.3f}" for b, q in m["block_outlier_quantiles"].items()))
    recovery = {c["name"]: c for c in m.get("recovery", [])}
    if recovery:    # each synthetic record adds one rank to a parameter's histogram
        records = sum(next(iter(recovery.values()))["ranks"])
        print(f"recovery: {records} synthetic records at posterior draws; SBC on "
              f"{m['runs_held_out']} held-out runs rejects uniformity at p < 0.01 for "
              f"{sum(c['sbc_p'] < 0.01 for c in m['checks'])} of {len(m['checks'])} parameters")
    print("\n| parameter | prior | registry | posterior median [5%, 95%] | coverage (held out) "
          "| SBC p | coverage (recovery) | recovery RMSE | contraction |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")
    for j, c in enumerate(m["checks"]):
        name = c["name"]
        lo, med, hi = np.quantile(post.samples[:, j], [0.05, 0.5, 0.95])
        r = recovery.get(name)
        rec = (f"{r['coverage90']:.2f} | {r['rmse']:.3f}" if r else "– | –")
        print(f"| `{name}` | {REGISTRY[name].prior} | {REGISTRY[name].value:.4g} | "
              f"{med:.4g} [{lo:.4g}, {hi:.4g}] | {c['coverage90']:.2f} | {c['sbc_p']:.3f} | "
              f"{rec} | {c['contraction']:.2f} |")
    print("\nstrongest posterior correlations: " + "; ".join(
        f"{p['a']} ~ {p['b']} {p['r']:+.2f}" for p in m["strongest_correlations"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
