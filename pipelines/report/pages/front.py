"""The front page: what was evaluated, key figures, and the main findings of the chapters."""

from __future__ import annotations

from pipelines.contract import codes
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Page
from pipelines.report.pages import continuation, goals, measures, organisation
from pipelines.report.pages.common import n


def page(data: ReportData) -> Page:
    projects = data.marts["projects"]
    total = data.response_total()
    page = Page("index", "Aktivitet og deltakelse for fattige barn og unge", "Forside")
    page.intro = [
        "En evaluering av to statlige tilskuddsordninger som lar kommuner og bydeler arbeide mot "
        "fattigdom blant barn og unge: tilskuddet fra BLD/Bufdir, forankret i barneverntjenesten "
        f"(fra {codes.SCHEME_SINCE['BLD']}), og tilskuddet fra Arbeids- og velferdsdirektoratet "
        "(tidligere Sosial- og helsedirektoratet), forankret i sosialtjenesten "
        f"(fra {codes.SCHEME_SINCE['AVDIR']}).",
        f"Rapporten bygger på kommunenes årlige rapportering for {data.year_span}, et "
        "spørreskjema til alle prosjektene og intervjuer i utvalgte casekommuner. Den lages på "
        "nytt hvert år når et nytt års rapportering kommer inn.",
    ]
    both = int(projects.groupby("enhet_id")["ordning"].nunique().eq(len(codes.EVALUATED_SCHEMES)).sum())
    page.key_figures = [
        (n(len(projects)), f"prosjekter i {n(projects['enhet_id'].nunique())} kommuner og bydeler"),
        (n(both), "kommuner og bydeler med begge ordningene"),
        (
            fmt.percent(total["pct"]),
            f"svarte på spørreskjemaet ({n(total['n_respondents'])} av {n(total['n_projects'])})",
        ),
        (n(data.n_interviews()), "intervjuer i casekommunene"),
        (n(data.measures_by_year()["n_measures"].sum()), f"tiltak rapportert {data.year_span}"),
    ]
    found = [
        goals.attainment_finding(data),
        organisation.gap_finding(data),
        organisation.funding_finding(data),
        continuation.finding(data),
        goals.national_finding(data),
        organisation.nav_finding(data),
        measures.finding(data),
    ]
    page.findings = [f for f in found if f is not None]
    return page
