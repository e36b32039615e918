"""The comparison report: a self-contained HTML page with fan charts, tables and CSV files.

Each chart shows, per scenario, the median across seeds and the 90% band, directly labelled, in
the Okabe-Ito palette (safe for colour-blind readers), with the archival series overlaid where
one exists and a source line under the chart. Every chart has a table view, and the data behind
the page are written as CSV files beside it.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import numpy as np

from purgesim.data import (
    CAMPS_1JAN,
    CAMPS_SOURCE,
    COW,
    COW_SOURCE,
    PARTY_ANCHORS,
    PARTY_SOURCE,
    SENTENCES_SOURCE,
    sentences_by_year,
)
from purgesim.experiments.compare import OUTCOME_LABELS, Comparison, fmt
from purgesim.reports.analysis import ANNUAL_SERIES

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
             "#000000")
MODEL_NOTE = ("Model: median and 90% band across seeds; the last year runs only to the war "
              "date; agents are synthetic.")


def archival_overlay(series: str) -> tuple[dict[int, float], str] | None:
    """The archival points to draw on a chart, and their source line."""
    if series in ("sentenced", "executed"):
        key = "sentenced" if series == "sentenced" else "executed"
        return ({y: getattr(a, key) for y, a in sentences_by_year().items()}, SENTENCES_SOURCE)
    if series == "camp_population":
        # 1 January of year y+1 is the end of year y
        return ({y - 1: v for y, v in CAMPS_1JAN.items()}, CAMPS_SOURCE + "; ITL only")
    if series == "steel_mt":
        return ({y: v["steel_su"] / 1000 for y, v in COW.items()}, COW_SOURCE)
    if series == "party_members":
        return ({int(d[:4]): v for d, v in PARTY_ANCHORS.values()}, PARTY_SOURCE
                + " (congress figures count full members only)")
    return None


def _germany_steel() -> dict[int, float]:
    return {y: v["steel_de"] / 1000 for y, v in COW.items()}


def _fan_svg(cmp: Comparison, series: str) -> str:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.6), dpi=100)
    ends = []
    for i, name in enumerate(cmp.names):
        by_year = cmp.annual[name][series]
        years = np.array(sorted(by_year))
        q = np.array([np.nanquantile(by_year[y], [0.05, 0.5, 0.95]) for y in years])
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        ax.fill_between(years, q[:, 0], q[:, 2], color=colour, alpha=0.25, linewidth=0)
        ax.plot(years, q[:, 1], color=colour, linewidth=2)
        ends.append((q[-1, 1], years[-1], name, colour))
    overlay = archival_overlay(series)
    if overlay:
        pts = overlay[0]
        ax.plot(list(pts), list(pts.values()), "o", color="black", markersize=4)
        first = min(pts)
        ax.annotate("archive", (first, pts[first]), xytext=(-4, 6), textcoords="offset points",
                    fontsize=8, ha="right")
    if series == "steel_mt":
        de = _germany_steel()
        ax.plot(list(de), list(de.values()), "s--", color="#666666", markersize=3, linewidth=1)
        ax.annotate("Germany", (max(de), de[max(de)]), xytext=(4, 0),
                    textcoords="offset points", fontsize=8, color="#666666", va="center")
    _direct_labels(ax, ends)
    ax.set_title(ANNUAL_SERIES[series][1], fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    ax.ticklabel_format(axis="y", style="plain")
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def _direct_labels(ax, ends, gap_points: float = 10.0) -> None:
    """Label each line at its end, nudged apart vertically so labels never overlap."""
    ax.figure.canvas.draw()
    to_px = ax.transData.transform
    px_per_point = ax.figure.dpi / 72.0
    placed: list[float] = []
    for value, x, name, colour in sorted(ends, key=lambda e: e[0]):
        y_px = to_px((x, value))[1]
        target = max([y_px, *[p + gap_points * px_per_point for p in placed[-1:]]])
        placed.append(target)
        ax.annotate(name, (x, value), xytext=(4, (target - y_px) / px_per_point),
                    textcoords="offset points", color=colour, fontsize=8, va="center")


def _annual_rows(cmp: Comparison, series: str) -> list[list[str]]:
    overlay = archival_overlay(series)
    arch = overlay[0] if overlay else {}
    years = sorted({y for n in cmp.names for y in cmp.annual[n][series]})
    rows = []
    for y in years:
        row = [str(y)]
        for n in cmp.names:
            v = cmp.annual[n][series].get(y)
            row.append("" if v is None else f"{np.nanmedian(v):,.2f}")
        row.append(f"{arch[y]:,.2f}" if y in arch else "")
        rows.append(row)
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def outcome_rows(cmp: Comparison) -> list[list[str]]:
    """Outcome table: median [5%-95%] per scenario, and the difference from the first."""
    ref = cmp.names[0]
    rows = []
    for key, (label, unit) in OUTCOME_LABELS.items():
        row = [label]
        for n in cmp.names:
            lo, med, hi = cmp.summary(n, key)
            row.append(f"{fmt(med, unit)} [{fmt(lo, unit)} – {fmt(hi, unit)}]")
        for n in cmp.names[1:]:
            lo, med, hi = cmp.difference(n, key, ref)
            row.append(f"{fmt(med, unit)} [{fmt(lo, unit)} – {fmt(hi, unit)}]")
        rows.append(row)
    return rows


def outcome_header(cmp: Comparison) -> list[str]:
    """Column titles matching `outcome_rows`."""
    return (["outcome"] + cmp.names
            + [f"{n} − {cmp.names[0]}" for n in cmp.names[1:]])


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is put back)."""
    old = os.umask(0)
    os.umask(old)
    return old


