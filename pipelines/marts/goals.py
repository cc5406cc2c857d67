"""Goals and continuation as the annual reports tell it, and the national goals (survey)."""

from __future__ import annotations

from pipelines.contract import codes
from pipelines.marts.spec import (
    REPORT_YEARS,
    SCHEMES_AND_TOTAL,
    WAVE_COLUMN,
    MartSpec,
    codes_of,
    survey_distribution_sql,
)

Z95 = 1.959963984540054  # two-sided 95 % normal quantile, for the Wilson interval

# Every reporting year × (each evaluated scheme that ran that year, ALLE), so a year nobody
# answered has its row.
_YEAR_SCHEME = f"""
    year_scheme AS (
        SELECT y.aar, s.ordning
        FROM {REPORT_YEARS} y
        JOIN {SCHEMES_AND_TOTAL} s(ordning, first_year, last_year)
          ON y.aar BETWEEN coalesce(s.first_year, y.aar) AND coalesce(s.last_year, y.aar)
    ),
    reports AS (
        SELECT *, ordning AS scheme FROM staging.rapporter
        UNION ALL SELECT *, '{codes.ALL_SCHEMES}' FROM staging.rapporter
    )"""

GOAL_ATTAINMENT = MartSpec(
    name="goal_attainment",
    norsk="Måloppnåelse i bruk av tilskuddsmidlene",
    description="Share of annual reports saying the project reached all its goals, per year "
    "and scheme, with a Wilson 95 % interval.",
    sql=f"""
        WITH {_YEAR_SCHEME},
        counts AS (
            SELECT ys.aar, ys.ordning,
                   count(r.mal_nadd) AS n,
                   count(*) FILTER (WHERE r.mal_nadd = 'alle') AS n_all
            FROM year_scheme ys
            LEFT JOIN reports r ON r.aar = ys.aar AND r.scheme = ys.ordning
            GROUP BY ys.aar, ys.ordning
        ),
        wilson AS (
            SELECT *, n_all / NULLIF(n, 0)::DOUBLE AS p, {Z95} ** 2 AS z2 FROM counts
        )
        SELECT aar, ordning, n, n_all,
               100.0 * p AS pct_all,
               100.0 * ((p + z2 / (2 * n)) - {Z95} * sqrt(p * (1 - p) / n + z2 / (4 * n * n)))
                   / (1 + z2 / n) AS ci_low,
               100.0 * ((p + z2 / (2 * n)) + {Z95} * sqrt(p * (1 - p) / n + z2 / (4 * n * n)))
                   / (1 + z2 / n) AS ci_high
        FROM wilson""",
    columns={
        "aar": "år — reporting year",
        "ordning": "ordning — an evaluated scheme, or ALLE (all together)",
        "n": "N — reports that answered the goal question",
        "n_all": "nådde alle — reports saying all goals were reached",
        "pct_all": "prosent nådde alle — share reaching all goals, 0–100 (NULL when n = 0)",
        "ci_low": "nedre grense — Wilson 95 % interval, lower bound, per cent",
        "ci_high": "øvre grense — Wilson 95 % interval, upper bound, per cent",
    },
    keys=("aar", "ordning"),
    deps=("staging.rapporter", "staging.projects"),  # projects: the coverage check
    within=(("n_all", "n"),),
    order_by="aar, ordning",
)


GOAL_REASONS = MartSpec(
    name="goal_reasons",
    norsk="Årsaker til at målene ikke ble nådd, og suksessfaktorer",
    description="Reasons for not reaching all goals (base: reports with ikke_alle naming at "
    "least one reason) and success factors (base: reports with alle naming at "
    "least one factor), per year and scheme.",
    sql=f"""
        WITH {_YEAR_SCHEME},
        kinds AS (
            SELECT 'arsak' AS kind, code FROM {codes_of("arsaker_ikke_nadd")}
            UNION ALL SELECT 'suksess', code FROM {codes_of("suksessfaktorer")}
        ),
        bases AS (
            SELECT ys.aar, ys.ordning,
                   count(*) FILTER (WHERE r.mal_nadd = 'ikke_alle'
                                    AND len(r.arsaker_ikke_nadd) > 0) AS base_arsak,
                   count(*) FILTER (WHERE r.mal_nadd = 'alle'
                                    AND len(r.suksessfaktorer) > 0) AS base_suksess
            FROM year_scheme ys
            LEFT JOIN reports r ON r.aar = ys.aar AND r.scheme = ys.ordning
            GROUP BY ys.aar, ys.ordning
        ),
        mentions AS (
            SELECT aar, scheme AS ordning, 'arsak' AS kind, unnest(arsaker_ikke_nadd) AS code
            FROM reports WHERE mal_nadd = 'ikke_alle'
            UNION ALL
            SELECT aar, scheme, 'suksess', unnest(suksessfaktorer)
            FROM reports WHERE mal_nadd = 'alle'
        ),
        counted AS (
            SELECT aar, ordning, kind, code, count(*) AS n FROM mentions GROUP BY ALL
        )
        SELECT b.aar, b.ordning, k.kind, k.code,
               coalesce(c.n, 0) AS n,
               CASE k.kind WHEN 'arsak' THEN b.base_arsak ELSE b.base_suksess END AS n_base,
               100.0 * coalesce(c.n, 0) / NULLIF(n_base, 0) AS pct
        FROM bases b CROSS JOIN kinds k
        LEFT JOIN counted c ON c.aar = b.aar AND c.ordning = b.ordning
                           AND c.kind = k.kind AND c.code = k.code""",
    columns={
        "aar": "år — reporting year",
        "ordning": "ordning — an evaluated scheme, or ALLE (all together)",
        "kind": "type — arsak (reason for not reaching all goals) or suksess (success factor)",
        "code": "kode — the reason or factor code",
        "n": "antall — reports naming it",
        "n_base": "N — reports in the base (see the table description)",
        "pct": "prosent — share of the base, 0–100",
    },
    keys=("aar", "ordning", "kind", "code"),
    deps=("staging.rapporter",),
    within=(("n", "n_base"),),
    order_by="aar, ordning, kind, code",
)

