"""Organisation and cooperation (survey): partners ideal vs reality, agencies, NAV, continuation."""

from __future__ import annotations

from pipelines.contract import codes
from pipelines.marts.spec import MartSpec, grouped_answers, ordered_values, survey_distribution_sql


def _values(rows: list[str]) -> str:
    return ", ".join(rows)


COOPERATION_GAPS = MartSpec(
    name="cooperation_gaps",
    norsk="Samarbeid: idealer og realiteter",
    description="Per partner: share saying close cooperation is very important (ideal) and "
    "share agreeing it is in place (reality); the gap in percentage points.",
    sql=f"""
        WITH answers AS (
            SELECT unnest([{
        _values(
            [
                f"{{'partner': '{p}', 'sort': {i}, 'viktig': viktig_{p}, 'tilstede': tilstede_{p}}}"
                for i, p in enumerate(codes.PARTNERS, start=1)
            ]
        )
    }],
                          max_depth := 2)
            FROM staging.survey
        ),
        partners(partner, sort) AS (
            VALUES {ordered_values(codes.PARTNERS)}
        )
        SELECT p.partner, p.sort,
               count(a.viktig) AS n_importance,
               count(*) FILTER (WHERE a.viktig = 1) AS n_very_important,
               100.0 * n_very_important / NULLIF(n_importance, 0) AS pct_very_important,
               count(a.tilstede) AS n_presence,
               count(*) FILTER (WHERE a.tilstede IN (1, 2)) AS n_agree,
               100.0 * n_agree / NULLIF(n_presence, 0) AS pct_agree,
               pct_very_important - pct_agree AS gap_pp
        FROM partners p LEFT JOIN answers a USING (partner)
        GROUP BY p.partner, p.sort""",
    columns={
        "partner": "samarbeidspartner — barnevern_sosial (child welfare and social office with "
        "each other), or child welfare/social office with this partner",
        "sort": "rekkefølge — display order",
        "n_importance": "N viktighet — valid answers on importance (vet ikke included)",
        "n_very_important": "svært viktig — answers 'svært viktig'",
        "pct_very_important": "prosent svært viktig — ideal, 0–100",
        "n_presence": "N tilstede — valid answers on whether close cooperation is in place",
        "n_agree": "enig — answers 'helt enig' or 'delvis enig'",
        "pct_agree": "prosent enig — reality, 0–100",
        "gap_pp": "avstand — ideal minus reality, prosentpoeng (percentage points)",
    },
    keys=("partner",),
    deps=("staging.survey",),
    within=(("n_very_important", "n_importance"), ("n_agree", "n_presence")),
    order_by="sort",
)

AGENCIES_INVOLVED = MartSpec(
    name="agencies_involved",
    norsk="Etater og aktører involvert i driften",
    description="Agencies and actors taking part in running one or more of the measures; base: "
    "all respondents.",
    sql=f"""
        WITH involved AS (
            SELECT unnest([{_values([f"{{'actor': '{a}', 'v': drift_{a}}}" for a in codes.ACTORS])}],
                          max_depth := 2)
            FROM staging.survey
        ),
        actors(actor, sort) AS (
            VALUES {ordered_values(codes.ACTORS)}
        ),
        base AS (SELECT count(*) AS n_base FROM staging.survey),
        counted AS (
            SELECT a.actor, a.sort, count(*) FILTER (WHERE i.v = 1) AS n
            FROM actors a LEFT JOIN involved i USING (actor)
            GROUP BY a.actor, a.sort
        )
        SELECT c.actor, c.sort, c.n, b.n_base, 100.0 * c.n / NULLIF(b.n_base, 0) AS pct
        FROM counted c CROSS JOIN base b""",
    columns={
        "actor": "aktør — agency or actor",
        "sort": "rekkefølge — display order",
        "n": "antall — respondents where it takes part in running the measures",
        "n_base": "N — respondents",
        "pct": "prosent — share of respondents, 0–100",
    },
    keys=("actor",),
    deps=("staging.survey",),
    within=(("n", "n_base"),),
    order_by="sort",
)


# The survey variable of each period: nav_<aspect> (has meant), nav_<aspect>_sikt (in the long run).
NAV_SUFFIXES = ("", "_sikt")


def _nav_rows() -> str:
    rows = []
    for period, suffix in zip(codes.NAV_PERIODS, NAV_SUFFIXES, strict=True):
        for aspect, labels in codes.NAV_ASPECTS.items():
            for code, label in labels.items():
                rows.append(f"('{period}', '{aspect}', 'nav_{aspect}{suffix}', {code}, '{label}')")
    return ", ".join(rows)


NAV_SIGNIFICANCE = MartSpec(
    name="nav_significance",
    norsk="Etablering av NAV-kontor og arbeidet med barnefattigdom",
    description="What the NAV office has meant (asked where NAV is established) and will mean "
    "in the longer run (asked of all), for coordination and attention.",
    sql=f"""
        WITH items(period, aspect, variable, code, answer) AS (VALUES {_nav_rows()}),
        long AS (
            UNPIVOT (SELECT {", ".join(f"nav_{a}{s}" for s in NAV_SUFFIXES for a in codes.NAV_ASPECTS)}
                     FROM staging.survey)
            ON COLUMNS(*) INTO NAME variable VALUE code
        ),
        bases AS (SELECT variable, count(*) AS n_base FROM long GROUP BY variable),
        counted AS (
            SELECT i.period, i.aspect, i.answer, i.code, i.variable, count(l.code) AS n
            FROM items i LEFT JOIN long l ON l.variable = i.variable AND l.code = i.code
            GROUP BY ALL
        )
        SELECT c.period, c.aspect, c.answer, c.code, c.n, coalesce(b.n_base, 0) AS n_base,
               100.0 * c.n / NULLIF(b.n_base, 0) AS pct
        FROM counted c LEFT JOIN bases b USING (variable)""",
    columns={
        "period": "periode — har_betydd (has meant; where NAV is established) or paa_sikt "
        "(in the longer run; all respondents)",
        "aspect": "aspekt — samordning (coordination) or oppmerksomhet (attention)",
        "answer": "svar — the answer's label",
        "code": "kode — the answer's code in the questionnaire",
        "n": "antall — respondents giving this answer",
        "n_base": "N — respondents answering the question",
        "pct": "prosent — share of those answering, 0–100",
    },
    keys=("period", "aspect", "answer"),
    deps=("staging.survey",),
    within=(("n", "n_base"),),
    order_by="period, aspect, code",
)

CONTINUATION_SURVEY = MartSpec(
    name="continuation_survey",
    norsk="Videreføring dersom tilskudd opphører",
    description="If the grant ends, will the measures be continued? (survey)",
    sql=survey_distribution_sql("videreforing", grouped_answers(codes.CONTINUATION_SURVEY_ANSWERS), "code"),
    columns={
        "answer": "svar — videreføres, ikke_videreføres or usikker",
        "code": "kode — the answer's code in the questionnaire",
        "n": "antall — respondents giving this answer",
        "n_base": "N — respondents answering the question",
        "pct": "prosent — share of those answering, 0–100",
    },
    keys=("answer",),
    deps=("staging.survey",),
    within=(("n", "n_base"),),
    order_by="code",
)

MARTS = [COOPERATION_GAPS, AGENCIES_INVOLVED, NAV_SIGNIFICANCE, CONTINUATION_SURVEY]
