"""Tilgjengelighetserklæring: the accessibility statement."""

from __future__ import annotations

from pipelines.report.data import ReportData
from pipelines.report.model import Page, Section
from pipelines.settings import Publisher


def page(data: ReportData) -> Page:
    publisher = Publisher.from_env()
    page = Page("tilgjengelighet", "Tilgjengelighetserklæring", "Tilgjengelighet")
    page.intro = [
        "Rapporten skal kunne leses av alle, også med skjermleser, forstørrelse eller "
        "bare tastatur. Den er laget for å oppfylle WCAG 2.1 nivå A og AA."
    ]
    page.sections = [
        Section("slik", "Slik er rapporten laget").add(
            "Alle sider har overskrifter i riktig rekkefølge, en lenke for å hoppe til "
            "hovedinnholdet og samme meny øverst.",
            "Hver figur har en bildetekst som sier hva figuren viser, og de samme tallene står i en "
            "tabell ved siden av. Figurene kan også brukes uten mus.",
            "Alle tabeller kan lastes ned som CSV og Excel med de uavrundede tallene.",
            "Rapporten virker uten internettforbindelse og kan åpnes rett fra en filmappe.",
            "Fargene i figurene har god kontrast mot bakgrunnen.",
        ),
        Section("kontroll", "Hvordan det er kontrollert").add(
            "Sidene kontrolleres med axe-core for brudd på WCAG 2.1 A og AA, i en ekte nettleser, "
            "i programmets automatiske tester hver gang programmet endres. "
            "Rapporten som lages av nye data, kontrolleres ikke på nytt."
        ),
        Section("kjente-mangler", "Kjente begrensninger").add(
            "Figurene er tegnet med plotly og er ikke like godt tilgjengelige med skjermleser "
            "som tabellene. Tallene i hver figur står derfor alltid også i tabellen ved siden av.",
            "Listene over tiltak per år vises bare med JavaScript, og CSV-filene til disse listene "
            "lages i nettleseren. Uten JavaScript kan hver liste lastes ned som Excel-fil.",
        ),
        Section("kontakt", "Tilbakemelding").add(
            f"Finner du noe som ikke virker, kan du melde fra til utgiveren, {publisher.name} "
            f"(kontakt: {publisher.contact})."
        ),
        Section("dato", "Dato").add(
            f"Erklæringen gjelder rapporten publisert {data.published}, og ble laget sammen med den."
            if data.published
            else "Erklæringen ble laget sammen med rapporten."
        ),
    ]
    return page
