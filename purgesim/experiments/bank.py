"""The simulation bank: many runs with parameters drawn from their priors, kept for inference.

A bank is a scenario at a scale, the registry parameters it varies, a number of runs and a
master seed. Run i takes its parameters from point i of a scrambled Sobol design over the unit
cube (scipy.stats.qmc, seeded by the master), mapped through each parameter's prior quantile
function, and its seed from child i of `SeedSequence(master)`: the bank is determined by its
spec and the model's version, whatever order or process its runs finish in.

Runs go to worker processes in batches (one task runs several simulations, so a process's
start-up and imports are paid once per batch, not per run), and each finished batch is
written to the results store in one transaction by this process. Killing the filling at any
moment (kill -9 included) loses no stored batch and leaves no partial one; filling it again
runs only what is missing. Each run keeps its parameters, seed and the calibration's summary
statistics (`calibrate.summaries`: the log of each fitted figure).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from purgesim.experiments.backend import Backend, derive_seeds
from purgesim.model.params import REGISTRY
from purgesim.scenarios.scenario import ScenarioError, load_scenario


@dataclass(frozen=True)
class BankSpec:
    """What a bank holds: `n` runs of `scenario` at `scale`, varying `names` over their
    priors, from the `master` seed."""

    n: int
    master: int = 0
    scenario: str = "historical"
    scale: int = 1000
    names: tuple[str, ...] = ()
    hypothesis: str | None = None
    """A competing explanation (`hypotheses.VARIANTS`) applied to every run, or none."""
    box: tuple[tuple[float, float], ...] | None = None
    """A truncation of the priors, one (low, high) per name inside its prior: the design is
    then uniform inside the box (the second round of truncated sequential NPE, `npe.box`),
    or none (the priors themselves)."""

    @property
    def bank_id(self) -> str:
        """A stable id: the same spec always maps to the same stored bank."""
        blob = json.dumps(self.record(), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def record(self) -> dict:
        """The spec as JSON data (what the store records beside the runs); a bank without a
        hypothesis records none, so its id is what it was before banks could take one."""
        out = {**asdict(self), "names": list(self.names)}
        if self.hypothesis is None:
            del out["hypothesis"]
        if self.box is None:
            del out["box"]
        else:
            out["box"] = [list(edge) for edge in self.box]
        return out

    def check(self) -> None:
        """One clear error for a spec that cannot run: unknown names, bad sizes."""
        if self.n < 1:
            raise ScenarioError(f"bank: n={self.n}: a bank needs at least one run")
        if self.scale < 1:
            raise ScenarioError(f"bank: scale={self.scale}: persons per agent must be >= 1")
        unknown = [name for name in self.names if name not in REGISTRY]
        if unknown:
            raise ScenarioError(f"bank: {', '.join(unknown)}: not a parameter in the registry "
                                "(see `purgesim params`)")
        missing = [name for name in self.names if REGISTRY[name].prior is None]
        if missing:
            raise ScenarioError(f"bank: {', '.join(missing)}: no prior in the registry to draw "
                                "from (a sourced value, not an assumption)")
        if self.box is not None:
            self._check_box()
        if self.hypothesis is not None:
            from purgesim.experiments.hypotheses import BY_NAME

            if self.hypothesis not in BY_NAME:
                raise ScenarioError(f"bank: hypothesis={self.hypothesis}: not a hypothesis "
                                    f"(choices: {', '.join(BY_NAME)})")
        load_scenario(self.scenario).with_overrides(scale=self.scale)

    def _check_box(self) -> None:
        assert self.box is not None
        if len(self.box) != len(self.names):
            raise ScenarioError(f"bank: box has {len(self.box)} edges for {len(self.names)} "
                                "parameters")
        for name, (low, high) in zip(self.names, self.box, strict=True):
            prior = REGISTRY[name].prior
            if not prior.low <= low < high <= prior.high:
                raise ScenarioError(f"bank: box {name} = [{low:g}, {high:g}]: must be a "
                                    f"non-empty range inside the prior {prior}")


def design(spec: BankSpec) -> np.ndarray:
    """[n, len(names)] parameter values: a scrambled Sobol design through the priors, or
    uniform inside the spec's box (drawn as the first `n` of the smallest power-of-two block
    that holds them, which keeps the design balanced; integer parameters rounded)."""
    from scipy.stats import qmc

    if not spec.names:
        return np.zeros((spec.n, 0))
    sobol = qmc.Sobol(d=len(spec.names), scramble=True, seed=spec.master)
    unit = sobol.random_base2(max(0, int(np.ceil(np.log2(spec.n)))))[: spec.n]
    columns = []
    for j, name in enumerate(spec.names):
        param = REGISTRY[name]
        if spec.box is None:
            values = np.asarray(param.prior.ppf(unit[:, j]), dtype=np.float64)
        else:  # uniform inside the box: the prior truncated to it (every prior is uniform)
            low, high = spec.box[j]
            values = low + unit[:, j] * (high - low)
        columns.append(param.snap(values))
    return np.column_stack(columns)


def seeds(spec: BankSpec) -> list[int]:
    """Each run's seed: child i of SeedSequence(master)."""
    return derive_seeds(spec.master, spec.n)


