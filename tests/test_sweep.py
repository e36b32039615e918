"""Sweeps resume without losing or repeating a run, locally and after kill -9."""

import os
import subprocess
import sys

import pytest

from purgesim.experiments.backend import Backend
from purgesim.experiments.sweep import SweepSpec, check_points, grid, latin_hypercube, run_sweep
from purgesim.scenarios.scenario import load_scenario
from purgesim.storage.store import ResultsStore
from tests.conftest import kill_after_stored

SCALE = 40_000


def _spec(seeds=(1, 2)):
    sc = load_scenario().with_overrides(scale=SCALE).model_dump(mode="json")
    return SweepSpec(sc, grid({"evidence_floor": [0.0, 4.0]}), list(seeds))


def test_points_are_checked_and_sampled_within_ranges():
    sc = load_scenario().with_overrides(scale=SCALE).model_dump(mode="json")
    with pytest.raises(ValueError, match="no_such"):
        check_points(sc, [{"no_such": 1.0}])
    with pytest.raises(ValueError, match=r"point 1 \(evidence_floor=nan\)"):
        check_points(sc, [{"evidence_floor": 1.0}, {"evidence_floor": float("nan")}])
    with pytest.raises(ValueError, match="confess_innocent"):  # coherence is checked too
        check_points(sc, [{"confess_innocent": 0.99}])
    pts = latin_hypercube({"w_taint": (0.2, 3.0)}, 20, seed=1)
    vals = sorted(p["w_taint"] for p in pts)
    assert vals[0] >= 0.2 and vals[-1] <= 3.0
    # one point in each twentieth of the range
    assert len({int((v - 0.2) / 2.8 * 20) for v in vals}) == 20
    assert len(grid({"a": [1, 2], "b": [3, 4, 5]})) == 6


def test_a_finished_sweep_is_not_run_again(tmp_path):
    store = ResultsStore(tmp_path)
    calls = []
    rows = run_sweep(_spec(), store, Backend(1), progress=lambda d, s, t: calls.append((d, s)))
    assert len(rows) == 4 and calls[-1] == (4, 0)
    calls.clear()
    again = run_sweep(_spec(), store, Backend(1), progress=lambda d, s, t: calls.append((d, s)))
    assert calls == [(0, 4)] and again == rows
    bigger = run_sweep(_spec(seeds=(1, 2, 3)), store, Backend(1))
    assert len(bigger) == 6  # a different sweep: its own id


def test_a_sweep_killed_midway_resumes_without_loss_or_repeats(tmp_path):
    """kill -9 after some runs are stored; the rerun does only the rest."""
    cmd = [sys.executable, "-m", "purgesim.cli", "sweep", "--grid", "evidence_floor=0,1,2,3",
           "--seeds", "3", "--scale", str(SCALE), "--workers", "1", "--out", str(tmp_path)]
    env = {**os.environ, "COLUMNS": "200"}
    stored = kill_after_stored(cmd, env, at_least=3, total=12)
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    first = next(line for line in out.stdout.splitlines() if line.startswith("sweep "))
    already = int(first.split(",")[1].split()[0])
    assert already >= stored
    reran = sum(1 for line in out.stdout.splitlines() if line.startswith("stored "))
    assert already + reran == 12  # nothing done twice, nothing missing
    rows = ResultsStore(tmp_path).query("SELECT count(*), count(DISTINCT (point, seed)) "
                                        "FROM sweep_runs")
    assert rows[0] == (12, 12)
