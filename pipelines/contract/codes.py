"""Codes and labels of the data contract (docs/data-contract.md) that belong to no programme: the
regions, size classes, the marts' own categories and Statistics Norway's symbols.

A programme's codes (its schemes, code lists, questionnaire and codebook) are in its definition
(pipelines/contract/programmes/), read by pipelines/contract/programme_files.py.
"""

from __future__ import annotations

# The marts' `ordning` for every evaluated scheme together (contract §4). The schemes themselves
# are the programme's (pipelines/contract/programme.py).
ALL_SCHEMES = "ALLE"

# County number -> region: the 2006–2008 counties, then the counties of later reforms
# (2018 Trøndelag, 2020, the 2024 split), so units under current numbers have a region too.
DEFAULT_REGIONS: dict[str, str] = {
    **{f"{c:02d}": "Øst/Oslo" for c in range(1, 6)},
    **{f"{c:02d}": "Sør" for c in range(6, 11)},
    **{c: "Vest" for c in ("11", "12", "14")},
    **{f"{c:02d}": "Midt" for c in range(15, 18)},
    **{f"{c:02d}": "Nord" for c in range(18, 21)},
    **{c: "Øst/Oslo" for c in ("30", "31", "32", "34")},
    **{c: "Sør" for c in ("33", "38", "39", "40", "42")},
    "46": "Vest",
    "50": "Midt",
    **{c: "Nord" for c in ("54", "55", "56")},
}
REGION_ORDER: tuple[str, ...] = ("Nord", "Midt", "Øst/Oslo", "Vest", "Sør")


def size_class(innbyggere: int | None) -> str:
    """Size class of a unit from its population (contract section 1)."""
    if innbyggere is None:
        return "ukjent"
    if innbyggere < 5_000:
        return "liten"
    if innbyggere < 20_000:
        return "mellomstor"
    return "stor"


SIZE_CLASS_LABELS: dict[str, str] = {
    "liten": "Under 5 000 innbyggere",
    "mellomstor": "5 000–19 999 innbyggere",
    "stor": "20 000 innbyggere og flere",
    "ukjent": "Ukjent",
}

# --- who received grants (marts.funding_overlap, marts.response) ------------------------------
# marts.funding_overlap's categories before the programme's own (every evaluated scheme, and
# each scheme that is not evaluated: programme_schemes).
FUNDING_CATEGORIES: dict[str, str] = {
    "kun_en": "Kun midler fra én satsing",
    "flere": "Midler fra mer enn én satsing",
}
RESPONSE_DIMENSIONS: dict[str, str] = {
    "total": "I alt",
    "ordning": "Ordning",
    "region": "Landsdel",
    "size_class": "Kommunestørrelse",
}

# (label, lower bound inclusive, upper bound exclusive or None)
BUDGET_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("< 50 000", 0, 50_000),
    ("50 000–99 999", 50_000, 100_000),
    ("100 000–249 999", 100_000, 250_000),
    ("250 000–499 999", 250_000, 500_000),
    ("≥ 500 000", 500_000, None),
)

# NAV: what the office has meant (asked where established) and will mean (asked all).
NAV_PERIODS: dict[str, str] = {"har_betydd": "Har betydd", "paa_sikt": "Betydning på sikt"}
# --- interviews -------------------------------------------------------------------------------
INFORMANT_ROLES: dict[str, str] = {
    "prosjektleder": "prosjektleder",
    "prosjektmedarbeider": "prosjektmedarbeider",
    "administrativ_leder": "administrativ leder",
    "politiker": "politiker",
    "annen": "annen informant",
}
QUOTE_CODE = "sitat"


# Statistics Norway's standard symbols in tables (data contract, section 5), with their meaning.
SYMBOLS: dict[str, str] = {
    ".": "tall kan ikke forekomme (not applicable)",
    "..": "tall mangler (missing)",
    "...": "tall mangler foreløpig (not yet available)",
    ":": "vises ikke av personvernhensyn (confidential)",
    "-": "null (nil)",
}
