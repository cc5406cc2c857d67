"""Write the bundled sample: a data directory whose microdata reproduce the published
2006–2008 marginals of the evaluation (see docs/sample.md for the list).

Deterministic: a fixed seed and fixed file metadata, so a rerun writes the same data.

    python -m devtools.sample.generate data/sample
"""

from __future__ import annotations

import argparse
import random
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from devtools import formats
from devtools.sample import texts
from devtools.sample.units import CASE_UNITS, UNITS
from pipelines.contract import codes, input_files
from pipelines.contract.programme_files import bundled

PROGRAMME = bundled()  # the 2009 evaluation's vocabulary

SEED = 2009
YEARS = (2006, 2007, 2008)

# Per year and scheme: (report rows, rows with a goal answer, of which reached all goals).
# 2008's split by scheme was not published; only 31 of 64 in all.
GOALS = {
    2006: {"BLD": (28, 26, 11), "AVDIR": (36, 35, 16)},
    2007: {"BLD": (27, 26, 11), "AVDIR": (43, 41, 22)},
    2008: {"BLD": (27, 25, 12), "AVDIR": (41, 39, 19)},
}
# Reports planning to continue all or most measures, and "would continue without the grant".
CONTINUE_ALL_OR_MOST = {2006: 51, 2007: 60, 2008: 55}
CONTINUE_WITHOUT_GRANT = {2006: 20, 2007: 22, 2008: 21}
# 2006 reasons, among reports not reaching all goals that name a reason (BLD 13, AVDIR 16).
REASONS_2006 = {
    "BLD": (
        13,
        {"personale": 4, "tid": 4, "brukerrespons": 3, "ressurser": 3, "organisering": 5, "annet": 1},
    ),
    "AVDIR": (
        16,
        {"personale": 7, "tid": 4, "brukerrespons": 4, "ressurser": 3, "organisering": 6, "annet": 2},
    ),
}

SURVEY_RESPONDENTS = {"BLD": 21, "AVDIR": 41}  # 62 of 86
USER_MISSING = 9  # declared user-missing code "ikke svart" in the .sav

# Survey marginals over the 62 respondents: {code: count}.
SURVEY_MARGINALS: dict[str, dict[int, int]] = {
    "rolle": {1: 45, 2: 9, 3: 6, 4: 2},
    "nasjonale_mal": {1: 20, 2: 29, 3: 7, 4: 6},
    "videreforing": {1: 22, 2: 2, 3: 38},
    "nav_etablert": {1: 40, 2: 22},
    "nav_samordning_sikt": {1: 34, 2: 8, 3: 20},
    "nav_oppmerksomhet_sikt": {1: 30, 2: 12, 3: 20},
    "plan_forankret": {1: 30, 2: 20, 3: 11},  # one left system-missing
}
NAV_HAS_MEANT = {"nav_samordning": {1: 17, 2: 6, 3: 17}, "nav_oppmerksomhet": {1: 20, 2: 8, 3: 12}}
# Cooperation: (very important, agree [helt + delvis enig]); naeringsliv has 2 user-missing.
COOPERATION = {
    "barnevern_sosial": (54, 45),
    "skole": (50, 33),
    "innvandring": (38, 22),
    "helsestasjon": (41, 30),
    "kultur": (30, 27),
    "frivillige": (29, 18),
    "naeringsliv": (12, 5),
}
AGENCIES = {
    "barnevern": 44,
    "sosial_nav": 47,
    "skole": 30,
    "helsestasjon": 20,
    "kultur": 26,
    "frivillige": 24,
    "naeringsliv": 6,
    "barnehage": 12,
    "politi": 9,
    "annet": 14,
}


def projects() -> list[tuple[str, str]]:
    return [(uid, s) for uid, _, _, schemes, _ in UNITS for s in ("BLD", "AVDIR") if s[0] in schemes]


def generate(out: Path | str, seed: int = SEED) -> Path:
    """Write the sample data directory to `out` (created or overwritten)."""
    out = Path(out)
    rng = random.Random(seed)
    reports = _reports(rng)
    measures = _measures(rng, reports)
    grants = _grants(rng, reports)

    _write_csv(out / "units.csv", formats.header("units"), [[u, n, p] for u, n, p, _, _ in UNITS])
    _write_csv(out / "grants.csv", formats.header("grants"), grants)
    _write_reporting(out, reports, measures)
    _write_survey(out / "survey" / "sporreskjema_2009.sav", rng)
    _write_interviews(out / "interviews", rng)
    _write_low_income(out / "context" / "lavinntekt.csv", rng)
    return out


