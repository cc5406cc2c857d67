"""data/sample-lineage is what its generator writes, and it holds the lineage as contract §8
describes it: the sample's 2006–2008, later years under each scheme of `barnefattigdom`,
organisations, the 2022 form's activities and criteria, and a 2023 survey wave."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pyreadstat

from devtools.sample.lineage import generate_lineage
from pipelines.contract.programme_files import BUNDLED_DIR, bundled
from pipelines.settings import DEFAULT_DATA_DIR

LINEAGE = DEFAULT_DATA_DIR.parent / "sample-lineage"
SAMPLE_2024 = DEFAULT_DATA_DIR.parent / "sample-2024"
PROGRAMME = bundled("barnefattigdom")
NEW_FORM_YEARS = (2022, 2023, 2024, 2025)
AGES = ("deltakere_0_5", "deltakere_6_12", "deltakere_13_15", "deltakere_16_19", "deltakere_20_24")
GENDERS = ("deltakere_jenter", "deltakere_gutter")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reports(year: int, file: str = "rapporter") -> list[dict[str, str]]:
    return read(LINEAGE / "reporting" / str(year) / f"{file}.csv")


def whole(value: str) -> int | None:
    return None if value == "" else int(value)


def passes_modulus_11(number: str) -> bool:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(w * int(d) for w, d in zip(weights, number[:8], strict=True)) % 11
    check = (11 - remainder) % 11
    return check != 10 and check == int(number[8])


def grants() -> dict[tuple[str, str, int], dict[str, str]]:
    return {(g["enhet_id"], g["ordning"], int(g["aar"])): g for g in read(LINEAGE / "grants.csv")}


def test_generator_reproduces_the_committed_lineage(tmp_path: Path) -> None:
    fresh = generate_lineage(tmp_path / "lineage")
    committed = sorted(p.relative_to(LINEAGE) for p in LINEAGE.rglob("*") if p.is_file())
    assert committed == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    for relative in committed:
        old, new = LINEAGE / relative, fresh / relative
        if relative.suffix == ".xlsx":  # the sample's 2007 and 2008 workbooks carry a save time
            a, b = pd.read_excel(old, sheet_name=None), pd.read_excel(new, sheet_name=None)
            assert a.keys() == b.keys()
            for sheet in a:
                pd.testing.assert_frame_equal(a[sheet], b[sheet])
        else:  # CSV, JSON, .qdpx, and .sav with its creation time fixed by the generator
            assert old.read_bytes() == new.read_bytes(), relative


def test_it_holds_the_sample_and_the_files_it_copies() -> None:
    same = ["reporting/2006/rapporter.csv", "reporting/2006/tiltak.csv", "context/lavinntekt.csv"]
    for relative in [*same, "interviews/informants.csv", "interviews/intervjuer.qdpx"]:
        assert (LINEAGE / relative).read_bytes() == (DEFAULT_DATA_DIR / relative).read_bytes(), relative
    for relative in ("reporting/2007/rapporter.xlsx", "reporting/2008/rapportering_2008.xlsx"):
        a = pd.read_excel(LINEAGE / relative, sheet_name=None)
        b = pd.read_excel(DEFAULT_DATA_DIR / relative, sheet_name=None)
        for sheet in a:
            pd.testing.assert_frame_equal(a[sheet], b[sheet])
    wave_2009 = "survey/sporreskjema_2009.sav"
    (a, meta_a), (b, meta_b) = (pyreadstat.read_sav(str(d / wave_2009)) for d in (LINEAGE, DEFAULT_DATA_DIR))
    pd.testing.assert_frame_equal(a, b)
    assert meta_a.missing_ranges == meta_b.missing_ranges
    copied = ["context/08764_barn_lavinntekt.csv", "context/12944_vedvarende_lavinntekt.json"]
    for relative in ["reference/kommuneendringer.csv", *copied]:
        assert (LINEAGE / relative).read_bytes() == (SAMPLE_2024 / relative).read_bytes(), relative
    # programme/ is barnefattigdom as `grant-eval programme init` copies it
    bundled_files = sorted(p.name for p in (BUNDLED_DIR / "barnefattigdom").iterdir())
    assert sorted(p.name for p in (LINEAGE / "programme").iterdir()) == bundled_files
    for name in bundled_files:
        assert (LINEAGE / "programme" / name).read_bytes() == (
            BUNDLED_DIR / "barnefattigdom" / name
        ).read_bytes()


def test_reporting_years_and_schemes() -> None:
    years = sorted(int(p.name) for p in (LINEAGE / "reporting").iterdir())
    assert years == [2006, 2007, 2008, 2012, 2016, 2018, 2020, 2022, 2023, 2024, 2025]
    by_year = {y: dict(Counter(r["ordning"] for r in reports(y))) for y in years if y > 2008}
    assert by_year == {
        2012: {"BLD": 10, "AVDIR": 14},
        2016: {"BLD": 8, "AVDIR": 12},
        2018: {"NASJONAL": 13},
        2020: {"NASJONAL": 14},
        2022: {"INKLUDERING": 12},
        2023: {"INKLUDERING": 12},
        2024: {"INKLUDERING": 11},
        2025: {"INKLUDERING": 13},
    }
    organisations = {y: sum(len(r["enhet_id"]) == 9 for r in reports(y)) for y in years if y > 2008}
    assert organisations == {2012: 0, 2016: 0, 2018: 1, 2020: 2, 2022: 3, 2023: 4, 2024: 3, 2025: 4}
    given = grants()
    for year in years:
        if year <= 2008:
            continue
        for row in reports(year):  # every report's project has this year's grant
            assert (row["enhet_id"], row["ordning"], year) in given
        # each year's files have the columns of that year's form
        for file in ("rapporter", "tiltak"):
            header = next(
                csv.reader((LINEAGE / "reporting" / str(year) / f"{file}.csv").open(encoding="utf-8"))
            )
            assert header == PROGRAMME.input_file(file, year).header  # type: ignore[union-attr]


def test_units_and_organisations() -> None:
    assert passes_modulus_11("974760673") and not passes_modulus_11("974760672")  # Brønnøysund
    units = read(LINEAGE / "units.csv")
    assert list(units[0]) == ["enhet_id", "navn", "innbyggere", "kommune"]
    organisations = [u for u in units if len(u["enhet_id"]) == 9]
    assert len(units) == 72 and len(organisations) == 5
    ids = {u["enhet_id"] for u in units}
    for unit in units:
        if len(unit["enhet_id"]) == 9:
            assert passes_modulus_11(unit["enhet_id"]), unit
            assert unit["kommune"] in ids or unit["kommune"] == "5501", unit  # 5501 Tromsø: was 1902
            assert len(unit["kommune"]) == 4
        else:
            assert unit["kommune"] == "", unit


def test_grants_lie_within_their_schemes() -> None:
    rows = read(LINEAGE / "grants.csv")
    assert len(rows) == len(grants())  # one grant per unit, scheme and year
    by_scheme = Counter(r["ordning"] for r in rows)
    assert by_scheme == {
        "BLD": 127,
        "AVDIR": 146,
        "NASJONAL": 27,
        "INKLUDERING": 49,
        "BUT": 44,
        "UNGE_UTENFOR": 14,
        "UTSATTE_UNGE": 18,
        "NORDLAND": 8,
    }
    kinds = {4: "kommune", 6: "bydel", 9: "organisasjon"}
    for row in rows:
        scheme = PROGRAMME.scheme(row["ordning"])
        assert scheme.runs_in(int(row["aar"])), row
        assert kinds[len(row["enhet_id"])] in scheme.recipients, row
        if row["soknad_nok"]:
            assert int(row["soknad_nok"]) >= int(row["belop_nok"]) > 0, row
    applied = [r for r in rows if r["soknad_nok"]]
    assert len(applied) == 54 and {r["ordning"] for r in applied} == {"NASJONAL", "INKLUDERING"}
    assert any(r["soknad_nok"] == r["belop_nok"] for r in applied)


def test_the_2022_form_activities() -> None:
    given = grants()
    types = PROGRAMME.codes("aktivitetstype").values
    granted: defaultdict[tuple[str, str, int], int] = defaultdict(int)
    used, unspent, blank_used = 0, 0, 0
    for year in NEW_FORM_YEARS:
        rows = reports(year, "tiltak")
        assert sorted({r["aktivitetstype"] for r in rows}) == sorted(types), year  # every type, every year
        for row in rows:
            granted[(row["enhet_id"], row["ordning"], year)] += int(row["tilskudd_nok"])
            spent = whole(row["brukt_nok"])
            if spent is None:
                blank_used += 1
            else:
                assert 0 <= spent <= int(row["tilskudd_nok"]), row
                used += spent == int(row["tilskudd_nok"])
                unspent += spent < int(row["tilskudd_nok"])
            total = whole(row["deltakere"])
            parts = ["deltakere_malgruppe", *AGES, *GENDERS]
            if total is None:  # no breakdown without the whole
                assert all(row[c] == "" for c in parts), row
                continue
            counts = {c: whole(row[c]) for c in parts}
            assert (counts["deltakere_malgruppe"] or 0) <= total, row
            assert sum(counts[c] or 0 for c in AGES) <= total, row
            assert sum(counts[c] or 0 for c in GENDERS) <= total, row
            if row["aktivitetstype"] in ("los", "moteplass"):
                assert row["deltakere_0_5"] in ("", "0"), row
            if row["status"] == "ny":
                assert row["forste_aar"] == "", row
            else:
                assert int(row["forste_aar"]) <= year, row
    assert used and unspent and blank_used  # grants used in full, in part, and not yet accounted for
    for project_year, total in granted.items():  # a project's activities within its grant
        assert total <= int(given[project_year]["belop_nok"]), project_year
    assert any(total == int(given[p]["belop_nok"]) for p, total in granted.items())
    assert sum(len(reports(y, "tiltak")) for y in NEW_FORM_YEARS) == 142


def test_the_2022_form_criteria() -> None:
    criteria = set(PROGRAMME.codes("kriterium").values)
    reached_all = 0
    for year in NEW_FORM_YEARS:
        for row in reports(year):
            aimed = set(row["kriterier_mal"].split("|"))
            reached = set(row["kriterier_nadd"].split("|")) - {""}
            assert aimed and aimed <= criteria, row
            assert reached <= aimed, row
            if reached == aimed:
                reached_all += 1
                assert row["arsaker_ikke_nadd"] == "", row  # reasons only where one was missed
    assert 0 < reached_all < 48


def test_the_later_survey_wave() -> None:
    year = 2023
    data, meta = pyreadstat.read_sav(str(LINEAGE / "survey" / f"sporreskjema_{year}.sav"))
    wave = PROGRAMME.wave_for(year)
    assert wave is not None and wave.frame_years == 3
    assert list(data.columns) == ["enhet_id", "ordning", *(i.variable for i in wave.items)]
    assert not [c for c in data.columns if c.startswith("nav_")]
    frame = {
        (unit, scheme)
        for unit, scheme, aar in grants()
        if scheme in PROGRAMME.evaluated and year - wave.frame_years <= aar < year
    }
    respondents = set(zip(data["enhet_id"], data["ordning"], strict=True))
    assert len(respondents) == len(data) == 18 and respondents <= frame and len(frame) == 26
    assert Counter(data["ordning"]) == {"NASJONAL": 9, "INKLUDERING": 9}
    assert any(len(unit) == 9 for unit, _ in respondents)
    for item in wave.items:  # the 2009 codes
        codes = {float(c) for c in PROGRAMME.codes(item.code_list).values}
        assert set(data[item.variable].dropna()) <= codes, item.variable
        assert set(meta.variable_value_labels[item.variable]) == codes, item.variable


def test_check_finds_nothing_wrong_but_what_the_loader_cannot_read_yet(cli) -> None:
    """`grant-eval check` on the lineage: no error but, until the loader reads organisations
    (contract §1, issue 18 item 3), the one an organisation's 9-digit number raises today. Once it
    does, the check passes, and the tolerance below can go."""
    result = cli("check", "-q", "--data-dir", str(LINEAGE))
    errors = [line for line in result.err.splitlines() if line.startswith("  ")]
    assert not [e for e in errors if e.startswith("  ... and")], "more errors than are reported"
    unread = [e for e in errors if re.search(r"column enhet_id: value '\d{9}': must be a unit id", e)]
    assert errors == unread
    assert result.code == (1 if unread else 0), result.err
