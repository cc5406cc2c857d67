"""Codes and labels of the data contract (docs/data-contract.md), in one place.

Every loader, mart and report page takes its vocabulary from here, so a code added to the
programme is added once.
"""

from __future__ import annotations

EVALUATED_SCHEMES: tuple[str, ...] = ("BLD", "AVDIR")
ALL_SCHEMES = "ALLE"  # both evaluated schemes together, in the marts' `ordning` column
OTHER_SCHEMES: tuple[str, ...] = ("BUT", "UNGE_UTENFOR", "UTSATTE_UNGE", "NORDLAND")
SCHEMES: tuple[str, ...] = EVALUATED_SCHEMES + OTHER_SCHEMES
# The year each evaluated scheme began.
SCHEME_SINCE: dict[str, int] = {"BLD": 2004, "AVDIR": 2006}

SCHEME_LABELS: dict[str, str] = {
    "BLD": "BLD/Bufdir (barnevernet)",
    "AVDIR": "AVdir (sosialtjenesten/NAV)",
    "BUT": "Barne- og ungdomstiltak i større bysamfunn",
    "UNGE_UTENFOR": "Unge utenfor",
    "UTSATTE_UNGE": "Utsatte unge 17–23 i overgangsfaser",
    "NORDLAND": "Nordlandsprosjektet «Ungdom i svevet»",
    "ALLE": "I alt (BLD og AVdir sammen)",
}
# Short names in tables and chart legends.
# «I alt» is the total of both schemes; «begge ordninger» is kept for units that have both.
SCHEME_SHORT: dict[str, str] = {"BLD": "BLD", "AVDIR": "AVdir", "ALLE": "I alt"}

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

# --- annual reports -------------------------------------------------------------------------
GOAL_ANSWERS = ("alle", "ikke_alle")
REASONS: dict[str, str] = {
    "personale": "Mangel på kvalifisert personale",
    "tid": "Mangel på tid",
    "brukerrespons": "Dårlig respons fra brukerne",
    "ressurser": "Mangel på ressurser",
    "organisering": "Organisasjonsmessige problemer",
    "annet": "Annet",
}
SUCCESS_FACTORS: dict[str, str] = {
    "samarbeid": "Samarbeid med lokale aktører",
    "organisering": "God organisering",
    "ledelse": "Oppmerksomhet fra ledelsen",
    "tilpasning": "Lokale tilpasninger av målene",
    "ildsjeler": "Ildsjeler",
    "annet": "Annet",
}
CONTINUATION_PLANS = ("alle", "de_fleste", "noen", "ingen", "usikker")
YES_NO_UNSURE = ("ja", "nei", "usikker")
YES_NO = ("ja", "nei")

# --- measures ---------------------------------------------------------------------------------
MEASURE_CATEGORIES: dict[str, str] = {
    "fritid": "Fritid og ferie",
    "materiell": "Utstyr, klær og avgifter",
    "kompetanse": "Leksehjelp, kurs og veiledning",
    "arbeid": "Sommerjobb og arbeidstrening",
    "familie": "Familieaktiviteter og foreldrestøtte",
    "ansatte": "Kompetanseheving for ansatte",
}
TARGET_GROUPS: dict[str, str] = {
    "alle": "Åpent for alle barn i et område",
    "individ": "For identifiserte barn eller familier",
}
# Target groups as the report's tables name them: one term each.
TARGET_GROUPS_SHORT: dict[str, str] = {"alle": "Åpne for alle", "individ": "Enkeltbarn/familier"}
MEASURE_STATUSES: tuple[str, ...] = ("ny", "videreført")

# (label, lower bound inclusive, upper bound exclusive or None)
BUDGET_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("< 50 000", 0, 50_000),
    ("50 000–99 999", 50_000, 100_000),
    ("100 000–249 999", 100_000, 250_000),
    ("250 000–499 999", 250_000, 500_000),
    ("≥ 500 000", 500_000, None),
)

# --- survey -----------------------------------------------------------------------------------
PARTNERS: dict[str, str] = {
    "barnevern_sosial": "Barnevern og sosialkontor",
    "skole": "Skolen",
    "innvandring": "Innvandrings-/flyktningkontor",
    "helsestasjon": "Helsestasjon",
    "kultur": "Kulturetat",
    "frivillige": "Frivillige organisasjoner",
    "naeringsliv": "Privat næringsliv",
}
ACTORS: dict[str, str] = {
    "barnevern": "Barnevern",
    "sosial_nav": "Sosialtjenesten/NAV",
    "skole": "Skole",
    "helsestasjon": "Helsestasjon",
    "kultur": "Kulturetat",
    "frivillige": "Frivillige organisasjoner",
    "naeringsliv": "Privat næringsliv",
    "barnehage": "Barnehage",
    "politi": "Politi",
    "annet": "Andre",
}

