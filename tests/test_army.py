import numpy as np

from purgesim.data import cow
from purgesim.model import army
from purgesim.model.outcomes import COLUMN
from purgesim.model.population import DETAINED, DISCHARGED, OFFICER, REINSTATED, WORKER
from tests.conftest import make_state

YEAR = 52


def _recorded(s, name: str) -> int:
    return int(s.rec.counts[:, COLUMN[name]].sum())


def _weeks(s, n: int, *steps) -> None:
    """Run `steps` (functions of state and rng) for `n` weeks, closing each with the officers
    lost to arrest, as the engine does."""
    rng = np.random.default_rng(0)
    for _ in range(n):
        s.arrested.size = 0
        for fn in steps:
            fn(s, rng)
        army.lose_officers(s, s.arrested.view)
        s.week += 1


def test_the_corps_follows_the_army_and_gains_experience():
    s = make_state(scale=2000)
    start = s.army.officers
    assert start == cow(1928, "milper_su") * 1000 * s.p.officer_share_of_army
    exp0 = s.army.mean_experience
    for _ in range(52):
        army.step(s)
        s.week += 1
    assert abs(s.army.mean_experience - (exp0 + 1)) < 0.01


def test_ordinary_discharges_run_every_year_without_a_purge():
    """Outside any purge, `officer_discharge_rate` of the aggregate corps leaves each year, to
    civilian life (no record), counted as discharged; rate 0: nobody."""
    s = make_state(scale=200, p={"officer_discharge_rate": 0.1}, weeks=2 * YEAR)
    officers, before = s.army.officers, s.army.officers
    _weeks(s, YEAR, army.discharge)
    gone = _recorded(s, "officers_discharged")
    expected = 0.1 * officers / s.scale
    assert abs(gone - expected) < 4 * np.sqrt(expected), (gone, expected)
    reg = s.army.register
    assert np.count_nonzero(s.pop.group[reg] == WORKER) == gone
    assert not np.any(s.pop.history[reg] & DISCHARGED)       # no record on file
    assert s.army.officers < before
    quiet = make_state(scale=200, p={"officer_discharge_rate": 0.0}, weeks=2 * YEAR)
    _weeks(quiet, YEAR, army.discharge)
    assert _recorded(quiet, "officers_discharged") == 0


def test_the_purge_arrests_a_share_of_its_discharges_most_evidence_first():
    s = make_state(scale=200, p={"army_purge_discharge_rate": 0.4,
                                 "army_purge_arrest_share": 0.3}, weeks=2 * YEAR)
    s.army.purge_until = YEAR
    reg = s.army.register
    s.pop.denounced[reg[:20]] = 5                          # the most evidence: taken first
    before = s.army.mean_experience
    _weeks(s, YEAR, army.purge)
    discharged = _recorded(s, "officers_discharged")
    arrested = _recorded(s, "officers_arrested")
    assert discharged > 50
    share = arrested / discharged
    assert 0.15 < share < 0.45, share                      # a share of them, not all
    assert np.all(s.pop.history[reg[:20]] & DISCHARGED)
    detained = reg[s.pop.status[reg] == DETAINED]
    assert detained.size == arrested and np.all(s.pop.history[detained] & DISCHARGED)
    assert s.army.mean_experience < before                  # the seniors went
    after = s.army.officers
    _weeks(s, 4, army.purge)                                # the window has closed
    assert s.army.officers == after


def test_no_arrest_share_means_discharges_only():
    s = make_state(scale=200, p={"army_purge_discharge_rate": 0.4,
                                 "army_purge_arrest_share": 0.0}, weeks=2 * YEAR)
    s.army.purge_until = YEAR
    _weeks(s, YEAR, army.purge)
    assert _recorded(s, "officers_discharged") > 0
    assert _recorded(s, "officers_arrested") == 0


def test_an_officer_arrested_elsewhere_is_discharged_once():
    from purgesim.model.security import arrest
    from purgesim.model.state import OP_ORDINARY

    s = make_state(scale=200)
    rng = np.random.default_rng(1)
    one = s.army.register[:1]
    size = s.army.officers
    arrest(s, one, OP_ORDINARY, rng)
    army.lose_officers(s, one)
    assert s.army.officers == size - s.scale
    assert _recorded(s, "officers_discharged") == 1 and _recorded(s, "officers_arrested") == 1
    army.lose_officers(s, one)                              # arrested again: not in the corps
    assert s.army.officers == size - s.scale
    assert _recorded(s, "officers_arrested") == 2
    assert s.pop.group[one[0]] == OFFICER


def test_the_review_reinstates_the_purged_at_liberty_over_its_span():
    s = make_state(scale=200, p={"army_purge_discharge_rate": 0.5,
                                 "army_purge_arrest_share": 0.3}, weeks=4 * YEAR)
    s.army.purge_until = YEAR
    _weeks(s, YEAR, army.purge)
    purged = s.army.discharged.view.copy()
    free = purged[s.pop.status[purged] == 0]
    held = purged[s.pop.status[purged] == DETAINED]
    assert free.size > 40 and held.size > 0
    _weeks(s, 10, army.review)                              # no review opened: nobody back
    assert _recorded(s, "officers_reinstated") == 0
    span = 2 * YEAR
    army.open_review(s.army, 0.5, s.week + span, s.week)
    size = s.army.officers
    _weeks(s, YEAR, army.review)
    half_way = _recorded(s, "officers_reinstated")
    _weeks(s, YEAR + 10, army.review)                       # and past its end: nothing more
    back = _recorded(s, "officers_reinstated")
    assert 0 < half_way < back                              # a flow over the span
    assert abs(back / free.size - 0.5) < 0.2, back / free.size
    returned = purged[(s.pop.history[purged] & REINSTATED) > 0]
    assert returned.size == back and np.all((s.pop.history[returned] & DISCHARGED) == 0)
    assert not np.isin(held, returned).any()                # the detained are not reviewed
    assert s.army.officers == size + back * s.scale
    assert np.isin(returned, army.serving(s)).all()        # back in service
