"""What the web app computes: validated requests in, fan charts and ledgers out.

Kept apart from the HTTP layer so it can be tested and reused without a server. Runs are
capped (seeds, scale) so that one visitor cannot exhaust the machine, and results are cached by
request, since a run is determined by scenario + levers + seed + version.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from dataclasses import replace
from typing import Annotated, Literal

import numpy as np
from cachetools import LRUCache
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from purgesim.data import CITATION, cited, posterior
from purgesim.data import sources as data_sources
from purgesim.experiments.backend import Backend
from purgesim.experiments.compare import WarOutcome
from purgesim.experiments.hypotheses import BY_NAME as HYPOTHESES
from purgesim.experiments.runs import package_version
from purgesim.model.calendar import END, LAST, n_weeks, week_of
from purgesim.model.engine import Simulation
from purgesim.model.outcomes import BY_NAME
from purgesim.model.params import REGISTRY, names
from purgesim.model.results import BANDS, RANGE, SUMMARIES
from purgesim.reports.charts import CHARTS
from purgesim.scenarios.decisions import DECISIONS, apply_decisions, unknown_choice
from purgesim.scenarios.scenario import (
    ScenarioError,
    embedded_scenarios,
    load_scenario,
    validate_scenario,
)
from purgesim.web import text

HORIZONS: dict[str, dt.date | None] = {"war": None, "1945": dt.date(1945, 12, 31),
                                       "1953": LAST}
"""How far a run goes: to the war date (the default), or on through the war to the end of
1945 or to 5 March 1953."""
WAR_FIGURES = ("war_won", "war_collapsed", "war_end_year", "front_depth_max", "military_dead")
"""The headline figures of the war a run through it reports to the app."""
MAX_SEEDS = 12
MIN_SCALE = 2000
"""At most about 81,000 agents per run in the app (1:2000); the CLI has no such cap."""
DEFAULT_SCALE = 5000
DEFAULT_SEEDS = 6
WAR_EARLIEST = dt.date(1939, 9, 1)
WAR_LATEST = dt.date(1944, 6, 22)
MAX_COST = MAX_SEEDS * n_weeks(end=WAR_LATEST) / MIN_SCALE
"""The most a request may cost, in seeds x weeks / persons per agent (proportional to the
agent-weeks it simulates): the largest request to the latest war date. A run on to 1953 at the
finest scale gets fewer seeds."""
CHART_SERIES = tuple(c.outcome for c in CHARTS)
PARTIAL_DAYS = 7
"""A last year that stops a week or more short of 31 December is marked partial on the charts
(a run stepped to 31 December ends with the calendar's last whole week, a few days short)."""
LEDGER = tuple(s for s in SUMMARIES if s.ledger)
"""The ledger of consequences: the headline figures marked for it."""
LEVERS = names(debated=True)
"""The app's levers: the parameters the debate texts argue about (declared in the registry)."""


def lever_bounds(name: str) -> tuple[float, float]:
    """A lever's range in the app: its registry prior."""
    prior = REGISTRY[name].prior
    lo, hi = prior.low, prior.high
    return float(lo), float(hi)


def scenario_names() -> list[str]:
    """The scenarios a visitor may pick: the embedded ones, never a path."""
    return [n.removesuffix(".toml") for n in embedded_scenarios()]


def _known_choices(v: dict[str, str]) -> dict[str, str]:
    why = unknown_choice(v)
    if why is not None:
        raise ValueError(why)
    return v


Choices = Annotated[dict[str, str], AfterValidator(_known_choices)]
"""Decisions taken, decision id -> option id, each of which must exist (a run request's, a
class answer's)."""


class RunRequest(BaseModel):
    """One request for a set of runs; every field is checked before anything runs."""

    model_config = ConfigDict(extra="forbid")
    scenario: str = "historical"
    hypothesis: str | None = None
    levers: dict[str, float] = Field(default_factory=dict)
    seed: Annotated[int, Field(ge=0, le=1_000_000)] = 1
    seeds: Annotated[int, Field(ge=1, le=MAX_SEEDS)] = DEFAULT_SEEDS
    scale: Annotated[int, Field(ge=MIN_SCALE, le=1_000_000)] = DEFAULT_SCALE
    war: Literal["known", "uncertain"] = "known"
    horizon: Literal["war", "1945", "1953"] = "war"
    """Stop at the war date, or go on through the war (HORIZONS)."""
    until: dt.date | None = None
    """Stop the clock on this date (the run bar's Step, and decision briefings)."""
    decisions: Choices = Field(default_factory=dict)

    @field_validator("scenario")
    @classmethod
    def _embedded(cls, v: str) -> str:
        names = scenario_names()
        if v not in names:
            raise ValueError(f"'{v}' is not a scenario of the app (choices: {', '.join(names)})")
        return v

    @field_validator("hypothesis")
    @classmethod
    def _known_hypothesis(cls, v: str | None) -> str | None:
        if v not in (None, "", *HYPOTHESES):
            raise ValueError(f"'{v}' is not a hypothesis (choices: {', '.join(HYPOTHESES)})")
        return v or None

    @field_validator("levers")
    @classmethod
    def _known_levers(cls, v: dict[str, float]) -> dict[str, float]:
        for name, value in v.items():
            if name not in LEVERS:
                raise ValueError(f"'{name}' is not a lever of the app "
                                 f"(levers: {', '.join(LEVERS)})")
            lo, hi = lever_bounds(name)
            if not (np.isfinite(value) and lo <= value <= hi):
                raise ValueError(f"'{name}' must lie between {lo:g} and {hi:g}, got {value}")
        return v

    @field_validator("until")
    @classmethod
    def _in_calendar(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and not dt.date(1928, 1, 1) <= v <= LAST:
            raise ValueError(f"{v} is outside 1928-01-01 .. {LAST}")
        return v

    @model_validator(mode="after")
    def _within_horizon_and_cost(self) -> RunRequest:
        last = HORIZONS[self.horizon] or WAR_LATEST
        if self.until is not None and self.until > last:
            raise ValueError(f"until {self.until} is after the horizon's last day {last} "
                             f"(horizon '{self.horizon}')")
        cost = self.seeds * n_weeks(end=self.until or last) / self.scale
        if cost > MAX_COST:
            raise ValueError(f"{self.seeds} seeds at 1:{self.scale} to {self.until or last} is "
                             f"more than the app runs at once: use at most "
                             f"{int(MAX_COST * self.scale / n_weeks(end=self.until or last))} "
                             f"seeds, or a coarser scale")
        return self

    def key(self) -> str:
        """A canonical form of the request, for the cache and for permalinks."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True)

    def seed_list(self) -> list[int]:
        """The seeds this request runs."""
        return list(range(self.seed, self.seed + self.seeds))


def scenario_data(req: RunRequest) -> dict:
    """The validated scenario (as plain data) that a request describes."""
    sc = load_scenario(req.scenario)
    if req.hypothesis:
        sc = HYPOTHESES[req.hypothesis].apply(sc)
    sc = sc.with_overrides(scale=req.scale, params=req.levers)
    if req.war == "uncertain":
        sc = sc.with_overrides(war_date=WAR_EARLIEST, war_date_latest=WAR_LATEST)
    if HORIZONS[req.horizon] is not None:
        sc = sc.with_overrides(until=HORIZONS[req.horizon])
    if req.decisions:
        sc = apply_decisions(sc, req.decisions)
    return sc.model_dump(mode="json")


def simulate(data: dict, seed: int, until: str | None) -> dict:
    """Run one seed and reduce it to what the app shows (cheap to send between processes)."""
    sc = validate_scenario(data, "request")
    config = sc.to_config(seed)
    if until is not None:
        config = replace(config, n_weeks=min(config.n_weeks,
                                             week_of(dt.date.fromisoformat(until)) + 1))
    result = Simulation(config, seed).run()
    annual = result.annual(CHART_SERIES)
    figures = result.summary()
    return {"annual": {n: annual[n].to_dict() for n in CHART_SERIES},
            "ledger": {s.name: figures[s.name] for s in LEDGER},
            "war_figures": ({n: figures[n] for n in WAR_FIGURES} if result.through_war
                            else None),
            "end": result.end.isoformat(), "war": sc.war_date_for(seed).isoformat()}


def war_summary(runs: list[dict]) -> dict | None:
    """How the war ended over the seeds (for runs that went on through it): won, collapsed,
    still going, the chance of collapse with Jeffreys' 90% interval, the median year it ended,
    the deepest front and the military dead (5%, 50%, 95%)."""
    if any(r["war_figures"] is None for r in runs):
        return None
    figures = {n: np.array([r["war_figures"][n] for r in runs], dtype=float)
               for n in WAR_FIGURES}
    war = WarOutcome.of(figures)
    lo, share, hi = war.collapse_interval()
    spread = {n: [float(v) for v in np.quantile(figures[n], RANGE)]
              for n in ("front_depth_max", "military_dead")}
    return {"seeds": war.seeds, "won": war.won, "collapsed": war.collapsed,
            "ongoing": war.ongoing, "collapse": [lo, share, hi],
            "end_year": None if np.isnan(war.median_end) else war.median_end, **spread}


def summarize(runs: list[dict], req: RunRequest, wall: float) -> dict:
    """Quantiles across seeds for each chart and ledger line."""
    first_end = min(dt.date.fromisoformat(r["end"]) for r in runs)
    last_year = first_end.year
    series = {}
    for name in CHART_SERIES:
        years = list(range(1928, last_year + 1))
        values = np.array([[r["annual"][name][y] for y in years] for r in runs])
        q = np.quantile(values, BANDS, axis=0)
        series[name] = {"years": years, **{f"q{int(p * 100):02d}": q[i].round(3).tolist()
                                           for i, p in enumerate(BANDS)}}
    led = {}
    for key in (s.name for s in LEDGER):
        v = np.array([r["ledger"][key] for r in runs])
        q = np.quantile(v, RANGE)
        led[key] = {"q05": float(q[0]), "q50": float(q[1]), "q95": float(q[2])}
    return {"request": json.loads(req.key()), "version": package_version(),
            "seeds": req.seed_list(), "war_dates": [r["war"] for r in runs],
            "end_dates": [r["end"] for r in runs], "series": series, "ledger": led,
            "war": war_summary(runs),
            "partial_to": (first_end.isoformat()
                           if (dt.date(last_year, 12, 31) - first_end).days >= PARTIAL_DAYS
                           else None),
            "wall_seconds": round(wall, 2)}


class BusyError(RuntimeError):
    """Too many runs in flight: the app refuses rather than queue without bound."""


class RunService:
    """Runs requests on a backend (or inline), with a cache and a cap on runs in flight."""

    def __init__(self, backend: Backend | None = None, max_in_flight: int = 2,
                 cache_size: int = 64, wait_seconds: float = 30.0):
        self.backend = backend or Backend(1)
        self._slots = threading.BoundedSemaphore(max_in_flight)
        self._cache: LRUCache[str, dict] = LRUCache(maxsize=cache_size)
        self._lock = threading.Lock()
        self._wait = wait_seconds

    def run(self, req: RunRequest) -> dict:
        """Fan charts and ledger for a request (ScenarioError if the combination is invalid)."""
        key = req.key()
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        data = scenario_data(req)
        until = None if req.until is None else req.until.isoformat()
        if not self._slots.acquire(timeout=self._wait):
            raise BusyError("too many runs in flight")
        try:
            start = time.perf_counter()
            done = dict(self.backend.map(simulate, {s: (data, s, until)
                                                    for s in req.seed_list()}))
            runs = [done[s] for s in req.seed_list()]
            out = summarize(runs, req, time.perf_counter() - start)
        finally:
            self._slots.release()
        with self._lock:
            self._cache[key] = out
        return out


HISTORY_TAG = re.compile(r"\s*\((as in history|как в истории)\)")
"""The options' "(as in history)" mark: the game reveals it only after the player chooses."""


CITATION_ID = re.compile(r"\s*" + CITATION.pattern)
"""A source's id in brackets (`[pavlov1953]`, as `data.CITATION` finds it) with the space
before it: a key into the data package, which means nothing on a chart, where the publication
it stands for is already named."""


def without_hindsight(option: str) -> str:
    """An option's text without its "(as in history)" mark."""
    return HISTORY_TAG.sub("", option)


def unit_words(unit: str, lang: str) -> str:
    """A registry unit in the page's language."""
    return text.UNITS_RU.get(unit, unit) if lang == "ru" else unit


def meta(lang: str) -> dict:
    """Everything the front end needs to draw its controls, in one language."""
    levers = []
    fitted = posterior.shipped().median()
    for name in LEVERS:
        spec, words = REGISTRY[name], text.LEVERS[name]
        lo, hi = lever_bounds(name)
        unit = unit_words(spec.unit, lang)
        # a fitted lever left alone runs on the posterior (a draw per seed): its default is
        # the posterior median, and only a value moved away from it is sent
        source = (text.UI[lang]["calibrated"].format(median=f"{fitted[name]:.3g}", lo=f"{lo:g}",
                                                     hi=f"{hi:g}") if name in fitted
                  else spec.source or f"{text.UI[lang]['assumption']}: {lo:g}–{hi:g}")
        # the posterior median to three significant figures: what the box shows, and what a
        # value must differ from to count as moved
        default = float(f"{fitted[name]:.3g}") if name in fitted else spec.value
        levers.append({"name": name, "label": words[lang][0], "explanation": words[lang][1],
                       "unit": unit, "default": default, "min": lo,
                       "max": hi, "step": (hi - lo) / 200, "status": spec.label,
                       "source": source})
    series = []
    held = data_sources()
    for chart in CHARTS:
        archive, source = chart.archive()
        reference, label = chart.reference()
        outcome = BY_NAME[chart.outcome]
        series.append({"name": chart.outcome, "title": chart.title[lang],
                       "archive": {str(k): v for k, v in archive.items()},
                       "source": CITATION_ID.sub("", source),
                       # the Sources panel: what the model line counts, and each cited
                       # publication in plain words (the file's own descriptions are English)
                       "definition": f"{getattr(outcome, lang)} ({unit_words(outcome.unit, lang)})",
                       "sources": [{"id": i, "publication": held[i]["publication"],
                                    "locator": held[i]["locator"],
                                    "description": held[i]["description"]}
                                   for i in dict.fromkeys(cited(source)) if i in held],
                       "reference": {str(k): v for k, v in reference.items()},
                       "reference_label": label.get(lang, ""),
                       "kind": outcome.kind})
    scenarios = [(n, text.SCENARIOS.get(n, {lang: (n, "")})[lang]) for n in scenario_names()]
    return {
        "version": package_version(), "lang": lang, "ui": text.UI[lang],
        "teacher": text.TEACHER[lang],
        "caps": {"max_seeds": MAX_SEEDS, "min_scale": MIN_SCALE, "default_seeds": DEFAULT_SEEDS,
                 "default_scale": DEFAULT_SCALE},
        "war_known": END.isoformat(), "war_range": [WAR_EARLIEST.isoformat(),
                                                    WAR_LATEST.isoformat()],
        "horizons": [{"name": n, "last": None if d is None else d.isoformat()}
                     for n, d in HORIZONS.items()],
        "scenarios": [{"name": n, "title": title, "description": description}
                      for n, (title, description) in scenarios],
        "hypotheses": [{"name": n, "title": text.HYPOTHESES[n][lang]} for n in HYPOTHESES],
        "levers": levers, "series": series,
        "ledger": [{"key": s.name, "label": getattr(s, lang)} for s in LEDGER],
        "decisions": [{"id": d.id, "date": d.date.isoformat(), "briefing": d.briefing[lang],
                       "options": [{"id": o.id, "text": without_hindsight(o.text[lang]),
                                    "historical": o.historical}
                                   for o in d.options]} for d in DECISIONS],
    }


__all__ = ["BusyError", "RunRequest", "RunService", "ScenarioError", "meta", "scenario_data"]
