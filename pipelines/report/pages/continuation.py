"""Chapter 5: anchoring, and whether the work goes on without the grant."""

from __future__ import annotations

import pandas as pd

from pipelines.report import charts, wording
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Figure, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n, page_of, quote_sections, with_breaks


def page(data: ReportData) -> Page:
    page = page_of(data, "videreforing")
    page.intro = ["Hvordan planlegger kommunene å videreføre arbeidet når prosjektperioden er over?"]
    page.sections += [_reported(data), _without_grant(data)]
    page.sections += quote_sections(data, "videreforing")
    return page


def finding(data: ReportData) -> str | None:
    reported = data.continuation_reported().dropna(subset=["pct_all_or_most"])
    survey = data.continuation_survey().set_index("answer")
    if not (len(reported) and len(survey)):
        return None
    low, high = reported["pct_all_or_most"].min(), reported["pct_all_or_most"].max()
    return (
        f"I rapporteringen sier {fmt.number(low)}–{fmt.percent(high)} at de vil videreføre alle "
        "eller de fleste tiltakene. Dersom tilskuddet opphører, svarer "
        f"{fmt.percent(survey.loc['videreføres', 'pct'])} at tiltakene skal videreføres, og "
        f"{fmt.percent(survey.loc['usikker', 'pct'])} er usikre."
    )


def _reported_caption(reported: pd.DataFrame) -> str:
    """How many would continue, and how many fewer without the grant, from all years' reports."""
    n, n_without = reported["n"].sum(), reported["n_without_grant"].sum()
    if not n:
        return "Ingen svar."
    most = 100.0 * reported["n_all_or_most"].sum() / n
    text = f"{wording.capitalised(wording.quantifier(most))} vil videreføre alle eller de fleste tiltakene"
    if not n_without:
        return text + "."
    without = 100.0 * reported["n_without_grant_yes"].sum() / n_without
    gap = wording.difference(most, without)
    if gap >= 20:
        return text + ", men langt færre vil gjøre det om tilskuddet opphører."
    if gap > 0:
        return text + ", men færre vil gjøre det om tilskuddet opphører."
    return text + ", og minst like mange vil gjøre det om tilskuddet opphører."


def _reported(data: ReportData) -> Section:
    reported = data.continuation_reported()
    return Section("rapportert", "Planer for videreføring i rapporteringen").add(
        Figure(
            "rapportert-figur",
            _reported_caption(reported),
            charts.by_year(
                "figur-rapportert",
                "Videreføring i rapporteringen (prosent)",
                "Stolpediagram: andel rapporter som vil videreføre tiltakene, per år",
                [str(y) for y in reported["aar"]],
                [
                    ("Alle eller de fleste tiltakene", reported["pct_all_or_most"].tolist()),
                    ("Også uten tilskudd", reported["pct_without_grant_yes"].tolist()),
                ],
            ),
            with_breaks(
                data,
                Table(
                    "tabell-rapportert",
                    "Planer for videreføring i rapporteringen. Prosent",
                    reported,
                    [
                        Column("aar", "År"),
                        Column("pct_all_or_most", "Alle eller de fleste tiltakene", "pct"),
                        Column("n", "N", "int"),
                        Column("pct_without_grant_yes", "Også uten tilskudd", "pct"),
                        Column("n_without_grant", "N uten tilskudd", "int"),
                    ],
                    source=sources.REPORTS,
                ),
                "continuation_reported.pct_all_or_most",
            ),
        )
    )


def _without_grant(data: ReportData) -> Section:
    survey = data.continuation_survey()
    n_base = int(survey["n_base"].max()) if len(survey) else 0
    return Section("uten-tilskudd", "Videreføring dersom tilskuddet opphører").add(
        Figure(
            "uten-tilskudd-figur",
            f"Dersom tilskuddet opphører, sier {fmt.percent(survey.iloc[0]['pct'])} at tiltakene skal "
            f"videreføres, mens {fmt.percent(survey.iloc[2]['pct'])} er usikre."
            if len(survey) == 3
            else "Ingen svar.",
            charts.bars(
                "figur-uten-tilskudd",
                f"Videreføring dersom tilskudd opphører (N={n_base})",
                "Stolpediagram: svar på om tiltakene videreføres dersom tilskuddet opphører",
                survey["label"].tolist(),
                [("Prosent", survey["pct"].tolist())],
            ),
            Table(
                "tabell-uten-tilskudd",
                f"Videreføring dersom tilskudd opphører (N={n_base}). Prosent",
                survey,
                [Column("label", "Svar"), Column("n", "Antall", "int"), Column("pct", "Prosent", "pct")],
                note=f"N = {n(n_base)}",
                source=sources.SURVEY,
            ),
        )
    )
