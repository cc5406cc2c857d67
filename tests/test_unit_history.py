"""Unit identity across municipal reforms (contract section 1): the bundled KLASS change list,
and how each input's unit ids are resolved through it, on small hand-made fixtures."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog, InputError, InvalidInput
from pipelines.ingest.loading import Loaded
from pipelines.ingest.read import load_inputs
from pipelines.ingest.unit_history import BUNDLED, Change, UnitHistory, history_version, read_history
from pipelines.settings import DEFAULT_DATA_DIR
from tests import fixtures as fx
from tests.conftest import Built, build_plain
from tests.helpers import marts

SAMPLE_2024 = DEFAULT_DATA_DIR.parent / "sample-2024"


@pytest.fixture(scope="module")
def bundled() -> UnitHistory:
    errors = ErrorLog()
    history, own = read_history(Path("/nonexistent"), errors)
    assert not errors and own is None
    return history


@pytest.mark.parametrize(
    ("code", "later"),
    [
        ("1902", ["5401", "5501"]),  # Tromsø: Troms og Finnmark 2020, Troms 2024
        ("1201", ["4601"]),  # Bergen: Vestland 2020
        ("1601", ["5001"]),  # Trondheim: Trøndelag 2018
        ("0625", ["3005", "3301"]),  # Nedre Eiker into Drammen 2020, Buskerud 2024
        ("1534", ["1507", "1508", "1580"]),  # Haram into Ålesund 2020, split again 2024
        ("1556", ["1505"]),  # Frei into Kristiansund, 2008
        ("1572", ["1576"]),  # Tustna into Aure, 2006
        ("1723", ["1756", "5053"]),  # Mosvik into Inderøy 2012, Trøndelag 2018
        ("1915", ["1903", "5402", "5503"]),  # Bjarkøy into Harstad 2013
        ("0301", []),  # Oslo keeps its number
    ],
)
def test_bundled_chains_forward(bundled: UnitHistory, code: str, later: list[str]) -> None:
    assert bundled.successors(code) == later


def test_bundled_merger_and_split_backward(bundled: UnitHistory) -> None:
    assert sorted(bundled.predecessors("3301")) == ["0602", "0625", "0711", "3005"]
    assert sorted(bundled.predecessors("1580")) == ["1504", "1507", "1523", "1529", "1534", "1546"]
    # a sibling of a merger is never "connected": Nedre Eiker does not continue Svelvik
    assert "0711" not in bundled.connected("0625")


def test_bundled_covers_2006_to_2024(bundled: UnitHistory) -> None:
    years = {c.year for c in bundled.changes}
    assert min(years) == 2006 and max(years) == 2024
    # 2024: the three split counties (113 numbers) and Ålesund/Haram
    assert sum(c.year == 2024 for c in bundled.changes) == 115
    assert bundled.describe("3301") == (
        "Drammen (3301, from 2024) continues 0602 Drammen, 0625 Nedre Eiker, 0711 Svelvik (via 3005, 2020)"
    )
    assert bundled.describe("1902") == "Tromsø (1902, until 2019) became 5501 Tromsø (via 5401, 2020)"


# -- resolution on the fixture: units 1201 Bergen, 030101, 1902 Tromsø, 1933 Balsfjord -------


def _add_year_2024(root: Path, reports: list[list[str]], measures: list[list[str]] | None = None) -> None:
    rows = [[*r[:2], "2024", "alle", "", "", "alle", "ja", "ja"] for r in reports]
    fx.write_csv(root / "reporting" / "2024" / "rapporter.csv", [fx.REPORT_HEADER, *rows])
    fx.write_csv(root / "reporting" / "2024" / "tiltak.csv", [fx.MEASURE_HEADER, *(measures or [])])


def _grants(root: Path, *rows: list[str]) -> None:
    fx.write_csv(root / "grants.csv", [*fx.GRANTS, *rows])


def _units(root: Path, *rows: list[str]) -> None:
    fx.write_csv(root / "units.csv", [*fx.UNITS, *rows])


def _load(root: Path) -> Loaded:
    return load_inputs(root, progress=lambda _m: None)


def _errors(root: Path) -> list[InputError]:
    with pytest.raises(InvalidInput) as raised:
        _load(root)
    return raised.value.errors


def test_renumbered_unit_reports_into_its_old_project(data_dir: Path) -> None:
    _grants(data_dir, ["5501", "BLD", "2024", "250000"])
    measure = ["5501", "BLD", "2024", "Sommerjobb", "arbeid", "individ", "90000", "8", "ny", ""]
    _add_year_2024(data_dir, [["5501", "BLD"]], [measure])
    loaded = _load(data_dir)
    for table in ("grants", "rapporter", "tiltak"):
        frame = loaded.staging[table]
        row = frame[frame["enhet_id_rapportert"] == "5501"]
        assert row["enhet_id"].tolist() == ["1902"], table
    # listed ids are kept as written
    grants = loaded.staging["grants"]
    assert (grants["enhet_id"] == grants["enhet_id_rapportert"]).sum() == len(fx.GRANTS) - 1


def test_survey_answer_under_a_new_number(data_dir: Path) -> None:
    fx.write_sav(data_dir / "survey" / "survey.sav", [{**fx.SURVEY_ROWS[0], "enhet_id": "4601"}])
    survey = _load(data_dir).staging["survey"]
    assert survey[["enhet_id", "enhet_id_rapportert", "ordning"]].values.tolist() == [["1201", "4601", "BLD"]]


def test_merger_with_two_grantees_is_an_error_naming_both(data_dir: Path) -> None:
    _units(data_dir, ["0602", "Drammen", "59000"], ["0625", "Nedre Eiker", "22000"])
    _grants(data_dir, ["0602", "BLD", "2007", "100000"], ["0625", "BLD", "2007", "100000"])
    _add_year_2024(data_dir, [["3301", "BLD"]])
    errors = _errors(data_dir)
    assert [(e.file, e.location, e.column, e.value, e.code) for e in errors] == [
        ("reporting/2024/rapporter.csv", "line 2", "enhet_id", "3301", Problem.AMBIGUOUS_UNIT)
    ]
    assert errors[0].rule == (
        "Drammen (3301, from 2024) continues 0602 Drammen, 0625 Nedre Eiker, 0711 Svelvik "
        "(via 3005, 2020); 0602 and 0625 both have a BLD project: name the unit in units.csv or "
        "report under its old number"
    )


def test_merger_with_one_grantee_is_resolved(data_dir: Path) -> None:
    _units(data_dir, ["0602", "Drammen", "59000"], ["0625", "Nedre Eiker", "22000"])
    _grants(data_dir, ["0602", "BLD", "2007", "100000"], ["0625", "AVDIR", "2007", "100000"])
    _add_year_2024(data_dir, [["3301", "BLD"], ["3301", "AVDIR"]])
    reports = _load(data_dir).staging["rapporter"]
    latest = reports[reports["aar"] == 2024]
    assert latest[["enhet_id", "ordning"]].values.tolist() == [["0602", "BLD"], ["0625", "AVDIR"]]


def test_split_resolves_to_the_one_listed_predecessor(data_dir: Path) -> None:
    _units(data_dir, ["1504", "Ålesund", "41000"])
    _grants(data_dir, ["1504", "AVDIR", "2007", "100000"])
    _add_year_2024(data_dir, [["1508", "AVDIR"]])
    reports = _load(data_dir).staging["rapporter"]
    assert reports.loc[reports["aar"] == 2024, "enhet_id"].tolist() == ["1504"]


def test_connected_unit_without_the_scheme_is_not_a_project(data_dir: Path) -> None:
    _add_year_2024(data_dir, [["5532", "BLD"]])  # Balsfjord 1933 has only an AVDIR project
    errors = _errors(data_dir)
    assert [(e.location, e.value, e.code) for e in errors] == [("line 2", "5532", Problem.NOT_A_PROJECT)]
    assert "1933 Balsfjord in units.csv has no BLD project" in errors[0].rule


def test_id_outside_the_history_names_the_history(data_dir: Path) -> None:
    _add_year_2024(data_dir, [["9999", "BLD"]])
    errors = _errors(data_dir)
    assert [(e.value, e.code) for e in errors] == [("9999", Problem.UNKNOWN_UNIT)]
    assert "bundled with grant-eval" in errors[0].rule


def test_own_change_list_replaces_the_bundled_one(data_dir: Path) -> None:
    """KLASS's own CSV shape: ';', ISO-8859-1, extra columns, a code coming into existence."""
    text = (
        "oldCode;oldName;oldShortName;newCode;newName;newShortName;changeOccurred\n"
        "1902;Tromsø;;9902;Tromsø by;;2030-01-01\n"
        ";;;9903;Ny kommune;;2030-01-01\n"
    )
    (data_dir / "reference").mkdir()
    (data_dir / "reference" / "kommuneendringer.csv").write_bytes(text.encode("latin-1"))
    _grants(data_dir, ["9902", "BLD", "2030", "100000"])
    loaded = _load(data_dir)
    grants = loaded.staging["grants"]
    assert grants.loc[grants["enhet_id_rapportert"] == "9902", "enhet_id"].tolist() == ["1902"]
    changes = loaded.staging["unit_changes"]
    assert changes.values.tolist() == [
        ["1902", "Tromsø", "9902", "Tromsø by", 2030, "reference/kommuneendringer.csv"]
    ]
    # the bundled history no longer applies
    _grants(data_dir, ["5501", "BLD", "2024", "100000"])
    assert [(e.value, e.code) for e in _errors(data_dir)] == [("5501", Problem.UNKNOWN_UNIT)]


