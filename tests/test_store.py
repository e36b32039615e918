"""The results store: layout, provenance, atomic writes, read-only use, damage and rebuild."""

import json
import os
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest

from purgesim.experiments.runs import run_scenario, save_run
from purgesim.scenarios.scenario import load_scenario
from purgesim.storage import store as store_mod
from purgesim.storage.store import (
    DB_NAME,
    RUN_COLUMNS,
    ResultsStore,
    StoreDamagedError,
    StoreError,
    manifest_row,
)


@pytest.fixture(scope="module")
def small_run():
    return run_scenario(load_scenario().with_overrides(scale=20_000, seed=3))


def registry_ids(folder) -> list[str]:
    """The run ids in the registry table itself (not what `runs()` adds from disk)."""
    with duckdb.connect(str(folder / DB_NAME), read_only=True) as con:
        return sorted(r[0] for r in con.execute("SELECT run_id FROM runs").fetchall())


def snapshot(folder) -> dict:
    """Every file and folder under `folder` with its size and modification time."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def save_unregistered(st, run, monkeypatch):
    """Save a run as a writer killed between the folder rename and the registry insert."""
    monkeypatch.setattr(ResultsStore, "_register", lambda self, rows: None)
    save_run(st, run)
    monkeypatch.undo()
    return run.record.run_id


def test_a_saved_run_is_registered_with_its_provenance(tmp_path, small_run):
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    rows = st.runs()
    assert len(rows) == 1
    row = rows[0]
    assert row["scenario"] == "historical" and row["seed"] == 3 and row["scale"] == 20_000
    assert row["scenario_hash"] == small_run.scenario.content_hash()
    assert row["version"] and row["git_commit"] and row["registered"]
    table = st.weekly(row["run_id"])
    assert table.num_rows == 704
    meta = json.loads(table.schema.metadata[b"purgesim_manifest"])
    assert meta["seed"] == 3 and meta["scenario_resolved"]["params"]["enemy_share"] > 0
    n = st.query("SELECT count(*) FROM weekly")[0][0]
    assert n == 704
    assert st.query("SELECT DISTINCT run_id FROM weekly") == [(row["run_id"],)]


def test_the_manifest_holds_every_registry_column_and_the_library_versions(tmp_path, small_run):
    st = ResultsStore(tmp_path)
    run = run_scenario(small_run.scenario.with_overrides(params={"evidence_floor": 3}))
    save_run(st, run)
    row = st.runs()[0]
    manifest = json.loads((tmp_path / row["run_id"] / "manifest.json").read_text())
    from_manifest = manifest_row(manifest, row["path"])
    assert set(from_manifest) == set(RUN_COLUMNS)
    assert from_manifest == {k: row[k] for k in RUN_COLUMNS}
    assert json.loads(row["overrides"]) == {"evidence_floor": 3.0}
    assert set(manifest["libraries"]) == {"python", "numpy", "numba", "duckdb", "pyarrow"}
    assert all(manifest["libraries"].values())


def test_run_folders_sit_directly_in_the_store_folder(tmp_path, small_run):
    out = tmp_path / "runs"
    st = ResultsStore(out)
    save_run(st, small_run)
    run_id = small_run.record.run_id
    assert sorted(p.name for p in out.iterdir()) == sorted([DB_NAME, run_id])
    assert sorted(p.name for p in (out / run_id).iterdir()) == [
        "breakdown.parquet", "manifest.json", "weekly.parquet"]
    assert st.runs()[0]["path"] == run_id


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
    # the writer removed its own half-written folder; nothing else was touched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DB_NAME, first])
    again = ResultsStore(tmp_path)
    assert [r["run_id"] for r in again.runs()] == [first]
    assert pq.read_table(tmp_path / first / "weekly.parquet").num_rows == 704


def test_a_run_folder_missing_from_the_registry_is_listed_then_registered(
        tmp_path, small_run, monkeypatch):
    st = ResultsStore(tmp_path)
    lost = save_unregistered(st, small_run, monkeypatch)
    assert registry_ids(tmp_path) == []
    listed = ResultsStore(tmp_path, read_only=True).runs()
    assert [(r["run_id"], r["registered"]) for r in listed] == [(lost, False)]
    assert registry_ids(tmp_path) == []  # a reader registers nothing
    ResultsStore(tmp_path)  # the next writer to open the store does
    assert registry_ids(tmp_path) == [lost]
    assert ResultsStore(tmp_path, read_only=True).runs()[0]["registered"]


def test_a_reader_changes_nothing(tmp_path, small_run, monkeypatch):
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    lost = save_unregistered(st, small_run, monkeypatch)
    before = snapshot(tmp_path)
    ro = ResultsStore(tmp_path, read_only=True)
    assert len(ro.runs()) == 2 and ro.weekly(lost).num_rows == 704
    assert ro.manifest(lost)["run_id"] == lost
    assert snapshot(tmp_path) == before
    with pytest.raises(StoreError, match="read-only"):
        ro.save(small_run.record, small_run.result, {}, {})


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.mkdir()],
                         ids=["missing", "empty folder"])
def test_a_reader_refuses_a_folder_that_is_no_store_and_creates_nothing(tmp_path, make):
    target = tmp_path / "typo"
    make(target)
    with pytest.raises(StoreError, match=f"no results store at {target}"):
        ResultsStore(target, read_only=True)
    assert not target.exists() or list(target.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_reader_works_on_a_read_only_store(tmp_path, small_run):
    save_run(ResultsStore(tmp_path), small_run)
    modes = {p: p.stat().st_mode for p in [tmp_path, *tmp_path.rglob("*")]}
    try:
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        assert len(ResultsStore(tmp_path, read_only=True).runs()) == 1
        with pytest.raises(StoreError, match=str(tmp_path)):
            ResultsStore(tmp_path)
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_a_file_is_refused_as_a_store(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("x")
    with pytest.raises(StoreError, match=f"{f} is a file"):
        ResultsStore(f)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_registry_is_refused_and_rebuilt_from_the_manifests(
        tmp_path, small_run, damage):
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    save_run(st, small_run)
    ids = sorted(r["run_id"] for r in st.runs())
    db = tmp_path / DB_NAME
    data = db.read_bytes()
    bad = {"garbage": b"not a database" * 100, "truncated": data[: len(data) // 3],
           "empty": b""}[damage]
    db.write_bytes(bad)
    for read_only in (False, True):
        with pytest.raises(StoreDamagedError,
                           match=f"purgesim runs --rebuild --out {tmp_path}") as err:
            ResultsStore(tmp_path, read_only=read_only).runs()
        assert "\n" not in str(err.value) and str(db) in str(err.value)
    rebuilt, n, moved = ResultsStore.rebuild(tmp_path)
    assert n == 2 and sorted(r["run_id"] for r in rebuilt.runs()) == ids
    assert moved.name.startswith(f"{DB_NAME}.corrupt-") and moved.read_bytes() == bad
    assert registry_ids(tmp_path) == ids


def test_a_rebuild_of_a_sound_registry_keeps_sweeps_and_calibrations(tmp_path, small_run):
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    st.register_sweep("sw", {"points": []})
    st.save_sweep_run("sw", 0, 1, {}, {"sentenced": 1.0}, 0.1)
    with duckdb.connect(str(tmp_path / DB_NAME)) as con:
        con.execute("DELETE FROM runs")
    _, n, moved = ResultsStore.rebuild(tmp_path)
    assert n == 1 and moved is None
    assert registry_ids(tmp_path) == [small_run.record.run_id]
    assert len(st.sweep_results("sw")) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DB_NAME,
                                                                small_run.record.run_id])


def test_a_rebuild_refuses_a_folder_that_is_no_store(tmp_path):
    with pytest.raises(StoreError, match="no results store"):
        ResultsStore.rebuild(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()


def test_a_store_in_the_old_runs_layout_still_reads(tmp_path, small_run):
    """Stores written before run folders moved up: runs/<id>, no overrides column."""
    st = ResultsStore(tmp_path)
    save_run(st, small_run)
    run_id = small_run.record.run_id
    (tmp_path / "runs").mkdir()
    shutil.move(tmp_path / run_id, tmp_path / "runs" / run_id)
    with duckdb.connect(str(tmp_path / DB_NAME)) as con:
        con.execute("ALTER TABLE runs DROP COLUMN overrides")
        con.execute("UPDATE runs SET path = 'runs/' || run_id")
    old = ResultsStore(tmp_path, read_only=True)
    assert [r["run_id"] for r in old.runs()] == [run_id] and old.weekly(run_id).num_rows == 704
    ResultsStore(tmp_path)  # a writer adds the column and fills it from the manifest
    [row] = ResultsStore(tmp_path, read_only=True).runs()
    assert row["registered"] and row["overrides"] == "{}"


def test_unknown_run_is_a_clear_error(tmp_path):
    with pytest.raises(KeyError, match="no stored run"):
        ResultsStore(tmp_path).weekly("nope")


def test_a_run_registered_by_another_writer_meanwhile_is_kept_once(tmp_path, small_run,
                                                                   monkeypatch):
    """Another writer opens the store between our rename and our insert, and registers the
    folder first: our insert must neither fail nor duplicate it."""
    real = ResultsStore._register

    def racing(self, rows):
        ResultsStore(self.folder)
        assert registry_ids(self.folder) == [rows[0]["run_id"]]
        real(self, rows)

    monkeypatch.setattr(ResultsStore, "_register", racing)
    save_run(ResultsStore(tmp_path), small_run)
    assert registry_ids(tmp_path) == [small_run.record.run_id]


def test_a_sweep_run_stored_twice_by_concurrent_sweeps_is_kept_once(tmp_path):
    st = ResultsStore(tmp_path)
    for _ in range(2):
        st.register_sweep("sw", {})
        st.save_sweep_run("sw", 0, 1, {"a": 1.0}, {"sentenced": 1.0}, 0.1)
    assert len(st.sweep_results("sw")) == 1
