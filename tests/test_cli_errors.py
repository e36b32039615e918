"""Bad input gets one clear line per problem on stderr, exit code 2, and no traceback.

Each case names the field (or option), the value and the reason. Most cases run in-process
through Typer's runner (stdout and stderr kept apart); a few run the installed entry point in a
subprocess, as a user would, to show that no traceback reaches the terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from purgesim.cli import app

runner = CliRunner()


def fails(args: list[str], *expected: str) -> str:
    """Run the CLI, assert a clean input error containing every `expected` text; returns it."""
    res = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert res.exit_code == 2, (res.exit_code, res.stdout, res.stderr, res.exception)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    err = res.stderr
    assert "Traceback" not in err + res.stdout
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), err
    for text in expected:
        assert text in err, (text, err)
    return err


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# ----------------------------------------------------------------------------- scenario files
def test_a_latin1_file_is_refused_naming_the_byte(tmp_path):
    f = write(tmp_path, "latin1.toml", 'name = "café"\n'.encode("latin-1"))
    fails(["validate", f], "latin1.toml", "not UTF-8", "0xE9", "offset 11")


def test_a_cp1252_file_is_refused(tmp_path):
    f = write(tmp_path, "cp1252.toml", 'name = "“quoted”"\n'.encode("cp1252"))
    fails(["validate", f], "not UTF-8", "0x93")


def test_a_binary_file_is_refused(tmp_path):
    f = write(tmp_path, "binary.toml", bytes(range(128, 256)) * 3)
    fails(["validate", f], "binary.toml", "not UTF-8")


def test_a_byte_order_mark_is_accepted(tmp_path):
    f = write(tmp_path, "bom.toml", b'\xef\xbb\xbfname = "bom"\nscale = 20000\n')
    res = runner.invoke(app, ["validate", f])
    assert res.exit_code == 0, res.stderr
    assert "ok" in res.stdout and "bom" in res.stdout


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_parameters_are_refused_in_a_file(tmp_path, value):
    f = write(tmp_path, "nan.toml", f'name = "x"\n[params]\nevidence_floor = {value}\n'.encode())
    fails(["validate", f], "params.evidence_floor", value, "finite")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_parameters_are_refused_on_the_command_line(tmp_path, value):
    fails(["run", "--set", f"w_taint={value}", "--out", str(tmp_path / "o")],
          "params.w_taint", "finite")
    assert not (tmp_path / "o").exists()


def test_non_finite_event_sizes_are_refused(tmp_path):
    f = write(tmp_path, "ev.toml", b'name = "x"\n[[events]]\nkind = "threat_shock"\n'
                                   b'date = 1935-01-01\nsize = nan\n')
    fails(["validate", f], "events.0", "finite")


@pytest.mark.parametrize(("name", "value", "bounds"), [
    ("procurement_forced", "1.7", "[0, 1]"),
    ("accumulation_rate", "2.5", "[0, 1]"),
    ("limit_approval_base", "3.0", "[0, 1]"),
    ("threat_half_life_weeks", "0", "(0, inf)"),
    ("household_size", "0", "[1, inf)"),
    ("halt_threat_shock", "0.5", "(-inf, 0]"),
])
def test_every_parameter_is_bounded_by_its_declared_range(tmp_path, name, value, bounds):
    """The check reads each parameter's declared bounds, not the spelling of its unit."""
    fails(["run", "--set", f"{name}={value}", "--out", str(tmp_path / "o")],
          f"params.{name} = ", bounds)


def test_every_problem_is_its_own_line(tmp_path):
    f = write(tmp_path, "many.toml", b'name = "x"\n[params]\nprocurement_forced = 1.7\n'
                                     b'household_size = 2.5\nno_such = 1\n')
    err = fails(["validate", f], "procurement_forced", "whole number", "no_such")
    assert len(err.strip().splitlines()) == 3


def test_a_seed_beyond_what_the_store_holds_is_refused(tmp_path):
    fails(["run", "--seed", str(2**63), "--out", str(tmp_path / "o")], "seed = 9223372036854775808")
    assert not (tmp_path / "o").exists()


def test_a_scale_coarser_than_the_population_is_refused(tmp_path):
    fails(["run", "--scale", "1000000000", "--out", str(tmp_path / "o")],
          "scale 1:1000000000", "0 agents", "at most 162,039")
    assert not (tmp_path / "o").exists()


def test_an_event_after_the_end_of_the_run_is_named_as_not_applied(tmp_path):
    """Events after a run's end are allowed (the war-and-after events wait for --until), and
    `validate` says which of them a run of the file would not reach."""
    f = write(tmp_path, "late.toml", b'name = "late"\nuntil = 1942-01-01\n'
                                     b'[[events]]\nkind = "torture"\ndate = 1937-01-01\n'
                                     b'[[events]]\nkind = "halt"\ndate = 1943-01-01\n')
    r = runner.invoke(app, ["validate", str(f)])
    assert r.exit_code == 0, r.output
    assert "events.1 (halt) on 1943-01-01" in r.output and "1942-01-01" in r.output
    assert "events.0" not in r.output


def test_event_indexes_count_in_the_users_file_and_dates_are_iso(tmp_path):
    f = write(tmp_path, "bad.toml", b'base = "historical"\nname = "x"\n'
                                    b'[[events]]\nkind = "halt"\ndate = 1960-01-01\n')
    err = fails(["validate", f], "events.0.date = 1960-01-01")
    assert "datetime.date" not in err


