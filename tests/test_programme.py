"""The programme as data (contract §7, §8): the bundled definitions, the format's errors, the
lineage's rules on a hand-made 2022 fixture with exact values, and a third definition written
only here that evaluates with no code change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from devtools import formats
from pipelines.build import build
from pipelines.contract.problems import Problem
from pipelines.contract.programme_files import bundled, bundled_names, docs, init_programme
from pipelines.ingest.errors import InputError, InvalidInput
from pipelines.ingest.read import load_inputs
from pipelines.settings import PROJECT_ROOT
from tests import fixtures as fx
from tests import lineage_fixture as lf


def _errors(data_dir: Path) -> list[InputError]:
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data_dir, progress=lambda _m: None)
    return raised.value.errors


def _replace_all(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the bundled definitions ------------------------------------------------------------------
def test_bundled_definitions() -> None:
    assert bundled_names() == ["barnefattigdom", "evaluering-2009"]
    assert bundled().evaluated == ("BLD", "AVDIR")
    lineage = bundled("barnefattigdom")
    assert lineage.evaluated == ("BLD", "AVDIR", "NASJONAL", "INKLUDERING")
    assert [(s.code, s.years, s.successor) for s in lineage.schemes if s.evaluated] == [
        ("BLD", "2004–2016", "NASJONAL"),
        ("AVDIR", "2006–2016", "NASJONAL"),
        ("NASJONAL", "2017–2021", "INKLUDERING"),
        ("INKLUDERING", "2022–", ""),
    ]
    assert [f.period for f in lineage.forms] == ["2004–2021", "2022–"]
    assert [w.year for w in lineage.waves] == [2009, 2023]
    assert not any(i.item.startswith("nav_") for i in lineage.waves[1].items)


def test_docs_programme_is_current() -> None:
    assert (PROJECT_ROOT / "docs" / "programme.md").read_text(encoding="utf-8") == docs()


def test_programme_list_and_init(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listed = cli("programme", "list")
    assert listed.code == 0
    assert listed.out.splitlines()[0].startswith("barnefattigdom: ")
    assert "evaluering-2009: " in listed.out and "(default" in listed.out
    made = cli("programme", "init", "--from", "barnefattigdom", "--data-dir", str(tmp_path))
    assert made.code == 0
    written = sorted(p.name for p in (tmp_path / "programme").iterdir())
    assert written == sorted(bundled("barnefattigdom").files)
    again = cli("programme", "init", "--from", "evaluering-2009", "--data-dir", str(tmp_path))
    assert again.code == 2 and "exists" in again.err
    unknown = cli("programme", "init", "--from", "nope", "--data-dir", str(tmp_path / "x"))
    assert unknown.code == 2 and "no bundled programme named 'nope'" in unknown.err


# -- the definition's errors: file, line, key, value, code ------------------------------------
Edit = Callable[[Path], None]


def edit(file: str, old: str, new: str) -> Edit:
    return lambda programme: _edit(programme / file, old, new)


DEFINITION_CASES: list[tuple[str, Edit, tuple[str, str, str, str, Problem]]] = [
    (
        "unknown key",
        edit("program.csv", "alle_kortnavn;I alt", "alle_kortnavnet;I alt"),
        ("programme/program.csv", "line 7", "nokkel", "alle_kortnavnet", Problem.UNKNOWN_KEY),
    ),
    (
        "missing key",
        edit("program.csv", "alle_kortnavn;I alt\n", ""),
        ("programme/program.csv", "", "nokkel", "alle_kortnavn", Problem.MISSING_KEY),
    ),
    (
        "unknown successor",
        edit("ordninger.csv", "BUT;Barne- og ungdomstiltak i større bysamfunn;;Bufdir;;;nei;kommune|bydel;;",
             "BUT;Barne- og ungdomstiltak i større bysamfunn;;Bufdir;;;nei;kommune|bydel;NYTT;"),
        ("programme/ordninger.csv", "line 6", "etterfolger", "NYTT", Problem.UNKNOWN_SCHEME),
    ),
    (
        "unknown code list",
        edit("skjema.csv", ";;tiltak;kategori;kategori;kode;kategori;", ";;tiltak;kategori;kategori;kode;kategorier;"),  # noqa: E501
        ("programme/skjema.csv", "line 11", "liste", "kategorier", Problem.UNKNOWN_LIST),
    ),
    (
        "unknown concept",
        edit("skjema.csv", ";;tiltak;deltakere;deltakere;", ";;tiltak;deltakere;deltagere;"),
        ("programme/skjema.csv", "line 14", "begrep", "deltagere", Problem.UNKNOWN_CONCEPT),
    ),
    (
        "a crosswalk to a code that does not exist",
        edit("kodelister.csv", "status;ny;Ny;;;", "status;ny;Ny;;;kategori:sport"),
        ("programme/kodelister.csv", "line 37", "serie", "kategori:sport", Problem.BAD_CROSSWALK),
    ),
    (
        "a rule of no known kind",
        edit("skjema.csv", ";;tiltak;deltakere;deltakere;heltall;;ja;;;", ";;tiltak;deltakere;deltakere;heltall;;ja;;storre_enn:budsjett_nok;"),  # noqa: E501
        ("programme/skjema.csv", "line 14", "regel", "storre_enn:budsjett_nok", Problem.BAD_RULE),
    ),
    (
        "overlapping form periods",
        lambda p: (p / "skjema.csv").write_text(
            (p / "skjema.csv").read_text(encoding="utf-8").replace("\n;;", "\n;2010;")
            + "2008;;rapporter;mal_nadd;mal_nadd;kode;mal_nadd;ja;;;\n",
            encoding="utf-8",
        ),
        ("programme/skjema.csv", "", "fra_aar", "–2010 and 2008–", Problem.OVERLAPPING_FORMS),
    ),
    (
        "a survey item mapped to two variables",
        lambda p: (p / "sporreskjema.csv").write_text(
            (p / "sporreskjema.csv").read_text(encoding="utf-8") + "*;;plan_anchored;;plan_forankret_2;plan;\n",  # noqa: E501
            encoding="utf-8",
        ),
        ("programme/sporreskjema.csv", "line 36", "variabel", "plan_forankret_2", Problem.DUPLICATE_KEY),
    ),
    (
        "a missing file",
        lambda p: (p / "kodebok.csv").unlink(),
        ("programme/kodebok.csv", "", "", "", Problem.MISSING_FILE),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "mutate, expected", [c[1:] for c in DEFINITION_CASES], ids=[c[0] for c in DEFINITION_CASES]
)
def test_definition_errors(
    data_dir: Path, mutate: Edit, expected: tuple[str, str, str, str, Problem]
) -> None:
    init_programme("evaluering-2009", data_dir)
    mutate(data_dir / "programme")
    # a data error too: the definition is checked before any data is read, so it is not reported
    _edit(data_dir / "units.csv", "Bergen,247000", "Bergen,mange")
    found = [(e.file, e.location, e.column, e.value, e.code) for e in _errors(data_dir)]
    assert expected in found
    assert all(file.startswith("programme/") for file, *_ in found)


def test_a_copied_definition_evaluates_as_the_default(data_dir: Path, tmp_path: Path) -> None:
    default = build(data_dir, tmp_path / "a.duckdb")
    init_programme("evaluering-2009", data_dir)
    own = build(data_dir, tmp_path / "b.duckdb")
    assert default == own == []
    with (
        duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True) as a,
        duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True) as b,
    ):
        assert (
            a.sql("SELECT * FROM marts.goal_attainment").fetchall()
            == b.sql("SELECT * FROM marts.goal_attainment").fetchall()
        )
        assert b.sql("SELECT DISTINCT programme FROM staging.programme_files").fetchall() == [("programme/",)]


# -- the lineage: barnefattigdom on a hand-made 2022 fixture ----------------------------------
@pytest.fixture
def lineage_dir(tmp_path: Path) -> Path:
    return lf.make_lineage_dir(tmp_path / "lineage")


@pytest.fixture(scope="module")
def lineage_build(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = tmp_path_factory.mktemp("lineage_build")
    data = lf.make_lineage_dir(root / "data")
    assert build(data, root / "warehouse.duckdb", root / "site") == []
    return duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return con.sql(sql).fetchall()


def test_lineage_participants_spending_and_cost(lineage_build: duckdb.DuckDBPyConnection) -> None:
    con = lineage_build
    assert rows(con, "SELECT * FROM marts.participants WHERE ordning = 'INKLUDERING'") == [
        (2022, "INKLUDERING", "fritid_ferie", 1, 40, 30, 75.0, 0, 20, 15, 5, 0, 22, 18),
        (2022, "INKLUDERING", "los", 1, 8, 8, 100.0, 0, 0, 2, 4, 2, 3, 5),
        (2022, "INKLUDERING", "moteplass", 1, 25, 10, 40.0, None, 5, 10, 10, None, 12, 13),
    ]
    # the organisation's activity has no participants known: counted in no participant figure
    assert rows(con, "SELECT count(*) FROM marts.participants WHERE aktivitetstype = 'utstyr'") == [(0,)]
    # applied 450 000 + 200 000 (one blank); granted 700 000; used 450 000 of the 480 000 accounted for
    assert rows(con, "SELECT * FROM marts.spending") == [
        (2022, "ALLE", 650000, 700000, 450000, 93.75),
        (2022, "INKLUDERING", 650000, 700000, 450000, 93.75),
    ]
    assert rows(con, "SELECT * FROM marts.cost_per_participant") == [
        (2022, "fritid_ferie", 1, 250000, 40, 6250.0),
        (2022, "los", 1, 100000, 8, 12500.0),
        (2022, "moteplass", 1, 80000, 25, 3200.0),
    ]


def test_lineage_criteria_goals_and_projects(lineage_build: duckdb.DuckDBPyConnection) -> None:
    con = lineage_build
    reached = "SELECT kriterium, n_projects_aimed, n_reached, pct_reached FROM marts.criteria"
    assert rows(con, f"{reached} WHERE ordning = 'INKLUDERING' AND n_projects_aimed > 0") == [
        ("a", 1, 1, 100.0),
        ("b", 2, 2, 100.0),
        ("c", 1, 0, 0.0),
        ("g", 1, 0, 0.0),
    ]
    # goal attainment continues from the criteria: one of three reached every criterion aimed at;
    # the schemes that had ended by 2022 have no row for it
    assert rows(con, "SELECT aar, ordning, n, n_all FROM marts.goal_attainment") == [
        (2022, "ALLE", 3, 1),
        (2022, "INKLUDERING", 3, 1),
    ]
    assert rows(con, "SELECT * FROM marts.project_lineage") == [
        ("1201", "INKLUDERING", "NASJONAL"),
        ("1201", "NASJONAL", "AVDIR"),
        ("1201", "NASJONAL", "BLD"),
    ]
    # an activity type is counted in its 2009 category in the series
    assert rows(con, "SELECT kategori, n FROM marts.measure_categories WHERE n > 0") == [
        ("fritid", 2),
        ("materiell", 1),
        ("kompetanse", 1),
    ]
    # the organisation: its own project, its region its municipality's
    assert rows(con, f"SELECT ordning, region FROM marts.projects WHERE enhet_id = '{lf.ORGANISATION}'") == [
        ("INKLUDERING", "Vest")
    ]


def test_lineage_survey_wave(lineage_build: duckdb.DuckDBPyConnection) -> None:
    con = lineage_build
    # the 2023 wave asked the projects granted in 2020–2022: the three INKLUDERING projects
    assert rows(con, "SELECT dimension, value, n_projects, n_respondents FROM marts.response WHERE dimension <> 'region' AND dimension <> 'size_class'") == [  # noqa: E501
        ("ordning", "INKLUDERING", 3, 2),
        ("total", "alle", 3, 2),
    ]  # fmt: skip
    assert rows(con, "SELECT n_importance, n_very_important, n_presence, n_agree, gap_pp FROM marts.cooperation_gaps WHERE partner = 'skole'") == [  # noqa: E501
        (2, 2, 2, 1, 50.0)
    ]  # fmt: skip
    # the wave asked no NAV items: absent, never zero
    assert rows(con, "SELECT count(*) FROM marts.nav_significance") == [(0,)]
    assert rows(con, "SELECT DISTINCT wave FROM marts.cooperation_gaps") == [(2023,)]


def test_series_breaks_are_marked(lineage_dir: Path, tmp_path: Path) -> None:
    """A 2016 year under the 2009 form before the 2022 year: the series break in 2022, where the
    form changed and (since 2017, not reported) the scheme; the report marks the year «|»."""
    folder = lineage_dir / "reporting" / "2016"
    fx.write_csv(
        folder / "rapporter.csv",
        [lf.REPORT_HEADER_2009, ["1201", "BLD", "2016", "alle", "", "", "alle", "ja", "ja"]],
    )
    fx.write_csv(folder / "tiltak.csv", [lf.MEASURE_HEADER_2009])
    assert build(lineage_dir, tmp_path / "w.duckdb", tmp_path / "site") == []
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert rows(
            con, "SELECT aar, reason FROM marts.series_breaks WHERE series = 'goal_attainment.pct_all'"
        ) == [
            (2022, "form_change"),
            (2022, "scheme_succession"),
        ]
        assert rows(con, "SELECT DISTINCT series FROM marts.series_breaks WHERE reason = 'form_change'") != []
        assert rows(
            con,
            "SELECT count(*) FROM marts.series_breaks WHERE series = 'grants_by_year.total_nok' AND reason = 'form_change'",  # noqa: E501
        ) == [(0,)]
    goals = (tmp_path / "site" / "kapittel-5-maloppnaelse.html").read_text(encoding="utf-8")
    assert ">2022 |<" in goals and ">2016 |<" not in goals
    assert (
        "«|» betyr brudd i serien (2022: nytt rapporteringsskjema og ordningen ble avløst av en ny)." in goals
    )


DataEdit = Callable[[Path], None]

LINEAGE_CASES: list[tuple[str, DataEdit, tuple[str, str, str, str, Problem]]] = [
    (
        "a BLD grant in 2018",
        lambda d: _edit(d / "grants.csv", "1201,NASJONAL,2018", "1201,BLD,2018"),
        ("grants.csv", "line 4", "aar", "2018", Problem.SCHEME_NOT_RUNNING),
    ),
    (
        "an organisation under BLD",
        lambda d: fx.append_row_csv(d / "grants.csv", [lf.ORGANISATION, "BLD", "2010", "50000", ""]),
        ("grants.csv", "line 8", "enhet_id", lf.ORGANISATION, Problem.RECIPIENT_NOT_ADMITTED),
    ),
    (
        "an organisation number with a wrong check digit",
        lambda d: _edit(d / "units.csv", "998877660,Frivillig lag", "998877661,Frivillig lag"),
        ("units.csv", "line 4", "enhet_id", "998877661", Problem.BAD_ORGANISATION_NUMBER),
    ),
    (
        "an organisation without its municipality",
        lambda d: _edit(d / "units.csv", "Frivillig lag,,1201", "Frivillig lag,,"),
        ("units.csv", "line 4", "kommune", "", Problem.BLANK),
    ),
    (
        "ages summing past the participants",
        lambda d: _edit(d / "reporting/2022/tiltak.csv", "40,30,0,20,15,5,0", "40,30,0,20,15,6,0"),
        ("reporting/2022/tiltak.csv", "line 2", "deltakere_0_5", "0", Problem.PART_ABOVE_WHOLE),
    ),
    (
        "a breakdown without the participants",
        lambda d: _edit(d / "reporting/2022/tiltak.csv", "80000,60000,25,10", "80000,60000,,10"),
        ("reporting/2022/tiltak.csv", "line 5", "deltakere_malgruppe", "10", Problem.PART_WITHOUT_WHOLE),
    ),
    (
        "a criterion reached that was not aimed at",
        lambda d: _edit(d / "reporting/2022/rapporter.csv", "b|g,b,tid", "b|g,b|c,tid"),
        ("reporting/2022/rapporter.csv", "line 3", "kriterier_nadd", "b|c", Problem.NOT_A_SUBSET),
    ),
    (
        "a child under six at a youth guide",
        lambda d: _edit(d / "reporting/2022/tiltak.csv", "8,8,0,0,2,4,2", "8,8,1,0,2,4,1"),
        ("reporting/2022/tiltak.csv", "line 3", "deltakere_0_5", "1", Problem.NOT_ZERO),
    ),
    (
        "reasons although every criterion was reached",
        lambda d: _edit(d / "reporting/2022/rapporter.csv", "a|b,a|b,,", "a|b,a|b,tid,"),
        ("reporting/2022/rapporter.csv", "line 2", "arsaker_ikke_nadd", "tid", Problem.OFF_ROUTE),
    ),
    (
        "activities granted more than the project",
        lambda d: _edit(d / "reporting/2022/tiltak.csv", "Utstyrssentralen,utstyr,alle,150000", "Utstyrssentralen,utstyr,alle,250000"),  # noqa: E501
        ("reporting/2022/tiltak.csv", "line 4", "tilskudd_nok", "250000", Problem.PART_ABOVE_WHOLE),
    ),
    (
        "a report under a scheme that had ended",
        lambda d: _edit(d / "reporting/2022/rapporter.csv", "030101,INKLUDERING", "1201,NASJONAL"),
        ("reporting/2022/rapporter.csv", "line 4", "ordning", "NASJONAL", Problem.SCHEME_NOT_RUNNING),
    ),
    (
        "a year no form covers",
        lambda d: _replace_all(d / "programme/skjema.csv", "\n2022;;", "\n2022;2022;")
        or shutil.copytree(d / "reporting/2022", d / "reporting/2023"),
        ("reporting/2023", "", "", "", Problem.NO_FORM),
    ),
    (
        "a survey file of a wave the programme does not provide for",
        lambda d: shutil.copy(d / "survey/sporreskjema_2023.sav", d / "survey/sporreskjema_2011.sav"),
        ("survey/sporreskjema_2011.sav", "", "", "sporreskjema_2011.sav", Problem.NO_WAVE),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "mutate, expected", [c[1:] for c in LINEAGE_CASES], ids=[c[0] for c in LINEAGE_CASES]
)
def test_lineage_errors(
    lineage_dir: Path, mutate: DataEdit, expected: tuple[str, str, str, str, Problem]
) -> None:
    mutate(lineage_dir)
    found = [(e.file, e.location, e.column, e.value, e.code) for e in _errors(lineage_dir)]
    assert expected in found, found


def test_the_2009_definition_takes_no_organisation(data_dir: Path) -> None:
    fx.append_row_csv(data_dir / "units.csv", [lf.ORGANISATION, "Frivillig lag", ""])
    fx.append_row_csv(data_dir / "grants.csv", [lf.ORGANISATION, "BLD", "2007", "10000"])
    found = [(e.file, e.column, e.code) for e in _errors(data_dir)]
    assert ("units.csv", "kommune", Problem.BLANK) in found
    assert ("grants.csv", "enhet_id", Problem.RECIPIENT_NOT_ADMITTED) in found


# -- a third definition, written only here -----------------------------------------------------
def _third_definition(data_dir: Path) -> None:
    """Other scheme codes, other categories, a renamed form column, one dated survey wave and a
    codebook of its own: every one of them an edit of the definition."""
    init_programme("evaluering-2009", data_dir)
    p = data_dir / "programme"
    _edit(p / "program.csv", "navn;Aktivitet og deltakelse for fattige barn og unge", "navn;Fritid for alle")
    _edit(p / "program.csv", "alle_evaluerte_kategori;bld_og_avdir", "alle_evaluerte_kategori;begge")
    (p / "ordninger.csv").write_text(
        "kode;navn;kortnavn;forvalter;fra_aar;til_aar;evaluert;mottakere;etterfolger;linje\n"
        "# two schemes of a county's own\n"
        "BARN;Barnetilskuddet;Barn;Fylket;2005;;ja;kommune|bydel;;\n"
        "UNG;Ungdomstilskuddet;Ung;Fylket;2005;;ja;kommune|bydel;;\n"
        "IDRETT;Idrettsmidler;;;;;nei;kommune|bydel;;\n",
        encoding="utf-8",
    )
    text = (p / "kodelister.csv").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("kategori;"))
    text += "\nkategori;idrett;Idrett og friluftsliv;;;\nkategori;kultur;Kultur og skaperglede;;;\n"
    (p / "kodelister.csv").write_text(text, encoding="utf-8")
    _edit(p / "skjema.csv", ";;rapporter;mal_nadd;mal_nadd;", ";;rapporter;maal_oppnaadd;mal_nadd;")
    sporreskjema = (p / "sporreskjema.csv").read_text(encoding="utf-8").replace("\n*;", "\n2008;")
    (p / "sporreskjema.csv").write_text(sporreskjema, encoding="utf-8")
    (p / "kodebok.csv").write_text(
        "kode;etikett;kapittel\nhverdag;Hverdagen i kommunen;forstaelse\n"
        "penger;Pengene;videreforing\nsitatverdig;Annet;\n",
        encoding="utf-8",
    )
    # the data in the third definition's words
    for path in [data_dir / "grants.csv", *data_dir.glob("reporting/*/*.csv")]:
        text = path.read_text(encoding="utf-8")
        for old, new in ((",BLD,", ",BARN,"), (",AVDIR,", ",UNG,"), (",BUT,", ",IDRETT,")):
            text = text.replace(old, new)
        text = text.replace("mal_nadd,", "maal_oppnaadd,", 1)
        text = (
            text.replace(",kompetanse,", ",idrett,")
            .replace(",fritid,", ",kultur,")
            .replace(",materiell,", ",idrett,")
        )
        path.write_text(text, encoding="utf-8")
    rows = [{**r, "ordning": {"BLD": "BARN", "AVDIR": "UNG"}[str(r["ordning"])]} for r in fx.SURVEY_ROWS]
    (data_dir / "survey" / "survey.sav").unlink()
    fx.write_sav(data_dir / "survey" / "svar_2008.sav", rows)
    segments = [
        formats.header("segments"),
        ["INT1", "hverdag", "Barna her trenger et sted å være.", "ja"],
        ["INT2", "penger/tilskudd", "Uten pengene stopper det.", "ja"],
    ]
    fx.write_csv(data_dir / "interviews" / "segments.csv", segments)


def test_a_third_definition_evaluates_without_code(data_dir: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    _third_definition(data_dir)
    checked = cli("check", "--data-dir", str(data_dir))
    assert checked.code == 0, checked.err
    site = tmp_path / "site"
    assert build(data_dir, tmp_path / "w.duckdb", site) == []
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert rows(con, "SELECT aar, ordning, n, n_all FROM marts.goal_attainment") == [
            (2007, "ALLE", 3, 1),
            (2007, "BARN", 1, 1),
            (2007, "UNG", 2, 0),
        ]
        assert rows(con, "SELECT kategori, n FROM marts.measure_categories") == [("idrett", 2), ("kultur", 1)]
        assert rows(con, "SELECT category, n FROM marts.funding_overlap") == [
            ("kun_en", 2),
            ("flere", 3),
            ("begge", 2),
            ("IDRETT", 1),
        ]
        assert rows(con, "SELECT kode, n_segments FROM marts.interview_themes") == [
            ("hverdag", 1),
            ("penger", 1),
            ("sitatverdig", 0),
        ]
        assert rows(con, "SELECT DISTINCT wave FROM staging.survey") == [(2008,)]
    front = (site / "index.html").read_text(encoding="utf-8")
    assert "Fritid for alle" in front
    goals = (site / "kapittel-4-maloppnaelse.html").read_text(encoding="utf-8")
    assert ">Barn<" in goals and ">Ung<" in goals and "AVdir" not in goals
    measures = (site / "kapittel-3-tiltakene.html").read_text(encoding="utf-8")
    assert "Idrett og friluftsliv" in measures
    understanding = (site / "kapittel-1-forstaelse.html").read_text(encoding="utf-8")
    assert "Barna her trenger et sted å være." in understanding


def test_an_organisations_municipality_is_followed_through_the_history(lineage_dir: Path) -> None:
    # Bergen's number since 2020: the organisation works in the unit 1201 of units.csv
    _edit(lineage_dir / "units.csv", "Frivillig lag,,1201", "Frivillig lag,,4601")
    units = load_inputs(lineage_dir, progress=lambda _m: None).staging["units"]
    organisation = units[units["enhet_id"] == lf.ORGANISATION]
    assert organisation[["kommune", "fylke", "region"]].values.tolist() == [["1201", "12", "Vest"]]
