"""Tabular archival inputs and targets, each with its source.

Every figure names its source by an id in brackets, e.g. ``[pavlov1953]``: a row of
``archival/sources.csv``, which gives the publication, where to find the figure, what it counts,
whether it was checked against the publication, and a description in plain words
(`purgesim data --sources`). Only verified figures are fitted.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Region:
    """A union republic: the unit of the Order 00447 limits used by the model."""

    code: str
    name: str
    population_1939: int
    limit_cat1: int
    limit_cat2: int


CENSUS_SOURCE = "1939 census by union republic [frus_d587]; shares applied to the 1937 total"
LIMITS_SOURCE = ("Order 00447 initial limits by republic [werth_limits]; columns sum to the "
                 "national 75,950 / 193,000 [order_00447]")

REGIONS: tuple[Region, ...] = (
    Region("RSFSR", "Russian SFSR", 109_278_614, 47_450, 142_150),
    Region("UKR", "Ukrainian SSR", 30_960_221, 8_000, 20_800),
    Region("BSSR", "Belorussian SSR", 5_567_976, 2_000, 10_000),
    Region("AZE", "Azerbaijan SSR", 3_209_727, 1_500, 3_750),
    Region("GEO", "Georgian SSR", 3_542_289, 2_000, 3_000),
    Region("ARM", "Armenian SSR", 1_281_599, 500, 1_000),
    Region("TKM", "Turkmen SSR", 1_253_985, 500, 1_500),
    Region("UZB", "Uzbek SSR", 6_282_446, 750, 4_000),
    Region("TJK", "Tajik SSR", 1_485_091, 500, 1_300),
    Region("KAZ", "Kazakh SSR", 6_145_937, 2_500, 5_000),
    Region("KIR", "Kirghiz SSR", 1_459_301, 250, 500),
)
GULAG_LIMIT_CAT1 = 10_000
"""Order 00447 category-1 limit for prisoners already in NKVD camps [werth_limits]."""

REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)

# Documented increases of limits (Politburo decisions), by republic code: (cat1, cat2).
LIMIT_INCREASES_SOURCE = ("Politburo Pb 57/48 of 31 Jan 1938 and Pb 58/57 of 17 Feb 1938 "
                          "[politburo_limits_1938]")


@dataclass(frozen=True)
class AnnualFigure:
    """One year of the Pavlov 1953 table of persons sentenced on security-police cases."""

    year: int
    sentenced: int
    executed: int


SENTENCES_SOURCE = ("Справка 1-го спецотдела МВД СССР (Pavlov), 11 Dec 1953, GARF f. 9401, "
                    "op. 1, d. 4157, ll. 201-205 [pavlov1953]")

SENTENCES: tuple[AnnualFigure, ...]  # filled from archival/series.csv below


def sentences_by_year() -> dict[int, AnnualFigure]:
    """The Pavlov series keyed by year."""
    return {f.year: f for f in SENTENCES}


# ----------------------------------------------------------------------------- USSR vs Germany
COW_SOURCE = ("Correlates of War, National Material Capabilities v6.0, USSR and Germany "
              "[cow_nmc6]")

COW: dict[int, dict[str, float]]  # year -> steel_su, steel_de, milper_su, milper_de
COW_THOUSANDS = 1000
"""The COW series count in thousands (tonnes of steel, military personnel)."""


def cow(year: int, key: str) -> float:
    """A COW figure for `year`; years after 1941 take the 1941 value (no later data held)."""
    return COW[min(max(year, min(COW)), max(COW))][key]


# ----------------------------------------------------------------------------- party, settlers
PARTY_SOURCE = "end of 1932 [frus_d309]; XVII and XVIII party congress reports [congress_reports]"
PARTY_ANCHORS: dict[str, tuple[str, int]]  # label -> (date, persons)

SETTLERS_SOURCE = "Zemskov 2003, labour special settlers on 31 December [zemskov_settlers]"
SETTLERS: dict[int, int]

CAMPS_SOURCE = ("Zemskov, ITL prisoners on 1 January [zemskov_itl]; 1935-41 unverified "
                "[zemskov_itl_unverified]")
CAMPS_1JAN: dict[int, int]


# ----------------------------------------------------------------------------- the data package
ARCHIVAL_DIR = Path(__file__).with_name("archival")


ROLES = ("fit", "held_back", "input", "context")
"""What a figure is for: fitted by calibration, held back to test the fit, a policy input, or
context shown beside the model."""


@dataclass(frozen=True)
class Observation:
    """One archival figure: a row of archival/series.csv."""

    series: str
    period: str
    value: float
    unit: str
    source_id: str
    status: str   # verified | unverified
    role: str     # fit | held_back | input | context
    text: str = ""
    """The value exactly as written in the file (for export without float rounding)."""

    @property
    def year(self) -> int:
        """The calendar year the figure belongs to (a range's end year)."""
        return int(self.period.split("/")[-1][:4])


def _read(name: str) -> list[dict[str, str]]:
    with (ARCHIVAL_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def observations() -> list[Observation]:
    """Every archival figure the project holds, with its source, status and role."""
    return [Observation(r["series"], r["period"], float(r["value"]), r["unit"], r["source_id"],
                        r["status"], r["role"], r["value"]) for r in _read("series.csv")]


def sources() -> dict[str, dict[str, str]]:
    """The sources file, by source id."""
    return {r["source_id"]: r for r in _read("sources.csv")}


CITATION = re.compile(r"(?<![^\s(])\[([a-z][a-z0-9_]*)\](?![\](])")
"""A source cited in text: its id in brackets after a space, e.g. "... [pavlov1953]" (not a
Markdown link, a TOML table header or an extra such as purgesim[web])."""


def cited(text: str) -> list[str]:
    """The source ids cited in `text`."""
    return CITATION.findall(text)


def series(name: str) -> dict[int, float]:
    """One yearly series by year."""
    return {o.year: o.value for o in observations() if o.series == name}


def _load() -> None:
    global SENTENCES, COW, PARTY_ANCHORS, SETTLERS, CAMPS_1JAN
    obs = observations()
    by: dict[str, dict[str, float]] = {}
    for o in obs:
        by.setdefault(o.series, {})[o.period] = o.value
    SENTENCES = tuple(AnnualFigure(int(y), int(v), int(by["executed"][y]))
                      for y, v in by["sentenced"].items())
    COW = {int(y): {"steel_su": by["steel_ussr_kt"][y], "steel_de": by["steel_germany_kt"][y],
                    "milper_su": by["milper_ussr_k"][y], "milper_de": by["milper_germany_k"][y]}
           for y in by["steel_ussr_kt"]}
    PARTY_ANCHORS = {f"end {d[:4]}, members and candidates": (d, int(v))
                     for d, v in by["party_total"].items()}
    PARTY_ANCHORS.update({f"{d[:4]} congress, full members": (d, int(v))
                          for d, v in by["party_full_members"].items()})
    SETTLERS = {int(y): int(v) for y, v in by["special_settlers_31dec"].items()}
    CAMPS_1JAN = {int(y): int(v) for y, v in by["camp_itl_1jan"].items()}


_load()