# -- annual reports ----------------------------------------------------------------------------
def _reports(rng: random.Random) -> list[dict[str, Any]]:
    by_scheme = {s: [p for p in projects() if p[1] == s] for s in ("BLD", "AVDIR")}
    for plist in by_scheme.values():
        rng.shuffle(plist)
    # Which projects report each year; every project reports in at least one year.
    reporting: dict[int, dict[str, list[tuple[str, str]]]] = {}
    bld, avdir = by_scheme["BLD"], by_scheme["AVDIR"]
    reporting[2006] = {"BLD": bld[:28], "AVDIR": avdir[:36]}
    reporting[2007] = {"BLD": bld[2:], "AVDIR": avdir[14:]}
    reporting[2008] = {"BLD": bld[:2] + bld[3:28], "AVDIR": rng.sample(avdir, 41)}

    rows: list[dict[str, Any]] = []
    for year in YEARS:
        year_rows: list[dict[str, Any]] = []
        for scheme in ("BLD", "AVDIR"):
            n_rows, n_answered, n_all = GOALS[year][scheme]
            chosen = sorted(reporting[year][scheme])
            assert len(chosen) == n_rows
            order = chosen[:]
            rng.shuffle(order)
            answers = ["alle"] * n_all + ["ikke_alle"] * (n_answered - n_all)
            answers += [""] * (n_rows - n_answered)
            scheme_rows = [
                {"enhet_id": u, "ordning": s, "aar": year, "mal_nadd": a}
                for (u, s), a in zip(order, answers, strict=True)
            ]
            _assign_reasons(rng, year, scheme, scheme_rows)
            year_rows += scheme_rows
        _assign_continuation(rng, year, year_rows)
        year_rows.sort(key=lambda r: (r["enhet_id"], r["ordning"]))
        rows += year_rows
    return rows


def _assign_reasons(rng: random.Random, year: int, scheme: str, rows: list[dict[str, Any]]) -> None:
    not_all = [r for r in rows if r["mal_nadd"] == "ikke_alle"]
    for r in rows:
        r["arsaker_ikke_nadd"] = []
        r["suksessfaktorer"] = []
    if year == 2006:
        n_naming, counts = REASONS_2006[scheme]
        naming = not_all[:n_naming]
        for reason, count in counts.items():
            # Fewest reasons first keeps every naming report non-empty.
            candidates = sorted(naming, key=lambda r: len(r["arsaker_ikke_nadd"]))
            for r in candidates[:count]:
                r["arsaker_ikke_nadd"].append(reason)
    else:
        weights = {
            "personale": 3,
            "tid": 4,
            "brukerrespons": 2,
            "ressurser": 2,
            "organisering": 4,
            "annet": 1,
        }
        for r in not_all:
            if rng.random() < 0.85:
                k = rng.choice((1, 1, 2, 2, 3))
                r["arsaker_ikke_nadd"] = _weighted_sample(rng, weights, k)
    factor_weights = {
        "samarbeid": 7,
        "organisering": 5,
        "ledelse": 4,
        "tilpasning": 4,
        "ildsjeler": 3,
        "annet": 1,
    }
    for r in rows:
        if r["mal_nadd"] == "alle" and rng.random() < 0.9:
            r["suksessfaktorer"] = _weighted_sample(rng, factor_weights, rng.choice((1, 2, 2, 3)))


def _assign_continuation(rng: random.Random, year: int, rows: list[dict[str, Any]]) -> None:
    answered = [r for r in rows if r["mal_nadd"]]
    rng.shuffle(answered)
    n = len(answered)
    plans = ["alle" if i % 2 == 0 else "de_fleste" for i in range(CONTINUE_ALL_OR_MOST[year])]
    plans += [("noen", "usikker", "ingen")[i % 3] for i in range(n - len(plans))]
    rng.shuffle(answered)
    without = ["ja"] * CONTINUE_WITHOUT_GRANT[year]
    without += [("usikker", "nei")[i % 2] for i in range(n - len(without))]
    rng.shuffle(without)
    for r, plan, w in zip(answered, plans, without, strict=True):
        r["videreforing"] = plan
        r["videreforing_uten_tilskudd"] = w
        r["brukermedvirkning"] = "ja" if rng.random() < 0.25 else "nei"
    for r in rows:
        r.setdefault("videreforing", "")
        r.setdefault("videreforing_uten_tilskudd", "")
        r.setdefault("brukermedvirkning", "")