def test_set_param_events_are_bounded_by_the_target_parameter(tmp_path):
    f = write(tmp_path, "sp.toml", b'name = "x"\n[[events]]\nkind = "set_param"\n'
                                   b'date = 1935-01-01\nparam = "vertical_share"\nvalue = 4.0\n')
    fails(["validate", f], "events.0", "vertical_share", "[0, 1]")


# ----------------------------------------------------------------------------- commands
def test_compare_refuses_the_same_scenario_twice():
    fails(["compare", "historical", "historical", "--seeds", "1"], "'historical' is given twice")


def test_compare_checks_the_report_path_before_running(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    fails(["compare", "historical", "no_quotas", "--seeds", "1", "--scale", "40000",
           "--report", str(blocker / "report.html")], "--report", "is a file, not a folder")
    fails(["compare", "historical", "no_quotas", "--seeds", "1", "--report", str(tmp_path)],
          "is a folder")


def test_a_truncated_bank_needs_a_first_posterior(tmp_path):
    fails(["bank", "--n", "2", "--scale", "40000", "--out", str(tmp_path / "store"),
           "--truncate-to", str(tmp_path)], "--truncate-to", "no posterior.parquet there")
    assert not (tmp_path / "store").exists()            # refused before the store is touched
    fails(["posterior", "--n", "48", "--scale", "40000", "--out", str(tmp_path / "store"),
           "--truncated-n", "24"], "--truncated-n/--truncated-master: only with --truncate-to")


def test_a_bank_of_another_model_version_is_refused_in_one_line(tmp_path):
    import duckdb

    out = tmp_path / "store"
    args = ["bank", "--n", "1", "--scale", "40000", "--param", "evidence_bar", "--workers", "1",
            "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    with duckdb.connect(str(out / "purgesim.duckdb")) as con:   # as if stored by an old version
        con.execute("UPDATE banks SET spec = json_object('model', 'an0older0model')")
    fails(args, "another version of the model", "an0older0model", "another --out")


def test_sweep_values_are_checked_before_the_sweep_is_registered(tmp_path):
    out = tmp_path / "store"
    fails(["sweep", "--grid", "evidence_floor=1,nan", "--scale", "40000", "--out", str(out)],
          "point 1", "evidence_floor")
    fails(["sweep", "--grid", "procurement_forced=0.3,1.7", "--scale", "40000", "--out",
           str(out)], "procurement_forced", "[0, 1]")
    assert not out.exists()


def test_sweep_refuses_a_reversed_range_and_a_parameter_given_twice(tmp_path):
    out = str(tmp_path / "store")
    fails(["sweep", "--sample", "w_taint=3:0.2", "--out", out], "--sample w_taint=3:0.2",
          "LOW < HIGH")
    fails(["sweep", "--grid", "w_taint=1,2", "--sample", "w_taint=0.2:3", "--out", out],
          "w_taint", "both --grid and --sample")


def test_data_refuses_an_unknown_role():
    fails(["data", "--role", "nosuch"], "--role 'nosuch'", "fit, held_back, input, context")


def test_an_unknown_parameter_on_the_command_line(tmp_path):
    fails(["run", "--set", "evidence_flor=3", "--out", str(tmp_path)], "evidence_flor")
    fails(["run", "--set", "evidence_floor", "--out", str(tmp_path)], "NAME=NUMBER")


def test_the_installed_command_shows_no_traceback(tmp_path):
    """The same as a user sees it: the entry point, a real terminal stream, exit code 2."""
    bad = write(tmp_path, "bad.toml", 'name = "é"\n'.encode("latin-1"))
    proc = subprocess.run([sys.executable, "-m", "purgesim.cli", "run", bad], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "60"})
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and "not UTF-8" in proc.stderr


@pytest.mark.parametrize(("args", "extra"), [
    (["compare", "historical", "no_quotas", "--seeds", "1"], "report"),
    (["serve"], "web"),
    (["calibrate", "--budget", "4"], "calibrate"),
    (["sensitivity"], "calibrate"),
    (["sweep", "--dask", "--seeds", "1"], "distributed"),
])
def test_a_missing_extra_names_the_pip_command(monkeypatch, args, extra):
    """With the core install only, a command that needs an extra says which one to install."""
    from purgesim import extras

    modules = set(extras.EXTRAS[extra])
    real = extras.find_spec
    monkeypatch.setattr(extras, "find_spec", lambda m: None if m in modules else real(m))
    fails(args, f"pip install 'purgesim[{extra}]'")


@pytest.mark.parametrize("argv", [["--seeds", "0"], ["--scale", "x"], ["--set", "foo=1"],
                                  ["--set", "ration_foresight=2"]])
def test_a_benchmarks_bad_option_is_one_line_and_exit_code_2(argv, capsys):
    """The benchmark scripts share their option checks (`benchmarks/options.py`): a count
    below 1, a word for a number, an unknown parameter or one out of its bounds is argparse's
    one line and exit code 2, before any run."""
    from benchmarks import famine_seasons

    with pytest.raises(SystemExit) as stop:
        famine_seasons.main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert ": error: " in err[-1]
    assert "Traceback" not in "\n".join(err)