def run_batch(scenario: str, scale: int, names: tuple[str, ...], thetas: list[list[float]],
              run_seeds: list[int], hypothesis: str | None = None
              ) -> list[tuple[dict[str, list[float]], float]]:
    """Run several simulations in one worker task: each one's summary statistics and wall
    time."""
    return [(listed_summaries(result), wall) for result, wall in
            simulate_each(scenario, scale, hypothesis, names, thetas, run_seeds)]


def simulate_each(scenario: str, scale: int, hypothesis: str | None, names: tuple[str, ...],
                  thetas: list[list[float]], run_seeds: list[int]) -> Iterator[tuple[Any, float]]:
    """Each run of a batch, from the bank's starting scenario with `names` set to a row of
    `thetas`: its RunResult and its wall time in seconds."""
    from purgesim.model.engine import Simulation

    base = bank_scenario(scenario, scale, hypothesis)
    for theta, seed in zip(thetas, run_seeds, strict=True):
        start = time.perf_counter()
        sc = base.with_overrides(params=dict(zip(names, theta, strict=True)))
        result = Simulation(sc.to_config(seed), seed).run()
        yield result, time.perf_counter() - start


def listed_summaries(result) -> dict[str, list[float]]:
    """The calibration's summary statistics of a run as plain lists (cheap to send between
    processes and to store as JSON)."""
    from purgesim.experiments.calibrate import summaries

    return {k: [float(x) for x in v] for k, v in summaries(result).items()}


def bank_scenario(scenario: str, scale: int, hypothesis: str | None = None):
    """The scenario a bank's runs start from: at its scale, on the registry's values (the
    design sets the varied ones), with the hypothesis's fixed values and files if any."""
    base = load_scenario(scenario).with_overrides(scale=scale, params_from="registry")
    if hypothesis is not None:
        from purgesim.experiments.hypotheses import BY_NAME

        base = BY_NAME[hypothesis].apply(base)
    return base


MODEL_FILES = ("model/*.py", "scenarios/*.py", "scenarios/*.toml", "data/archival/*.csv",
               "experiments/calibrate.py")
"""What a bank's runs depend on, inside the package (globs): the model, the scenarios and
their inputs, and the summary statistics the bank keeps."""


