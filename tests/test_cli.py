"""End-to-end tests of the command line, through the installed entry point."""

import os
import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.store import ResultsStore

runner = CliRunner()


def test_run_prints_the_summary_and_stores_the_run(tmp_path):
    res = runner.invoke(app, ["run", "--scale", "20000", "--seed", "5", "--out", str(tmp_path)],
                        env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "model (one seed) vs archive" in res.output
    for year in range(1934, 1941):
        assert str(year) in res.output
    assert "790,665" in res.output and "Pavlov" in res.output
    assert "synthetic" in res.output
    rows = ResultsStore(tmp_path).runs()
    assert len(rows) == 1 and rows[0]["seed"] == 5


def test_a_bad_scenario_is_refused_before_running(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nscale = -1\n[params]\nnot_a_param = 1\n')
    res = runner.invoke(app, ["run", str(bad), "--out", str(tmp_path / "store")],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 2
    assert "scale" in res.output and "not_a_param" in res.output
    assert not (tmp_path / "store").exists()


def test_params_lists_the_registry():
    res = runner.invoke(app, ["params", "--markdown"])
    assert res.exit_code == 0
    assert "| `enemy_share` |" in res.output and "assumption" in res.output
    assert runner.invoke(app, ["params", "--group", "nope"]).exit_code == 2


def test_validate_and_scenarios():
    assert "historical.toml" in runner.invoke(app, ["scenarios"]).output
    res = runner.invoke(app, ["validate", "does-not-exist.toml"])
    assert res.exit_code == 2 and "no such scenario" in res.output


def test_a_run_killed_midway_leaves_the_store_intact(tmp_path):
    """kill -9 during a run: earlier results survive and no partial entry appears."""
    env = {**os.environ, "COLUMNS": "160"}
    cmd = [sys.executable, "-m", "purgesim.cli", "run", "--out", str(tmp_path)]
    done = subprocess.run([*cmd, "--scale", "20000"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    proc = subprocess.Popen([*cmd, "--scale", "300"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    rows = ResultsStore(tmp_path).runs()
    assert len(rows) == 1 and rows[0]["scale"] == 20000
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == [rows[0]["run_id"]]


def test_compare_runs_scenarios_and_writes_the_report(tmp_path):
    report = tmp_path / "cmp" / "report.html"
    res = runner.invoke(app, ["compare", "historical", "gradual_path", "--seeds", "2",
                              "--scale", "40000", "--workers", "1", "--report", str(report)],
                        env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "gradual_path − historical" in res.output and "Famine deaths" in res.output
    page = report.read_text(encoding="utf-8")
    assert page.count("<svg") == 7 and "Source of the black points" in page
    assert "#e69f00" in page.lower()  # Okabe-Ito
    lines = (report.parent / "outcomes.csv").read_text().splitlines()
    assert lines[0] == "scenario,seed,outcome,value" and len(lines) > 2 * 2 * 10


def test_compare_needs_two_scenarios():
    res = runner.invoke(app, ["compare", "historical"])
    assert res.exit_code == 2 and "at least two" in res.output


def test_claims_prints_verdicts_and_scenarios():
    res = runner.invoke(app, ["claims"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "halt_date" in res.output and "contradicted" in res.output
    assert "purgesim compare historical no_quotas" in res.output


def test_data_lists_the_fit_targets_as_csv():
    res = runner.invoke(app, ["data", "--role", "fit", "--csv"])
    assert res.exit_code == 0
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("series,period,value")
    assert all(line.endswith(",verified,fit") for line in lines[1:])


def test_calibrate_prints_the_posterior_and_registers_it(tmp_path):
    res = runner.invoke(app, ["calibrate", "--budget", "4", "--population-size", "2",
                              "--scale", "40000", "--workers", "1", "--name", "tiny",
                              "--out", str(tmp_path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Posterior" in res.output and "ESS" in res.output and "evidence_bar" in res.output
    row = ResultsStore(tmp_path).calibration("tiny")
    assert row is not None and row["simulations"] >= 4
    bad = runner.invoke(app, ["calibrate", "--budget", "4", "--name", "../x"])
    assert bad.exit_code == 2 and "--name" in bad.output
