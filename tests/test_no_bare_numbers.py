"""Every number in the model is a registered parameter or a named constant.

A float written into a mechanism's code is invisible to the registry: calibration cannot fit it
and sensitivity analysis cannot vary it. So in `purgesim/model/` a float literal may appear
only in a module-level named constant (whose docstring says why it is not uncertain), in the
parameter registry itself, or as 0.0 and 1.0 (identities: nothing, all, unchanged)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[1] / "purgesim" / "model"
REGISTRY_FILE = "params.py"
IDENTITIES = {0.0, 1.0}


def bare_floats(source: str) -> list[tuple[int, float]]:
    """(line, value) of float literals outside module-level assignments."""
    tree = ast.parse(source)
    named = {id(node) for stmt in tree.body if isinstance(stmt, ast.Assign | ast.AnnAssign)
             for node in ast.walk(stmt)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and type(node.value) is float
            and node.value not in IDENTITIES and id(node) not in named]


@pytest.mark.parametrize("path", sorted(p for p in MODEL.glob("*.py") if p.name != REGISTRY_FILE),
                         ids=lambda p: p.name)
def test_no_bare_float_in_the_model(path):
    found = bare_floats(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: float literals {found}: register them or name them"


def test_the_check_finds_a_bare_float():
    assert bare_floats("def f(x):\n    return x * 0.37\n") == [(2, 0.37)]
    assert bare_floats("RATE = 0.37\n\ndef f(x):\n    return x * RATE\n") == []
