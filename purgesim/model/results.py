"""What a run produces: its weekly series, their annual reductions, its headline figures, and
the tidy table every export writes.

The weekly series are declared in `outcomes.OUTCOMES`; the headline figures of a run (totals,
shares, the war report) are declared once here, in `SUMMARIES`, with their unit and labels, and
everything that shows a run's figures (the command line, compare, sweeps, the results store,
the web app's ledger) reads them from this table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from purgesim.data import COW_THOUSANDS, REGION_CODES, cow
from purgesim.model.calendar import date_of
from purgesim.model.events import ModelConfig
from purgesim.model.outcomes import (
    ALL,
    BROKEN_DOWN,
    BY_NAME,
    COLUMN,
    OPERATIONS,
    OUTCOMES,
    PARTY_STATUS,
    decode,
    republic_of,
)

if TYPE_CHECKING:  # pandas (and the pyarrow it loads, ~100 MB) only when a table is asked for
    import pandas as pd

RANGE = (0.05, 0.5, 0.95)
"""How a spread over seeds or posterior draws is reported everywhere: the median with a 5-95%
range."""
BANDS = (0.05, 0.25, 0.5, 0.75, 0.95)
"""The quantiles charts draw by year: the 5-95% and 25-75% bands around the median."""

TIDY_COLUMNS = ("run_id", "scenario", "seed", "scale", "date", "outcome", "operation", "region",
                "republic", "party", "value")
"""The columns of the tidy table (`purgesim export`, `RunResult.tidy`), in order."""


@dataclass
class RunResult:
    """A run's weekly outcomes (outcomes.OUTCOMES; counts in persons, i.e. agents times the
    scale), its breakdown rows, and what made it."""

    counts: np.ndarray   # [weeks, len(RECORDED)] int64, persons (scaled outcomes)
    levels: np.ndarray   # [weeks, len(RECORDED)] float64 (levels and unscaled stocks)
    rows: np.ndarray     # [n, 4] int64: week, index in BROKEN_DOWN, breakdown cell, persons
    status_counts: np.ndarray  # final status tally, persons
    config: ModelConfig
    seed: int
    n_agents: int
    bytes_per_agent: float

    @property
    def n_weeks(self) -> int:
        """Weeks run."""
        return int(self.counts.shape[0])

    @property
    def end(self) -> dt.date:
        """The first day of the run's last week (the war date, unless the run goes on)."""
        return date_of(self.n_weeks - 1)

    @property
    def war_week(self) -> int:
        """The week the war begins: the last week of a run that ends at the war, or the week
        the war module starts in a run that goes on through it."""
        w = self.config.war_week
        return self.n_weeks - 1 if w is None else min(int(w), self.n_weeks - 1)

    @property
    def war_date(self) -> dt.date:
        """The first day of the war week."""
        return date_of(self.war_week)

    @property
    def through_war(self) -> bool:
        """True when the run went on past the war date (the war was simulated)."""
        return self.config.war_week is not None

    def series(self, name: str) -> np.ndarray:
        """One weekly series by name (a derived outcome: the sum of its parts)."""
        o = BY_NAME[name]
        if o.parts:
            return sum(self.series(part) for part in o.parts)  # type: ignore[return-value]
        return (self.counts if o.scaled else self.levels)[:, COLUMN[name]]

    def breakdown(self, name: str) -> tuple[np.ndarray, ...]:
        """Rows of a broken-down outcome: (week, operation, region, party, persons), the codes
        as indices of outcomes.OPERATIONS, data.REGION_CODES and outcomes.PARTY_STATUS."""
        o = BY_NAME[name]
        ids = [BROKEN_DOWN.index(n) for n in (o.parts or (name,))]
        rows = self.rows[np.isin(self.rows[:, 1], ids)]
        return (rows[:, 0], *decode(rows[:, 2]), rows[:, 3])

    def annual(self, names: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Calendar-year figures (index: year; a column per outcome), each reduced by its
        outcome's rule: flows summed, stocks at the year's last week, levels averaged."""
        import pandas as pd

        names = names or tuple(o.name for o in OUTCOMES)
        weekly = pd.DataFrame({n: self.series(n) for n in names},
                              index=pd.Index(week_years(self.n_weeks), name="year"))
        grouped = weekly.groupby(level="year")
        return pd.DataFrame({n: getattr(grouped[n], BY_NAME[n].year_rule)() for n in names})

    def summary(self) -> dict[str, float]:
        """Every headline figure of the run (SUMMARIES), by name."""
        return {s.name: float(s.compute(self)) for s in SUMMARIES}

    def tidy(self, run_id: str = "", scenario: str = "") -> pd.DataFrame:
        """The run as a tidy table (TIDY_COLUMNS): one row per week and breakdown cell of each
        outcome, at its finest breakdown only (so any sum over rows of one outcome is a total),
        zero rows left out."""
        return tidy_frame(self.counts, self.levels, self.rows, run_id=run_id,
                          scenario=scenario, seed=self.seed, scale=self.config.scale)


def week_years(n_weeks: int) -> np.ndarray:
    """Calendar year of the first day of each week."""
    return np.array([date_of(w).year for w in range(n_weeks)])


def tidy_frame(counts: np.ndarray, levels: np.ndarray, rows: np.ndarray, *, run_id: str,
               scenario: str, seed: int, scale: int) -> pd.DataFrame:
    """The tidy table of a run from its stored arrays (see RunResult.tidy)."""
    import pandas as pd

    dates = np.array([date_of(w) for w in range(counts.shape[0])])
    parts = []
    for o in OUTCOMES:
        if o.breakdown:
            ids = [BROKEN_DOWN.index(n) for n in (o.parts or (o.name,))]
            r = rows[np.isin(rows[:, 1], ids)]
            if o.parts:  # the sum of the parts, cell by cell
                keys, inverse = np.unique(r[:, [0, 2]], axis=0, return_inverse=True)
                value = np.bincount(inverse.ravel(), weights=r[:, 3]).astype(np.int64)
                week, cells = keys[:, 0], keys[:, 1]
            else:
                week, cells, value = r[:, 0], r[:, 2], r[:, 3]
            op, region, party = decode(cells)
            codes = np.array(REGION_CODES)[region]
            parts.append(pd.DataFrame({
                "date": dates[week], "outcome": o.name, "operation": np.array(OPERATIONS)[op],
                "region": codes, "republic": [republic_of(c) for c in codes],
                "party": np.array(PARTY_STATUS)[party], "value": value.astype(np.float64)}))
        else:
            series = sum((counts if BY_NAME[p].scaled else levels)[:, COLUMN[p]]
                         for p in (o.parts or (o.name,)))
            keep = np.flatnonzero(series != 0)
            parts.append(pd.DataFrame({
                "date": dates[keep], "outcome": o.name, "operation": ALL, "region": ALL,
                "republic": ALL, "party": ALL,
                "value": np.asarray(series, dtype=np.float64)[keep]}))
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(0, "scale", scale)
    frame.insert(0, "seed", seed)
    frame.insert(0, "scenario", scenario)
    frame.insert(0, "run_id", run_id)
    return frame[list(TIDY_COLUMNS)]


# ----------------------------------------------------------------------------- headline figures
@dataclass(frozen=True)
class Summary:
    """One headline figure of a run: how it is computed, its unit and its labels."""

    name: str
    unit: str
    en: str
    ru: str
    compute: Callable[[RunResult], float]
    ledger: bool = False
    """Shown in the web app's ledger of consequences."""


def _total(name: str) -> Callable[[RunResult], float]:
    """A flow's total from 1928 to the war week (the pre-war figure, whatever the run's end)."""
    return lambda r: float(r.series(name)[:r.war_week + 1].sum())


def _after_war(name: str) -> Callable[[RunResult], float]:
    """A flow's total after the war week to the run's end (0 for a run that ends at the war)."""
    return lambda r: float(r.series(name)[r.war_week + 1:].sum())


def _war_total(name: str) -> Callable[[RunResult], float]:
    """A flow's total over the whole run (the war's own series are zero before it)."""
    return lambda r: float(r.series(name).sum())


def _outcome_total(name: str, ledger: bool = False) -> Summary:
    """A flow's total to the war (over the whole run for the war's own series), with the
    outcome table's unit and labels."""
    o = BY_NAME[name]
    total = _war_total(name) if name in WAR_FLOWS else _total(name)
    return Summary(name, o.unit, o.en, o.ru, total, ledger)


WAR_FLOWS = ("military_dead", "excess_deaths", "tanks", "aircraft")
"""Flows of the war module: zero before the war, summed over the whole run."""


def _innocent(name: str) -> Callable[[RunResult], float]:
    return lambda r: _total(name)(r) - _total(f"{name}_guilty")(r)


def _last(name: str) -> Callable[[RunResult], float]:
    """A series' value in the war week."""
    return lambda r: float(r.series(name)[r.war_week])


def _at_end(name: str) -> Callable[[RunResult], float]:
    """A series' value in the run's last week."""
    return lambda r: float(r.series(name)[-1])


def war_end_year(r: RunResult) -> float:
    """When the war was won or lost, in decimal years; NaN while it goes on (or was not
    simulated)."""
    ended = np.flatnonzero((r.series("war_won") > 0) | (r.series("war_collapsed") > 0))
    if ended.size == 0:
        return float("nan")
    d = date_of(int(ended[0]))
    return d.year + (d.timetuple().tm_yday - 1) / DAYS_PER_YEAR


DAYS_PER_YEAR = 365.25
"""Days in a year, for decimal years."""


def _share(part: Callable[[RunResult], float],
           whole: Callable[[RunResult], float]) -> Callable[[RunResult], float]:
    def share(r: RunResult) -> float:
        w = whole(r)
        return part(r) / w if w else 0.0
    return share


def steel_vs_germany(r: RunResult) -> float:
    """Steel output at the war date against Germany's in that year (COW)."""
    return (float(r.series("steel_mt")[r.war_week]) * COW_THOUSANDS
            / cow(r.war_date.year, "steel_de"))


def enemies_caught_share(r: RunResult) -> float:
    """Share of the active enemies at liberty at the start who are not at liberty at the war."""
    start = float(r.series("enemies_free")[0])
    return 1.0 - float(r.series("enemies_free")[r.war_week]) / max(start, 1.0)


SUMMARIES: tuple[Summary, ...] = (
    Summary("arrested", "persons", "Arrested, 1928 to the war", "Арестовано, 1928 — война",
            _total("arrested")),
    Summary("arrested_innocent", "persons", "Innocent people arrested", "Арестовано невиновных",
            _innocent("arrested"), ledger=True),
    Summary("arrested_guilty", "persons", "Real enemies arrested",
            "Арестовано настоящих врагов", _total("arrested_guilty"), ledger=True),
    Summary("sentenced", "persons", "Sentenced", "Осуждено", _total("sentenced")),
    Summary("innocent_share_sentenced", "share", "Innocent share of the sentenced",
            "Доля невиновных среди осуждённых",
            _share(_innocent("sentenced"), _total("sentenced"))),
    Summary("shot", "persons", "Shot", "Расстреляно", _total("shot")),
    Summary("shot_innocent", "persons", "Innocent people shot", "Расстреляно невиновных",
            _innocent("shot"), ledger=True),
    Summary("shot_guilty", "persons", "Real enemies shot", "Расстреляно настоящих врагов",
            _total("shot_guilty"), ledger=True),
    _outcome_total("camp_deaths", ledger=True),
    _outcome_total("famine_deaths"),
    _outcome_total("deported"),
    _outcome_total("settlement_deaths"),
    Summary("enemies_free_at_start", "persons", "True enemies at liberty at the start",
            "Настоящих врагов на свободе в начале", lambda r: float(r.series("enemies_free")[0])),
    Summary("enemies_free_at_war", "persons", "True enemies still free at the war date",
            "Настоящих врагов на свободе к войне", _last("enemies_free"), ledger=True),
    Summary("enemies_caught_share", "share", "Share of true enemies caught",
            "Доля пойманных настоящих врагов", enemies_caught_share),
    _outcome_total("cadres_arrested", ledger=True),
    Summary("officers_purged", "persons", "Officers arrested or discharged",
            "Арестовано или уволено командиров",
            lambda r: float(r.series("officers_arrested").sum()
                            + r.series("officers_discharged").sum()), ledger=True),
    Summary("officers", "persons", "Officer corps at the war date", "Командный состав к войне",
            _last("officers")),
    Summary("officer_experience_years", "years", "Officers' mean experience at the war date",
            "Средний стаж командиров к войне", _last("officer_experience")),
    Summary("steel_mt", "Mt/yr", "Steel output at the war date", "Выплавка стали к войне",
            _last("steel_mt")),
    Summary("steel_vs_germany", "ratio", "Steel output against Germany's (COW)",
            "Выплавка стали относительно германской (COW)", steel_vs_germany, ledger=True),
    Summary("defence_output", "index", "Defence output at the war date (1928 = 1)",
            "Оборонное производство к войне (1928 = 1)", _last("output_defence")),
    Summary("heavy_output", "index", "Heavy industry output at the war date (1928 = 1)",
            "Тяжёлая промышленность к войне (1928 = 1)", _last("output_heavy")),
    Summary("party_members", "persons", "Party members and candidates at the war date",
            "Членов и кандидатов партии к войне", _last("party_members")),
    # ---------------------------------------------- the war and after (runs with `until`)
    Summary("war_won", "0/1", "The war won by the run's end", "Война выиграна к концу прогона",
            _at_end("war_won")),
    Summary("war_collapsed", "0/1", "The front collapsed", "Фронт рухнул",
            _at_end("war_collapsed")),
    Summary("war_end_year", "year", "When the war was won or lost", "Когда война выиграна "
            "или проиграна", war_end_year),
    Summary("front_depth_max", "km", "Deepest the front reached east of the 1941 border",
            "Наибольшая глубина фронта от границы 1941 года",
            lambda r: float(r.series("front_depth").max())),
    _outcome_total("military_dead"),
    _outcome_total("excess_deaths"),
    _outcome_total("tanks"),
    _outcome_total("aircraft"),
    Summary("sentenced_after_war_date", "persons", "Sentenced from the war date to the end",
            "Осуждено с начала войны до конца прогона", _after_war("sentenced")),
    Summary("shot_after_war_date", "persons", "Shot from the war date to the end",
            "Расстреляно с начала войны до конца прогона", _after_war("shot")),
    Summary("deported_after_war_date", "persons", "Deported from the war date to the end",
            "Выслано с начала войны до конца прогона", _after_war("deported")),
)
"""Every headline figure of a run, declared once."""

WAR_SUMMARIES: frozenset[str] = frozenset(
    s.name for s in SUMMARIES[[x.name for x in SUMMARIES].index("war_won"):])
"""The headline figures of the war and after: shown only for runs that go on through it."""

SUMMARY: dict[str, Summary] = {s.name: s for s in SUMMARIES}
