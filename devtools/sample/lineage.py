"""The third bundled example, data/sample-lineage: the evaluation carried from 2004 to 2025 under
the programme definition `barnefattigdom` (data contract §8).

- The sample's 2006–2008 (reports, measures, the 2009 survey, the interviews, lavinntekt.csv), as
  devtools/sample/generate.py writes them.
- Later years as an evaluator collects them, with gaps: `BLD` and `AVDIR` in 2012 and 2016, the
  national scheme `NASJONAL` in 2018 and 2020, and `INKLUDERING` every year 2022–2025 under the
  2022 form (activities by type, participants by age and gender, grant used, criteria).
- Organisations as recipients of `NASJONAL` and `INKLUDERING`: organisasjonsnummer with a valid
  modulus-11 check digit, each with its municipality in units.csv's `kommune` (one of them under
  today's number, 5501 Tromsø, which the change history leads to 1902).
- grants.csv with `soknad_nok` (the amount applied for) on some rows; every scheme's grants lie
  within its years, and each project's activities are granted no more than its grant.
- A 2023 survey wave (sporreskjema_2023.sav): the 2009 variable names for the items it asks, no
  NAV items, answered by projects with a grant in 2020–2022.
- reference/kommuneendringer.csv and the statbank files in context/, copied from
  data/sample-2024; programme/ as `grant-eval programme init --from barnefattigdom` writes it.

The figures are synthetic, drawn from a fixed seed. Run: python -m devtools.sample.lineage
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from devtools import formats
from devtools.sample import texts
from devtools.sample.generate import generate, projects
from devtools.sample.units import UNITS
from pipelines.contract.programme import Programme
from pipelines.contract.programme_files import bundled, init_programme
from pipelines.settings import DEFAULT_DATA_DIR

SEED = 2025
PROGRAMME = "barnefattigdom"
SAMPLE_2024 = DEFAULT_DATA_DIR.parent / "sample-2024"
COPIED = (
    "reference/kommuneendringer.csv",
    "context/08764_barn_lavinntekt.csv",
    "context/12944_vedvarende_lavinntekt.json",
)
# The years added to the sample's 2006–2008, and the schemes reported in each.
LATER_YEARS: dict[int, tuple[str, ...]] = {
    2012: ("BLD", "AVDIR"),
    2016: ("BLD", "AVDIR"),
    2018: ("NASJONAL",),
    2020: ("NASJONAL",),
    2022: ("INKLUDERING",),
    2023: ("INKLUDERING",),
    2024: ("INKLUDERING",),
    2025: ("INKLUDERING",),
}
NEW_FORM = 2022  # the first year of the inclusion scheme's form
SURVEY_YEAR = 2023
KOMMUNE = "kommune"  # units.csv's column for an organisation's municipality (contract §1)
SOKNAD = "soknad_nok"  # grants.csv's optional column: the amount applied for (contract §8)

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)  # the organisasjonsnummer's modulus-11 weights


def check_digit(first_eight: str) -> int | None:
    """The modulus-11 check digit of an organisasjonsnummer's first eight digits, or None: no
    number begins so (the remainder asks for a 10)."""
    remainder = sum(w * int(d) for w, d in zip(WEIGHTS, first_eight, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def organisation_number(first_eight: str) -> str:
    digit = check_digit(first_eight)
    assert digit is not None, f"{first_eight}: no valid organisasjonsnummer begins so"
    return f"{first_eight}{digit}"


# Voluntary organisations (invented names): the first eight digits of the number, the name and
# the municipality they work in. The first has NASJONAL 2020 and INKLUDERING from 2022 (two
# projects, predecessor and successor), the next three INKLUDERING only, the last NASJONAL only.
ORGANISATIONS: list[tuple[str, str, str]] = [
    ("99381524", "Frivilligsentralen Nordlys", "5501"),  # Tromsø under today's number (1902 until 2019)
    ("98762135", "Leksehjelpforeningen i Bergen", "1201"),
    ("97154682", "Aktiv ungdom Drammen", "0602"),
    ("99826401", "Utstyrslageret Sørlandet", "1001"),
    ("98413370", "Møteplassen i Bodø", "1804"),
]
ORGANISATION_IDS = [organisation_number(first) for first, _, _ in ORGANISATIONS]

# What each activity is called, by activity type (aktivitetstype of the 2022 form).
ACTIVITY_NAMES: dict[str, list[str]] = {
    "fritid_ferie": ["Sommerferie for alle", "Høstferieaktiviteter", "Feriekoloni"],
    "jobb": ["Sommerjobb for ungdom", "Jobbsjansen lokalt"],
    "utstyr": ["Utstyrssentralen", "Utlån av sports- og friluftsutstyr"],
    "fritidsfond": ["Fritidsfondet", "Støtte til kontingenter"],
    "aktivitetskort": ["Aktivitetskort for barn og unge", "Opplevelseskortet"],
    "aktivitetsguide": ["Aktivitetsguide", "Fritidsguide i bydelen"],
    "los": ["Ungdomslos", "Los for ungdom utenfor skole og arbeid"],
    "moteplass": ["Åpen hall på fredager", "Ungdomsklubb", "Møteplass på biblioteket"],
    "arbeidsmodeller": ["Familiekoordinator", "Helhetlig oppfølging av familier med lavinntekt"],
    "koordinering": ["Koordinator for fritidstilbud", "Samordning av tiltak mot barnefattigdom"],
    "frivillig_nasjonal": ["Leirtur med frivillig organisasjon", "Aktivitetsdager med frivillige"],
    "annet": ["Gratis frokost på skolen", "Språkkafé for foreldre"],
}
AGE_BANDS = ("deltakere_0_5", "deltakere_6_12", "deltakere_13_15", "deltakere_16_19", "deltakere_20_24")
# Who takes part, by age band; los and moteplass are for ages 10–24 (no one under 6).
AGE_WEIGHTS: dict[str, tuple[int, ...]] = {
    "fritid_ferie": (2, 6, 4, 2, 0),
    "jobb": (0, 0, 2, 6, 3),
    "utstyr": (1, 5, 4, 2, 1),
    "fritidsfond": (1, 6, 4, 2, 0),
    "aktivitetskort": (2, 6, 4, 2, 0),
    "aktivitetsguide": (0, 5, 4, 2, 0),
    "los": (0, 0, 3, 6, 4),
    "moteplass": (0, 2, 6, 4, 1),
    "arbeidsmodeller": (3, 4, 3, 2, 1),
    "koordinering": (1, 4, 4, 2, 1),
    "frivillig_nasjonal": (1, 6, 4, 1, 0),
    "annet": (3, 5, 3, 1, 1),
}
# Activities whose participants are counted by the card or fund's holders: larger numbers.
MANY = ("fritidsfond", "aktivitetskort", "utstyr")
OLD_CATEGORY_WEIGHTS = {
    "fritid": 35,
    "materiell": 15,
    "kompetanse": 20,
    "arbeid": 10,
    "familie": 12,
    "ansatte": 8,
}


def generate_lineage(out: Path | str) -> Path:
    """Write data/sample-lineage to `out`: the sample, then the later years and their files."""
    out = generate(out)
    programme = bundled(PROGRAMME)
    rng = random.Random(SEED)
    chosen = _projects_by_year(rng)
    grants = _grants(out / "grants.csv", chosen, rng)
    _write_years(out, programme, chosen, grants, rng)
    _write_units(out / "units.csv")
    _write_grants(out / "grants.csv", programme, grants)
    _fix_sav_time(out / "survey" / "sporreskjema_2009.sav", "12 Nov 09")
    _write_wave(out / "survey" / f"sporreskjema_{SURVEY_YEAR}.sav", programme, grants, rng)
    for relative in COPIED:
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE_2024 / relative, out / relative)
    shutil.rmtree(out / "programme", ignore_errors=True)
    init_programme(PROGRAMME, out)
    return out


# -- who reports when ------------------------------------------------------------------------
Project = tuple[str, str]


def _projects_by_year(rng: random.Random) -> dict[int, list[Project]]:
    """The projects that report in each later year: a thinning set of BLD and AVDIR projects,
    then the units that went on in the national scheme (a unit with both is one project there),
    then the inclusion scheme's, with organisations among them."""
    sample = sorted(projects())
    chosen: dict[int, list[Project]] = {}
    bld = sorted(rng.sample([p for p in sample if p[1] == "BLD"], 10))
    avdir = sorted(rng.sample([p for p in sample if p[1] == "AVDIR"], 14))
    chosen[2012] = bld + avdir
    rest = [p for p in sample if p not in chosen[2012]]
    chosen[2016] = sorted(
        rng.sample(bld, 7)
        + rng.sample(avdir, 10)
        + rng.sample([p for p in rest if p[1] == "BLD"], 1)
        + rng.sample([p for p in rest if p[1] == "AVDIR"], 2)
    )
    units_2016 = sorted({u for u, _ in chosen[2016]})
    units_2012 = sorted({u for u, _ in chosen[2012]} - set(units_2016))
    orgs = ORGANISATION_IDS
    national_2018 = sorted(rng.sample(units_2016, 12))
    national_2020 = sorted(rng.sample(national_2018, 10) + rng.sample(units_2012, 2))
    chosen[2018] = [(u, "NASJONAL") for u in [*national_2018, orgs[4]]]
    chosen[2020] = [(u, "NASJONAL") for u in [*national_2020, orgs[4], orgs[0]]]
    never = sorted({u for u, _, _, _, _ in UNITS} - {u for ps in chosen.values() for u, _ in ps})
    inclusion = sorted(rng.sample(national_2020, 8) + rng.sample(never, 1))
    members = {
        2022: [*inclusion, orgs[0], orgs[1], orgs[2]],
        2023: [*inclusion[:-1], orgs[0], orgs[1], orgs[2], orgs[3]],
        2024: [*inclusion[1:], orgs[0], orgs[1], orgs[3]],
        2025: [*inclusion, orgs[0], orgs[1], orgs[2], orgs[3]],
    }
    for year, units in members.items():
        chosen[year] = [(u, "INKLUDERING") for u in sorted(units)]
    return chosen


