"""Context: the share of children in low-income households in each grant unit, beside the
whole country's figure for the same table, measure and period."""

from __future__ import annotations

from pipelines.marts.spec import MartSpec

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
            WHERE f.level = 'enhet'
            UNION ALL  -- the contract's own form: persistent low income, one year per row
            SELECT l.enhet_id, 'lavinntekt.csv', 'vedvarende', CAST(l.aar AS VARCHAR), l.aar, l.aar,
                   l.enhet_id_rapportert, NULL, l.andel_barn_lavinntekt, NULL, NULL
            FROM staging.lavinntekt l
        ),
        national AS (
            SELECT table_id, measure, first_year, last_year,
                   value AS value_national, symbol AS symbol_national
            FROM staging.context_figures WHERE level = 'land'
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

MARTS = [LOW_INCOME]
