"""Each concept is declared in one place: an event kind (its class in model/events.py), an
outcome (its row in model/outcomes.py), a parameter (its attribute of model/params.Params).
A second declaration (a copied label table, a kind list, a parameter dict) fails here."""

import re
from pathlib import Path

from purgesim.model.events import kind_names
from purgesim.model.outcomes import OUTCOMES
from purgesim.model.params import REGISTRY

PACKAGE = Path(__file__).resolve().parents[1] / "purgesim"
SOURCES = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*")
           if p.suffix in (".py", ".js", ".j2", ".html")}


def _places(pattern: str) -> list[str]:
    return [f"{p.relative_to(PACKAGE)}:{t[:m.start()].count(chr(10)) + 1}"
            for p, t in SOURCES.items() for m in re.finditer(pattern, t)]


def test_each_event_kind_is_declared_once():
    for kind in kind_names():
        assert len(_places(rf'Literal\["{kind}"\]')) == 1, kind


def test_each_outcome_is_declared_once():
    for o in OUTCOMES:
        places = _places(rf'(?<![\w.])(?:_flow|_stock|_level|Outcome)\(\s*"{o.name}"')
        assert len(places) == 1, (o.name, places)


def test_each_parameter_is_declared_once():
    for name in REGISTRY:
        assert len(_places(rf'(?m)^\s+{name}: \w+ = (?:assumption|sourced)\(')) == 1, name
