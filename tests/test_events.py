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
    s.detainees.add(idx, np.full(8, due_week), ops, np.zeros(8), np.zeros(8))
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
