"""The debate texts' claims set against the archival record.

The debate texts (`data/texts.toml`) are the five texts whose argument purgesim was built to
test; each claim quotes the text it comes from. Factual claims (dates, counts) get a verdict
computed here from the claimed and archival values held in `data/claims.toml`; the file holds no
verdicts. Causal claims are mapped to the scenarios that test them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources

from purgesim.scenarios.scenario import embedded_scenarios


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one factual claim."""

    claim_id: str
    text: str
    """Title of the debate text the claim comes from."""
    quote: str
    claimed: str
    archive: str
    verdict: str
    source: str


def _package_toml(name: str) -> dict:
    return tomllib.loads(resources.files("purgesim.data").joinpath(name).read_text("utf-8"))


def debate_texts() -> dict[str, dict]:
    """The debate texts by id: title and a neutral summary of what each is."""
    return {t["id"]: t for t in _package_toml("texts.toml")["text"]}


def load_claims() -> dict:
    """The claims file, parsed; every claim names a known debate text."""
    claims = _package_toml("claims.toml")
    texts = debate_texts()
    for c in claims["factual"] + claims["causal"]:
        if c["text"] not in texts:
            raise ValueError(f"claim {c['id']}: no debate text {c['text']!r} in texts.toml")
    return claims


def text_title(text_id: str) -> str:
    """The title of a debate text."""
    return debate_texts()[text_id]["title"]


def _date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def check(claim: dict) -> str:
    """The verdict on one factual claim."""
    kind, claimed, archive = claim["kind"], claim["claimed"], claim["archive"]
    if archive == "none":
        return "cannot be checked: no archival figure in the data file"
    if kind == "date":
        gap = (_date(claimed) - _date(archive)).days
        return "matches" if gap == 0 else f"contradicted: off by {gap:+,} days"
    if kind == "day_month":
        return ("matches" if _date(archive).strftime("%m-%d") == claimed
                else f"contradicted: the archive gives {archive}")
    if kind == "month":
        return ("matches" if archive.startswith(claimed)
                else f"contradicted: the archive gives {archive}")
    if kind == "count":
        err = (claimed - archive) / archive
        ok = abs(err) <= claim.get("tolerance", 0.0)
        verdict = f"{'consistent' if ok else 'contradicted'} ({err:+.1%} from the archive)"
        if claim.get("period_claimed"):
            verdict += (f"; but the archive's period is {claim['period_archive']}, "
                        f"not {claim['period_claimed']}")
        return verdict
    if kind == "range":
        lo, hi = claimed
        return ("consistent" if lo <= archive <= hi
                else f"contradicted: the archive's {archive:,} is outside the range")
    if kind == "less_than":
        return ("consistent" if archive < claimed
                else f"contradicted: {archive:,} in the 1930s against {claimed:,}")
    raise ValueError(f"claim {claim['id']}: unknown kind {kind!r}")


def _show(v) -> str:
    if isinstance(v, list):
        return f"{v[0]:,} to {v[1]:,}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def factual_verdicts() -> list[Verdict]:
    """Every factual claim with its computed verdict."""
    titles = {k: t["title"] for k, t in debate_texts().items()}
    return [Verdict(c["id"], titles[c["text"]], c["quote"], _show(c["claimed"]),
                    _show(c["archive"]), check(c), c["source"]) for c in load_claims()["factual"]]


def causal_claims() -> list[dict]:
    """Causal claims with the scenarios that test them (all of which must exist)."""
    names = {n.removesuffix(".toml") for n in embedded_scenarios()}
    claims = load_claims()["causal"]
    for c in claims:
        missing = [s for s in c["scenarios"] if s not in names]
        if missing:
            raise ValueError(f"claim {c['id']}: no scenario {missing}")
    return claims
