"""Who received grants: projects, regions, funding overlap and survey response."""

from __future__ import annotations

from pipelines.contract import codes
from pipelines.marts.spec import EVALUATED, WAVE_COLUMN, MartSpec, ordered_values

PROJECTS = MartSpec(
    name="projects",
    norsk="Prosjekter",
    description="Projects: one unit × one evaluated scheme with a grant in at least one year.",
    sql="""
        WITH written AS (  -- every number the project's rows were written under
            SELECT enhet_id, ordning, enhet_id_rapportert FROM staging.grants
            UNION SELECT enhet_id, ordning, enhet_id_rapportert FROM staging.rapporter
            UNION SELECT enhet_id, ordning, enhet_id_rapportert FROM staging.tiltak
            UNION SELECT enhet_id, ordning, enhet_id_rapportert FROM staging.survey
        ),
        reported AS (
            SELECT enhet_id, ordning,
                   string_agg(DISTINCT enhet_id_rapportert, ', ' ORDER BY enhet_id_rapportert)
                       AS enhet_ids_rapportert
            FROM written GROUP BY enhet_id, ordning
        )
        SELECT p.enhet_id, p.ordning, p.navn, p.region, p.size_class, p.innbyggere, p.first_year,
               p.last_year, p.total_grant_nok, p.in_survey_frame, p.responded,
               coalesce(r.enhet_ids_rapportert, p.enhet_id) AS enhet_ids_rapportert
        FROM staging.projects p LEFT JOIN reported r USING (enhet_id, ordning)""",
    columns={
        "enhet_id": "enhet — unit id (kommune 4 digits, bydel 6 digits)",
        "ordning": "tilskuddsordning — an evaluated scheme of the programme",
        "navn": "navn — name of the municipality or district",
        "region": "region — region from the county number",
        "size_class": "størrelse — size class from population (liten, mellomstor, stor, ukjent)",
        "innbyggere": "innbyggere — population, if known",
        "first_year": "første år — first year with a grant from this scheme",
        "last_year": "siste år — last year with a grant from this scheme",
        "total_grant_nok": "tilskudd i alt — sum of grants from this scheme, NOK",
        "in_survey_frame": "i utvalget — had a grant before the survey year, so was asked "
        "(every project when the survey file's name has no year)",
        "responded": "svart — the project answered the questionnaire; NULL when it was not asked",
        "enhet_ids_rapportert": "rapportert som — every unit number the project's grants, reports, "
        "measures and survey answer were written under, e.g. '1902, 5501' after a renumbering",
    },
    keys=("enhet_id", "ordning"),
    deps=("staging.projects", "staging.grants", "staging.rapporter", "staging.tiltak", "staging.survey"),
    order_by="enhet_id, ordning",
)

PROJECTS_BY_REGION = MartSpec(
    name="projects_by_region",
    norsk="Tilskuddsmottakere etter landsdel",
    description="Projects and units per region.",
    sql="""
        WITH regions AS (SELECT DISTINCT region FROM staging.regions)
        SELECT r.region, count(p.enhet_id) AS n_projects, count(DISTINCT p.enhet_id) AS n_units
        FROM regions r LEFT JOIN marts.projects p USING (region)
        GROUP BY r.region""",
    columns={
        "region": "region — region",
        "n_projects": "prosjekter — number of projects",
        "n_units": "enheter — number of municipalities and districts",
    },
    keys=("region",),
    deps=("staging.regions", "marts.projects"),
    within=(("n_units", "n_projects"),),
    order_by="region",
)


FUNDING_OVERLAP = MartSpec(
    name="funding_overlap",
    norsk="Tilskudd fra flere ordninger",
    description="Schemes the project's unit received in any year, counted over all projects.",
    sql=f"""
        WITH unit_schemes AS (
            SELECT enhet_id, list(DISTINCT ordning) AS schemes
            FROM staging.grants GROUP BY enhet_id
        ),
        per_project AS (
            SELECT p.enhet_id, p.ordning, u.schemes
            FROM marts.projects p JOIN unit_schemes u USING (enhet_id)
        ),
        all_evaluated AS (SELECT value FROM staging.programme_texts WHERE key = 'alle_evaluerte_kategori'),
        categories(category, sort) AS (
            VALUES {ordered_values(codes.FUNDING_CATEGORIES)}
            UNION ALL SELECT value, {len(codes.FUNDING_CATEGORIES) + 1} FROM all_evaluated
            UNION ALL SELECT code, {len(codes.FUNDING_CATEGORIES) + 1} + row_number() OVER (ORDER BY sort)
                      FROM staging.programme_schemes WHERE NOT evaluated
        ),
        total AS (SELECT count(*) AS n_projects FROM per_project)
        SELECT c.category,
               count(pp.enhet_id) FILTER (WHERE
                   CASE c.category
                       WHEN 'kun_en' THEN len(pp.schemes) = 1
                       WHEN 'flere' THEN len(pp.schemes) > 1
                       WHEN (SELECT value FROM all_evaluated)
                           THEN list_has_all(pp.schemes, (SELECT list(code) FROM {EVALUATED}))
                       ELSE list_contains(pp.schemes, c.category)
                   END) AS n,
               t.n_projects,
               100.0 * n / NULLIF(t.n_projects, 0) AS pct,
               c.sort
        FROM categories c CROSS JOIN total t LEFT JOIN per_project pp ON true
        GROUP BY c.category, c.sort, t.n_projects""",
    columns={
        "category": "kategori — kun_en (one scheme only), flere (more than one), the programme's "
        "category for every evaluated scheme (bld_og_avdir in the 2009 evaluation), or another "
        "scheme's code",
        "n": "antall — projects in this category",
        "n_projects": "prosjekter — all projects (the base)",
        "pct": "prosent — share of all projects, 0–100",
        "sort": "rekkefølge — display order",
    },
    keys=("category",),
    deps=("staging.grants", "marts.projects"),
    within=(("n", "n_projects"),),
    order_by="sort",
)

