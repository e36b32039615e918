"""A run beside the archival record: calendar-year sentences and executions against Pavlov's
1953 table [pavlov1953], split by the model's latent truth."""

from __future__ import annotations

from dataclasses import dataclass

from purgesim.data import SENTENCES_SOURCE, sentences_by_year
from purgesim.model.results import RunResult

ARCHIVE_SOURCE = SENTENCES_SOURCE


@dataclass(frozen=True)
class YearRow:
    """One calendar year of a run (persons) with the archive's figures for it."""

    year: int
    arrested: int
    sentenced: int
    shot: int
    innocent_share_sentenced: float
    camp_population_end: int
    archival_sentenced: int | None
    archival_shot: int | None


LAST_MONTH = 12
"""A run whose last week starts before December has a partial last year."""


def annual(result: RunResult) -> list[YearRow]:
    """Calendar-year figures beside the archive's (flows summed, stocks at the year's end)."""
    arch = sentences_by_year()
    years = result.annual(("arrested", "sentenced", "sentenced_guilty", "shot",
                           "camp_population"))
    rows = []
    for year, y in years.iterrows():
        partial = int(year) == result.end.year and result.end.month < LAST_MONTH
        a = None if partial else arch.get(int(year))  # a half year beside a full one misleads
        total = int(y["sentenced"])
        rows.append(YearRow(
            year=int(year), arrested=int(y["arrested"]), sentenced=total, shot=int(y["shot"]),
            innocent_share_sentenced=(1 - y["sentenced_guilty"] / total) if total
            else float("nan"),
            camp_population_end=int(y["camp_population"]),
            archival_sentenced=a.sentenced if a else None,
            archival_shot=a.executed if a else None))
    return rows