def _write_atomic(path: Path, write: Callable[[TextIO], None], newline: str | None = None
                  ) -> None:
    """Write a file under a temporary name and rename it into place, so a reader never sees
    half a file; with the permissions `open()` would give (mkstemp's are 0600, which would
    hide a shared report from the rest of the group)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "w", newline=newline, encoding="utf-8") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_csv(path: Path, header: list[str], rows) -> None:
    def write(fh: TextIO) -> None:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)

    _write_atomic(path, write, newline="")


def write_csvs(cmp: Comparison, folder: Path) -> list[str]:
    """The per-run outcomes and annual series as CSV (long format); returns file names."""
    runs = [[n, seed, key, float(cmp.outcomes[n][key][i])]
            for n in cmp.names for i, seed in enumerate(cmp.seeds) for key in cmp.outcomes[n]]
    _write_csv(folder / "outcomes.csv", ["scenario", "seed", "outcome", "value"], runs)
    annual = [[n, seed, series, y, float(v[i])]
              for n in cmp.names for series, by_year in cmp.annual[n].items()
              for y, v in by_year.items() for i, seed in enumerate(cmp.seeds)]
    _write_csv(folder / "annual.csv", ["scenario", "seed", "series", "year", "value"], annual)
    return ["outcomes.csv", "annual.csv"]


def write_report(cmp: Comparison, path: Path) -> Path:
    """Write report.html (and its CSV files) atomically into the folder of `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csvs = write_csvs(cmp, path.parent)
    sections = []
    for series in ANNUAL_SERIES:
        overlay = archival_overlay(series)
        source = overlay[1] if overlay else "No archival series is held for this outcome."
        if series == "steel_mt":
            source += "; Germany: same source"
        rows = _annual_rows(cmp, series)
        sections.append(
            f'<section><h2>{html.escape(ANNUAL_SERIES[series][1])}</h2>'
            f'<figure>{_fan_svg(cmp, series)}<figcaption>{html.escape(MODEL_NOTE)} '
            f'Source of the black points: {html.escape(source)}.</figcaption></figure>'
            f'<details><summary>Table view</summary>'
            f'{_table(["year", *[n + " (median)" for n in cmp.names], "archive"], rows)}'
            f'</details></section>')
    scen = "".join(f"<li><b>{html.escape(s.name)}</b>: {html.escape(s.description)}</li>"
                   for s in cmp.scenarios)
    links = " ".join(f'<a href="{c}" download>{c}</a>' for c in csvs)
    page = _PAGE.format(
        title=html.escape(" vs ".join(cmp.names)), n=len(cmp.seeds),
        scale=cmp.scenarios[0].scale, scenarios=scen,
        outcomes=_table(outcome_header(cmp), outcome_rows(cmp)),
        sections="".join(sections), links=links)
    _write_atomic(path, lambda fh: fh.write(page))
    return path


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>purgesim: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }}
table {{ border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
figcaption {{ font-size: 0.8rem; color: #555; }}
svg {{ max-width: 100%; height: auto; }}
</style></head><body>
<h1>purgesim comparison: {title}</h1>
<p>{n} seeds per scenario, each scenario on the same seeds; scale 1:{scale}. Figures are
medians with the 5%–95% range across seeds; a difference is taken seed by seed. The model's
"innocent" and "guilty" come from its synthetic agents' latent disposition, which is an
assumption (see the parameter registry), not a finding about real people.</p>
<h2>Scenarios</h2><ul>{scenarios}</ul>
<h2>Outcomes</h2>{outcomes}
{sections}
<h2>Data</h2><p>Download: {links}</p>
</body></html>
"""
