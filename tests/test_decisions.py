"""The decisions of the 'in their shoes' mode, as scenario edits any interface can apply."""

import pytest
from typer.testing import CliRunner

from purgesim.cli import app
from purgesim.errors import InputError
from purgesim.model import events as ev
from purgesim.scenarios.decisions import DECISIONS, apply_decisions, historical_choices
from purgesim.scenarios.scenario import load_scenario


def test_the_historical_choices_change_nothing():
    base = load_scenario()
    assert apply_decisions(base, historical_choices()).events == base.events


@pytest.mark.parametrize(("decision", "option"),
                         [(d, o) for d in DECISIONS for o in d.options if not o.historical],
                         ids=lambda x: getattr(x, "id", ""))
def test_an_option_edits_only_what_comes_on_or_after_its_date(decision, option):
    base = load_scenario()
    changed = apply_decisions(base, {decision.id: option.id})
    before = [e for e in base.events if e.date < decision.date]
    assert [e for e in changed.events if e.date < decision.date] == before
    assert changed.events != base.events


def test_option_magnitudes_come_from_the_registry():
    base = load_scenario()
    limits = {}
    for share in (0.5, 0.2):
        sc = apply_decisions(base.with_params(reduced_limit_share=share), {"order00447": "halve"})
        op = next(e for e in sc.events if isinstance(e, ev.MassOperation))
        limits[share] = op.limits["MOSCOW"]
    assert limits[0.5] == (2_500, 15_000) and limits[0.2] == (1_000, 6_000)


def test_unknown_decisions_and_options_are_input_errors():
    base = load_scenario()
    with pytest.raises(InputError, match="no decision 'nope'"):
        apply_decisions(base, {"nope": "x"})
    with pytest.raises(InputError, match="choices: law, ordinary, roundup"):
        apply_decisions(base, {"kirov": "nope"})


def test_the_command_line_takes_decisions_and_lists_them(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["run", "--scale", "40000", "--decide", "plenum=halt",
                              "--out", str(tmp_path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "historical-plenum.halt" in res.stdout
    listed = runner.invoke(app, ["decisions"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0
    assert all(f"{d.id}={o.id}" in listed.stdout for d in DECISIONS for o in d.options)
    bad = runner.invoke(app, ["run", "--decide", "kirov", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "DECISION=OPTION" in bad.stderr


def test_the_war_decision_acts_at_the_outbreak():
    """Called back, the purged officers at liberty rejoin the corps in the war's first week;
    with no plant moved east, the rear has less to produce with a year on."""
    import datetime as dt

    from purgesim.model.engine import Simulation

    # at 1:1000 a dozen purged officers are at liberty at the outbreak (at 1:5000, one or none)
    sc = load_scenario().with_overrides(scale=1000, params_from="registry",
                                        until=dt.date(1942, 9, 1))
    runs = {o: Simulation(apply_decisions(sc, {"war": o}).to_config(1), 1).run()
            for o in ("evacuate", "recall", "stand")}
    w = runs["evacuate"].war_week
    assert (runs["recall"].series("officers_reinstated")[w]
            > runs["evacuate"].series("officers_reinstated")[w])
    assert runs["stand"].series("gdp")[-1] < runs["evacuate"].series("gdp")[-1]
