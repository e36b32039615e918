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
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from purgesim.data import posterior
from purgesim.data.posterior import ParamsMode
from purgesim.errors import InputError
from purgesim.model.calendar import END, LAST, VICTORY, n_weeks, week_of
from purgesim.model.events import AnyEvent, CalendarDate, Event, ModelConfig, kind_names
from purgesim.model.params import REGISTRY, Params, defaults


class ScenarioError(InputError, ValueError):
    """A scenario that cannot be run; the message lists every problem found, one a line."""


STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)
"""Unknown keys and non-finite numbers (TOML's nan and inf) are refused everywhere."""

SEED_MAX = 2**63 - 1
"""Largest seed the results store can hold (a signed 64-bit integer)."""
MIN_AGENTS = 1_000
"""Fewest agents a run may have: coarser scales leave regions and groups with no agent at all,
and their outcomes would be artefacts of rounding."""

_WAR_DATE_STREAM = 0x3A5
"""Extra seed word for the war-date draw, so it never shares a stream with the model."""

_MONOTONE = (("confess_guilty", "torture_confess_guilty"),
             ("confess_innocent", "torture_confess_innocent"))
COHERENCE_UNFITTED = (*(n for pair in _MONOTONE for n in pair), "enemy_share",
                      "grumbler_share", "population_1937")
"""The parameters a scenario's coherence check reads; none may be fitted, so the check holds
for every posterior draw without loading it."""


