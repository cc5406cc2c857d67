"""The measures the grants paid for (annual reports), and the interview themes."""

from __future__ import annotations

from pipelines.contract import codes
from pipelines.marts.spec import REPORT_YEARS, MartSpec, codes_of

MEASURES_BY_YEAR = MartSpec(
    name="measures_by_year",
    norsk="Omfanget av tiltak",
    description="Measures per reporting year: count, projects, budget and share targeted at "
    "identified children or families.",
    sql=f"""
        SELECT y.aar,
               count(t.aar) AS n_measures,
               count(DISTINCT (t.enhet_id, t.ordning)) FILTER (WHERE t.aar IS NOT NULL) AS n_projects,
               coalesce(sum(t.budsjett_nok), 0)::BIGINT AS budget_nok,
               count(*) FILTER (WHERE t.malgruppe = 'individ') AS n_targeted,
               100.0 * n_targeted / NULLIF(n_measures, 0) AS pct_targeted
        FROM {REPORT_YEARS} y
        LEFT JOIN staging.tiltak t USING (aar)
        GROUP BY y.aar""",
    columns={
        "aar": "år — reporting year",
        "n_measures": "tiltak — number of measures",
        "n_projects": "prosjekter — projects reporting measures",
        "budget_nok": "budsjett — sum of the measures' budgets, NOK",
        "n_targeted": "individrettet — measures for identified children or families",
        "pct_targeted": "prosent individrettet — share of measures, 0–100",
    },
    keys=("aar",),
    deps=("staging.rapporter", "staging.tiltak"),
    within=(("n_targeted", "n_measures"),),
    order_by="aar",
)


MEASURE_CATEGORIES = MartSpec(
    name="measure_categories",
    norsk="Kategorier av tiltak",
    description="Measures per category and year, as a share of the year's measures.",
    sql=f"""
        WITH categories(kategori, sort) AS {codes_of("kategori")},
        years AS (
            SELECT y.aar, count(t.aar) AS n_base
            FROM {REPORT_YEARS} y
            LEFT JOIN staging.tiltak t USING (aar) GROUP BY y.aar
        )
        SELECT y.aar, c.kategori, c.sort,
               count(t.kategori) AS n, y.n_base,
               100.0 * n / NULLIF(y.n_base, 0) AS pct
        FROM years y CROSS JOIN categories c
        LEFT JOIN staging.tiltak t ON t.aar = y.aar AND t.kategori = c.kategori
        GROUP BY y.aar, c.kategori, c.sort, y.n_base""",
    columns={
        "aar": "år — reporting year",
        "kategori": "kategori — category of measure",
        "sort": "rekkefølge — display order",
        "n": "antall — measures in the category",
        "n_base": "N — all measures that year",
        "pct": "prosent — share of the year's measures, 0–100",
    },
    keys=("aar", "kategori"),
    deps=("staging.rapporter", "staging.tiltak"),
    within=(("n", "n_base"),),
    order_by="aar, sort",
)


def _bands() -> str:
    rows = []
    for i, (label, low, high) in enumerate(codes.BUDGET_BANDS, start=1):
        rows.append(f"('{label}', {i}, {low}, {high if high is not None else 'NULL'})")
    return ", ".join(rows)


MEASURE_BUDGET_BANDS = MartSpec(
    name="measure_budget_bands",
    norsk="Tiltakenes budsjettstørrelse",
    description="Measures by budget band, all years together.",
    sql=f"""
        WITH bands(band, sort, low, high) AS (VALUES {_bands()}),
        base AS (SELECT count(*) AS n_base FROM staging.tiltak),
        counted AS (
            SELECT b.band, b.sort, b.low, b.high, count(t.budsjett_nok) AS n
            FROM bands b LEFT JOIN staging.tiltak t
                 ON t.budsjett_nok >= b.low AND (b.high IS NULL OR t.budsjett_nok < b.high)
            GROUP BY ALL
        )
        SELECT c.band, c.sort, c.low AS low_nok, c.high AS high_nok, c.n, base.n_base,
               100.0 * c.n / NULLIF(base.n_base, 0) AS pct
        FROM counted c CROSS JOIN base""",
    columns={
        "band": "budsjettintervall — budget band, NOK",
        "sort": "rekkefølge — display order",
        "low_nok": "fra — lower bound, NOK (inclusive)",
        "high_nok": "til — upper bound, NOK (exclusive; NULL for the open band)",
        "n": "antall — measures in the band",
        "n_base": "N — all measures",
        "pct": "prosent — share of all measures, 0–100",
    },
    keys=("band",),
    deps=("staging.tiltak",),
    within=(("n", "n_base"),),
    order_by="sort",
)

