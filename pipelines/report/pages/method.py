"""Data og metode: the sources, definitions, response and non-response, and provenance."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes
from pipelines.report.data import ReportData
from pipelines.report.disclosure import protect
from pipelines.report.model import Column, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n
from pipelines.settings import Publisher

BREAKDOWNS = ("region", "size_class")  # breakdowns of survey response under disclosure control


def page(data: ReportData) -> Page:
    page = Page("data-og-metode", "Data og metode", "Data og metode")
    goals = data.marts["goal_attainment"]
    reports = goals[goals["ordning"] == codes.ALL_SCHEMES]
    total = data.response_total()
    page.intro = [
        f"Evalueringen bygger på tre kilder: kommunenes årlige rapportering ({data.year_span}), "
        f"et evalueringsspørreskjema til alle prosjektene ({n(total['n_respondents'])} av "
        f"{n(total['n_projects'])} svarte) og kvalitative intervjuer i casekommuner.",
    ]
    page.sections.append(
        Section("kilder", "Kildene").add(
            "Rapporteringen: "
            + "; ".join(f"{r.aar}: {n(r.n)} rapporter med svar om måloppnåelse" for r in reports.itertuples())
            + ".",
            "Et prosjekt er én kommune eller bydel med tilskudd fra én av de to evaluerte ordningene; "
            "en kommune med begge ordningene teller som to prosjekter.",
            "Prosenter regnes av gyldige svar. Ubesvarte spørsmål er holdt utenfor, mens «vet ikke», "
            "«ikke sikker» og «usikker» regnes som svar. Prosenter er avrundet til hele tall; "
            "forskjeller mellom prosenter oppgis i prosentpoeng.",
            "Konfidensintervallene for måloppnåelse er Wilson-intervaller med 95 % konfidensnivå.",
        )
    )
    page.sections.append(_about(data))
    page.sections.append(_response(data))
    if len(data.load_log):
        page.sections.append(_provenance(data.load_log))
    return page


def _about(data: ReportData) -> Section:
    """«Om statistikken»: who publishes it, when, from which data, and what its numbers count."""
    publisher = Publisher.from_env()
    published = f" Publisert {data.published}." if data.published else ""
    total = data.response_total()
    return Section("om-statistikken", "Om statistikken").add(
        f"Utgiver: {publisher.name}. Kontakt: {publisher.contact}.{published}",
        f"Dataene er kommunenes årlige rapportering for {data.year_span}, svarene på "
        f"spørreskjemaet fra {n(total['n_respondents'])} av {n(total['n_projects'])} prosjekter "
        "som fikk det, og de kodede intervjuene.",
        "Grunnlaget for en prosent står under hver tabell som N: rapporter som svarte på "
        "spørsmålet (rapporteringen), prosjekter som svarte på spørsmålet (spørreskjemaet), eller "
        "alle tiltak det året (tiltakene). Svarprosenten regnes av prosjektene spørreskjemaet gikk "
        "til: prosjekter med tilskudd før undersøkelsesåret.",
        "Symboler: «:» skjult av personvernhensyn, «..» tallet mangler.",
    )


def _response(data: ReportData) -> Section:
    response = data.response()
    # The breakdowns by region and size class; the total and the split by scheme stay shown.
    breakdowns = [response.index[response["dimension"] == d].tolist() for d in BREAKDOWNS]
    suppressed = protect(
        response,
        breakdowns,
        counts=["n_respondents", "n_nonrespondents"],
        # With the projects shown, the respondents give away the non-respondents and back.
        complements=[("n_respondents", "n_nonrespondents")],
        percents={
            "pct": ("n_respondents", "n_projects"),
            "pct_of_respondents": ("n_respondents", "n_projects"),
            "pct_of_nonrespondents": ("n_nonrespondents", "n_projects"),
        },
    )
    return Section("svarprosent", "Svarprosent og frafall").add(
        "Tabellen sammenligner dem som svarte med dem som ikke svarte. Er fordelingen av svarene "
        "og av frafallet lik, tyder det på at frafallet ikke skjevfordeler resultatene.",
        Table(
            "tabell-svarprosent",
            "Svar på spørreskjemaet etter ordning, landsdel og kommunestørrelse",
            response,
            [
                Column("dim_label", "Fordeling"),
                Column("value_label", "Gruppe"),
                Column("n_projects", "Prosjekter", "int"),
                Column("n_respondents", "Svar", "int"),
                Column("pct", "Svarprosent", "pct"),
                Column("pct_of_respondents", "Andel av svarene", "pct"),
                Column("n_nonrespondents", "Ikke svar", "int"),
                Column("pct_of_nonrespondents", "Andel av frafallet", "pct"),
            ],
            note=f"N = {n(data.response_total()['n_projects'])} prosjekter",
            suppressed=suppressed,
            source=sources.SURVEY_AND_GRANTS,
        ),
    )


def _provenance(log: pd.DataFrame) -> Section:
    run_time = pd.Timestamp(log["loaded_at"].max()).tz_convert("Europe/Oslo")
    return Section("proveniens", "Hvilke data rapporten bygger på").add(
        f"Kjøringen ble gjort {run_time.strftime('%d.%m.%Y kl. %H.%M')}. Tabellen viser hver "
        "inndatafil med størrelse, antall rader og SHA-256-sjekksum, så det kan kontrolleres "
        "at rapporten bygger på de riktige filene.",
        Table(
            "tabell-filer",
            "Inndatafiler i denne kjøringen",
            log,
            [
                Column("path", "Fil"),
                Column("n_rows", "Rader", "int"),
                Column("size_bytes", "Byte", "int"),
                Column("sha256", "SHA-256"),
            ],
            source=sources.LOAD_LOG,
        ),
    )
