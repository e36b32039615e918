"""Results store: a DuckDB run registry plus one Parquet file of weekly series per run.

Layout under the store folder::

    purgesim.duckdb            registry of finished runs (table `runs`)
    runs/<run_id>/weekly.parquet   weekly series, manifest in the Parquet key-value metadata
    runs/<run_id>/manifest.json    scenario (resolved), seed, scale, version, commit, timings

Writes are atomic: a run's folder is written under a temporary name and renamed into place,
and only then is its registry row inserted in a transaction. A run killed at any point leaves
no registry entry and touches nothing already stored; leftover temporary folders are removed
the next time the store is opened.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from purgesim.model.calendar import week_dates
from purgesim.model.engine import RunResult
from purgesim.model.outcomes import COUNT_SERIES, LEVEL_SERIES

DB_NAME = "purgesim.duckdb"
TMP_PREFIX = ".tmp-"

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
    path VARCHAR
);
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


def weekly_table(result: RunResult) -> pa.Table:
    """The weekly series as an Arrow table: week, date, counts (persons), levels."""
    n = result.counts.shape[0]
    cols = {"week": pa.array(np.arange(n, dtype=np.int32)),
            "date": pa.array(week_dates(n), type=pa.date32())}
    for i, name in enumerate(COUNT_SERIES):
        cols[name] = pa.array(result.counts[:, i])
    for i, name in enumerate(LEVEL_SERIES):
        cols[name] = pa.array(result.levels[:, i])
    return pa.table(cols)


def new_run_id(scenario: str, seed: int) -> str:
    """A unique, sortable, readable id: time, scenario, seed, random suffix."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{scenario}-s{seed}-{uuid.uuid4().hex[:6]}"


class ResultsStore:
    """Open (creating if needed) a results store in `folder`."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.runs_dir = self.folder / "runs"
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.folder / DB_NAME
        with self._connect() as con:
            con.execute(_SCHEMA)
        self._remove_leftovers()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.db_path))

    def _remove_leftovers(self) -> None:
        for child in self.runs_dir.iterdir():
            if child.name.startswith(TMP_PREFIX):
                shutil.rmtree(child, ignore_errors=True)

    def save(self, record: RunRecord, result: RunResult, scenario_json: dict,
             summary: dict[str, float]) -> Path:
        """Store a finished run atomically; returns its folder."""
        final = self.runs_dir / record.run_id
        if final.exists():
            raise FileExistsError(f"run {record.run_id} already stored")
        tmp = self.runs_dir / f"{TMP_PREFIX}{record.run_id}"
        tmp.mkdir()
        manifest = {**record.__dict__, "scenario_resolved": scenario_json, "summary": summary,
                    "n_agents": result.n_agents, "weeks": int(result.counts.shape[0]),
                    "created_at": dt.datetime.now(dt.UTC).isoformat()}
        table = weekly_table(result).replace_schema_metadata(
            {"purgesim_manifest": json.dumps(manifest, sort_keys=True)})
        pq.write_table(table, tmp / "weekly.parquet")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        _fsync_dir(tmp)
        os.replace(tmp, final)
        _fsync_dir(self.runs_dir)
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "INSERT INTO runs VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [record.run_id, record.scenario, record.scenario_hash, record.seed,
                 record.scale, result.n_agents, record.version, record.git_commit,
                 record.wall_seconds, int(result.counts.shape[0]), summary["arrests"],
                 summary["sentenced"], summary["executed"], summary["innocent_share_sentenced"],
                 str(final.relative_to(self.folder))])
            con.execute("COMMIT")
        return final

    # ------------------------------------------------------------------ sweeps
    def register_sweep(self, sweep_id: str, spec: dict) -> None:
        """Record a sweep's specification once (a resumed sweep finds it already there)."""
        with self._connect() as con:
            con.execute("INSERT OR IGNORE INTO sweeps VALUES (?, now(), ?)",
                        [sweep_id, json.dumps(spec, sort_keys=True)])

    def sweep_done(self, sweep_id: str) -> set[tuple[int, int]]:
        """(point, seed) pairs of a sweep already stored."""
        with self._connect() as con:
            rows = con.execute("SELECT point, seed FROM sweep_runs WHERE sweep_id = ?",
                               [sweep_id]).fetchall()
        return {(int(p), int(s)) for p, s in rows}

    def save_sweep_run(self, sweep_id: str, point: int, seed: int, params: dict,
                       outcomes: dict, wall_seconds: float) -> None:
        """Store one finished sweep run in a single transaction (all or nothing)."""
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute("INSERT INTO sweep_runs VALUES (?, ?, ?, ?, ?, ?, now())",
                        [sweep_id, point, seed, json.dumps(params, sort_keys=True),
                         json.dumps(outcomes, sort_keys=True), wall_seconds])
            con.execute("COMMIT")

    def sweep_results(self, sweep_id: str) -> list[dict]:
        """Every stored run of a sweep: point, seed, params and outcomes."""
        with self._connect() as con:
            rows = con.execute("SELECT point, seed, params, outcomes FROM sweep_runs "
                               "WHERE sweep_id = ? ORDER BY point, seed", [sweep_id]).fetchall()
        return [{"point": p, "seed": s, "params": json.loads(a), "outcomes": json.loads(o)}
                for p, s, a, o in rows]

    # ------------------------------------------------------------------ calibrations
    def save_calibration(self, row: dict) -> None:
        """Register (or update) a calibration's posterior summary."""
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM calibrations WHERE name = ?", [row["name"]])
            con.execute("INSERT INTO calibrations VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?)",
                        [row["name"], row["db_path"], row["abc_id"], json.dumps(row["spec"]),
                         row["simulations"], row["generations"], row["ess"],
                         row["wall_seconds"], json.dumps(row["posterior"])])
            con.execute("COMMIT")

    def calibration(self, name: str) -> dict | None:
        """A registered calibration, or None."""
        with self._connect() as con:
            cur = con.execute("SELECT * FROM calibrations WHERE name = ?", [name])
            names = [d[0] for d in cur.description]
            row = cur.fetchone()
        return None if row is None else dict(zip(names, row, strict=True))

    def runs(self) -> list[dict]:
        """The registry, newest first."""
        with self._connect() as con:
            cur = con.execute("SELECT * FROM runs ORDER BY created_at DESC, run_id DESC")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def weekly(self, run_id: str) -> pa.Table:
        """The weekly series of a stored run."""
        path = self.runs_dir / run_id / "weekly.parquet"
        if not path.is_file() or not any(r["run_id"] == run_id for r in self.runs()):
            raise KeyError(f"no stored run {run_id!r}")
        return pq.read_table(path)

    def query(self, sql: str) -> list[tuple]:
        """Run SQL against the registry, with a `weekly` view over every stored run."""
        with self._connect() as con:
            files = str(self.runs_dir / "*" / "weekly.parquet")
            if any(self.runs_dir.glob("*/weekly.parquet")):
                con.execute(
                    "CREATE OR REPLACE TEMP VIEW weekly AS SELECT *, "
                    "regexp_extract(filename, 'runs/([^/]+)/weekly', 1) AS run_id "
                    f"FROM read_parquet('{files}', filename=true)")
            return con.execute(sql).fetchall()


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
