"""The published 2006–2008 figures of the evaluation, reproduced from the bundled sample."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import Built


def rows(built: Built, sql: str) -> list[tuple]:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def pct(built: Built, sql: str) -> list[float]:
    return [round(r[0], 1) for r in rows(built, sql)]


def test_goal_attainment(sample_build: Built) -> None:
    got = rows(
        sample_build,
        "SELECT aar, ordning, n, n_all, round(pct_all, 1) FROM marts.goal_attainment ORDER BY aar, ordning",
    )
    table = {(a, o): (n, k, p) for a, o, n, k, p in got}
    assert table[(2006, "ALLE")] == (61, 27, 44.3)
    assert table[(2007, "ALLE")] == (67, 33, 49.3)
    assert table[(2008, "ALLE")] == (64, 31, 48.4)
    assert table[(2006, "BLD")] == (26, 11, 42.3) and table[(2006, "AVDIR")] == (35, 16, 45.7)
    assert table[(2007, "BLD")] == (26, 11, 42.3) and table[(2007, "AVDIR")] == (41, 22, 53.7)


def test_goal_attainment_wilson_interval(sample_build: Built) -> None:
    low, high = rows(
        sample_build,
        "SELECT ci_low, ci_high FROM marts.goal_attainment WHERE aar = 2006 AND ordning = 'ALLE'",
    )[0]
    assert (round(low, 2), round(high, 2)) == (32.51, 56.70)  # Wilson 95 %, 27 of 61


def test_reasons_2006(sample_build: Built) -> None:
    got = rows(
        sample_build,
        """SELECT code, ordning, round(pct, 1), n, n_base FROM marts.goal_reasons
                                WHERE aar = 2006 AND kind = 'arsak'""",
    )
    table = {(c, o): p for c, o, p, _n, _b in got}
    expected = {
        "personale": (30.8, 43.8, 37.9),
        "tid": (30.8, 25.0, 27.6),
        "brukerrespons": (23.1, 25.0, 24.1),
        "ressurser": (23.1, 18.8, 20.7),
    }
    for code, (bld, avdir, both) in expected.items():
        assert (table[(code, "BLD")], table[(code, "AVDIR")], table[(code, "ALLE")]) == (bld, avdir, both)
    bases = {(o, b) for _c, o, _p, _n, b in got}
    assert bases == {("BLD", 13), ("AVDIR", 16), ("ALLE", 29)}


def test_national_goals(sample_build: Built) -> None:
    assert pct(sample_build, "SELECT pct FROM marts.national_goals ORDER BY sort") == [79.0, 11.3, 9.7]
    assert rows(sample_build, "SELECT DISTINCT n_base FROM marts.national_goals") == [(62,)]


def test_continuation(sample_build: Built) -> None:
    assert pct(sample_build, "SELECT pct FROM marts.continuation_survey ORDER BY code") == [35.5, 3.2, 61.3]
    assert pct(sample_build, "SELECT pct_all_or_most FROM marts.continuation_reported ORDER BY aar") == [
        83.6,
        89.6,
        85.9,
    ]
    yes = pct(sample_build, "SELECT pct_without_grant_yes FROM marts.continuation_reported ORDER BY aar")
    assert all(30 <= p <= 36 for p in yes)  # "om lag 1 av 3"


def test_funding_overlap(sample_build: Built) -> None:
    got = rows(
        sample_build, "SELECT category, n, n_projects, round(pct, 1) FROM marts.funding_overlap ORDER BY sort"
    )
    assert [(c, p) for c, _n, _b, p in got] == [
        ("kun_en", 23.3),
        ("flere", 76.7),
        ("bld_og_avdir", 44.2),
        ("BUT", 24.4),
        ("UNGE_UTENFOR", 8.1),
        ("UTSATTE_UNGE", 11.6),
        ("NORDLAND", 5.8),
    ]
    assert {b for _c, _n, b, _p in got} == {86}


def test_projects_by_region(sample_build: Built) -> None:
    got = dict(rows(sample_build, "SELECT region, n_projects FROM marts.projects_by_region"))
    assert got == {"Nord": 21, "Midt": 9, "Øst/Oslo": 29, "Vest": 9, "Sør": 18}
    assert rows(sample_build, "SELECT sum(n_units) FROM marts.projects_by_region") == [(67,)]


def test_response(sample_build: Built) -> None:
    total = rows(
        sample_build,
        "SELECT n_projects, n_respondents, round(pct, 1) FROM marts.response WHERE dimension = 'total'",
    )
    assert total == [(86, 62, 72.1)]
    dims = {d for (d,) in rows(sample_build, "SELECT DISTINCT dimension FROM marts.response")}
    assert dims == {"total", "ordning", "region", "size_class"}
    # Respondents and non-respondents each add up to 100 % within a dimension.
    for share in ("pct_of_respondents", "pct_of_nonrespondents"):
        sums = rows(
            sample_build,
            f"SELECT dimension, round(sum({share}), 6) FROM marts.response "
            "WHERE dimension <> 'total' GROUP BY 1",
        )
        assert {s for _d, s in sums} == {100.0}


def test_nav_significance_bases(sample_build: Built) -> None:
    got = rows(
        sample_build,
        "SELECT period, min(n_base), max(n_base) FROM marts.nav_significance GROUP BY 1 ORDER BY 1",
    )
    assert got == [("har_betydd", 40, 40), ("paa_sikt", 62, 62)]


def test_interviews(sample_build: Built) -> None:
    assert rows(sample_build, "SELECT DISTINCT n_interviews_all FROM marts.interview_themes") == [(30,)]
    assert rows(sample_build, "SELECT max(n_units) FROM marts.interview_themes") == [(11,)]


@pytest.mark.parametrize(
    "table",
    [
        "projects",
        "projects_by_region",
        "funding_overlap",
        "response",
        "goal_attainment",
        "goal_reasons",
        "continuation_reported",
        "national_goals",
        "cooperation_gaps",
        "agencies_involved",
        "nav_significance",
        "continuation_survey",
        "measures_by_year",
        "measure_categories",
        "measure_budget_bands",
        "measure_reach",
        "interview_themes",
    ],
)
def test_every_contract_mart_is_filled(sample_build: Built, table: str) -> None:
    assert rows(sample_build, f"SELECT count(*) > 0 FROM marts.{table}") == [(True,)]


def test_value_labels_keep_the_survey_files_labels(sample_build: Built) -> None:
    got = rows(
        sample_build,
        "SELECT code, label, file_label FROM marts.value_labels "
        "WHERE variable = 'tilstede_naeringsliv' ORDER BY code",
    )
    assert got[0] == (1, "helt enig", "helt enig")
    assert got[-1] == (9, None, "ikke svart")  # the file's declared user-missing code
