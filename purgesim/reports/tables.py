"""Tables of headline figures for the terminal and the HTML report (SUMMARIES)."""

from __future__ import annotations

import math

from purgesim.experiments.compare import Comparison
from purgesim.model.results import SUMMARIES, WAR_SUMMARIES


def fmt(value: float, unit: str) -> str:
    """A number for a table: shares as percentages, persons rounded to thousands; a missing
    figure as a dash."""
    if math.isnan(value):
        return "—"
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
        if s.name in WAR_SUMMARIES and not cmp.through_war:
            continue
        row = [s.en]
        for n in cmp.names:
            lo, med, hi = cmp.summary(n, s.name)
            row.append(f"{fmt(med, s.unit)} [{fmt(lo, s.unit)} – {fmt(hi, s.unit)}]")
        for n in cmp.names[1:]:
            lo, med, hi = cmp.difference(n, s.name, ref)
            row.append(f"{fmt(med, s.unit)} [{fmt(lo, s.unit)} – {fmt(hi, s.unit)}]")
        rows.append(row)
    return rows


WAR_HEADER = ("scenario", "won", "collapsed", "still fighting", "chance of collapse [90%]",
              "ended (median year)")
"""Column titles of `war_rows`."""


def war_rows(cmp: Comparison) -> list[list[str]]:
    """How the war ended in each scenario, over its seeds."""
    rows = []
    for name in cmp.names:
        w = cmp.war_outcome(name)
        lo, p, hi = w.collapse_interval()
        median = w.median_end
        rows.append([name, f"{w.won}/{w.seeds}", f"{w.collapsed}/{w.seeds}",
                     f"{w.ongoing}/{w.seeds}", f"{p:.0%} [{lo:.0%} – {hi:.0%}]",
                     "—" if math.isnan(median) else f"{median:.1f}"])
    return rows


def war_switch_lines(cmp: Comparison) -> list[str]:
    """Seed by seed: where a scenario's front collapsed and the reference's held, and the
    reverse."""
    ref = cmp.names[0]
    lines = []
    for name in cmp.names[1:]:
        worse, better = cmp.collapse_switches(name, ref)
        lines.append(f"{name}: collapsed where {ref} held on {worse} of {len(cmp.seeds)} seeds; "
                     f"held where {ref} collapsed on {better}.")
    return lines
