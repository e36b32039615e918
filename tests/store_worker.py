"""A separate process for tests/test_store_concurrency.py: it writes or reads a results store.

    store_worker.py writer RUN_PKL       then lines "STORE N": save N runs, reply "done ID ..."
    store_worker.py reader               then "STORE": list runs in a loop until a line "stop",
                                         reply "done JSON" (listings, problems, last listing)
    store_worker.py die-after-rename STORE RUN_PKL    exit 9 between the rename and the insert
    store_worker.py die-while-writing STORE RUN_PKL   exit 9 with its temporary folder half done
    store_worker.py hold-temp STORE RUN_PKL           print "writing TMP", wait for a line, finish
    store_worker.py hold-registry STORE               hold the DuckDB file until stdin closes

Every reply is one line on stdout; a failure is replied as "error ..." so the test sees it.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import threading
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from purgesim.experiments.runs import save_run
from purgesim.storage.store import DB_NAME, ResultsStore, StoreError


def reply(*words: object) -> None:
    print(*words, flush=True)


def load_run(path: str):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def writer(run_pkl: str) -> None:
    run = load_run(run_pkl)
    for line in sys.stdin:
        store, n = line.split()
        try:
            ids = []
            for _ in range(int(n)):  # a fresh open per run, as separate `purgesim run`s do
                save_run(ResultsStore(store), run)
                ids.append(run.record.run_id)
            reply("done", *ids)
        except Exception as err:
            reply("error", repr(err).replace("\n", " "))


def check_listing(store: Path, rows: list[dict], before: set[str]) -> list[str]:
    """What is wrong with one listing: duplicates, runs gone since `before`, partial folders."""
    ids = [r["run_id"] for r in rows]
    problems = [f"listed twice: {i}" for i in set(ids) if ids.count(i) > 1]
    problems += [f"vanished: {i}" for i in before - set(ids)]
    problems += [f"incomplete folder: {r['path']}" for r in rows
                 if not ((store / r["path"] / "weekly.parquet").is_file()
                         and (store / r["path"] / "manifest.json").is_file())]
    return problems


def list_runs(store: Path) -> list[dict] | None:
    """One reader's listing, or None while no writer has created the store yet."""
    try:
        return ResultsStore(store, read_only=True).runs()
    except StoreError as err:
        if "no results store" in str(err):
            return None
        raise


def read_loop(store: Path, stop: threading.Event) -> dict:
    seen: set[str] = set()
    problems: list[str] = []
    listings = 0
    while True:
        last = stop.is_set()  # after "stop", one more listing: it must hold every run
        try:
            rows = list_runs(store)
        except Exception as err:
            problems.append(repr(err))
            rows = None
        if rows is None:
            time.sleep(0.002)  # pacing only: the store does not exist yet
        else:
            problems += check_listing(store, rows, seen)
            seen = {r["run_id"] for r in rows}
            listings += 1
        if last:
            return {"listings": listings, "problems": problems, "last": sorted(seen)}


def read_until_stop(store: Path) -> dict:
    """Listings in a thread until the next stdin line ("stop") arrives."""
    stop = threading.Event()
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(read_loop(store, stop)))
    thread.start()
    sys.stdin.readline()
    stop.set()
    thread.join()
    return result


def reader() -> None:
    for line in sys.stdin:
        reply("done", json.dumps(read_until_stop(Path(line.strip()))))


def die_after_rename(store: str, run_pkl: str) -> None:
    ResultsStore._register = lambda self, rows: os._exit(9)
    save_run(ResultsStore(store), load_run(run_pkl))


def die_while_writing(store: str, run_pkl: str) -> None:
    pq.write_table = lambda table, where, **kw: os._exit(9)
    save_run(ResultsStore(store), load_run(run_pkl))


def hold_temp(store: str, run_pkl: str) -> None:
    real = pq.write_table
    held_once = threading.Event()

    def held(table, where, **kw):  # hold at the run's first file, then write the rest
        if not held_once.is_set():
            held_once.set()
            reply("writing", Path(where).parent)
            sys.stdin.readline()
        real(table, where, **kw)

    pq.write_table = held
    run = save_run(ResultsStore(store), load_run(run_pkl))
    reply("stored", run.record.run_id)


def hold_registry(store: str) -> None:
    with duckdb.connect(str(Path(store) / DB_NAME)):
        reply("held")
        sys.stdin.read()


if __name__ == "__main__":
    role, *args = sys.argv[1:]
    {"writer": writer, "reader": reader, "die-after-rename": die_after_rename,
     "die-while-writing": die_while_writing, "hold-temp": hold_temp,
     "hold-registry": hold_registry}[role](*args)
