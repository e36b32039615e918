"""Results store: a DuckDB run registry plus one folder of files per run.

Layout under the store folder (the `--out` folder)::

    purgesim.duckdb             registry: tables runs, sweeps, sweep_runs, calibrations
    <run_id>/weekly.parquet     weekly series; the manifest again in the Parquet metadata
    <run_id>/manifest.json      every registry column, the resolved scenario, library versions
    .tmp-<pid>-<run_id>/        a run being written; its writer holds `.lock` inside with flock

Writes are atomic: a run's folder is written under a temporary name and renamed into place,
and only then is its registry row inserted (`INSERT OR IGNORE`, so inserting twice is harmless).
The manifest holds every registry column, so the folder alone is the record of the run: a
writer killed between the rename and the insert leaves a complete folder that the next writer
to open the store registers, that readers list meanwhile, and that `purgesim runs --rebuild`
can always rebuild the registry from.

Any number of processes may use one store at once. Each DuckDB connection lasts one operation,
because DuckDB lets one process write a database file (or several read it) at a time; a process
that finds the file locked waits, with exponential backoff, up to `LOCK_WAIT_S` and then fails
with a `StoreError`. Temporary folders are removed only by their own writer (on failure) or once
their writer is provably dead (its flock is free, or its pid is gone), never while it writes.
Readers (`read_only=True`) create nothing and open DuckDB read-only, so they work on read-only
media and on someone else's store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from purgesim.data import REGION_CODES
from purgesim.errors import InputError
from purgesim.model.calendar import week_dates
from purgesim.model.outcomes import BROKEN_DOWN, OPERATIONS, PARTY_STATUS, RECORDED, decode
from purgesim.model.params import defaults
from purgesim.model.results import RunResult

try:  # POSIX only; without it a temporary folder's owner is judged by its pid alone
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

DB_NAME = "purgesim.duckdb"
TMP_PREFIX = ".tmp-"
LOCK_NAME = ".lock"
MANIFEST = "manifest.json"
WEEKLY = "weekly.parquet"
BREAKDOWN = "breakdown.parquet"
LEGACY_RUNS = "runs"  # stores written before 0.2 kept run folders in runs/<run_id>
LOCK_WAIT_S = 30.0    # how long to wait for another process's hold on the registry

RUN_COLUMNS = ("run_id", "created_at", "scenario", "scenario_hash", "seed", "scale", "n_agents",
               "version", "git_commit", "wall_seconds", "weeks", "arrests", "sentenced",
               "executed", "innocent_share_sentenced", "path", "overrides")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    created_at TIMESTAMP,
    scenario VARCHAR,
    scenario_hash VARCHAR,
    seed BIGINT,
    scale BIGINT,
    n_agents BIGINT,
    version VARCHAR,
    git_commit VARCHAR,
    wall_seconds DOUBLE,
    weeks BIGINT,
    arrests DOUBLE,
    sentenced DOUBLE,
    executed DOUBLE,
    innocent_share_sentenced DOUBLE,
    path VARCHAR,
    overrides VARCHAR
);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS overrides VARCHAR;
CREATE TABLE IF NOT EXISTS sweep_runs (
    sweep_id VARCHAR,
    point BIGINT,
    seed BIGINT,
    params VARCHAR,
    outcomes VARCHAR,
    wall_seconds DOUBLE,
    created_at TIMESTAMP,
    PRIMARY KEY (sweep_id, point, seed)
);
CREATE TABLE IF NOT EXISTS sweeps (
    sweep_id VARCHAR PRIMARY KEY,
    created_at TIMESTAMP,
    spec VARCHAR
);
CREATE TABLE IF NOT EXISTS banks (
    bank_id VARCHAR PRIMARY KEY,
    created_at TIMESTAMP,
    spec VARCHAR
);
CREATE TABLE IF NOT EXISTS bank_runs (
    bank_id VARCHAR,
    idx BIGINT,
    seed BIGINT,
    theta VARCHAR,
    stats VARCHAR,
    wall_seconds DOUBLE,
    created_at TIMESTAMP,
    PRIMARY KEY (bank_id, idx)
);
CREATE TABLE IF NOT EXISTS calibrations (
    name VARCHAR PRIMARY KEY,
    created_at TIMESTAMP,
    db_path VARCHAR,
    abc_id BIGINT,
    spec VARCHAR,
    simulations BIGINT,
    generations BIGINT,
    ess DOUBLE,
    wall_seconds DOUBLE,
    posterior VARCHAR
)
"""


