"""The front page: what was evaluated, key figures, and the main findings of the chapters."""

from __future__ import annotations

from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Finding, Page
from pipelines.report.pages import activities, continuation, goals, measures, organisation, understanding
from pipelines.report.pages.common import chapter, n


def page(data: ReportData) -> Page:
    projects = data.marts["projects"]
    total = data.response_total()
    page = Page("index", data.programme.title, "Forside")
    page.intro = [
        data.programme.texts["innledning"],
        f"Rapporten bygger på kommunenes årlige rapportering for {data.year_span}, et "
        "spørreskjema til alle prosjektene og intervjuer i utvalgte casekommuner. Den lages på "
        "nytt hvert år når et nytt års rapportering kommer inn.",
    ]
    both = int(projects.groupby("enhet_id")["ordning"].nunique().eq(len(data.programme.evaluated)).sum())
    page.key_figures = [
        (n(len(projects)), f"prosjekter i {n(projects['enhet_id'].nunique())} kommuner og bydeler"),
        (n(both), "kommuner og bydeler med " + _every_scheme(len(data.programme.evaluated))),
        (
            fmt.percent(total["pct"]),
            f"svarte på spørreskjemaet ({n(total['n_respondents'])} av {n(total['n_projects'])})",
        ),
        (n(data.n_interviews()), "intervjuer i casekommunene"),
        (n(data.measures_by_year()["n_measures"].sum()), f"tiltak rapportert {data.year_span}"),
    ]
    # In brief: where the money went, what it paid for, whether the goals were reached and
    # whether the work goes on; each sentence is the one its chapter computes.
    page.summary = [
        text
        for text in (
            measures.grants_finding(data),
            measures.finding(data),
            goals.attainment_finding(data),
            continuation.finding(data),
        )
        if text
    ]
    # In the order of the evaluation's questions, each with the chapter that answers it.
    found = [
        (understanding.finding(data), "forstaelse"),
        (organisation.gap_finding(data), "organisering"),
        (organisation.funding_finding(data), "organisering"),
        (organisation.nav_finding(data), "organisering"),
        (measures.finding(data), "tiltak"),
        (measures.participation_finding(data), "tiltak"),
        (activities.finding(data), "aktiviteter"),
        (goals.national_finding(data), "maloppnaelse"),
        (goals.attainment_finding(data), "maloppnaelse"),
        (goals.success_finding(data), "maloppnaelse"),
        (continuation.finding(data), "videreforing"),
    ]
    shown = {concept: chapter(data, concept) for _, concept in found}
    page.findings = [
        Finding(text, title.filename, title.title)
        for text, concept in found
        if text and (title := shown[concept]) is not None
    ]
    return page


def _every_scheme(count: int) -> str:
    """«begge ordningene» for two evaluated schemes, «alle de 4 ordningene» for more."""
    return "begge ordningene" if count == 2 else f"alle de {count} ordningene"
