"""Context: the share of children in low-income households in each grant unit, beside the
whole country's figure for the same table, measure and period."""

from __future__ import annotations

from pipelines.marts.spec import EVALUATED, MartSpec

LOW_INCOME = MartSpec(
    name="low_income",
    norsk="Barn i lavinntektshusholdninger",
    description="Share of children in low-income households per grant unit, table, measure and "
    "period (statbank tables 08764 and 12944, and context/lavinntekt.csv), with the whole "
    "country's figure for the same table, measure and period. A unit's figure is its own "
    "municipality's, never an average over merged municipalities.",
    sql="""
        WITH unit_figures AS (
            SELECT f.enhet_id, f.table_id, f.measure, f.period, f.first_year, f.last_year,
                   f.region_code, f.region_name, f.value, f.symbol, f.symbol_meaning
            FROM staging.context_figures f
            WHERE f.level = 'enhet' AND f.unit = 'prosent'
            UNION ALL  -- the contract's own form: persistent low income, one year per row
            SELECT l.enhet_id, 'lavinntekt.csv', 'vedvarende', CAST(l.aar AS VARCHAR), l.aar, l.aar,
                   l.enhet_id_rapportert, NULL, l.andel_barn_lavinntekt, NULL, NULL
            FROM staging.lavinntekt l
        ),
        national AS (
            SELECT table_id, measure, first_year, last_year,
                   value AS value_national, symbol AS symbol_national
            FROM staging.context_figures WHERE level = 'land' AND unit = 'prosent'
        )
        SELECT f.enhet_id, u.navn, f.table_id, f.measure, f.period, f.first_year, f.last_year,
               f.region_code, f.region_name, f.value, f.symbol, f.symbol_meaning,
               n.value_national, n.symbol_national,
               round(f.value - n.value_national, 6) AS diff_pp
        FROM unit_figures f
        JOIN staging.units u USING (enhet_id)
        LEFT JOIN national n USING (table_id, measure, first_year, last_year)""",
    columns={
        "enhet_id": "enhet — the unit of units.csv",
        "navn": "navn — the unit's name in units.csv",
        "table_id": "tabell — statbank table 08764 or 12944, or lavinntekt.csv",
        "measure": "mål — EU-60, OECD-50 … ('vedvarende': persistent low income)",
        "period": "periode — as published: 2023 or 2021-2023",
        "first_year": "fra år",
        "last_year": "til år",
        "region_code": "region — the number the figure was published under (e.g. 5501 for 1902)",
        "region_name": "regionnavn — as published, e.g. 'Tromsø (-2019)'",
        "value": "andel — per cent of children; NULL where a symbol stands",
        "symbol": "symbol — . .. ... : or - (Statistics Norway's standard)",
        "symbol_meaning": "symbolets betydning",
        "value_national": "hele landet — the whole country's figure, same table, measure and period",
        "symbol_national": "symbol for hele landet",
        "diff_pp": "forskjell — value − value_national, percentage points",
    },
    keys=("enhet_id", "table_id", "measure", "first_year", "last_year"),
    deps=("staging.context_figures", "staging.lavinntekt", "staging.units"),
    order_by="table_id, measure, first_year, enhet_id",
)

GRANTS_PER_CHILD = MartSpec(
    name="grants_per_child",
    norsk="Tilskudd per barn i lavinntektshusholdninger",
    description="The evaluated schemes' grants to a unit in a year beside the number of its "
    "children in low-income households that year, where Statistics Norway's table 08764 gives "
    "that number (context/, the statbank's count beside the share), per income limit. No row "
    "where the count is missing, a symbol or zero.",
    sql=f"""
        WITH grants AS (
            SELECT aar, enhet_id, sum(belop_nok) AS grant_nok FROM staging.grants
            WHERE ordning IN {EVALUATED} GROUP BY ALL
        ),
        children AS (
            SELECT enhet_id, first_year AS aar, measure, value AS n_children
            FROM staging.context_figures
            WHERE level = 'enhet' AND unit = 'antall' AND table_id = '08764'
              AND first_year = last_year AND value > 0
        )
        SELECT g.aar, g.enhet_id, u.navn, c.measure, g.grant_nok::BIGINT AS grant_nok,
               c.n_children::BIGINT AS n_children, g.grant_nok / c.n_children AS nok_per_child
        FROM grants g
        JOIN children c USING (enhet_id, aar)
        JOIN staging.units u USING (enhet_id)""",
    columns={
        "aar": "år — the grant year, and the year of the count",
        "enhet_id": "enhet — the unit of units.csv",
        "navn": "navn — the unit's name in units.csv",
        "measure": "mål — income limit of the count: EU-60, OECD-50 …",
        "grant_nok": "tilskudd — the evaluated schemes' grants to the unit that year, NOK",
        "n_children": "barn i lavinntekt — children under 18 in low-income households (statbank 08764)",
        "nok_per_child": "kroner per barn — grant_nok / n_children",
    },
    keys=("aar", "enhet_id", "measure"),
    deps=("staging.grants", "staging.context_figures", "staging.units"),
    order_by="aar, measure, enhet_id",
)

MARTS = [LOW_INCOME, GRANTS_PER_CHILD]