class StoreError(InputError):
    """A results store that cannot be used; the message is one line for the user (path, fix)."""


class StoreBusyError(StoreError):
    """Another process held the registry longer than `LOCK_WAIT_S`."""


class StoreDamagedError(StoreError):
    """The registry file cannot be read as a DuckDB database: `purgesim runs --rebuild`."""


@dataclass(frozen=True)
class RunRecord:
    """What identifies and summarises one stored run."""

    run_id: str
    scenario: str
    scenario_hash: str
    seed: int
    scale: int
    version: str
    git_commit: str
    wall_seconds: float
    libraries: dict[str, str] = field(default_factory=dict)


def weekly_table(result: RunResult) -> pa.Table:
    """The weekly series as an Arrow table: week, date, then a column per recorded outcome
    (counts in persons, levels in their unit; outcomes.RECORDED)."""
    n = result.n_weeks
    cols = {"week": pa.array(np.arange(n, dtype=np.int32)),
            "date": pa.array(week_dates(n), type=pa.date32())}
    for o in RECORDED:
        cols[o.name] = pa.array(result.series(o.name))
    return pa.table(cols)


def breakdown_table(result: RunResult) -> pa.Table:
    """The broken-down outcomes as sparse rows: week, outcome, operation, region, party,
    persons (codes as text, so a file stays readable whatever later versions renumber)."""
    week, outcome, cells, persons = result.rows.T if result.rows.size else (
        np.empty((4, 0), dtype=np.int64))
    op, region, party = decode(cells)

    def text(values: tuple[str, ...], index: np.ndarray) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(index, type=pa.int32()),
                                              pa.array(values))

    return pa.table({"week": pa.array(week, type=pa.int32()),
                     "outcome": text(BROKEN_DOWN, outcome), "operation": text(OPERATIONS, op),
                     "region": text(REGION_CODES, region), "party": text(PARTY_STATUS, party),
                     "persons": pa.array(persons, type=pa.int64())})