@cache
def model_fingerprint() -> str:
    """A hash of the files in `MODEL_FILES`, names and bytes: the same code and inputs give the
    same fingerprint on any machine; any change to them, a refactor included, gives another."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for pattern in MODEL_FILES for p in root.glob(pattern)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def check_model(spec: BankSpec, store) -> None:
    """Refuse to add runs to a bank stored by another version of the model: the id names the
    spec, not the code, and runs of two versions in one bank would be trained on as one. (A
    bank stored before fingerprints were kept says nothing, and is let through.)"""
    stored = (store.bank_spec(spec.bank_id) or {}).get("model")
    if stored is not None and stored != model_fingerprint() and store.bank_done(spec.bank_id):
        raise ScenarioError(
            f"bank {spec.bank_id}: its runs in this store come from another version of the "
            f"model (fingerprint {stored}, this version {model_fingerprint()}); new runs "
            "would be mixed with them. Fill the bank into another --out")


def fill(spec: BankSpec, store, backend: Backend | None = None, batch: int = 8,
         progress: Callable[[int, int], None] | None = None) -> int:
    """Run what is missing of a bank on `backend` (default: local processes), `batch` runs
    per task; returns how many runs this call added. `progress(stored, total)` is called
    after each stored batch. The store records the model's fingerprint beside the spec, and a
    bank stored by another version is refused (`check_model`)."""
    spec.check()
    check_model(spec, store)
    theta, run_seeds = design(spec), seeds(spec)
    store.register_bank(spec.bank_id, {**spec.record(), "model": model_fingerprint()})
    done = store.bank_done(spec.bank_id)
    todo = [i for i in range(spec.n) if i not in done]
    batch = max(1, batch)
    jobs = {key: (spec.scenario, spec.scale, spec.names, theta[list(key)].tolist(),
                  [run_seeds[i] for i in key], spec.hypothesis)
            for key in (tuple(todo[k:k + batch]) for k in range(0, len(todo), batch))}
    stored = len(done)
    with backend or Backend(min(max(1, len(jobs)), Backend().workers)) as run:
        for key, results in run.map(run_batch, jobs):
            store.save_bank_runs(spec.bank_id, [
                (i, run_seeds[i], dict(zip(spec.names, theta[i].tolist(), strict=True)),
                 stats, wall) for i, (stats, wall) in zip(key, results, strict=True)])
            stored += len(key)
            if progress:
                progress(stored, spec.n)
    return stored - len(done)


def table(store, spec: BankSpec):
    """The bank's stored runs as a pandas DataFrame: index, seed, one column per parameter,
    and one per summary statistic (`block[i]`), ordered by index."""
    import pandas as pd

    rows = [{"index": r["index"], "seed": r["seed"], **r["theta"], **flat(r["stats"])}
            for r in store.bank_results(spec.bank_id)]
    return pd.DataFrame(rows)


def flat(stats: Mapping[str, Iterable[float]]) -> dict[str, float]:
    """Statistics by label, `block[i]` (the bank table's columns), from blocks of them (as
    `calibrate.summaries` and `calibrate.targets` give them)."""
    return {f"{block}[{i}]": float(v) for block, values in stats.items()
            for i, v in enumerate(values)}


@dataclass(frozen=True)
class Screen:
    """One fitted statistic against the bank's prior predictive: where the archive's value
    falls among the simulations (its quantile, 0–1) and the simulations' 0.5–99.5% range."""

    block: str
    label: str
    observed: float
    quantile: float
    low: float
    high: float

    @property
    def reachable(self) -> bool:
        """The archive lies within the simulations' 0.5–99.5% range (else the model, over its
        priors, cannot produce it: drop the statistic or give it a discrepancy term)."""
        return self.low <= self.observed <= self.high


SCREEN_TAILS = (0.005, 0.995)
"""The prior-predictive range a fitted statistic must fall in to count as reachable."""


def screen(runs: list[dict], observed: dict[str, np.ndarray],
           labels: Callable[[str], list[str]]) -> list[Screen]:
    """The misspecification screen before any fit: each observed statistic against the bank's
    simulated ones (`runs` as `ResultsStore.bank_results` gives them). Statistics are the
    calibration's (logs of the figures); quantiles and ranges are reported in the figures'
    own units."""
    out = []
    for block, values in observed.items():
        sims = np.array([r["stats"][block] for r in runs], dtype=np.float64)
        names = labels(block)
        for i, obs in enumerate(values):
            col = sims[:, i]
            lo, hi = np.quantile(col, SCREEN_TAILS)
            out.append(Screen(block, names[i] if i < len(names) else str(i),
                              float(np.expm1(obs)), float(np.mean(col < obs)),
                              float(np.expm1(lo)), float(np.expm1(hi))))
    return out
