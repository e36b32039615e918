"""Scenario files: TOML validated with pydantic into a `ModelConfig`.

A scenario is a name, a scale, parameter overrides (only names in the registry) and a list of
dated events. Anything malformed is refused before a single week runs, with the field, the value
and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from purgesim.data import GULAG_LIMIT_CAT1, REGION_CODES, REGIONS
from purgesim.errors import InputError
from purgesim.model import events as ev
from purgesim.model.calendar import END, HORIZON, START, n_weeks, week_of
from purgesim.model.economy import SECTORS
from purgesim.model.params import REGISTRY, Params, defaults
from purgesim.model.population import DIASPORAS, TAINTS

TaintName = Literal["kulak", "former", "opposition", "foreign", "criminal"]
DiasporaName = Literal["german", "polish", "latvian", "harbin", "other"]
RegionCode = Literal[REGION_CODES]  # type: ignore[valid-type]

assert set(TAINTS) == set(TaintName.__args__)
assert set(DIASPORAS[1:]) == set(DiasporaName.__args__)


class ScenarioError(InputError, ValueError):
    """A scenario that cannot be run; the message lists every problem found, one a line."""


def _check_date(v: dt.date) -> dt.date:
    if not START <= v <= HORIZON:
        raise ValueError(f"date outside the calendar {START} .. {HORIZON}")
    return v


def _registry_value(v):
    if isinstance(v, str) and v not in REGISTRY:
        raise ValueError(f"'{v}' is not a parameter in the registry")
    return v


STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)
"""Unknown keys and non-finite numbers (TOML's nan and inf) are refused everywhere."""

SEED_MAX = 2**63 - 1
"""Largest seed the results store can hold (a signed 64-bit integer)."""
MIN_AGENTS = 1_000
"""Fewest agents a run may have: coarser scales leave regions and groups with no agent at all,
and their outcomes would be artefacts of rounding."""


class _Event(BaseModel):
    model_config = STRICT
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

    model_config = STRICT
    name: str = Field(min_length=1)
    description: str = ""
    seed: Annotated[int, Field(ge=0, le=SEED_MAX)] = 1
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
                errors.append(f"{name}: not a parameter in the registry (see `purgesim params`)")
            elif (why := REGISTRY[name].problem(value)) is not None:
                errors.append(f"{name} = {value:g}: {why}")
        if errors:
            raise ValueError("\n".join(errors))
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
        for i, e in enumerate(self.events):
            if isinstance(e, SetParamSpec):
                value = _value(e.value, p)
                if (why := REGISTRY[e.param].problem(value)) is not None:
                    raise ValueError(f"events.{i} (set_param {e.param} = {e.value}): {why}")
        agents = round(p["population_1937"] / self.scale)
        if agents < MIN_AGENTS:
            finest = int(p["population_1937"] // MIN_AGENTS)
            raise ValueError(f"scale 1:{self.scale} is coarser than the population allows "
                             f"({agents:,} agents); use at most {finest:,} "
                             f"({MIN_AGENTS:,} agents)")
        last = self.last_date
        late = [f"events.{i} ({e.kind}) on {e.date}" for i, e in enumerate(self.events)
                if e.date > last]
        if late:
            raise ValueError(f"{'; '.join(late)}: after the end of the run ({last}), so never "
                             "applied; move the event or set war_date later")
        return self

    @property
    def last_date(self) -> dt.date:
        """The last day any run of this scenario can reach (the latest war date)."""
        return self.war_date_latest or self.war_date

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
        return ev.ModelConfig(params=Params.from_dict(p), scale=self.scale,
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


def _shown(value: object) -> str:
    """A value as the user wrote it: dates in ISO form, not as Python reprs."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


_EVENT_KINDS = frozenset(
    spec.model_fields["kind"].annotation.__args__[0]
    for spec in EventSpec.__origin__.__args__)  # type: ignore[attr-defined]
"""Every event kind's tag, as pydantic puts it in an error's location."""
_EVENT_INDEX = re.compile(r"\bevents\.(\d+)")


def _relabel(text: str, origins: list[str] | None) -> str:
    """Name events by their place in the file that declared them, not in the merged list."""
    if origins is None:
        return text
    return _EVENT_INDEX.sub(lambda m: origins[int(m.group(1))]
                            if int(m.group(1)) < len(origins) else m.group(0), text)


def _format(err: ValidationError, source: str, origins: list[str] | None = None) -> str:
    """One line per problem: `source: field = value: reason`."""
    lines = []
    for item in err.errors():
        parts = list(item["loc"])
        if len(parts) > 2 and parts[0] == "events" and parts[2] in _EVENT_KINDS:
            del parts[2]  # pydantic names the union member; the index already says which
        loc = ".".join(str(x) for x in parts)
        msg = item["msg"].removeprefix("Value error, ")
        if loc == "params" and item["type"] == "value_error":  # one line per parameter
            lines += [_relabel(f"{source}: params.{line}", origins) for line in msg.split("\n")]
            continue
        value = item.get("input")
        shown = "" if isinstance(value, dict | list) or not loc else f" = {_shown(value)}"
        where = f"{loc}{shown}: " if loc else ""
        lines.append(_relabel(f"{source}: {where}{msg}", origins))
    return "\n".join(lines)


def validate_scenario(data: dict, source: str = "scenario") -> Scenario:
    """Validate a parsed scenario, raising ScenarioError with every problem listed."""
    data, origins = _inherit(data, source, ())
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(_format(err, source, origins)) from None


def _inherit(data: dict, source: str, seen: tuple[str, ...]) -> tuple[dict, list[str] | None]:
    """Resolve `base` (an embedded scenario) and `remove` (event ids or kinds to drop).

    Returns the merged data and, for an inherited scenario, where each merged event was
    declared (so a message names `events.0` of the user's file, not its place after the base's
    events)."""
    if not isinstance(data, dict) or "base" not in data:
        if isinstance(data, dict) and "remove" in data:
            raise ScenarioError(f"{source}: remove = {data['remove']!r}: needs a base scenario")
        return data, None
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
    base, base_origins = _inherit(_embedded_data(base_name), f"{base_name}.toml",
                                  (*seen, base_name))
    base_events = base.get("events", [])
    if base_origins is None:
        base_origins = [f"{base_name}.toml events.{i}" for i in range(len(base_events))]
    kept = [i for i, e in enumerate(base_events)
            if e.get("id") not in remove and e.get("kind") not in remove]
    unmatched = [r for r in remove if not any(r in (e.get("id"), e.get("kind"))
                                              for e in base_events)]
    if unmatched:
        raise ScenarioError(f"{source}: remove = {unmatched!r}: no event of {base_name} has "
                            "that id or kind")
    own = data.get("events", [])
    own = own if isinstance(own, list) else [own]
    merged = {k: v for k, v in base.items() if k not in ("name", "description", "events")}
    merged.update({k: v for k, v in data.items() if k not in ("params", "events")})
    params = data.get("params", {})
    merged["params"] = {**base.get("params", {}), **(params if isinstance(params, dict) else {})}
    if not isinstance(params, dict):
        merged["params"] = params  # let validation name the problem
    merged["events"] = [base_events[i] for i in kept] + list(own)
    merged["based_on"] = base_name
    origins = [base_origins[i] for i in kept] + [f"events.{j}" for j in range(len(own))]
    return merged, origins


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
    return validate_scenario(_parse(read_text(path), str(path)), str(path))


def read_text(path: Path) -> str:
    """A scenario file's text: UTF-8, with or without a byte-order mark; anything else is a
    ScenarioError naming the first byte that is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ScenarioError(f"{path}: cannot read the file: {err.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = raw[err.start]
        raise ScenarioError(f"{path}: not UTF-8 text (byte 0x{bad:02X} at offset {err.start}); "
                            "save the file as UTF-8") from None


def embedded_scenarios() -> list[str]:
    """File names of the scenarios shipped inside the package."""
    folder = resources.files("purgesim.scenarios")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
