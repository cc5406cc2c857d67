"""Organisation and cooperation (survey): partners ideal vs reality, agencies, NAV, continuation.

The survey's items are read from staging.survey_answers, where each answer carries what its code
means in the programme's code lists (svaert_viktig, enig, ja): no questionnaire code is written
here."""

from __future__ import annotations

from pipelines.marts.spec import WAVE, WAVE_COLUMN, MartSpec, asked_waves, list_codes, survey_distribution_sql

COOPERATION_GAPS = MartSpec(
    name="cooperation_gaps",
    norsk="Samarbeid: idealer og realiteter",
    description="Per partner: share saying close cooperation is very important (ideal) and "
    "share agreeing it is in place (reality); the gap in percentage points.",
    sql=f"""
        WITH partners(partner, sort) AS {list_codes("partner")},
        waves AS {asked_waves("importance", "presence")},
        answers AS (
            SELECT {WAVE} AS wave, subject AS partner, item, meaning FROM staging.survey_answers
            WHERE item IN ('importance', 'presence')
        )
        SELECT p.partner, p.sort,
               count(*) FILTER (WHERE a.item = 'importance') AS n_importance,
               count(*) FILTER (WHERE a.item = 'importance' AND a.meaning = 'svaert_viktig')
                   AS n_very_important,
               100.0 * n_very_important / NULLIF(n_importance, 0) AS pct_very_important,
               count(*) FILTER (WHERE a.item = 'presence') AS n_presence,
               count(*) FILTER (WHERE a.item = 'presence' AND a.meaning = 'enig') AS n_agree,
               100.0 * n_agree / NULLIF(n_presence, 0) AS pct_agree,
               pct_very_important - pct_agree AS gap_pp,
               w.wave
        FROM waves w CROSS JOIN partners p LEFT JOIN answers a ON a.wave = w.wave AND a.partner = p.partner
        GROUP BY w.wave, p.partner, p.sort""",
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
        "wave": WAVE_COLUMN,
    },
    keys=("wave", "partner"),
    deps=(
        "staging.survey_answers",
        "staging.survey_frame",
        "staging.programme_survey_items",
        "staging.programme_codes",
    ),
    within=(("n_very_important", "n_importance"), ("n_agree", "n_presence")),
    order_by="wave, sort",
)

AGENCIES_INVOLVED = MartSpec(
    name="agencies_involved",
    norsk="Etater og aktører involvert i driften",
    description="Agencies and actors taking part in running one or more of the measures; base: "
    "all respondents.",
    sql=f"""
        WITH actors(actor, sort) AS {list_codes("aktor")},
        waves AS {asked_waves("involvement")},
        involved AS (
            SELECT {WAVE} AS wave, subject AS actor FROM staging.survey_answers
            WHERE item = 'involvement' AND meaning = 'ja'
        ),
        bases AS (SELECT {WAVE} AS wave, count(*) AS n_base FROM staging.survey GROUP BY ALL),
        counted AS (
            SELECT w.wave, a.actor, a.sort, count(i.actor) AS n
            FROM waves w CROSS JOIN actors a LEFT JOIN involved i ON i.wave = w.wave AND i.actor = a.actor
            GROUP BY w.wave, a.actor, a.sort
        )
        SELECT c.actor, c.sort, c.n, coalesce(b.n_base, 0) AS n_base,
               100.0 * c.n / NULLIF(b.n_base, 0) AS pct, c.wave
        FROM counted c LEFT JOIN bases b USING (wave)""",
    columns={
        "actor": "aktør — agency or actor",
        "sort": "rekkefølge — display order",
        "n": "antall — respondents where it takes part in running the measures",
        "n_base": "N — respondents",
        "pct": "prosent — share of respondents, 0–100",
        "wave": WAVE_COLUMN,
    },
    keys=("wave", "actor"),
    deps=("staging.survey", "staging.survey_answers", "staging.survey_frame", "staging.programme_codes"),
    within=(("n", "n_base"),),
    order_by="sort",
)


