"""The centre's dated decisions: one class per kind of event, declared once.

Each class is what a scenario file's ``[[events]]`` entry is validated into (pydantic: unknown
keys, wrong types, dates outside the calendar and non-finite numbers are refused) and what the
engine applies on its date (`apply`). A size or share may be a number or the name of a registry
parameter: the name is resolved from the run's configured parameters when the event is applied,
so an override of that parameter reaches the event. Adding a kind of event is one class here
(listed in `KINDS`) and its test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal, Union, cast

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from purgesim.data import GULAG_LIMIT_CAT1, REGION_CODES, REGIONS, REPUBLICS, regions_of
from purgesim.model import army, camps, centre, collectivization, economy, party, security
from purgesim.model.calendar import LAST, START, week_of
from purgesim.model.economy import SECTORS
from purgesim.model.params import PLAN_GROWTH, REGISTRY, Params
from purgesim.model.population import DIASPORAS, T_FOREIGN, TAINTS
from purgesim.model.security import register
from purgesim.model.state import NATIONAL, OP, PROCEDURE, State, national_operation

STRICT = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)
"""Unknown keys and non-finite numbers (TOML's nan and inf) are refused; events are values."""


def _in_calendar(v: dt.date) -> dt.date:
    if not START <= v <= LAST:
        raise ValueError(f"date outside the calendar {START} .. {LAST}")
    return v


def _registry_name(v: str) -> str:
    if v not in REGISTRY:
        raise ValueError(f"'{v}' is not a parameter in the registry")
    return v


CalendarDate = Annotated[dt.date, AfterValidator(_in_calendar)]
ParamName = Annotated[str, AfterValidator(_registry_name)]
Amount = float | ParamName
"""A number, or the name of a registry parameter whose configured value it takes."""
Count = Annotated[int, Field(ge=0)]
TaintName = Literal["kulak", "former", "opposition", "foreign", "criminal"]
DiasporaName = Literal["german", "polish", "latvian", "harbin", "other"]
if TYPE_CHECKING:
    PlaceCode = str
else:
    PlaceCode = Literal[tuple(dict.fromkeys(REGION_CODES + REPUBLICS))]
"""A region, or a union republic (all its regions)."""
SectorName = Literal["heavy", "light", "agriculture", "defence"]
UNIT_SHARE = (0.0, 1.0)
MIN_PLAN_GROWTH = PLAN_GROWTH.low
"""The steepest planned decline a plan may set for a sector (a validity bound)."""

assert set(TAINTS) == set(TaintName.__args__)  # type: ignore[attr-defined]
assert set(DIASPORAS[1:]) == set(DiasporaName.__args__)  # type: ignore[attr-defined]
assert tuple(SECTORS) == SectorName.__args__  # type: ignore[attr-defined]


def amount(value: Amount, p: Params) -> float:
    """A number, or the configured value of the registry parameter it names."""
    return float(getattr(p, value) if isinstance(value, str) else value)


def not_negative(field_name: str, value: Amount, p: Params) -> list[str]:
    """The problem of an amount that resolves below zero (none if it does not)."""
    resolved = amount(value, p)
    return [] if resolved >= 0 else [f"{field_name} = {value} resolves to {resolved:g} < 0"]


class Event(BaseModel):
    """A dated decision. Subclasses declare their fields and `apply`."""

    model_config = STRICT
    kind: str
    date: CalendarDate
    label: str = ""
    id: str = ""
    """Optional name, so a scenario built on another can remove or edit this event."""

    shares: ClassVar[tuple[str, ...]] = ()
    """Fields that are shares: resolved, they must lie in [0, 1]."""

    @property
    def week(self) -> int:
        """The week the event takes effect."""
        return week_of(self.date)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        """Carry out the decision on the state (in its week, before the mechanisms step)."""
        raise NotImplementedError

    def problems(self, p: Params) -> list[str]:
        """What is wrong with this event under configured parameters `p` (empty if nothing):
        a share field that resolves outside [0, 1]."""
        out = []
        for name in self.shares:
            value = amount(getattr(self, name), p)
            if not UNIT_SHARE[0] <= value <= UNIT_SHARE[1]:
                out.append(f"{name} = {getattr(self, name)} resolves to {value:g}, not in [0, 1]")
        return out


class Span(Event):
    """An event that runs from `date` to `end`."""

    end: CalendarDate

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.date:
            raise ValueError(f"end {self.end} is not after date {self.date}")
        return self

    @property
    def end_week(self) -> int:
        """The week the span ends (exclusive)."""
        return week_of(self.end)


# ----------------------------------------------------------------------------- the kinds
class ThreatShock(Event):
    """A jolt to the centre's threat perception (Kirov's murder, the army affair)."""

    kind: Literal["threat_shock"] = "threat_shock"
    size: Amount

    def apply(self, state: State, rng: np.random.Generator) -> None:
        centre.shock(state, amount(self.size, state.configured))


class Campaign(Span):
    """A repression campaign against tainted registers, run by troikas: dekulakization by the
    OGPU's troikas, or the NKVD troikas for 'socially harmful elements' (criminals, the
    declassed, passport violators). Arrests at `rate` per person on file per week."""

    kind: Literal["campaign"] = "campaign"
    taint: TaintName | tuple[TaintName, ...]
    operation: Literal["campaign", "socially_harmful"] = "campaign"
    rate: Amount = "campaign_weekly_rate"
    shares: ClassVar[tuple[str, ...]] = ("rate",)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        mask = 0
        for t in (self.taint,) if isinstance(self.taint, str) else self.taint:
            mask |= TAINTS[t]
        state.campaigns.append((self.end_week, register(state, mask), OP[self.operation],
                                amount(self.rate, state.configured)))
        if self.operation == "campaign" and state.campaign_start < 0:
            state.campaign_start = state.week


class HungerArrests(Span):
    """Arrests in the starving villages, by the OGPU, of kolkhozniks and individual farmers as
    well as kulaks (the instruction of 8 May 1933 names all three): from `date` to `end`, each
    free rural person is arrested at `rate` per week per unit of the village's shortfall, so
    the arrests follow the famine region by region and week by week."""

    kind: Literal["hunger_arrests"] = "hunger_arrests"
    rate: Amount = "hunger_arrest_rate"
    shares: ClassVar[tuple[str, ...]] = ("rate",)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.countryside.hunger_arrests.append(
            (self.end_week, amount(self.rate, state.configured)))


class MassOperation(Event):
    """An operation with limits by region and category, run by troikas (Order 00447); limits
    default to the order's table, by region. Regions in `starts` begin on their own date (the
    order: 10 Aug in the Central Asian republics, 15 Aug in the Far East and East Siberia)."""

    kind: Literal["mass_operation"] = "mass_operation"
    limits: dict[PlaceCode, tuple[Count, Count]] = Field(
        default_factory=lambda: {r.code: (r.limit_cat1, r.limit_cat2) for r in REGIONS})
    """Persons by category, by region; a union republic's limits are shared among its
    regions in proportion to their limits in the order (`shared_out`)."""
    gulag_cat1: Count = GULAG_LIMIT_CAT1
    targets: tuple[TaintName, ...] = ("kulak", "former", "criminal", "opposition")
    starts: dict[PlaceCode, CalendarDate] = Field(default_factory=dict)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        mask = 0
        for t in self.targets:
            mask |= TAINTS[t]
        starts = {REGION_CODES[i]: max(self.week, week_of(day))
                  for place, day in self.starts.items() for i in regions_of(place)}
        centre.open_operation(state, by_region(self.limits), self.gulag_cat1, mask, rng, starts)


def by_region(limits: dict[str, tuple[int, int]]) -> dict[str, tuple[float, float]]:
    """Limits by region code: a republic's share out over its regions by their first limits."""
    out: dict[str, tuple[float, float]] = {}
    for place, (cat1, cat2) in limits.items():
        idx = regions_of(place)
        for i, a, b in zip(idx, *shared_out(idx, cat1, cat2), strict=True):
            a0, b0 = out.get(REGION_CODES[i], (0.0, 0.0))
            out[REGION_CODES[i]] = (a0 + a, b0 + b)
    return out


def shared_out(idx: tuple[int, ...], cat1: float, cat2: float) -> tuple[np.ndarray, np.ndarray]:
    """`cat1` and `cat2` persons shared among regions `idx`, each category in proportion to
    the regions' first limits in that category (a republic's decision, region by region)."""
    def share(first: np.ndarray, n: float) -> np.ndarray:
        return n * first / first.sum() if first.sum() > 0 else np.full(first.size, n / first.size)
    return (share(np.array([REGIONS[i].limit_cat1 for i in idx], float), cat1),
            share(np.array([REGIONS[i].limit_cat2 for i in idx], float), cat2))


class OperationDeadline(Event):
    """A central decision on the mass operation's timetable: the regions named (default:
    all) run until `until`, and their own requests for more limits are no longer granted
    (later increases come only as dated decisions)."""

    kind: Literal["operation_deadline"] = "operation_deadline"
    until: CalendarDate
    regions: tuple[PlaceCode, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> OperationDeadline:
        if self.until <= self.date:
            raise ValueError(f"until {self.until} is not after date {self.date}")
        return self

    def apply(self, state: State, rng: np.random.Generator) -> None:
        idx = (tuple(range(len(REGIONS))) if not self.regions
               else tuple(i for place in self.regions for i in regions_of(place)))
        centre.set_deadline(state, idx, week_of(self.until))


class NationalOperation(Event):
    """A national line (the 'national' orders): no limits; a file of whom the order
    targeted, arrested at one weekly rate per person on file until `end` (the cut-off).

    The file is `scope` of the diaspora (an order aimed at foreign subjects or at those on
    the lists reaches only part of it), plus `reach` of the people with foreign ties who are
    not of the diaspora in `reach_regions` (former residents of the neighbouring country,
    defectors, contacts: the Polish line reached far beyond ethnic Poles)."""

    kind: Literal["national_operation"] = "national_operation"
    diaspora: DiasporaName
    end: CalendarDate | None = None
    scope: Amount = 1.0
    reach: Amount = 0.0
    reach_regions: tuple[PlaceCode, ...] = ()
    shares: ClassVar[tuple[str, ...]] = ("scope", "reach")

    def apply(self, state: State, rng: np.random.Generator) -> None:
        pop, p = state.pop, state.configured
        code = DIASPORAS.index(self.diaspora)
        members = np.flatnonzero(pop.diaspora == code)
        on_file = [members[rng.random(members.size) < amount(self.scope, p)]]
        reach = amount(self.reach, p)
        for r in sorted({i for place in self.reach_regions for i in regions_of(place)}):
            lo, hi = pop.region_range(r)
            ties = lo + np.flatnonzero(((pop.flags[lo:hi] & T_FOREIGN) > 0)
                                       & (pop.diaspora[lo:hi] == 0))
            on_file.append(ties[rng.random(ties.size) < reach])
        end = state.n_weeks if self.end is None else week_of(self.end)
        state.national.append((national_operation(self.diaspora),
                               np.sort(np.concatenate(on_file)), end))


class LeadershipLists(Span):
    """Lists of officials, managers, engineers, officers and party members sent for the
    centre's approval and judged by the Military Collegium (security.leadership_lists)."""

    kind: Literal["leadership_lists"] = "leadership_lists"

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.lists_until = self.end_week


class LimitIncrease(Event):
    """A documented central decision raising a region's limits (persons by category), and
    extending its operation to `until` (default: `limit_extension_weeks` from now). A union
    republic's increase is shared among its regions (`shared_out`)."""

    kind: Literal["limit_increase"] = "limit_increase"
    region: PlaceCode
    cat1: Count = 0
    cat2: Count = 0
    until: CalendarDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> LimitIncrease:
        if self.until is not None and self.until <= self.date:
            raise ValueError(f"until {self.until} is not after date {self.date}")
        return self

    def apply(self, state: State, rng: np.random.Generator) -> None:
        idx = regions_of(self.region)
        until = None if self.until is None else week_of(self.until)
        for i, a, b in zip(idx, *shared_out(idx, self.cat1, self.cat2), strict=True):
            centre.raise_limit(state, i, a, b, rng, until)


class Torture(Event):
    """Physical pressure in interrogation is sanctioned (or withdrawn)."""

    kind: Literal["torture"] = "torture"
    allowed: bool = True

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.torture = self.allowed


class KirovLaw(Event):
    """The law of 1 Dec 1934: fast-track 'terrorism' cases, death sentences carried out at
    once."""

    kind: Literal["kirov_law"] = "kirov_law"

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.kirov_law = True


class PlenumCorrection(Event):
    """The January 1938 plenum: denunciations against party members weigh less."""

    kind: Literal["plenum_correction"] = "plenum_correction"

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.plenum = True


class Halt(Event):
    """Mass and national operations end and troikas are liquidated (17 Nov 1938)."""

    kind: Literal["halt"] = "halt"

    def apply(self, state: State, rng: np.random.Generator) -> None:
        centre.halt(state, rng)


class SpecialTroikas(Span):
    """Special troikas (Politburo, 15 Sep 1938): the national-line cases still pending are
    taken from the album procedure and decided by oblast troikas (party secretary, NKVD chief,
    procurator) before `end`, each case in a week drawn evenly from `date` to `end`.

    The decision covered people arrested before `arrested_before` (1 Aug 1938); later arrests
    stay with the albums. Cases already due before `end` keep their week. After a halt nothing
    happens: the troikas are gone."""

    kind: Literal["special_troikas"] = "special_troikas"
    arrested_before: CalendarDate = dt.date(1938, 8, 1)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        if state.halted:  # the troikas are already liquidated: none are formed
            return
        cases = state.detainees
        late = ((PROCEDURE[cases.operation.view] == NATIONAL) & (cases.due.view >= self.end_week)
                & (cases.arrested.view < week_of(self.arrested_before)))
        cases.due.view[late] = rng.integers(state.week, self.end_week, size=int(late.sum()))


class Collectivization(Span):
    """The agrarian path from `date`: 'forced' (dekulakization with deportations until `end`,
    procurement by quota) or 'gradual' (market procurement, no deportations)."""

    kind: Literal["collectivization"] = "collectivization"
    path: Literal["forced", "gradual"]

    def apply(self, state: State, rng: np.random.Generator) -> None:
        collectivization.start(state, self.path, self.end_week)


class FiveYearPlan(Event):
    """Plan targets from `date`: yearly growth targets by sector and the investment
    priorities (shares; normalised), each a number or a registry parameter's name."""

    kind: Literal["five_year_plan"] = "five_year_plan"
    growth: dict[SectorName, Amount]
    priority: dict[SectorName, Amount]

    def resolved(self, p: Params) -> tuple[list[float], list[float]]:
        """Growth and priority by sector (in SECTORS order; a sector not given: 0)."""
        sectors = cast(tuple[SectorName, ...], SECTORS)
        return ([amount(self.growth.get(s, 0.0), p) for s in sectors],
                [amount(self.priority.get(s, 0.0), p) for s in sectors])

    def apply(self, state: State, rng: np.random.Generator) -> None:
        economy.start_plan(state, *self.resolved(state.configured))

    def problems(self, p: Params) -> list[str]:
        growth, priority = self.resolved(p)
        out = [f"growth of {s} = {g:g}: not in [{MIN_PLAN_GROWTH:g}, 1]"
               for s, g in zip(SECTORS, growth, strict=True) if not MIN_PLAN_GROWTH <= g <= 1]
        out += [f"priority of {s} = {v:g}: not in [0, 1]"
                for s, v in zip(SECTORS, priority, strict=True) if not 0 <= v <= 1]
        if sum(priority) <= 0:
            out.append("priority: the investment shares must not all be zero")
        return out


class ArmyPurge(Span):
    """The army purge from `date` to `end`: officers discharged at `army_purge_discharge_rate`,
    most evidence first, a share `army_purge_arrest_share` of them also arrested."""

    kind: Literal["army_purge"] = "army_purge"

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.army.purge_until = self.end_week


class PartyAdmissions(Span):
    """`total` persons admitted to the party, evenly from `date` to `end`."""

    kind: Literal["party_admissions"] = "party_admissions"
    total: Count | ParamName
    """Persons: a number or a registry parameter's name."""

    def apply(self, state: State, rng: np.random.Generator) -> None:
        party.admit_over(state, self.end_week, amount(self.total, state.configured))

    def problems(self, p: Params) -> list[str]:
        return not_negative("total", self.total, p)


class PartyPurge(Span):
    """A purge or verification expelling `share` of members from `date` to `end`, the likelier
    the more the state holds against them."""

    kind: Literal["party_purge"] = "party_purge"
    share: Amount
    shares: ClassVar[tuple[str, ...]] = ("share",)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        party.purge_over(state, self.end_week, amount(self.share, state.configured))


class Reinstatement(Event):
    """`share` of expelled members still at liberty are reinstated in the party (officers are
    reinstated over a span: `OfficerReinstatement`)."""

    kind: Literal["reinstatement"] = "reinstatement"
    share: Amount
    shares: ClassVar[tuple[str, ...]] = ("share",)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        party.reinstate(state, amount(self.share, state.configured), rng)


class OfficerReinstatement(Span):
    """The review of complaints by purged officers: from `date` to `end`, each purged officer
    at liberty (discharged, or arrested and released) is reinstated with a constant weekly
    chance, so that `share` of those at liberty from the start return by `end`."""

    kind: Literal["officer_reinstatement"] = "officer_reinstatement"
    share: Amount
    shares: ClassVar[tuple[str, ...]] = ("share",)

    def apply(self, state: State, rng: np.random.Generator) -> None:
        army.open_review(state.army, amount(self.share, state.configured), self.end_week,
                         state.week)


class GrainQuotas(Event):
    """From `date`, the procurement quota per rural head in `places` is `factor` times the
    rest's, at the same national share (the plans' weight on the grain regions; the quota path
    only)."""

    kind: Literal["grain_quotas"] = "grain_quotas"
    places: list[PlaceCode]
    factor: Amount

    def apply(self, state: State, rng: np.random.Generator) -> None:
        regions = sorted({i for code in self.places for i in regions_of(code)})
        collectivization.target_quotas(state, regions, amount(self.factor, state.configured))

    def problems(self, p: Params) -> list[str]:
        factor = amount(self.factor, p)
        return [] if factor > 0 else [f"factor = {self.factor} resolves to {factor:g}, not > 0"]


class MovementBan(Event):
    """From `date`, peasants of `places` may no longer leave their villages: flight no longer
    averts famine deaths there."""

    kind: Literal["movement_ban"] = "movement_ban"
    places: list[PlaceCode]

    def apply(self, state: State, rng: np.random.Generator) -> None:
        collectivization.ban_movement(
            state, sorted({i for code in self.places for i in regions_of(code)}))


class FixedDeliveries(Event):
    """From `date`, the procurement quota is a fixed delivery norm known before the harvest,
    not a plan the campaign may raise: the village rations against all of it."""

    kind: Literal["fixed_deliveries"] = "fixed_deliveries"

    def apply(self, state: State, rng: np.random.Generator) -> None:
        collectivization.fix_quotas(state)


class Deportation(Span):
    """`total` persons deported from the villages of `places` (every region if empty) to the
    special settlements, evenly from `date` to `end`, put on file under `taint` if given."""

    kind: Literal["deportation"] = "deportation"
    places: list[PlaceCode] = []
    total: Count | ParamName
    taint: TaintName | None = None

    def apply(self, state: State, rng: np.random.Generator) -> None:
        codes = self.places or list(REGION_CODES)
        regions = sorted({i for code in codes for i in regions_of(code)})
        flag = 0 if self.taint is None else TAINTS[self.taint]
        collectivization.add_wave(state, self.end_week, amount(self.total, state.configured),
                                  regions, flag)

    def problems(self, p: Params) -> list[str]:
        return not_negative("total", self.total, p)


class PeopleDeportation(Span):
    """`total` members of a people (a diaspora of the model) deported wherever they live to the
    special settlements, evenly from `date` to `end` (the Soviet Germans in 1941-42)."""

    kind: Literal["people_deportation"] = "people_deportation"
    people: DiasporaName
    total: Count | ParamName
    taint: TaintName | None = None

    def apply(self, state: State, rng: np.random.Generator) -> None:
        members = np.flatnonzero(state.pop.diaspora == DIASPORAS.index(self.people))
        flag = 0 if self.taint is None else TAINTS[self.taint]
        collectivization.add_group_wave(state, self.end_week,
                                        amount(self.total, state.configured), members, flag)

    def problems(self, p: Params) -> list[str]:
        return not_negative("total", self.total, p)


class CampInflow(Span):
    """Non-political convicts of the ordinary courts or the militia sent to the camps at
    `annual` persons a year from `date` to `end`, for terms averaging `term_years` (they are not
    NKVD cases: counted as `sentenced_courts`, not `sentenced`)."""

    kind: Literal["camp_inflow"] = "camp_inflow"
    annual: Count | ParamName
    term_years: Amount

    def apply(self, state: State, rng: np.random.Generator) -> None:
        p = state.configured
        camps.open_stream(state, self.end_week, amount(self.annual, p),
                          amount(self.term_years, p))

    def problems(self, p: Params) -> list[str]:
        out = []
        if amount(self.annual, p) < 0:
            out.append(f"annual = {self.annual} resolves below 0")
        if amount(self.term_years, p) <= 0:
            out.append(f"term_years = {self.term_years} resolves to no term")
        return out


class LeadershipCase(Event):
    """A case fabricated against the leadership of `places` on the centre's order: `total`
    persons (sourced) of their officials, specialists, officers and party members arrested on
    `date` and judged by the leadership lists' procedure (security.leadership_case): the
    Leningrad Affair of 1949-50, the Doctors' plot of 1953."""

    kind: Literal["leadership_case"] = "leadership_case"
    places: list[PlaceCode] = Field(min_length=1)
    total: Count | ParamName

    def apply(self, state: State, rng: np.random.Generator) -> None:
        regions = sorted({i for code in self.places for i in regions_of(code)})
        security.leadership_case(state, regions, amount(self.total, state.configured), rng)

    def problems(self, p: Params) -> list[str]:
        return not_negative("total", self.total, p)


class CampRelease(Span):
    """`total` prisoners released from the camps by decree, at random, evenly from `date` to
    `end` (the 1941 releases, many of them to the army). `courts_only`: the decree reaches
    only those serving ordinary courts' terms (the 1941 decrees named absenteeism, petty
    theft, hooliganism and minor official and economic crimes, not counter-revolutionary
    ones)."""

    kind: Literal["camp_release"] = "camp_release"
    total: Count | ParamName
    courts_only: bool = False

    def apply(self, state: State, rng: np.random.Generator) -> None:
        camps.open_release(state, self.end_week, amount(self.total, state.configured),
                           self.courts_only)

    def problems(self, p: Params) -> list[str]:
        return not_negative("total", self.total, p)


class SetParam(Event):
    """A registry parameter takes a new value from `date` (a number, or another parameter's
    configured value), e.g. criticism from below in the May 1937 party elections."""

    kind: Literal["set_param"] = "set_param"
    param: ParamName
    value: Amount

    def apply(self, state: State, rng: np.random.Generator) -> None:
        state.p = state.p.but(**{self.param: amount(self.value, state.configured)})

    def problems(self, p: Params) -> list[str]:
        why = REGISTRY[self.param].problem(amount(self.value, p))
        return [] if why is None else [f"{self.param} = {self.value}: {why}"]


KINDS: tuple[type[Event], ...] = (
    ThreatShock, Campaign, HungerArrests, MassOperation, OperationDeadline, NationalOperation,
    LimitIncrease, LeadershipLists, Torture, KirovLaw, PlenumCorrection, SpecialTroikas, Halt,
    Collectivization, FiveYearPlan, ArmyPurge, PartyAdmissions, PartyPurge, Reinstatement,
    OfficerReinstatement, GrainQuotas, MovementBan, FixedDeliveries, Deportation,
    PeopleDeportation, CampInflow, CampRelease, LeadershipCase, SetParam,
)
"""Every kind of event, in the order the documentation lists them."""

if TYPE_CHECKING:
    AnyEvent = Event
else:
    AnyEvent = Annotated[Union[KINDS], Field(discriminator="kind")]  # noqa: UP007
"""Any event, told apart by its `kind` (what a scenario's event list holds)."""


def kind_names() -> tuple[str, ...]:
    """The `kind` tag of every event class."""
    return tuple(k.model_fields["kind"].default for k in KINDS)


@dataclass(frozen=True)
class ModelConfig:
    """Everything the engine needs: parameter values, scale and the dated events."""

    params: Params
    scale: int
    n_weeks: int
    events: tuple[Event, ...] = field(default_factory=tuple)
    war_week: int | None = None
    """The week the war begins, when the run goes on through it (`model/war.py`); None: the
    run ends as the war comes and the war is not simulated."""
    _by_week: dict[int, list[Event]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_week: dict[int, list[Event]] = {}
        for e in self.events:
            by_week.setdefault(e.week, []).append(e)
        object.__setattr__(self, "_by_week", by_week)

    def events_at(self, week: int) -> list[Event]:
        """Events that take effect in `week`, in declaration order."""
        return self._by_week.get(week, [])