# -- grants --------------------------------------------------------------------------------------
Grant = dict[str, Any]


def _grants(path: Path, chosen: dict[int, list[Project]], rng: random.Random) -> list[Grant]:
    """The sample's grants (as generate() wrote them), then one per project and later year it
    reports, a 2025 grant to a project that has not reported yet, and BUT to the units that had
    it while it ran (to 2021). The amount applied for is given on some later rows."""
    header, *rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    grants: list[Grant] = [dict(zip(header, row, strict=True)) | {SOKNAD: ""} for row in rows]
    for grant in grants:
        grant["aar"], grant["belop_nok"] = int(grant["aar"]), int(grant["belop_nok"])
    later: list[Project] = [(u, s) for ps in chosen.values() for u, s in ps]
    # A municipality granted in 2025 whose report is not in yet.
    late = sorted({u for u, _, _, _, _ in UNITS} - {u for u, _ in chosen[2025]})
    unreported = (rng.choice(late), "INKLUDERING")
    for year, reporting in chosen.items():
        extra = [unreported] if year == 2025 else []
        for unit, scheme in [*reporting, *extra]:
            if scheme == "INKLUDERING":
                amount = rng.randrange(300_000, 2_000_001, 10_000)
            else:
                amount = rng.randrange(150_000, 1_500_001, 10_000)
            applied = ""
            if scheme in ("NASJONAL", "INKLUDERING") and rng.random() < 0.7:
                applied = str(amount + rng.randrange(0, 40) * 10_000)
            grants.append(_row(unit, scheme, year, amount, applied))
    others = {u: o for u, _, _, _, o in UNITS}
    for unit in sorted({u for u, s in later if s == "NASJONAL" and "BUT" in others.get(u, ())}):
        for year in (2018, 2020):
            amount = rng.randrange(200_000, 2_000_001, 50_000)
            grants.append(_row(unit, "BUT", year, amount, ""))
    return grants