MEASURE_REACH = MartSpec(
    name="measure_reach",
    norsk="Deltakere i tiltakene (anslag)",
    description="Participants per year and target group, over measures with a known count: "
    "an estimate, since not every measure reports its participants.",
    sql=f"""
        WITH groups(malgruppe) AS (VALUES ('alle'), ('individ')),
        years AS {REPORT_YEARS}
        SELECT y.aar, g.malgruppe,
               count(t.deltakere) AS n_measures,
               count(t.aar) AS n_measures_all,
               avg(t.deltakere) AS mean_participants,
               coalesce(sum(t.deltakere), 0)::BIGINT AS total_participants
        FROM years y CROSS JOIN groups g
        LEFT JOIN staging.tiltak t ON t.aar = y.aar AND t.malgruppe = g.malgruppe
        GROUP BY y.aar, g.malgruppe""",
    columns={
        "aar": "år — reporting year",
        "malgruppe": "målgruppe — alle (open to all children in an area) or individ "
        "(identified children or families)",
        "n_measures": "tiltak med kjent antall — measures reporting participants",
        "n_measures_all": "tiltak i alt — all measures in the group",
        "mean_participants": "gjennomsnitt — mean participants per measure (estimate)",
        "total_participants": "deltakere i alt — sum of reported participants (estimate; "
        "a child may take part in several measures)",
    },
    keys=("aar", "malgruppe"),
    deps=("staging.rapporter", "staging.tiltak"),
    within=(("n_measures", "n_measures_all"),),
    order_by="aar, malgruppe",
)


INTERVIEW_THEMES = MartSpec(
    name="interview_themes",
    norsk="Temaer i intervjuene",
    description="Coded interview segments per theme: segments, interviews and case units.",
    sql="""
        WITH themes(kode, sort) AS (SELECT code, sort FROM staging.programme_codebook),
        coded AS (
            SELECT s.kode, s.intervju_id, s.sitat, i.enhet_id
            FROM staging.segments s
            LEFT JOIN (SELECT DISTINCT intervju_id, enhet_id FROM staging.informants) i
                   USING (intervju_id)
        )
        SELECT t.kode, t.sort,
               count(c.kode) AS n_segments,
               count(DISTINCT c.intervju_id) AS n_interviews,
               count(DISTINCT c.enhet_id) AS n_units,
               count(*) FILTER (WHERE c.sitat) AS n_quotable,
               (SELECT count(DISTINCT intervju_id) FROM staging.informants) AS n_interviews_all
        FROM themes t LEFT JOIN coded c USING (kode)
        GROUP BY t.kode, t.sort""",
    columns={
        "kode": "kode — theme in the codebook",
        "sort": "rekkefølge — display order",
        "n_segments": "segmenter — coded segments",
        "n_interviews": "intervjuer — interviews where the theme came up",
        "n_units": "caseenheter — case units where the theme came up",
        "n_quotable": "sitater — segments that may be quoted",
        "n_interviews_all": "intervjuer i alt — all interviews",
    },
    keys=("kode",),
    deps=("staging.segments", "staging.informants", "staging.programme_codebook"),
    within=(("n_interviews", "n_interviews_all"), ("n_quotable", "n_segments")),
    order_by="sort",
)

MARTS = [MEASURES_BY_YEAR, MEASURE_CATEGORIES, MEASURE_BUDGET_BANDS, MEASURE_REACH, INTERVIEW_THEMES]
