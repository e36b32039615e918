"""End-to-end tests of the command line, through the installed entry point."""

import os
import signal
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.experiments.runs import run_scenario, save_run
from purgesim.scenarios.scenario import load_scenario
from purgesim.storage.files import atomic_write_text
from purgesim.storage.store import DB_NAME, ResultsStore

runner = CliRunner()


@pytest.fixture(scope="module")
def two_runs():
    """The baseline and an `evidence_floor=3` run, small, computed once."""
    sc = load_scenario().with_overrides(scale=40_000, seed=2)
    return [run_scenario(sc), run_scenario(sc.with_overrides(params={"evidence_floor": 3}))]


@pytest.fixture
def stored(tmp_path, two_runs):
    """A store holding the two runs; returns the store folder and the runs' ids."""
    st = ResultsStore(tmp_path / "store")
    ids = [save_run(st, run).record.run_id for run in two_runs]
    return tmp_path / "store", ids


def one_error_line(res, *fragments: str) -> None:
    """Exit code 2, nothing on stdout, one `error:` line on stderr holding every fragment."""
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert "Traceback" not in res.stderr
    for fragment in fragments:
        assert fragment in res.stderr, (fragment, res.stderr)


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


def test_run_enemy_share_curve_prints_and_stores_the_curve_over_the_prior(tmp_path):
    import csv

    from purgesim.model.params import REGISTRY

    out = tmp_path / "curve.csv"
    res = runner.invoke(app, ["run", "--enemy-share-curve", "--scale", "20000", "--seeds", "2",
                              "--curve-points", "3", "--workers", "1", "--curve-csv", str(out),
                              "--out", str(tmp_path / "store")], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "innocent among the sentenced" in res.output and "innocent among the shot" in res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    prior = REGISTRY["enemy_share"].prior
    shares = [float(r["enemy_share"]) for r in rows]
    assert len(rows) == 3 and shares[0] == pytest.approx(prior.low)
    assert shares[-1] == pytest.approx(prior.high)
    for r in rows:
        assert r["seeds"] == "2"
        for kind in ("sentenced", "shot"):
            lo, med, hi = (float(r[f"innocent_{kind}_{q}"]) for q in ("5", "median", "95"))
            assert 0 <= lo <= med <= hi <= 1
    # more real enemies, fewer innocents among the sentenced (the curve the assumption sets)
    median = [float(r["innocent_sentenced_median"]) for r in rows]
    assert median[-1] < median[0]
    assert not (tmp_path / "store").exists()                # the curve stores no runs


@pytest.mark.parametrize(("args", "fragment"), [
    (["--set", "enemy_share=0.01"], "do not also set it"),
    (["--seeds", "1"], "at least 2 seeds"),
])
def test_run_enemy_share_curve_refuses_bad_input_in_one_line(tmp_path, args, fragment):
    res = runner.invoke(app, ["run", "--enemy-share-curve", "--scale", "20000",
                              "--curve-csv", str(tmp_path / "c.csv"), *args])
    assert res.exit_code == 2
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert fragment in res.stderr and not (tmp_path / "c.csv").exists()


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
    proc = subprocess.Popen([*cmd, "--scale", "300"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:  # the header comes after the store is opened, before simulating
        if "scale=1:300" in line:
            break
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL  # killed mid-run, not finished
    rows = ResultsStore(tmp_path).runs()
    assert len(rows) == 1 and rows[0]["scale"] == 20000
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DB_NAME, rows[0]["run_id"]])


def test_compare_runs_scenarios_and_writes_the_report(tmp_path):
    report = tmp_path / "cmp" / "report.html"
    res = runner.invoke(app, ["compare", "historical", "gradual_path", "--seeds", "2",
                              "--scale", "40000", "--workers", "1", "--report", str(report)],
                        env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "gradual_path − historical" in res.output and "Famine deaths" in res.output
    page = report.read_text(encoding="utf-8")
    from purgesim.reports.charts import CHARTS

    assert all(f'id="chart-{c.outcome}"' in page for c in CHARTS)
    assert "Source of the archival points" in page and "[pavlov1953]" in page
    assert "#e69f00" in page.lower()  # Okabe-Ito
    assert (report.parent / "plotly.min.js").stat().st_size > 1_000_000  # offline, no CDN
    assert "fanFigure" in (report.parent / "charts.js").read_text(encoding="utf-8")
    assert "cdn" not in page.lower() and "https://" not in page
    lines = (report.parent / "outcomes.csv").read_text().splitlines()
    assert lines[0] == "scenario,seed,outcome,value" and len(lines) > 2 * 2 * 10
    umask = os.umask(0)
    os.umask(umask)
    for f in (report, report.parent / "outcomes.csv", report.parent / "annual.csv"):
        assert stat.S_IMODE(f.stat().st_mode) == 0o666 & ~umask, f


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


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_report_files_are_written_with_the_users_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        atomic_write_text(tmp_path / "x.csv", "a\n1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.csv").stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


# ------------------------------------------------------------------ a bad --out, refused first
# What each command would spend minutes in: it must never be reached with a bad store.
LONG_PART = {
    "run": ("purgesim.cli.run_scenario", ["run", "--scale", "40000"]),
    "sweep": ("purgesim.experiments.sweep.run_sweep", ["sweep", "--grid", "evidence_floor=0",
                                           "--scale", "40000"]),
    "calibrate": ("purgesim.experiments.calibrate.calibrate", ["calibrate", "--budget", "4"]),
    "sensitivity": ("purgesim.experiments.sensitivity.analyse", ["sensitivity"]),
}


def _bad_out(tmp_path, kind: str):
    """A bad --out of the given kind, and what the error must mention."""
    if kind == "a file":
        out = tmp_path / "notes.txt"
        out.write_text("not a store")
        return out, [str(out), "is a file"]
    out = tmp_path / "store"
    ResultsStore(out)
    if kind == "a read-only folder":
        out.chmod(0o555)
        return out, [str(out), "cannot write"]
    db = out / DB_NAME
    db.write_bytes(db.read_bytes()[:4096] if kind == "a truncated registry" else b"junk" * 99)
    return out, [str(out / DB_NAME), f"purgesim runs --rebuild --out {out}"]


@pytest.mark.parametrize("kind", ["a file", "a corrupt registry", "a truncated registry",
                                  pytest.param("a read-only folder", marks=pytest.mark.skipif(
                                      os.geteuid() == 0, reason="root ignores permissions"))])
@pytest.mark.parametrize("command", list(LONG_PART))
def test_a_bad_store_is_refused_before_anything_runs(tmp_path, monkeypatch, command, kind):
    target, args = LONG_PART[command]

    def never(*a, **k):
        raise AssertionError(f"{command} started before checking its store")

    monkeypatch.setattr(target, never)
    out, fragments = _bad_out(tmp_path, kind)
    try:
        res = runner.invoke(app, [*args, "--out", str(out)], env={"COLUMNS": "80"})
    finally:
        out.chmod(0o755)
    one_error_line(res, *fragments)


def test_compare_refuses_a_report_it_could_not_write_before_running(tmp_path, monkeypatch):
    monkeypatch.setattr("purgesim.cli.run_comparison", lambda *a, **k: pytest.fail("ran"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = runner.invoke(app, ["compare", "historical", "no_terror", "--report",
                              str(blocker / "report.html")])
    one_error_line(res, "--report", str(blocker))


# ------------------------------------------------------------------ runs, show, --rebuild
@pytest.mark.parametrize("exists", [False, True])
def test_runs_on_a_folder_that_is_no_store_creates_nothing(tmp_path, exists):
    typo = tmp_path / "typo"
    if exists:
        typo.mkdir()
    res = runner.invoke(app, ["runs", "--out", str(typo)])
    one_error_line(res, f"no results store at {typo}", f"purgesim run --out {typo}")
    assert not typo.exists() or list(typo.iterdir()) == []


def test_runs_on_an_empty_store_says_how_to_start(tmp_path):
    ResultsStore(tmp_path)
    res = runner.invoke(app, ["runs", "--out", str(tmp_path)])
    assert res.exit_code == 0 and "no runs yet: try `purgesim run`" in res.stdout


def test_runs_shows_full_ids_hashes_and_overrides_at_80_columns(stored, two_runs):
    out, ids = stored
    res = runner.invoke(app, ["runs", "--out", str(out)], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    for run_id in ids:
        assert run_id in res.stdout
    assert two_runs[0].scenario.content_hash() in res.stdout
    assert two_runs[1].scenario.content_hash() in res.stdout
    assert res.stdout.count("evidence_floor=3") == 1  # the --set run, not the baseline
    wide = runner.invoke(app, ["runs", "--out", str(out)], env={"COLUMNS": "200"})
    assert all(i in wide.stdout for i in ids) and "evidence_floor=3" in wide.stdout


def test_runs_lists_a_run_missing_from_the_registry(stored, two_runs, monkeypatch):
    out, _ = stored
    monkeypatch.setattr(ResultsStore, "_register", lambda self, rows: None)
    lost = save_run(ResultsStore(out), two_runs[0]).record.run_id
    monkeypatch.undo()
    res = runner.invoke(app, ["runs", "--out", str(out)], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and f"{lost} *" in res.stdout and "not yet in the registry" in (
        res.stdout)


def test_show_prints_a_runs_summary_and_manifest(stored):
    out, ids = stored
    res = runner.invoke(app, ["show", ids[1], "--out", str(out)], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    for field in ("historical", "evidence_floor=3", "seed", "1:40,000", "numpy", "numba",
                  "duckdb", "pyarrow", "python", "created at", "git commit", "sentenced"):
        assert field in res.stdout, field
    one_error_line(runner.invoke(app, ["show", "nope", "--out", str(out)]),
                   "no stored run 'nope'", str(out))


def test_runs_rebuild_moves_a_corrupt_registry_aside_and_lists_every_run(stored):
    out, ids = stored
    (out / DB_NAME).write_bytes(b"junk" * 99)
    one_error_line(runner.invoke(app, ["runs", "--out", str(out)]), "--rebuild")
    res = runner.invoke(app, ["runs", "--rebuild", "--out", str(out)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "rebuilt from 2 run folders" in res.stdout and all(i in res.stdout for i in ids)
    [aside] = out.glob(f"{DB_NAME}.corrupt-*")
    assert aside.read_bytes() == b"junk" * 99


@pytest.mark.parametrize("grid, fragment", [("nope=1", "nope: not a parameter"),
                                            ("evidence_floor=x", "--grid takes")])
def test_a_bad_sweep_grid_is_refused_without_creating_a_store(tmp_path, grid, fragment):
    res = runner.invoke(app, ["sweep", "--grid", grid, "--out", str(tmp_path / "store")])
    one_error_line(res, fragment)
    assert not (tmp_path / "store").exists()
