"""Weekly calendar: week 0 begins on 1 January 1928. A run ends at its war date (by default the
week that contains 22 June 1941) or, with `until`, goes on through the war to at most 5 March
1953."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

START = dt.date(1928, 1, 1)
END = dt.date(1941, 6, 22)
"""The historical war date: the default end of a run."""
VICTORY = dt.date(1945, 5, 9)
"""The historical war's last day (Germany's surrender): the events dated from END to here are
the war's own and move with a scenario's war date (`scenarios.scenario.war_dated`)."""
HORIZON = dt.date(1945, 12, 31)
"""The latest war date a scenario may assume (the seeds ask: what if war came years later?)."""
LAST = dt.date(1953, 3, 5)
"""The last day a run can reach: Stalin's death, the end of the period the model covers."""
DAYS_PER_WEEK = 7
WEEKS_PER_YEAR = 52
"""Weeks in the model's year: every quantity 'per year' is converted to a week's by `per_week`
(52 steps of a week make a year; the calendar's dates still follow the real calendar)."""


def n_weeks(start: dt.date = START, end: dt.date = END) -> int:
    """Number of weekly steps needed to cover [start, end]."""
    return (end - start).days // DAYS_PER_WEEK + 1


def week_of(date: dt.date, start: dt.date = START) -> int:
    """The index of the week that contains `date`."""
    return (date - start).days // DAYS_PER_WEEK


@lru_cache(maxsize=4096)
def date_of(week: int, start: dt.date = START) -> dt.date:
    """The first day of week `week` (cached: mechanisms ask for it several times a week)."""
    return start + dt.timedelta(days=DAYS_PER_WEEK * week)


def per_week(annual: float) -> float:
    """The one conversion of a quantity per year (a count, a rate, a share per year) to the
    same quantity per week. A rate's weekly chance is then `per_week(rate)`; a growth rate's
    weekly factor is `exp(per_week(rate))`; a week's count is `per_week(count)`."""
    return annual / WEEKS_PER_YEAR


def years(weeks: float) -> float:
    """A span of weeks in years."""
    return weeks / WEEKS_PER_YEAR


def week_dates(weeks: int, start: dt.date = START) -> list[dt.date]:
    """First day of each of the `weeks` weeks."""
    return [date_of(w, start) for w in range(weeks)]