ROLE_CODES = {1: "prosjektleder", 2: "prosjektmedarbeider", 3: "leder i kommunen", 4: "annen"}
NATIONAL_GOALS_CODES = {1: "i stor grad", 2: "i noen grad", 3: "i liten grad", 4: "ikke sikker"}
IMPORTANCE_CODES = {
    1: "svært viktig",
    2: "ganske viktig",
    3: "lite viktig",
    4: "ikke viktig",
    5: "vet ikke",
}
PRESENCE_CODES = {1: "helt enig", 2: "delvis enig", 3: "delvis uenig", 4: "helt uenig", 5: "vet ikke"}
DUMMY_CODES = {0: "nei", 1: "ja"}
NAV_ESTABLISHED_CODES = {1: "ja", 2: "nei"}
NAV_COORDINATION_CODES = {
    1: "lettere å samordne innsats",
    2: "vanskeligere å samordne innsats",
    3: "ingen betydning for samordning",
}
NAV_ATTENTION_CODES = {
    1: "økt oppmerksomhet",
    2: "oppmerksomheten i bakgrunnen",
    3: "ingen betydning for oppmerksomhet",
}
CONTINUATION_SURVEY_CODES = {
    1: "tiltakene skal videreføres",
    2: "tiltakene skal ikke videreføres",
    3: "usikker",
}
PLAN_CODES = {1: "ja", 2: "nei", 3: "vet ikke"}

# Answers of the survey marts, grouping codes: answer -> (label, codes).
NATIONAL_GOALS_ANSWERS: dict[str, tuple[str, tuple[int, ...]]] = {
    "stor_noen": ("I stor/noen grad", (1, 2)),
    "liten": ("I liten grad", (3,)),
    "ikke_sikker": ("Ikke sikker", (4,)),
}
CONTINUATION_SURVEY_ANSWERS: dict[str, tuple[str, tuple[int, ...]]] = {
    "videreføres": ("Tiltakene skal videreføres", (1,)),
    "ikke_videreføres": ("Tiltakene skal ikke videreføres", (2,)),
    "usikker": ("Usikker på videreføring", (3,)),
}
# NAV: what the office has meant (asked where established) and will mean (asked all).
NAV_PERIODS: dict[str, str] = {"har_betydd": "Har betydd", "paa_sikt": "Betydning på sikt"}
NAV_ASPECTS: dict[str, dict[int, str]] = {
    "samordning": NAV_COORDINATION_CODES,
    "oppmerksomhet": NAV_ATTENTION_CODES,
}


def survey_variables() -> dict[str, dict[int, str]]:
    """Every coded survey variable with its valid codes and labels."""
    variables: dict[str, dict[int, str]] = {
        "rolle": ROLE_CODES,
        "nasjonale_mal": NATIONAL_GOALS_CODES,
    }
    for partner in PARTNERS:
        variables[f"viktig_{partner}"] = IMPORTANCE_CODES
        variables[f"tilstede_{partner}"] = PRESENCE_CODES
    for actor in ACTORS:
        variables[f"drift_{actor}"] = DUMMY_CODES
    variables.update(
        {
            "nav_etablert": NAV_ESTABLISHED_CODES,
            "nav_samordning": NAV_COORDINATION_CODES,
            "nav_oppmerksomhet": NAV_ATTENTION_CODES,
            "nav_samordning_sikt": NAV_COORDINATION_CODES,
            "nav_oppmerksomhet_sikt": NAV_ATTENTION_CODES,
            "videreforing": CONTINUATION_SURVEY_CODES,
            "plan_forankret": PLAN_CODES,
        }
    )
    return variables


SURVEY_VARIABLES = survey_variables()
# Asked only when a NAV office is established (nav_etablert = 1).
NAV_CONDITIONAL = ("nav_samordning", "nav_oppmerksomhet")

# --- interviews -------------------------------------------------------------------------------
INFORMANT_ROLES: dict[str, str] = {
    "prosjektleder": "prosjektleder",
    "prosjektmedarbeider": "prosjektmedarbeider",
    "administrativ_leder": "administrativ leder",
    "politiker": "politiker",
    "annen": "annen informant",
}
INTERVIEW_CODES: dict[str, str] = {
    "forstaelse": "Forståelse av lokal fattigdom",
    "malgrupper": "Målgrupper",
    "organisering": "Organisering",
    "samarbeid": "Samarbeid",
    "nav": "NAV-reformen",
    "tiltak": "Tiltak",
    "malsetting": "Målsettinger og suksesskriterier",
    "videreforing": "Videreføring og forankring",
    "finansiering": "Finansiering",
    "ildsjeler": "Ildsjeler",
    "brukermedvirkning": "Brukermedvirkning",
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