def _row(unit: str, scheme: str, year: int, amount: int, applied: str) -> Grant:
    return {"enhet_id": unit, "ordning": scheme, "aar": year, "belop_nok": amount, SOKNAD: applied}


def _write_grants(path: Path, programme: Programme, grants: list[Grant]) -> None:
    order = programme.scheme_codes
    header = formats.header("grants", SOKNAD, programme=programme)
    rows = sorted(grants, key=lambda g: (g["enhet_id"], order.index(g["ordning"]), g["aar"]))
    formats.write_csv(path, [header, *([g[c] for c in header] for g in rows)])


def _grant(grants: list[Grant], unit: str, scheme: str, year: int) -> int:
    return next(
        g["belop_nok"] for g in grants if (g["enhet_id"], g["ordning"], g["aar"]) == (unit, scheme, year)
    )


# -- units ---------------------------------------------------------------------------------------
def _write_units(path: Path) -> None:
    header = formats.header("units")
    if KOMMUNE not in header:  # the column is optional: named only where organisations are units
        header.append(KOMMUNE)
    units = [{"enhet_id": u, "navn": n, "innbyggere": p} for u, n, p, _, _ in UNITS]
    for number, (_, name, kommune) in zip(ORGANISATION_IDS, ORGANISATIONS, strict=True):
        units.append({"enhet_id": number, "navn": name, KOMMUNE: kommune})
    formats.write_csv(path, [header, *([u.get(c, "") for c in header] for u in units)])


