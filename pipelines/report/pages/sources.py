"""Where each table's numbers come from, as the source line under it says («Kilde: …»)."""

from __future__ import annotations

REPORTS = "kommunenes årlige rapportering om tilskuddet"
SURVEY = "spørreskjema til prosjektene"
GRANTS = "tilskuddslistene (grants.csv)"
SURVEY_AND_GRANTS = "spørreskjema til prosjektene og tilskuddslistene (grants.csv)"
INTERVIEWS = "intervjuer i caseenhetene"
LOW_INCOME_FILE = "Statistisk sentralbyrå, levert som context/lavinntekt.csv"
STATBANK = "Statistisk sentralbyrå, statistikkbanken, tabell 08764 og 12944"
GRANTS_AND_STATBANK = (
    "tilskuddslistene (grants.csv) og Statistisk sentralbyrå, statistikkbanken, tabell 08764"
)
LOAD_LOG = "grant-eval, meta.load_log"
