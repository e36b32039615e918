"""The weekly outcome series the engine records, split by the latent truth.

'guilty' means the agent's latent disposition is *active enemy*; everyone else (loyal or merely
grumbling) is 'innocent' of the charges. Counts are in agents; the engine scales them to persons.
"""

from __future__ import annotations

import numpy as np

COUNT_SERIES: tuple[str, ...] = (
    "denunciations",
    "denunciations_suspicion",
    "denunciations_grievance",
    "denunciations_vertical",
    "arrests_innocent",
    "arrests_guilty",
    "arrests_national",
    "confessions_innocent",
    "confessions_guilty",
    "named",
    "released_unsentenced",
    "sentenced_cat1_innocent",
    "sentenced_cat1_guilty",
    "sentenced_camp_innocent",
    "sentenced_camp_guilty",
    "sentenced_exile_innocent",
    "sentenced_exile_guilty",
    "sentenced_party",
    "sentenced_bosses",
    "sentenced_tainted",
    "executions_innocent",
    "executions_guilty",
    "camp_deaths_innocent",
    "camp_deaths_guilty",
    "camp_releases",
    "camp_population_innocent",
    "camp_population_guilty",
    "detained",
    "enemies_free",
    "limit_total",
    "deported",
    "settlement_deaths",
    "settlement_escapes",
    "settlers",
    "famine_deaths",
    "accidents",
    "accidents_blamed",
    "cadres_arrested",
    "officers_arrested",
    "officers_discharged",
    "officers_reinstated",
    "party_admitted",
    "party_expelled",
    "party_reinstated",
    "party_members",
)
LEVEL_SERIES: tuple[str, ...] = (
    "threat", "output_heavy", "output_light", "output_agriculture", "output_defence", "steel_mt",
    "plan_pressure_heavy", "cadre_factor", "officers", "officer_experience",
)
"""Unitless levels that are not scaled to persons."""


class Recorder:
    """A preallocated [weeks x series] table written one week at a time."""

    def __init__(self, n_weeks: int):
        self.counts = np.zeros((n_weeks, len(COUNT_SERIES)), dtype=np.int64)
        self.levels = np.zeros((n_weeks, len(LEVEL_SERIES)), dtype=np.float64)
        self._col = {name: i for i, name in enumerate(COUNT_SERIES)}
        self._lcol = {name: i for i, name in enumerate(LEVEL_SERIES)}
        self.week = 0

    def add(self, name: str, value: int) -> None:
        """Add `value` to series `name` in the current week."""
        self.counts[self.week, self._col[name]] += int(value)

    def add_split(self, stem: str, guilty: np.ndarray) -> None:
        """Add a boolean cohort to `stem_innocent` / `stem_guilty`."""
        g = int(np.count_nonzero(guilty))
        self.add(f"{stem}_guilty", g)
        self.add(f"{stem}_innocent", guilty.size - g)

    def set(self, name: str, value: int) -> None:
        """Set a stock series for the current week."""
        self.counts[self.week, self._col[name]] = int(value)

    def set_level(self, name: str, value: float) -> None:
        """Set a level series for the current week."""
        self.levels[self.week, self._lcol[name]] = float(value)
