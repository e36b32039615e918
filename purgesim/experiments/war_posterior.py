"""The war's parameters conditioned on the one outcome history leaves no doubt about.

The war module's parameters (docs/ODD.md §8) are assumptions with priors; no Soviet wartime
series may be fitted. What is fitted is one documented fact, declared in the data package
(`war_won_by`, role `fit`): on the historical path the front held and Germany was beaten in
1945, not before. This is rejection ABC with a binary statistic: candidates pair a draw of the
shipped (pre-war) posterior with a Latin hypercube draw of the war priors; each runs the
historical scenario to 1 January 1946; the candidates whose war was won in 1945 are kept.

Conditioning this way is the first step of a counterfactual (abduction, then intervention):
a counterfactual path (`gradual_path`, `no_terror`, no army purge) is then run with the same
kept draws, seed by seed, and its war may be lost where history's was won. What the condition
cannot do is pin the parameters: the kept draws still spread, and that spread is the
uncertainty `compare --until` reports.

The kept draws ship as `data/war_posterior.parquet` with a JSON sidecar (how they were made,
the acceptance rate, the shipped posterior's digest, the Parquet's SHA-256); the same command
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from purgesim.data import observations
from purgesim.data.posterior import WAR_SAMPLES, WAR_SIDECAR, shipped, war_names
from purgesim.experiments.backend import Backend
from purgesim.model.engine import Simulation
from purgesim.model.params import REGISTRY
from purgesim.scenarios.scenario import load_scenario, validate_scenario

ACCEPT_BY = dt.date(1946, 1, 1)
"""Candidates run to this day: the war must be won before it."""
POSTERIOR_ROW = "posterior_row"
LUCK_SEED = "seed"
"""The two columns beside the war parameters: the shipped posterior's row the candidate's
pre-war parameters came from, and the seed of its run."""


@dataclass(frozen=True)
class Candidate:
    """One candidate: a pre-war posterior row, a draw of the war priors, a seed."""

    index: int
    row: int
    war: dict[str, float]
    seed: int


def condition() -> tuple[str, float]:
    """The fitted fact: its description and the year by which the war was won (data package,
    series `war_won_by`, role 'fit')."""
    fact = next(o for o in observations() if o.series == "war_won_by" and o.role == "fit")
    won = dt.date.fromisoformat(fact.period)
    return (f"the front held and the war was won in {won.year}, not before (Germany "
            f"surrendered on {won:%d %B %Y} [{fact.source_id}])", float(won.year))


def candidates(n: int, master: int) -> list[Candidate]:
    """`n` candidates from `master`: posterior rows and seeds from its SeedSequence, the war
    priors from a scrambled Latin hypercube seeded from it."""
    from scipy.stats import qmc

    names = war_names()
    post = shipped()
    seq = np.random.SeedSequence(master)
    rows_seq, lhs_seq, seed_seq = seq.spawn(3)
    rows = np.random.default_rng(rows_seq).integers(len(post.samples), size=n)
    u = qmc.LatinHypercube(d=len(names), seed=np.random.default_rng(lhs_seq)).random(n)
    seeds = np.random.default_rng(seed_seq).integers(1, 2**31, size=n)
    out = []
    for i in range(n):
        war = {name: float(REGISTRY[name].snap(REGISTRY[name].prior.ppf(u[i, j])))
               for j, name in enumerate(names)}
        out.append(Candidate(i, int(rows[i]), war, int(seeds[i])))
    return out


def run_candidate(scenario: dict, pre_war: dict[str, float], war: dict[str, float],
                  seed: int) -> tuple[float, float, float]:
    """(won, collapsed, year it ended) of one candidate's historical run to ACCEPT_BY."""
    sc = validate_scenario(scenario, "war posterior").with_overrides(
        params={**pre_war, **war}, until=ACCEPT_BY)
    t = Simulation(sc.to_config(seed), seed).run().summary()
    return t["war_won"], t["war_collapsed"], t["war_end_year"]


@dataclass(frozen=True)
class Built:
    """The kept candidates and how they were made."""

    table: dict[str, np.ndarray]
    meta: dict


def build(n: int, master: int, scale: int, workers: int | None = None,
          progress: Callable[[int, int], None] | None = None) -> Built:
    """Run `n` candidates at 1:`scale` and keep those that meet the condition."""
    from importlib.metadata import version

    from purgesim.experiments.runs import package_version

    post = shipped()
    description, by_year = condition()
    scenario = load_scenario("historical").with_overrides(
        scale=scale, params_from="registry").model_dump(mode="json")
    cands = candidates(n, master)
    jobs = {c.index: (scenario, post._as_params(post.samples[c.row]), c.war, c.seed)
            for c in cands}
    outcome: dict[int, tuple[float, float, float]] = {}
    with Backend(workers) as backend:
        for key, out in backend.map(run_candidate, jobs):
            outcome[key] = out
            if progress:
                progress(len(outcome), n)
    kept = [c for c in cands
            if outcome[c.index][0] > 0 and by_year <= outcome[c.index][2] < by_year + 1]
    names = war_names()
    table = {POSTERIOR_ROW: np.array([c.row for c in kept], dtype=np.int64),
             LUCK_SEED: np.array([c.seed for c in kept], dtype=np.int64),
             **{name: np.array([c.war[name] for c in kept], dtype=np.float64)
                for name in names}}
    collapsed = sum(1 for c in cands if outcome[c.index][1] > 0)
    meta = {"version": package_version(), "numpy": version("numpy"),
            "condition": description, "candidates": n,
            "kept": len(kept), "collapsed": collapsed, "master_seed": master, "scale": scale,
            "scenario": "historical", "runs_to": ACCEPT_BY.isoformat(),
            "posterior_sha256": post.meta.get("sha256", ""),
            "command": f"purgesim war-posterior --candidates {n} --master {master} "
                       f"--scale {scale}"}
    return Built(table, meta)


def write(folder: Path, built: Built) -> Path:
    """The kept draws (Parquet without timestamps: the same draws give the same bytes) and
    the sidecar, each written atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from purgesim.storage.files import atomic_write, atomic_write_text

    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table({name: pa.array(values) for name, values in built.table.items()})
    target = atomic_write(folder / WAR_SAMPLES, lambda tmp: pq.write_table(
        table, tmp, compression="zstd", store_schema=False))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    atomic_write_text(folder / WAR_SIDECAR, json.dumps(
        {**built.meta, "sha256": digest}, indent=1, sort_keys=True) + "\n")
    return target
