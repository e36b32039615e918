"""The engine: builds the state, steps the mechanisms each week in a fixed order, records.

Order within a week (documented in docs/ODD.md, since update order changes results):
1. the centre's dated decisions for this week;
2. denunciations;
3. cases due this week are decided (release, camp, exile, death);
4. arrests: campaigns, national operations, the army purge, the mass operation, then ordinary
   work;
5. camps: deaths, releases, returns from exile;
6. the countryside: deportation, settlements, harvest, procurement, famine;
7. the economy: cadres lost to this week's arrests, production, investment, accidents;
8. the party (expulsion of the arrested, admissions, purges) and the officer corps;
9. the centre reviews requests for limits; threat perception and fear are updated.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from purgesim.model import army, camps, centre, collectivization, economy, party, security
from purgesim.model.denunciation import denounce
from purgesim.model.events import ModelConfig
from purgesim.model.outcomes import Recorder
from purgesim.model.params import Params
from purgesim.model.population import ENEMY, Population, build_population
from purgesim.model.results import RunResult
from purgesim.model.state import State

STREAMS = ("population", "denunciation", "security", "camps", "centre", "countryside",
           "economy", "party")
"""One random stream per mechanism, spawned from the run's seed in this fixed order."""


def spawn_streams(seed: int) -> dict[str, np.random.Generator]:
    """Independent, reproducible generators for each mechanism."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.Generator(np.random.PCG64(s)) for name, s in
            zip(STREAMS, children, strict=True)}


class Simulation:
    """A model instance: `Simulation(config, seed).run()` gives a RunResult."""

    def __init__(self, config: ModelConfig, seed: int = 0):
        self.config = config
        self.seed = int(seed)
        self.rng = spawn_streams(self.seed)
        p = config.params
        pop = build_population(p, config.scale, self.rng["population"])
        self.state = _initial_state(pop, p, config)
        camps.seed_prisoners(self.state, round(p.initial_prisoners / config.scale),
                             self.rng["population"])
        self.state.enemies_free = int(np.count_nonzero(
            (pop.disposition == ENEMY) & (pop.status == 0)))
        attach_institutions(self.state)

    def step(self) -> None:
        """Advance one week."""
        s, rng = self.state, self.rng
        s.rec.week = s.week
        s.arrested.size = 0
        for event in self.config.events_at(s.week):
            event.apply(s, rng["centre"])
        s.add_to_pool(denounce(s, rng["denunciation"]))
        security.decide_cases(s, rng["security"])
        security.campaign_arrests(s, rng["security"])
        security.national_arrests(s, rng["security"])
        army.purge(s, rng["security"])
        security.mass_operation_arrests(s, rng["security"])
        security.ordinary_arrests(s, rng["security"])
        camps.step(s, rng["camps"])
        harvest, procurement = collectivization.step(s, rng["countryside"])
        arrested = s.arrested.view
        economy.lose_cadres(s, arrested)
        economy.step(s, harvest, procurement, rng["economy"])
        party.step(s, arrested, rng["party"])
        army.lose_officers(s, arrested)
        army.step(s)
        centre.review_requests(s, rng["centre"])
        centre.update_threat(s)
        centre.update_fear(s)
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
        s.rec.set_level("steel_mt", economy.steel_mt(eco, s.p))
        s.rec.set_level("plan_pressure_heavy", economy.plan_pressure(eco)[economy.HEAVY])
        s.rec.set_level("cadre_factor", float(economy.sector_cadre_factor(eco, s.p).mean()))
        s.rec.set_level("officers", s.army.officers)
        s.rec.set_level("officer_experience", s.army.mean_experience)
        s.rec.set("party_members", s.party.members)
        s.rec.set("party_candidates", s.party.candidates)
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
                 rec=Recorder(config.n_weeks), threat=p.threat_initial,
                 fear=np.zeros(n_regions), recent_arrests=np.zeros(n_regions, dtype=np.int64))
