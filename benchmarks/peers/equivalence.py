"""Statistical equivalence of two implementations' output distributions across seeds.

Two implementations with the same rules but different random streams cannot agree run by run;
they must agree in distribution (Axtell, Axelrod, Epstein & Cohen 1996, "distributional
equivalence"). For each output we compare the per-seed values of the two samples with a
two-sample Kolmogorov–Smirnov test and a Mann–Whitney U test, and also report the difference of
means with its Welch 95% interval. Outputs are judged equivalent when neither test rejects at
`alpha` (Bonferroni-corrected over the outputs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class OutputCheck:
    """One output's comparison."""

    name: str
    mean_a: float
    mean_b: float
    diff_ci: tuple[float, float]
    ks_p: float
    mw_p: float
    same: bool


def compare_samples(a: dict[str, list[float]], b: dict[str, list[float]],
                    alpha: float = 0.01) -> list[OutputCheck]:
    """Per-output tests of sample `a` (one value per seed) against sample `b`."""
    names = [k for k in a if np.ptp(np.r_[a[k], b[k]]) > 0]
    level = alpha / max(1, len(names))
    out = []
    for k in names:
        x, y = np.asarray(a[k], float), np.asarray(b[k], float)
        ks = stats.ks_2samp(x, y).pvalue
        mw = stats.mannwhitneyu(x, y, alternative="two-sided").pvalue
        se = np.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        d = x.mean() - y.mean()
        out.append(OutputCheck(k, float(x.mean()), float(y.mean()),
                               (float(d - 1.96 * se), float(d + 1.96 * se)), float(ks),
                               float(mw), bool(ks >= level and mw >= level)))
    return out


def by_output(rows: list[dict[str, float]]) -> dict[str, list[float]]:
    """Per-seed summaries (a list of dicts) as one list per output."""
    return {k: [r[k] for r in rows] for k in rows[0]}


def table(checks: list[OutputCheck], label_a: str, label_b: str) -> str:
    """A Markdown table of the checks."""
    lines = [f"| output | {label_a} mean | {label_b} mean | difference, 95% CI | KS p | "
             "Mann–Whitney p | same |", "| --- | ---: | ---: | --- | ---: | ---: | --- |"]
    for c in checks:
        lines.append(f"| {c.name} | {c.mean_a:,.2f} | {c.mean_b:,.2f} | "
                     f"[{c.diff_ci[0]:,.2f}, {c.diff_ci[1]:,.2f}] | {c.ks_p:.3f} | "
                     f"{c.mw_p:.3f} | {'yes' if c.same else 'NO'} |")
    return "\n".join(lines)