def new_run_id(scenario: str, seed: int) -> str:
    """A unique, sortable, readable id: time, scenario, seed, random suffix."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{scenario}-s{seed}-{uuid.uuid4().hex[:6]}"


def param_overrides(params: dict[str, float]) -> dict[str, float]:
    """The parameters that differ from the registry defaults: what tells a `--set` run apart."""
    base = defaults()
    return {k: v for k, v in sorted(params.items()) if base.get(k) != v}


def format_overrides(overrides: dict[str, float] | str | None) -> str:
    """`a=1, b=2` for display (accepts the registry's JSON text too)."""
    if isinstance(overrides, str):
        overrides = json.loads(overrides) if overrides else {}
    return ", ".join(f"{k}={v:g}" for k, v in (overrides or {}).items())


def no_store_message(folder: Path) -> str:
    """What to say when a folder holds no results store."""
    return (f"no results store at {folder} (run `purgesim run --out {folder}` to create one)")


# ---------------------------------------------------------------------- manifests and rows
def manifest_row(manifest: dict, path: str) -> dict[str, Any]:
    """The registry row of a run, from its manifest (the manifest holds every column)."""
    summary = manifest["summary"]
    overrides = manifest.get("overrides")
    if overrides is None:  # manifests written before overrides were recorded
        overrides = param_overrides(manifest.get("scenario_resolved", {}).get("params", {}))
    created = dt.datetime.fromisoformat(manifest["created_at"])
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    return {"run_id": manifest["run_id"], "created_at": created,
            "scenario": manifest["scenario"], "scenario_hash": manifest["scenario_hash"],
            "seed": manifest["seed"], "scale": manifest["scale"],
            "n_agents": manifest["n_agents"], "version": manifest["version"],
            "git_commit": manifest["git_commit"], "wall_seconds": manifest["wall_seconds"],
            "weeks": manifest["weeks"],
            **{column: _summary_value(summary, column) for column in SUMMARY_COLUMNS},
            "path": path,
            "overrides": json.dumps(overrides, sort_keys=True)}


SUMMARY_COLUMNS = {"arrests": "arrested", "sentenced": "sentenced", "executed": "shot",
                   "innocent_share_sentenced": "innocent_share_sentenced"}
"""Registry columns holding a run's headline figures, and the figure each holds."""


def _summary_value(summary: dict[str, float], column: str) -> float:
    """A registry column's figure from a manifest's summary (older manifests used the
    column's own name)."""
    return summary.get(SUMMARY_COLUMNS[column], summary.get(column, float("nan")))


def _read_manifest(folder: Path) -> dict | None:
    """A run folder's manifest, or None if the folder is not a complete run."""
    if not (folder / WEEKLY).is_file():
        return None
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------------- DuckDB access
def _is_lock_error(err: Exception) -> bool:
    """DuckDB's "another process holds the file" (not any message with "lock" in it: "block")."""
    text = str(err)
    return "Could not set lock on file" in text or "Conflicting lock is held" in text


def _first_line(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text.removeprefix("IO Error: ")


def _pause(seconds: float) -> None:
    """Back off before trying the registry again (a seam for tests to observe the waiting)."""
    time.sleep(seconds)


def _connect_waiting(db: Path, read_only: bool, folder: Path) -> duckdb.DuckDBPyConnection:
    """Connect, waiting with exponential backoff while another process holds the file."""
    deadline = time.monotonic() + LOCK_WAIT_S
    delay = 0.005
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.Error as err:
            if not _is_lock_error(err):
                raise _classify(err, db, folder) from None
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusyError(
                    f"results store {folder} is busy: another process has held {db.name} for "
                    f"{LOCK_WAIT_S:g} s; try again when it finishes") from None
        _pause(min(left, delay * random.uniform(0.5, 1.5)))
        delay = min(delay * 2, 0.1)  # a failed try costs ~10 ms: retry often, not in bursts


def _classify(err: Exception, db: Path, folder: Path) -> StoreError:
    """Turn a DuckDB failure to open or read the registry into a one-line user error."""
    text = str(err)
    if "Permission denied" in text or "Read-only file system" in text:
        return StoreError(f"cannot use results store {folder}: {db.name} is not writable "
                          f"({_first_line(err)}); choose a folder you can write to with --out")
    return StoreDamagedError(f"registry {db} is damaged ({_first_line(err)}); rebuild it "
                             f"from the run folders with `purgesim runs --rebuild --out {folder}`")


def _create_registry(folder: Path, db: Path) -> None:
    """Create the registry whole under a temporary name and link it into place.

    Other processes thus never see a half-initialised database file, and when two writers
    create a new store at once, one registry wins and the other is discarded unused.
    """
    tmp = folder / f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}.duckdb"
    try:
        with duckdb.connect(str(tmp)) as con:
            con.execute(_SCHEMA)
        try:
            os.link(tmp, db)
        except FileExistsError:
            pass
        except OSError:  # a filesystem without hard links
            if not db.exists():
                os.rename(tmp, db)
    except duckdb.Error as err:
        raise _classify(err, db, folder) from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


# ---------------------------------------------------------------------- temporary folders
def _pid_of(name: str) -> int | None:
    head = name.removeprefix(TMP_PREFIX).split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) is not a probe on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def _flock_free(lock: Path) -> bool | None:
    """True if no process holds `lock` (so its writer is dead); None if that cannot be told."""
    if fcntl is None:
        return None
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # also releases the lock if we got it
    return True


def _writer_alive(tmp: Path) -> bool:
    """Whether the process that made a temporary entry may still be using it.

    The flock on the entry's lock file is decisive (the kernel drops it when its holder dies,
    even by kill -9); without one, the pid in the name; when neither can be read, keep it.
    """
    free = _flock_free(tmp / LOCK_NAME) if tmp.is_dir() else None
    if free is not None:
        return not free
    pid = _pid_of(tmp.name)
    return True if pid is None else _pid_alive(pid)


