"""Summaries of a run: calendar-year totals and the comparison with the archival record."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from purgesim.data import SENTENCES_SOURCE, sentences_by_year
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
