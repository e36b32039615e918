"""Tabular archival inputs and targets, each with its source.

Every figure names its source by an id in brackets, e.g. ``[pavlov1953]``: a row of
``archival/sources.csv``, which gives the publication, where to find the figure, what it counts,
whether it was checked against the publication, and a description in plain words
(`purgesim data --sources`). Only verified figures are fitted.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Region:
    """A region of Order 00447's limit table (an oblast, krai, ASSR or union republic without
    sub-units), with its union republic: the unit of limits, requests, grants and closings."""

    code: str
    name: str
    republic: str
    population: int
    """Persons, on the 1937 basis (see `population_basis`); used only as shares of the
    country's population."""
    population_basis: str
    limit_cat1: int
    limit_cat2: int
    limit_status: str
    """V (checked against a source), R (recalled, unverified), V/R (category 1 checked) or D."""
    centre: str = ""
    lat: float = 0.0
    lon: float = 0.0
    """The administrative centre and its approximate coordinates, degrees [region_centres]:
    only its distance from the 1941 border is used (where the front reaches the region)."""


CENSUS_SOURCE = ("1937 census by region [census_1937] where found; 1939 census by union "
                 "republic [frus_d587] scaled to the 1937 total otherwise (archival/regions.csv)")
LIMITS_SOURCE = ("Order 00447 initial limits by region [oblast_limits]; the RSFSR and Kazakh "
                 "blocks sum to the published subtotals [werth_limits]; national 75,950 / "
                 "193,000 with the camps [order_00447]")


def _regions() -> tuple[Region, ...]:
    with (Path(__file__).with_name("archival") / "regions.csv").open(
            encoding="utf-8", newline="") as fh:
        return tuple(Region(r["code"], r["name"], r["republic"], int(r["population"]),
                            r["population_basis"], int(r["limit_cat1"]), int(r["limit_cat2"]),
                            r["limit_status"], r["centre"], float(r["lat"]), float(r["lon"]))
                     for r in csv.DictReader(fh))


REGIONS: tuple[Region, ...] = _regions()
GULAG_LIMIT_CAT1 = 10_000
"""Order 00447 category-1 limit for prisoners already in NKVD camps [werth_limits]."""

REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)
REPUBLICS: tuple[str, ...] = tuple(dict.fromkeys(r.republic for r in REGIONS))
"""The union republics, in the order of their first region."""


def regions_of(code: str) -> tuple[int, ...]:
    """Indices of the regions a code names: one region, or every region of a republic."""
    if code in REGION_CODES:
        return (REGION_CODES.index(code),)
    found = tuple(i for i, r in enumerate(REGIONS) if r.republic == code)
    if not found:
        raise KeyError(code)
    return found


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
PARTY_TOTAL_SOURCE = "members and candidates at the end of 1932 [frus_d309]"
PARTY_FULL_SOURCE = ("full members reported to the XVII (January 1934) and XVIII (March 1939) "
                     "party congresses, drawn at the end of the year before [congress_reports]")

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


def series(name: str, role: str | None = None) -> dict[int, float]:
    """One yearly series by year (only the rows of `role`, if given)."""
    return {o.year: o.value for o in observations()
            if o.series == name and (role is None or o.role == role)}


# ----------------------------------------------------------------------------- the war
@dataclass(frozen=True)
class WarInputs:
    """The war module's fixed inputs: geography, dates and the documented totals (the
    exogenous German series are read by name with `series`)."""

    border: tuple[tuple[float, float], ...]
    """Points on the 22 June 1941 front line, (lat, lon) degrees, Baltic to Black Sea
    [border_1941]: Taurage, Brest, Przemysl, Chernivtsi, Ungheni, Izmail."""
    berlin: tuple[float, float]
    second_front: dt.date
    """After this day Germany holds a second front in the West [normandy_1944]."""
    lendlease: tuple[tuple[dt.date, dt.date, float], ...]
    """(start, end, tonnes arriving) by period: 7,410,600 t arrived to 1 May 1944
    [mikoyan1944]; the rest of the 15,239,791 t shipped to 31 May 1945 [lendlease_totals]
    after the 8,514,000 long tons shipped in the first period (derived)."""
    lendlease_usd_per_tonne: float
    """$11.3 bn over the tonnage shipped [lendlease_totals] (derived)."""
    tanks_1940: float
    aircraft_1940: float
    """Soviet output in 1940 [ww2data_production]: what the 1940 defence budget bought."""
    gdp_ussr_1940_bn: float
    """Harrison's USSR GDP in 1940, bn 1990 international dollars [harrison1998]."""


LONG_TON_TONNES = 1.0160469
"""Tonnes in a long ton."""
LENDLEASE_FIRST = (dt.date(1941, 10, 1), dt.date(1944, 5, 1))
LENDLEASE_LAST = dt.date(1945, 5, 31)


def _war_inputs(observed: list[Observation]) -> WarInputs:
    obs = {(o.series, o.period): o.value for o in observed}
    first = "/".join(d.isoformat() for d in LENDLEASE_FIRST)
    arrived = obs[("lendlease_arrived_t", first)]
    shipped_first = obs[("lendlease_shipped_long_tons", first)] * LONG_TON_TONNES
    total_period = f"{LENDLEASE_FIRST[0].isoformat()}/{LENDLEASE_LAST.isoformat()}"
    shipped = obs[("lendlease_shipped_t", total_period)]
    usd = next(v for (name, _), v in obs.items() if name == "lendlease_usd_ussr")
    return WarInputs(
        border=((55.25, 22.29), (52.10, 23.69), (49.78, 22.77), (48.29, 25.94),
                (47.21, 27.80), (45.35, 28.84)),
        berlin=(52.52, 13.40), second_front=dt.date(1944, 6, 6),
        lendlease=((*LENDLEASE_FIRST, arrived),
                   (LENDLEASE_FIRST[1], LENDLEASE_LAST, shipped - shipped_first)),
        lendlease_usd_per_tonne=usd / shipped,
        tanks_1940=obs[("tanks_ussr", "1940")], aircraft_1940=obs[("aircraft_ussr", "1940")],
        gdp_ussr_1940_bn=obs[("gdp_ussr_bn1990", "1940")])


WAR_INPUTS: WarInputs  # filled by _load


def _load() -> None:
    global SENTENCES, COW, SETTLERS, CAMPS_1JAN, WAR_INPUTS
    obs = observations()
    by: dict[str, dict[str, float]] = {}
    for o in obs:
        by.setdefault(o.series, {})[o.period] = o.value
    SENTENCES = tuple(AnnualFigure(int(y), int(v), int(by["executed"][y]))
                      for y, v in by["sentenced"].items() if y.isdigit())
    COW = {int(y): {"steel_su": by["steel_ussr_kt"][y], "steel_de": by["steel_germany_kt"][y],
                    "milper_su": by["milper_ussr_k"][y], "milper_de": by["milper_germany_k"][y]}
           for y in by["steel_ussr_kt"]}
    SETTLERS = {int(y): int(v) for y, v in by["special_settlers_31dec"].items()}
    CAMPS_1JAN = {int(y): int(v) for y, v in by["camp_itl_1jan"].items()}
    WAR_INPUTS = _war_inputs(obs)


_load()
