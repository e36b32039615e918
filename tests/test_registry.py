from pathlib import Path

import pytest

from purgesim.cli import registry_markdown
from purgesim.model.params import (
    CONSTANT,
    LEVER,
    REGISTRY,
    SHARE,
    Param,
    Params,
    Uniform,
    defaults,
    names,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


def test_every_declaration_is_checked_when_the_registry_is_built():
    """Each rule of Param.check refuses a declaration that breaks it."""
    ok = dict(unit="u", group="g", description="d", bounds=SHARE)
    Param("x", 0.5, prior=Uniform(0.0, 1.0), **ok).check()
    for bad, why in [
        (dict(), "prior"),                                             # assumption, no prior
        (dict(prior=Uniform(0.6, 1.0)), "outside prior"),             # default outside prior
        (dict(prior=Uniform(0.0, 2.0)), "outside bounds"),            # prior outside bounds
        (dict(source="[x]", prior=Uniform(0, 1), role=CONSTANT), "constant"),
        (dict(source="[x]", fit=True), "fitted"),                     # fitted without prior
        (dict(prior=Uniform(0, 1), role="boss"), "role"),
    ]:
        with pytest.raises(ValueError, match=why):
            Param("x", 0.5, **ok, **bad).check()
    with pytest.raises(ValueError, match="default must lie"):
        Param("x", 1.5, source="[x]", **ok).check()


def test_hand_set_defaults_are_assumptions_and_disclosed_as_such():
    hand = [p for p in REGISTRY.values() if p.hand_set]
    assert len(hand) == 26  # a new hand-set default is a decision: this count says so
    assert all(p.is_assumption and p.label == "assumption (hand-set)" for p in hand)


def test_roles_and_flags_select_the_lists_other_parts_use():
    fitted = names(fit=True)
    assert "evidence_bar" in fitted and all(REGISTRY[n].prior for n in fitted)
    assert "evidence_floor" in names(role=LEVER) and "evidence_floor" in names(debated=True)
    assert "population_1937" in names(role=CONSTANT)
    assert set(names(role=LEVER)) | set(names(role=CONSTANT)) < set(REGISTRY)


def test_params_are_frozen_and_checked():
    p = Params()
    assert p.evidence_floor == 0.0 and p.population_1937 == 162_039_470
    with pytest.raises(AttributeError):
        p.evidence_floor = 3.0  # type: ignore[misc]
    q = p.but(evidence_floor=3.0)
    assert q.evidence_floor == 3.0 and p.evidence_floor == 0.0
    with pytest.raises(ValueError, match="evidence_floor"):
        p.but(evidence_floor=-1.0)
    with pytest.raises(KeyError, match="evidence_flor"):
        p.but(evidence_flor=1.0)
    assert Params.from_dict({"w_taint": 2.0}).as_dict() == {**defaults(), "w_taint": 2.0}


def test_defaults_are_a_fresh_copy_that_runs_cannot_change():
    d = defaults()
    assert d["population_1937"] == 162_039_470 and d["evidence_floor"] == 0.0
    d["evidence_floor"] = 99.0
    assert defaults()["evidence_floor"] == 0.0 == REGISTRY["evidence_floor"].value
    with pytest.raises(TypeError):
        REGISTRY["evidence_floor"] = REGISTRY["w_taint"]


def test_the_docs_show_the_registry_as_it_is():
    """docs/parameters.md must be regenerated whenever the registry changes."""
    text = DOCS.read_text(encoding="utf-8")
    assert registry_markdown(list(REGISTRY.values())) in text


def test_the_apps_levers_are_the_debated_parameters_with_words_in_both_languages():
    """The web app reads its levers from the registry; every one needs its words."""
    from purgesim.web import text
    from purgesim.web.service import LEVERS

    assert names(debated=True) == LEVERS
    assert set(text.LEVERS) == set(LEVERS)
    for name in LEVERS:
        assert all(len(text.LEVERS[name][lang]) == 2 for lang in ("en", "ru")), name
