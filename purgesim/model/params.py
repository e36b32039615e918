"""The one parameter registry: every number the model reads, declared once.

Each parameter is one attribute of `Params`, declared with its default, unit, group, a plain
description, and either a cited source (its id in brackets, e.g. ``[census1937]``, an entry of
``purgesim/data/archival/sources.csv``) or the word *assumption* with a prior distribution. It
also declares its **bounds** (the values it can take and still mean something), its **role**
(a *lever* the centre could have set otherwise, an *uncertainty* about the world, or a sourced
*constant*), whether calibration **fits** it, and whether the debate texts argue about it
(**debated**: shown in the web app, screened by sensitivity analysis).

The model reads a frozen `Params` instance (``p.evidence_floor``); scenarios, the CLI, the
reports, calibration, sensitivity, the web app and ``docs/parameters.md`` read the same
declaration through `REGISTRY`, so no default, range or list of names is ever kept twice.

Tabular inputs (census by region, Order 00447 limits, the archival series) live in
`purgesim.data` with their own sources.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

import numpy as np


@dataclass(frozen=True)
class Bounds:
    """The values a parameter can take and still mean something (inclusive unless open).

    Bounds are validity, not belief: a share lies in [0, 1], a duration is positive. What is
    believed likely is the prior, which must lie inside the bounds.
    """

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        """True if `value` is a finite number inside the bounds."""
        if not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def __str__(self) -> str:
        lo = "(" if self.low_open or math.isinf(self.low) else "["
        hi = ")" if self.high_open or math.isinf(self.high) else "]"
        return f"{lo}{_number(self.low)}, {_number(self.high)}{hi}"


def _number(x: float) -> str:
    return "inf" if x == math.inf else "-inf" if x == -math.inf else f"{x:g}"


SHARE = Bounds(0.0, 1.0)
"""A share or a probability."""
OPEN_SHARE = Bounds(0.0, 1.0, low_open=True, high_open=True)
"""A share that divides by itself and by its complement (the urban share)."""
BELOW_ONE = Bounds(0.0, 1.0, high_open=True)
"""A share whose complement divides (procurement under NEP) or a clustering index (1 would
make the gamma shape zero)."""
NON_NEGATIVE = Bounds(0.0, math.inf)
"""Counts, rates, weights, elasticities."""
POSITIVE = Bounds(0.0, math.inf, low_open=True)
"""Durations, sizes and scales the model divides by."""
AT_LEAST_ONE = Bounds(1.0, math.inf)
"""Block sizes in agents, week counts, and multipliers that add capacity."""
NON_POSITIVE = Bounds(-math.inf, 0.0)
"""A shock that can only lower threat perception."""
CALENDAR_YEAR = Bounds(1928.0, 1953.0)
"""A year inside the calendar the model can run."""
PLAN_GROWTH = Bounds(-0.2, 1.0)
"""A planned yearly growth rate: at most a fifth of decline, at most a doubling."""
THREAT_FLOOR = 0.1
"""The lowest level threat perception can fall to (reference level 1): a definition of the
index's range, not an uncertain quantity (the ordinary evidence bar divides by it)."""
THREAT_LEVEL = Bounds(THREAT_FLOOR, math.inf)
"""A threat level: never below THREAT_FLOOR."""


# ----------------------------------------------------------------------------- priors
@dataclass(frozen=True)
class Uniform:
    """A uniform prior on [low, high]."""

    low: float
    high: float

    def ppf(self, u: np.ndarray | float) -> np.ndarray:
        """The quantile function: maps uniform [0, 1] draws (e.g. a Latin hypercube) here."""
        return self.low + np.asarray(u, dtype=np.float64) * (self.high - self.low)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray:
        """Independent draws."""
        return self.ppf(rng.random(size))

    def __str__(self) -> str:
        return f"U[{self.low:g}, {self.high:g}]"


Prior = Uniform
"""The prior distributions parameters may declare (one kind so far)."""

# ----------------------------------------------------------------------------- roles
LEVER = "lever"
"""A choice the centre could have made otherwise (a scenario or a user may set it)."""
UNCERTAINTY = "uncertainty"
"""An unknown quantity of the world, with a prior; calibration may fit it."""
CONSTANT = "constant"
"""Taken from a source and held fixed."""
ROLES = (LEVER, UNCERTAINTY, CONSTANT)


@dataclass(frozen=True)
class Param:
    """One parameter as declared: everything but the model's use of it."""

    name: str
    value: float
    unit: str
    group: str
    description: str
    source: str | None = None
    prior: Prior | None = None
    integer: bool = False
    bounds: Bounds = NON_NEGATIVE
    role: str = UNCERTAINTY
    fit: bool = False
    """Calibration fits it (inside its prior)."""
    debated: bool = False
    """The debate texts argue about it: shown in the web app, screened by sensitivity."""
    hand_set: bool = False
    """An assumption whose default was chosen by looking at an outcome series: that series is
    then not an independent test of it until calibration replaces it with a posterior."""

    @property
    def is_assumption(self) -> bool:
        """True when the value is not taken from a cited source."""
        return self.source is None

    @property
    def status(self) -> str:
        """'sourced' or 'assumption', as shown in the docs and reports."""
        return "assumption" if self.is_assumption else "sourced"

    @property
    def label(self) -> str:
        """The status as shown to users, flagging hand-set assumptions."""
        return f"{self.status} (hand-set)" if self.hand_set else self.status

    def snap(self, value: Any) -> Any:
        """`value` (a number or an array) put where this parameter can sit: rounded to whole
        numbers if it counts whole things (a prior's draw is continuous), unchanged otherwise.
        Half-way values round to even, the same for NumPy arrays and Python numbers."""
        return np.rint(value) if self.integer else value

    def problem(self, value: float) -> str | None:
        """Why `value` cannot be this parameter's value, or None if it can."""
        if not math.isfinite(value):
            return "must be a finite number"
        if not self.bounds.contains(value):
            return f"must lie in {self.bounds} ({self.unit})"
        if self.integer and float(value) != int(value):
            return "must be a whole number"
        return None

    def check(self) -> None:
        """Raise ValueError if the declaration is not honest (no source and no prior) or not
        coherent (default or prior outside the bounds, a fitted or constant role that does not
        fit the declaration)."""
        if self.source is None and self.prior is None:
            raise ValueError(f"{self.name}: an assumption must declare a prior")
        if (why := self.problem(self.value)) is not None:
            raise ValueError(f"{self.name}: default {why}")
        if self.role not in ROLES:
            raise ValueError(f"{self.name}: role {self.role!r} is not one of {ROLES}")
        if self.prior is not None:
            lo, hi = self.prior.low, self.prior.high
            if not lo <= self.value <= hi:
                raise ValueError(f"{self.name}: value {self.value} outside prior {self.prior}")
            if not (self.bounds.contains(lo) and self.bounds.contains(hi)):
                raise ValueError(f"{self.name}: prior {self.prior} outside bounds {self.bounds}")
        if self.fit and self.prior is None:
            raise ValueError(f"{self.name}: a fitted parameter needs a prior")
        if self.role == CONSTANT and (self.prior is not None or self.is_assumption):
            raise ValueError(f"{self.name}: a constant is sourced and has no prior")


_SPEC = "purgesim_param"


def assumption(value: float, unit: str, group: str, description: str, *, prior: Prior,
               bounds: Bounds, role: str = UNCERTAINTY, fit: bool = False,
               debated: bool = False, hand_set: bool = False) -> Any:
    """Declare an assumption (no source; a prior) as a `Params` attribute's default."""
    return field(default=value, metadata={_SPEC: dict(
        unit=unit, group=group, description=description, source=None, prior=prior,
        bounds=bounds, role=role, fit=fit, debated=debated, hand_set=hand_set)})


def sourced(value: float, unit: str, group: str, description: str, source: str, *,
            bounds: Bounds, prior: Prior | None = None, role: str = UNCERTAINTY,
            fit: bool = False, debated: bool = False, hand_set: bool = False) -> Any:
    """Declare a sourced parameter (a prior is optional: the range the source allows)."""
    return field(default=value, metadata={_SPEC: dict(
        unit=unit, group=group, description=description, source=source, prior=prior,
        bounds=bounds, role=role, fit=fit, debated=debated, hand_set=hand_set)})


