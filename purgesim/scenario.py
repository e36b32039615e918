"""Scenario files: TOML validated with pydantic into a `ModelConfig`.

A scenario is a name, a scale, parameter overrides (only names in the registry) and a list of
dated events. Anything malformed is refused before a single week runs, with the field, the value
and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from purgesim.data import GULAG_LIMIT_CAT1, REGION_CODES, REGIONS
from purgesim.model import events as ev
from purgesim.model.calendar import END, HORIZON, START, n_weeks, week_of
from purgesim.model.economy import SECTORS
from purgesim.model.population import DIASPORAS, TAINTS
from purgesim.registry import REGISTRY, defaults

TaintName = Literal["kulak", "former", "opposition", "foreign", "criminal"]
DiasporaName = Literal["german", "polish", "latvian", "harbin", "other"]
RegionCode = Literal[REGION_CODES]  # type: ignore[valid-type]

assert set(TAINTS) == set(TaintName.__args__)
assert set(DIASPORAS[1:]) == set(DiasporaName.__args__)


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message lists every problem found."""


def _check_date(v: dt.date) -> dt.date:
    if not START <= v <= HORIZON:
        raise ValueError(f"date outside the calendar {START} .. {HORIZON}")
    return v


def _registry_value(v):
    if isinstance(v, str) and v not in REGISTRY:
        raise ValueError(f"'{v}' is not a parameter in the registry")
    return v


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    label: str = ""
    id: str = ""
    """Optional name, so a scenario built on another can remove this event."""

    _in_calendar = field_validator("date")(_check_date)


class _Span(_Event):
    """An event with an end date after its start."""

    end: dt.date

    @model_validator(mode="after")
    def _ordered(self):
        _check_date(self.end)
        if self.end <= self.date:
            raise ValueError(f"end {self.end} is not after date {self.date}")
        return self


class ThreatShockSpec(_Event):
    """Jolt to the centre's threat perception: a number or the name of a registry parameter."""

    kind: Literal["threat_shock"]
    size: float | str

    _known = field_validator("size")(_registry_value)


class CampaignSpec(_Span):
    """A campaign against one tainted register, from `date` to `end`."""

    kind: Literal["campaign"]
    taint: TaintName


class MassOperationSpec(_Event):
    """A limits-driven operation; limits default to Order 00447's republic table."""

    kind: Literal["mass_operation"]
    limits: dict[RegionCode, tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]]] = (
        Field(default_factory=lambda: {r.code: (r.limit_cat1, r.limit_cat2) for r in REGIONS}))
    gulag_cat1: Annotated[int, Field(ge=0)] = GULAG_LIMIT_CAT1
    targets: list[TaintName] = ["kulak", "former", "criminal", "opposition"]


class NationalOperationSpec(_Event):
    """An operation against one diaspora (no limits)."""

    kind: Literal["national_operation"]
    diaspora: DiasporaName


class LimitIncreaseSpec(_Event):
    """A central decision raising one republic's limits."""

    kind: Literal["limit_increase"]
    region: RegionCode
    cat1: Annotated[int, Field(ge=0)] = 0
    cat2: Annotated[int, Field(ge=0)] = 0


class TortureSpec(_Event):
    """Physical pressure in interrogation sanctioned (or withdrawn)."""

    kind: Literal["torture"]
    allowed: bool = True


class KirovLawSpec(_Event):
    """The law of 1 December 1934."""

    kind: Literal["kirov_law"]


class PlenumCorrectionSpec(_Event):
    """The January 1938 plenum resolution on wrongful expulsions."""

    kind: Literal["plenum_correction"]


class HaltSpec(_Event):
    """End of mass operations and troikas."""

    kind: Literal["halt"]


class CollectivizationSpec(_Span):
    """The agrarian path; `end` closes the deportation window of the forced path."""

    kind: Literal["collectivization"]
    path: Literal["forced", "gradual"]


Share = Annotated[float, Field(ge=0, le=1)]


