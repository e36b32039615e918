import numpy as np
from scipy.stats import norm

from purgesim.model import denunciation
from purgesim.model.denunciation import denounce, denunciation_counts
from purgesim.model.params import Params
from purgesim.model.population import ENEMY, FREE, GRUMBLER, OFFICIAL, SPECIALIST
from tests.conftest import SIGNIFICANCE, make_state

Z = norm.isf(SIGNIFICANCE / 2)
"""Two-sided critical value of the z-tests below."""


def _choices(monkeypatch, p_over, seed=0, weeks=30):
    """Run `weeks` of denunciations; return the state, each denouncer's candidate contacts
    (rows, -1 for none) and the target chosen among them (rows with no target dropped).

    Tests compare the targets with the candidates each denouncer actually had, not with the
    population: contacts are clustered (workplaces, party cells), so the base rate among them
    is not the population's."""
    p = Params().but(**p_over)
    st = make_state(p, seed=seed, scale=5000)
    rows, chosen = [], []
    real = denunciation.pick_weighted

    def spy(contacts, weights, rng):
        out = real(contacts, weights, rng)
        rows.append(contacts.copy())
        chosen.append(out.copy())
        return out

    monkeypatch.setattr(denunciation, "pick_weighted", spy)
    rng = np.random.default_rng(seed)
    for _ in range(weeks):
        denounce(st, rng)
    c, t = np.concatenate(rows), np.concatenate(chosen)
    return st, c[t >= 0], t[t >= 0]


def _z(st, contacts, targets, weight_of, hit) -> float:
    """z-score of the number of targets with `hit` against its expectation if each denouncer
    picks among its valid, at-large candidates with probability proportional to `weight_of`.

    Conditional on the candidates each choice is a Bernoulli draw with its own probability, so
    the count has mean sum(p) and variance sum(p (1 - p)) (a Poisson-binomial)."""
    valid = contacts >= 0
    safe = np.where(valid, contacts, 0)
    w = np.where(valid & (st.pop.status[safe] == FREE), weight_of(safe), 0.0)
    p = (w * hit(safe)).sum(axis=1) / w.sum(axis=1)
    observed = np.count_nonzero(hit(targets))
    return (observed - p.sum()) / np.sqrt((p * (1 - p)).sum())


def _by_disposition(st, enemy=1.0, grumbler=1.0):
    table = np.ones(3)
    table[ENEMY], table[GRUMBLER] = enemy, grumbler
    return lambda idx: table[st.pop.disposition[idx]]


def _enemy(st):
    return lambda idx: st.pop.disposition[idx] == ENEMY


# more enemies than the default so that a bias of a few tens of percent is detectable
GRIEVANCE_ONLY = {"grievance_share": 1.0, "vertical_share": 0.0, "denunciation_rate": 0.5,
                  "enemy_share": 0.05}


def test_grievance_denunciations_are_blind_to_disposition(monkeypatch):
    st, c, t = _choices(monkeypatch, GRIEVANCE_ONLY)
    assert t.size > 5000
    assert abs(_z(st, c, t, _by_disposition(st), _enemy(st))) < Z
    # power: the same data reject a grievance denouncer who prefers enemies 1.5 times
    assert _z(st, c, t, _by_disposition(st, enemy=1.5), _enemy(st)) < -Z


def test_suspicion_follows_its_weights_and_is_informative(monkeypatch):
    weights = {"suspicion_enemy_weight": 30.0, "suspicion_grumbler_weight": 3.0}
    st, c, t = _choices(monkeypatch, {**GRIEVANCE_ONLY, "grievance_share": 0.0, **weights})
    assert t.size > 5000
    own = _by_disposition(st, enemy=30.0, grumbler=3.0)
    assert abs(_z(st, c, t, own, _enemy(st))) < Z
    assert _z(st, c, t, _by_disposition(st), _enemy(st)) > Z  # far above a blind choice


def test_vertical_criticism_targets_officials_and_managers(monkeypatch):
    st, c, t = _choices(monkeypatch, {"vertical_share": 1.0, "official_target_weight": 20.0,
                                      "denunciation_rate": 0.5})
    assert t.size > 5000

    def boss(idx):
        return np.isin(st.pop.group[idx], [OFFICIAL, SPECIALIST])

    assert abs(_z(st, c, t, lambda idx: np.where(boss(idx), 20.0, 1.0), boss)) < Z
    assert _z(st, c, t, lambda idx: np.ones(idx.shape), boss) > Z


def test_the_blindness_test_detects_a_biased_grievance_denouncer(monkeypatch):
    """The check above, on a mechanism broken on purpose (grievance prefers enemies 1.5x)."""
    broken_weight = 1.5
    real = denunciation.target_weights

    def biased(state, contacts, motive):
        w = real(state, contacts, motive)
        safe = np.where(contacts >= 0, contacts, 0)
        enemy = state.pop.disposition[safe] == ENEMY
        return np.where((motive == 0)[:, None] & enemy, broken_weight * w, w)

    monkeypatch.setattr(denunciation, "target_weights", biased)
    st, c, t = _choices(monkeypatch, GRIEVANCE_ONLY)
    assert _z(st, c, t, _by_disposition(st), _enemy(st)) > Z


def test_fear_raises_the_rate():
    st = make_state()
    rng = np.random.default_rng(0)
    calm = np.mean([denunciation_counts(st, rng).sum() for _ in range(200)])
    st.fear[:] = 0.05
    scared = np.mean([denunciation_counts(st, rng).sum() for _ in range(200)])
    assert scared > calm * (1 + 0.5 * st.p.fear_elasticity * 0.05)


def test_denunciations_accumulate_as_evidence_and_are_recorded():
    st = make_state(scale=5000)
    st.p = st.p.but(denunciation_rate=0.05)
    rng = np.random.default_rng(0)
    t = np.concatenate([denounce(st, rng) for _ in range(5)])
    assert st.pop.denounced.sum() == t.size
    assert st.rec.counts[0, 0] > 0