# -- reporting -----------------------------------------------------------------------------------
def _write_years(
    out: Path, programme: Programme, chosen: dict[int, list[Project]], grants: list[Grant], rng: random.Random
) -> None:
    """Each later year's rapporter.csv and tiltak.csv under the form of its year."""
    first_seen: dict[tuple[str, str], int] = {}
    for year, reporting in chosen.items():
        folder = out / "reporting" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        if year < NEW_FORM:
            reports, measures = _old_form(year, reporting, first_seen, rng)
        else:
            reports, measures = _new_form(year, reporting, grants, first_seen, rng)
        for name, rows in (("rapporter", reports), ("tiltak", measures)):
            header = formats.header(name, programme=programme, year=year)
            formats.write_csv(folder / f"{name}.csv", [header, *([r[c] for c in header] for r in rows)])


def _earlier(
    unit: str, name: str, year: int, first_seen: dict[tuple[str, str], int], rng: random.Random
) -> object:
    """A measure's first year: when the unit first reported it, or (now and then) a year before
    any report here; blank when it is new this year."""
    key = (unit, name)
    if key in first_seen and first_seen[key] < year:
        return first_seen[key]
    first_seen.setdefault(key, year)
    if rng.random() < 0.2:
        first_seen[key] = year - rng.randint(1, 3)
        return first_seen[key]
    return ""