class FiveYearPlanSpec(_Event):
    """Plan targets (yearly growth by sector) and investment priorities from `date`."""

    kind: Literal["five_year_plan"]
    growth: dict[Literal["heavy", "light", "agriculture", "defence"],
                 Annotated[float, Field(ge=-0.2, le=1.0)]]
    priority: dict[Literal["heavy", "light", "agriculture", "defence"], Share]

    @model_validator(mode="after")
    def _some_priority(self):
        if sum(self.priority.values()) <= 0:
            raise ValueError("priority: the investment shares must not all be zero")
        return self


class ArmyPurgeSpec(_Span):
    """Arrests and discharges in the officer corps from `date` to `end`."""

    kind: Literal["army_purge"]


class PartyAdmissionsSpec(_Span):
    """`total` persons admitted between `date` and `end`."""

    kind: Literal["party_admissions"]
    total: Annotated[int, Field(ge=0)]


class PartyPurgeSpec(_Span):
    """A purge or verification expelling `share` of members (a number or a registry name)."""

    kind: Literal["party_purge"]
    share: Share | str

    _known = field_validator("share")(_registry_value)


class ReinstatementSpec(_Event):
    """A share of the expelled and discharged (a number or a registry name) reinstated."""

    kind: Literal["reinstatement"]
    share: Share | str

    _known = field_validator("share")(_registry_value)


class SetParamSpec(_Event):
    """A registry parameter takes a new value (a number or another parameter's value)."""

    kind: Literal["set_param"]
    param: str
    value: float | str

    _known_value = field_validator("value")(_registry_value)

    @field_validator("param")
    @classmethod
    def _known_param(cls, v):
        if v not in REGISTRY:
            raise ValueError(f"'{v}' is not a parameter in the registry")
        return v


EventSpec = Annotated[
    ThreatShockSpec | CampaignSpec | MassOperationSpec | NationalOperationSpec
    | LimitIncreaseSpec | TortureSpec | KirovLawSpec | PlenumCorrectionSpec | HaltSpec
    | CollectivizationSpec | FiveYearPlanSpec | ArmyPurgeSpec | PartyAdmissionsSpec
    | PartyPurgeSpec | ReinstatementSpec | SetParamSpec,
    Field(discriminator="kind"),
]

_WAR_DATE_STREAM = 0x3A5
"""Extra seed word for the war-date draw, so it never shares a stream with the model."""

_MONOTONE = (("confess_guilty", "torture_confess_guilty"),
             ("confess_innocent", "torture_confess_innocent"))


