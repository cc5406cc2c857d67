"""The lineage to today (contract §8): projects across the schemes that succeeded each other,
the breaks in the series, and what the forms from 2022 report: participants by age and gender,
money granted and used, the cost per participant and the criteria reached.

For a programme without these (the 2009 evaluation) the tables are empty, and the report leaves
their chapters out."""

from __future__ import annotations

from pipelines.contract import codes
from pipelines.marts.spec import EVALUATED, MartSpec, codes_of

TOTAL = codes.ALL_SCHEMES

PROJECT_LINEAGE = MartSpec(
    name="project_lineage",
    norsk="Prosjektenes forgjengere",
    description="A project's predecessor: the same unit's project in the scheme its scheme "
    "succeeded (ordninger.csv `etterfolger`). A unit's projects in successive schemes are "
    "separate projects linked here.",
    sql="""
        SELECT p.enhet_id, p.ordning, s.code AS forgjenger_ordning
        FROM marts.projects p
        JOIN staging.programme_schemes s ON s.successor = p.ordning
        JOIN marts.projects f ON f.enhet_id = p.enhet_id AND f.ordning = s.code""",
    columns={
        "enhet_id": "enhet — unit id",
        "ordning": "ordning — the project's scheme",
        "forgjenger_ordning": "forgjenger — the scheme it succeeded, where the unit had a project",
    },
    keys=("enhet_id", "ordning", "forgjenger_ordning"),
    deps=("marts.projects", "staging.programme_schemes"),
    order_by="enhet_id, ordning, forgjenger_ordning",
)

# The series the report draws over the years, and whether a new form changes how they are counted.
SERIES: dict[str, bool] = {
    "goal_attainment.pct_all": True,
    "goal_reasons.pct": True,
    "continuation_reported.pct_all_or_most": True,
    "measures_by_year.n_measures": True,
    "measure_categories.pct": True,
    "grants_by_year.total_nok": False,
}
_SERIES_VALUES = ", ".join(f"('{name}', {str(by_form).lower()})" for name, by_form in SERIES.items())

SERIES_BREAKS = MartSpec(
    name="series_breaks",
    norsk="Brudd i seriene",
    description="Years where a series over the years changes scheme (a scheme succeeded by "
    "another) or reporting form (a new period of skjema.csv), within the years reported.",
    sql=f"""
        WITH series(series, by_form) AS (VALUES {_SERIES_VALUES}),
        span AS (SELECT min(aar) AS first, max(aar) AS last FROM staging.rapporter),
        breaks AS (
            SELECT DISTINCT n.first_year AS aar, 'scheme_succession' AS reason, false AS by_form
            FROM staging.programme_schemes s JOIN staging.programme_schemes n ON n.code = s.successor
            WHERE s.evaluated AND n.evaluated AND n.first_year IS NOT NULL
            UNION
            SELECT DISTINCT first_year, 'form_change', true FROM staging.programme_form_columns
            WHERE first_year IS NOT NULL
              AND first_year > (SELECT min(coalesce(first_year, 0)) FROM staging.programme_form_columns)
        )
        -- the first year reported at or after the change: where the series shows the break
        SELECT DISTINCT s.series, (SELECT min(r.aar) FROM staging.rapporter r WHERE r.aar >= b.aar) AS aar,
               b.reason
        FROM breaks b CROSS JOIN series s CROSS JOIN span
        WHERE b.aar > span.first AND b.aar <= span.last AND (s.by_form OR NOT b.by_form)""",
    columns={
        "series": "serie — a mart and its column, e.g. goal_attainment.pct_all",
        "aar": "år — the first year reported after the break (the change may lie in a year not reported)",
        "reason": "årsak — scheme_succession (the scheme changed) or form_change (the form changed)",
    },
    keys=("series", "aar", "reason"),
    deps=("staging.rapporter", "staging.programme_schemes", "staging.programme_form_columns"),
    order_by="series, aar, reason",
)

AGES = ("deltakere_0_5", "deltakere_6_12", "deltakere_13_15", "deltakere_16_19", "deltakere_20_24")
GENDERS = ("deltakere_jenter", "deltakere_gutter")