CONTINUATION_REPORTED = MartSpec(
    name="continuation_reported",
    norsk="Planer for videreføring i rapporteringen",
    description="Annual reports planning to continue all or most measures, and those that "
    "would continue if the grant ended.",
    sql=f"""
        SELECT y.aar,
               count(r.videreforing) AS n,
               count(*) FILTER (WHERE r.videreforing IN ('alle', 'de_fleste')) AS n_all_or_most,
               100.0 * n_all_or_most / NULLIF(n, 0) AS pct_all_or_most,
               count(r.videreforing_uten_tilskudd) AS n_without_grant,
               count(*) FILTER (WHERE r.videreforing_uten_tilskudd = 'ja') AS n_without_grant_yes,
               100.0 * n_without_grant_yes / NULLIF(n_without_grant, 0) AS pct_without_grant_yes
        FROM {REPORT_YEARS} y
        LEFT JOIN staging.rapporter r USING (aar)
        GROUP BY y.aar""",
    columns={
        "aar": "år — reporting year",
        "n": "N — reports answering the continuation question",
        "n_all_or_most": "alle eller de fleste — reports continuing all or most measures",
        "pct_all_or_most": "prosent — share continuing all or most measures, 0–100",
        "n_without_grant": "N uten tilskudd — reports answering whether they go on without the grant",
        "n_without_grant_yes": "ja uten tilskudd — would continue without the grant",
        "pct_without_grant_yes": "prosent ja — share that would continue without the grant, 0–100",
    },
    keys=("aar",),
    deps=("staging.rapporter",),
    within=(("n_all_or_most", "n"), ("n_without_grant_yes", "n_without_grant")),
    order_by="aar",
)

NATIONAL_GOALS = MartSpec(
    name="national_goals",
    norsk="Kommunenes forhold til de nasjonale målsettingene",
    description="Does the municipality relate to the national goals? (survey)",
    sql=survey_distribution_sql("national_goals", "sort"),
    columns={
        "answer": "svar — stor_noen (i stor eller noen grad), liten (i liten grad), "
        "ikke_sikker (ikke sikker)",
        "sort": "rekkefølge — display order",
        "n": "antall — respondents giving this answer",
        "n_base": "N — respondents answering the question",
        "pct": "prosent — share of those answering, 0–100",
        "wave": WAVE_COLUMN,
    },
    keys=("wave", "answer"),
    deps=("staging.survey_answers", "staging.survey_frame", "staging.programme_survey_items"),
    within=(("n", "n_base"),),
    order_by="wave, sort",
)

MARTS = [GOAL_ATTAINMENT, GOAL_REASONS, CONTINUATION_REPORTED, NATIONAL_GOALS]

# Beyond the contract: a main finding of the 2009 evaluation, from the annual reports.
USER_PARTICIPATION = MartSpec(
    name="user_participation",
    norsk="Brukermedvirkning",
    description="Share of annual reports saying the project has systematic user participation "
    "or user evaluation (brukermedvirkning = ja), per year and scheme.",
    sql=f"""
        WITH {_YEAR_SCHEME}
        SELECT ys.aar, ys.ordning,
               count(r.brukermedvirkning) AS n,
               count(*) FILTER (WHERE r.brukermedvirkning = 'ja') AS n_yes,
               100.0 * count(*) FILTER (WHERE r.brukermedvirkning = 'ja')
                   / NULLIF(count(r.brukermedvirkning), 0) AS pct_yes
        FROM year_scheme ys
        LEFT JOIN reports r ON r.aar = ys.aar AND r.scheme = ys.ordning
        GROUP BY ys.aar, ys.ordning""",
    columns={
        "aar": "år — reporting year",
        "ordning": "ordning — an evaluated scheme, or ALLE (all together)",
        "n": "N — reports that answered the question",
        "n_yes": "ja — reports with systematic user participation or user evaluation",
        "pct_yes": "prosent ja — 0–100 (NULL when n = 0)",
    },
    keys=("aar", "ordning"),
    deps=("staging.rapporter",),
    within=(("n_yes", "n"),),
    order_by="aar, ordning",
)
