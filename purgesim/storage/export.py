"""Stored runs as one tidy table, for any tool: Parquet or CSV, or a pandas DataFrame.

One row per week and breakdown cell of each outcome, with exactly the columns of
`results.TIDY_COLUMNS` (run_id, scenario, seed, scale, date, outcome, operation, region,
republic, party, value). An outcome appears at its finest breakdown only, so summing an
outcome's rows over any columns gives its total; rows of zero are left out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from purgesim.data import REGION_CODES
from purgesim.errors import InputError
from purgesim.model.outcomes import (
    BROKEN_DOWN,
    COLUMN,
    OPERATIONS,
    PARTY_STATUS,
    RECORDED,
    cell,
)
from purgesim.model.results import TIDY_COLUMNS, tidy_frame
from purgesim.storage.files import atomic_write
from purgesim.storage.store import ResultsStore

FORMATS = (".parquet", ".csv")

LEGACY_PAIRS = {"arrested": "arrests", "confessions": "confessions",
                "sentenced_death": "sentenced_cat1", "sentenced_camp": "sentenced_camp",
                "sentenced_exile": "sentenced_exile", "shot": "executions",
                "camp_deaths": "camp_deaths", "camp_population": "camp_population"}
"""Runs stored before the outcome table kept `x_innocent` and `x_guilty` columns (and no
breakdown): the outcome `x` is their sum, `x_guilty` the second."""


def _column(table: pa.Table, name: str) -> np.ndarray | None:
    """A recorded outcome's weekly values from a stored weekly table (older layouts too)."""
    if name in table.column_names:
        return table[name].to_numpy()
    for new, old in LEGACY_PAIRS.items():
        if name == new and f"{old}_innocent" in table.column_names:
            return table[f"{old}_innocent"].to_numpy() + table[f"{old}_guilty"].to_numpy()
        if name == f"{new}_guilty" and f"{old}_guilty" in table.column_names:
            return table[f"{old}_guilty"].to_numpy()
    return None


def stored_arrays(store: ResultsStore, run_id: str) -> tuple[np.ndarray, ...]:
    """(counts, levels, rows) of a stored run, laid out as in a RunResult."""
    weekly = store.weekly(run_id)
    n = weekly.num_rows
    counts = np.zeros((n, len(RECORDED)), dtype=np.int64)
    levels = np.zeros((n, len(RECORDED)), dtype=np.float64)
    for o in RECORDED:
        values = _column(weekly, o.name)
        if values is None:
            continue
        if o.scaled:
            counts[:, COLUMN[o.name]] = values
        else:
            levels[:, COLUMN[o.name]] = values
    return counts, levels, _rows(store.breakdown(run_id))


def _rows(table: pa.Table | None) -> np.ndarray:
    """Sparse breakdown rows (week, outcome, cell, persons) from a stored breakdown table."""
    if table is None or table.num_rows == 0:
        return np.empty((0, 4), dtype=np.int64)

    def codes(column: str, values: tuple[str, ...]) -> np.ndarray:
        text = table[column].to_pandas().astype(str)
        unknown = set(text) - set(values)
        if unknown:
            raise InputError(f"stored breakdown has {column} {sorted(unknown)} this version of "
                             "purgesim does not know")
        return pd.Categorical(text, categories=list(values)).codes.astype(np.int64)

    out = np.empty((table.num_rows, 4), dtype=np.int64)
    out[:, 0] = table["week"].to_numpy()
    out[:, 1] = codes("outcome", BROKEN_DOWN)
    out[:, 2] = cell(codes("operation", OPERATIONS), codes("region", REGION_CODES),
                     codes("party", PARTY_STATUS))
    out[:, 3] = table["persons"].to_numpy()
    return out


def tidy(store: ResultsStore, run_ids: list[str] | None = None) -> pd.DataFrame:
    """The tidy table of the given stored runs (default: every run in the store)."""
    rows = store.runs()
    known = {r["run_id"]: r for r in rows}
    ids = run_ids or [r["run_id"] for r in rows]
    missing = [i for i in ids if i not in known]
    if missing:
        raise InputError(f"no stored run {', '.join(map(repr, missing))} in {store.folder} "
                         "(see `purgesim runs`)")
    frames = []
    for run_id in ids:
        counts, levels, breakdown = stored_arrays(store, run_id)
        r = known[run_id]
        frames.append(tidy_frame(counts, levels, breakdown, run_id=run_id,
                                 scenario=r["scenario"], seed=int(r["seed"]),
                                 scale=int(r["scale"])))
    if not frames:
        return pd.DataFrame(columns=list(TIDY_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def export(store: ResultsStore, to: Path, run_ids: list[str] | None = None) -> pd.DataFrame:
    """Write the tidy table of stored runs to `to` (Parquet or CSV by its suffix, written
    atomically); returns the table."""
    to = Path(to)
    if to.suffix.lower() not in FORMATS:
        raise InputError(f"--to {to}: write .parquet or .csv (the suffix chooses the format)")
    frame = tidy(store, run_ids)
    if to.suffix.lower() == ".csv":
        atomic_write(to, lambda tmp: frame.to_csv(tmp, index=False))
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        atomic_write(to, lambda tmp: pq.write_table(table, tmp))
    return frame
