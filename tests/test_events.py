"""Event kinds with a mechanism of their own (the rest are tested with their mechanism)."""

import datetime as dt

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from purgesim.model.calendar import week_of
from purgesim.model.engine import Simulation
from purgesim.model.events import AnyEvent, SpecialTroikas
from purgesim.model.state import OP_00447, national_operation
from tests.conftest import historical_config

SEPT, NOV = dt.date(1938, 9, 15), dt.date(1938, 11, 15)


def _state_with_cases(due_week: int):
    """A state (at the special troikas' week) holding four pending polish-line cases and four
    Order 00447 cases, all due at `due_week`."""
    sim = Simulation(historical_config(scale=50_000, weeks=week_of(NOV) + 60), 1)
    s = sim.state
    s.week = week_of(SEPT)
    idx = np.arange(8)
    ops = np.array([national_operation("polish")] * 4 + [OP_00447] * 4)
    arrested = np.full(8, week_of(dt.date(1938, 7, 1)))  # before the decision's cut-off
    s.detainees.add(idx, np.full(8, due_week), ops, np.zeros(8), np.zeros(8), arrested)
    return s, sim.streams.at("events", s.week)


def test_pending_national_cases_are_decided_before_the_end():
    s, rng = _state_with_cases(due_week=week_of(NOV) + 40)
    SpecialTroikas(date=SEPT, end=NOV).apply(s, rng)
    due = s.detainees.due.view
    assert ((due[:4] >= week_of(SEPT)) & (due[:4] < week_of(NOV))).all()
    assert (due[4:] == week_of(NOV) + 40).all()          # other operations keep their week


def test_cases_already_due_in_the_window_keep_their_week():
    s, rng = _state_with_cases(due_week=week_of(SEPT) + 2)
    SpecialTroikas(date=SEPT, end=NOV).apply(s, rng)
    assert (s.detainees.due.view == week_of(SEPT) + 2).all()


def test_after_a_halt_no_special_troikas_are_formed():
    s, rng = _state_with_cases(due_week=week_of(NOV) + 40)
    s.halted = True
    SpecialTroikas(date=SEPT, end=NOV).apply(s, rng)
    assert (s.detainees.due.view == week_of(NOV) + 40).all()


def test_the_event_is_read_from_a_scenario_file_and_its_span_checked():
    adapter = TypeAdapter(AnyEvent)
    event = adapter.validate_python(
        {"kind": "special_troikas", "date": "1938-09-15", "end": "1938-11-15"})
    assert isinstance(event, SpecialTroikas)
    with pytest.raises(ValidationError, match="not after"):
        adapter.validate_python(
            {"kind": "special_troikas", "date": "1938-11-15", "end": "1938-09-15"})


def test_officer_reinstatement_is_a_flow_over_its_span_and_the_party_event_leaves_the_army():
    from purgesim.model.events import OfficerReinstatement, Reinstatement

    adapter = TypeAdapter(AnyEvent)
    event = adapter.validate_python({"kind": "officer_reinstatement", "date": "1938-02-01",
                                     "end": "1940-12-31", "share": "officer_reinstated_share"})
    assert isinstance(event, OfficerReinstatement)
    with pytest.raises(ValidationError, match="not after"):
        adapter.validate_python({"kind": "officer_reinstatement", "date": "1940-12-31",
                                 "end": "1938-02-01", "share": 0.5})
    sim = Simulation(historical_config(scale=5_000, weeks=week_of(dt.date(1938, 3, 1))), 1)
    s = sim.state
    s.week = event.week
    purged = s.army.register[:10]
    s.army.discharged.extend(purged)
    Reinstatement(date=event.date, share=1.0).apply(s, sim.streams.at("events", s.week))
    assert s.army.discharged.size == 10                    # the party's event: no officers
    event.apply(s, sim.streams.at("events", s.week))
    assert s.army.review_until == event.end_week
    weeks = event.end_week - event.week
    assert abs(1 - (1 - s.army.review_hazard) ** weeks - s.configured.officer_reinstated_share
               ) < 1e-9


def test_the_countryside_and_camp_events_are_read_and_applied():
    """Grain quotas, the movement ban, a deportation wave and a court inflow: each is read from
    a scenario entry (unknown places and names refused) and sets its mechanism's books."""
    from purgesim.data import regions_of
    from tests.conftest import make_state

    adapter = TypeAdapter(AnyEvent)
    s = make_state(scale=5000)
    rng = np.random.default_rng(0)
    for entry in (
        {"kind": "grain_quotas", "date": "1930-01-05", "places": ["UKR", "SARATOV"],
         "factor": "grain_region_quota_factor"},
        {"kind": "movement_ban", "date": "1933-01-22", "places": ["UKR"]},
        {"kind": "deportation", "date": "1935-02-15", "end": "1935-06-01",
         "places": ["KARELIA"], "total": "deported_1935_border", "taint": "foreign"},
        {"kind": "camp_inflow", "date": "1932-08-07", "end": "1934-01-01",
         "annual": "socialist_property_inflow_annual",
         "term_years": "socialist_property_term_years"},
    ):
        event = adapter.validate_python(entry)
        assert event.problems(s.p) == []
        event.apply(s, rng)
    c = s.countryside
    ukr = list(regions_of("UKR"))
    assert c.quota_factor[ukr].min() > c.quota_factor.max() / s.p.grain_region_quota_factor
    assert c.movement_banned[ukr].all() and c.movement_banned.sum() == len(ukr)
    assert len(c.waves) == 1 and list(c.waves[0][2]) == list(regions_of("KARELIA"))
    assert s.gulag.streams == [(week_of(dt.date(1934, 1, 1)), s.p.socialist_property_inflow_annual,
                                s.p.socialist_property_term_years)]
    with pytest.raises(ValidationError):
        adapter.validate_python({"kind": "movement_ban", "date": "1933-01-22",
                                 "places": ["ATLANTIS"]})
    with pytest.raises(ValidationError):
        adapter.validate_python({"kind": "camp_inflow", "date": "1933-01-01",
                                 "end": "1934-01-01", "annual": "no_such_param",
                                 "term_years": 3.0})
