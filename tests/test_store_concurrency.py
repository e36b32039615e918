"""Many processes on one results store at once: nothing lost, nothing half-written.

Writers and a reader are separate processes (tests/store_worker.py), started once for the module
and given a fresh store each round, so that each round is all concurrency and no start-up. Every
wait is for an event: a reply line, a process's exit.
"""

import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.experiments.runs import run_scenario
from purgesim.scenarios.scenario import load_scenario
from purgesim.storage import store as store_mod
from purgesim.storage.store import DB_NAME, ResultsStore, StoreBusyError

WORKER = str(Path(__file__).with_name("store_worker.py"))
WRITERS = 4
SAVES = 2       # runs per writer per round
ROUNDS = 20
REPLY_S = 120   # a worker that has not replied by then has hung: fail instead of hanging
CLI = [sys.executable, "-m", "purgesim.cli"]


class Worker:
    """A store_worker.py process; its stdout lines are collected by a thread."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen([sys.executable, WORKER, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def reply(self) -> list[str]:
        words = self.lines.get(timeout=REPLY_S).split(" ", 1)
        assert words[0] != "error", words[1]
        return words

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def run_pkl(tmp_path_factory) -> str:
    """A real small run, computed once; the workers store it again and again."""
    run = run_scenario(load_scenario().with_overrides(scale=40_000, seed=2))
    path = tmp_path_factory.mktemp("run") / "run.pkl"
    path.write_bytes(pickle.dumps(run))
    return str(path)


@pytest.fixture(scope="module")
def pool(run_pkl):
    writers = [Worker("writer", run_pkl) for _ in range(WRITERS)]
    reader = Worker("reader")
    yield writers, reader
    for w in [*writers, reader]:
        w.close()


def registry(store: Path) -> list[str]:
    with duckdb.connect(str(store / DB_NAME), read_only=True) as con:
        return sorted(r[0] for r in con.execute("SELECT run_id FROM runs").fetchall())


def assert_store_holds_exactly(store: Path, ids: list[str]) -> None:
    """Every run registered once, each folder complete, no temporary folder left behind."""
    assert len(set(ids)) == len(ids)
    assert registry(store) == sorted(ids)
    for run_id in ids:
        files = sorted(p.name for p in (store / run_id).iterdir())
        assert files == ["breakdown.parquet", "manifest.json", "weekly.parquet"], run_id
        assert json.loads((store / run_id / "manifest.json").read_text())["run_id"] == run_id
    assert [p.name for p in store.iterdir() if p.name.startswith(".tmp-")] == []
    assert {p.name for p in store.iterdir() if p.is_dir()} == set(ids)


def round_of_writes(pool, store: Path) -> tuple[list[str], dict]:
    """Writers save SAVES runs each while the reader lists; returns ids and the reader's log."""
    writers, reader = pool
    reader.send(str(store))
    for w in writers:
        w.send(f"{store} {SAVES}")
    ids = [i for w in writers for i in w.reply()[1].split()]
    reader.send("stop")
    return ids, json.loads(reader.reply()[1])


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_concurrent_writers_and_a_reader_lose_nothing(pool, tmp_path, round_):
    store = tmp_path / "store"
    ids, seen = round_of_writes(pool, store)
    assert len(ids) == WRITERS * SAVES
    assert seen["problems"] == []
    assert seen["last"] == sorted(ids)  # a reader after the writers sees every run
    assert_store_holds_exactly(store, ids)