# Activities (the forms from 2022) per scheme, and every scheme of the programme together.
_ACTIVITIES = f"""
    activities AS (
        SELECT *, ordning AS scheme FROM staging.tiltak WHERE aktivitetstype IS NOT NULL
        UNION ALL SELECT *, '{TOTAL}' FROM staging.tiltak WHERE aktivitetstype IS NOT NULL
    )"""

PARTICIPANTS = MartSpec(
    name="participants",
    norsk="Deltakere etter aktivitetstype, alder og kjønn",
    description="Participants per year, scheme (ALLE: all together) and activity type, over the "
    "activities whose number of participants is known; by age and by gender where given.",
    sql=f"""
        WITH {_ACTIVITIES}
        SELECT aar, scheme AS ordning, aktivitetstype,
               count(*) AS n_activities,
               sum(deltakere)::BIGINT AS deltakere,
               sum(deltakere_malgruppe)::BIGINT AS deltakere_malgruppe,
               100.0 * sum(deltakere_malgruppe)
                   / NULLIF(sum(deltakere) FILTER (WHERE deltakere_malgruppe IS NOT NULL), 0)
                   AS pct_malgruppe,
               {", ".join(f"sum({c})::BIGINT AS {c}" for c in AGES + GENDERS)}
        FROM activities WHERE deltakere IS NOT NULL
        GROUP BY aar, scheme, aktivitetstype""",
    columns={
        "aar": "år — reporting year",
        "ordning": "ordning — scheme, or ALLE",
        "aktivitetstype": "aktivitetstype — type of activity",
        "n_activities": "aktiviteter — activities with the number of participants known",
        "deltakere": "deltakere — participants",
        "deltakere_malgruppe": "i målgruppen — of them in the target group, where given",
        "pct_malgruppe": "prosent i målgruppen — over the activities that give it, 0–100",
        "deltakere_0_5": "0–5 år — participants aged 0–5, where given",
        "deltakere_6_12": "6–12 år",
        "deltakere_13_15": "13–15 år",
        "deltakere_16_19": "16–19 år",
        "deltakere_20_24": "20–24 år",
        "deltakere_jenter": "jenter — girls, where given",
        "deltakere_gutter": "gutter — boys, where given",
    },
    keys=("aar", "ordning", "aktivitetstype"),
    deps=("staging.tiltak",),
    within=(("deltakere_malgruppe", "deltakere"),),
    order_by="aar, ordning, aktivitetstype",
)

SPENDING = MartSpec(
    name="spending",
    norsk="Søkt, tildelt og brukt",
    description="Per year and evaluated scheme (ALLE: all together): the amount applied for and "
    "granted (grants.csv), and what the activities used, as a share of their grant over the "
    "activities whose use is accounted for.",
    sql=f"""
        WITH grants AS (
            SELECT aar, ordning AS scheme, soknad_nok, belop_nok FROM staging.grants
            WHERE ordning IN {EVALUATED}
            UNION ALL SELECT aar, '{TOTAL}', soknad_nok, belop_nok FROM staging.grants
            WHERE ordning IN {EVALUATED}
        ),
        granted AS (
            SELECT aar, scheme, sum(soknad_nok)::BIGINT AS soknad_nok, sum(belop_nok)::BIGINT AS tilskudd_nok
            FROM grants GROUP BY ALL
        ),
        {_ACTIVITIES},
        used AS (
            SELECT aar, scheme, sum(brukt_nok)::BIGINT AS brukt_nok,
                   100.0 * sum(brukt_nok) / NULLIF(sum(tilskudd_nok) FILTER (WHERE brukt_nok IS NOT NULL), 0)
                       AS pct_brukt
            FROM activities GROUP BY ALL
        )
        SELECT g.aar, g.scheme AS ordning, g.soknad_nok, g.tilskudd_nok, u.brukt_nok, u.pct_brukt
        FROM granted g JOIN used u USING (aar, scheme)""",
    columns={
        "aar": "år — year",
        "ordning": "ordning — scheme, or ALLE",
        "soknad_nok": "søkt — applied for, NOK, where grants.csv gives it",
        "tilskudd_nok": "tildelt — granted, NOK",
        "brukt_nok": "brukt — used by the activities, NOK, where accounted for",
        "pct_brukt": "prosent brukt — used as a share of the activities' grant, over those accounted for",
    },
    keys=("aar", "ordning"),
    deps=("staging.grants", "staging.tiltak", "staging.programme_schemes"),
    order_by="aar, ordning",
)

