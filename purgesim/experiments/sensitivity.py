"""Global sensitivity analysis with SALib: Morris screening, then Sobol indices.

Every parameter varies over its registry prior range. Each design point runs on several seeds
(through the resumable sweep engine, so an interrupted analysis continues where it stopped) and
the analysed value is the mean over seeds, so seed noise is not mistaken for sensitivity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from purgesim.experiments.backend import Backend
from purgesim.experiments.sweep import SweepSpec, run_sweep
from purgesim.model.params import REGISTRY, names
from purgesim.model.results import SUMMARY
from purgesim.scenarios.scenario import Scenario, load_scenario
from purgesim.storage.store import ResultsStore

FACTORS: tuple[str, ...] = names(debated=True)
"""Parameters screened by default: those the debate texts argue about (declared `debated=True`
in the registry)."""

OUTPUTS: tuple[str, ...] = ("innocent_share_sentenced", "shot", "cadres_arrested", "steel_mt")
"""Headline figures (SUMMARIES) whose sensitivity is measured."""

WAR_OUTPUTS: tuple[str, ...] = ("war_collapsed", "front_depth_max", "military_dead", "tanks")
"""The war's headline figures, measured when the war module's own assumptions are screened
(`purgesim sensitivity --war`): the mean of `war_collapsed` over seeds is the chance of
collapse."""

WAR_UNTIL = dt.date(1946, 1, 1)
"""Runs that screen the war module go on to this day: past the war's end in 1945, short of
the post-war years that the war's parameters barely touch."""


def problem(names: tuple[str, ...] = FACTORS) -> dict:
    """The SALib problem: each factor over its prior range."""
    for n in names:
        if REGISTRY[n].prior is None:
            raise ValueError(f"{n} is sourced, not an assumption: it has no prior to vary over")
    return {"num_vars": len(names), "names": list(names),
            "bounds": [[REGISTRY[n].prior.low, REGISTRY[n].prior.high] for n in names]}


def design(method: str, n: int, names: tuple[str, ...] = FACTORS, seed: int = 0) -> np.ndarray:
    """The sample of design points for `method` ('morris' or 'sobol')."""
    from SALib.sample import morris, sobol

    prob = problem(names)
    if method == "morris":
        return morris.sample(prob, n, num_levels=4, seed=seed)
    if method == "sobol":
        return sobol.sample(prob, n, calc_second_order=False, seed=seed)
    raise ValueError(f"unknown method {method!r}: choose morris or sobol")


@dataclass
class Sensitivity:
    """Indices per output: a dict of factor -> (index, confidence) per measure."""

    method: str
    names: list[str]
    indices: dict[str, dict[str, np.ndarray]]
    runs: int
    outputs: tuple[str, ...] = OUTPUTS


def analyse(method: str, n: int, seeds: int, store: ResultsStore,
            scenario: Scenario | None = None, names: tuple[str, ...] = FACTORS,
            backend: Backend | None = None, progress=None,
            outputs: tuple[str, ...] = OUTPUTS) -> Sensitivity:
    """Run the design through the sweep engine and compute the indices of `outputs`.

    A whole-number parameter runs at the design's value rounded (the registry's snap); the
    indices are computed on the design as drawn."""
    from SALib.analyze import morris, sobol

    scenario = scenario or load_scenario()
    x = design(method, n, names)
    points = [{k: float(REGISTRY[k].snap(v)) for k, v in zip(names, row, strict=True)}
              for row in x]
    spec = SweepSpec(scenario.model_dump(mode="json"), points, list(range(1, seeds + 1)))
    rows = run_sweep(spec, store, backend, progress)
    prob = problem(names)
    out = {}
    for key in outputs:
        y = np.array([np.mean([r["outcomes"][key] for r in rows if r["point"] == i])
                      for i in range(len(points))])
        if method == "morris":
            res = morris.analyze(prob, x, y, num_levels=4, seed=0)
            out[key] = {"mu_star": np.asarray(res["mu_star"]),
                        "mu_star_conf": np.asarray(res["mu_star_conf"]),
                        "sigma": np.asarray(res["sigma"])}
        else:
            res = sobol.analyze(prob, y, calc_second_order=False, seed=0)
            out[key] = {"S1": np.asarray(res["S1"]), "S1_conf": np.asarray(res["S1_conf"]),
                        "ST": np.asarray(res["ST"]), "ST_conf": np.asarray(res["ST_conf"])}
    return Sensitivity(method, list(names), out, len(rows), outputs)


def figure(sens: Sensitivity, path: Path) -> Path:
    """One bar chart per output: mu* (Morris) or total-order ST (Sobol), with confidence."""
    from matplotlib.figure import Figure  # no pyplot: no global backend or state

    key, conf = ("mu_star", "mu_star_conf") if sens.method == "morris" else ("ST", "ST_conf")
    fig = Figure(figsize=(4 * len(sens.outputs), max(4.2, 0.12 * len(sens.names))), dpi=100)
    axes = fig.subplots(1, len(sens.outputs))
    for ax, out in zip(np.atleast_1d(axes), sens.outputs, strict=True):
        label = SUMMARY[out].en
        v, c = sens.indices[out][key], sens.indices[out][conf]
        if sens.method == "morris":  # normalise so outputs in different units compare
            scale = max(v.max(), 1e-12)
            v, c = v / scale, c / scale
        order = np.argsort(v)
        ax.barh(np.array(sens.names)[order], v[order], xerr=c[order], color="#0072B2")
        ax.set_title(label, fontsize=9, loc="left")
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    measure = "μ* / max μ* (Morris)" if sens.method == "morris" else "total-order index ST"
    fig.suptitle(f"Sensitivity over the prior ranges: {measure}", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path
