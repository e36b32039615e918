"""Tabular archival inputs and targets, each with its source.

Values are transcribed from `shared/data/ARCHIVAL.md` (the project's compiled archival file) or
from the primary page named beside them. Only figures marked verified there are used.
"""

from __future__ import annotations

from dataclasses import dataclass

ARCHIVAL = "shared/data/ARCHIVAL.md"


@dataclass(frozen=True)
class Region:
    """A union republic: the unit of the Order 00447 limits used by the model."""

    code: str
    name: str
    population_1939: int
    limit_cat1: int
    limit_cat2: int


CENSUS_SOURCE = (
    "1939 census by union republic, as reported by the US chargé Grummon, FRUS 1933-39 "
    "doc. 587 (history.state.gov/historicaldocuments/frus1933-39/d587); shares applied to the "
    "1937 census total"
)
LIMITS_SOURCE = (
    f"Order 00447 initial limits by republic, Werth via dmitrievaffair.com ({ARCHIVAL} §2b); "
    "columns sum to the national 75,950 / 193,000"
)

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
"""Order 00447 category-1 limit for prisoners already in NKVD camps (§2b)."""

REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)

# Documented increases of limits (Politburo decisions), by republic code: (cat1, cat2).
LIMIT_INCREASES_SOURCE = (
    f"Politburo Pb 57/48 of 31 Jan 1938 and Pb 58/57 of 17 Feb 1938 ({ARCHIVAL} §2d)"
)


@dataclass(frozen=True)
class AnnualFigure:
    """One year of the Pavlov 1953 table of persons sentenced on security-police cases."""

    year: int
    sentenced: int
    executed: int


SENTENCES_SOURCE = (
    "Справка 1-го спецотдела МВД СССР (Pavlov), 11 Dec 1953, GARF f. 9401, op. 1, d. 4157, "
    f"ll. 201-205 ({ARCHIVAL} §1a)"
)

SENTENCES: tuple[AnnualFigure, ...] = (
    AnnualFigure(1928, 33_757, 869),
    AnnualFigure(1929, 56_220, 2_109),
    AnnualFigure(1930, 208_069, 20_201),
    AnnualFigure(1931, 180_696, 10_651),
    AnnualFigure(1932, 141_919, 2_728),
    AnnualFigure(1933, 239_664, 2_154),
    AnnualFigure(1934, 78_999, 2_056),
    AnnualFigure(1935, 267_076, 1_229),
    AnnualFigure(1936, 274_670, 1_118),
    AnnualFigure(1937, 790_665, 353_074),
    AnnualFigure(1938, 554_258, 328_618),
    AnnualFigure(1939, 63_889, 2_552),
    AnnualFigure(1940, 71_806, 1_649),
)


def sentences_by_year() -> dict[int, AnnualFigure]:
    """The Pavlov series keyed by year."""
    return {f.year: f for f in SENTENCES}


# ----------------------------------------------------------------------------- USSR vs Germany
COW_SOURCE = (
    f"Correlates of War, National Material Capabilities v6.0, ccode 365 (USSR) and 255 (Germany) "
    f"({ARCHIVAL} §6b)"
)

COW: dict[int, dict[str, float]] = {
    # year: steel (kt) USSR, Germany; military personnel (thousands) USSR, Germany
    1928: {"steel_su": 4251, "steel_de": 14517, "milper_su": 562, "milper_de": 114},
    1929: {"steel_su": 4854, "steel_de": 16245, "milper_su": 562, "milper_de": 114},
    1930: {"steel_su": 5761, "steel_de": 12536, "milper_su": 562, "milper_de": 114},
    1931: {"steel_su": 5620, "steel_de": 8291, "milper_su": 562, "milper_de": 114},
    1932: {"steel_su": 5927, "steel_de": 5771, "milper_su": 562, "milper_de": 114},
    1933: {"steel_su": 6889, "steel_de": 7617, "milper_su": 885, "milper_de": 118},
    1934: {"steel_su": 9693, "steel_de": 11923, "milper_su": 940, "milper_de": 315},
    1935: {"steel_su": 12588, "steel_de": 16447, "milper_su": 1300, "milper_de": 461},
    1936: {"steel_su": 16400, "steel_de": 19208, "milper_su": 1300, "milper_de": 596},
    1937: {"steel_su": 17730, "steel_de": 19849, "milper_su": 1433, "milper_de": 603},
    1938: {"steel_su": 18057, "steel_de": 22656, "milper_su": 1566, "milper_de": 782},
    1939: {"steel_su": 17564, "steel_de": 23733, "milper_su": 1789, "milper_de": 2750},
    1940: {"steel_su": 18317, "steel_de": 21540, "milper_su": 4200, "milper_de": 3300},
    1941: {"steel_su": 15584, "steel_de": 20836, "milper_su": 4207, "milper_de": 7100},
}


def cow(year: int, key: str) -> float:
    """A COW figure for `year`; years after 1941 take the 1941 value (no later data held)."""
    return COW[min(max(year, min(COW)), max(COW))][key]


# ----------------------------------------------------------------------------- party, settlers
PARTY_SOURCE = f"{ARCHIVAL} §3a (FRUS 1933-39 d309; XVII and XVIII Congress reports)"
PARTY_ANCHORS: dict[str, tuple[str, int]] = {
    # label: (date, persons)
    "end 1932, members and candidates": ("1932-12-31", 3_200_000),
    "XVII Congress, members": ("1934-01-26", 1_872_488),
    "XVIII Congress, members": ("1939-03-10", 1_588_852),
}

SETTLERS_SOURCE = f"Zemskov 2003, labour special settlers on 31 December ({ARCHIVAL} §5c)"
SETTLERS: dict[int, int] = {
    1932: 1_142_084, 1933: 1_072_546, 1934: 973_693, 1935: 1_017_133, 1936: 916_787,
    1937: 877_651, 1938: 938_552, 1939: 997_513, 1940: 930_221,
}

CAMPS_SOURCE = f"Zemskov, ITL prisoners on 1 January ({ARCHIVAL} §5a; 1935-41 marked unverified)"
CAMPS_1JAN: dict[int, int] = {
    1930: 179_000, 1931: 212_000, 1932: 268_700, 1933: 334_300, 1934: 510_307,
    1935: 725_483, 1936: 839_406, 1937: 820_881, 1938: 996_367, 1939: 1_317_195,
    1940: 1_344_408, 1941: 1_500_524,
}
