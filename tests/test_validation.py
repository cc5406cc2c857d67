"""Every validation rule of the data contract (section 2), each on a small hand-made fixture:
exit status 1, the file, the line or case, the value and the rule named, nothing written."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import fixtures as fx

Mutation = Callable[[Path], None]


def replace_cell(relative: str, line: int, column: str, value: str) -> Mutation:
    """Set one cell of a CSV fixture (line numbers as in the file, header = 1)."""

    def mutate(root: Path) -> None:
        path = root / relative
        rows = [r.split(",") for r in path.read_text(encoding="utf-8").splitlines()]
        rows[line - 1][rows[0].index(column)] = value
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")

    return mutate


def append_row(relative: str, row: list[str]) -> Mutation:
    def mutate(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as handle:
            handle.write(",".join(row) + "\n")

    return mutate


def survey_with(rows: list[dict[str, object]], **kwargs: object) -> Mutation:
    def mutate(root: Path) -> None:
        fx.write_sav(root / "survey" / "survey.sav", rows, **kwargs)  # type: ignore[arg-type]

    return mutate


def write_file(relative: str, content: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)

    return mutate


def truncate(relative: str, keep: int) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / relative
        path.write_bytes(path.read_bytes()[:keep])

    return mutate


def remove(relative: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / relative).unlink()

    return mutate


def qdpx_instead(selections: list[tuple[int, int, list[str]]], name: str = "INT1") -> Mutation:
    codebook = ('<Code guid="k1" name="forstaelse" isCodable="true"/>'
                '<Code guid="k2" name="okonomi" isCodable="true"/>')

    def mutate(root: Path) -> None:
        (root / "interviews" / "segments.csv").unlink()
        fx.write_qdpx(root / "interviews" / "t.qdpx",
                      [{"name": name, "text": "Kort tekst.", "selections": selections}], codebook)

    return mutate


S1 = dict(fx.SURVEY_ROWS[0])
S2 = dict(fx.SURVEY_ROWS[1])
R = "reporting/2007/rapporter.csv"
T = "reporting/2007/tiltak.csv"

# id, mutation, file, location, value, rule (substrings of the one error line expected)
CASES: list[tuple[str, Mutation, str, str, str, str]] = [
    ("unit id shape", replace_cell("units.csv", 2, "enhet_id", "12"), "units.csv", "line 2",
     "'12'", "4 digits (kommune) or 6 digits (bydel)"),
    ("unit id repeated", append_row("units.csv", ["1201", "Bergen igjen", ""]), "units.csv", "line 6",
     "'1201'", "must be unique"),
    ("unit name blank", replace_cell("units.csv", 3, "navn", ""), "units.csv", "line 3",
     "column navn", "must not be blank"),
    ("population not a number", replace_cell("units.csv", 2, "innbyggere", "mange"), "units.csv",
     "line 2", "'mange'", "whole number"),
    ("population negative", replace_cell("units.csv", 2, "innbyggere", "-5"), "units.csv", "line 2",
     "'-5'", "whole number ≥ 0"),
    ("county without region", replace_cell("units.csv", 5, "enhet_id", "2111"), "units.csv",
     "line 5", "'2111'", "has no region"),
    ("grant unit unknown", replace_cell("grants.csv", 2, "enhet_id", "0602"), "grants.csv", "line 2",
     "'0602'", "not in units.csv"),
    ("grant scheme unknown", replace_cell("grants.csv", 3, "ordning", "KOMMUNE"), "grants.csv",
     "line 3", "'KOMMUNE'", "must be one of BLD, AVDIR, BUT"),
    ("grant year shape", replace_cell("grants.csv", 2, "aar", "07"), "grants.csv", "line 2",
     "'07'", "four-digit year"),
    ("grant amount zero", replace_cell("grants.csv", 2, "belop_nok", "0"), "grants.csv", "line 2",
     "'0'", "whole number ≥ 1"),
    ("grant amount decimal", replace_cell("grants.csv", 2, "belop_nok", "12.5"), "grants.csv",
     "line 2", "'12.5'", "whole number such as"),
    ("grant repeated", append_row("grants.csv", ["1201", "bld", "2007", "1"]), "grants.csv",
     "line 8", "1201 / BLD / 2007", "only once per unit, scheme and year"),
    ("stray file in year folder", write_file("reporting/2007/notater.txt", b"x"),
     "reporting/2007/notater.txt", "", "", "unexpected file"),
    ("report year differs from folder", replace_cell(R, 2, "aar", "2008"), R, "line 2", "'2008'",
     "must equal the folder's year 2007"),
    ("goal answer unknown", replace_cell(R, 3, "mal_nadd", "kanskje"), R, "line 3", "'kanskje'",
     "must be one of alle, ikke_alle (or blank)"),
    ("reason unknown", replace_cell(R, 3, "arsaker_ikke_nadd", "tid|penger"), R, "line 3",
     "'tid|penger'", "list of codes separated by '|'"),
    ("continuation unknown", replace_cell(R, 2, "videreforing", "kanskje"), R, "line 2",
     "'kanskje'", "alle, de_fleste, noen, ingen, usikker"),
    ("second report same year", append_row(R, ["1201", "BLD", "2007", "", "", "", "", "", ""]), R,
     "line 6", "1201 / BLD / 2007", "a second report for the same project and year"),
    ("report for a non-project", replace_cell(R, 4, "enhet_id", "1902"), R, "line 4",
     "1902 / AVDIR", "grants.csv has no grant for this unit and scheme"),
    ("report for another scheme", replace_cell(R, 2, "ordning", "BUT"), R, "line 2", "'BUT'",
     "must be one of BLD, AVDIR"),
    ("measure without report",
     append_row(T, ["1902", "BLD", "2007", "Kino", "fritid", "alle", "100", "", "ny", ""]), T,
     "line 5", "1902 / BLD", "has no report (rapporter) for 2007"),
    ("measure name blank", replace_cell(T, 2, "tiltak_navn", ""), T, "line 2", "tiltak_navn",
     "must not be blank"),
    ("measure category unknown", replace_cell(T, 2, "kategori", "sport"), T, "line 2", "'sport'",
     "must be one of fritid, materiell"),
    ("measure target group unknown", replace_cell(T, 2, "malgruppe", "noen"), T, "line 2", "'noen'",
     "must be one of alle, individ"),
    ("measure budget text", replace_cell(T, 3, "budsjett_nok", "150k"), T, "line 3", "'150k'",
     "whole number"),
    ("measure participants negative", replace_cell(T, 2, "deltakere", "-1"), T, "line 2", "'-1'",
     "whole number ≥ 0"),
    ("measure status unknown", replace_cell(T, 2, "status", "gammel"), T, "line 2", "'gammel'",
     "must be one of ny, videreført"),
    ("first year after report year", replace_cell(T, 3, "forste_aar", "2009"), T, "line 3",
     "'2009'", "cannot be after the report year 2007"),
    ("first year with status ny", replace_cell(T, 2, "forste_aar", "2006"), T, "line 2", "'2006'",
     "must be blank when status is 'ny'"),
    ("required column missing", write_file("units.csv", b"enhet_id,navn\n1201,Bergen\n"),
     "units.csv", "line 1", "innbyggere", "required column is missing"),
    ("required file missing", remove("grants.csv"), "grants.csv", "", "", "required file is missing"),
    ("csv not utf-8", write_file("units.csv", "enhet_id,navn,innbyggere\n1902,Tromsø,1\n"
                                 .encode("latin-1")), "units.csv", "", "", "not UTF-8"),
    ("survey code out of range", survey_with([{**S1, "nasjonale_mal": 7}, S2]),
     "survey/survey.sav", "case 1", "'7'", "must be one of the codes 1 i stor grad"),
    ("survey repeated project", survey_with([S1, S2, S1]), "survey/survey.sav", "case 3",
     "1201 / BLD", "a project may answer only once"),
    ("survey project without grant", survey_with([S1, {**S2, "enhet_id": "1902"}]),
     "survey/survey.sav", "case 2", "1902 / AVDIR", "has no grant in grants.csv"),
    ("survey bad unit id", survey_with([S1, {**S2, "enhet_id": "12"}]), "survey/survey.sav",
     "case 2", "'12'", "must be a unit id"),
    ("survey NAV answer off-route", survey_with([S1, {**S2, "nav_samordning": 1}]),
     "survey/survey.sav", "case 2", "'1'", "answered although nav_etablert is not 1"),
    ("survey truncated", truncate("survey/survey.sav", 400), "survey/survey.sav", "", "",
     "not a readable SPSS .sav file"),
    ("survey file twice", write_file("survey/copy.sav", b"$FL2"), "survey", "", "copy.sav, survey.sav",
     "exactly one .sav file (2 found)"),
    ("informant unit unknown", replace_cell("interviews/informants.csv", 2, "enhet_id", "0602"),
     "interviews/informants.csv", "line 2", "'0602'", "not in units.csv"),
    ("informant role unknown", replace_cell("interviews/informants.csv", 3, "rolle", "sjef"),
     "interviews/informants.csv", "line 3", "'sjef'", "must be one of prosjektleder"),
    ("informant id repeated", replace_cell("interviews/informants.csv", 3, "informant_id", "I1"),
     "interviews/informants.csv", "line 3", "'I1'", "informant_id must be unique"),
    ("segment code unknown", replace_cell("interviews/segments.csv", 3, "kode", "okonomi"),
     "interviews/segments.csv", "line 3", "'okonomi'", "must be a codebook code"),
    ("segment interview unknown", replace_cell("interviews/segments.csv", 2, "intervju_id", "INT9"),
     "interviews/segments.csv", "line 2", "'INT9'", "not an intervju_id in interviews/informants.csv"),
    ("segment text blank", replace_cell("interviews/segments.csv", 2, "tekst", ""),
     "interviews/segments.csv", "line 2", "tekst", "must not be blank"),
    ("segments twice", write_file("interviews/t.qdpx", b"PK"), "interviews", "",
     "segments.csv, t.qdpx", "exactly one of segments.csv or a .qdpx"),
    ("qdpx not a zip", lambda root: (qdpx_instead([])(root),
                                     (root / "interviews" / "t.qdpx").write_bytes(b"not a zip")),
     "interviews/t.qdpx", "", "", "not a readable REFI-QDA"),
    ("qdpx selection out of range", qdpx_instead([(3, 99, ["k1"])]), "interviews/t.qdpx",
     "TextSource 'INT1', PlainTextSelection 's0-0'", "'3-99'", "0 ≤ start < end ≤ 11"),
    ("qdpx code unknown", qdpx_instead([(0, 4, ["k2"])]), "interviews/t.qdpx",
     "TextSource 'INT1'", "'okonomi'", "must be a codebook code"),
    ("qdpx dangling code ref", qdpx_instead([(0, 4, ["k9"])]), "interviews/t.qdpx",
     "TextSource 'INT1'", "'k9'", "targets no Code in the codebook"),
    ("qdpx source not an interview", qdpx_instead([(0, 4, ["k1"])], name="INT7"),
     "interviews/t.qdpx", "TextSource 'INT7'", "'INT7'", "not an intervju_id"),
    ("low-income share out of range",
     write_file("context/lavinntekt.csv", b"enhet_id,aar,andel_barn_lavinntekt\n1201,2007,120\n"),
     "context/lavinntekt.csv", "line 2", "'120'", "from 0 to 100"),
    ("regions file leaves a county out",
     write_file("regions.csv", b"fylke,region\n12,Vest\n03,Ost\n"), "units.csv", "line 4",
     "'1902'", "has no region in regions.csv"),
    ("xlsx truncated", lambda root: (
        (root / R).unlink(), (root / T).unlink(),
        fx.write_xlsx(root / "reporting/2007/rapportering.xlsx",
                      {"rapporter": fx.REPORTS_2007, "tiltak": fx.MEASURES_2007}),
        truncate("reporting/2007/rapportering.xlsx", 300)(root)),
     "reporting/2007/rapportering.xlsx", "", "", "not a readable XLSX workbook"),
    ("xlsx workbook without tiltak sheet", lambda root: (
        (root / R).unlink(), (root / T).unlink(),
        fx.write_xlsx(root / "reporting/2007/rapportering.xlsx", {"rapporter": fx.REPORTS_2007})),
     "reporting/2007/rapportering.xlsx", "", "", "no sheet named 'tiltak'"),
    ("xlsx cell error", lambda root: (
        (root / R).unlink(), (root / T).unlink(),
        fx.write_xlsx(root / "reporting/2007/rapportering.xlsx", {
            "rapporter": fx.REPORTS_2007,
            "tiltak": [*fx.MEASURES_2007[:2], [*fx.MEASURES_2007[2][:6], "mye", "", "ny", ""]]})),
     "reporting/2007/rapportering.xlsx", "sheet 'tiltak', row 3", "'mye'", "whole number"),
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): sha(p) for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("mutate", "file", "location", "value", "rule"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(cli, data_dir: Path, last_good, mutate: Mutation, file: str, location: str,
              value: str, rule: str) -> None:
    mutate(data_dir)
    checked = cli("check", "--data-dir", str(data_dir))
    assert checked.code == 1, checked.err
    lines = [ln.strip() for ln in checked.err.splitlines()]
    matching = [ln for ln in lines if ln.startswith(f"{file}:") or ln.startswith(file)]
    assert any(location in ln and value in ln and rule in ln for ln in matching), checked.err

    before_db, before_site = sha(last_good.warehouse), tree(last_good.reports_dir)
    ran = cli("run", "--data-dir", str(data_dir), "--warehouse", str(last_good.warehouse),
              "--reports-dir", str(last_good.reports_dir))
    assert ran.code == 1, ran.err
    assert rule in ran.err and "Traceback" not in ran.err
    assert sha(last_good.warehouse) == before_db
    assert tree(last_good.reports_dir) == before_site
    leftovers = [p.name for p in last_good.warehouse.parent.iterdir() if "building" in p.name]
    assert leftovers == []


def test_all_errors_reported_together(cli, data_dir: Path) -> None:
    replace_cell("units.csv", 2, "innbyggere", "mange")(data_dir)
    replace_cell(R, 3, "mal_nadd", "kanskje")(data_dir)
    survey_with([{**S1, "rolle": 8}, S2])(data_dir)
    result = cli("check", "-q", "--data-dir", str(data_dir))
    assert result.code == 1
    assert result.err.splitlines()[0] == "3 input error(s); nothing was written:"
    assert "units.csv: line 2" in result.err
    assert f"{R}: line 3" in result.err
    assert "survey/survey.sav: case 1: column rolle: value '8'" in result.err


def test_error_list_is_capped(cli, data_dir: Path) -> None:
    rows = [fx.UNITS[0]] + [[f"x{i}", "x", "1"] for i in range(300)]
    fx.write_csv(data_dir / "units.csv", rows)
    result = cli("check", "-q", "--data-dir", str(data_dir))
    assert result.code == 1
    assert "more" in result.err.splitlines()[-1]
    assert len(result.err.splitlines()) <= 202


def test_missing_year_requested(cli, data_dir: Path) -> None:
    result = cli("check", "--data-dir", str(data_dir))
    assert result.code == 0
    result = cli("run", "--data-dir", str(data_dir), "--year", "2012")
    assert result.code == 1
    assert "reporting/2012: value '2012': no such year folder" in result.err


def test_wrong_usage_exits_2(cli) -> None:
    with pytest.raises(SystemExit) as raised:
        cli("run", "--year", "07")
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        cli("publish")
    assert raised.value.code == 2


def test_missing_data_dir(cli, tmp_path: Path) -> None:
    result = cli("check", "--data-dir", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert "the data directory does not exist" in result.err


def test_qdpx_without_project(cli, data_dir: Path) -> None:
    (data_dir / "interviews" / "segments.csv").unlink()
    with zipfile.ZipFile(data_dir / "interviews" / "x.qdpx", "w") as archive:
        archive.writestr("other.xml", "<a/>")
    result = cli("check", "--data-dir", str(data_dir))
    assert result.code == 1
    assert "interviews/x.qdpx: the .qdpx holds no project.qde" in result.err


def test_missing_reporting_reported_with_other_errors(cli, data_dir: Path) -> None:
    import shutil

    shutil.rmtree(data_dir / "reporting")
    replace_cell("units.csv", 2, "innbyggere", "mange")(data_dir)
    out = data_dir.parent / "out"
    for extra in ([], ["--warehouse", str(out / "w.duckdb"), "--reports-dir", str(out / "site")]):
        command = "run" if extra else "check"
        result = cli(command, "-q", "--data-dir", str(data_dir), *extra)
        assert result.code == 1
        assert "reporting: no year folders (reporting/<year>/) were found" in result.err
        assert "units.csv: line 2: column innbyggere: value 'mange'" in result.err
    assert not out.exists()
