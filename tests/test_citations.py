"""Every citation points to the project's own sources, never to files a user does not have."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from purgesim import data
from purgesim.model.params import REGISTRY
from purgesim.reports.claims import causal_claims, debate_texts, load_claims

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [p for p in (ROOT / "purgesim").rglob("*")
           if p.suffix in {".py", ".toml", ".csv", ".js", ".html"} and "__pycache__" not in p.parts]
DOCS = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
FORBIDDEN = re.compile(r"ARCHIVAL\.md|shared/|seed 00\d|seeds? 00\d|BRIEF|\bissue \d+\b|\(issue \d")
"""What a user of the repository cannot follow: the project's working files, internal issue
numbers, the debate texts by their internal file numbers."""


def _strings(value) -> list[str]:
    """Every string inside parsed TOML."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for v in items for s in _strings(v)]


@pytest.mark.parametrize("path", SHIPPED + DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_points_where_a_user_cannot_follow(path):
    text = path.read_text(encoding="utf-8")
    found = [line.strip()[:120] for line in text.splitlines() if FORBIDDEN.search(line)]
    assert not found, found


def test_every_cited_source_is_in_the_sources_file():
    known = data.sources()
    texts = [p.source or "" for p in REGISTRY.values()]
    texts += [path.read_text(encoding="utf-8") for path in DOCS]
    texts += [s for path in SHIPPED if path.suffix == ".toml"
              for s in _strings(tomllib.loads(path.read_text(encoding="utf-8")))]
    texts += [getattr(data, name) for name in dir(data) if name.endswith("_SOURCE")]
    cited = {sid for t in texts for sid in data.cited(t)}
    assert cited, "nothing cited at all"
    unknown = sorted(sid for sid in cited if sid not in known)
    assert not unknown, unknown


def test_every_source_is_described_in_the_projects_words():
    for sid, src in data.sources().items():
        assert len(src["description"]) > 40, sid
        assert src["status"] in ("verified", "unverified"), sid


def test_claims_quote_named_debate_texts():
    texts = debate_texts()
    assert len(texts) == 5 and all(t["title"] and t["what"] for t in texts.values())
    claims = load_claims()
    assert {c["text"] for c in claims["factual"] + claims["causal"]} <= set(texts)
    assert all(c["quote"] for c in causal_claims())


@pytest.mark.parametrize(("args", "citation"), [
    (["params", "--group", "population"], "[census1937]"),
    (["claims"], "[halt_1938]"),
    (["data", "--sources"], "pavlov1953"),
])
def test_citations_survive_the_terminal(args, citation):
    """Rich reads "[id]" as markup unless escaped: the citation must reach the screen."""
    from typer.testing import CliRunner

    from purgesim.cli import app

    res = CliRunner().invoke(app, args, env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    assert citation in res.stdout
