"""Summaries of a run: calendar-year totals and the comparison with the archival record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from purgesim.data import SENTENCES_SOURCE, cow, sentences_by_year
from purgesim.model.calendar import date_of
from purgesim.model.engine import RunResult

SENTENCE_PARTS = ("sentenced_cat1", "sentenced_camp", "sentenced_exile")


def week_years(n_weeks: int) -> np.ndarray:
    """Calendar year of the first day of each week."""
    return np.array([date_of(w).year for w in range(n_weeks)])


def both(result: RunResult, stem: str) -> np.ndarray:
    """A series summed over innocent and guilty."""
    return result.series(f"{stem}_innocent") + result.series(f"{stem}_guilty")


def sentenced(result: RunResult, guilt: str | None = None) -> np.ndarray:
    """All sentences (death, camp, exile) per week; `guilt` 'innocent' or 'guilty' to split."""
    if guilt is None:
        return sum(both(result, s) for s in SENTENCE_PARTS)
    return sum(result.series(f"{s}_{guilt}") for s in SENTENCE_PARTS)


@dataclass(frozen=True)
class YearRow:
    """One calendar year of a run (persons)."""

    year: int
    arrests: int
    sentenced: int
    executed: int
    innocent_share_sentenced: float
    camp_population_end: int
    archival_sentenced: int | None
    archival_executed: int | None


def annual(result: RunResult) -> list[YearRow]:
    """Calendar-year totals (flows summed, stocks at the last week of the year)."""
    years = week_years(result.counts.shape[0])
    arch = sentences_by_year()
    sent, sent_inn = sentenced(result), sentenced(result, "innocent")
    arrests, execs = both(result, "arrests"), both(result, "executions")
    camp = both(result, "camp_population")
    rows = []
    for y in np.unique(years):
        m = years == y
        total = int(sent[m].sum())
        a = arch.get(int(y))
        rows.append(YearRow(
            year=int(y), arrests=int(arrests[m].sum()), sentenced=total,
            executed=int(execs[m].sum()),
            innocent_share_sentenced=float(sent_inn[m].sum() / total) if total else float("nan"),
            camp_population_end=int(camp[m][-1]),
            archival_sentenced=a.sentenced if a else None,
            archival_executed=a.executed if a else None))
    return rows


def totals(result: RunResult) -> dict[str, float]:
    """Whole-run headline figures (persons), for the report and the run registry."""
    sent = sentenced(result)
    inn = sentenced(result, "innocent")
    return {
        "arrests": float(both(result, "arrests").sum()),
        "sentenced": float(sent.sum()),
        "executed": float(both(result, "executions").sum()),
        "camp_deaths": float(both(result, "camp_deaths").sum()),
        "innocent_share_sentenced": float(inn.sum() / sent.sum()) if sent.sum() else 0.0,
        "enemies_free_at_end": float(result.series("enemies_free")[-1]),
        "enemies_free_at_start": float(result.series("enemies_free")[0]),
    }


ARCHIVE_SOURCE = SENTENCES_SOURCE


# ----------------------------------------------------------------------------- the war report
def war_date(result: RunResult) -> dt.date:
    """The date the run ends: the war comes."""
    return date_of(result.counts.shape[0] - 1)


def war_report(result: RunResult) -> dict[str, float]:
    """Outcomes at the war date: capacity against Germany's, the army, cadres, enemies."""
    last = -1
    when = war_date(result)
    steel = float(result.series("steel_mt")[last])
    enemies_start = float(result.series("enemies_free")[0])
    return {
        "steel_mt": steel,
        "steel_vs_germany": steel * 1000 / cow(when.year, "steel_de"),
        "defence_output": float(result.series("output_defence")[last]),
        "heavy_output": float(result.series("output_heavy")[last]),
        "officers": float(result.series("officers")[last]),
        "officer_experience_years": float(result.series("officer_experience")[last]),
        "officers_purged": float(result.series("officers_arrested").sum()
                                 + result.series("officers_discharged").sum()),
        "cadres_arrested": float(result.series("cadres_arrested").sum()),
        "enemies_free_at_war": float(result.series("enemies_free")[last]),
        "enemies_caught_share": 1.0 - float(result.series("enemies_free")[last])
        / max(enemies_start, 1.0),
        "party_members": float(result.series("party_members")[last]),
    }


def outcomes(result: RunResult) -> dict[str, float]:
    """Every headline outcome of a run: the repression totals, the countryside, the war report."""
    t = totals(result)
    out = {k: t[k] for k in ("arrests", "sentenced", "executed", "camp_deaths",
                             "innocent_share_sentenced")}
    out.update({
        "famine_deaths": float(result.series("famine_deaths").sum()),
        "deported": float(result.series("deported").sum()),
        "settlement_deaths": float(result.series("settlement_deaths").sum()),
    })
    out.update(war_report(result))
    return out


ANNUAL_SERIES = {
    # name: (how to reduce a year's weeks, label)
    "sentenced": ("sum", "Sentenced (all categories)"),
    "executed": ("sum", "Executions"),
    "camp_population": ("last", "Camp population, end of year"),
    "famine_deaths": ("sum", "Famine deaths"),
    "steel_mt": ("mean", "Steel output, Mt per year"),
    "party_members": ("last", "Party members and candidates, end of year"),
    "officers": ("last", "Officer corps, end of year"),
}


def _weekly(result: RunResult, name: str) -> np.ndarray:
    if name == "sentenced":
        return sentenced(result)
    if name == "executed":
        return both(result, "executions")
    if name == "camp_population":
        return both(result, "camp_population")
    return result.series(name)


def annual_series(result: RunResult) -> dict[str, dict[int, float]]:
    """Each series of ANNUAL_SERIES by calendar year."""
    years = week_years(result.counts.shape[0])
    out = {}
    for name, (how, _) in ANNUAL_SERIES.items():
        w = _weekly(result, name).astype(np.float64)
        reduce = {"sum": np.sum, "mean": np.mean, "last": lambda a: a[-1]}[how]
        out[name] = {int(y): float(reduce(w[years == y])) for y in np.unique(years)}
    return out