RESPONSE = MartSpec(
    name="response",
    norsk="Svarprosent",
    description="Survey response: in total and by scheme, region and size class, with the "
    "composition of respondents and non-respondents to show any skew. The base is the projects "
    "the questionnaire went to: per survey wave, the projects with a grant in the years before it.",
    sql="""
        WITH waves AS (
            SELECT survey_file, coalesce(survey_year, 0) AS wave, survey_year, frame_years
            FROM staging.survey_frame
        ),
        framed AS (  -- each wave's frame: the projects with a grant in the years before it
            SELECT w.wave, p.ordning, p.region, p.size_class,
                   EXISTS (SELECT 1 FROM staging.survey s
                           WHERE s.survey_file = w.survey_file AND s.enhet_id = p.enhet_id
                             AND s.ordning = p.ordning) AS responded
            FROM waves w JOIN marts.projects p ON w.survey_year IS NULL OR EXISTS (
                SELECT 1 FROM staging.grants x
                WHERE x.enhet_id = p.enhet_id AND x.ordning = p.ordning AND x.aar < w.survey_year
                  AND (w.frame_years IS NULL OR x.aar >= w.survey_year - w.frame_years))
        ),
        dims AS (
            SELECT wave, 'total' AS dimension, 'alle' AS value, responded FROM framed
            UNION ALL SELECT wave, 'ordning', ordning, responded FROM framed
            UNION ALL SELECT wave, 'region', region, responded FROM framed
            UNION ALL SELECT wave, 'size_class', size_class, responded FROM framed
        ),
        totals AS (
            SELECT wave, count(*) FILTER (WHERE responded) AS all_resp,
                   count(*) FILTER (WHERE NOT responded) AS all_nonresp
            FROM framed GROUP BY wave
        )
        SELECT d.dimension, d.value,
               count(*) AS n_projects,
               count(*) FILTER (WHERE d.responded) AS n_respondents,
               count(*) FILTER (WHERE NOT d.responded) AS n_nonrespondents,
               100.0 * n_respondents / count(*) AS pct,
               100.0 * n_respondents / NULLIF(any_value(t.all_resp), 0) AS pct_of_respondents,
               100.0 * n_nonrespondents / NULLIF(any_value(t.all_nonresp), 0) AS pct_of_nonrespondents,
               d.wave
        FROM dims d JOIN totals t USING (wave)
        GROUP BY d.wave, d.dimension, d.value""",
    columns={
        "dimension": "dimensjon — total, ordning, region or size_class",
        "value": "verdi — the category (alle for the total)",
        "n_projects": "prosjekter — projects in the category",
        "n_respondents": "svar — projects that answered",
        "n_nonrespondents": "ikke svar — projects that did not answer",
        "pct": "svarprosent — response rate in the category, 0–100",
        "pct_of_respondents": "andel av svarene — category's share of all respondents, 0–100",
        "pct_of_nonrespondents": "andel av frafallet — category's share of all non-respondents, 0–100",
        "wave": WAVE_COLUMN,
    },
    keys=("wave", "dimension", "value"),
    deps=("marts.projects", "staging.survey", "staging.survey_frame", "staging.grants"),
    within=(("n_respondents", "n_projects"), ("n_nonrespondents", "n_projects")),
    order_by="wave, dimension, value",
)

MARTS = [PROJECTS, PROJECTS_BY_REGION, FUNDING_OVERLAP, RESPONSE]


# Beyond the contract: the money, per year and scheme.
GRANTS_BY_YEAR = MartSpec(
    name="grants_by_year",
    norsk="Tilskudd per år",
    description="Grants of the evaluated schemes per year and scheme (ALLE: both): projects with "
    "a grant, the sum, and the mean and median grant per project.",
    sql=f"""
        WITH grants AS (
            SELECT aar, ordning, enhet_id, belop_nok FROM staging.grants
            WHERE ordning IN {EVALUATED}
        ),
        per_project AS (
            SELECT aar, ordning, enhet_id, sum(belop_nok) AS nok FROM grants GROUP BY ALL
            UNION ALL
            SELECT aar, '{codes.ALL_SCHEMES}', enhet_id || '/' || ordning, sum(belop_nok)
            FROM grants GROUP BY aar, enhet_id, ordning
        )
        SELECT aar, ordning, count(*) AS n_projects, sum(nok)::BIGINT AS total_nok,
               avg(nok) AS mean_nok, median(nok) AS median_nok
        FROM per_project GROUP BY aar, ordning""",
    columns={
        "aar": "år — grant year",
        "ordning": "ordning — an evaluated scheme, or ALLE (all together)",
        "n_projects": "prosjekter — projects with a grant that year",
        "total_nok": "tilskudd i alt — NOK",
        "mean_nok": "gjennomsnitt — mean grant per project, NOK",
        "median_nok": "median — median grant per project, NOK",
    },
    keys=("aar", "ordning"),
    deps=("staging.grants",),
    order_by="aar, ordning",
)