def _weighted_sample(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    for _ in range(min(k, len(pool))):
        pick = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(pick)
        del pool[pick]
    return [c for c in weights if c in chosen]  # codebook order


# -- measures and grants -----------------------------------------------------------------------
CATEGORY_WEIGHTS = {
    "fritid": 35,
    "materiell": 15,
    "kompetanse": 20,
    "arbeid": 10,
    "familie": 12,
    "ansatte": 8,
}
BAND_WEIGHTS = [
    ((10_000, 49_000), 30),
    ((50_000, 99_000), 25),
    ((100_000, 249_000), 25),
    ((250_000, 499_000), 12),
    ((500_000, 900_000), 8),
]


def _measures(rng: random.Random, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    first_seen: dict[tuple[str, str, str], int] = {}
    for r in reports:
        for _ in range(rng.randint(2, 6)):
            category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
            name = rng.choice(texts.MEASURE_NAMES[category])
            (low, high), _w = rng.choices(BAND_WEIGHTS, weights=[w for _, w in BAND_WEIGHTS])[0]
            key = (str(r["enhet_id"]), str(r["ordning"]), name)
            year = int(r["aar"])
            if key in first_seen and first_seen[key] < year:
                status, first = "videreført", str(first_seen[key])
            elif rng.random() < 0.2:
                status, first = "videreført", str(rng.choice([y for y in (2004, 2005) if y < year]))
            else:
                status, first = "ny", ""
            first_seen.setdefault(key, year)
            rows.append(
                {
                    "enhet_id": r["enhet_id"],
                    "ordning": r["ordning"],
                    "aar": year,
                    "tiltak_navn": name,
                    "kategori": category,
                    "malgruppe": "individ" if rng.random() < 0.55 else "alle",
                    "budsjett_nok": rng.randrange(low, high + 1, 1000),
                    "deltakere": "" if rng.random() < 0.15 else rng.randint(5, 120),
                    "status": status,
                    "forste_aar": first,
                }
            )
    # One name as municipalities write them: quotes and an ampersand, to be escaped on pages.
    rows[3]["tiltak_navn"] = "Leksehjelp & «Mat på skolen»"
    return rows


def _grants(rng: random.Random, reports: list[dict[str, Any]]) -> list[list[object]]:
    years: dict[tuple[str, str], set[int]] = {}
    for r in reports:
        years.setdefault((str(r["enhet_id"]), str(r["ordning"])), set()).add(int(r["aar"]))
    rows: list[list[object]] = []
    for uid, _name, _pop, _schemes, others in UNITS:
        for scheme in ("BLD", "AVDIR"):
            project_years = set(years.get((uid, scheme), set()))
            if not project_years:
                continue
            if scheme == "BLD" and rng.random() < 0.5:
                project_years |= {2004, 2005} if rng.random() < 0.5 else {2005}
            for year in sorted(project_years):
                rows.append([uid, scheme, year, rng.randrange(100_000, 1_200_001, 10_000)])
        for scheme in others:
            for year in (2007, 2008):
                rows.append([uid, scheme, year, rng.randrange(200_000, 2_000_001, 50_000)])
    return sorted(rows, key=lambda r: (r[0], PROGRAMME.scheme_codes.index(r[1]), r[2]))


# -- writers -----------------------------------------------------------------------------------
REPORT_COLUMNS = formats.header("rapporter")
MEASURE_COLUMNS = formats.header("tiltak")


def _write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    delimiter: str = ",",
    bom: bool = False,
) -> None:
    formats.write_csv(path, [header, *rows], delimiter, bom)


def _report_cells(r: dict[str, Any]) -> list[object]:
    cells = dict(r)
    cells["arsaker_ikke_nadd"] = "|".join(r["arsaker_ikke_nadd"])
    cells["suksessfaktorer"] = "|".join(r["suksessfaktorer"])
    return [cells[c] for c in REPORT_COLUMNS]


def _write_reporting(out: Path, reports: list[dict[str, Any]], measures: list[dict[str, Any]]) -> None:
    """2006 as ';'-separated CSV with BOM, 2007 as two workbooks, 2008 as one workbook."""
    for year in YEARS:
        folder = out / "reporting" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        rep = [_report_cells(r) for r in reports if r["aar"] == year]
        mea = [[m[c] for c in MEASURE_COLUMNS] for m in measures if m["aar"] == year]
        if year == 2006:
            # Thousands separators as people type them: space and no-break space.
            budget = MEASURE_COLUMNS.index("budsjett_nok")
            for i, row in enumerate(mea):
                row[budget] = f"{row[budget]:,}".replace(",", " " if i % 2 else "\u00a0")
            _write_csv(folder / "rapporter.csv", REPORT_COLUMNS, rep, ";", bom=True)
            _write_csv(folder / "tiltak.csv", MEASURE_COLUMNS, mea, ";", bom=True)
            continue
        sheets = [("rapporter", REPORT_COLUMNS, rep), ("tiltak", MEASURE_COLUMNS, mea)]
        books = [sheets] if year == 2008 else [[s] for s in sheets]
        for book in books:
            name = f"rapportering_{year}.xlsx" if len(book) == 2 else f"{book[0][0]}.xlsx"
            formats.write_xlsx(
                folder / name,
                {
                    title: [header, *([_xlsx_value(v) for v in row] for row in rows)]
                    for title, header, rows in book
                },
            )


def _xlsx_value(value: object) -> object:
    # Spreadsheets keep numbers as numbers: an id typed as 0301 comes back as 301.
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _write_survey(path: Path, rng: random.Random) -> None:
    respondents: list[tuple[str, str]] = []
    for scheme, n in SURVEY_RESPONDENTS.items():
        pool = sorted(p for p in projects() if p[1] == scheme)
        respondents += rng.sample(pool, n)
    rng.shuffle(respondents)
    n = len(respondents)
    data: dict[str, list[object]] = {
        "enhet_id": [u for u, _ in respondents],
        "ordning": [s for _, s in respondents],
    }

    def spread(counts: dict[int, int], size: int = n, fill: float | None = None) -> list[object]:
        values: list[object] = [c for c, k in counts.items() for _ in range(k)]
        values += [fill] * (size - len(values))
        rng.shuffle(values)
        return values

    for variable, counts in SURVEY_MARGINALS.items():
        data[variable] = spread(counts)
    established = [i for i, v in enumerate(data["nav_etablert"]) if v == 1]
    for variable, counts in NAV_HAS_MEANT.items():
        answers = spread(counts, len(established))
        column: list[object] = [None] * n
        for i, value in zip(established, answers, strict=True):
            column[i] = value
        data[variable] = column
    for partner, (very, agree) in COOPERATION.items():
        missing = 2 if partner == "naeringsliv" else 0
        valid = n - missing
        rest_i = valid - very
        importance = {1: very, 2: rest_i - rest_i // 3 - 1, 3: rest_i // 3, 5: 1}
        presence = {
            1: agree // 3,
            2: agree - agree // 3,
            3: (valid - agree) // 2,
            4: valid - agree - (valid - agree) // 2 - 1,
            5: 1,
        }
        data[f"viktig_{partner}"] = spread(importance, fill=USER_MISSING)
        data[f"tilstede_{partner}"] = spread(presence, fill=USER_MISSING)
    for actor, count in AGENCIES.items():
        data[f"drift_{actor}"] = spread({1: count, 0: n - count})

    frame = pd.DataFrame(data)
    numeric = [c for c in frame.columns if c not in input_files.SURVEY_KEY]
    labels = {
        v: {float(k): lab for k, lab in PROGRAMME.survey_codes(PROGRAMME.waves[0])[v].items()}
        for v in numeric
    }
    missing_ranges = {}
    for partner in COOPERATION:
        for prefix in ("viktig", "tilstede"):
            variable = f"{prefix}_{partner}"
            labels[variable][float(USER_MISSING)] = "ikke svart"
            missing_ranges[variable] = [float(USER_MISSING)]
    formats.write_sav(
        path,
        frame,
        file_label="Evaluering av tilskuddsordninger mot barnefattigdom 2009",
        variable_value_labels=labels,
        missing_ranges=missing_ranges,
    )


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _write_interviews(folder: Path, rng: random.Random) -> None:
    informants: list[list[object]] = []
    interview_ids: list[str] = []
    number = 0
    group_interviews = set(rng.sample(range(30), 11))  # 30 interviews, 41 informants
    titles = {
        "prosjektleder": ["prosjektleder"],
        "prosjektmedarbeider": ["prosjektmedarbeider"],
        "administrativ_leder": ["kommunalsjef", "barnevernleder", "NAV-leder", "rådmann"],
        "politiker": ["ordfører", "leder i oppvekstutvalget"],
    }
    for uid, count in CASE_UNITS:
        for _ in range(count):
            interview = f"INT{len(interview_ids) + 1:02d}"
            roles = ["prosjektleder", "administrativ_leder", "prosjektmedarbeider", "politiker"]
            size = 2 if len(interview_ids) in group_interviews else 1
            for role in rng.sample(roles[: 3 if size == 1 else 4], size):
                number += 1
                name = f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}"
                informants.append([f"I{number:03d}", interview, uid, role, rng.choice(titles[role]), name])
            interview_ids.append(interview)
    header = formats.header("informants", input_files.INFORMANT_NAME)
    _write_csv(folder / "informants.csv", header, informants)
    _write_qdpx(folder / "intervjuer.qdpx", interview_ids, rng)


def _write_qdpx(path: Path, interview_ids: list[str], rng: random.Random) -> None:
    """A REFI-QDA project: half the texts inline, half as Sources/ files."""
    code_guids: dict[str, str] = {}
    codebook: list[str] = []
    for code in [*PROGRAMME.themes, codes.QUOTE_CODE]:
        guid = _guid(rng)
        code_guids[code] = guid
        children = ""
        for child in texts.SUBCODES.get(code, []):
            child_guid = _guid(rng)
            code_guids[f"{code}/{child}"] = child_guid
            children += f'<Code guid="{child_guid}" name="{child}" isCodable="true"/>'
        codebook.append(f'<Code guid="{guid}" name="{code}" isCodable="true">{children}</Code>')

    weights = {
        "forstaelse": 8,
        "malgrupper": 7,
        "organisering": 7,
        "samarbeid": 9,
        "nav": 4,
        "tiltak": 8,
        "malsetting": 5,
        "videreforing": 8,
        "finansiering": 4,
        "ildsjeler": 4,
        "brukermedvirkning": 2,
    }
    sources: list[str] = []
    files: dict[str, str] = {}
    for index, interview in enumerate(interview_ids):
        themes = _weighted_sample(rng, weights, rng.randint(4, 7))
        text = ""
        selections: list[str] = []
        for theme in themes:
            passage = rng.choice(texts.PASSAGES[theme])
            text += "Intervjuer: Kan du fortelle om dette?\n"
            start = len(text)
            text += passage
            end = len(text)
            text += "\n\n"
            code = theme
            if theme in texts.SUBCODES and rng.random() < 0.4:
                code = f"{theme}/{rng.choice(texts.SUBCODES[theme])}"
            refs = f'<Coding guid="{_guid(rng)}"><CodeRef targetGUID="{code_guids[code]}"/></Coding>'
            if rng.random() < 0.3:
                refs += (
                    f'<Coding guid="{_guid(rng)}">'
                    f'<CodeRef targetGUID="{code_guids[codes.QUOTE_CODE]}"/></Coding>'
                )
            selections.append(
                f'<PlainTextSelection guid="{_guid(rng)}" name="{theme}" '
                f'startPosition="{start}" endPosition="{end}">{refs}</PlainTextSelection>'
            )
        guid = _guid(rng)
        if index % 2 == 0:
            body = f"<PlainTextContent>{escape(text)}</PlainTextContent>"
            attrs = ""
        else:
            files[f"Sources/{guid}.txt"] = text
            body = ""
            attrs = f" plainTextPath={quoteattr('internal://' + guid + '.txt')}"
        sources.append(
            f'<TextSource guid="{guid}" name="{interview}"{attrs}>{body}'
            + "".join(selections)
            + "</TextSource>"
        )
    project = (
        formats.qdpx_project(
            "".join(codebook),
            "".join(sources),
            name="Evaluering barnefattigdom 2009",
            declaration='<?xml version="1.0" encoding="utf-8"?>\n',
        )
        + "\n"
    )
    for stale in [*path.parent.glob("*.qdpx"), path.parent / "segments.csv"]:
        stale.unlink(missing_ok=True)
    formats.write_qdpx(path, project, files, date_time=(2009, 11, 12, 0, 0, 0))


def _write_low_income(path: Path, rng: random.Random) -> None:
    rows: list[list[object]] = []
    for uid, _name, population, _schemes, _others in UNITS:
        base = 14.0 if len(uid) == 6 else 5.0 + min(population, 120_000) / 40_000
        base += rng.uniform(-2.0, 6.0 if len(uid) == 6 else 2.5)
        for offset, year in enumerate(YEARS):
            rows.append([uid, year, f"{max(base + 0.3 * offset + rng.uniform(-0.4, 0.4), 0.5):.1f}"])
    _write_csv(path, formats.header("lavinntekt"), rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="data/sample", help="folder to write")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    print(f"wrote {generate(args.out, args.seed)}")


if __name__ == "__main__":
    main()
