"""The annual charts shown beside the archive, declared once for the web app and the HTML
report: which outcome each draws, its title, and the archival points drawn over it with their
source."""

from __future__ import annotations

from dataclasses import dataclass

from purgesim.data import (
    CAMPS_1JAN,
    CAMPS_SOURCE,
    COW,
    COW_SOURCE,
    PARTY_FULL_SOURCE,
    PARTY_TOTAL_SOURCE,
    SENTENCES_SOURCE,
    sentences_by_year,
    series,
)


@dataclass(frozen=True)
class Chart:
    """One annual fan chart: an outcome by year, with archival points where the archive has
    them, and a second exogenous line where one compares (Germany's steel)."""

    outcome: str
    title: dict[str, str]

    def archive(self) -> tuple[dict[int, float], str]:
        """The archival points by year and their source line (empty when none is held)."""
        return _ARCHIVE.get(self.outcome, ({}, ""))

    def reference(self) -> tuple[dict[int, float], dict[str, str]]:
        """An exogenous comparison line by year and its label (empty when none)."""
        if self.outcome == "steel_mt":
            return ({y: v["steel_de"] / 1000 for y, v in COW.items()},
                    {"en": "Germany", "ru": "Германия"})
        return {}, {}


CHARTS: tuple[Chart, ...] = (
    Chart("sentenced", {"en": "Sentenced each year (all categories)",
                        "ru": "Осуждено за год (все категории)"}),
    Chart("shot", {"en": "Executions each year", "ru": "Расстреляно за год"}),
    Chart("camp_population", {"en": "Camp population, end of year",
                              "ru": "Заключённые в лагерях на конец года"}),
    Chart("famine_deaths", {"en": "Famine deaths each year", "ru": "Умерло от голода за год"}),
    Chart("steel_mt", {"en": "Steel output, million tonnes a year",
                       "ru": "Выплавка стали, млн т в год"}),
    Chart("party_members", {"en": "Party members and candidates, end of year",
                            "ru": "Члены и кандидаты партии на конец года"}),
    Chart("party_full_members", {"en": "Full party members (without candidates), end of year",
                                 "ru": "Члены партии (без кандидатов) на конец года"}),
    Chart("officers", {"en": "Officer corps, end of year", "ru": "Командный состав на конец года"}),
)
"""Every annual chart, in the order shown."""

BY_OUTCOME: dict[str, Chart] = {c.outcome: c for c in CHARTS}


FIRST_WAR_YEAR = 1941
"""The charts run to the war; the archive's war and post-war years (a full 1941 beside a
run's half year) are left off them."""


def _archive() -> dict[str, tuple[dict[int, float], str]]:
    pavlov = {y: a for y, a in sentences_by_year().items() if y < FIRST_WAR_YEAR}
    return {
        "sentenced": ({y: a.sentenced for y, a in pavlov.items()}, SENTENCES_SOURCE),
        "shot": ({y: a.executed for y, a in pavlov.items()}, SENTENCES_SOURCE),
        # 1 January of year y+1 is the end of year y
        "camp_population": ({y - 1: v for y, v in CAMPS_1JAN.items()},
                            CAMPS_SOURCE + "; ITL only"),
        "steel_mt": ({y: v["steel_su"] / 1000 for y, v in COW.items()},
                     COW_SOURCE + "; Germany: same source"),
        # like with like: the end-1932 count includes candidates; the congresses' (January
        # 1934, March 1939) count full members only, drawn at the end of the year before
        "party_members": ({y: int(v) for y, v in series("party_total").items()},
                          PARTY_TOTAL_SOURCE),
        "party_full_members": ({y - 1: int(v) for y, v in series("party_full_members").items()},
                               PARTY_FULL_SOURCE),
    }


_ARCHIVE = _archive()
