"""The engine: builds the state, walks the week's steps in a fixed order, records.

The order within a week is data: `STEPS`, a named list the engine walks (documented in
docs/ODD.md, since update order changes results; `benchmarks/bench_engine.py --steps` times each
step). Each step draws from its own random stream, realigned every week (`model/streams.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from purgesim.model import army, camps, centre, collectivization, economy, party, security, war
from purgesim.model.calendar import WEEKS_PER_YEAR
from purgesim.model.denunciation import denounce
from purgesim.model.events import ModelConfig
from purgesim.model.outcomes import Recorder
from purgesim.model.params import Params
from purgesim.model.population import ENEMY, Population, build_population
from purgesim.model.results import RunResult
from purgesim.model.state import State
from purgesim.model.streams import Streams


@dataclass(frozen=True)
class Step:
    """One step of the week: its name (which also names its random stream) and what it does."""

    name: str
    run: Callable[[State, np.random.Generator, ModelConfig], None]


def _events(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
    for event in config.events_at(s.week):
        event.apply(s, rng)


def _denunciations(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
    s.add_to_pool(denounce(s, rng))


def _mechanism(fn: Callable[..., object]
               ) -> Callable[[State, np.random.Generator, ModelConfig], None]:
    """A step that is one mechanism's function of (state, rng)."""
    def run(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
        fn(s, rng)
    return run


def _economy(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
    economy.lose_cadres(s, s.arrested.view)
    economy.step(s, s.countryside.harvest, s.countryside.procurement, rng)


def _party(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
    party.step(s, s.arrested.view, rng)


def _army(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
    army.lose_officers(s, s.arrested.view)
    army.step(s)


def _threat_and_fear(s: State, rng: np.random.Generator, config: ModelConfig) -> None:
    centre.update_threat(s)
    centre.update_fear(s)


STEPS: tuple[Step, ...] = (
    Step("events", _events),                                # the centre's dated decisions
    Step("denunciations", _denunciations),
    Step("cases", _mechanism(security.decide_cases)),       # release, camp, exile, death
    Step("campaigns", _mechanism(security.campaign_arrests)),
    Step("hunger_arrests", _mechanism(security.hunger_arrests)),  # the famine's villages
    Step("national_operations", _mechanism(security.national_arrests)),
    Step("leadership_lists", _mechanism(security.leadership_lists)),
    Step("army_discharges", _mechanism(army.discharge)),     # ordinary, every year
    Step("army_purge", _mechanism(army.purge)),
    Step("army_review", _mechanism(army.review)),           # complaints: reinstatements
    Step("mass_operation", _mechanism(security.mass_operation_arrests)),
    Step("ordinary_arrests", _mechanism(security.ordinary_arrests)),
    Step("camps", _mechanism(camps.step)),                  # deaths, releases, exile returns
    Step("countryside", _mechanism(collectivization.step)),
    Step("economy", _economy),              # cadres lost, production, investment, accidents
    Step("war", _mechanism(war.step)),      # from the war week: front, armies, war economy
    Step("party", _party),                  # the arrested expelled, admissions, purges
    Step("army", _army),                                    # officers lost, service (no draws)
    Step("limit_requests", _mechanism(centre.review_requests)),
    Step("threat_and_fear", _threat_and_fear),              # (no draws)
)
"""The week, in order."""


class Simulation:
    """A model instance: `Simulation(config, seed).run()` gives a RunResult."""

    def __init__(self, config: ModelConfig, seed: int = 0):
        self.config = config
        self.seed = int(seed)
        self.streams = Streams(self.seed, config.n_weeks)
        p = config.params
        rng = self.streams.population()
        pop = build_population(p, config.scale, rng)
        self.state = _initial_state(pop, p, config)
        camps.seed_prisoners(self.state, round(p.initial_prisoners / config.scale), rng)
        self.state.enemies_free = int(np.count_nonzero(
            (pop.disposition == ENEMY) & (pop.status == 0)))
        attach_institutions(self.state)

    def step(self, timings: dict[str, float] | None = None) -> None:
        """Advance one week: walk STEPS, record the stocks, close the week. With `timings`,
        add each step's seconds to it (for the benchmark)."""
        s = self.state
        s.rec.week = s.week
        s.arrested.size = 0
        s.busy[:] = 0
        for step in STEPS:
            start = time.perf_counter() if timings is not None else 0.0
            step.run(s, self.streams.at(step.name, s.week), self.config)
            if timings is not None:
                timings[step.name] = timings.get(step.name, 0.0) + time.perf_counter() - start
        self._record_stocks()
        s.rec.close_week()
        s.week += 1

    def _record_stocks(self) -> None:
        s = self.state
        s.rec.set("detained", s.detainees.idx.size)
        s.rec.set("enemies_free", s.enemies_free)
        op = s.operation
        s.rec.set("limit_total", 0 if op is None else int(op.total.sum()))
        s.rec.set_level("threat", s.threat)
        eco = s.economy
        for name, value in zip(economy.SECTORS, eco.output, strict=True):
            s.rec.set_level(f"output_{name}", value)
        steel_mt = economy.steel_mt(eco, s.p)
        s.rec.set_level("steel_mt", steel_mt)
        s.rec.set_level("steel", steel_mt * economy.TONNES_PER_MT / WEEKS_PER_YEAR)  # tonnes
        s.rec.set_level("gdp", war.recorded_gdp(s) / WEEKS_PER_YEAR)  # a week's GDP
        s.rec.set_level("plan_pressure_heavy", economy.plan_pressure(eco)[economy.HEAVY])
        s.rec.set_level("cadre_factor", float(eco.cadres.mean()))
        s.rec.set_level("officers", s.army.officers)
        s.rec.set_level("officer_experience", s.army.mean_experience)
        s.rec.set("party_members", s.party.members)
        s.rec.set("party_candidates", s.party.candidates)
        s.rec.set("party_full_members", s.party.members - s.party.candidates)
        s.rec.set("settlers", s.countryside.settlers.size)

    def run(self, progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Run every week of the calendar; `progress(done, total)` is called each week."""
        total = self.config.n_weeks
        while self.state.week < total:
            self.step()
            if progress is not None:
                progress(self.state.week, total)
        return self.result()

    def result(self) -> RunResult:
        """Outcomes so far, scaled to persons."""
        s = self.state
        scale = self.config.scale
        tally = s.pop.status_counts()
        rows = s.rec.rows()
        rows[:, 3] *= scale
        return RunResult(
            counts=s.rec.counts * scale, levels=s.rec.levels.copy(), rows=rows,
            status_counts=tally * scale, config=self.config, seed=self.seed,
            n_agents=s.pop.n, bytes_per_agent=s.pop.nbytes() / max(1, s.pop.n))


def attach_institutions(state: State) -> None:
    """Give a state its economy, officer corps and party, built from its population."""
    state.economy = economy.build_economy(state.pop, state.p)
    state.army = army.build_army(state.pop, state.p)
    state.party = party.build_party(state.pop, state.p)


def _initial_state(pop: Population, p: Params, config: ModelConfig) -> State:
    n_regions = pop.n_regions
    return State(pop=pop, p=p, scale=config.scale, n_weeks=config.n_weeks,
                 rec=Recorder(config.n_weeks), threat=p.threat_initial, war_week=config.war_week,
                 fear=np.zeros(n_regions), recent_arrests=np.zeros(n_regions, dtype=np.int64))
