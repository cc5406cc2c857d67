"""Asset checks: blocking integrity checks fail the run and name the check; warnings do not."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.marts import checks as mart_checks
from pipelines.marts.catalog import MARTS
from pipelines.run import all_years_tags
from pipelines.settings import Settings
from pipelines.warehouse import staging
from tests.conftest import Built


def test_every_mart_has_the_integrity_checks() -> None:
    defs = build_definitions()
    graph = defs.resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    for spec in MARTS:
        assert (f"marts/{spec.name}", "table_rules") in checks
    assert ("marts/projects", "every_project_present") in checks
    assert ("marts/goal_attainment", "every_reporting_year_present") in checks
    assert ("marts/response", "response_rate_at_least_half") in checks
    assert ("marts/goal_attainment", "reporting_coverage") in checks


@pytest.mark.slow
def test_checks_pass_on_the_sample(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=Settings.from_env().data_dir, warehouse=tmp_path / "w.duckdb", reports_dir=tmp_path / "site"
    )
    defs = build_definitions(settings)
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), tags=all_years_tags([2006, 2007, 2008])
    )
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    # every mart's, and each raw table's input validation (valid_input)
    assert len(evaluations) == len(MARTS) + 4 + len(staging.RAW_SOURCES)
    assert all(e.passed for e in evaluations), [e.check_name for e in evaluations if not e.passed]


@pytest.mark.slow
def test_warning_checks_flag_low_response_but_do_not_fail(fixture_build: Built, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=fixture_build.data_dir, warehouse=tmp_path / "w.duckdb", reports_dir=tmp_path / "site"
    )
    defs = build_definitions(settings)
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), tags=all_years_tags([2007])
    )
    assert result.success
    failed = {e.check_name: e for e in result.get_asset_check_evaluations() if not e.passed}
    assert set(failed) == {"response_rate_at_least_half"}  # 2 of 5 answered
    assert failed["response_rate_at_least_half"].severity == dg.AssetCheckSeverity.WARN
    assert (
        failed["response_rate_at_least_half"].metadata["examples"].value
        == "2 of 5 projects answered (40.0 %)"
    )


@pytest.mark.slow
def test_failed_blocking_check_fails_the_run(cli, last_good: Built, monkeypatch) -> None:
    def broken(con, spec):
        return ["keys_unique: ('2006',) appears 2 times"] if spec.name == "goal_reasons" else []

    checks = [
        mart_checks.Check(c.name, c.description, broken) if c.name == "table_rules" else c
        for c in mart_checks.GENERAL
    ]
    monkeypatch.setattr(mart_checks, "GENERAL", checks)
    before = last_good.warehouse.read_bytes()
    result = cli(
        "run",
        "-q",
        "--data-dir",
        str(last_good.data_dir),
        "--warehouse",
        str(last_good.warehouse),
        "--reports-dir",
        str(last_good.reports_dir),
    )
    assert result.code == 3
    assert "a blocking check failed" in result.err
    assert "marts/goal_reasons: table_rules" in result.err and "keys_unique: ('2006',)" in result.err
    assert last_good.warehouse.read_bytes() == before


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        connection.execute("CREATE SCHEMA marts").fetchall()
        yield connection


def test_check_finders_on_broken_tables(con) -> None:
    spec = next(m for m in MARTS if m.name == "national_goals")
    con.execute("""CREATE TABLE marts.national_goals AS SELECT * FROM (VALUES
                   ('liten', 2, 7, 5, 140.0, 2009), ('liten', 2, 1, 5, 20.0, 2009))
                   t(answer, sort, n, n_base, pct, wave)
                """).fetchall()
    assert mart_checks.duplicate_keys(con, spec) == ["(2009, 'liten') appears 2 times"]
    assert mart_checks.percentages_out_of_range(con, spec) == ["pct = 140.0 at (2009, 'liten')"]
    assert mart_checks.counts_above_base(con, spec) == ["n = 7 > n_base = 5 at (2009, 'liten')"]
    assert mart_checks.table_rules(con, spec) == [
        "keys_unique: (2009, 'liten') appears 2 times",
        "percentages_in_range: pct = 140.0 at (2009, 'liten')",
        "counts_within_base: n = 7 > n_base = 5 at (2009, 'liten')",
    ]
