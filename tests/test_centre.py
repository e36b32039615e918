import datetime as dt

import numpy as np

from purgesim.data import REGION_CODES
from purgesim.model import centre
from purgesim.model import events as ev
from purgesim.model.calendar import START, week_of
from purgesim.model.engine import Simulation
from tests.conftest import historical_config, make_state


def test_threat_decays_toward_reference_and_shocks_are_capped():
    s = make_state()
    ev.ThreatShock(date=START, size=100.0).apply(s, np.random.default_rng(0))
    assert s.threat == s.p.threat_cap
    for _ in range(200):
        centre.update_threat(s)
    assert abs(s.threat - s.p.threat_initial) < 0.05


def test_discovered_plots_raise_threat():
    s = make_state()
    s.plots = 100
    centre.update_threat(s)
    assert s.threat > s.p.threat_initial


def test_after_the_halt_a_confession_weighs_less_on_threat():
    """The resolution of 17 Nov 1938: a confession alone is no longer proof of a plot."""
    rises = {}
    for halted in (False, True):
        s = make_state({"plot_weight_after_halt": 0.25})
        s.halted = halted
        s.plots = 1
        centre.update_threat(s)
        rises[halted] = s.threat - s.p.threat_initial
    assert 0 < rises[False] < s.p.threat_cap - s.p.threat_initial
    assert abs(rises[True] - 0.25 * rises[False]) < 1e-12


def test_stochastic_round_is_unbiased():
    rng = np.random.default_rng(0)
    draws = [centre.stochastic_round(2.3, rng) for _ in range(20_000)]
    assert set(draws) == {2, 3}
    assert abs(np.mean(draws) - 2.3) < 0.02


def test_limits_are_scaled_to_agents():
    s = make_state(scale=1000)
    ev.MassOperation(date=START, limits={"MOSCOW": (5_000, 30_500)}).apply(
        s, np.random.default_rng(0))
    op = s.operation
    moscow = REGION_CODES.index("MOSCOW")
    assert op.remaining1[moscow] == 5 and op.remaining2[moscow] in (30, 31)
    assert op.active.sum() == 1 and op.active[moscow]


def test_fear_tracks_recent_arrests():
    s = make_state()
    s.recent_arrests[0] = 50
    centre.update_fear(s)
    assert s.fear[0] > 0 and s.fear[1] == 0


def test_an_event_strength_overridden_through_the_test_helper_takes_effect():
    """`size = "kirov_shock"` is resolved from the run's configured parameters when the event is
    applied: an override given to historical_config must reach the event and move the threat
    from Dec 1934 on."""
    kirov = week_of(dt.date(1934, 12, 1))
    threat = {}
    for shock in (0.0, 3.0):
        cfg = historical_config(weeks=kirov + 4, params={"kirov_shock": shock})
        sizes = [ev.amount(e.size, cfg.params) for e in cfg.events
                 if isinstance(e, ev.ThreatShock) and e.week == kirov]
        assert sizes == [shock]
        threat[shock] = Simulation(cfg, 1).run().series("threat")
    np.testing.assert_array_equal(threat[0.0][:kirov], threat[3.0][:kirov])
    assert np.all(threat[3.0][kirov:] > threat[0.0][kirov:] + 1.0)
