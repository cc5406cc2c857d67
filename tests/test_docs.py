"""The documentation says what the code and the warehouse do."""

from __future__ import annotations

import re

import duckdb
import pytest

from pipelines.marts.dictionary import documented_tables, render
from pipelines.settings import PROJECT_ROOT
from tests.conftest import Built

DOCS = PROJECT_ROOT / "docs"


def test_data_dictionary_is_current() -> None:
    assert (DOCS / "data-dictionary.md").read_text(encoding="utf-8") == render()


def test_documented_columns_match_the_warehouse(sample_build: Built) -> None:
    with duckdb.connect(str(sample_build.warehouse), read_only=True) as con:
        actual: dict[str, list[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
            "ORDER BY table_name, column_index"
        ).fetchall():
            actual.setdefault(table, []).append(column)
        comments = dict(
            ((t, c), text)
            for t, c, text in con.execute(
                "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'marts'"
            ).fetchall()
        )
    documented = documented_tables()
    assert sorted(actual) == sorted(documented)
    for table, columns in documented.items():
        assert actual[table] == list(columns), table
        for column, text in columns.items():
            assert comments[(table, column)] == text


# The columns data contract section 4 requires of each mart.
CONTRACT_COLUMNS = {
    "projects": "enhet_id ordning navn region size_class first_year last_year total_grant_nok responded",
    "projects_by_region": "region n_projects n_units",
    "funding_overlap": "category n n_projects pct",
    "response": "dimension value n_projects n_respondents pct wave",
    "goal_attainment": "aar ordning n n_all pct_all ci_low ci_high",
    "goal_reasons": "aar ordning kind code n n_base pct",
    "continuation_reported": "aar n pct_all_or_most n_without_grant pct_without_grant_yes",
    "national_goals": "answer n pct wave",
    "cooperation_gaps": "partner n_importance pct_very_important n_presence pct_agree gap_pp wave",
    "agencies_involved": "actor n n_base pct wave",
    "nav_significance": "period aspect answer n pct wave",
    "continuation_survey": "answer n pct wave",
    "measures_by_year": "aar n_measures n_projects budget_nok pct_targeted",
    "measure_categories": "aar kategori n pct",
    "measure_budget_bands": "band n pct",
    "measure_reach": "aar malgruppe n_measures mean_participants total_participants",
    "interview_themes": "kode n_segments n_interviews n_units",
    # version 3 (§4, §8)
    "project_lineage": "enhet_id ordning forgjenger_ordning",
    "series_breaks": "series aar reason",
    "participants": "aar ordning aktivitetstype n_activities deltakere deltakere_malgruppe pct_malgruppe "
    "deltakere_0_5 deltakere_6_12 deltakere_13_15 deltakere_16_19 deltakere_20_24 deltakere_jenter "
    "deltakere_gutter",
    "spending": "aar ordning soknad_nok tilskudd_nok brukt_nok pct_brukt",
    "cost_per_participant": "aar aktivitetstype n_activities tilskudd_nok deltakere nok_per_participant",
    "criteria": "aar ordning kriterium n_projects_aimed n_reached pct_reached",
}


def test_every_contract_mart_and_column_is_documented() -> None:
    contract = (DOCS / "data-contract.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `marts\.(\w+)` \|", contract, re.M))
    assert named == set(CONTRACT_COLUMNS)
    documented = documented_tables()
    for table, columns in CONTRACT_COLUMNS.items():
        missing = [c for c in columns.split() if c not in documented[table]]
        assert missing == [], table


def test_contract_copy_matches_shared() -> None:
    shared = PROJECT_ROOT.parent / "shared" / "data-contract.md"
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert (DOCS / "data-contract.md").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)


def test_analysts_example_queries_run(sample_build: Built) -> None:
    queries = SQL_BLOCK.findall((DOCS / "analysts.md").read_text(encoding="utf-8"))
    assert len(queries) >= 5
    with duckdb.connect(str(sample_build.warehouse), read_only=True) as con:
        for query in queries:
            assert con.execute(query).fetchall(), query


def test_analysts_guide_names_every_mart() -> None:
    text = (DOCS / "analysts.md").read_text(encoding="utf-8") + render()
    for table in documented_tables():
        assert f"marts.{table}" in text