class Scenario(BaseModel):
    """A runnable scenario (see scenarios/historical.toml for a documented example)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    seed: Annotated[int, Field(ge=0)] = 1
    scale: Annotated[int, Field(ge=1)] = 1000
    based_on: str = ""
    """The scenario this one was built on (`base = "..."` in the file); informational."""
    war_date: dt.date = END
    """When war comes: outcomes at this date are the 'war report'."""
    war_date_latest: dt.date | None = None
    """If set, the war date is uncertain: drawn per seed, uniformly in [war_date, this]."""
    params: dict[str, float] = Field(default_factory=dict)
    events: list[EventSpec] = Field(default_factory=list)

    _war_in_calendar = field_validator("war_date", "war_date_latest")(
        lambda v: v if v is None else _check_date(v))

    @field_validator("params")
    @classmethod
    def _known_params(cls, v: dict[str, float]) -> dict[str, float]:
        errors = []
        for name, value in v.items():
            if name not in REGISTRY:
                errors.append(f"'{name}' is not a parameter in the registry")
                continue
            spec = REGISTRY[name]
            if spec.integer and float(value) != int(value):
                errors.append(f"'{name}' must be a whole number, got {value}")
            if spec.unit in ("share", "probability") and not 0 <= value <= 1:
                errors.append(f"'{name}' is a {spec.unit} and must lie in [0, 1], got {value}")
            lowest = min(0.0, spec.prior[0]) if spec.prior else 0.0
            if value < lowest:
                errors.append(f"'{name}' must be >= {lowest}, got {value}")
        if errors:
            raise ValueError("; ".join(errors))
        return v

    @model_validator(mode="after")
    def _coherent(self):
        p = self.resolved_params()
        for plain, tortured in _MONOTONE:
            if p[tortured] < p[plain]:
                raise ValueError(f"params: {tortured} ({p[tortured]}) must be >= {plain} "
                                 f"({p[plain]}): torture never lowers the odds of confession")
        if p["enemy_share"] + p["grumbler_share"] > 1:
            raise ValueError("params: enemy_share + grumbler_share exceeds 1")
        if self.war_date_latest is not None and self.war_date_latest < self.war_date:
            raise ValueError(f"war_date_latest {self.war_date_latest} is before war_date "
                             f"{self.war_date}")
        return self

    def war_date_for(self, seed: int | None = None) -> dt.date:
        """The war date of a run: fixed, or drawn from the seed when it is uncertain."""
        if self.war_date_latest is None:
            return self.war_date
        seed = self.seed if seed is None else seed
        span = (self.war_date_latest - self.war_date).days
        rng = np.random.default_rng([seed, _WAR_DATE_STREAM])
        return self.war_date + dt.timedelta(days=int(rng.integers(0, span + 1)))

    def resolved_params(self) -> dict[str, float]:
        """Registry defaults overridden by this scenario's params."""
        p = defaults()
        p.update(self.params)
        return p

    def with_overrides(self, seed: int | None = None, scale: int | None = None,
                       params: dict[str, float] | None = None) -> Scenario:
        """A copy with the seed, scale or some parameters replaced (validated again)."""
        data = self.model_dump()
        if seed is not None:
            data["seed"] = seed
        if scale is not None:
            data["scale"] = scale
        if params:
            data["params"] = {**data["params"], **params}
        return validate_scenario(data, source="command line")

    def content_hash(self) -> str:
        """SHA-256 of everything that determines the run except the seed."""
        data = self.model_dump(mode="json", exclude={"seed"})
        data["params"] = self.resolved_params()
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def to_config(self, seed: int | None = None) -> ModelConfigT:
        """The plain model configuration the engine runs (to the war date of `seed`)."""
        p = self.resolved_params()
        return ev.ModelConfig(params=p, scale=self.scale,
                              n_weeks=n_weeks(end=self.war_date_for(seed)),
                              events=tuple(_convert(e, p) for e in self.events))


ModelConfigT = ev.ModelConfig


def _value(v: float | str, p: dict[str, float]) -> float:
    return float(p[v] if isinstance(v, str) else v)


def _by_sector(d: dict[str, float]) -> tuple[float, float, float, float]:
    return tuple(float(d.get(s, 0.0)) for s in SECTORS)


def _convert(e, p: dict[str, float]) -> ev.Event:
    w = week_of(e.date)
    match e:
        case ThreatShockSpec():
            return ev.ThreatShock(w, _value(e.size, p), e.label)
        case CampaignSpec():
            return ev.Campaign(w, week_of(e.end), e.taint, e.label)
        case MassOperationSpec():
            return ev.MassOperation(w, dict(e.limits), e.gulag_cat1, tuple(e.targets), e.label)
        case NationalOperationSpec():
            return ev.NationalOperation(w, e.diaspora, e.label)
        case LimitIncreaseSpec():
            return ev.LimitIncrease(w, e.region, e.cat1, e.cat2, e.label)
        case TortureSpec():
            return ev.Torture(w, e.allowed, e.label)
        case KirovLawSpec():
            return ev.KirovLaw(w, e.label)
        case PlenumCorrectionSpec():
            return ev.PlenumCorrection(w, e.label)
        case HaltSpec():
            return ev.Halt(w, e.label)
        case CollectivizationSpec():
            return ev.Collectivization(w, e.path, week_of(e.end), e.label)
        case FiveYearPlanSpec():
            return ev.FiveYearPlan(w, _by_sector(e.growth), _by_sector(e.priority), e.label)
        case ArmyPurgeSpec():
            return ev.ArmyPurge(w, week_of(e.end), e.label)
        case PartyAdmissionsSpec():
            return ev.PartyAdmissions(w, week_of(e.end), e.total, e.label)
        case PartyPurgeSpec():
            return ev.PartyPurge(w, week_of(e.end), _value(e.share, p), e.label)
        case ReinstatementSpec():
            return ev.Reinstatement(w, _value(e.share, p), e.label)
        case SetParamSpec():
            return ev.SetParam(w, e.param, _value(e.value, p), e.label)
    raise TypeError(f"unknown event {e!r}")


