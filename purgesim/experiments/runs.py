"""Running a scenario and recording what made the run: scenario + seed + version."""

from __future__ import annotations

import platform
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from purgesim.experiments.backend import Backend
from purgesim.model.engine import Simulation
from purgesim.model.results import RunResult
from purgesim.scenarios.scenario import Scenario
from purgesim.storage.store import ResultsStore, RunRecord, new_run_id


def package_version() -> str:
    """The installed purgesim version."""
    try:
        return version("purgesim")
    except PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


def git_commit() -> str:
    """The source tree's commit (with '-dirty' if modified), or 'unknown' outside git."""
    here = Path(__file__).resolve().parent
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=here, capture_output=True, text=True, timeout=5).stdout
        return sha + ("-dirty" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def tune_allocator() -> bool:
    """Keep freed memory in the process instead of returning it to the system at every free.

    A large run allocates and frees big temporaries every week; with glibc's defaults each one
    is a fresh mmap, paid again in page faults (at 1:1, 14.6 million of them and a tenth of the
    run in system time). Raising the mmap and trim thresholds lets malloc reuse the memory.
    Process-wide, so only the command line calls it; a no-op outside glibc.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        return bool(libc.mallopt(m_mmap_threshold, 1 << 30)
                    and libc.mallopt(m_trim_threshold, (1 << 31) - 1))
    except (OSError, AttributeError):
        return False


def library_versions() -> dict[str, str]:
    """Python's and the numerical libraries' versions, recorded with every stored run.

    NumPy does not promise the same random streams across versions (nor Numba the same
    floating-point results), so scenario + seed + purgesim version reproduce a run only with
    these too.
    """
    out = {"python": platform.python_version()}
    for name in ("numpy", "numba", "duckdb", "pyarrow"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "unknown"
    return out


@dataclass
class CompletedRun:
    """A finished run with its provenance."""

    scenario: Scenario
    result: RunResult
    wall_seconds: float
    record: RunRecord | None = None
    path: Path | None = None


def run_scenario(scenario: Scenario,
                 progress: Callable[[int, int], None] | None = None) -> CompletedRun:
    """Run a validated scenario with its own seed and scale."""
    start = time.perf_counter()
    result = Simulation(scenario.to_config(), scenario.seed).run(progress)
    return CompletedRun(scenario, result, time.perf_counter() - start)


def _run_seed(data: dict, seed: int) -> CompletedRun:
    """One seed of a scenario (in a worker process)."""
    from purgesim.scenarios.scenario import validate_scenario

    return run_scenario(validate_scenario(data, "run").with_overrides(seed=seed))


def run_seeds(scenario: Scenario, seeds: list[int],
              backend: Backend | None = None) -> Iterator[CompletedRun]:
    """Run `scenario` on each of `seeds` (on `backend`, default local processes), yielding
    each finished run as it completes."""
    data = scenario.model_dump(mode="json")
    with backend or Backend(min(len(seeds), Backend().workers)) as run:
        for _, completed in run.map(_run_seed, {s: (data, s) for s in seeds}):
            yield completed


def save_run(store: ResultsStore, run: CompletedRun) -> CompletedRun:
    """Store a finished run and its provenance in the results store."""
    sc = run.scenario
    run.record = RunRecord(
        run_id=new_run_id(sc.name, sc.seed), scenario=sc.name,
        scenario_hash=sc.content_hash(), seed=sc.seed, scale=sc.scale,
        version=package_version(), git_commit=git_commit(), wall_seconds=run.wall_seconds,
        libraries=library_versions())
    data = sc.model_dump(mode="json")
    data["params_set"] = data["params"]  # what the scenario or user set: the run's overrides
    data["params"] = sc.resolved_params(sc.seed)
    if sc.params_from != "registry":
        from purgesim.data import posterior

        data["posterior"] = posterior.shipped().digest
    run.path = store.save(run.record, run.result, data, run.result.summary())
    return run
