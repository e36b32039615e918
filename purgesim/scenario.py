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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from purgesim.data import GULAG_LIMIT_CAT1, REGION_CODES, REGIONS
from purgesim.model import events as ev
from purgesim.model.calendar import END, START, n_weeks, week_of
from purgesim.model.population import DIASPORAS, TAINTS
from purgesim.registry import REGISTRY, defaults

TaintName = Literal["kulak", "former", "opposition", "foreign", "criminal"]
DiasporaName = Literal["german", "polish", "latvian", "harbin", "other"]
RegionCode = Literal[REGION_CODES]  # type: ignore[valid-type]

assert set(TAINTS) == set(TaintName.__args__)
assert set(DIASPORAS[1:]) == set(DiasporaName.__args__)


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message lists every problem found."""


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    label: str = ""

    @field_validator("date")
    @classmethod
    def _in_calendar(cls, v: dt.date) -> dt.date:
        if not START <= v <= END:
            raise ValueError(f"date outside the calendar {START} .. {END}")
        return v


class ThreatShockSpec(_Event):
    """Jolt to the centre's threat perception: a number or the name of a registry parameter."""

    kind: Literal["threat_shock"]
    size: float | str

    @field_validator("size")
    @classmethod
    def _known(cls, v):
        if isinstance(v, str) and v not in REGISTRY:
            raise ValueError(f"'{v}' is not a parameter in the registry")
        return v


class CampaignSpec(_Event):
    """A campaign against one tainted register, from `date` to `end`."""

    kind: Literal["campaign"]
    end: dt.date
    taint: TaintName

    @model_validator(mode="after")
    def _ordered(self):
        if not START <= self.end <= END:
            raise ValueError(f"end {self.end} outside the calendar {START} .. {END}")
        if self.end <= self.date:
            raise ValueError(f"end {self.end} is not after date {self.date}")
        return self


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


EventSpec = Annotated[
    ThreatShockSpec | CampaignSpec | MassOperationSpec | NationalOperationSpec
    | LimitIncreaseSpec | TortureSpec | KirovLawSpec | PlenumCorrectionSpec | HaltSpec,
    Field(discriminator="kind"),
]

_MONOTONE = (("confess_guilty", "torture_confess_guilty"),
             ("confess_innocent", "torture_confess_innocent"))


class Scenario(BaseModel):
    """A runnable scenario (see scenarios/historical.toml for a documented example)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    seed: Annotated[int, Field(ge=0)] = 1
    scale: Annotated[int, Field(ge=1)] = 1000
    params: dict[str, float] = Field(default_factory=dict)
    events: list[EventSpec] = Field(default_factory=list)

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
        return self

    def resolved_params(self) -> dict[str, float]:
        """Registry defaults overridden by this scenario's params."""
        p = defaults()
        p.update(self.params)
        return p

    def with_overrides(self, seed: int | None = None, scale: int | None = None) -> Scenario:
        """A copy with the seed or scale replaced (validated again)."""
        data = self.model_dump()
        if seed is not None:
            data["seed"] = seed
        if scale is not None:
            data["scale"] = scale
        return validate_scenario(data, source="command line")

    def content_hash(self) -> str:
        """SHA-256 of everything that determines the run except the seed."""
        data = self.model_dump(mode="json", exclude={"seed"})
        data["params"] = self.resolved_params()
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def to_config(self) -> ModelConfigT:
        """The plain model configuration the engine runs."""
        p = self.resolved_params()
        return ev.ModelConfig(params=p, scale=self.scale, n_weeks=n_weeks(),
                              events=tuple(_convert(e, p) for e in self.events))


ModelConfigT = ev.ModelConfig


def _convert(e, p: dict[str, float]) -> ev.Event:
    w = week_of(e.date)
    match e:
        case ThreatShockSpec():
            size = p[e.size] if isinstance(e.size, str) else e.size
            return ev.ThreatShock(w, float(size), e.label)
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
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(_format(err, source)) from None


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load a TOML scenario; with no path, the embedded historical baseline."""
    if path is None:
        text = resources.files("purgesim.scenarios").joinpath("historical.toml").read_text()
        source = "historical.toml (embedded)"
    else:
        path = Path(path)
        if not path.is_file():
            raise ScenarioError(f"{path}: no such scenario file")
        text = path.read_text(encoding="utf-8")
        source = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{source}: not valid TOML: {err}") from None
    return validate_scenario(data, source)


def embedded_scenarios() -> list[str]:
    """Names of the scenario files shipped inside the package."""
    folder = resources.files("purgesim.scenarios")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