def test_history_version_names_the_file_used(data_dir: Path) -> None:
    """meta.build_info.unit_history: which change history a build followed."""
    bundled = hashlib.sha256(BUNDLED.read_bytes()).hexdigest()[:12]
    assert history_version(data_dir) == f"bundled sha256:{bundled}"
    (data_dir / "reference").mkdir()
    (data_dir / "reference" / "kommuneendringer.csv").write_bytes(b"oldCode,newCode,changeOccurred\n")
    own = hashlib.sha256(b"oldCode,newCode,changeOccurred\n").hexdigest()[:12]
    assert history_version(data_dir) == f"reference/kommuneendringer.csv sha256:{own}"


def test_bad_change_list_names_line_and_column(data_dir: Path) -> None:
    (data_dir / "reference").mkdir()
    (data_dir / "reference" / "kommuneendringer.csv").write_text(
        "oldCode,oldName,newCode,newName,changeOccurred\n1902,Tromsø,5401,Tromsø,1.1.2020\n"
        "19x2,Tromsø,5401,Tromsø,2020-01-01\n",
        encoding="utf-8",
    )
    found = [(e.file, e.location, e.column, e.value, e.code) for e in _errors(data_dir)]
    assert found == [
        ("reference/kommuneendringer.csv", "line 3", "oldcode", "19x2", Problem.BAD_UNIT_ID),
        ("reference/kommuneendringer.csv", "line 2", "changeoccurred", "1.1.2020", Problem.BAD_DATE),
    ]


