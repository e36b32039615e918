"""The outcome table: every weekly series the engine records, declared once.

Each outcome has a kind (a *flow* counted over the week, a *stock* at the week's end, or a
*level*), a unit, the rule that reduces a year of weeks to one figure (flows are summed, stocks
taken at the year's last week, levels averaged), English and Russian labels, whether it is a
count of agents that scales to persons, and whether it is broken down by the operation under
which the person was arrested, the region and the party status at arrest. The recorder's
columns, the stored files, annual reductions, exports, reports, calibration summaries and the
web app all read this table.

'Guilty' means the agent's latent disposition is *active enemy*; every outcome `x_guilty` is
the part of `x` that was guilty, and the innocent part is `x - x_guilty`. Counts are kept in
agents; a finished run scales them to persons.

Recording stays proportional to events: a broken-down outcome is tallied per cohort with one
`bincount` over its (operation, region, party) keys, and each week's non-zero cells are kept as
sparse rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from purgesim.data import REGION_CODES, REGIONS

FLOW, STOCK, LEVEL = "flow", "stock", "level"
YEAR_RULE = {FLOW: "sum", STOCK: "last", LEVEL: "mean"}
"""How a year of weeks is reduced to one figure, by kind."""

OPERATIONS: tuple[str, ...] = (
    "ordinary", "kirov", "campaign", "order_00447", "national_german", "national_polish",
    "national_latvian", "national_harbin", "national_other", "leadership_lists",
    "socially_harmful", "hunger_arrests",
)
"""The operation (procedure) under which a person was arrested."""
PARTY_STATUS: tuple[str, ...] = ("member", "candidate", "expelled", "none")
"""Party status at arrest."""
ALL = "all"
"""The breakdown code of an outcome that is not broken down."""


def republic_of(region: str) -> str:
    """The union republic a region belongs to."""
    return next(r.republic for r in REGIONS if r.code == region)


@dataclass(frozen=True)
class Outcome:
    """One weekly series."""

    name: str
    kind: str
    unit: str
    en: str
    ru: str
    scaled: bool = True
    """A count of agents, multiplied by the scale to give persons."""
    breakdown: bool = False
    """Recorded by operation, region and party status at arrest."""
    parts: tuple[str, ...] = ()
    """A derived outcome: the sum of these (recorded outcomes with the same breakdown)."""

    @property
    def year_rule(self) -> str:
        """'sum', 'last' or 'mean'."""
        return YEAR_RULE[self.kind]


def _flow(name: str, en: str, ru: str, breakdown: bool = False) -> Outcome:
    return Outcome(name, FLOW, "persons", en, ru, breakdown=breakdown)


def _stock(name: str, en: str, ru: str, scaled: bool = True) -> Outcome:
    return Outcome(name, STOCK, "persons", en, ru, scaled=scaled)


def _level(name: str, unit: str, en: str, ru: str) -> Outcome:
    return Outcome(name, LEVEL, unit, en, ru, scaled=False)


OUTCOMES: tuple[Outcome, ...] = (
    # ------------------------------------------------------------------ denunciation
    _flow("denunciations", "Denunciations", "Доносы"),
    _flow("denunciations_suspicion", "Denunciations from suspicion", "Доносы из подозрения"),
    _flow("denunciations_grievance", "Denunciations from grudges or careerism",
          "Доносы из мести или карьеризма"),
    _flow("denunciations_vertical", "Denunciations of officials from below",
          "Доносы снизу на начальников"),
    # ------------------------------------------------------------------ arrest and sentence
    _flow("arrested", "Arrested", "Арестовано", breakdown=True),
    _flow("arrested_guilty", "Arrested, of them real enemies",
          "Арестовано, из них настоящих врагов", breakdown=True),
    _flow("confessions", "Confessions", "Признания"),
    _flow("confessions_guilty", "Confessions by real enemies", "Признания настоящих врагов"),
    _flow("named", "Named as accomplices", "Названы сообщниками"),
    _flow("released_unsentenced", "Released without sentence", "Освобождены без приговора"),
    _flow("sentenced_death", "Sentenced to death", "Приговорены к расстрелу", breakdown=True),
    _flow("sentenced_death_guilty", "Sentenced to death, of them real enemies",
          "Приговорены к расстрелу, из них настоящих врагов", breakdown=True),
    _flow("sentenced_camp", "Sentenced to camp", "Приговорены к лагерю", breakdown=True),
    _flow("sentenced_camp_guilty", "Sentenced to camp, of them real enemies",
          "Приговорены к лагерю, из них настоящих врагов", breakdown=True),
    _flow("sentenced_exile", "Sentenced to exile", "Приговорены к ссылке", breakdown=True),
    _flow("sentenced_exile_guilty", "Sentenced to exile, of them real enemies",
          "Приговорены к ссылке, из них настоящих врагов", breakdown=True),
    Outcome("sentenced", FLOW, "persons", "Sentenced (all categories)",
            "Осуждено (все категории)", breakdown=True,
            parts=("sentenced_death", "sentenced_camp", "sentenced_exile")),
    Outcome("sentenced_guilty", FLOW, "persons", "Sentenced, of them real enemies",
            "Осуждено, из них настоящих врагов", breakdown=True,
            parts=("sentenced_death_guilty", "sentenced_camp_guilty", "sentenced_exile_guilty")),
    _flow("sentenced_bosses", "Sentenced officials and managers",
          "Осуждено руководителей и специалистов"),
    _flow("sentenced_tainted", "Sentenced with a record on file", "Осуждено с «прошлым» в деле"),
    _flow("shot", "Shot", "Расстреляно", breakdown=True),
    _flow("shot_guilty", "Shot, of them real enemies", "Расстреляно, из них настоящих врагов",
          breakdown=True),
    # ------------------------------------------------------------------ camps and exile
    _flow("camp_deaths", "Died in camps", "Умерло в лагерях"),
    _flow("camp_deaths_guilty", "Died in camps, of them real enemies",
          "Умерло в лагерях, из них настоящих врагов"),
    _flow("sentenced_courts", "Sent to camp by ordinary courts and the militia (non-political)",
          "Направлено в лагеря судами и милицией (неполитические дела)"),
    _flow("camp_releases", "Released from camps", "Освобождено из лагерей"),
    _stock("camp_population", "Camp population", "Заключённых в лагерях"),
    _stock("camp_population_guilty", "Camp population, of them real enemies",
           "Заключённых в лагерях, из них настоящих врагов"),
    _stock("detained", "Under investigation", "Под следствием"),
    _stock("enemies_free", "Real enemies at liberty", "Настоящих врагов на свободе"),
    _stock("limit_total", "Order 00447's limits in force", "Действующие лимиты приказа 00447"),
    # ------------------------------------------------------------------ countryside
    _flow("deported", "Deported to special settlements", "Выслано в спецпоселения"),
    _flow("settlement_deaths", "Died in special settlements", "Умерло в спецпоселениях"),
    _flow("settlement_escapes", "Escaped from special settlements", "Бежало из спецпоселений"),
    _flow("settlement_recaptured", "Escaped settlers caught and returned",
          "Возвращено из бегов в спецпоселения"),
    _flow("settlement_releases", "Released from special settlements",
          "Освобождено из спецпоселений"),
    _stock("settlers", "Special settlers", "Спецпоселенцев"),
    _flow("famine_deaths", "Famine deaths", "Умерло от голода"),
    # ------------------------------------------------------------------ economy
    _flow("accidents", "Industrial accidents", "Аварии на производстве"),
    _flow("accidents_blamed", "Accidents blamed on sabotage", "Аварии, объявленные вредительством"),
    _flow("cadres_arrested", "Managers and engineers arrested",
          "Арестовано руководителей и инженеров"),
    _level("threat", "index", "Centre's threat perception", "Ощущаемая центром угроза"),
    _level("output_heavy", "index, 1928 = 1", "Heavy industry output", "Тяжёлая промышленность"),
    _level("output_light", "index, 1928 = 1", "Light industry output", "Лёгкая промышленность"),
    _level("output_agriculture", "index, 1928 = 1", "Agricultural output",
           "Сельское хозяйство"),
    _level("output_defence", "index, 1928 = 1", "Defence output", "Оборонная промышленность"),
    _level("steel_mt", "Mt per year", "Steel output", "Выплавка стали"),
    _level("plan_pressure_heavy", "target / output", "Plan pressure in heavy industry",
           "Напряжённость плана в тяжёлой промышленности"),
    _level("cadre_factor", "share", "Effectiveness of cadres", "Эффективность кадров"),
    # ------------------------------------------------------------------ army and party
    _stock("officers", "Officer corps", "Командный состав", scaled=False),
    _level("officer_experience", "years", "Officers' mean years of service",
           "Средний стаж командиров"),
    _flow("officers_arrested", "Officers arrested", "Арестовано командиров"),
    _flow("officers_discharged", "Officers discharged", "Уволено командиров"),
    _flow("officers_reinstated", "Officers reinstated", "Восстановлено командиров"),
    _flow("party_admitted", "Admitted to the party", "Принято в партию"),
    _flow("party_expelled", "Expelled from the party", "Исключено из партии"),
    _flow("party_reinstated", "Reinstated in the party", "Восстановлено в партии"),
    _stock("party_members", "Party members and candidates", "Членов и кандидатов партии"),
    _stock("party_candidates", "Party candidates (not yet full members)",
           "Кандидатов в члены партии"),
    _stock("party_full_members", "Full party members (without candidates)",
           "Членов партии (без кандидатов)"),
    # ------------------------------------------------------------------ the war (model/war.py)
    Outcome("gdp", FLOW, "bn 1990 int. $", "GDP (with Lend-Lease's civilian part)",
            "ВВП (с невоенной частью ленд-лиза)", scaled=False),
    Outcome("steel", FLOW, "tonnes", "Steel made", "Выплавлено стали", scaled=False),
    Outcome("tanks", FLOW, "tanks", "Tanks built", "Произведено танков", scaled=False),
    Outcome("aircraft", FLOW, "aircraft", "Combat aircraft built",
            "Произведено боевых самолётов", scaled=False),
    Outcome("military_dead", FLOW, "persons", "Military dead", "Погибло военнослужащих",
            scaled=False),
    Outcome("excess_deaths", FLOW, "persons", "Excess deaths in the war (military and civilian)",
            "Избыточная смертность в войну (военные и мирные)", scaled=False),
    _flow("war_deaths", "Agents who died in the war (the excess deaths they stand for)",
          "Агенты, погибшие в войну (за избыточную смертность)"),
    _level("front_depth", "km east of the 1941 border", "Depth of the front",
           "Глубина линии фронта"),
    _level("occupied_share", "share of the population", "Population behind the front",
           "Население за линией фронта"),
    _stock("soviet_field_army", "Red Army in the field", "Действующая армия", scaled=False),
    _stock("german_east", "German and allied forces in the East",
           "Силы Германии и союзников на Востоке", scaled=False),
    Outcome("war_won", STOCK, "0/1", "The war is won", "Война выиграна", scaled=False),
    Outcome("war_collapsed", STOCK, "0/1", "The front has collapsed", "Фронт рухнул",
            scaled=False),
)
"""Every weekly series, in recording order."""

BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
RECORDED: tuple[Outcome, ...] = tuple(o for o in OUTCOMES if not o.parts)
"""Outcomes the recorder keeps a column for (derived ones are sums of these)."""
COLUMN: dict[str, int] = {o.name: i for i, o in enumerate(RECORDED)}
BROKEN_DOWN: tuple[str, ...] = tuple(o.name for o in RECORDED if o.breakdown)
"""Recorded outcomes with a breakdown, in the order their sparse rows are numbered."""
BROKEN_INDEX: dict[str, int] = {name: i for i, name in enumerate(BROKEN_DOWN)}
N_REGIONS = len(REGION_CODES)
CELLS = len(OPERATIONS) * N_REGIONS * len(PARTY_STATUS)
"""Cells of one week's breakdown of one outcome."""
FOLD_AT = 1 << 16
"""Breakdown entries the recorder holds before folding them into rows (bounds its memory)."""


