import numpy as np

from purgesim.model.denunciation import denounce, denunciation_counts
from purgesim.model.population import ENEMY, OFFICIAL, SPECIALIST
from tests.conftest import make_state


def _targets(p_over, seed=0, weeks=30):
    st = make_state(seed=seed, scale=5000)
    st.p.update(p_over)
    rng = np.random.default_rng(seed)
    out = [denounce(st, rng) for _ in range(weeks)]
    return st, np.concatenate(out)


def test_grievance_denunciations_are_blind_to_disposition():
    st, t = _targets({"grievance_share": 1.0, "vertical_share": 0.0,
                      "denunciation_rate": 0.5})
    base = np.mean(st.pop.disposition == ENEMY)
    hit = np.mean(st.pop.disposition[t] == ENEMY)
    assert t.size > 2000
    assert abs(hit - base) < 3 * np.sqrt(base / t.size) + 0.003


def test_suspicion_is_informative():
    st, t = _targets({"grievance_share": 0.0, "vertical_share": 0.0,
                      "suspicion_enemy_weight": 30.0, "denunciation_rate": 0.5})
    base = np.mean(st.pop.disposition == ENEMY)
    assert np.mean(st.pop.disposition[t] == ENEMY) > 2 * base


def test_vertical_criticism_targets_officials_and_managers():
    common = {"official_target_weight": 20.0, "denunciation_rate": 0.5}
    st, t = _targets({"vertical_share": 1.0, **common})
    _, blind = _targets({"vertical_share": 0.0, "grievance_share": 1.0, **common})
    bosses = np.isin(st.pop.group, [OFFICIAL, SPECIALIST])
    assert np.mean(bosses[t]) > 2.5 * np.mean(bosses[blind])


def test_fear_raises_the_rate():
    st = make_state()
    rng = np.random.default_rng(0)
    calm = np.mean([denunciation_counts(st, rng).sum() for _ in range(200)])
    st.fear[:] = 0.05
    scared = np.mean([denunciation_counts(st, rng).sum() for _ in range(200)])
    assert scared > calm * (1 + 0.5 * st.p["fear_elasticity"] * 0.05)


def test_denunciations_accumulate_as_evidence_and_are_recorded():
    st, t = _targets({"denunciation_rate": 0.05}, weeks=5)
    assert st.pop.denounced.sum() == t.size
    assert st.rec.counts[0, 0] > 0
