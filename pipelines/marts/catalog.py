"""Every table of schema `marts`, in dependency order: the contract's (section 4), then those
beyond it."""

from __future__ import annotations

from pipelines.marts import context, cooperation, goals, lineage, lookups, measures, programme, trend
from pipelines.marts.spec import MartSpec

# The tables of the data contract's section 4.
CONTRACT_MARTS: list[MartSpec] = [
    *programme.MARTS,
    *goals.MARTS,
    *cooperation.MARTS,
    *measures.MARTS,
    *lineage.MARTS,
]
# Beyond the contract: a trend test, user participation, grants per year, the low-income
# context and lookups for analysts.
EXTRA_MARTS: list[MartSpec] = [
    trend.GOAL_ATTAINMENT_TREND,
    goals.USER_PARTICIPATION,
    programme.GRANTS_BY_YEAR,
    *context.MARTS,
    lookups.VALUE_LABELS,
    lookups.CODE_LABELS,
]
MARTS: list[MartSpec] = CONTRACT_MARTS + EXTRA_MARTS