def _old_form(
    year: int, reporting: list[Project], first_seen: dict[tuple[str, str], int], rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The 2004–2021 form (contract §2): goals reached or not, measures by category."""
    reports: list[dict[str, Any]] = []
    measures: list[dict[str, Any]] = []
    for unit, scheme in reporting:
        answered = rng.random() < 0.92
        reached = answered and rng.random() < 0.5
        reasons = ""
        if answered and not reached:
            reasons = rng.choice(["tid", "personale|ressurser", "organisering", "brukerrespons|tid", ""])
        factors = ""
        if reached:
            factors = rng.choice(["samarbeid", "samarbeid|ildsjeler", "organisering|ledelse", ""])
        plans = ["", "", ""]
        if answered:
            plans = [
                rng.choice(["alle", "de_fleste", "de_fleste", "noen", "usikker"]),
                rng.choice(["ja", "nei", "usikker"]),
                rng.choice(["ja", "nei", "nei"]),
            ]
        reports.append(
            {
                "enhet_id": unit,
                "ordning": scheme,
                "aar": year,
                "mal_nadd": ("alle" if reached else "ikke_alle") if answered else "",
                "arsaker_ikke_nadd": reasons,
                "suksessfaktorer": factors,
                "videreforing": plans[0],
                "videreforing_uten_tilskudd": plans[1],
                "brukermedvirkning": plans[2],
            }
        )
        names: set[str] = set()
        for _ in range(rng.randint(2, 4)):
            category = rng.choices(list(OLD_CATEGORY_WEIGHTS), weights=list(OLD_CATEGORY_WEIGHTS.values()))[0]
            name = rng.choice(texts.MEASURE_NAMES[category])
            if name in names:
                continue
            names.add(name)
            first = _earlier(unit, name, year, first_seen, rng)
            measures.append(
                {
                    "enhet_id": unit,
                    "ordning": scheme,
                    "aar": year,
                    "tiltak_navn": name,
                    "kategori": category,
                    "malgruppe": "individ" if rng.random() < 0.5 else "alle",
                    "budsjett_nok": rng.randrange(20_000, 600_001, 1000),
                    "deltakere": "" if rng.random() < 0.12 else rng.randint(5, 120),
                    "status": "videreført" if first != "" else "ny",
                    "forste_aar": first,
                }
            )
    return reports, measures


def _new_form(
    year: int,
    reporting: list[Project],
    grants: list[Grant],
    first_seen: dict[tuple[str, str], int],
    rng: random.Random,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The 2022 form (contract §8): criteria, and activities by type with participants by age
    and gender and the grant given to and used by each. Every activity type occurs every year."""
    reports: list[dict[str, Any]] = []
    counts = [rng.randint(2, 4) for _ in reporting]
    kinds = list(ACTIVITY_NAMES)
    slots = sum(counts)
    assert slots >= len(kinds), f"{year}: too few activities for every activity type"
    types = rng.sample(kinds, len(kinds)) + rng.choices(kinds, k=slots - len(kinds))
    rng.shuffle(types)
    measures: list[dict[str, Any]] = []
    for index, ((unit, scheme), count) in enumerate(zip(reporting, counts, strict=True)):
        reports.append(_criteria(unit, scheme, year, rng))
        mine, types = types[:count], types[count:]
        grant = _grant(grants, unit, scheme, year)
        # The activities are given the whole grant, or a little less (some kept back).
        given = grant if index % 3 == 0 else grant - rng.randrange(1, 20) * 10_000
        shares = [rng.randint(1, 6) for _ in mine]
        amounts = [given * s // sum(shares) // 1000 * 1000 for s in shares]
        amounts[-1] = given - sum(amounts[:-1])
        names: set[str] = set()
        for kind, amount in zip(mine, amounts, strict=True):
            unused = [n for n in ACTIVITY_NAMES[kind] if n not in names]
            name = rng.choice(unused) if unused else f"{ACTIVITY_NAMES[kind][0]} 2"
            names.add(name)
            measures.append(_activity(unit, scheme, year, kind, name, amount, first_seen, rng))
    return reports, measures


def _criteria(unit: str, scheme: str, year: int, rng: random.Random) -> dict[str, Any]:
    """Criteria aimed at and reached; reasons only where one was not reached."""
    aimed = sorted(rng.sample("abcdefghij", rng.randint(1, 4)))
    reached = [c for c in aimed if rng.random() < 0.65]
    missed = len(reached) < len(aimed)
    reasons = ""
    if missed and rng.random() < 0.8:
        reasons = rng.choice(
            ["tid", "personale", "brukerrespons|ressurser", "organisering", "ressurser|annet"]
        )
    factors = rng.choice(["samarbeid", "samarbeid|ildsjeler", "ledelse|tilpasning", ""]) if reached else ""
    return {
        "enhet_id": unit,
        "ordning": scheme,
        "aar": year,
        "kriterier_mal": "|".join(aimed),
        "kriterier_nadd": "|".join(reached),
        "arsaker_ikke_nadd": reasons,
        "suksessfaktorer": factors,
        "videreforing": rng.choice(["alle", "de_fleste", "noen", "usikker", ""]),
        "videreforing_uten_tilskudd": rng.choice(["ja", "nei", "usikker", "usikker"]),
        "brukermedvirkning": rng.choice(["ja", "ja", "nei"]),
    }


def _activity(
    unit: str,
    scheme: str,
    year: int,
    kind: str,
    name: str,
    amount: int,
    first_seen: dict[tuple[str, str], int],
    rng: random.Random,
) -> dict[str, Any]:
    target = "individ" if rng.random() < (0.3 if kind in ("moteplass", "fritidsfond") else 0.55) else "alle"
    row: dict[str, Any] = {
        "enhet_id": unit,
        "ordning": scheme,
        "aar": year,
        "tiltak_navn": name,
        "aktivitetstype": kind,
        "malgruppe": target,
        "tilskudd_nok": amount,
    }
    # Used: often all, mostly most; blank where not yet accounted for (most of all the last year).
    if rng.random() < (0.5 if year == max(LATER_YEARS) else 0.12):
        row["brukt_nok"] = ""
    elif rng.random() < 0.3:
        row["brukt_nok"] = amount
    else:
        row["brukt_nok"] = int(amount * rng.uniform(0.55, 0.99)) // 100 * 100
    total = "" if rng.random() < 0.08 else rng.randint(40, 400) if kind in MANY else rng.randint(6, 120)
    row["deltakere"] = total
    for column in ("deltakere_malgruppe", *AGE_BANDS, "deltakere_jenter", "deltakere_gutter"):
        row[column] = ""
    if isinstance(total, int):
        if rng.random() < 0.85:
            share = rng.uniform(0.7, 1.0) if target == "individ" else rng.uniform(0.15, 0.6)
            row["deltakere_malgruppe"] = round(total * share)
        if rng.random() < 0.8:  # by age, some of unknown age
            known = total - rng.randint(0, total // 10)
            bands = [0] * len(AGE_BANDS)
            for band in rng.choices(range(len(AGE_BANDS)), weights=AGE_WEIGHTS[kind], k=known):
                bands[band] += 1
            row.update(zip(AGE_BANDS, bands, strict=True))
            if AGE_WEIGHTS[kind][0] == 0 and rng.random() < 0.4:
                row["deltakere_0_5"] = ""  # not asked of those under 6: left blank
        if rng.random() < 0.8:  # by gender, some not stated
            known = total - rng.randint(0, total // 12)
            girls = sum(rng.random() < 0.5 for _ in range(known))
            row["deltakere_jenter"], row["deltakere_gutter"] = girls, known - girls
    first = _earlier(unit, name, year, first_seen, rng)
    row["status"] = "videreført" if first != "" else "ny"
    row["forste_aar"] = first
    return row


# -- the 2023 survey wave ---------------------------------------------------------------------
def _write_wave(path: Path, programme: Programme, grants: list[Grant], rng: random.Random) -> None:
    """The later wave: the projects with a grant in the three years before it, about seven in
    ten answering, the 2009 variable names and codes for the items it asks."""
    wave = programme.wave_for(SURVEY_YEAR)
    assert wave is not None and wave.year == SURVEY_YEAR and wave.frame_years is not None
    frame = sorted(
        {
            (g["enhet_id"], g["ordning"])
            for g in grants
            if g["ordning"] in programme.evaluated
            and SURVEY_YEAR - wave.frame_years <= g["aar"] < SURVEY_YEAR
        }
    )
    respondents = sorted(rng.sample(frame, round(len(frame) * 0.7)))
    data: dict[str, list[object]] = {
        "enhet_id": [u for u, _ in respondents],
        "ordning": [s for _, s in respondents],
    }
    labels: dict[str, dict[float, str]] = {}
    for item in wave.items:
        values = [int(v) for v in programme.codes(item.code_list).values]
        weights = [len(values) - i for i in range(len(values))]
        if item.item == "involvement":
            weights = [1, 1 + rng.randint(0, 2)]
        answers: list[object] = rng.choices(values, weights=weights, k=len(respondents))
        if item.variable == "plan_forankret":
            answers[rng.randrange(len(answers))] = None  # not answered
        data[item.variable] = answers
        labels[item.variable] = {float(k): v for k, v in programme.codes(item.code_list).labels.items()}
    with tempfile.TemporaryDirectory() as folder:  # write_sav keeps one .sav in its folder
        written = formats.write_sav(
            Path(folder) / path.name,
            pd.DataFrame(data),
            file_label=f"Spørreundersøkelse til prosjektene {SURVEY_YEAR}",
            variable_value_labels=labels,
        )
        shutil.move(written, path)
    _fix_sav_time(path, "01 Mar 23")


def _fix_sav_time(path: Path, date: str, time: str = "12:00:00") -> None:
    """A .sav header's creation date and time (bytes 92–108) set to fixed values, so that a
    rerun writes the same bytes."""
    data = bytearray(path.read_bytes())
    assert data[:4] == b"$FL2" and len(date) == 9 and len(time) == 8
    data[92:109] = (date + time).encode("ascii")
    path.write_bytes(bytes(data))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="data/sample-lineage", help="folder to write")
    args = parser.parse_args(argv)
    print(f"wrote {generate_lineage(args.out)}")


if __name__ == "__main__":
    main()
