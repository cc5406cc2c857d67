"""Exact values of every mart on the tiny hand-made fixture (tests/fixtures.py), and edge cases."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import InvalidInput
from pipelines.ingest.read import load_inputs
from tests import fixtures as fx
from tests.conftest import Built, build_plain


def rows(built: Built, sql: str) -> list[tuple]:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def r1(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def test_projects(fixture_build: Built) -> None:
    assert rows(
        fixture_build,
        "SELECT enhet_id, ordning, region, size_class, first_year, "
        "total_grant_nok, responded FROM marts.projects",
    ) == [
        ("030101", "AVDIR", "Øst/Oslo", "stor", 2007, 300000, True),
        ("1201", "AVDIR", "Vest", "stor", 2007, 400000, False),
        ("1201", "BLD", "Vest", "stor", 2007, 500000, True),
        ("1902", "BLD", "Nord", "stor", 2006, 200000, False),
        ("1933", "AVDIR", "Nord", "ukjent", 2007, 100000, False),
    ]


def test_projects_by_region(fixture_build: Built) -> None:
    assert rows(fixture_build, "SELECT * FROM marts.projects_by_region") == [
        ("Midt", 0, 0),
        ("Nord", 2, 2),
        ("Sør", 0, 0),
        ("Vest", 2, 1),
        ("Øst/Oslo", 1, 1),
    ]


def test_funding_overlap(fixture_build: Built) -> None:
    assert rows(fixture_build, "SELECT category, n, n_projects, pct FROM marts.funding_overlap") == [
        ("kun_en", 2, 5, 40.0),
        ("flere", 3, 5, 60.0),
        ("bld_og_avdir", 2, 5, 40.0),
        ("BUT", 1, 5, 20.0),
        ("UNGE_UTENFOR", 0, 5, 0.0),
        ("UTSATTE_UNGE", 0, 5, 0.0),
        ("NORDLAND", 0, 5, 0.0),
    ]


def test_response(fixture_build: Built) -> None:
    got = rows(
        fixture_build,
        "SELECT dimension, value, n_projects, n_respondents, pct, "
        "pct_of_respondents, pct_of_nonrespondents FROM marts.response",
    )
    assert [(d, v, n, k, r1(p), r1(a), r1(b)) for d, v, n, k, p, a, b in got] == [
        ("ordning", "AVDIR", 3, 1, 33.3, 50.0, 66.7),
        ("ordning", "BLD", 2, 1, 50.0, 50.0, 33.3),
        ("region", "Nord", 2, 0, 0.0, 0.0, 66.7),
        ("region", "Vest", 2, 1, 50.0, 50.0, 33.3),
        ("region", "Øst/Oslo", 1, 1, 100.0, 50.0, 0.0),
        ("size_class", "stor", 4, 2, 50.0, 100.0, 66.7),
        ("size_class", "ukjent", 1, 0, 0.0, 0.0, 33.3),
        ("total", "alle", 5, 2, 40.0, 100.0, 100.0),
    ]


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def test_goal_attainment(fixture_build: Built) -> None:
    got = rows(fixture_build, "SELECT * FROM marts.goal_attainment")
    assert [(a, o, n, k, r1(p)) for a, o, n, k, p, _l, _h in got] == [
        (2007, "ALLE", 3, 1, 33.3),
        (2007, "AVDIR", 2, 0, 0.0),
        (2007, "BLD", 1, 1, 100.0),
    ]
    low, high = got[0][5], got[0][6]
    assert (round(low, 2), round(high, 2)) == (6.15, 79.23)
    assert (low, high) == pytest.approx(wilson(1, 3))
    assert got[1][5] == pytest.approx(0.0) and got[1][6] == pytest.approx(wilson(0, 2)[1])


def test_goal_reasons(fixture_build: Built) -> None:
    got = rows(
        fixture_build,
        "SELECT ordning, kind, code, n, n_base, pct FROM marts.goal_reasons "
        "WHERE n > 0 OR (ordning = 'ALLE' AND code = 'annet')",
    )
    assert got == [
        ("ALLE", "arsak", "annet", 0, 1, 0.0),
        ("ALLE", "arsak", "personale", 1, 1, 100.0),
        ("ALLE", "arsak", "tid", 1, 1, 100.0),
        ("ALLE", "suksess", "annet", 0, 1, 0.0),
        ("ALLE", "suksess", "ledelse", 1, 1, 100.0),
        ("ALLE", "suksess", "samarbeid", 1, 1, 100.0),
        ("AVDIR", "arsak", "personale", 1, 1, 100.0),
        ("AVDIR", "arsak", "tid", 1, 1, 100.0),
        ("BLD", "suksess", "ledelse", 1, 1, 100.0),
        ("BLD", "suksess", "samarbeid", 1, 1, 100.0),
    ]
    # BLD has no ikke_alle report: its reason base is 0 and the share undefined.
    assert rows(
        fixture_build,
        "SELECT DISTINCT n_base, pct FROM marts.goal_reasons WHERE ordning = 'BLD' AND kind = 'arsak'",
    ) == [(0, None)]


def test_continuation_reported(fixture_build: Built) -> None:
    got = rows(fixture_build, "SELECT * FROM marts.continuation_reported")
    assert [(a, n, k, r1(p), nw, y, r1(q)) for a, n, k, p, nw, y, q in got] == [
        (2007, 3, 2, 66.7, 3, 1, 33.3)
    ]


def test_survey_marts(fixture_build: Built) -> None:
    assert rows(fixture_build, "SELECT answer, n, n_base, pct FROM marts.national_goals") == [
        ("stor_noen", 1, 2, 50.0),
        ("liten", 0, 2, 0.0),
        ("ikke_sikker", 1, 2, 50.0),
    ]
    assert rows(fixture_build, "SELECT answer, n, pct FROM marts.continuation_survey") == [
        ("videreføres", 1, 50.0),
        ("ikke_videreføres", 0, 0.0),
        ("usikker", 1, 50.0),
    ]
    assert set(
        rows(
            fixture_build,
            "SELECT n_importance, pct_very_important, n_presence, pct_agree, "
            "gap_pp FROM marts.cooperation_gaps",
        )
    ) == {(2, 100.0, 2, 100.0, 0.0)}
    assert set(rows(fixture_build, "SELECT n, n_base, pct FROM marts.agencies_involved")) == {(0, 2, 0.0)}
    assert rows(
        fixture_build, "SELECT period, aspect, code, n, n_base, pct FROM marts.nav_significance WHERE n > 0"
    ) == [
        ("har_betydd", "oppmerksomhet", 2, 1, 1, 100.0),
        ("har_betydd", "samordning", 1, 1, 1, 100.0),
        ("paa_sikt", "oppmerksomhet", 1, 1, 2, 50.0),
        ("paa_sikt", "oppmerksomhet", 3, 1, 2, 50.0),
        ("paa_sikt", "samordning", 1, 1, 2, 50.0),
        ("paa_sikt", "samordning", 2, 1, 2, 50.0),
    ]


def test_measure_marts(fixture_build: Built) -> None:
    got = rows(fixture_build, "SELECT * FROM marts.measures_by_year")
    assert [(a, n, p, b, t, r1(q)) for a, n, p, b, t, q in got] == [(2007, 3, 3, 790000, 1, 33.3)]
    assert rows(fixture_build, "SELECT kategori, n, n_base FROM marts.measure_categories WHERE n > 0") == [
        ("fritid", 1, 3),
        ("materiell", 1, 3),
        ("kompetanse", 1, 3),
    ]
    assert rows(fixture_build, "SELECT band, n FROM marts.measure_budget_bands") == [
        ("< 50 000", 1),
        ("50 000–99 999", 0),
        ("100 000–249 999", 1),
        ("250 000–499 999", 0),
        ("≥ 500 000", 1),
    ]
    assert rows(fixture_build, "SELECT * FROM marts.measure_reach") == [
        (2007, "alle", 1, 2, 30.0, 30),
        (2007, "individ", 1, 1, 12.0, 12),
    ]


def test_interview_themes(fixture_build: Built) -> None:
    assert rows(
        fixture_build,
        "SELECT kode, n_segments, n_interviews, n_units, n_quotable, "
        "n_interviews_all FROM marts.interview_themes WHERE n_segments > 0",
    ) == [("forstaelse", 1, 1, 1, 1, 2), ("samarbeid", 2, 2, 2, 0, 2), ("videreforing", 1, 1, 1, 1, 2)]
    assert rows(fixture_build, "SELECT count(*) FROM marts.interview_themes") == [(11,)]


def test_trend_needs_two_years(fixture_build: Built) -> None:
    assert rows(fixture_build, "SELECT ordning, n_years, p_value FROM marts.goal_attainment_trend") == [
        ("BLD", 1, None),
        ("AVDIR", 1, None),
        ("ALLE", 1, None),
    ]


def test_edge_cases(tmp_path: Path) -> None:
    """A year nobody answered, an item nobody answered, a scheme with no respondents, no context."""
    data = fx.make_data_dir(tmp_path / "data")
    fx.write_csv(
        data / "reporting/2008/rapporter.csv",
        [fx.REPORT_HEADER, ["1201", "BLD", "2008", "", "", "", "", "", ""]],
    )
    fx.write_csv(data / "reporting/2008/tiltak.csv", [fx.MEASURE_HEADER])
    fx.write_sav(
        data / "survey/survey.sav", [{**fx.SURVEY_ROWS[0], "nasjonale_mal": None}]
    )  # BLD only; goals item blank
    built = build_plain(data, tmp_path / "out")
    assert rows(
        built, "SELECT ordning, n, n_all, pct_all, ci_low FROM marts.goal_attainment WHERE aar = 2008"
    ) == [("ALLE", 0, 0, None, None), ("AVDIR", 0, 0, None, None), ("BLD", 0, 0, None, None)]
    assert rows(built, "SELECT n, pct_all_or_most FROM marts.continuation_reported WHERE aar = 2008") == [
        (0, None)
    ]
    assert rows(built, "SELECT n_measures, pct_targeted FROM marts.measures_by_year WHERE aar = 2008") == [
        (0, None)
    ]
    assert set(rows(built, "SELECT n, n_base, pct FROM marts.national_goals")) == {(0, 0, None)}
    assert rows(built, "SELECT n_respondents, pct FROM marts.response WHERE value = 'AVDIR'") == [(0, 0.0)]
    assert rows(built, "SELECT count(*) FROM staging.lavinntekt") == [(0,)]
    trend = rows(built, "SELECT n_years, p_value FROM marts.goal_attainment_trend WHERE ordning = 'ALLE'")
    assert trend == [(1, None)]


def test_survey_frame_counts_only_projects_asked(tmp_path: Path) -> None:
    """A survey file named for its year asked the projects with a grant before that year: a
    project that starts later is not a non-respondent (contract section 2, survey)."""
    data = fx.make_data_dir(tmp_path / "data")
    (data / "survey" / "survey.sav").rename(data / "survey" / "sporreskjema_2008.sav")
    fx.write_csv(data / "grants.csv", [*fx.GRANTS, ["1902", "AVDIR", "2008", "90000"]])
    built = build_plain(data, tmp_path / "out")
    assert rows(
        built,
        "SELECT enhet_id, ordning, in_survey_frame, responded FROM marts.projects WHERE enhet_id = '1902'",
    ) == [("1902", "AVDIR", False, None), ("1902", "BLD", True, False)]
    assert rows(built, "SELECT n_projects, n_respondents FROM marts.response WHERE dimension = 'total'") == [
        (5, 2)
    ]
    assert rows(built, "SELECT survey_file, survey_year FROM staging.survey_frame") == [
        ("survey/sporreskjema_2008.sav", 2008)
    ]


def test_survey_answer_from_a_project_not_yet_granted_is_an_error(tmp_path: Path) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    (data / "survey" / "survey.sav").rename(data / "survey" / "sporreskjema_2007.sav")
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data, progress=lambda _m: None)
    errors = [(e.location, e.value, e.code) for e in raised.value.errors]
    assert errors == [
        ("case 1", "1201 / BLD", Problem.NOT_A_PROJECT),
        ("case 2", "030101 / AVDIR", Problem.NOT_A_PROJECT),
    ]
