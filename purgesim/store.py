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