class Scenario(BaseModel):
    """A runnable scenario (see scenarios/historical.toml for a documented example)."""

    model_config = STRICT
    name: str = Field(min_length=1)
    description: str = ""
    seed: Annotated[int, Field(ge=0, le=SEED_MAX)] = 1
    scale: Annotated[int, Field(ge=1)] = 1000
    based_on: str = ""
    """The scenario this one was built on (`base = "..."` in the file); informational."""
    war_date: CalendarDate = END
    """When war comes: outcomes at this date are the 'war report'."""
    war_date_latest: CalendarDate | None = None
    """If set, the war date is uncertain: drawn per seed, uniformly in [war_date, this]."""
    until: CalendarDate | None = None
    """The run's last day, when it goes on through the war and after (at most 5 March 1953);
    None: the run ends as the war comes, and the war is not simulated."""
    params: dict[str, float] = Field(default_factory=dict)
    params_from: ParamsMode = "posterior"
    """Where the fitted parameters not set in `params` come from: a draw of the shipped
    posterior picked by each run's seed, its median, or the registry's defaults."""
    events: list[AnyEvent] = Field(default_factory=list)

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
        # The registry and this scenario's params, not a posterior draw: no parameter checked
        # here is fitted (COHERENCE_UNFITTED, tested), and draws stay inside their priors.
        p = {**defaults(), **self.params}
        for plain, tortured in _MONOTONE:
            if p[tortured] < p[plain]:
                raise ValueError(f"params: {tortured} ({p[tortured]}) must be >= {plain} "
                                 f"({p[plain]}): torture never lowers the odds of confession")
        if p["enemy_share"] + p["grumbler_share"] > 1:
            raise ValueError("params: enemy_share + grumbler_share exceeds 1")
        if self.war_date_latest is not None and self.war_date_latest < self.war_date:
            raise ValueError(f"war_date_latest {self.war_date_latest} is before war_date "
                             f"{self.war_date}")
        latest_war = self.war_date_latest or self.war_date
        if self.until is not None and self.until <= latest_war:
            raise ValueError(f"until {self.until} is not after the war date {latest_war}: a "
                             "run goes on past the war or ends at it (leave until out)")
        configured = Params.from_dict(self.params)
        wrong = [f"events.{i} ({e.kind}): {why}" for i, e in enumerate(self.events)
                 for why in e.problems(configured)]
        if wrong:
            raise ValueError("; ".join(wrong))
        agents = round(p["population_1937"] / self.scale)
        if agents < MIN_AGENTS:
            finest = int(p["population_1937"] // MIN_AGENTS)
            raise ValueError(f"scale 1:{self.scale} is coarser than the population allows "
                             f"({agents:,} agents); use at most {finest:,} "
                             f"({MIN_AGENTS:,} agents)")
        return self

    @property
    def last_date(self) -> dt.date:
        """The last day any run of this scenario can reach (`until`, or the latest war date)."""
        return self.until or self.war_date_latest or self.war_date

    def unreached(self) -> list[str]:
        """The events dated after the last day a run of this scenario reaches (never applied:
        the war-and-after events of a run that ends at the war, or those after `until`)."""
        last = self.last_date
        return [f"events.{i} ({e.kind}) on {e.date}" for i, e in enumerate(self.events)
                if e.date > last]

    @property
    def through_war(self) -> bool:
        """True when runs go on past the war date (the war is simulated)."""
        return self.until is not None

    def war_date_for(self, seed: int | None = None) -> dt.date:
        """The war date of a run: fixed, or drawn from the seed when it is uncertain."""
        if self.war_date_latest is None:
            return self.war_date
        seed = self.seed if seed is None else seed
        span = (self.war_date_latest - self.war_date).days
        rng = np.random.default_rng([seed, _WAR_DATE_STREAM])
        return self.war_date + dt.timedelta(days=int(rng.integers(0, span + 1)))

    def resolved_params(self, seed: int | None = None) -> dict[str, float]:
        """Registry defaults, then the posterior's values for the fitted parameters (the draw
        of `seed`, or the median when no seed is given), then this scenario's params."""
        p = defaults()
        p.update(posterior.resolve(self.params_from, seed, self.through_war))
        p.update(self.params)
        return p

    def with_overrides(self, seed: int | None = None, scale: int | None = None,
                       params: dict[str, float] | None = None,
                       war_date: dt.date | None = None,
                       war_date_latest: dt.date | None = None,
                       params_from: ParamsMode | None = None,
                       until: dt.date | None = None) -> Scenario:
        """A copy with the seed, scale, war dates, some parameters or where the fitted ones
        come from replaced (validated again)."""
        data = self.model_dump()
        for key, value in (("seed", seed), ("scale", scale), ("war_date", war_date),
                           ("war_date_latest", war_date_latest), ("params_from", params_from),
                           ("until", until)):
            if value is not None:
                data[key] = value
        if params:
            data["params"] = {**data["params"], **params}
        return validate_scenario(data, source="command line")

    def content_hash(self) -> str:
        """SHA-256 of everything that determines the run except the seed."""
        data = self.model_dump(mode="json", exclude={"seed"})
        data["params"] = self.resolved_params()
        if self.params_from != "registry":
            data["posterior"] = posterior.shipped().digest
            if self.through_war:
                data["war_posterior"] = posterior.war_shipped().digest
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def to_config(self, seed: int | None = None) -> ModelConfig:
        """The model configuration the engine runs: to the war date of `seed`, or through
        the war to `until`."""
        seed = self.seed if seed is None else seed
        war = self.war_date_for(seed)
        params = Params.from_dict(self.resolved_params(seed))
        if self.until is None:  # events after the war are never reached
            return ModelConfig(params=params, scale=self.scale, n_weeks=n_weeks(end=war),
                               events=tuple(self.events))
        return ModelConfig(params=params, scale=self.scale, n_weeks=n_weeks(end=self.until),
                           events=war_dated(self.events, war), war_week=week_of(war))

    # ------------------------------------------------------------------ editing
    def renamed(self, name: str) -> Scenario:
        """A copy under another name (e.g. to compare a variant with its base)."""
        return self.model_copy(update={"name": name})

    def with_params(self, **params: float) -> Scenario:
        """A copy with some parameters overridden (validated again)."""
        return self.with_overrides(params=params)

    def without(self, *refs: str, since: dt.date | None = None) -> Scenario:
        """A copy without the events whose id or kind is in `refs` (only those dated on or
        after `since`, if given)."""
        keep = [e for e in self.events if not _matches(e, refs, since)]
        return self._with_event_list(keep)

    def with_events(self, *events: Event | dict[str, Any]) -> Scenario:
        """A copy with `events` added after the existing ones (validated again)."""
        return self._with_event_list([*self.events, *events])

    def edit_events(self, *refs: str, since: dt.date | None = None,
                    **changes: Any) -> Scenario:
        """A copy in which the events matching `refs` (id or kind; dated on or after `since`,
        if given) have the fields in `changes` replaced (validated again)."""
        edited = [e.model_copy(update=changes) if _matches(e, refs, since) else e
                  for e in self.events]
        return self._with_event_list(edited)

    def _with_event_list(self, events: list) -> Scenario:
        data = self.model_dump()
        data["events"] = [e.model_dump() if isinstance(e, Event) else e for e in events]
        return validate_scenario(data, source=self.name)


def _matches(event: Event, refs: tuple[str, ...], since: dt.date | None) -> bool:
    return (event.id in refs or event.kind in refs) and (since is None or event.date >= since)


def _shown(value: object) -> str:
    """A value as the user wrote it: dates in ISO form, not as Python reprs."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


_EVENT_KINDS = frozenset(kind_names())
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


def war_dated(events: list[AnyEvent] | tuple[AnyEvent, ...], war: dt.date
              ) -> tuple[AnyEvent, ...]:
    """The events with the war's own moved to a run's war date: those dated from the historical
    war date to the victory (the wartime courts, the 1941 releases, the deportations of peoples)
    shift by the difference, so a war a year early brings them a year early. A span that runs
    to the calendar's last day still ends there; post-war events keep their dates. History's
    runs are unchanged (no shift)."""
    shift = war - END
    if not shift:
        return tuple(events)
    out = []
    for e in events:
        if END <= e.date <= VICTORY:
            update: dict[str, dt.date] = {"date": e.date + shift}
            end = getattr(e, "end", None)
            if end is not None:
                update["end"] = end if end >= LAST else end + shift
            e = e.model_copy(update=update)
        out.append(e)
    return tuple(out)


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
