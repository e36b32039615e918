"""The comparison report: an HTML page from a template (Jinja2) with the same fan charts as the
web app, tables and CSV files.

Each chart shows, per scenario, the median across seeds with the 50% and 90% bands, directly
labelled, in the Okabe-Ito palette (safe for colour-blind readers), with the archival series
overlaid where one exists and a source line under it; every chart has a table view. The page
reads Plotly.js and the chart script from files written beside it, so it opens offline and
sends nothing anywhere; the data behind it are written as CSV files beside it too.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from purgesim.data.posterior import MODE_NOTE
from purgesim.experiments.compare import Comparison
from purgesim.experiments.runs import package_version
from purgesim.model.results import BANDS
from purgesim.reports.charts import CHARTS, Chart
from purgesim.reports.tables import (
    WAR_HEADER,
    outcome_header,
    outcome_rows,
    war_rows,
    war_switch_lines,
)
from purgesim.storage.files import atomic_write, atomic_write_text

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
MODEL_NOTE = ("Model: median, 50% and 90% bands across seeds; the last year runs only to the "
              "war date; agents are synthetic.")
CHARTS_JS = Path(str(resources.files("purgesim.reports").joinpath("static", "charts.js")))
"""The fan-chart script shared with the web app."""


def plotly_js() -> Path:
    """Plotly.js as shipped inside the plotly Python package."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def chart_data(cmp: Comparison, chart: Chart) -> dict:
    """What the chart script draws for one chart: quantiles by year per scenario, archival
    points, the reference line (Germany's steel), title, source and alt text."""
    archive, source = chart.archive()
    reference, label = chart.reference()
    runs: list[dict[str, Any]] = []
    for i, name in enumerate(cmp.names):
        by_year = cmp.annual[name][chart.outcome]
        years = sorted(by_year)
        q = np.array([np.nanquantile(by_year[y], BANDS) for y in years])
        runs.append({"label": name, "color": OKABE_ITO[i % len(OKABE_ITO)],
                     "dash": "solid" if i == 0 else "dash",
                     "data": {"years": years, **{f"q{int(p * 100):02d}": q[:, k].tolist()
                                                 for k, p in enumerate(BANDS)}}})
    first: dict[str, Any] = runs[0]["data"]
    peak = int(np.argmax(first["q50"]))
    alt = (f"{chart.title['en']}, {first['years'][0]}–{first['years'][-1]}: the median of "
           f"{cmp.names[0]} peaks in {first['years'][peak]} at {first['q50'][peak]:,.0f}")
    return {"name": chart.outcome, "title": chart.title["en"], "source": source, "alt": alt,
            "archive": {str(y): v for y, v in archive.items()},
            "reference": {str(y): v for y, v in reference.items()},
            "reference_label": label.get("en", ""), "years": first["years"], "runs": runs}


def _csv_text(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_csvs(cmp: Comparison, folder: Path) -> list[str]:
    """The per-run figures and annual series as CSV (long format); returns the file names."""
    runs = [[n, seed, key, float(cmp.outcomes[n][key][i])]
            for n in cmp.names for i, seed in enumerate(cmp.seeds) for key in cmp.outcomes[n]]
    atomic_write_text(folder / "outcomes.csv",
                      _csv_text(["scenario", "seed", "outcome", "value"], runs))
    annual = [[n, seed, series, y, float(v[i])]
              for n in cmp.names for series, by_year in cmp.annual[n].items()
              for y, v in by_year.items() for i, seed in enumerate(cmp.seeds)]
    atomic_write_text(folder / "annual.csv",
                      _csv_text(["scenario", "seed", "series", "year", "value"], annual))
    return ["outcomes.csv", "annual.csv"]


def render(cmp: Comparison, csvs: list[str]) -> str:
    """The report page."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("purgesim.reports"),
                      autoescape=select_autoescape(["html", "j2"]))
    charts = [chart_data(cmp, c) for c in CHARTS if c.outcome in cmp.annual[cmp.names[0]]]
    return env.get_template("compare.html.j2").render(
        title=" vs ".join(cmp.names), n=len(cmp.seeds), scale=cmp.scenarios[0].scale,
        version=package_version(), scenarios=cmp.scenarios, header=outcome_header(cmp),
        rows=outcome_rows(cmp), charts=charts, note=MODEL_NOTE, csvs=csvs,
        war_header=WAR_HEADER, war_rows=war_rows(cmp) if cmp.through_war else [],
        war_lines=war_switch_lines(cmp) if cmp.through_war else [],
        params_note=MODE_NOTE[cmp.scenarios[0].params_from],
        charts_json=json.dumps(charts).replace("</", "<\\/"))


def _copy(source: Path, target: Path) -> None:
    def write(tmp: Path) -> None:
        shutil.copyfile(source, tmp)

    atomic_write(target, write)


def write_report(cmp: Comparison, path: Path) -> Path:
    """Write the report page, its CSV files and its two scripts into the folder of `path`
    (each file atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csvs = write_csvs(cmp, path.parent)
    for script in (plotly_js(), CHARTS_JS):
        _copy(script, path.parent / script.name)
    return atomic_write_text(path, render(cmp, csvs))