def _format(err: ValidationError, source: str) -> str:
    lines = [f"{source}: the scenario is invalid ({err.error_count()} problem(s)):"]
    for item in err.errors():
        loc = ".".join(str(x) for x in item["loc"]) or "(top level)"
        msg = item["msg"].removeprefix("Value error, ")
        value = item.get("input")
        shown = "" if isinstance(value, dict | list) else f" = {value!r}"
        lines.append(f"  - {loc}{shown}: {msg}")
    return "\n".join(lines)


def validate_scenario(data: dict, source: str = "scenario") -> Scenario:
    """Validate a parsed scenario, raising ScenarioError with every problem listed."""
    data = _inherit(data, source, ())
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(_format(err, source)) from None


def _inherit(data: dict, source: str, seen: tuple[str, ...]) -> dict:
    """Resolve `base` (an embedded scenario) and `remove` (event ids or kinds to drop)."""
    if not isinstance(data, dict) or "base" not in data:
        if isinstance(data, dict) and "remove" in data:
            raise ScenarioError(f"{source}: remove = {data['remove']!r}: needs a base scenario")
        return data
    data = dict(data)
    base_name = data.pop("base")
    remove = data.pop("remove", [])
    if not isinstance(base_name, str) or base_name not in _embedded_names():
        raise ScenarioError(f"{source}: base = {base_name!r}: not an embedded scenario; "
                            f"choose from {', '.join(_embedded_names())}")
    if base_name in seen:
        raise ScenarioError(f"{source}: base = {base_name!r}: circular inheritance")
    if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
        raise ScenarioError(f"{source}: remove = {remove!r}: must be a list of event ids or kinds")
    base = _inherit(_embedded_data(base_name), f"{base_name}.toml", (*seen, base_name))
    events = [e for e in base.get("events", [])
              if e.get("id") not in remove and e.get("kind") not in remove]
    unmatched = [r for r in remove if not any(r in (e.get("id"), e.get("kind"))
                                              for e in base.get("events", []))]
    if unmatched:
        raise ScenarioError(f"{source}: remove = {unmatched!r}: no event of {base_name} has "
                            "that id or kind")
    merged = {k: v for k, v in base.items() if k not in ("name", "description", "events")}
    merged.update({k: v for k, v in data.items() if k not in ("params", "events")})
    merged["params"] = {**base.get("params", {}), **data.get("params", {})}
    merged["events"] = events + list(data.get("events", []))
    merged["based_on"] = base_name
    return merged


def _parse(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{source}: not valid TOML: {err}") from None


def _embedded_names() -> list[str]:
    return [name.removesuffix(".toml") for name in embedded_scenarios()]


def _embedded_data(name: str) -> dict:
    text = resources.files("purgesim.scenarios").joinpath(f"{name}.toml").read_text("utf-8")
    return _parse(text, f"{name}.toml (embedded)")


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load a TOML scenario file, or an embedded scenario by name; none: the baseline."""
    if path is None:
        path = "historical"
    name = str(path).removesuffix(".toml")
    if not Path(path).is_file() and name in _embedded_names():
        return validate_scenario(_embedded_data(name), f"{name}.toml (embedded)")
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"{path}: no such scenario file (embedded scenarios: "
                            f"{', '.join(_embedded_names())})")
    return validate_scenario(_parse(path.read_text(encoding="utf-8"), str(path)), str(path))


def embedded_scenarios() -> list[str]:
    """File names of the scenarios shipped inside the package."""
    folder = resources.files("purgesim.scenarios")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
