from pathlib import Path

import pytest

from purgesim.cli import registry_markdown
from purgesim.registry import HAND_SET, REGISTRY, Param, defaults

DOCS = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


def test_every_parameter_is_sourced_or_an_assumption_with_a_prior():
    for p in REGISTRY.values():
        assert p.source or p.prior, p.name
        if p.prior:
            assert p.prior[0] <= p.value <= p.prior[1], p.name


def test_hand_set_flags_name_real_assumptions():
    """A misspelt HAND_SET name would silently leave a hand-set default undisclosed."""
    assert set(HAND_SET) <= set(REGISTRY)
    assert {n for n, p in REGISTRY.items() if p.hand_set} == set(HAND_SET)
    assert all(REGISTRY[n].is_assumption for n in HAND_SET)
    assert all(REGISTRY[n].label == "assumption (hand-set)" for n in HAND_SET)


def test_an_assumption_without_prior_is_refused():
    with pytest.raises(ValueError, match="prior"):
        Param("x", 1.0, "u", "g", "d").check()
    with pytest.raises(ValueError, match="outside prior"):
        Param("x", 5.0, "u", "g", "d", prior=(0.0, 1.0)).check()


def test_defaults_are_a_fresh_copy_that_runs_cannot_change():
    """Runs and tests mutate their parameter dict; the registry's defaults must not move."""
    d = defaults()
    assert d["population_1937"] == 162_039_470 and d["evidence_floor"] == 0.0
    d["evidence_floor"] = 99.0
    assert defaults()["evidence_floor"] == 0.0 == REGISTRY["evidence_floor"].value
    with pytest.raises(TypeError):
        REGISTRY["evidence_floor"] = Param("evidence_floor", 1.0, "u", "g", "d", prior=(0, 8))


def test_the_docs_show_the_registry_as_it_is():
    """docs/parameters.md must be regenerated whenever the registry changes."""
    text = DOCS.read_text(encoding="utf-8")
    assert registry_markdown(list(REGISTRY.values())) in text
