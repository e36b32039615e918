import datetime as dt

import numpy as np
import pytest
from scipy.stats import chisquare

from purgesim.model import events as ev
from purgesim.model.calendar import n_weeks
from purgesim.scenarios.scenario import (
    ScenarioError,
    embedded_scenarios,
    load_scenario,
    validate_scenario,
)
from tests.conftest import SIGNIFICANCE


def test_the_embedded_baseline_is_valid():
    sc = load_scenario()
    assert sc.name == "historical"
    assert "historical.toml" in embedded_scenarios()
    cfg = sc.to_config()
    assert cfg.n_weeks == 704 and len(cfg.events) == len(sc.events)


def _bad(toml_text, tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(toml_text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(f)
    return str(err.value)


def test_unknown_key_is_refused_with_its_name(tmp_path):
    msg = _bad('name = "x"\nsclae = 10\n', tmp_path)
    assert "sclae" in msg and "Extra inputs are not permitted" in msg


def test_wrong_type_is_refused(tmp_path):
    msg = _bad('name = "x"\nscale = "big"\n', tmp_path)
    assert "scale" in msg and "'big'" in msg


def test_negative_scale_is_refused(tmp_path):
    msg = _bad('name = "x"\nscale = -5\n', tmp_path)
    assert "scale" in msg and "-5" in msg and "greater than or equal to 1" in msg


def test_date_outside_the_calendar_is_refused(tmp_path):
    msg = _bad('name = "x"\n[[events]]\nkind = "halt"\ndate = 1954-05-09\n', tmp_path)
    assert "events.0.date = 1954-05-09" in msg and "outside the calendar" in msg


def test_unknown_parameter_and_bad_share_are_refused(tmp_path):
    msg = _bad('name = "x"\n[params]\nenemy_shar = 0.1\ngrievance_share = 1.5\n', tmp_path)
    assert "enemy_shar" in msg and "grievance_share" in msg and "[0, 1]" in msg


def test_torture_must_not_lower_confessions(tmp_path):
    msg = _bad('name = "x"\n[params]\ntorture_confess_innocent = 0.01\n', tmp_path)
    assert "torture never lowers" in msg


def test_unknown_event_kind_and_region(tmp_path):
    msg = _bad('name = "x"\n[[events]]\nkind = "coup"\ndate = 1930-01-01\n', tmp_path)
    assert "coup" in msg
    msg = _bad('name = "x"\n[[events]]\nkind = "limit_increase"\ndate = 1938-01-31\n'
               'region = "ATLANTIS"\ncat1 = 5\n', tmp_path)
    assert "region" in msg and "ATLANTIS" in msg


def test_broken_toml_and_missing_file(tmp_path):
    assert "not valid TOML" in _bad("name = \n", tmp_path)
    with pytest.raises(ScenarioError, match="no such scenario"):
        load_scenario(tmp_path / "nope.toml")


def test_overrides_are_validated_and_change_the_hash_but_not_for_the_seed():
    sc = load_scenario()
    assert sc.with_overrides(seed=9).content_hash() == sc.content_hash()
    assert sc.with_overrides(scale=10).content_hash() != sc.content_hash()
    with pytest.raises(ScenarioError):
        sc.with_overrides(scale=0)


def test_threat_shock_may_name_a_registry_parameter():
    sc = validate_scenario({"name": "x", "params": {"kirov_shock": 2.5}, "events": [
        {"kind": "threat_shock", "date": "1934-12-01", "size": "kirov_shock"}]})
    cfg = sc.to_config()
    assert cfg.events[0].size == "kirov_shock"
    assert ev.amount(cfg.events[0].size, cfg.params) == 2.5
    with pytest.raises(ScenarioError, match="not a parameter"):
        validate_scenario({"name": "x", "events": [
            {"kind": "threat_shock", "date": "1934-12-01", "size": "nonsense"}]})


def test_every_shipped_scenario_is_valid_and_says_what_it_tests():
    for name in embedded_scenarios():
        sc = load_scenario(name.removesuffix(".toml"))
        assert len(sc.description) > 80, name
        sc.to_config()


def test_a_scenario_built_on_the_baseline_removes_and_adds_events(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('name = "s"\nbase = "historical"\nremove = ["halt", "limit_increase"]\n'
                 '[params]\nw_taint = 0.5\n'
                 '[[events]]\nkind = "halt"\ndate = 1938-03-01\n')
    sc = load_scenario(f)
    base = load_scenario()
    kinds = [e.kind for e in sc.events]
    assert "limit_increase" not in kinds and sc.params["w_taint"] == 0.5
    halts = [e for e in sc.events if e.kind == "halt"]
    assert len(halts) == 1 and str(halts[0].date) == "1938-03-01"
    assert sc.based_on == "historical" and sc.content_hash() != base.content_hash()


def test_removing_what_the_base_lacks_is_refused(tmp_path):
    msg = _bad('name = "x"\nbase = "historical"\nremove = ["no_such_event"]\n', tmp_path)
    assert "no_such_event" in msg and "no event of historical" in msg
    msg = _bad('name = "x"\nbase = "nowhere"\n', tmp_path)
    assert "not an embedded scenario" in msg
    msg = _bad('name = "x"\nremove = ["halt"]\n', tmp_path)
    assert "needs a base" in msg


def test_an_uncertain_war_date_is_drawn_per_seed_within_its_range():
    sc = load_scenario("war_uncertain")
    # the draw is part of what a seed reproduces: these dates must never change
    expected = {1: (dt.date(1944, 4, 21), 851), 7: (dt.date(1940, 2, 14), 633),
                8: (dt.date(1941, 11, 26), 726)}
    for seed, (date, weeks) in expected.items():
        assert sc.war_date_for(seed) == date
        assert sc.to_config(seed).n_weeks == weeks == n_weeks(end=date)
    # over many seeds the dates are uniform over the whole range
    span = (sc.war_date_latest - sc.war_date).days
    days = np.array([(sc.war_date_for(seed) - sc.war_date).days for seed in range(400)])
    assert days.min() >= 0 and days.max() <= span
    assert days.min() < 0.02 * span and days.max() > 0.98 * span
    counts = np.bincount(days * 10 // (span + 1), minlength=10)
    assert chisquare(counts).pvalue > SIGNIFICANCE


def test_set_param_events_and_overrides_are_checked(tmp_path):
    msg = _bad('name = "x"\n[[events]]\nkind = "set_param"\ndate = 1937-01-01\n'
               'param = "no_such"\nvalue = 1.0\n', tmp_path)
    assert "no_such" in msg and "not a parameter" in msg
    with pytest.raises(ScenarioError, match="evidence_flor"):
        load_scenario().with_overrides(params={"evidence_flor": 1.0})