# ----------------------------------------------------------------------------- the registry
@dataclass(frozen=True, slots=True)
class Params:
    """Every parameter of the model with its value; the model reads a frozen instance.

    `Params()` holds the defaults; `p.but(name=value)` is a copy with some replaced (a dated
    `set_param` event does this mid-run). Values are checked against the declared bounds."""

    # ------------------------------------------------------------------ population
    population_1937: int = sourced(
        162_039_470, "persons", "population",
        "Population represented by the agents (constant frame; no births).",
        "1937 census, 6 Jan 1937 [census1937]", bounds=POSITIVE, role=CONSTANT)
    urban_share: float = sourced(
        43_729_514 / 162_039_470, "share", "population", "Share of agents living in towns.",
        "1937 census: urban 43,729,514 [census1937]", bounds=OPEN_SHARE, role=CONSTANT)
    household_size: int = assumption(
        4, "persons", "contacts", "Agents per household block (implicit contact block).",
        prior=Uniform(3, 6), bounds=AT_LEAST_ONE)
    workplace_size: int = assumption(
        50, "persons", "contacts", "Agents per urban workplace block.", prior=Uniform(15, 300),
        bounds=AT_LEAST_ONE)
    village_size: int = assumption(
        200, "persons", "contacts", "Agents per rural village/kolkhoz block.",
        prior=Uniform(60, 600), bounds=AT_LEAST_ONE)
    party_cell_size: int = assumption(
        20, "members", "contacts",
        "Party members per cell (implicit block over each region's member list).",
        prior=Uniform(5, 60), bounds=AT_LEAST_ONE)
    long_ties: int = assumption(
        3, "ties", "contacts", "Long-range acquaintances per agent (hashed, never stored).",
        prior=Uniform(0, 10), bounds=NON_NEGATIVE)
    household_contact_share: float = assumption(
        0.3, "share", "contacts",
        "Share of an agent's interactions that are within the household.", prior=Uniform(0.1, 0.6),
        bounds=SHARE)
    party_contact_share: float = assumption(
        0.2, "share", "contacts", "Share of a party member's interactions within the party cell.",
        prior=Uniform(0.0, 0.5), bounds=SHARE)
    long_contact_share: float = assumption(
        0.15, "share", "contacts",
        "Share of interactions over long ties (the rest are workplace/village).",
        prior=Uniform(0.0, 0.4), bounds=SHARE)
    deported_kulaks_1930_31: int = sourced(
        1_803_392, "persons", "population",
        "Kulak households deported to special settlements under forced collectivization "
       "(the agents of this group are deported only on the historical path).",
        "Zemskov 2003: 381,026 families / 1,803,392 persons in 1930-31 [zemskov_settlers]",
        bounds=NON_NEGATIVE, role=CONSTANT)
    former_kulak_share: float = assumption(
        0.012, "share", "population",
        "Free former kulaks (escaped or returned settlers, dekulakized not deported).",
        prior=Uniform(0.004, 0.03), bounds=SHARE)
    former_people_share: float = assumption(
        0.004, "share", "population", "'Former people' and clergy (tainted by past status).",
        prior=Uniform(0.001, 0.012), bounds=SHARE)
    criminal_share: float = assumption(
        0.01, "share", "population",
        "People with a criminal record on NKVD files (a target group of Order 00447).",
        prior=Uniform(0.003, 0.03), bounds=SHARE)
    former_people_urban_fraction: float = assumption(
        0.6, "share", "population", "Share of 'former people' and clergy living in towns.",
        prior=Uniform(0.3, 0.9), bounds=SHARE)
    criminal_urban_fraction: float = assumption(
        0.5, "share", "population", "Share of people with a criminal record living in towns.",
        prior=Uniform(0.3, 0.8), bounds=SHARE)
    specialist_share: float = assumption(
        0.02, "share", "population", "Specialists, engineers and enterprise managers.",
        prior=Uniform(0.008, 0.04), bounds=SHARE)
    official_share: float = assumption(
        0.002, "share", "population", "Party and soviet officials (apparatus).",
        prior=Uniform(0.0008, 0.005), bounds=SHARE)
    army_personnel: int = sourced(
        1_433_000, "persons", "population", "Military personnel in 1937.",
        "Correlates of War NMC v6.0, USSR military personnel 1937 [cow_nmc6]", bounds=NON_NEGATIVE,
        role=CONSTANT)
    officer_share_of_army: float = assumption(
        0.10, "share", "population", "Officers as a share of military personnel.",
        prior=Uniform(0.06, 0.16), bounds=SHARE)
    nkvd_staff: int = assumption(
        30_000, "persons", "population", "State-security operational staff.",
        prior=Uniform(15_000, 60_000), bounds=NON_NEGATIVE)
    party_members_1928: int = assumption(
        1_300_000, "persons", "population",
        "Members and candidates in January 1928 (Rigby's series, not among the project's "
        "verified sources; "
       "the verified anchor is about 3.2 million at the end of 1932).",
        prior=Uniform(1_100_000, 1_600_000), bounds=NON_NEGATIVE)
    party_urban_ratio: float = assumption(
        4.0, "ratio", "population",
        "How much likelier an urban worker is to be a party member than a kolkhoznik.",
        prior=Uniform(1.5, 10.0), bounds=NON_NEGATIVE)
    party_cadre_ratio: float = assumption(
        3.0, "ratio", "population",
        "How much likelier a specialist or officer is to be a member than an urban worker.",
        prior=Uniform(1.0, 8.0), bounds=NON_NEGATIVE)
    candidate_share_1928: float = assumption(
        0.3, "share", "population",
        "Share of the party of January 1928 who were candidates, not yet full members (about "
        "30% in Rigby's series, which is not among the project's verified sources).",
        prior=Uniform(0.2, 0.4), bounds=SHARE)
    opposition_share_of_party: float = assumption(
        0.02, "share", "population",
        "Party members with a record of past opposition (Trotskyist, Zinovievist, Right).",
        prior=Uniform(0.005, 0.06), bounds=SHARE)
    foreign_ties_share: float = assumption(
        0.01, "share", "population",
        "Non-diaspora agents with relatives or travel abroad on file.", prior=Uniform(0.002, 0.03),
        bounds=SHARE)
    diaspora_german_share: float = assumption(
        0.0088, "share", "population",
        "Soviet Germans (1939 census nationality total ~1.4 M, recalled; not verified here).",
        prior=Uniform(0.006, 0.011), bounds=SHARE)
    diaspora_polish_share: float = assumption(
        0.0039, "share", "population",
        "Soviet Poles (1939 census ~0.63 M, recalled; not verified here).",
        prior=Uniform(0.002, 0.006), bounds=SHARE)
    diaspora_latvian_share: float = assumption(
        0.0008, "share", "population",
        "Soviet Latvians (1939 census ~0.13 M, recalled; not verified here).",
        prior=Uniform(0.0004, 0.0012), bounds=SHARE)
    diaspora_harbin_share: float = assumption(
        0.00015, "share", "population", "'Harbintsy', returnees from the Chinese Eastern Railway.",
        prior=Uniform(0.00005, 0.0003), bounds=SHARE)
    diaspora_other_share: float = assumption(
        0.006, "share", "population",
        "Other diasporas hit by national operations (Finns, Greeks, Estonians, Koreans...).",
        prior=Uniform(0.003, 0.01), bounds=SHARE)
    # ------------------------------------------------------------------ latent disposition
    enemy_share: float = assumption(
        0.005, "share", "disposition",
        "Share of agents who are active enemies (the latent truth the state cannot see). "
       "The most contested quantity in the debate; the prior is deliberately wide.",
        prior=Uniform(0.0005, 0.03), bounds=SHARE, debated=True)
    enemy_probability_cap: float = assumption(
        0.9, "probability", "disposition",
        "Highest chance that any one agent is an active enemy, however tainted and clustered its "
        "workplace (keeps the clustering from making whole workplaces of enemies).",
        prior=Uniform(0.5, 1.0), bounds=SHARE)
    grumbler_share: float = assumption(
        0.2, "share", "disposition",
        "Share who are disaffected but not active (innocent of the charges).",
        prior=Uniform(0.05, 0.5), bounds=SHARE)
    taint_disposition_odds: float = assumption(
        3.0, "odds ratio", "disposition",
        "Odds multiplier for being an enemy or grumbler if one's record is tainted.",
        prior=Uniform(1.0, 10.0), bounds=POSITIVE)
    enemy_clustering: float = assumption(
        0.5, "0-1", "disposition",
        "How concentrated enemies are in the same workplaces (0 = scattered).",
        prior=Uniform(0.0, 0.95), bounds=BELOW_ONE)
    # ------------------------------------------------------------------ denunciation
    denunciation_rate: float = assumption(
        0.003, "per free agent per year", "denunciation",
        "Baseline rate at which a free agent denounces someone.", prior=Uniform(0.0005, 0.02),
        bounds=NON_NEGATIVE, fit=True, debated=True)
    grievance_share: float = assumption(
        0.6, "share", "denunciation",
        "Share of denunciations driven by grievance or careerism (blind to disposition).",
        prior=Uniform(0.2, 0.95), bounds=SHARE, debated=True)
    suspicion_enemy_weight: float = assumption(
        10.0, "likelihood ratio", "denunciation",
        "How much likelier a suspicious denouncer picks an active enemy than a loyal contact.",
        prior=Uniform(1.0, 50.0), bounds=NON_NEGATIVE)
    suspicion_grumbler_weight: float = assumption(
        3.0, "likelihood ratio", "denunciation",
        "Same for a grumbler (casual remarks are noticed).", prior=Uniform(1.0, 10.0),
        bounds=NON_NEGATIVE)
    vertical_share: float = assumption(
        0.15, "share", "denunciation",
        "Share of denunciations aimed upward at officials and managers (criticism from below).",
        prior=Uniform(0.0, 0.5), bounds=SHARE)
    official_target_weight: float = assumption(
        8.0, "weight", "denunciation",
        "Weight of an official/manager among contacts when criticising from below.",
        prior=Uniform(1.0, 30.0), bounds=NON_NEGATIVE)
    fear_elasticity: float = assumption(
        40.0, "per arrest-share", "denunciation",
        "Rise of the denunciation rate with the region's recent arrest share (self-protection).",
        prior=Uniform(0.0, 200.0), bounds=NON_NEGATIVE, debated=True)
    fear_memory_weeks: float = assumption(
        13.0, "weeks", "denunciation", "Time constant over which recent arrests feed fear.",
        prior=Uniform(4.0, 52.0), bounds=POSITIVE)
    # ------------------------------------------------------------------ security apparatus
    arrest_capacity_per_year: int = assumption(
        300_000, "arrests/year", "security",
        "National throughput of the political police in ordinary times.",
        prior=Uniform(100_000, 800_000), bounds=NON_NEGATIVE, role=LEVER, fit=True)
    mass_op_capacity_multiplier: float = assumption(
        8.0, "x", "security",
        "Capacity multiplier while a mass operation runs (troikas, extra staff).",
        prior=Uniform(1.5, 12.0), bounds=AT_LEAST_ONE, role=LEVER, fit=True, hand_set=True)
    evidence_bar: float = assumption(
        2.0, "evidence units", "security",
        "Evidence needed for an arrest in ordinary times at reference threat.",
        prior=Uniform(1.0, 8.0), bounds=NON_NEGATIVE, fit=True, debated=True, hand_set=True)
    evidence_floor: float = assumption(
        0.0, "evidence units", "security",
        "Minimum evidence even under quota pressure (a lever: historically none).",
        prior=Uniform(0.0, 8.0), bounds=NON_NEGATIVE, role=LEVER, debated=True)
    evidence_standard_floor: float = assumption(
        3.0, "evidence units", "security",
        "The floor of an explicit evidence standard, when one is adopted (the evidence_standard "
        "scenario; the 'demand evidence' decision): about two denunciations, or one and a "
        "record on file.", prior=Uniform(1.0, 8.0), bounds=NON_NEGATIVE, role=LEVER)
    reduced_limit_share: float = assumption(
        0.5, "share", "security",
        "Share of Order 00447's limits approved if the centre approves the operation at "
        "reduced limits (a decision of the 'in their shoes' mode).",
        prior=Uniform(0.0, 1.0), bounds=SHARE, role=LEVER)
    w_denounced: float = assumption(
        1.0, "evidence/denunciation", "security",
        "Evidence from one denunciation (the unit of evidence).", prior=Uniform(1.0, 1.0),
        bounds=NON_NEGATIVE)
    w_named: float = assumption(
        2.0, "evidence/naming", "security", "Evidence from being named in someone's confession.",
        prior=Uniform(0.5, 5.0), bounds=NON_NEGATIVE)
    w_taint: float = assumption(
        1.0, "evidence", "security", "Evidence from a tainted record on file.",
        prior=Uniform(0.2, 3.0), bounds=NON_NEGATIVE, debated=True)
    w_accident: float = assumption(
        1.5, "evidence", "security",
        "Evidence from involvement in an industrial accident blamed on sabotage.",
        prior=Uniform(0.0, 4.0), bounds=NON_NEGATIVE)
    threat_bar_elasticity: float = assumption(
        1.0, "elasticity", "security",
        "How strongly the centre's threat perception lowers the ordinary evidence bar.",
        prior=Uniform(0.0, 3.0), bounds=NON_NEGATIVE)
    investigation_weeks: float = assumption(
        8.0, "weeks", "security", "Mean investigation time before sentence in ordinary procedure.",
        prior=Uniform(2.0, 26.0), bounds=POSITIVE)
    troika_weeks: float = assumption(
        1.5, "weeks", "security", "Mean time from arrest to troika sentence in a mass operation.",
        prior=Uniform(1.0, 8.0), bounds=POSITIVE, hand_set=True)
    confess_guilty: float = assumption(
        0.6, "probability", "security", "P(an active enemy confesses) without torture.",
        prior=Uniform(0.2, 0.9), bounds=SHARE)
    confess_innocent: float = assumption(
        0.05, "probability", "security", "P(an innocent confesses) without torture.",
        prior=Uniform(0.0, 0.2), bounds=SHARE)
    torture_confess_guilty: float = assumption(
        0.95, "probability", "security", "P(an active enemy confesses) under torture.",
        prior=Uniform(0.6, 1.0), bounds=SHARE)
    torture_confess_innocent: float = assumption(
        0.7, "probability", "security", "P(an innocent confesses) under torture.",
        prior=Uniform(0.3, 0.95), bounds=SHARE, debated=True)
    names_per_confession: float = assumption(
        1.0, "persons", "security", "Mean accomplices named in a confession without torture.",
        prior=Uniform(0.2, 4.0), bounds=NON_NEGATIVE, debated=True)
    torture_naming_multiplier: float = assumption(
        2.5, "x", "security", "Multiplier on accomplices named under torture.",
        prior=Uniform(1.0, 5.0), bounds=NON_NEGATIVE)
    release_no_confession: float = assumption(
        0.5, "probability", "security",
        "P(release without sentence) for a non-confessor in ordinary procedure.",
        prior=Uniform(0.1, 0.9), bounds=SHARE)
    troika_release_no_confession: float = assumption(
        0.1, "probability", "security",
        "P(release without sentence) for a non-confessor before a troika.",
        prior=Uniform(0.0, 0.5), bounds=SHARE)
    death_share_ordinary: float = assumption(
        0.02, "share", "security", "Share of ordinary sentences that are death sentences.",
        prior=Uniform(0.001, 0.05), bounds=SHARE, role=LEVER,
        hand_set=True, fit=True)
    death_share_campaign: float = assumption(
        0.15, "share", "security",
        "Share of death sentences in the 1930-33 dekulakization campaign.",
        prior=Uniform(0.02, 0.2), bounds=SHARE, role=LEVER, hand_set=True)
    death_share_national: float = assumption(
        0.7, "share", "security",
        "Share of death sentences in the national operations ('album' procedure).",
        prior=Uniform(0.4, 0.85), bounds=SHARE, role=LEVER)
    death_share_kirov_law: float = assumption(
        0.5, "share", "security",
        "Share of death sentences for 'terrorism' cases of tainted oppositionists under the "
       "law of 1 Dec 1934.",
        prior=Uniform(0.1, 0.9), bounds=SHARE, role=LEVER)
    exile_share_ordinary: float = assumption(
        0.15, "share", "security",
        "Share of ordinary non-death sentences that are exile rather than camp.",
        prior=Uniform(0.0, 0.4), bounds=SHARE, role=LEVER)
    camp_term_years_ordinary: float = assumption(
        5.0, "years", "camps", "Camp term in ordinary procedure.", prior=Uniform(3.0, 10.0),
        bounds=POSITIVE, role=LEVER)
    camp_term_years_00447: float = sourced(
        9.0, "years", "camps", "Camp term for category 2 under Order 00447 (8-10 years).",
        "Order 00447: category 2, 8-10 years of camp [order_00447]", prior=Uniform(8.0, 10.0),
        bounds=POSITIVE, role=LEVER)
    planned_weeks_00447: int = sourced(
        17, "weeks", "security", "Planned duration of Order 00447 (4 months from 5 Aug 1937).",
        "Order 00447: planned for 4 months from 5 Aug 1937 [order_00447]", bounds=AT_LEAST_ONE,
        role=LEVER)
    campaign_weekly_rate: float = assumption(
        0.0012, "per tainted agent per week", "security",
        "Arrest rate among the targeted register while a campaign event runs.",
        prior=Uniform(0.0002, 0.005), bounds=SHARE, role=LEVER, fit=True)
    national_op_weekly_rate: float = assumption(
        0.0025, "per diaspora agent per week", "security",
        "Arrest rate among free diaspora members while a national operation runs.",
        prior=Uniform(0.0005, 0.01), bounds=SHARE, role=LEVER, fit=True)
    hunger_arrest_rate: float = assumption(
        0.00025, "per rural person per week per unit of shortfall", "security",
        "Arrests in the starving villages while the OGPU's countryside arrests run (autumn 1932 "
        "to the instruction of 8 May 1933 [instruction_8may1933]): the weekly hazard of a free "
        "rural person per unit of the village's shortfall below the famine threshold. The "
        "prior's range was set from the order of magnitude of the 1933 sentences, a fit series.",
        prior=Uniform(0.0, 0.0005), bounds=SHARE, role=LEVER, fit=True)
    death_share_hunger: float = assumption(
        0.025, "share", "security",
        "Share of death sentences among the OGPU's cases from the starving villages, 1932-33 "
        "(theft of grain and 'sabotage' of procurement, judged by its troikas). The law of 7 "
        "Aug 1932 named shooting, or ten years with mitigating circumstances [law_7aug1932]; "
        "the prior says that most were not shot and how few is unknown: from none to one in "
        "twenty (registry: the prior's midpoint). Not the dekulakization campaign's share, "
        "which fell from the 1930 'activists'.",
        prior=Uniform(0.0, 0.05), bounds=SHARE, role=LEVER, fit=True)
    harmful_weekly_rate: float = assumption(
        0.002, "per agent on file per week", "security",
        "Arrest rate among the criminal and 'former' registers while troikas for 'socially "
        "harmful elements' sit (OGPU troikas in the passport cleansing of early 1933; NKVD "
        "troikas of order 00192, May 1935 to Order 00447) [nkvd_order_00192].",
        prior=Uniform(0.0005, 0.01), bounds=SHARE, hand_set=True)
    death_share_harmful: float = sourced(
        0.0, "share", "security",
        "Death sentences by the troikas for 'socially harmful elements': none (they could "
        "impose up to five years of camp or exile).",
        "NKVD order 00192 of 9 May 1935 [nkvd_order_00192]", bounds=SHARE, role=LEVER)
    camp_term_years_harmful: float = assumption(
        3.0, "years", "camps",
        "Mean camp term from the troikas for 'socially harmful elements' (at most five years "
        "[nkvd_order_00192]).", prior=Uniform(1.0, 5.0), bounds=POSITIVE)
    capacity_carry_weeks: float = assumption(
        4.0, "weeks", "security",
        "Weeks over which the organs' unused arrest capacity carries over (cases are worked "
        "up over weeks): capacity is an account, so expected arrests do not depend on scale.",
        prior=Uniform(1.0, 13.0), bounds=POSITIVE)
    ordinary_capacity_shared: float = assumption(
        1.0, "share", "security",
        "Share of the arrests made for the operations (campaigns, Order 00447, national lines, "
        "leadership lists) that come out of the regional organs' ordinary capacity: the "
        "operational groups were formed from the same staff.", prior=Uniform(0.0, 1.0),
        bounds=SHARE)
    death_share_nkvd_1934: float = assumption(
        0.008, "share", "security",
        "Share of death sentences in ordinary procedure once the OGPU became the NKVD (10 Jul "
        "1934): its Special Board could not sentence to death, only the courts and the "
        "Military Collegium could [nkvd_order_00192]; the share is an assumption.",
        prior=Uniform(0.001, 0.03), bounds=SHARE, role=LEVER, hand_set=True)
    death_share_courts_1939: float = assumption(
        0.035, "share", "security",
        "Share of death sentences in ordinary procedure after the resolution of 17 Nov 1938 "
        "sent political cases to the courts, military tribunals and the Military Collegium "
        "[halt_1938]; the share is an assumption.", prior=Uniform(0.005, 0.08), bounds=SHARE,
        role=LEVER, hand_set=True)
    campaign_first_category_years: float = assumption(
        1.5, "years", "security",
        "Time constant over which a campaign's share of death sentences falls from "
        "`death_share_campaign`: the first category (the 'counter-revolutionary activists' of "
        "order 44/21) was dealt with first.", prior=Uniform(0.5, 5.0), bounds=POSITIVE,
        hand_set=True)
    national_scope_german: float = assumption(
        0.35, "share", "security",
        "Share of Soviet Germans on the German line's file: order 00439 aimed at German "
        "subjects at defence plants and on the railways and those tied to them, and widened "
        "only later [national_orders_1937_38]; the share is an assumption.",
        prior=Uniform(0.1, 1.0), bounds=SHARE)
    national_reach_polish: float = assumption(
        0.5, "share", "security",
        "Share of people with foreign ties (not of the Polish diaspora) in the western border "
        "republics and the Western oblast on the Polish line's file: order 00485 listed "
        "former residents of Poland, defectors, former prisoners of war and members of the "
        "'POW' and their contacts, not Poles as such [national_orders_1937_38].",
        prior=Uniform(0.1, 1.0), bounds=SHARE)
    album_reviews_per_year: int = assumption(
        300_000, "cases/year", "security",
        "Cases the Moscow dvoika (Yezhov and Vyshinsky or their deputies) decides in a year "
        "of the album procedure [national_orders_1937_38]; the throughput is an assumption.",
        prior=Uniform(50_000, 400_000), bounds=NON_NEGATIVE, hand_set=True)
    album_return_weeks: float = assumption(
        2.0, "weeks", "security",
        "Mean time for a decided album to return to the region and be carried out.",
        prior=Uniform(1.0, 6.0), bounds=POSITIVE)
    leadership_lists_per_year: int = assumption(
        25_000, "persons/year", "security",
        "Officials, managers, engineers, officers and party members put on the leadership "
        "lists for the Military Collegium in a year while the lists run (an assumption; the "
        "lists themselves are documented, their yearly size is not held as an input).",
        prior=Uniform(5_000, 60_000), bounds=NON_NEGATIVE)
    death_share_collegium: float = assumption(
        0.85, "share", "security",
        "Share of death sentences among the leadership lists' cases (the first category of "
        "the lists), an assumption.", prior=Uniform(0.5, 0.95), bounds=SHARE, role=LEVER)
    evidence_bar_softness: float = assumption(
        0.5, "evidence units", "security",
        "Width of the uniform noise in judging a candidate against the ordinary evidence bar "
        "(officers differ and evidence is read unevenly), so the bar is not a knife edge on "
        "the lattice of evidence values.", prior=Uniform(0.2, 2.0), bounds=NON_NEGATIVE,
        hand_set=True)
    quota_zeal: float = assumption(
        4.0, "x", "security",
        "How much faster than the plan's pace regions try to fill their limits "
       "(overfulfilment, then requests for more).",
        prior=Uniform(1.0, 6.0), bounds=POSITIVE, fit=True, debated=True, hand_set=True)
    limit_request_threshold: float = assumption(
        0.8, "share of limit", "security",
        "Share of its limit a region must have used before asking for more.",
        prior=Uniform(0.5, 1.0), bounds=SHARE)
    limit_request_size: float = assumption(
        0.6, "share of first limit", "security",
        "Size of a region's request for a higher limit.", prior=Uniform(0.1, 1.5),
        bounds=NON_NEGATIVE, fit=True, debated=True, hand_set=True)
    limit_request_cat1_share: float = assumption(
        0.9, "share", "security",
        "Share of requested increases in category 1 (increases tilted to shooting).",
        prior=Uniform(0.2, 0.9), bounds=SHARE, hand_set=True)
    limit_approval_base: float = assumption(
        0.3, "probability at reference threat", "security",
        "P(the centre approves a request) at threat 1; scales with threat.",
        prior=Uniform(0.05, 1.0), bounds=SHARE, role=LEVER, fit=True, debated=True, hand_set=True)
    limit_extension_weeks: int = assumption(
        8, "weeks", "security", "Extra weeks granted with an approved increase.",
        prior=Uniform(2, 26), bounds=NON_NEGATIVE)
    limit_request_interval_weeks: int = assumption(
        2, "weeks", "security",
        "Least time between two requests of one region (the bureaucratic cycle).",
        prior=Uniform(1, 12), bounds=NON_NEGATIVE, hand_set=True)
    plenum_party_protection: float = assumption(
        0.5, "factor", "security",
        "Multiplier on denunciation evidence against party members after the Jan 1938 "
       "plenum resolution.",
        prior=Uniform(0.1, 1.0), bounds=SHARE, role=LEVER)
    # ------------------------------------------------------------------ centre
    threat_initial: float = assumption(
        1.0, "index", "centre", "The centre's threat perception in Jan 1928 (reference level 1).",
        prior=Uniform(0.5, 2.0), bounds=POSITIVE)
    threat_half_life_weeks: float = assumption(
        26.0, "weeks", "centre",
        "Half-life of the centre's threat perception back to its reference level.",
        prior=Uniform(4.0, 156.0), bounds=POSITIVE)
    threat_per_plot: float = assumption(
        0.005, "index per plot per 100k", "centre",
        "Rise in threat per 'discovered plot' (confession naming others) per 100k population.",
        prior=Uniform(0.0, 0.2), bounds=NON_NEGATIVE, fit=True, debated=True, hand_set=True)
    plot_weight_after_halt: float = assumption(
        0.5, "share", "centre",
        "Weight of a confession as a 'discovered plot' after the resolution of 17 Nov 1938, "
        "which condemned investigations that stopped at the accused's confession without "
        "documents or witnesses [halt_1938]; the share of `threat_per_plot` that still reaches "
        "the centre from then on. The resolution is the source; the share is an assumption.",
        prior=Uniform(0.0, 1.0), bounds=SHARE, fit=True)
    kirov_shock: float = assumption(
        1.0, "index", "centre", "Jump in threat perception at Kirov's murder (1 Dec 1934).",
        prior=Uniform(0.0, 3.0), bounds=NON_NEGATIVE, debated=True)
    army_affair_shock: float = assumption(
        1.0, "index", "centre", "Jump in threat perception at the army affair (June 1937).",
        prior=Uniform(0.0, 3.0), bounds=NON_NEGATIVE)
    halt_threat_shock: float = assumption(
        -1.5, "index", "centre",
        "Change in threat perception when the centre declares the enemies smashed and halts "
       "the operations (17 Nov 1938).",
        prior=Uniform(-4.0, 0.0), bounds=NON_POSITIVE, hand_set=True)
    kirov_as_crime_shock_share: float = assumption(
        0.25, "share", "centre",
        "If Kirov's murder is investigated as an ordinary crime (a decision of the 'in their "
        "shoes' mode), the share of `kirov_shock` that still reaches the centre.",
        prior=Uniform(0.0, 1.0), bounds=SHARE, role=LEVER)
    alarm_shock: float = assumption(
        1.0, "index", "centre",
        "Jump in threat perception if the centre declares that enemies are everywhere "
        "(September 1936, a decision of the 'in their shoes' mode).",
        prior=Uniform(0.0, 3.0), bounds=NON_NEGATIVE, role=LEVER)
    procurator_sanction_bar: float = assumption(
        1.25, "x", "security",
        "Multiplier on the ordinary evidence bar once arrests need a procurator's sanction "
       "(resolution of 17 Nov 1938).",
        prior=Uniform(1.0, 5.0), bounds=NON_NEGATIVE, role=LEVER, fit=True, hand_set=True)
    sanction_capacity_share: float = assumption(
        0.3, "share", "security",
        "Share of the organs' ordinary arrest throughput (`arrest_capacity_per_year`) left once "
        "every arrest needs a court's or procurator's sanction and the investigation must be "
        "kept by the code of procedure (resolution of 17 Nov 1938 [halt_1938]); the share is an "
        "assumption.", prior=Uniform(0.05, 1.0), bounds=SHARE, fit=True, hand_set=True)
    threat_cap: float = assumption(
        5.0, "index", "centre", "Saturation level of threat perception.", prior=Uniform(2.0, 10.0),
        bounds=THREAT_LEVEL)
    # ------------------------------------------------------------------ camps
    camp_mortality_annual: float = sourced(
        0.055, "per year", "camps", "Annual death rate in camps.",
        "Zemskov: 5.5-5.7% a year in 1937-38, unverified translation [zemskov_mortality]",
        prior=Uniform(0.03, 0.25), bounds=SHARE, fit=True)
    initial_prisoners: int = assumption(
        60_000, "persons", "camps",
        "Political prisoners in camps in Jan 1928 (the 1 Jan 1930 ITL count was 179,000).",
        prior=Uniform(20_000, 180_000), bounds=NON_NEGATIVE, fit=True)
    camp_term_cv: float = assumption(
        0.4, "coefficient of variation", "camps",
        "Spread of camp terms around the mean of their procedure (terms are drawn from a gamma "
        "distribution with this coefficient of variation; 0 gives every convict the mean).",
        prior=Uniform(0.0, 0.8), bounds=NON_NEGATIVE)
    camp_capacity_1930: int = assumption(
        180_000, "persons", "camps",
        "Places in the corrective-labour camps in January 1930 (the 1 Jan 1930 count was "
        "179,000 [zemskov_itl]); beyond it, mortality rises with overcrowding.",
        prior=Uniform(100_000, 400_000), bounds=POSITIVE, fit=True)
    camp_capacity_growth_annual: float = assumption(
        0.2, "per year", "camps",
        "Growth of camp capacity from 1930 (new camps, barracks, rations), exponential.",
        prior=Uniform(0.05, 0.4), bounds=NON_NEGATIVE)
    camp_crowding_mortality: float = assumption(
        1.0, "x per unit of overcrowding", "camps",
        "Rise of camp mortality per unit of overcrowding (prisoners / places - 1).",
        prior=Uniform(0.0, 3.0), bounds=NON_NEGATIVE, fit=True)
    famine_supply_mortality: float = assumption(
        10.0, "x per unit of rural consumption shortfall", "camps",
        "Rise of mortality in camps and special settlements per unit of the country's rural "
        "consumption shortfall (the famine cuts the rations the state feeds them).",
        prior=Uniform(0.0, 30.0), bounds=NON_NEGATIVE)
    court_camp_inflow_annual: int = assumption(
        40_000, "persons per year", "camps",
        "Sentences of three years or more by ordinary courts (non-political cases), sent to the "
        "OGPU/NKVD camps from the resolution of 11 Jul 1929 [snk_camps_1929]; no national "
        "figure among the project's sources, so the prior reaches down to none (a floor of "
        "10,000 had no source, and the first posterior piled against it).",
        prior=Uniform(0, 150_000), bounds=NON_NEGATIVE, fit=True)
    court_camp_term_years: float = assumption(
        4.0, "years", "camps", "Mean camp term of ordinary-court sentences (three years or more).",
        prior=Uniform(3.0, 8.0), bounds=POSITIVE)
    socialist_property_inflow_annual: int = assumption(
        60_000, "persons per year", "camps",
        "Sentenced to camp under the law of 7 Aug 1932 on socialist property [law_7aug1932] "
        "while it was applied in mass (to the end of 1933); no national figure among the "
        "project's sources.",
        prior=Uniform(20_000, 150_000), bounds=NON_NEGATIVE, fit=True)
    socialist_property_term_years: float = sourced(
        10.0, "years", "camps",
        "Camp term under the law of 7 Aug 1932 when the court does not shoot.",
        "The law: shooting, or with mitigating circumstances 10 years [law_7aug1932]",
        bounds=POSITIVE, role=CONSTANT)
    harmful_inflow_annual: int = assumption(
        30_000, "persons per year", "camps",
        "Sent to camp by the militia for passport-regime violations and as 'socially harmful "
        "elements' after the passport decree of 27 Dec 1932 [passport_decree_1932] (not NKVD "
        "cases of the Pavlov series); no national figure among the project's sources.",
        prior=Uniform(5_000, 100_000), bounds=NON_NEGATIVE)
    harmful_term_years: float = assumption(
        3.0, "years", "camps",
        "Mean camp term for passport-regime and 'socially harmful' cases.",
        prior=Uniform(2.0, 5.0), bounds=POSITIVE)
    # ------------------------------------------------------------------ economy
    capital_share: float = assumption(
        0.5, "elasticity", "economy", "Output elasticity of capital in industry (Cobb-Douglas).",
        prior=Uniform(0.3, 0.7), bounds=SHARE)
    depreciation: float = assumption(
        0.04, "per year", "economy", "Capital depreciation rate.", prior=Uniform(0.02, 0.08),
        bounds=SHARE, fit=True)
    accumulation_rate: float = assumption(
        0.25, "share of industrial output", "economy",
        "Share of industrial output reinvested (the plan's accumulation; lower before the plan "
       "and on a balanced path).",
        prior=Uniform(0.1, 0.4), bounds=SHARE, role=LEVER, fit=True)
    gestation_years: float = assumption(
        2.0, "years", "economy",
        "Mean time from the start of an industrial investment to its capital coming into "
        "production (time to build [kydland_prescott_1982]): the first plan's giant works were "
        "begun in 1929-30 and produced from 1932-34, while unfinished construction piled up "
        "[davies_crisis_1931_33]; the mean is an assumption.",
        prior=Uniform(0.25, 4.0), bounds=POSITIVE, fit=True)
    accumulation_rate_nep: float = assumption(
        0.12, "share of industrial output", "economy",
        "Reinvested share before the first five-year plan starts.", prior=Uniform(0.05, 0.2),
        bounds=SHARE, role=LEVER)
    procurement_to_investment: float = assumption(
        0.3, "share of procured grain value", "economy",
        "Share of the procured grain's value (the towns' food, sold at the state's prices: "
        "forced saving) that funds industrial investment; grain exports buy machinery "
        "separately (`export_capital_per_mt`).",
        prior=Uniform(0.0, 0.6), bounds=SHARE)
    export_capital_per_mt: float = assumption(
        0.003, "capital index per million tonnes", "economy",
        "Heavy-industry capital (1928 = 1) bought abroad with one million tonnes of grain "
        "exports at 1930's price; the year's price scales it [ammende_1936]. A tonne fetched "
        "about 43 roubles in 1930 and 30 in 1931. The size against the 1928 capital stock is an "
        "assumption (up to a few per cent of the capital for the peak years' 5 Mt).",
        prior=Uniform(0.0, 0.01), bounds=NON_NEGATIVE, fit=True)
    migration_pull_slope: float = assumption(
        2.6, "x NEP's rate per unit of relative consumption ratio", "economy",
        "Rise of the migration rate, relative to its rate at the village's normal consumption, "
        "per unit rise of the town-to-village consumption ratio relative to NEP's: the "
        "village's hunger pushes labour into industry. Allen's migration equation, "
        "0.01875 x ratio - 0.018375 a year at NEP's ratio of about 1.6, gives 2.6 "
        "[allen_2003].", prior=Uniform(0.5, 4.0), bounds=NON_NEGATIVE)
    industrial_workers_1928: int = assumption(
        4_000_000, "persons", "economy",
        "Wage workers in industry and construction in 1928 (the labour index's unit).",
        prior=Uniform(2_500_000, 6_000_000), bounds=POSITIVE)
    migration_rate_plan: float = assumption(
        0.11, "per year", "economy",
        "Growth of the industrial labour force by migration from the village while the plan "
        "runs, at the village's normal consumption (the literature's 'roughly doubled 1928-32' "
        "is ln 2 / 4 = 0.17 a year, reached with the pull of a village eating about 80% of its "
        "norm, `migration_pull_slope`, about 1.65). The prior is the effective rate's range, "
        "0.05-0.3, divided by that pull.",
        prior=Uniform(0.03, 0.18), bounds=NON_NEGATIVE, fit=True)
    migration_rate_nep: float = assumption(
        0.04, "per year", "economy",
        "Growth of the industrial labour force without the plan's labour demand.",
        prior=Uniform(0.0, 0.1), bounds=NON_NEGATIVE)
    migration_slowdown_year: int = assumption(
        1933, "year", "economy",
        "Year from which migration falls to half the plan rate (passports, 1932).",
        prior=Uniform(1932, 1936), bounds=CALENDAR_YEAR)
    migration_slowdown_factor: float = assumption(
        0.5, "x", "economy",
        "Factor on migration to industry from `migration_slowdown_year` (internal passports and "
        "the end of the first plan's labour hunger).", prior=Uniform(0.2, 1.0), bounds=SHARE)
    cadre_learning_weeks: float = assumption(
        104, "weeks", "economy",
        "Mean time a promoted replacement needs to learn a manager's or engineer's job.",
        prior=Uniform(26, 260), bounds=POSITIVE, debated=True, fit=True)
    novice_productivity: float = assumption(
        0.5, "x", "economy",
        "A novice's effectiveness relative to the experienced cadre they replace.",
        prior=Uniform(0.2, 0.9), bounds=SHARE, fit=True)
    cadre_elasticity: float = assumption(
        1.0, "elasticity", "economy",
        "Elasticity of a unit's output to its cadres' effective experience.",
        prior=Uniform(0.3, 1.5), bounds=NON_NEGATIVE, fit=True)
    effort_elasticity: float = assumption(
        0.15, "elasticity", "economy",
        "Extra output squeezed out by plan pressure (storming), up to pressure 1.5.",
        prior=Uniform(0.0, 0.4), bounds=NON_NEGATIVE, fit=True)
    effort_pressure_cap: float = assumption(
        1.5, "target / output", "economy",
        "Plan pressure above which storming squeezes out no more output.",
        prior=Uniform(1.0, 3.0), bounds=AT_LEAST_ONE)
    counterplan_inflation: float = assumption(
        0.02, "per year", "economy",
        "Extra yearly growth of targets from counter-plans and raised pledges.",
        prior=Uniform(0.0, 0.15), bounds=NON_NEGATIVE)
    industry_weight_heavy: float = assumption(
        0.4, "share", "economy",
        "Heavy industry's weight in industrial output in 1928 (the three weights are "
        "normalised to sum to one).", prior=Uniform(0.3, 0.5), bounds=SHARE)
    industry_weight_light: float = assumption(
        0.5, "share", "economy", "Light industry's weight in industrial output in 1928.",
        prior=Uniform(0.4, 0.6), bounds=SHARE)
    industry_weight_defence: float = assumption(
        0.1, "share", "economy", "Defence industry's weight in industrial output in 1928.",
        prior=Uniform(0.05, 0.2), bounds=SHARE)
    cadre_share_heavy: float = assumption(
        0.35, "share", "economy",
        "Share of specialists (managers and engineers) in heavy industry; with the light and "
        "agricultural shares, the rest are in defence.", prior=Uniform(0.25, 0.45), bounds=SHARE)
    cadre_share_light: float = assumption(
        0.3, "share", "economy", "Share of specialists in light industry.",
        prior=Uniform(0.2, 0.4), bounds=SHARE)
    cadre_share_agriculture: float = assumption(
        0.2, "share", "economy", "Share of specialists in agriculture.",
        prior=Uniform(0.1, 0.3), bounds=SHARE)
    nep_priority_heavy: float = assumption(
        0.5, "share", "economy",
        "Heavy industry's share of investment before the first plan (the NEP shares are "
        "normalised to sum to one).", prior=Uniform(0.3, 0.7), bounds=SHARE)
    nep_priority_light: float = assumption(
        0.4, "share", "economy", "Light industry's share of investment before the first plan.",
        prior=Uniform(0.2, 0.6), bounds=SHARE)
    nep_priority_defence: float = assumption(
        0.1, "share", "economy", "Defence's share of investment before the first plan.",
        prior=Uniform(0.0, 0.2), bounds=SHARE)
    accidents_per_year: int = assumption(
        20_000, "accidents", "economy",
        "Serious industrial accidents per year at plan pressure 1 (each can be investigated).",
        prior=Uniform(2_000, 100_000), bounds=NON_NEGATIVE)
    accident_pressure_elasticity: float = assumption(
        2.0, "elasticity", "economy", "How fast accidents rise with plan pressure.",
        prior=Uniform(0.5, 4.0), bounds=NON_NEGATIVE)
    blame_sabotage: float = assumption(
        0.3, "probability", "economy",
        "P(an accident is treated as sabotage and its manager or engineer investigated).",
        prior=Uniform(0.0, 1.0), bounds=SHARE, role=LEVER, debated=True)
    camp_labour_productivity: float = assumption(
        0.5, "x", "economy", "A camp prisoner's output relative to a free industrial worker.",
        prior=Uniform(0.1, 1.0), bounds=NON_NEGATIVE)
    steel_mt_1928: float = assumption(
        4.251, "Mt", "economy", "Steel output in 1928 (the heavy-industry index's unit).",
        prior=Uniform(4.0, 4.3), bounds=POSITIVE)
    # ------------------------------------------------------------------ plans
    plan1_growth_heavy: float = assumption(
        0.2, "per year", "plans",
        "Target growth of heavy output in the first five-year plan (from October 1928). The "
        "official growth of all industry was 19.2% a year [chadaev_growth]; the split by sector is"
        " an assumption.",
        prior=Uniform(0.1, 0.35), bounds=PLAN_GROWTH, role=LEVER)
    plan1_growth_light: float = assumption(
        0.12, "per year", "plans",
        "Target growth of light output in the first five-year plan (from October 1928). The "
        "official growth of all industry was 19.2% a year [chadaev_growth]; the split by sector is"
        " an assumption.",
        prior=Uniform(0.06, 0.21), bounds=PLAN_GROWTH, role=LEVER)
    plan1_growth_agriculture: float = assumption(
        0.05, "per year", "plans",
        "Target growth of agriculture output in the first five-year plan (from October 1928). The "
        "official growth of all industry was 19.2% a year [chadaev_growth]; the split by sector is"
        " an assumption.",
        prior=Uniform(0.025, 0.088), bounds=PLAN_GROWTH, role=LEVER)
    plan1_growth_defence: float = assumption(
        0.2, "per year", "plans",
        "Target growth of defence output in the first five-year plan (from October 1928). The "
        "official growth of all industry was 19.2% a year [chadaev_growth]; the split by sector is"
        " an assumption.",
        prior=Uniform(0.1, 0.35), bounds=PLAN_GROWTH, role=LEVER)
    plan1_priority_heavy: float = assumption(
        0.6, "share", "plans",
        "Share of investment going to heavy in the first five-year plan (from October 1928) (the "
        "shares are normalised to sum to one).",
        prior=Uniform(0.4, 0.8), bounds=SHARE, role=LEVER)
    plan1_priority_light: float = assumption(
        0.25, "share", "plans",
        "Share of investment going to light in the first five-year plan (from October 1928) (the "
        "shares are normalised to sum to one).",
        prior=Uniform(0.05, 0.45), bounds=SHARE, role=LEVER)
    plan1_priority_defence: float = assumption(
        0.15, "share", "plans",
        "Share of investment going to defence in the first five-year plan (from October 1928) (the"
        " shares are normalised to sum to one).",
        prior=Uniform(0.0, 0.35), bounds=SHARE, role=LEVER)
    plan2_growth_heavy: float = assumption(
        0.17, "per year", "plans",
        "Target growth of heavy output in the second five-year plan (1933-37). The official growth"
        " of all industry was 17.1% a year [chadaev_growth]; the split by sector is an assumption.",
        prior=Uniform(0.085, 0.298), bounds=PLAN_GROWTH, role=LEVER)
    plan2_growth_light: float = assumption(
        0.17, "per year", "plans",
        "Target growth of light output in the second five-year plan (1933-37). The official growth"
        " of all industry was 17.1% a year [chadaev_growth]; the split by sector is an assumption.",
        prior=Uniform(0.085, 0.298), bounds=PLAN_GROWTH, role=LEVER)
    plan2_growth_agriculture: float = assumption(
        0.05, "per year", "plans",
        "Target growth of agriculture output in the second five-year plan (1933-37). The official "
        "growth of all industry was 17.1% a year [chadaev_growth]; the split by sector is an "
        "assumption.",
        prior=Uniform(0.025, 0.088), bounds=PLAN_GROWTH, role=LEVER)
    plan2_growth_defence: float = assumption(
        0.25, "per year", "plans",
        "Target growth of defence output in the second five-year plan (1933-37). The official "
        "growth of all industry was 17.1% a year [chadaev_growth]; the split by sector is an "
        "assumption.",
        prior=Uniform(0.125, 0.438), bounds=PLAN_GROWTH, role=LEVER)
    plan2_priority_heavy: float = assumption(
        0.5, "share", "plans",
        "Share of investment going to heavy in the second five-year plan (1933-37) (the shares are"
        " normalised to sum to one).",
        prior=Uniform(0.3, 0.7), bounds=SHARE, role=LEVER)
    plan2_priority_light: float = assumption(
        0.3, "share", "plans",
        "Share of investment going to light in the second five-year plan (1933-37) (the shares are"
        " normalised to sum to one).",
        prior=Uniform(0.1, 0.5), bounds=SHARE, role=LEVER)
    plan2_priority_defence: float = assumption(
        0.2, "share", "plans",
        "Share of investment going to defence in the second five-year plan (1933-37) (the shares "
        "are normalised to sum to one).",
        prior=Uniform(0.0, 0.4), bounds=SHARE, role=LEVER)
    plan3_growth_heavy: float = assumption(
        0.13, "per year", "plans",
        "Target growth of heavy output in the third five-year plan (from 1938). The official "
        "growth of all industry was 13.2% a year [chadaev_growth]; the split by sector is an "
        "assumption.",
        prior=Uniform(0.065, 0.228), bounds=PLAN_GROWTH, role=LEVER)
    plan3_growth_light: float = assumption(
        0.1, "per year", "plans",
        "Target growth of light output in the third five-year plan (from 1938). The official "
        "growth of all industry was 13.2% a year [chadaev_growth]; the split by sector is an "
        "assumption.",
        prior=Uniform(0.05, 0.175), bounds=PLAN_GROWTH, role=LEVER)
    plan3_growth_agriculture: float = assumption(
        0.05, "per year", "plans",
        "Target growth of agriculture output in the third five-year plan (from 1938). The official"
        " growth of all industry was 13.2% a year [chadaev_growth]; the split by sector is an "
        "assumption.",
        prior=Uniform(0.025, 0.088), bounds=PLAN_GROWTH, role=LEVER)
    plan3_growth_defence: float = assumption(
        0.3, "per year", "plans",
        "Target growth of defence output in the third five-year plan (from 1938). The official "
        "growth of all industry was 13.2% a year [chadaev_growth]; the split by sector is an "
        "assumption.",
        prior=Uniform(0.15, 0.525), bounds=PLAN_GROWTH, role=LEVER)
    plan3_priority_heavy: float = assumption(
        0.45, "share", "plans",
        "Share of investment going to heavy in the third five-year plan (from 1938) (the shares "
        "are normalised to sum to one).",
        prior=Uniform(0.25, 0.65), bounds=SHARE, role=LEVER)
    plan3_priority_light: float = assumption(
        0.2, "share", "plans",
        "Share of investment going to light in the third five-year plan (from 1938) (the shares "
        "are normalised to sum to one).",
        prior=Uniform(0.0, 0.4), bounds=SHARE, role=LEVER)
    plan3_priority_defence: float = assumption(
        0.35, "share", "plans",
        "Share of investment going to defence in the third five-year plan (from 1938) (the shares "
        "are normalised to sum to one).",
        prior=Uniform(0.15, 0.55), bounds=SHARE, role=LEVER)
    gradual_plan_growth_heavy: float = assumption(
        0.12, "per year", "plans",
        "Target growth of heavy output in the balanced first plan of the gradual (Bukharin) path, "
        "a counterfactual.",
        prior=Uniform(0.06, 0.21), bounds=PLAN_GROWTH, role=LEVER)
    gradual_plan_growth_light: float = assumption(
        0.12, "per year", "plans",
        "Target growth of light output in the balanced first plan of the gradual (Bukharin) path, "
        "a counterfactual.",
        prior=Uniform(0.06, 0.21), bounds=PLAN_GROWTH, role=LEVER)
    gradual_plan_growth_agriculture: float = assumption(
        0.05, "per year", "plans",
        "Target growth of agriculture output in the balanced first plan of the gradual (Bukharin) "
        "path, a counterfactual.",
        prior=Uniform(0.025, 0.088), bounds=PLAN_GROWTH, role=LEVER)
    gradual_plan_growth_defence: float = assumption(
        0.12, "per year", "plans",
        "Target growth of defence output in the balanced first plan of the gradual (Bukharin) "
        "path, a counterfactual.",
        prior=Uniform(0.06, 0.21), bounds=PLAN_GROWTH, role=LEVER)
    gradual_plan_priority_heavy: float = assumption(
        0.45, "share", "plans",
        "Share of investment going to heavy in the balanced first plan of the gradual (Bukharin) "
        "path, a counterfactual (the shares are normalised to sum to one).",
        prior=Uniform(0.25, 0.65), bounds=SHARE, role=LEVER)
    gradual_plan_priority_light: float = assumption(
        0.4, "share", "plans",
        "Share of investment going to light in the balanced first plan of the gradual (Bukharin) "
        "path, a counterfactual (the shares are normalised to sum to one).",
        prior=Uniform(0.2, 0.6), bounds=SHARE, role=LEVER)
    gradual_plan_priority_defence: float = assumption(
        0.15, "share", "plans",
        "Share of investment going to defence in the balanced first plan of the gradual (Bukharin)"
        " path, a counterfactual (the shares are normalised to sum to one).",
        prior=Uniform(0.0, 0.35), bounds=SHARE, role=LEVER)
    admissions_1928_30: int = assumption(
        500_000, "persons", "plans",
        "Admitted to the party in 1928-30 (no national figure among the project's sources).",
        prior=Uniform(250_000, 800_000), bounds=NON_NEGATIVE, fit=True)
    admissions_1930_32: int = sourced(
        1_400_000, "persons", "plans",
        "Admitted to the party from the end of 1930 to early 1933.",
        "1,400,000 joined end-1930 to early 1933 [cc_purge_1933]", bounds=NON_NEGATIVE,
        role=CONSTANT)
    admissions_1936_38: int = assumption(
        300_000, "persons", "plans",
        "Admitted to the party from the reopening of 1 Nov 1936 to the end of 1938 (no national "
        "figure among the project's sources).",
        prior=Uniform(100_000, 600_000), bounds=NON_NEGATIVE)
    admissions_1939_41: int = assumption(
        1_500_000, "persons", "plans",
        "Admitted to the party in 1939 to mid-1941, the mass admissions after the 18th congress "
        "('over 2,400,000' members and candidates in 1939, 3,800,000 on 1 Jan 1941 "
        "[frus_1947_d419]).", prior=Uniform(1_000_000, 2_500_000), bounds=NON_NEGATIVE)
    # ------------------------------------------------------------------ collectivization
    collectivization_output_loss: float = assumption(
        0.1, "share", "collectivization",
        "Agricultural output lost to forced collectivization at its start (slaughtered "
       "livestock, disorganisation); decays with the half-life below.",
        prior=Uniform(0.05, 0.35), bounds=SHARE, hand_set=True)
    disruption_half_life_years: float = assumption(
        3.0, "years", "collectivization", "Half-life of the collectivization disruption.",
        prior=Uniform(1.0, 8.0), bounds=POSITIVE)
    agri_labour_elasticity: float = assumption(
        0.3, "elasticity", "collectivization",
        "Elasticity of the harvest to rural labour (surplus labour in the village).",
        prior=Uniform(0.1, 0.7), bounds=NON_NEGATIVE)
    harvest_1931: float = assumption(
        0.9, "x", "collectivization", "Weather multiplier on the 1931 harvest (both paths).",
        prior=Uniform(0.75, 1.0), bounds=NON_NEGATIVE)
    harvest_1932: float = assumption(
        0.85, "x", "collectivization", "Weather multiplier on the 1932 harvest (both paths).",
        prior=Uniform(0.7, 1.0), bounds=NON_NEGATIVE)
    harvest_1930: float = assumption(
        1.1, "x", "collectivization",
        "Weather multiplier on the 1930 harvest (both paths): the favourable weather of 1930, "
        "the year of the first plan's largest grain exports [wheatcroft_davies_1994]; the size "
        "is an assumption (the Soviet and the revised Western estimates of the harvest "
        "differ).", prior=Uniform(1.0, 1.25), bounds=NON_NEGATIVE)
    grain_harvest_mt_1928: float = sourced(
        73.3, "million tonnes", "collectivization",
        "The 1928 grain harvest, the harvest index's unit (converts the exported tonnes into a "
        "share of the harvest).", "Wheatcroft and Davies 1994, revised Soviet estimate "
        "[wheatcroft_davies_1994]", bounds=POSITIVE, role=CONSTANT)
    procurement_nep: float = assumption(
        0.15, "share of harvest", "collectivization",
        "Grain marketed to the state under NEP (the 1928 reference).", prior=Uniform(0.1, 0.25),
        bounds=BELOW_ONE)
    procurement_forced: float = assumption(
        0.3, "share of harvest", "collectivization",
        "Grain taken by quota under forced collectivization.", prior=Uniform(0.25, 0.45),
        bounds=SHARE, role=LEVER, hand_set=True)
    procurement_gradual: float = assumption(
        0.2, "share of harvest", "collectivization",
        "Grain bought at market prices on the gradual (Bukharin) path.", prior=Uniform(0.12, 0.3),
        bounds=SHARE, role=LEVER)
    famine_threshold: float = assumption(
        0.75, "x normal consumption", "collectivization",
        "Rural consumption below which people starve.", prior=Uniform(0.7, 0.95),
        bounds=NON_NEGATIVE, hand_set=True)
    famine_mortality: float = assumption(
        0.25, "per year per unit shortfall", "collectivization",
        "Annual death hazard per unit of consumption shortfall below the threshold.",
        prior=Uniform(0.05, 0.6), bounds=NON_NEGATIVE, hand_set=True)
    harvest_week_of_year: int = assumption(
        31, "week of the year", "collectivization",
        "Week the new harvest reaches the village's stocks (threshing in August).",
        prior=Uniform(28, 36), bounds=AT_LEAST_ONE)
    procurement_campaign_weeks: int = assumption(
        26, "weeks", "collectivization",
        "Length of the procurement campaign from the harvest (the 1932 campaign ran from August "
        "to February, with searches through the winter; literature, unverified).",
        prior=Uniform(13, 30), bounds=AT_LEAST_ONE)
    ration_foresight: float = assumption(
        0.0, "share", "collectivization",
        "Share of the quota still to be taken that the village sets aside when it spreads its "
        "grain to the next harvest. At 0 it eats from what it holds and the campaign's later "
        "takings fall on the winter and spring (the plans were raised during the campaigns and "
        "the searches took what had been kept back); at 1 it knows the whole quota at harvest "
        "time and rations evenly through the year.",
        prior=Uniform(0.0, 1.0), bounds=SHARE, fit=True)
    grain_region_quota_factor: float = assumption(
        1.4, "x", "collectivization",
        "Quota per rural head in the grain regions (Ukraine, North Caucasus, Volga) and "
        "Kazakhstan relative to the rest of the country, at the same national procurement "
        "share (the targeting of the procurement plans).",
        prior=Uniform(1.0, 2.0), bounds=POSITIVE)
    famine_reserve_weeks: float = assumption(
        16.0, "weeks", "collectivization",
        "The village's reserves (livestock, potatoes, the body's own) in weeks of a full "
        "shortfall (consumption at zero): a shortfall uses them up, and famine deaths rise in "
        "the measure they are used up (and fall when the next harvest ends the shortfall).",
        prior=Uniform(4.0, 52.0), bounds=POSITIVE)
    livestock_diet_share: float = assumption(
        0.15, "share", "collectivization",
        "Share of the village's normal food in 1928 that came from its livestock (milk, meat, "
        "fat); the rest, grain and what grain stands for, is the model's grain stock. Bread "
        "was most of the peasant diet; the size is an assumption.",
        prior=Uniform(0.05, 0.25), bounds=SHARE)
    livestock_reserve_share: float = assumption(
        0.3, "share", "collectivization",
        "Share of the village's famine reserves (`famine_reserve_weeks`) that is its herd, "
        "slaughtered and eaten in a lean spring; a herd already lost is a reserve already "
        "spent, so the reserves shrink with the herd. An assumption.",
        prior=Uniform(0.1, 0.5), bounds=SHARE)
    livestock_loss_forced: float = assumption(
        0.45, "share of the 1928 herd", "collectivization",
        "Share of the village's herd lost on the forced path by the end of the drive "
        "(`livestock_decline_years`): peasants slaughtered their animals rather than hand them "
        "to the kolkhoz, and the horses and cattle that were handed over died of neglect and "
        "want of fodder. The herd counts fell by roughly two-fifths to a half from 1928 to "
        "1933 (cattle about 70 to 40 million head, horses about 34 to 17-20 million, by the "
        "Soviet statistics the literature cites, e.g. CIA/RR PR-28, 1953; secondary, not "
        "checked against a primary table). An input of the famine channel, not a figure the "
        "model is fitted to or produces: the gradual path keeps its herd.",
        prior=Uniform(0.3, 0.6), bounds=SHARE)
    livestock_decline_years: float = assumption(
        3.0, "years", "collectivization",
        "Years over which the herd falls from the start of the forced path (January 1930) to "
        "its low (the counts' low came on 1 January 1933-34); the fall is spread evenly.",
        prior=Uniform(2.0, 4.0), bounds=POSITIVE)
    livestock_recovery_annual: float = assumption(
        0.08, "per year", "collectivization",
        "Rate at which the herd makes good what it lost, once the drive is over (share of the "
        "gap per year, exponential): the herds of 1928 were not regained before the war.",
        prior=Uniform(0.0, 0.16), bounds=NON_NEGATIVE)
    famine_flight_relief: float = assumption(
        0.3, "share", "collectivization",
        "Share of famine deaths averted by flight to towns and other regions while peasants may "
        "still leave (until the ban on their movement).",
        prior=Uniform(0.0, 0.6), bounds=SHARE)
    deported_1932_33: int = assumption(
        340_000, "persons", "collectivization",
        "New special settlers deported in 1932-33 (the famine regions' 'kulaks' and the "
        "blacklisted Kuban stanitsas); part of the 489,822 who arrived in 1932-40 "
        "[zemskov_settlers].",
        prior=Uniform(200_000, 400_000), bounds=NON_NEGATIVE, fit=True)
    deported_1935_border: int = assumption(
        100_000, "persons", "collectivization",
        "Deported from the western border zones (Leningrad, Karelia, Ukraine) in 1935 to the "
        "special settlements; part of the 1932-40 arrivals [zemskov_settlers].",
        prior=Uniform(40_000, 150_000), bounds=NON_NEGATIVE, fit=True)
    deported_1936_border: int = assumption(
        50_000, "persons", "collectivization",
        "Deported from the Ukrainian border zone (Poles and Germans) to Kazakhstan in 1936; "
        "part of the 1932-40 arrivals [zemskov_settlers].",
        prior=Uniform(20_000, 80_000), bounds=NON_NEGATIVE)
    settlement_release_annual: float = assumption(
        0.01, "per year", "collectivization",
        "Settlers released from the settlements per year (rights restored, young people let go "
        "to study or work).", prior=Uniform(0.0, 0.05), bounds=SHARE, fit=True)
    settlement_recapture_share: float = sourced(
        235_120 / 629_042, "share", "collectivization",
        "Share of escaped settlers caught and returned to the settlements.",
        "235,120 returned of 629,042 escaped in 1932-40 [zemskov_settlers], derived",
        bounds=SHARE, role=CONSTANT)
    settlement_mortality_annual: float = assumption(
        0.03, "per year", "collectivization",
        "Death rate in special settlements when the country is fed (the famine raises it, "
        "see `famine_supply_mortality`).",
        prior=Uniform(0.02, 0.15), bounds=SHARE, fit=True, hand_set=True)
    settlement_escape_annual: float = sourced(
        629_042 / 9 / 1_000_000, "per year", "collectivization",
        "Escape rate from special settlements.",
        "629,042 escapes 1932-40 over a stock near 1 million [zemskov_settlers], derived",
        bounds=SHARE, role=CONSTANT)
    # ------------------------------------------------------------------ army
    officer_fill_weeks: float = assumption(
        52, "weeks", "army", "Mean time to commission new officers when the army expands.",
        prior=Uniform(13, 156), bounds=POSITIVE)
    officer_discharge_rate: float = assumption(
        0.05, "per year", "army",
        "Share of the officer corps discharged per year for ordinary reasons (age, illness, "
        "misconduct, unreliability short of the terror's), every year, to civilian life.",
        prior=Uniform(0.02, 0.08), bounds=SHARE)
    army_purge_discharge_rate: float = assumption(
        0.12, "per year", "army",
        "Share of the officer corps discharged per year during the army purge (the arrested "
        "among them), most evidence first.",
        prior=Uniform(0.02, 0.3), bounds=SHARE, role=LEVER)
    army_purge_arrest_share: float = assumption(
        0.3, "share", "army",
        "Share of the purge's discharged officers also arrested (the most evidence): most "
        "discharged officers were not arrested, so the prior lies below one half.",
        prior=Uniform(0.1, 0.5), bounds=SHARE, role=LEVER)
    officer_reinstated_share: float = assumption(
        0.35, "share", "army",
        "Share of the purged officers at liberty reinstated by the review of their complaints "
        "over its span (no number is used: the army's outcomes are held back).",
        prior=Uniform(0.1, 0.6), bounds=SHARE, role=LEVER)
    officer_senior_bias: float = assumption(
        1.5, "x", "army",
        "Experience of purged officers relative to the corps mean (the purge hit seniors).",
        prior=Uniform(1.0, 3.0), bounds=NON_NEGATIVE)
    officer_experience_1928: float = assumption(
        8.0, "years", "army", "Mean service of the officer corps in 1928.",
        prior=Uniform(4.0, 12.0), bounds=NON_NEGATIVE)
    # ------------------------------------------------------------------ party
    purge_evidence_weight: float = assumption(
        2.0, "x per evidence unit", "party",
        "How much more likely a member is expelled per unit of evidence against them.",
        prior=Uniform(0.0, 10.0), bounds=NON_NEGATIVE)
    candidate_stage_weeks: int = assumption(
        52, "weeks", "party",
        "Time a candidate waits before becoming a full member, counted only while admissions "
        "are open (the statutes set one to two years by social group; the freeze of December "
        "1932 to November 1936 stopped transfers with admissions).",
        prior=Uniform(26, 104), bounds=AT_LEAST_ONE)
    purge_1933_share: float = sourced(
        0.183, "share", "party", "Share expelled in the general purge of 1933-35.",
        "18.3% of 1,916,500 checked [rogovin_1937]", bounds=SHARE, role=LEVER)
    verification_1935_share: float = assumption(
        0.09, "share", "party",
        "Share expelled in the 1935 verification of party documents (commonly ~9%, unverified).",
        prior=Uniform(0.05, 0.15), bounds=SHARE, role=LEVER)
    exchange_1936_share: float = assumption(
        0.03, "share", "party", "Share dropped in the 1936 exchange of party cards.",
        prior=Uniform(0.01, 0.08), bounds=SHARE, role=LEVER)
    expulsions_1937_38_share: float = assumption(
        0.1, "share", "party", "Share expelled (beyond those arrested) in 1937-38.",
        prior=Uniform(0.03, 0.25), bounds=SHARE, role=LEVER)
    reinstated_1938_share: float = assumption(
        0.3, "share", "party",
        "Share of expelled members (still at liberty) reinstated after the January 1938 "
       "plenum (officers: `officer_reinstated_share`).",
        prior=Uniform(0.1, 0.6), bounds=SHARE, role=LEVER)
    vertical_share_elections_1937: float = assumption(
        0.3, "share", "party",
        "Share of denunciations aimed upward during the campaign for the 1937 party elections "
       "(criticism from below).",
        prior=Uniform(0.05, 0.6), bounds=SHARE, role=LEVER)
    # ------------------------------------------------------------------ the war (model/war.py)
    gdp_ussr_1928_bn: float = sourced(
        231.886, "bn 1990 int. $ per year", "war",
        "USSR GDP in 1928: the unit of the model's output index (1928 = 1) in the war accounts.",
        "Maddison 2010, 'Total Former USSR', 1928 [maddison2010]", bounds=POSITIVE,
        role=CONSTANT)
    agriculture_share_gdp_1928: float = assumption(
        0.45, "share", "war",
        "Agriculture's share of 1928 GDP: the weight of the agricultural index in GDP (industry "
        "has the rest).", prior=Uniform(0.35, 0.55), bounds=SHARE)
    defence_share_prewar: float = assumption(
        0.17, "share", "war",
        "Share of output going to defence before the war (Harrison's 1940 estimate, about 17%, "
        "recalled, not read [harrison1998]).", prior=Uniform(0.12, 0.22), bounds=OPEN_SHARE)
    defence_share_max: float = assumption(
        0.55, "share", "war",
        "The most of its output the war economy can give to defence (Germany about 70% and the "
        "UK about 55% in 1943, recalled [harrison1998]).", prior=Uniform(0.4, 0.7),
        bounds=SHARE)
    mobilisation_weeks: float = assumption(
        26.0, "weeks", "war",
        "Time constant over which the defence share rises from its pre-war level to its most.",
        prior=Uniform(8.0, 52.0), bounds=POSITIVE)
    munitions_learning_per_year: float = assumption(
        0.2, "per year", "war",
        "Growth of munitions per unit of defence output as mass production is learned "
        "(Harrison 1996 [harrison1996]: only two economies mastered mass production in the "
        "war).", prior=Uniform(0.0, 0.4), bounds=NON_NEGATIVE)
    evacuated_share: float = assumption(
        0.35, "share", "war",
        "Share of the industrial capital and workers in territory about to be lost that is "
        "evacuated east (1,523 enterprises moved in July-November 1941 [werth1964]).",
        prior=Uniform(0.2, 0.6), bounds=SHARE)
    evacuation_restart_weeks: int = assumption(
        26, "weeks", "war", "Weeks before an evacuated plant produces again in the east.",
        prior=Uniform(12, 52), bounds=NON_NEGATIVE)
    war_destruction_share: float = assumption(
        0.5, "share", "war",
        "Share of the capital left behind the front that is destroyed when the land is retaken.",
        prior=Uniform(0.3, 0.8), bounds=SHARE)
    soviet_field_army_1941: float = sourced(
        2_900_000, "persons", "war",
        "The Red Army in the western military districts on 22 June 1941: the force in the field "
        "when the war begins.", "Krivosheev 1993 [krivosheev1993]", bounds=POSITIVE,
        role=CONSTANT)
    field_army_share: float = assumption(
        0.04, "share of the population", "war",
        "The field army the Soviet side keeps up, as a share of the population it still holds.",
        prior=Uniform(0.025, 0.06), bounds=SHARE)
    mobilisation_per_year: float = assumption(
        0.05, "share of the population per year", "war",
        "The most men that can be called up and sent to the front in a year, as a share of the "
        "population held (about 34.5 million were mobilised over the war [krivosheev1993]).",
        prior=Uniform(0.03, 0.08), bounds=SHARE)
    camp_war_food_mortality: float = assumption(
        3.0, "x per share occupied", "war",
        "How much the camps' death rate rises, while the war goes on, per unit of the share of "
        "the population behind the front: the food lost with the occupied land fell first on "
        "the camps, last in the ration order (an assumption; the camps' wartime deaths are "
        "not fitted).", prior=Uniform(0.0, 8.0), bounds=NON_NEGATIVE)
    called_up_from_industry: float = assumption(
        0.12, "share", "war",
        "Share of the men called up in the war who leave industrial work (the rest come from "
        "the farms and elsewhere; skilled workers of the defence plants were exempt): the "
        "trade-off between the front and the plants in Harrison's accounts [harrison1996].",
        prior=Uniform(0.05, 0.25), bounds=SHARE)
    demobilisation_weeks: int = assumption(
        104, "weeks", "war",
        "Weeks over which the surviving called-up workers return to industry after victory "
        "(the demobilisation ran in waves from June 1945).",
        prior=Uniform(52, 156), bounds=AT_LEAST_ONE)
    german_east_share: float = assumption(
        0.5, "share", "war",
        "Share of Germany's armed forces (COW [cow_nmc6]) in the East before the second front.",
        prior=Uniform(0.4, 0.75), bounds=SHARE)
    german_east_share_second_front: float = assumption(
        0.4, "share", "war",
        "The same share after the landing in Normandy [normandy_1944].",
        prior=Uniform(0.3, 0.6), bounds=SHARE)
    axis_allies_east: float = assumption(
        600_000, "persons", "war",
        "Troops of Germany's allies (Romania, Finland, Hungary, Italy, Slovakia) in the East.",
        prior=Uniform(300_000, 1_000_000), bounds=NON_NEGATIVE)
    replacement_weeks: float = assumption(
        12.0, "weeks", "war",
        "Time constant over which Germany brings its forces in the East back to strength.",
        prior=Uniform(4.0, 26.0), bounds=POSITIVE)
    soviet_equipment_1941: float = assumption(
        5_000, "tank-equivalents", "war",
        "Soviet equipment in the field on 22 June 1941: 1,475 new-type tanks [booksonline_forces] "
        "plus the older tanks and aircraft at a discount.", prior=Uniform(1_475, 15_000),
        bounds=POSITIVE)
    german_equipment_1941: float = assumption(
        5_500, "tank-equivalents", "war",
        "German equipment in the East on 22 June 1941: 4,300 tanks and assault guns "
        "[booksonline_forces] plus aircraft.", prior=Uniform(4_300, 9_000), bounds=POSITIVE)
    aircraft_tank_equivalent: float = assumption(
        0.5, "tank-equivalents per aircraft", "war",
        "What a combat aircraft adds to combat power, counted in tanks.",
        prior=Uniform(0.2, 1.0), bounds=NON_NEGATIVE)
    german_effectiveness: float = assumption(
        2.0, "x", "war",
        "German combat effectiveness per man and weapon against the Soviet side at full "
        "experience (Dupuy's combat effectiveness value [dupuy1987]).", prior=Uniform(1.2, 3.0),
        bounds=POSITIVE)
    surprise_factor: float = assumption(
        0.5, "x", "war", "Soviet effectiveness in the first weeks of a surprise attack.",
        prior=Uniform(0.2, 0.9), bounds=POSITIVE)
    surprise_weeks: int = assumption(
        10, "weeks", "war", "How long the surprise lasts.", prior=Uniform(4, 20),
        bounds=NON_NEGATIVE)
    officer_experience_elasticity: float = assumption(
        0.5, "elasticity", "war",
        "How Soviet combat effectiveness follows the officers' mean experience against the corps "
        "of 1 January 1937 (before the army purge): 0, the purge costs nothing at the front.",
        prior=Uniform(0.0, 1.0), bounds=NON_NEGATIVE)
    combat_learning_per_year: float = assumption(
        1.0, "years per year", "war",
        "Experience a serving officer gains in a year of war beyond the year itself.",
        prior=Uniform(0.0, 2.0), bounds=NON_NEGATIVE)
    equipment_weight: float = assumption(
        0.4, "elasticity", "war",
        "Weight of equipment per man in combat power (men have the rest).",
        prior=Uniform(0.2, 0.6), bounds=SHARE)
    attrition_per_week: float = assumption(
        0.012, "per week", "war",
        "Permanent losses (killed, missing, captured) a week per unit of combat power, in the "
        "Helmbold law [lanchester_fits].", prior=Uniform(0.005, 0.03), bounds=POSITIVE)
    helmbold_exponent: float = assumption(
        0.75, "exponent", "war",
        "Helmbold's exponent: 1, Lanchester's square law (losses follow the enemy's power); "
        "0.5, each side loses alike (the fits to Kursk and the Ardennes do not pin it "
        "[lanchester_fits]).", prior=Uniform(0.5, 1.0), bounds=SHARE)
    advance_km_per_week: float = assumption(
        60.0, "km per week", "war",
        "The fastest the front moves when one side is far stronger (about 1,000 km in 20 weeks "
        "in 1941).", prior=Uniform(30.0, 100.0), bounds=POSITIVE)
    advance_sensitivity: float = assumption(
        0.5, "log power ratio", "war",
        "How much stronger a side must be for the front to move at half its fastest pace "
        "(tanh of the log power ratio over this).", prior=Uniform(0.2, 1.0), bounds=POSITIVE)
    supply_range_km: float = assumption(
        1_500.0, "km", "war",
        "Depth over which the attacker's effectiveness falls by a factor e as its supply lines "
        "lengthen [van_creveld1977].", prior=Uniform(800.0, 3_000.0), bounds=POSITIVE)
    winter_penalty: float = assumption(
        0.25, "share", "war",
        "How much of the attacker's effectiveness the autumn mud and the winter frost take, from "
        "November to March (the German army was not equipped for a winter war).",
        prior=Uniform(0.0, 0.5), bounds=SHARE)
    war_luck_sd: float = assumption(
        0.15, "log power ratio", "war",
        "The fortunes of war: standard deviation of a persistent shock (about two months' "
        "memory) to the log of the power ratio at the front (the battle for Moscow in 1941 "
        "was a close run).", prior=Uniform(0.0, 0.3), bounds=NON_NEGATIVE)
    collapse_depth_km: float = assumption(
        1_300.0, "km", "war",
        "Depth beyond which the front collapses: Moscow, the Volga and the Caucasus lost "
        "(Moscow lies about 965 km and Stalingrad about 1,240 km from the 1941 border).",
        prior=Uniform(1_150.0, 1_500.0), bounds=POSITIVE)
    equipment_loss_multiplier: float = assumption(
        2.0, "x", "war", "Equipment is lost this many times faster than men.",
        prior=Uniform(1.0, 3.0), bounds=NON_NEGATIVE)
    military_dead_share: float = assumption(
        0.75, "share", "war",
        "Share of permanent losses who die (killed, died of wounds, died in captivity).",
        prior=Uniform(0.6, 0.9), bounds=SHARE)
    occupation_death_rate: float = assumption(
        0.05, "per year", "war", "Excess deaths a year among civilians under occupation.",
        prior=Uniform(0.02, 0.08), bounds=SHARE)
    rear_excess_death_rate: float = assumption(
        0.012, "per year", "war",
        "Excess deaths a year among civilians in the rear (hunger, cold, overwork).",
        prior=Uniform(0.005, 0.03), bounds=SHARE)
    lendlease_munitions_share: float = assumption(
        0.5, "share", "war",
        "Share of Lend-Lease's value that is equipment for the front (trucks, tanks, aircraft); "
        "the rest (food, fuel, metals) adds to output.", prior=Uniform(0.3, 0.7), bounds=SHARE)
    price_1942_to_1990: float = assumption(
        8.0, "x", "war",
        "1990 international dollars per US dollar of 1942 (to value Lend-Lease in the GDP's "
        "unit).", prior=Uniform(5.0, 12.0), bounds=POSITIVE)
    death_share_war: float = assumption(
        0.12, "share", "war",
        "Share of death sentences among political sentences in the war's first months (military "
        "tribunals under martial law); Pavlov's 1941-42 counts are the anchor it will be fitted "
        "to [pavlov1953].", prior=Uniform(0.05, 0.25), bounds=SHARE, hand_set=True)
    tribunal_weeks: int = assumption(
        78, "weeks", "war",
        "Weeks after the outbreak during which the wartime share of death sentences holds.",
        prior=Uniform(52, 104), bounds=NON_NEGATIVE)
    camp_release_1941: float = sourced(
        510_000, "persons", "war",
        "Prisoners released from the camps in 1941, many to the army: 420,000 or 600,000 by two "
        "accounts [camp_releases_1941].", "[camp_releases_1941]",
        prior=Uniform(420_000, 600_000), bounds=NON_NEGATIVE)

    def __post_init__(self) -> None:
        for name in _NAMES:
            why = REGISTRY[name].problem(getattr(self, name))
            if why is not None:
                raise ValueError(f"parameter {name} = {getattr(self, name)}: {why}")

    def but(self, **changes: float) -> Params:
        """A copy with some parameters replaced (names and values checked)."""
        unknown = [n for n in changes if n not in REGISTRY]
        if unknown:
            raise KeyError(f"not a parameter in the registry: {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, float]:
        """Every parameter's value by name (a new dict)."""
        return {name: getattr(self, name) for name in _NAMES}

    @classmethod
    def from_dict(cls, values: dict[str, float]) -> Params:
        """Defaults overridden by `values` (names and values checked)."""
        return cls().but(**values) if values else cls()


def _build() -> MappingProxyType:
    table = {}
    for f in dataclasses.fields(Params):
        spec = f.metadata[_SPEC]
        p = Param(name=f.name, value=cast(float, f.default), integer=f.type == "int", **spec)
        p.check()
        table[f.name] = p
    return MappingProxyType(table)


REGISTRY: MappingProxyType = _build()
"""All parameters by name, in declaration order (read-only)."""
_NAMES: tuple[str, ...] = tuple(REGISTRY)


def defaults() -> dict[str, float]:
    """The default value of every parameter (a new dict)."""
    return {name: p.value for name, p in REGISTRY.items()}


def groups() -> list[str]:
    """Parameter groups in declaration order."""
    seen: list[str] = []
    for p in REGISTRY.values():
        if p.group not in seen:
            seen.append(p.group)
    return seen


def names(*, role: str | None = None, fit: bool | None = None,
          debated: bool | None = None) -> tuple[str, ...]:
    """Parameter names selected by role and flags, in declaration order (e.g. the fitted
    ones: `names(fit=True)`)."""
    return tuple(n for n, p in REGISTRY.items()
                 if (role is None or p.role == role) and (fit is None or p.fit == fit)
                 and (debated is None or p.debated == debated))