# The item of each period and aspect: what the NAV office has meant (asked where it is
# established) and will mean in the longer run (asked of all).
NAV_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("har_betydd", "samordning", "nav_coordination"),
    ("har_betydd", "oppmerksomhet", "nav_attention"),
    ("paa_sikt", "samordning", "nav_coordination_longrun"),
    ("paa_sikt", "oppmerksomhet", "nav_attention_longrun"),
)
_NAV_VALUES = ", ".join(f"('{p}', '{a}', '{i}')" for p, a, i in NAV_ITEMS)


NAV_SIGNIFICANCE = MartSpec(
    name="nav_significance",
    norsk="Etablering av NAV-kontor og arbeidet med barnefattigdom",
    description="What the NAV office has meant (asked where NAV is established) and will mean "
    "in the longer run (asked of all), for coordination and attention.",
    sql=f"""
        WITH periods(period, aspect, item) AS (VALUES {_NAV_VALUES}),
        items AS (  -- each item's answers: the codes of its code list in the programme
            SELECT p.period, p.aspect, p.item, c.label AS answer, c.code::INTEGER AS code
            FROM periods p
            JOIN (SELECT DISTINCT item, code_list FROM staging.programme_survey_items) i USING (item)
            JOIN staging.programme_codes c ON c.list = i.code_list
        ),
        asked AS (  -- each wave and the NAV items it asked
            SELECT DISTINCT coalesce(f.survey_year, 0) AS wave, i.item
            FROM staging.survey_frame f JOIN staging.programme_survey_items i
              ON i.wave IS NULL OR i.wave = f.survey_year
            WHERE i.item IN (SELECT item FROM periods)
        ),
        long AS (
            SELECT {WAVE} AS wave, item, code FROM staging.survey_answers
            WHERE item IN (SELECT item FROM periods)
        ),
        bases AS (SELECT wave, item, count(*) AS n_base FROM long GROUP BY ALL),
        counted AS (
            SELECT a.wave, i.period, i.aspect, i.answer, i.code, i.item, count(l.code) AS n
            FROM asked a JOIN items i USING (item)
            LEFT JOIN long l ON l.wave = a.wave AND l.item = i.item AND l.code = i.code
            GROUP BY ALL
        )
        SELECT c.period, c.aspect, c.answer, c.code, c.n, coalesce(b.n_base, 0) AS n_base,
               100.0 * c.n / NULLIF(b.n_base, 0) AS pct, c.wave
        FROM counted c LEFT JOIN bases b USING (wave, item)""",
    columns={
        "period": "periode — har_betydd (has meant; where NAV is established) or paa_sikt "
        "(in the longer run; all respondents)",
        "aspect": "aspekt — samordning (coordination) or oppmerksomhet (attention)",
        "answer": "svar — the answer's label",
        "code": "kode — the answer's code in the questionnaire",
        "n": "antall — respondents giving this answer",
        "n_base": "N — respondents answering the question",
        "pct": "prosent — share of those answering, 0–100",
        "wave": WAVE_COLUMN,
    },
    keys=("wave", "period", "aspect", "answer"),
    deps=(
        "staging.survey_answers",
        "staging.survey_frame",
        "staging.programme_survey_items",
        "staging.programme_codes",
    ),
    within=(("n", "n_base"),),
    order_by="wave, period, aspect, code",
)

CONTINUATION_SURVEY = MartSpec(
    name="continuation_survey",
    norsk="Videreføring dersom tilskudd opphører",
    description="If the grant ends, will the measures be continued? (survey)",
    sql=survey_distribution_sql("continuation", "code"),
    columns={
        "answer": "svar — videreføres, ikke_videreføres or usikker",
        "code": "kode — the answer's code in the questionnaire",
        "n": "antall — respondents giving this answer",
        "n_base": "N — respondents answering the question",
        "pct": "prosent — share of those answering, 0–100",
        "wave": WAVE_COLUMN,
    },
    keys=("wave", "answer"),
    deps=("staging.survey_answers", "staging.survey_frame", "staging.programme_survey_items"),
    within=(("n", "n_base"),),
    order_by="wave, code",
)

MARTS = [COOPERATION_GAPS, AGENCIES_INVOLVED, NAV_SIGNIFICANCE, CONTINUATION_SURVEY]
