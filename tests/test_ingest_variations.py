"""Every variation the data contract allows must load, with the same typed result."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import InvalidInput
from pipelines.ingest.fields import normalise_unit_id, parse_whole
from pipelines.ingest.read import load_inputs
from tests import fixtures as fx


def load(root: Path):
    return load_inputs(root, progress=lambda _m: None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0301", "0301"),
        ("301", "0301"),
        ("301.0", "0301"),
        ("030101", "030101"),
        ("30101", "030101"),
        ("30101.0", "030101"),
        (" 1201 ", "1201"),
        ("12", None),
        ("1234567", None),
        ("12a4", None),
        ("", None),
    ],
)
def test_unit_ids(raw: str, expected: str | None) -> None:
    assert normalise_unit_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("150000", 150000),
        ("150 000", 150000),
        ("150\u00a0000", 150000),
        ("1 150 000", 1150000),
        ("150000.0", 150000),
        ("0", 0),
        ("-5", -5),
        ("150,000", None),
        ("15 00", None),
        ("12.5", None),
        ("", None),
        ("1e5", None),
    ],
)
def test_whole_numbers(raw: str, expected: int | None) -> None:
    assert parse_whole(raw) == expected


def test_bom_semicolon_mixed_case_and_blank_lines(data_dir: Path) -> None:
    rows = [
        ["ENHET_ID ", " Navn", "InnByggere"],
        ["1201", "Bergen", "247 000"],
        [],
        ["30101", " Bydel Gamle Oslo ", "42\u00a0000"],
        ["1902", "Tromsø", "65000.0"],
        ["1933", "Balsfjord", ""],
    ]
    fx.write_csv(data_dir / "units.csv", rows, delimiter=";", bom=True)
    units = load(data_dir).staging["units"].set_index("enhet_id")
    assert list(units.index) == ["1201", "030101", "1902", "1933"]
    assert units.loc["030101", "navn"] == "Bydel Gamle Oslo"
    assert units["innbyggere"].tolist()[:3] == [247000, 42000, 65000]
    assert units.loc["1933", "size_class"] == "ukjent"
    assert units.loc["1902", "region"] == "Nord"


def test_codes_are_case_insensitive(data_dir: Path) -> None:
    reports = [row[:] for row in fx.REPORTS_2007]
    reports[1][1], reports[1][3], reports[1][5] = "bld", "ALLE", "Samarbeid|LEDELSE"
    fx.write_csv(data_dir / "reporting/2007/rapporter.csv", reports)
    measures = [row[:] for row in fx.MEASURES_2007]
    measures[2][8] = "Viderefort"
    fx.write_csv(data_dir / "reporting/2007/tiltak.csv", measures)
    loaded = load(data_dir)
    first = loaded.staging["rapporter"].iloc[0]
    assert (first["ordning"], first["mal_nadd"], first["suksessfaktorer"]) == (
        "BLD",
        "alle",
        "samarbeid|ledelse",
    )
    assert loaded.staging["tiltak"]["status"].tolist() == ["ny", "videreført", "ny"]


def test_blank_cells_are_not_answered(data_dir: Path) -> None:
    reports = load(data_dir).staging["rapporter"]
    last = reports.iloc[3]
    assert last["mal_nadd"] is None and last["videreforing"] is None
    assert last["arsaker_ikke_nadd"] == ""


def test_xlsx_pair_with_numbers_from_a_spreadsheet(data_dir: Path) -> None:
    folder = data_dir / "reporting" / "2007"
    for name in ("rapporter.csv", "tiltak.csv"):
        (folder / name).unlink()
    reports = [fx.REPORT_HEADER] + [
        [int(r[0]) if r[0].isdigit() else r[0], r[1], float(r[2]), *r[3:]] for r in fx.REPORTS_2007[1:]
    ]
    measures = [fx.MEASURE_HEADER] + [
        [
            int(m[0]),
            m[1],
            2007,
            m[3],
            m[4],
            m[5],
            float(m[6]),
            int(m[7]) if m[7] else None,
            m[8],
            int(m[9]) if m[9] else None,
        ]
        for m in fx.MEASURES_2007[1:]
    ]
    fx.write_xlsx(folder / "rapporter.xlsx", {"Ark1": reports})
    fx.write_xlsx(folder / "tiltak.xlsx", {"Ark1": measures})
    loaded = load(data_dir)
    assert loaded.staging["rapporter"]["enhet_id"].tolist() == ["1201", "1201", "030101", "1933"]
    assert loaded.staging["tiltak"]["budsjett_nok"].tolist() == [40000, 150000, 600000]
    assert loaded.raw["tiltak"]["_loc"].tolist()[0] == "sheet 'Ark1', row 2"


def test_one_workbook_with_two_sheets(data_dir: Path) -> None:
    folder = data_dir / "reporting" / "2007"
    for name in ("rapporter.csv", "tiltak.csv"):
        (folder / name).unlink()
    fx.write_xlsx(
        folder / "Rapportering 2007.xlsx", {"Rapporter": fx.REPORTS_2007, "tiltak": fx.MEASURES_2007}
    )
    loaded = load(data_dir)
    assert len(loaded.staging["rapporter"]) == 4
    assert len(loaded.staging["tiltak"]) == 3
    assert [f.n_rows for f in loaded.files if f.path.endswith(".xlsx")] == [7]


def test_years_come_from_the_folders(data_dir: Path) -> None:
    folder = data_dir / "reporting" / "2012"
    reports = [fx.REPORT_HEADER, ["1201", "BLD", "2012", "alle", "", "", "alle", "ja", "ja"]]
    fx.write_csv(folder / "rapporter.csv", reports)
    fx.write_csv(folder / "tiltak.csv", [fx.MEASURE_HEADER])
    loaded = load(data_dir)
    assert loaded.years == [2007, 2012]
    assert sorted(loaded.staging["rapporter"]["aar"].unique()) == [2007, 2012]
    only = load_inputs(data_dir, years=[2012], progress=lambda _m: None)
    assert only.staging["rapporter"]["aar"].tolist() == [2012]


def test_survey_missing_values(data_dir: Path) -> None:
    rows = [dict(fx.SURVEY_ROWS[0]), dict(fx.SURVEY_ROWS[1])]
    rows[0]["plan_forankret"] = 9  # declared user-missing
    rows[1]["nasjonale_mal"] = None  # system-missing
    rows[1]["extra_question"] = 42  # extra variables are ignored
    rows[0]["extra_question"] = 1
    fx.write_sav(
        data_dir / "survey" / "survey.sav",
        rows,
        missing_ranges={"plan_forankret": [9]},
        value_labels={"plan_forankret": {1.0: "ja", 9.0: "ikke svart"}},
    )
    survey = load(data_dir).staging["survey"]
    assert survey["plan_anchored"].isna().tolist() == [True, False]
    assert survey["national_goals"].isna().tolist() == [False, True]
    assert "extra_question" not in survey.columns
    assert survey["case_number"].tolist() == [1, 2]


def test_survey_numeric_unit_id_lost_leading_zero(data_dir: Path) -> None:
    rows = [dict(fx.SURVEY_ROWS[0]), {**fx.SURVEY_ROWS[1], "enhet_id": "30101", "ordning": "avdir"}]
    fx.write_sav(data_dir / "survey" / "survey.sav", rows)
    survey = load(data_dir).staging["survey"]
    assert survey[["enhet_id", "ordning"]].values.tolist() == [["1201", "BLD"], ["030101", "AVDIR"]]


CODEBOOK = (
    '<Code guid="c1" name="Samarbeid" isCodable="true">'
    '<Code guid="c2" name="skole" isCodable="true"/></Code>'
    '<Code guid="c3" name="forstaelse" isCodable="true"/>'
    '<Code guid="c4" name="sitat" isCodable="true"/>'
)


def test_qdpx_inline_and_sources_with_nested_codes(data_dir: Path) -> None:
    (data_dir / "interviews" / "segments.csv").unlink()
    text1 = "Ærlig talt: skolen ringer oss.\r\nBarna får ikke delta."
    text2 = "Fattigdom er et tungt ord."
    fx.write_qdpx(
        data_dir / "interviews" / "koding.qdpx",
        [
            {
                "name": "INT1",
                "text": text1,
                "inline": False,
                "selections": [(0, 30, ["c2", "c4"]), (32, 53, ["c3"])],
            },
            {"name": "INT2", "text": text2, "inline": True, "selections": [(0, 26, ["c1", "c3"])]},
        ],
        CODEBOOK,
    )
    segments = load(data_dir).staging["segments"]
    rows = segments[["intervju_id", "kode", "kode_full", "tekst", "sitat"]].values.tolist()
    assert rows == [
        ["INT1", "samarbeid", "samarbeid/skole", "Ærlig talt: skolen ringer oss.", True],
        ["INT1", "forstaelse", "forstaelse", "Barna får ikke delta.", False],
        ["INT2", "samarbeid", "samarbeid", "Fattigdom er et tungt ord.", False],
        ["INT2", "forstaelse", "forstaelse", "Fattigdom er et tungt ord.", False],
    ]


def test_regions_file_replaces_the_map(data_dir: Path) -> None:
    fx.write_csv(
        data_dir / "regions.csv",
        [["fylke", "region"], ["12", "Vestlandet"], ["3", "Hovedstaden"], ["19", "Nord"]],
    )
    units = load(data_dir).staging["units"].set_index("enhet_id")
    assert units["region"].to_dict() == {
        "1201": "Vestlandet",
        "030101": "Hovedstaden",
        "1902": "Nord",
        "1933": "Nord",
    }


def test_informant_names_are_dropped(data_dir: Path) -> None:
    loaded = load(data_dir)
    assert "navn" not in loaded.raw["informants"].columns
    assert "navn" not in loaded.staging["informants"].columns
    assert loaded.staging["informants"]["tittel"].tolist() == [
        "kommunalsjef",
        "prosjektleder",
        "prosjektmedarbeider",
    ]


def test_low_income_context_with_decimal_comma(data_dir: Path) -> None:
    fx.write_csv(
        data_dir / "context" / "lavinntekt.csv",
        [["enhet_id", "aar", "andel_barn_lavinntekt"], ["1201", "2007", "7,5"], ["30101", "2007", "21.25"]],
        delimiter=";",
    )
    context = load(data_dir).staging["lavinntekt"]
    assert context["andel_barn_lavinntekt"].tolist() == [7.5, 21.25]


def test_windows_1252_and_utf16_as_excel_saves_them(data_dir: Path) -> None:
    """«CSV (semikolondelt)» from Excel on Norwegian Windows, and «Unicode-tekst» (UTF-16)."""
    text = "enhet_id;navn;innbyggere\r\n1201;Bergen;247000\r\n030101;Bydel Gamle Oslo;42000\r\n"
    text += "1902;Tromsø;65000\r\n1933;Balsfjord;\r\n"
    (data_dir / "units.csv").write_bytes(text.replace("Balsfjord", "Bålsfjord").encode("cp1252"))
    names = load(data_dir).staging["units"]["navn"].tolist()
    assert names == ["Bergen", "Bydel Gamle Oslo", "Tromsø", "Bålsfjord"]
    (data_dir / "units.csv").write_bytes(text.encode("utf-16"))
    assert load(data_dir).staging["units"]["navn"].tolist()[2] == "Tromsø"


def test_header_names_are_normalised_before_any_rule(data_dir: Path) -> None:
    """A BOM, a zero-width space or a no-break space in a header is not a different column."""
    path = data_dir / "interviews" / "informants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = (
        lines[0]
        .replace("navn", "\ufeffNavn ")
        .replace("rolle", "ro\u200blle")
        .replace("informant_id", "Informant\u00a0ID".replace("\u00a0", "_"))
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load(data_dir)
    assert "navn" not in loaded.raw["informants"].columns
    assert loaded.staging["informants"]["rolle"].tolist()[0] == "administrativ_leder"


def test_informants_keep_only_the_contract_columns(data_dir: Path, caplog) -> None:
    """Personal data beyond the contract (an e-mail column) is dropped on read and named, by
    column only, in a warning; a stray comma never puts a name into an error."""
    path = data_dir / "interviews" / "informants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",e_post"] + [line + ",kari@example.no" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    logger = logging.getLogger("grant_eval")  # the command line stops it propagating
    logger.addHandler(caplog.handler)
    try:
        loaded = load(data_dir)
    finally:
        logger.removeHandler(caplog.handler)
    assert set(loaded.raw["informants"].columns) == {
        "_file",
        "informant_id",
        "intervju_id",
        "enhet_id",
        "rolle",
        "tittel",
        "_loc",
    }
    assert "e_post" in caplog.text and "kari@example.no" not in caplog.text

    lines[1] = "I1,INT1,1201,administrativ_leder,kommunalsjef,Moen, Kari,x@y.no"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        load(data_dir)
    assert "Kari" not in raised.value.report() and "x@y" not in raised.value.report()
    assert [e.code for e in raised.value.errors] == [Problem.EXTRA_CELLS]
