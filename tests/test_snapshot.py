"""An exact regression snapshot: the historical baseline's headline figures at a fixed seed
and scale, on the registry's values. Counts must match exactly, levels and shares to 1e-9
(floating-point sums may differ in the last bits between processors). When a change is meant
to move the model, regenerate:

    python -m tests.test_snapshot
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario

SNAPSHOT = Path(__file__).with_name("snapshots") / "historical_seed1_scale5000.json"
SEED, SCALE = 1, 5000


def figures() -> dict[str, float]:
    sc = load_scenario().with_overrides(seed=SEED, scale=SCALE, params_from="registry")
    return Simulation(sc.to_config(), SEED).run().summary()


def test_the_baseline_matches_its_snapshot():
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = figures()
    assert set(now) == set(expected)
    for name, value in expected.items():
        assert now[name] == pytest.approx(value, rel=1e-9, abs=0, nan_ok=True), name


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(figures(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
