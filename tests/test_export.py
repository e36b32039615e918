"""Tidy results out: `purgesim export`, `RunResult.tidy`, and `purgesim run --seeds`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.experiments.runs import run_scenario, save_run
from purgesim.model.outcomes import ALL, BY_NAME, OUTCOMES
from purgesim.model.results import TIDY_COLUMNS
from purgesim.scenarios.scenario import load_scenario
from purgesim.storage.export import tidy
from purgesim.storage.store import ResultsStore

runner = CliRunner()


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    store = ResultsStore(folder)
    runs = [save_run(store, run_scenario(load_scenario(name).with_overrides(scale=20_000,
                                                                             seed=seed)))
            for name, seed in (("historical", 1), ("no_quotas", 2))]
    return folder, runs


def test_the_export_has_exactly_the_tidy_columns_and_every_run(stored, tmp_path):
    folder, runs = stored
    res = runner.invoke(app, ["export", "--out", str(folder), "--to", str(tmp_path / "x.parquet")])
    assert res.exit_code == 0, res.output
    frame = pd.read_parquet(tmp_path / "x.parquet")
    assert tuple(frame.columns) == TIDY_COLUMNS
    assert set(frame.run_id) == {r.record.run_id for r in runs}
    assert set(frame.outcome) <= {o.name for o in OUTCOMES}
    assert (frame.value != 0).all()  # zero rows are left out


def test_each_outcome_sums_to_its_weekly_total_at_its_finest_breakdown(stored):
    folder, runs = stored
    frame = tidy(ResultsStore(folder, read_only=True), [runs[0].record.run_id])
    result = runs[0].result
    for name in ("arrested", "sentenced", "shot", "camp_population", "steel_mt", "famine_deaths"):
        rows = frame[frame.outcome == name]
        broken = BY_NAME[name].breakdown
        assert ((rows.operation == ALL) == (not broken)).all(), name  # no total rows beside
        weekly = rows.groupby("date").value.sum()
        series = pd.Series(result.series(name), index=[d.isoformat() for d in _dates(result)])
        series = series[series != 0]
        np.testing.assert_allclose(weekly.values, series.values, err_msg=name)
    arrested = frame[frame.outcome == "arrested"]
    assert {"order_00447", "ordinary"} <= set(arrested.operation)
    assert set(arrested.party) <= {"member", "candidate", "expelled", "none"}
    from purgesim.data import REGIONS
    republic = {r.code: r.republic for r in REGIONS}
    assert (arrested.republic == arrested.region.map(republic)).all()   # each region's republic
    assert set(arrested.republic) <= {r.republic for r in REGIONS}


def _dates(result):
    from purgesim.model.calendar import date_of

    return [date_of(w) for w in range(result.n_weeks)]


def test_the_python_api_gives_the_same_table_as_the_stored_export(stored):
    folder, runs = stored
    run = runs[1]
    stored_frame = tidy(ResultsStore(folder, read_only=True), [run.record.run_id])
    memory = run.result.tidy(run.record.run_id, run.scenario.name)
    pd.testing.assert_frame_equal(stored_frame.reset_index(drop=True),
                                  memory.reset_index(drop=True), check_dtype=False)


def test_csv_and_parquet_hold_the_same_rows(stored, tmp_path):
    folder, _ = stored
    for suffix in ("csv", "parquet"):
        res = runner.invoke(app, ["export", "--out", str(folder), "--to",
                                  str(tmp_path / f"all.{suffix}")])
        assert res.exit_code == 0, res.output
    a = pd.read_csv(tmp_path / "all.csv")
    b = pd.read_parquet(tmp_path / "all.parquet")
    assert len(a) == len(b) and a.value.sum() == pytest.approx(b.value.sum())


def test_export_errors_are_one_line(stored, tmp_path):
    folder, _ = stored
    for args, text in ((["nope"], "no stored run 'nope'"),
                       (["--to", str(tmp_path / "x.xlsx")], ".parquet or .csv")):
        res = runner.invoke(app, ["export", "--out", str(folder), *args]
                            + ([] if "--to" in args else ["--to", str(tmp_path / "x.csv")]))
        assert res.exit_code == 2 and text in res.stderr, res.output


def test_run_with_seeds_stores_each_and_prints_medians(tmp_path):
    res = runner.invoke(app, ["run", "--seeds", "3", "--seed", "5", "--scale", "40000",
                              "--workers", "1", "--out", str(tmp_path)], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "median [5%–95%] over 3 seeds 5–7" in res.stdout
    assert "Innocent share of the sentenced" in res.stdout
    assert "Fitted archival figures inside the 5–95% band:" in res.stdout
    assert "of 50" in res.stdout and "posterior per seed" in res.stdout
    rows = ResultsStore(tmp_path, read_only=True).runs()
    assert sorted(r["seed"] for r in rows) == [5, 6, 7]