# -- data/sample-2024: the sample plus a 2024 year under today's numbers ------------------------


@pytest.fixture(scope="module")
def build_2024(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_plain(SAMPLE_2024, tmp_path_factory.mktemp("sample_2024"))


def test_2024_keeps_the_evaluated_years(build_2024: Built, sample_build: Built) -> None:
    """Adding 2024 under new numbers changes none of the 2006–2008 figures, and the survey's
    response stays 62 of 86: Alta's project, new in 2024, was never asked."""
    new, old = marts(build_2024.warehouse), marts(sample_build.warehouse)
    for table in ("response", "national_goals", "cooperation_gaps", "continuation_survey"):
        assert new[table] == old[table], table
    with duckdb.connect(str(build_2024.warehouse), read_only=True) as con:
        for table in ("goal_attainment", "goal_reasons", "measures_by_year", "measure_categories"):
            rows = con.sql(f"SELECT * FROM marts.{table} WHERE aar < 2009 ORDER BY ALL").fetchall()
            with duckdb.connect(str(sample_build.warehouse), read_only=True) as before:
                assert rows == before.sql(f"SELECT * FROM marts.{table} ORDER BY ALL").fetchall(), table
        total = con.sql("SELECT n_projects, n_respondents FROM marts.response WHERE dimension = 'total'")
        assert total.fetchall() == [(86, 62)]
        assert con.sql("SELECT count(*) FROM marts.projects").fetchall() == [(87,)]


def test_2024_reports_land_in_their_old_projects(build_2024: Built) -> None:
    with duckdb.connect(str(build_2024.warehouse), read_only=True) as con:
        reported = con.sql(
            """SELECT enhet_id_rapportert, ordning, enhet_id FROM staging.rapporter
               WHERE aar = 2024 ORDER BY 1, 2"""
        ).fetchall()
        names = con.sql(
            "SELECT navn FROM staging.units WHERE enhet_id IN ('0219', '1504', '1902')"
        ).fetchall()
        alta = con.sql(
            "SELECT region, first_year, in_survey_frame FROM marts.projects WHERE enhet_id = '5601'"
        ).fetchall()
    assert reported == [
        ("1508", "BLD", "1504"),  # Ålesund, split in 2024
        ("3201", "AVDIR", "0219"),
        ("3201", "BLD", "0219"),
        ("3301", "BLD", "0602"),  # Drammen's merger: only 0602 has a BLD project
        ("4601", "AVDIR", "1201"),
        ("4601", "BLD", "1201"),
        ("5001", "AVDIR", "1601"),
        ("5001", "BLD", "1601"),
        ("5501", "AVDIR", "1902"),
        ("5501", "BLD", "1902"),
        ("5601", "BLD", "5601"),  # a new unit in a modern county
    ]
    # units.csv is Windows-1252: the names come through intact
    assert sorted(r[0] for r in names) == ["Bærum", "Tromsø", "Ålesund"]
    assert alta == [("Nord", 2024, False)]


def test_a_number_given_up_and_taken_back_is_one_unit(data_dir: Path) -> None:
    """1902 → 5401 (2020) → 1902 (2024): a report under 5401 is Tromsø's, not an ambiguity
    between «1902 and 1902»."""
    (data_dir / "reference").mkdir()
    (data_dir / "reference" / "kommuneendringer.csv").write_text(
        "oldCode,oldName,newCode,newName,changeOccurred\n"
        "1902,Tromsø,5401,Tromsø,2020-01-01\n"
        "5401,Tromsø,1902,Tromsø,2024-01-01\n",
        encoding="utf-8",
    )
    _add_year_2024(data_dir, [["5401", "BLD"]])
    loaded = _load(data_dir)
    reports = loaded.staging["rapporter"]
    latest = reports[reports["aar"] == 2024]
    assert latest[["enhet_id", "enhet_id_rapportert", "ordning"]].values.tolist() == [["1902", "5401", "BLD"]]
    history = UnitHistory(
        [Change("1902", "Tromsø", "5401", "Tromsø", 2020), Change("5401", "Tromsø", "1902", "Tromsø", 2024)],
        "test",
    )
    assert history.connected("5401") == ["1902"]
    assert history.connected("1902") == ["5401"]
    assert history.describe("5401") == "Tromsø (5401, from 2020) continues 1902 Tromsø and became 1902 Tromsø"