COST_PER_PARTICIPANT = MartSpec(
    name="cost_per_participant",
    norsk="Tilskudd per deltaker",
    description="Per year and activity type, over the activities with both their grant and "
    "their number of participants known: the grant per participant.",
    sql="""
        SELECT aar, aktivitetstype, count(*) AS n_activities,
               sum(tilskudd_nok)::BIGINT AS tilskudd_nok, sum(deltakere)::BIGINT AS deltakere,
               sum(tilskudd_nok) / NULLIF(sum(deltakere), 0) AS nok_per_participant
        FROM staging.tiltak
        WHERE aktivitetstype IS NOT NULL AND tilskudd_nok IS NOT NULL AND deltakere IS NOT NULL
        GROUP BY aar, aktivitetstype""",
    columns={
        "aar": "år — reporting year",
        "aktivitetstype": "aktivitetstype — type of activity",
        "n_activities": "aktiviteter — with grant and participants known",
        "tilskudd_nok": "tilskudd — their grant, NOK",
        "deltakere": "deltakere — their participants",
        "nok_per_participant": "kroner per deltaker — grant per participant",
    },
    keys=("aar", "aktivitetstype"),
    deps=("staging.tiltak",),
    order_by="aar, aktivitetstype",
)

CRITERIA = MartSpec(
    name="criteria",
    norsk="Kriterier for måloppnåelse",
    description="Per year, scheme (ALLE: all together) and criterion (the forms from 2022): "
    "projects that worked towards it, and those that reached it.",
    sql=f"""
        WITH reports AS (
            SELECT aar, ordning AS scheme, kriterier_mal, kriterier_nadd FROM staging.rapporter
            WHERE len(kriterier_mal) > 0
            UNION ALL SELECT aar, '{TOTAL}', kriterier_mal, kriterier_nadd FROM staging.rapporter
            WHERE len(kriterier_mal) > 0
        ),
        criteria(kriterium, sort) AS {codes_of("kriterier_mal")},
        year_scheme AS (SELECT DISTINCT aar, scheme FROM reports)
        SELECT ys.aar, ys.scheme AS ordning, c.kriterium, c.sort,
               count(r.aar) FILTER (WHERE list_contains(r.kriterier_mal, c.kriterium)) AS n_projects_aimed,
               count(r.aar) FILTER (WHERE list_contains(r.kriterier_nadd, c.kriterium)) AS n_reached,
               100.0 * n_reached / NULLIF(n_projects_aimed, 0) AS pct_reached
        FROM year_scheme ys CROSS JOIN criteria c
        LEFT JOIN reports r ON r.aar = ys.aar AND r.scheme = ys.scheme
        GROUP BY ys.aar, ys.scheme, c.kriterium, c.sort""",
    columns={
        "aar": "år — reporting year",
        "ordning": "ordning — scheme, or ALLE",
        "kriterium": "kriterium — the criterion's code",
        "sort": "rekkefølge — the definition's order",
        "n_projects_aimed": "prosjekter — projects that worked towards it",
        "n_reached": "nådd — projects that reached it",
        "pct_reached": "prosent nådd — of those that worked towards it, 0–100",
    },
    keys=("aar", "ordning", "kriterium"),
    deps=("staging.rapporter", "staging.programme_form_columns", "staging.programme_codes"),
    within=(("n_reached", "n_projects_aimed"),),
    order_by="aar, ordning, sort",
)

MARTS = [PROJECT_LINEAGE, SERIES_BREAKS, PARTICIPANTS, SPENDING, COST_PER_PARTICIPANT, CRITERIA]