class _TempRun:
    """A run folder being written under `.tmp-<pid>-<run_id>`, flocked while its writer lives."""

    def __init__(self, folder: Path, run_id: str):
        self.path = folder / f"{TMP_PREFIX}{os.getpid()}-{run_id}"
        self.path.mkdir()
        # locked under another name, then renamed: `.lock` is never seen unlocked while we live
        fresh = self.path / f"{LOCK_NAME}-new"
        self._fd = os.open(fresh, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        os.rename(fresh, self.path / LOCK_NAME)

    def commit(self, final: Path) -> None:
        """Move the finished folder into place (without its lock file), atomically."""
        (self.path / LOCK_NAME).unlink()  # the pid in the name still marks it live meanwhile
        _fsync_dir(self.path)
        os.rename(self.path, final)
        self._close()

    def abort(self) -> None:
        """Remove the half-written folder: it is ours, so no one else will."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._close()

    def _close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


# ---------------------------------------------------------------------- the store
class ResultsStore:
    """A results store in `folder`.

    A writer (the default) creates the folder and registry if needed, refuses at once a folder
    it cannot use (`StoreError`), removes dead writers' leftovers and registers complete run
    folders missing from the registry. A reader (`read_only=True`) changes nothing and refuses
    a folder that holds no store.
    """

    def __init__(self, folder: str | Path, read_only: bool = False):
        self.folder = Path(folder)
        self.db_path = self.folder / DB_NAME
        self.read_only = read_only
        if read_only:
            self._check_is_store()
        else:
            self._prepare_folder()
            self._open_registry()
            self._remove_dead_temps()

    # -------------------------------------------------------------- opening
    def _check_is_store(self) -> None:
        if not self.folder.is_dir() or not (self.db_path.exists() or any(self._run_dirs())):
            raise StoreError(no_store_message(self.folder))

    def _prepare_folder(self) -> None:
        """Make sure the folder exists and is writable before anything is run for it."""
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"results store {self.folder} is a file, not a folder; "
                             "give --out a folder (new or existing)")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-probe-",
                                         dir=self.folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as err:
            raise StoreError(f"cannot write to results store {self.folder} "
                             f"({err.strerror or err}); choose a folder you can write to "
                             "with --out") from None

    def _open_registry(self) -> None:
        """Create or migrate the schema and register run folders the registry lacks."""
        with self._session(check=True) as con:
            con.execute(_SCHEMA)
            rows = con.execute("SELECT path, overrides IS NULL FROM runs").fetchall()
            self._insert(con, self._disk_rows(skip={p for p, _ in rows}))
            self._backfill_overrides(con, [p for p, missing in rows if missing])

    def _backfill_overrides(self, con: duckdb.DuckDBPyConnection, paths: list[str]) -> None:
        """Fill the overrides of runs registered before the column existed, from manifests."""
        updates = []
        for rel in paths:
            manifest = _read_manifest(self.folder / rel)
            with contextlib.suppress(KeyError, TypeError, ValueError):
                if manifest is not None:
                    updates.append([manifest_row(manifest, rel)["overrides"], rel])
        if updates:
            con.executemany("UPDATE runs SET overrides = ? WHERE path = ?", updates)

    @contextlib.contextmanager
    def _session(self, check: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """One connection for one operation; with `check`, a DuckDB failure means damage."""
        if not self.db_path.exists():
            if self.read_only:
                raise StoreError(f"results store {self.folder} has no registry {DB_NAME}; "
                                 f"rebuild it with `purgesim runs --rebuild --out {self.folder}`")
            _create_registry(self.folder, self.db_path)
        con = _connect_waiting(self.db_path, self.read_only, self.folder)
        try:
            yield con
        except duckdb.Error as err:
            if check:
                raise _classify(err, self.db_path, self.folder) from None
            raise
        finally:
            con.close()

    def _remove_dead_temps(self) -> None:
        """Remove what dead writers left behind; a live writer's folder is never touched."""
        for entry in self.folder.iterdir():
            if not entry.name.startswith(TMP_PREFIX) or _writer_alive(entry):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()

    # -------------------------------------------------------------- run folders on disk
    def _run_dirs(self) -> Iterator[Path]:
        """Candidate run folders: visible subfolders, and those of the old runs/ layout."""
        with contextlib.suppress(OSError):
            for entry in sorted(self.folder.iterdir()):
                if entry.name.startswith(".") or not entry.is_dir():
                    continue
                if (entry / MANIFEST).is_file():
                    yield entry
                elif entry.name == LEGACY_RUNS:
                    yield from (d for d in sorted(entry.iterdir())
                                if not d.name.startswith(".") and (d / MANIFEST).is_file())

    def _disk_rows(self, skip: AbstractSet[str] = frozenset()) -> list[dict[str, Any]]:
        """Registry rows of the complete run folders whose relative path is not in `skip`."""
        rows = []
        for d in self._run_dirs():
            rel = d.relative_to(self.folder).as_posix()
            if rel in skip:
                continue
            manifest = _read_manifest(d)
            with contextlib.suppress(KeyError, TypeError, ValueError):
                if manifest is not None:
                    rows.append(manifest_row(manifest, rel))
        return rows

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
                replace: bool = False) -> None:
        """Insert rows in one transaction; with `replace`, instead of every row there was."""
        if not rows and not replace:
            return
        con.execute("BEGIN TRANSACTION")
        if replace:
            con.execute("DELETE FROM runs")
        if rows:
            incoming = pa.Table.from_pylist([{c: r[c] for c in RUN_COLUMNS} for r in rows])
            con.register("incoming", incoming)
            con.execute("INSERT OR IGNORE INTO runs BY NAME SELECT * FROM incoming")
            con.unregister("incoming")
        con.execute("COMMIT")

    def _require_writer(self) -> None:
        if self.read_only:
            raise StoreError(f"results store {self.folder} was opened read-only")

    # -------------------------------------------------------------- runs
    def save(self, record: RunRecord, result: RunResult, scenario_json: dict,
             summary: dict[str, float]) -> Path:
        """Store a finished run atomically; returns its folder."""
        self._require_writer()
        final = self.folder / record.run_id
        if final.exists():
            raise FileExistsError(f"run {record.run_id} already stored")
        manifest = self._manifest(record, result, scenario_json, summary)
        tmp = _TempRun(self.folder, record.run_id)
        try:
            _write_run_files(tmp.path, result, manifest)
            tmp.commit(final)
        except BaseException:
            tmp.abort()
            raise
        _fsync_dir(self.folder)
        self._register([manifest_row(manifest, record.run_id)])
        return final

    @staticmethod
    def _manifest(record: RunRecord, result: RunResult, scenario_json: dict,
                  summary: dict[str, float]) -> dict:
        """Everything about a run: every registry column, so the folder alone can be
        registered again; the resolved scenario and library versions for reproduction."""
        return {**asdict(record), "scenario_resolved": scenario_json, "summary": summary,
                "overrides": param_overrides(scenario_json.get(
                    "params_set", scenario_json.get("params", {}))),
                "n_agents": result.n_agents, "weeks": int(result.counts.shape[0]),
                "created_at": dt.datetime.now(dt.UTC).isoformat()}

    def _register(self, rows: list[dict[str, Any]]) -> None:
        """Insert registry rows (a row already there, e.g. registered by another writer that
        found the folder first, is left as it is)."""
        with self._session() as con:
            self._insert(con, rows)

    def runs(self) -> list[dict]:
        """Every stored run, newest first: the registry, plus complete run folders it does not
        list yet (their writer died, or is between rename and insert), `registered` False."""
        rows = [{**r, "registered": True} for r in self._registry_rows()]
        known = {r["path"] for r in rows}
        rows += [{**r, "registered": False} for r in self._disk_rows(skip=known)]
        rows.sort(key=lambda r: (r["created_at"] or dt.datetime.min, r["run_id"]), reverse=True)
        return rows

    def _registry_rows(self) -> list[dict]:
        if self.read_only and not self.db_path.exists():
            return []
        with self._session(check=True) as con:
            cur = con.execute("SELECT * FROM runs")
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        for r in rows:
            r.setdefault("overrides", None)
        return rows

    def run(self, run_id: str) -> dict | None:
        """One run's row (as in `runs`), or None."""
        return next((r for r in self.runs() if r["run_id"] == run_id), None)

    def manifest(self, run_id: str) -> dict:
        """A stored run's manifest."""
        row = self.run(run_id)
        if row is None:
            raise KeyError(f"no stored run {run_id!r}")
        folder = self.folder / row["path"]
        manifest = _read_manifest(folder)
        if manifest is None:
            meta = pq.read_schema(folder / WEEKLY).metadata or {}
            manifest = json.loads(meta[b"purgesim_manifest"])
        return manifest

    def weekly(self, run_id: str) -> pa.Table:
        """The weekly series of a stored run."""
        return pq.read_table(self._run_file(run_id, WEEKLY))

    def breakdown(self, run_id: str) -> pa.Table | None:
        """The broken-down outcomes of a stored run (None for runs stored before they were
        recorded)."""
        try:
            return pq.read_table(self._run_file(run_id, BREAKDOWN))
        except KeyError:
            self._run_file(run_id, WEEKLY)  # an unknown run is still an error
            return None

    def _run_file(self, run_id: str, name: str) -> Path:
        row = self.run(run_id)
        path = None if row is None else self.folder / row["path"] / name
        if path is None or not path.is_file():
            raise KeyError(f"no stored run {run_id!r}")
        return path

    @classmethod
    def rebuild(cls, folder: str | Path) -> tuple[ResultsStore, int, Path | None]:
        """Rebuild the `runs` table from the run folders' manifests.

        A registry DuckDB cannot read is moved aside as `purgesim.duckdb.corrupt-<time>` (never
        deleted: it may hold sweeps and calibrations) and a new one made. Returns the store,
        the number of runs registered, and where a damaged registry was moved.
        """
        folder = Path(folder)
        cls(folder, read_only=True)  # refuses a folder that is no store (a mistyped --out)
        db = folder / DB_NAME
        ino = db.stat().st_ino if db.exists() else None
        try:
            store = cls(folder)
            return store, store._reregister_all(), None
        except StoreDamagedError:
            moved = _move_aside(db, ino)
        store = cls(folder)
        return store, store._reregister_all(), moved

    def _reregister_all(self) -> int:
        """Replace the `runs` table by the manifests on disk, after reading every table whole
        (so that a registry damaged anywhere is found here, not later)."""
        with self._session(check=True) as con:
            for table in ("sweeps", "sweep_runs", "banks", "bank_runs", "calibrations"):
                con.execute(f"SELECT * FROM {table}").fetchall()
            rows = self._disk_rows()  # read while holding the registry: no writer in between
            self._insert(con, rows, replace=True)
        return len(rows)

    # -------------------------------------------------------------- sweeps
    def register_sweep(self, sweep_id: str, spec: dict) -> None:
        """Record a sweep's specification once (a resumed sweep finds it already there)."""
        self._register_spec("sweeps", "sweep_id", sweep_id, spec)

    def sweep_done(self, sweep_id: str) -> set[tuple[int, int]]:
        """(point, seed) pairs of a sweep already stored."""
        with self._session() as con:
            rows = con.execute("SELECT point, seed FROM sweep_runs WHERE sweep_id = ?",
                               [sweep_id]).fetchall()
        return {(int(p), int(s)) for p, s in rows}

    def save_sweep_run(self, sweep_id: str, point: int, seed: int, params: dict,
                       outcomes: dict, wall_seconds: float) -> None:
        """Store one finished sweep run in a single transaction (all or nothing); the same run
        stored by a concurrent copy of the sweep is kept once."""
        self._require_writer()
        with self._session() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute("INSERT OR IGNORE INTO sweep_runs BY NAME SELECT ? AS sweep_id, "
                        "? AS point, ? AS seed, ? AS params, ? AS outcomes, ? AS wall_seconds, "
                        "now() AS created_at",
                        [sweep_id, point, seed, json.dumps(params, sort_keys=True),
                         json.dumps(outcomes, sort_keys=True), wall_seconds])
            con.execute("COMMIT")

    def sweep_results(self, sweep_id: str) -> list[dict]:
        """Every stored run of a sweep: point, seed, params and outcomes."""
        with self._session() as con:
            rows = con.execute("SELECT point, seed, params, outcomes FROM sweep_runs "
                               "WHERE sweep_id = ? ORDER BY point, seed", [sweep_id]).fetchall()
        return [{"point": p, "seed": s, "params": json.loads(a), "outcomes": json.loads(o)}
                for p, s, a, o in rows]

    # -------------------------------------------------------------- simulation banks
    def register_bank(self, bank_id: str, spec: dict) -> None:
        """Record a bank's specification once (filling it again finds it there)."""
        self._register_spec("banks", "bank_id", bank_id, spec)

    def _register_spec(self, table: str, key: str, value: str, spec: dict) -> None:
        """Insert a (key, created_at, spec) row into `table` once (sweeps, banks)."""
        self._require_writer()
        with self._session() as con:
            con.execute(f"INSERT OR IGNORE INTO {table} BY NAME "
                        f"SELECT ? AS {key}, now() AS created_at, ? AS spec",
                        [value, json.dumps(spec, sort_keys=True)])

    def bank_spec(self, bank_id: str) -> dict | None:
        """The specification a bank was registered with (None if it never was)."""
        with self._session() as con:
            rows = con.execute("SELECT spec FROM banks WHERE bank_id = ?", [bank_id]).fetchall()
        return json.loads(rows[0][0]) if rows else None

    def bank_done(self, bank_id: str) -> set[int]:
        """Indices of a bank's runs already stored."""
        with self._session() as con:
            rows = con.execute("SELECT idx FROM bank_runs WHERE bank_id = ?",
                               [bank_id]).fetchall()
        return {int(i) for (i,) in rows}

    def save_bank_runs(self, bank_id: str,
                       runs: list[tuple[int, int, dict, dict, float]]) -> None:
        """Store a batch of finished bank runs, (index, seed, theta, stats, wall seconds)
        each, in one transaction (all or nothing); a run stored by a concurrent filling of the
        same bank is kept once."""
        self._require_writer()
        with self._session() as con:
            con.execute("BEGIN TRANSACTION")
            for idx, seed, theta, stats, wall in runs:
                con.execute("INSERT OR IGNORE INTO bank_runs BY NAME SELECT ? AS bank_id, "
                            "? AS idx, ? AS seed, ? AS theta, ? AS stats, ? AS wall_seconds, "
                            "now() AS created_at",
                            [bank_id, idx, seed, json.dumps(theta, sort_keys=True),
                             json.dumps(stats, sort_keys=True), wall])
            con.execute("COMMIT")

    def bank_results(self, bank_id: str) -> list[dict]:
        """Every stored run of a bank: index, seed, theta and stats, by index."""
        with self._session() as con:
            rows = con.execute("SELECT idx, seed, theta, stats FROM bank_runs "
                               "WHERE bank_id = ? ORDER BY idx", [bank_id]).fetchall()
        return [{"index": int(i), "seed": int(s), "theta": json.loads(t),
                 "stats": json.loads(st)} for i, s, t, st in rows]

    # -------------------------------------------------------------- calibrations
    def save_calibration(self, row: dict) -> None:
        """Register (or update) a calibration's posterior summary."""
        self._require_writer()
        with self._session() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM calibrations WHERE name = ?", [row["name"]])
            con.execute("INSERT INTO calibrations BY NAME SELECT ? AS name, now() AS created_at, "
                        "? AS db_path, ? AS abc_id, ? AS spec, ? AS simulations, "
                        "? AS generations, ? AS ess, ? AS wall_seconds, ? AS posterior",
                        [row["name"], row["db_path"], row["abc_id"], json.dumps(row["spec"]),
                         row["simulations"], row["generations"], row["ess"],
                         row["wall_seconds"], json.dumps(row["posterior"])])
            con.execute("COMMIT")

    def calibration(self, name: str) -> dict | None:
        """A registered calibration, or None."""
        with self._session() as con:
            cur = con.execute("SELECT * FROM calibrations WHERE name = ?", [name])
            names = [d[0] for d in cur.description]
            row = cur.fetchone()
        return None if row is None else dict(zip(names, row, strict=True))

    def query(self, sql: str) -> list[tuple]:
        """Run SQL against the registry, with a `weekly` view over every registered run."""
        with self._session() as con:
            files = [(self.folder / p / WEEKLY).as_posix()
                     for (p,) in con.execute("SELECT path FROM runs").fetchall()]
            files = [f for f in files if Path(f).is_file()]
            if files:
                listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                con.execute(
                    "CREATE OR REPLACE TEMP VIEW weekly AS SELECT *, "
                    "regexp_extract(filename, '([^/]+)/weekly\\.parquet$', 1) AS run_id "
                    f"FROM read_parquet([{listed}], filename=true)")
            return con.execute(sql).fetchall()


def _write_run_files(folder: Path, result: RunResult, manifest: dict) -> None:
    """The weekly series (manifest in its metadata) and manifest.json, flushed to disk."""
    table = weekly_table(result).replace_schema_metadata(
        {"purgesim_manifest": json.dumps(manifest, sort_keys=True)})
    pq.write_table(breakdown_table(result), folder / BREAKDOWN)
    pq.write_table(table, folder / WEEKLY)
    with open(folder / MANIFEST, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, indent=2, sort_keys=True))
        fh.flush()
        os.fsync(fh.fileno())


def _move_aside(db: Path, ino: int | None) -> Path | None:
    """Move a damaged registry to `<name>.corrupt-<UTC time>` (with its WAL, if any); not if
    it is no longer the file found damaged (inode `ino`): another rebuild replaced it."""
    try:
        if db.stat().st_ino != ino:
            return None
    except FileNotFoundError:
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = db.with_name(f"{db.name}.corrupt-{stamp}")
    os.rename(db, aside)
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        os.rename(wal, aside.with_name(aside.name + ".wal"))
    return aside


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (best effort where the OS does not allow it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