def test_cli_runs_and_listings_beside_the_writers(pool, tmp_path):
    """Two real `purgesim run`s and `purgesim runs` in a loop, beside the writer processes."""
    store = tmp_path / "store"
    env = {**os.environ, "COLUMNS": "200"}
    runs = [subprocess.Popen([*CLI, "run", "--scale", "40000", "--seed", str(seed),
                              "--out", str(store)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for seed in (1, 2)]
    ids, seen = round_of_writes(pool, store)
    listings = []
    while any(p.poll() is None for p in runs) or not listings:
        listings.append(subprocess.run([*CLI, "runs", "--out", str(store), "--limit", "100"],
                                       env=env, capture_output=True, text=True, timeout=REPLY_S))
    for p in runs:
        assert p.wait(timeout=REPLY_S) == 0, p.stderr.read()
    for done in listings:
        assert done.returncode == 0 or "no results store" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert seen["problems"] == []
    cli_ids = sorted(set(registry(store)) - set(ids))
    assert len(cli_ids) == 2 and all("-historical-s" in i for i in cli_ids)
    assert_store_holds_exactly(store, ids + cli_ids)
    final = subprocess.run([*CLI, "runs", "--out", str(store), "--limit", "100"], env=env,
                           capture_output=True, text=True, timeout=REPLY_S)
    assert all(i in final.stdout for i in ids + cli_ids)


def test_a_writer_killed_between_rename_and_insert_is_registered_by_the_next(run_pkl,
                                                                            tmp_path):
    store = tmp_path / "store"
    ResultsStore(store)
    died = subprocess.run([sys.executable, WORKER, "die-after-rename", str(store), run_pkl],
                          timeout=REPLY_S)
    assert died.returncode == 9
    [folder] = [p for p in store.iterdir() if p.is_dir()]
    assert registry(store) == []  # the kill came before the insert
    listed = ResultsStore(store, read_only=True).runs()
    assert [(r["run_id"], r["registered"]) for r in listed] == [(folder.name, False)]
    assert registry(store) == []
    ResultsStore(store)  # the next writer to open the store registers it
    assert_store_holds_exactly(store, [folder.name])


def test_only_dead_writers_temporary_folders_are_removed(run_pkl, tmp_path):
    store = tmp_path / "store"
    ResultsStore(store)
    died = subprocess.run([sys.executable, WORKER, "die-while-writing", str(store), run_pkl],
                          timeout=REPLY_S)
    assert died.returncode == 9
    [dead] = [p for p in store.iterdir() if p.name.startswith(".tmp-")]
    live = Worker("hold-temp", str(store), run_pkl)
    try:
        writing = Path(live.reply()[1])
        assert writing.name.startswith(".tmp-") and writing.is_dir()
        ResultsStore(store)  # another writer opens the store while `live` writes
        assert not dead.exists()
        assert writing.is_dir()
        live.send("")  # let it finish
        run_id = live.reply()[1]
    finally:
        live.close()
    assert live.proc.returncode == 0
    assert_store_holds_exactly(store, [run_id])


@pytest.fixture
def held_registry(tmp_path):
    """A store whose DuckDB file another process holds open (read-write) until released."""
    store = tmp_path / "store"
    ResultsStore(store)
    holder = Worker("hold-registry", str(store))
    assert holder.reply() == ["held"]
    yield store, holder
    holder.close()


def test_a_registry_held_too_long_is_refused_in_one_line(held_registry, monkeypatch):
    store, _ = held_registry
    monkeypatch.setattr(store_mod, "LOCK_WAIT_S", 0.3)
    for read_only in (False, True):
        with pytest.raises(StoreBusyError, match=f"results store {store} is busy"):
            ResultsStore(store, read_only=read_only).runs()
    res = CliRunner().invoke(app, ["runs", "--out", str(store)])
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and f"{store} is busy" in res.stderr


def test_a_writer_waits_for_the_registry_while_it_is_held(held_registry, monkeypatch):
    store, holder = held_registry
    waiting = threading.Event()
    real_pause = store_mod._pause

    def pause(seconds: float) -> None:
        waiting.set()
        real_pause(seconds)

    monkeypatch.setattr(store_mod, "_pause", pause)
    opened: list[ResultsStore] = []
    thread = threading.Thread(target=lambda: opened.append(ResultsStore(store)))
    thread.start()
    assert waiting.wait(timeout=REPLY_S)  # it found the file locked and is backing off
    holder.close()                        # released: the waiting writer gets in
    thread.join(timeout=REPLY_S)
    assert len(opened) == 1 and opened[0].runs() == []
