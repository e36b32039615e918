"""Tables of headline figures for the terminal and the HTML report (SUMMARIES)."""

from __future__ import annotations

from purgesim.experiments.compare import Comparison
from purgesim.model.results import SUMMARIES


def fmt(value: float, unit: str) -> str:
    """A number for a table: shares as percentages, persons rounded to thousands."""
    if unit == "share":
        return f"{value:.1%}"
    if unit == "persons":
        return f"{value / 1000:,.0f}k" if abs(value) >= 1000 else f"{value:,.0f}"
    return f"{value:,.2f}"


def outcome_header(cmp: Comparison) -> list[str]:
    """Column titles matching `outcome_rows`."""
    return ["outcome", *cmp.names, *(f"{n} − {cmp.names[0]}" for n in cmp.names[1:])]


def outcome_rows(cmp: Comparison) -> list[list[str]]:
    """Every headline figure: median [5%-95%] per scenario, and the seed-by-seed difference
    from the first scenario."""
    ref = cmp.names[0]
    rows = []
    for s in SUMMARIES:
        row = [s.en]
        for n in cmp.names:
            lo, med, hi = cmp.summary(n, s.name)
            row.append(f"{fmt(med, s.unit)} [{fmt(lo, s.unit)} – {fmt(hi, s.unit)}]")
        for n in cmp.names[1:]:
            lo, med, hi = cmp.difference(n, s.name, ref)
            row.append(f"{fmt(med, s.unit)} [{fmt(lo, s.unit)} – {fmt(hi, s.unit)}]")
        rows.append(row)
    return rows
