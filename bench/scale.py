"""Datasets in contract form for the benchmark: ×1 (the sample), ×10, ×50, ×200, and a tiny one.

×1 is the bundled sample with its workbooks written as CSV pairs and its .qdpx as
segments.csv (the same rows), so that the bare DuckDB script can read every file too.
×10, ×50 and ×200 are synthetic: more units (up to all municipalities), up to 20 years, more
measures, survey rows and interview segments. All CSV, deterministic (fixed seed).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd

from devtools import formats
from pipelines.contract.programme_files import bundled
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.interviews import read_qdpx
from pipelines.settings import DEFAULT_DATA_DIR

PROGRAMME = bundled()  # the 2009 evaluation's vocabulary

# units, reporting years, share of units with both schemes, interviews, measures per report
SCALES = {
    0: (2, 1, 0.0, 1, 1),  # tiny: the fixed cost of a run
    10: (200, 10, 0.3, 300, 1),
    50: (430, 20, 0.5, 1500, 1),
    200: (430, 20, 0.5, 1500, 4),  # every municipality already: four times the measures
}
COUNTIES = [c for c in range(1, 21) if c != 13]


def write_dataset(out: Path, factor: int) -> Path:
    if out.exists():
        shutil.rmtree(out)
    if factor == 1:
        return _sample_as_csv(out)
    return _synthetic(out, *SCALES[factor])


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    formats.write_csv(path, [header, *rows])


def _sample_as_csv(out: Path) -> Path:
    shutil.copytree(DEFAULT_DATA_DIR, out)
    for folder in sorted((out / "reporting").iterdir()):
        books = sorted(folder.glob("*.xlsx"))
        if not books:
            continue
        sheets: dict[str, pd.DataFrame] = {}
        for book in books:
            for name, frame in pd.read_excel(book, sheet_name=None, dtype=str).items():
                key = name.lower() if len(books) == 1 else book.stem.lower()
                sheets[key] = frame.fillna("")
            book.unlink()
        for kind in ("rapporter", "tiltak"):
            sheets[kind].to_csv(folder / f"{kind}.csv", index=False, lineterminator="\n")
    qdpx = next((out / "interviews").glob("*.qdpx"))
    segments = read_qdpx(qdpx, qdpx.name, ErrorLog(), bundled().themes)
    assert segments is not None
    segments["sitat"] = segments["sitat"].map({True: "ja", False: ""})
    segments[["intervju_id", "kode_full", "tekst", "sitat"]].rename(columns={"kode_full": "kode"}).to_csv(
        out / "interviews" / "segments.csv", index=False
    )
    qdpx.unlink()
    return out


def _synthetic(
    out: Path, n_units: int, n_years: int, both_share: float, n_interviews: int, measure_factor: int
) -> Path:
    rng = random.Random(20091112 + n_units)
    units = []
    for i in range(n_units):
        county = COUNTIES[i % len(COUNTIES)]
        units.append((f"{county:02d}{i // len(COUNTIES) + 1:02d}", rng.randint(1500, 200_000)))
    _write(out / "units.csv", formats.header("units"), [[u, f"Kommune {u}", pop] for u, pop in units])
    years = list(range(2006, 2006 + n_years))
    projects = []
    for unit, _pop in units:
        draw = rng.random()
        schemes = ["BLD", "AVDIR"] if draw < both_share else [rng.choice(["BLD", "AVDIR"])]
        projects += [(unit, s) for s in schemes]
    grants, reports, measures = [], [], []
    for unit, scheme in projects:
        for year in years:
            if rng.random() < 0.78:
                grants.append([unit, scheme, year, rng.randrange(100_000, 1_200_000, 10_000)])
                reports.append(_report(rng, unit, scheme, year))
                for _ in range(rng.randint(2, 6) * measure_factor):
                    measures.append(_measure(rng, unit, scheme, year))
        if not any(g[0] == unit and g[1] == scheme for g in grants[-n_years:]):
            grants.append([unit, scheme, years[0], 100_000])
    for unit, _pop in units[: n_units // 3]:
        for year in years[: max(1, n_years // 2)]:
            grants.append(
                [unit, rng.choice(tuple(s.code for s in PROGRAMME.schemes if not s.evaluated)), year, 250_000]
            )
    unique_grants = {(g[0], g[1], g[2]): g for g in grants}
    _write(out / "grants.csv", formats.header("grants"), list(unique_grants.values()))
    for year in years:
        _write(
            out / "reporting" / str(year) / "rapporter.csv",
            formats.header("rapporter"),
            [r for r in reports if r[2] == year],
        )
        _write(
            out / "reporting" / str(year) / "tiltak.csv",
            formats.header("tiltak"),
            [m for m in measures if m[2] == year],
        )
    _survey(out / "survey" / "survey.sav", rng, rng.sample(projects, int(len(projects) * 0.72)))
    _interviews(out / "interviews", rng, [u for u, _ in units], n_interviews)
    _write(
        out / "context" / "lavinntekt.csv",
        formats.header("lavinntekt"),
        [[u, y, round(rng.uniform(2, 25), 1)] for u, _ in units for y in years],
    )
    return out


def _report(rng: random.Random, unit: str, scheme: str, year: int) -> list[object]:
    goal = rng.choice(["alle", "ikke_alle", "ikke_alle", "alle", ""])
    reasons = (
        "|".join(rng.sample(list(PROGRAMME.codes("arsak").labels), rng.randint(0, 2)))
        if goal == "ikke_alle"
        else ""
    )
    factors = (
        "|".join(rng.sample(list(PROGRAMME.codes("suksess").labels), rng.randint(0, 3)))
        if goal == "alle"
        else ""
    )
    plan = rng.choice(PROGRAMME.codes("videreforing").values) if goal else ""
    without = rng.choice(PROGRAMME.codes("ja_nei_usikker").values) if goal else ""
    return [
        unit,
        scheme,
        year,
        goal,
        reasons,
        factors,
        plan,
        without,
        rng.choice(PROGRAMME.codes("ja_nei").values) if goal else "",
    ]


def _measure(rng: random.Random, unit: str, scheme: str, year: int) -> list[object]:
    category = rng.choice(list(PROGRAMME.codes("kategori").labels))
    new = rng.random() < 0.6
    return [
        unit,
        scheme,
        year,
        f"Tiltak {rng.randint(1, 400)}",
        category,
        rng.choice(list(PROGRAMME.codes("malgruppe").labels)),
        rng.randrange(5_000, 900_000, 1_000),
        "" if rng.random() < 0.15 else rng.randint(3, 150),
        "ny" if new else "videreført",
        "" if new or year == 2006 else rng.randint(2004, year - 1),
    ]


def _survey(path: Path, rng: random.Random, respondents: list[tuple[str, str]]) -> None:
    rows = []
    for unit, scheme in respondents:
        row: dict[str, object] = {"enhet_id": unit, "ordning": scheme}
        for variable, labels in PROGRAMME.survey_codes(PROGRAMME.waves[0]).items():
            row[variable] = float(rng.choice(list(labels)))
        if row["nav_etablert"] != 1:
            row["nav_samordning"] = row["nav_oppmerksomhet"] = None
        rows.append(row)
    formats.write_sav(path, pd.DataFrame(rows))


def _interviews(folder: Path, rng: random.Random, units: list[str], n_interviews: int) -> None:
    informants, segments = [], []
    number = 0
    themes = list(PROGRAMME.themes)
    for i in range(n_interviews):
        interview = f"INT{i + 1:05d}"
        unit = units[i % len(units)]
        for _ in range(rng.choice([1, 1, 2])):
            number += 1
            informants.append(
                [f"P{number:05d}", interview, unit, "prosjektleder", "prosjektleder", f"Navn {number}"]
            )
        for theme in rng.sample(themes, rng.randint(3, 7)):
            segments.append(
                [
                    interview,
                    theme,
                    f"Et avsnitt om {theme} i intervju {i + 1}.",
                    "ja" if rng.random() < 0.2 else "",
                ]
            )
    _write(folder / "informants.csv", formats.header("informants", "navn"), informants)
    _write(folder / "segments.csv", formats.header("segments"), segments)
