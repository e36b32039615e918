from pathlib import Path

import pytest

from purgesim.cli import registry_markdown
from purgesim.registry import REGISTRY, Param, defaults

DOCS = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


def test_every_parameter_is_sourced_or_an_assumption_with_a_prior():
    for p in REGISTRY.values():
        assert p.source or p.prior, p.name
        if p.is_assumption:
            assert p.status == "assumption"
        if p.prior:
            assert p.prior[0] <= p.value <= p.prior[1], p.name


def test_an_assumption_without_prior_is_refused():
    with pytest.raises(ValueError, match="prior"):
        Param("x", 1.0, "u", "g", "d").check()
    with pytest.raises(ValueError, match="outside prior"):
        Param("x", 5.0, "u", "g", "d", prior=(0.0, 1.0)).check()


def test_defaults_cover_the_registry():
    assert set(defaults()) == set(REGISTRY)


def test_the_docs_show_the_registry_as_it_is():
    """docs/parameters.md must be regenerated whenever the registry changes."""
    text = DOCS.read_text(encoding="utf-8")
    assert registry_markdown(list(REGISTRY.values())) in text
