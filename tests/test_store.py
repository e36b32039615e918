import json

import pyarrow.parquet as pq
import pytest

from purgesim import store as store_mod
from purgesim.runner import run_scenario, save_run
from purgesim.scenario import load_scenario
from purgesim.store import ResultsStore


@pytest.fixture(scope="module")
def small_run():
    return run_scenario(load_scenario().with_overrides(scale=20_000, seed=3))


def test_a_saved_run_is_registered_with_its_provenance(tmp_path, small_run):
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    rows = st.runs()
    assert len(rows) == 1
    row = rows[0]
    assert row["scenario"] == "historical" and row["seed"] == 3 and row["scale"] == 20_000
    assert row["scenario_hash"] == small_run.scenario.content_hash()
    assert row["version"] and row["git_commit"]
    table = st.weekly(row["run_id"])
    assert table.num_rows == 704
    meta = json.loads(table.schema.metadata[b"purgesim_manifest"])
    assert meta["seed"] == 3 and meta["scenario_resolved"]["params"]["enemy_share"] > 0
    n = st.query("SELECT count(*) FROM weekly")[0][0]
    assert n == 704


def test_a_failed_write_leaves_no_entry_and_loses_nothing(tmp_path, small_run, monkeypatch):
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    first = st.runs()[0]["run_id"]

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(store_mod.pq, "write_table", boom)
    with pytest.raises(OSError):
        save_run(st, small_run)
    monkeypatch.undo()
    again = ResultsStore(tmp_path)  # reopening clears the half-written folder
    assert [r["run_id"] for r in again.runs()] == [first]
    assert [p.name for p in (tmp_path / "runs").iterdir()] == [first]
    assert pq.read_table(tmp_path / "runs" / first / "weekly.parquet").num_rows == 704


def test_unknown_run_is_a_clear_error(tmp_path):
    with pytest.raises(KeyError, match="no stored run"):
        ResultsStore(tmp_path).weekly("nope")