def cell(operation: np.ndarray | int, region: np.ndarray,
         party: np.ndarray | int) -> np.ndarray:
    """The breakdown cell of each (operation, region, party) triple."""
    return ((np.asarray(operation, dtype=np.int64) * N_REGIONS + region.astype(np.int64))
            * len(PARTY_STATUS) + np.asarray(party, dtype=np.int64))


def decode(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(operation, region, party) indices of breakdown cells."""
    party = cells % len(PARTY_STATUS)
    rest = cells // len(PARTY_STATUS)
    return rest // N_REGIONS, rest % N_REGIONS, party


class Recorder:
    """The weekly series of one run, written one week at a time.

    Dense columns hold every recorded outcome's weekly total (counts in agents, or levels);
    broken-down outcomes also keep sparse rows (week, outcome, cell, agents).
    """

    def __init__(self, n_weeks: int):
        self._all_counts = np.zeros((n_weeks, len(RECORDED)), dtype=np.int64)
        self._all_levels = np.zeros((n_weeks, len(RECORDED)), dtype=np.float64)
        self._week = 0
        # the current week's row, as Python lists: a mechanism adds to it dozens of times a
        # week, which costs a tenth of writing a NumPy element each time
        self._counts = [0] * len(RECORDED)
        self._levels = [0.0] * len(RECORDED)
        self._pending: list[np.ndarray] = []   # breakdown keys not yet folded into rows
        self._pending_size = 0
        self._rows: list[np.ndarray] = []

    @property
    def week(self) -> int:
        """The week being recorded."""
        return self._week

    @week.setter
    def week(self, week: int) -> None:
        if week != self._week:
            self._write_row()
            self._week = week
            self._counts = self._all_counts[week].tolist()
            self._levels = self._all_levels[week].tolist()

    def _write_row(self) -> None:
        self._all_counts[self._week] = self._counts
        self._all_levels[self._week] = self._levels

    @property
    def counts(self) -> np.ndarray:
        """[weeks, outcomes] int64: each recorded outcome's agents per week."""
        self._write_row()
        return self._all_counts

    @property
    def levels(self) -> np.ndarray:
        """[weeks, outcomes] float64: each level's value per week."""
        self._write_row()
        return self._all_levels

    def add(self, name: str, value: int | np.integer) -> None:
        """Add `value` agents to flow `name` in the current week."""
        self._counts[COLUMN[name]] += int(value)

    def set(self, name: str, value: int | np.integer) -> None:
        """Set stock `name` (agents) for the current week."""
        self._counts[COLUMN[name]] = int(value)

    def set_level(self, name: str, value: float) -> None:
        """Set level (or unscaled stock) `name` for the current week."""
        self._levels[COLUMN[name]] = float(value)

    def level_at(self, name: str, week: int) -> float:
        """Level `name` as recorded in `week` (this week's or an earlier one)."""
        if week == self._week:
            return self._levels[COLUMN[name]]
        return float(self._all_levels[week, COLUMN[name]])

    def add_guilt(self, name: str, guilty: np.ndarray) -> None:
        """Add a cohort to flow `name` and the guilty among it to `name_guilty`."""
        self.add(name, guilty.size)
        self.add(f"{name}_guilty", int(np.count_nonzero(guilty)))

    def tally(self, name: str, cells: np.ndarray, guilty: np.ndarray) -> None:
        """Add a cohort, by breakdown cell, to `name` and `name_guilty` (totals and rows)."""
        self.add_guilt(name, guilty)
        for outcome, keys in ((name, cells), (f"{name}_guilty", cells[guilty])):
            if keys.size:
                base = (self._week * len(BROKEN_DOWN) + BROKEN_INDEX[outcome]) * CELLS
                self._pending.append(base + keys)
                self._pending_size += keys.size

    def close_week(self) -> None:
        """End the week: fold the tallies into sparse rows once they are many (folding costs a
        sort, so it is done for many weeks at once, not weekly; `rows` folds the rest). The
        week's row is written when the week changes or the counts are read."""
        if self._pending_size >= FOLD_AT:
            self._fold()

    def _fold(self) -> None:
        if not self._pending:
            return
        keys, n = np.unique(np.concatenate(self._pending), return_counts=True)
        rest, cells = np.divmod(keys, CELLS)
        week, outcome = np.divmod(rest, len(BROKEN_DOWN))
        self._rows.append(np.stack([week, outcome, cells, n], axis=1))
        self._pending.clear()
        self._pending_size = 0

    def rows(self) -> np.ndarray:
        """The sparse breakdown so far: [n, 4] int64 of (week, outcome, cell, agents), in that
        order."""
        self._fold()
        if not self._rows:
            return np.empty((0, 4), dtype=np.int64)
        return np.concatenate(self._rows)
