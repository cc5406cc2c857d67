"""`check` equals `run` (issue 22, item 4): over every case here, `grant-eval check` and a real
build give the same verdict — both accept, or both refuse with the same error codes. A run that
crashes on input `check` accepted is the defect this catches.

A case is a function that changes the hand-made fixture's data directory; add one to CASES.
A case still open is marked xfail(strict=True) with who owns it: it fails the suite the day it
passes, so the mark comes off with the fix."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.build import build
from pipelines.cli import EXIT_FAILED, EXIT_INVALID, EXIT_OK, main
from pipelines.ingest.errors import InvalidInput
from pipelines.ingest.read import load_inputs
from tests import fixtures as fx
from tests.helpers import GRANT_EVAL

Verdict = tuple[int, tuple[str, ...]]  # exit status, the error codes (or the crash's type)


def extra_measure_column(name: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        header, *rows = fx.MEASURES_2007
        fx.write_csv(
            data / "reporting" / "2007" / "tiltak.csv", [[*header, name], *[[*r, "sjekk"] for r in rows]]
        )

    return change


def extra_report_column(name: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        header, *rows = fx.REPORTS_2007
        fx.write_csv(
            data / "reporting" / "2007" / "rapporter.csv", [[*header, name], *[[*r, "x@y.no"] for r in rows]]
        )

    return change


def survey_variable(name: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        fx.write_sav(data / "survey" / "survey.sav", [{**r, name: 1} for r in fx.SURVEY_ROWS])

    return change


def sheet_named(title: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        year = data / "reporting" / "2007"
        (year / "tiltak.csv").unlink()
        fx.write_xlsx(year / "tiltak.xlsx", {title: fx.MEASURES_2007})

    return change


def unknown_category(data: Path) -> None:
    header, first, *rows = fx.MEASURES_2007
    fx.write_csv(
        data / "reporting" / "2007" / "tiltak.csv", [header, [*first[:4], "sport", *first[5:]], *rows]
    )


def unit_name_with_an_override(data: Path) -> None:
    fx.write_csv(data / "units.csv", [*fx.UNITS[:3], ["1902", "Troms\u202eø", "65000"], *fx.UNITS[4:]])


def grant_under_old_and_new_number(data: Path) -> None:
    fx.write_csv(data / "grants.csv", [*fx.GRANTS, ["5401", "BLD", "2006", "100000"]])


def budgets_past_bigint(data: Path) -> None:
    header, first, *_ = fx.MEASURES_2007
    row = [*first[:6], "999999999999999", *first[7:]]  # 15 digits, the most a whole number may have
    fx.write_csv(data / "reporting" / "2007" / "tiltak.csv", [header, *[row] * 10_000])


CASES = [
    pytest.param(lambda _data: None, id="the fixture"),
    pytest.param(extra_measure_column("Merknad fra kommunen"), id="measure column with spaces"),
    pytest.param(extra_report_column("Kontaktperson (e-post)"), id="report column with brackets"),
    pytest.param(extra_measure_column("x\" IS 'a'; COPY (SELECT 1) TO 'pwned.csv'; --"), id="header as SQL"),
    pytest.param(survey_variable("q1.a"), id="survey variable with a dot"),
    pytest.param(sheet_named("x'; COPY t TO 'pwned.csv'"), id="sheet name as SQL"),
    pytest.param(unknown_category, id="an unknown category"),
    pytest.param(unit_name_with_an_override, id="a bidirectional override in a unit name"),
    pytest.param(grant_under_old_and_new_number, id="a grant under a unit's old and new number"),
    pytest.param(budgets_past_bigint, id="budgets whose sum passes BIGINT"),
]


def check_verdict(data: Path) -> Verdict:
    """What `grant-eval check` says: its exit status, and the codes of what it refused."""
    status = main(["check", "-q", "--data-dir", str(data)])
    try:
        load_inputs(data, keep_reporting=False)  # the check's own load, for its codes
    except InvalidInput as exc:
        return status, tuple(sorted({e.code.value for e in exc.errors}))
    return status, ()


def build_verdict(data: Path, out: Path) -> Verdict:
    """What a real build of the warehouse and site says, as the exit status `run` would give."""
    try:
        problems = build(data, out / "warehouse.duckdb", out / "site", progress=lambda _m: None)
    except InvalidInput as exc:
        return EXIT_INVALID, tuple(sorted({e.code.value for e in exc.errors}))
    except Exception as exc:  # a crash: the defect this test is for
        return EXIT_FAILED, (f"{type(exc).__name__}: {exc}",)
    return (EXIT_OK, ()) if not problems else (EXIT_FAILED, tuple(problems))


@pytest.mark.parametrize("change", CASES)
def test_check_and_build_agree(
    change: Callable[[Path], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative COPY TO that ran would land here
    data = fx.make_data_dir(tmp_path / "data")
    change(data)
    (tmp_path / "out").mkdir()
    assert build_verdict(data, tmp_path / "out") == check_verdict(data)
    assert not (tmp_path / "pwned.csv").exists()


@pytest.mark.slow
@pytest.mark.parametrize("change", CASES)
def test_check_and_run_agree(change: Callable[[Path], None], tmp_path: Path) -> None:
    """The same through the command itself: `grant-eval run` (Dagster, publication) as a process."""
    data = fx.make_data_dir(tmp_path / "data")
    change(data)

    def status(*args: str) -> int:
        return subprocess.run([GRANT_EVAL, *args, "-q", "--data-dir", str(data)], cwd=tmp_path).returncode

    run = status("run", "--warehouse", str(tmp_path / "w.duckdb"), "--reports-dir", str(tmp_path / "site"))
    assert run == status("check")
    assert not (tmp_path / "pwned.csv").exists()
