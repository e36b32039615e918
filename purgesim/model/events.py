"""Dated interventions of the centre, as plain data the engine reads.

The scenario layer validates TOML into these; the model never parses files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from purgesim.model.params import Params


@dataclass(frozen=True)
class ThreatShock:
    """An event that jolts the centre's threat perception (Kirov's murder, the army affair)."""

    week: int
    size: float
    label: str = ""


@dataclass(frozen=True)
class Campaign:
    """A repression campaign against a register of tainted people (e.g. dekulakization)."""

    week: int
    end_week: int
    taint: str
    label: str = ""


@dataclass(frozen=True)
class MassOperation:
    """An operation with limits by region and category, run by troikas (Order 00447)."""

    week: int
    limits: dict[str, tuple[int, int]]
    gulag_cat1: int = 0
    targets: tuple[str, ...] = ("kulak", "former", "criminal", "opposition")
    label: str = ""


@dataclass(frozen=True)
class NationalOperation:
    """An operation against a diaspora, without limits (the 'national' orders)."""

    week: int
    diaspora: str
    label: str = ""


@dataclass(frozen=True)
class LimitIncrease:
    """A documented central decision raising one region's limits."""

    week: int
    region: str
    cat1: int
    cat2: int
    label: str = ""


@dataclass(frozen=True)
class Torture:
    """Physical pressure in interrogation is sanctioned (or withdrawn)."""

    week: int
    allowed: bool = True
    label: str = ""


@dataclass(frozen=True)
class KirovLaw:
    """The law of 1 Dec 1934: fast-track 'terrorism' cases, death sentences executed at once."""

    week: int
    label: str = ""


@dataclass(frozen=True)
class PlenumCorrection:
    """The January 1938 plenum: denunciations against party members weigh less."""

    week: int
    label: str = ""


@dataclass(frozen=True)
class Halt:
    """Mass and national operations end and troikas are liquidated (17 Nov 1938)."""

    week: int
    label: str = ""


@dataclass(frozen=True)
class Collectivization:
    """The agrarian path from `week`: 'forced' (dekulakization with deportations until
    `end_week`, procurement by quota) or 'gradual' (market procurement, no deportations)."""

    week: int
    path: str
    end_week: int
    label: str = ""


@dataclass(frozen=True)
class FiveYearPlan:
    """Plan targets from `week`: yearly growth targets by sector and the investment priority."""

    week: int
    growth: tuple[float, float, float, float]      # heavy, light, agriculture, defence
    priority: tuple[float, float, float, float]    # investment shares, same order
    label: str = ""


@dataclass(frozen=True)
class ArmyPurge:
    """Officers arrested and discharged at weekly rates between `week` and `end_week`."""

    week: int
    end_week: int
    label: str = ""


@dataclass(frozen=True)
class PartyAdmissions:
    """`total` persons admitted to the party, evenly between `week` and `end_week`."""

    week: int
    end_week: int
    total: int
    label: str = ""


@dataclass(frozen=True)
class PartyPurge:
    """A purge or verification expelling `share` of members between `week` and `end_week`,
    the likelier the more the state holds against them."""

    week: int
    end_week: int
    share: float
    label: str = ""


@dataclass(frozen=True)
class Reinstatement:
    """`share` of expelled members and discharged officers still at liberty are reinstated."""

    week: int
    share: float
    label: str = ""


@dataclass(frozen=True)
class SetParam:
    """A registry parameter takes a new value from `week` (a lever, e.g. criticism from below
    in the May 1937 party elections)."""

    week: int
    param: str
    value: float
    label: str = ""


Event = (
    ThreatShock | Campaign | MassOperation | NationalOperation | LimitIncrease | Torture
    | KirovLaw | PlenumCorrection | Halt | Collectivization | FiveYearPlan | ArmyPurge
    | PartyAdmissions | PartyPurge | Reinstatement | SetParam
)


@dataclass(frozen=True)
class ModelConfig:
    """Everything the engine needs: parameter values, scale and the dated events."""

    params: Params
    scale: int = 1000
    n_weeks: int = 704
    events: tuple[Event, ...] = field(default_factory=tuple)

    def events_at(self, week: int) -> list[Event]:
        """Events that take effect in `week`, in declaration order."""
        return [e for e in self.events if e.week == week]
