"""The report's pages, built from the marts: a front page, one chapter per research question,
data and method, and the accessibility statement. Years come from the data, never from here."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.contract import codes
from pipelines.marts.build import code_labels
from pipelines.report import charts
from pipelines.report import format as fmt
from pipelines.report.disclosure import hide_count, hide_percent
from pipelines.report.model import Column, Figure, Page, Quote, Section, Table
from pipelines.warehouse import fetch_df

SCHEME_SHORT = {"BLD": "BLD", "AVDIR": "AVdir", "ALLE": "Begge ordninger"}
LABELS = {(d, c): label for d, c, label in code_labels().itertuples(index=False)}


def label(domain: str, code: str) -> str:
    return LABELS.get((domain, code), code)


@dataclass
class ReportData:
    """Everything the pages show, read once from the warehouse."""

    marts: dict[str, pd.DataFrame]
    measures: pd.DataFrame
    quotes: pd.DataFrame
    low_income: pd.DataFrame
    load_log: pd.DataFrame
    years: list[int]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> ReportData:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall()]
        marts = {name: fetch_df(con, f"SELECT * FROM marts.{name}") for name in names}
        measures = fetch_df(con, """
            SELECT t.aar, u.navn, t.ordning, t.tiltak_navn, t.kategori, t.malgruppe,
                   t.budsjett_nok, t.deltakere, t.status
            FROM staging.tiltak t JOIN staging.units u USING (enhet_id)
            ORDER BY t.aar, u.navn, t.ordning, t.tiltak_navn""")
        # Quotes: text and the speakers' titles only; never names, ids or the municipality.
        quotes = fetch_df(con, """
            SELECT s.kode, s.tekst, list_sort(list(DISTINCT i.tittel)) AS titler,
                   count(DISTINCT i.informant_id) AS n_informants, min(s.segment_id) AS sort
            FROM staging.segments s JOIN staging.informants i USING (intervju_id)
            WHERE s.sitat
            GROUP BY s.kode, s.tekst
            ORDER BY sort""")
        low_income = fetch_df(con, """
            SELECT l.aar, u.navn, l.andel_barn_lavinntekt
            FROM staging.lavinntekt l JOIN staging.units u USING (enhet_id)
            ORDER BY l.aar, u.navn""")
        # The files the warehouse holds now: each path as last loaded (a run of chosen years
        # reloads those years and keeps the others).
        load_log = fetch_df(con, """
            SELECT DISTINCT ON (path) run_id, loaded_at, path, size_bytes, sha256, n_rows
            FROM meta.load_log ORDER BY path, loaded_at DESC""")
        load_log = load_log.sort_values("path").reset_index(drop=True)
        years = [int(y) for y in marts["goal_attainment"]["aar"].drop_duplicates().sort_values()]
        return cls(marts, measures, quotes, low_income, load_log, years)

    @property
    def year_span(self) -> str:
        if not self.years:
            return "ingen år"
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}–{self.years[-1]}"


def _n(value: object) -> str:
    return fmt.number(value)


def _quotes(data: ReportData, *themes: str) -> list[Section]:
    sections = []
    for theme in themes:
        rows = data.quotes[data.quotes["kode"] == theme]
        if rows.empty:
            continue
        quotes = []
        for row in rows.itertuples():
            titles = list(row.titler)
            kind = "gruppeintervju" if row.n_informants > 1 else "intervju"
            quotes.append(Quote(row.tekst, f"({kind}, {' og '.join(titles)})"))
        sections.append(Section(f"sitater-{theme}", f"Fra intervjuene: {label('kode', theme).lower()}",
                                [quotes]))
    return sections


# -- front page -----------------------------------------------------------------------------------
def front_page(data: ReportData) -> Page:
    m = data.marts
    projects = m["projects"]
    response = m["response"]
    total = response[response["dimension"] == "total"].iloc[0]
    themes = m["interview_themes"]
    per_year = m["measures_by_year"]
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
    both = int(projects.groupby("enhet_id")["ordning"].nunique().eq(2).sum())
    n_interviews = int(themes["n_interviews_all"].max()) if len(themes) else 0
    page.key_figures = [
        (_n(len(projects)), f"prosjekter i {_n(projects['enhet_id'].nunique())} kommuner og bydeler"),
        (_n(both), "kommuner og bydeler med begge ordningene"),
        (fmt.percent(total["pct"]), f"svarte på spørreskjemaet ({_n(total['n_respondents'])} av "
                                    f"{_n(total['n_projects'])})"),
        (_n(n_interviews), "intervjuer i casekommunene"),
        (_n(per_year["n_measures"].sum()), f"tiltak rapportert {data.year_span}"),
    ]
    page.findings = findings(data)
    return page


def findings(data: ReportData) -> list[str]:
    m = data.marts
    out: list[str] = []
    goals = m["goal_attainment"]
    both = goals[(goals["ordning"] == "ALLE") & (goals["n"] > 0)].sort_values("aar")
    if len(both):
        parts = ", ".join(f"{fmt.percent(r.pct_all)} i {r.aar}" for r in both.itertuples())
        out.append(f"Omtrent halvparten av prosjektene oppgir at de har nådd alle sine mål: {parts}.")
    gaps = m["cooperation_gaps"].dropna(subset=["gap_pp"])
    if len(gaps):
        widest = gaps.sort_values("gap_pp", ascending=False).iloc[0]
        out.append(
            "Det er stor avstand mellom idealer og realiteter i samarbeidet. Størst er avstanden "
            f"for samarbeid med {label('partner', widest.partner).lower()}: "
            f"{fmt.percent(widest.pct_very_important)} mener det er svært viktig, men bare "
            f"{fmt.percent(widest.pct_agree)} sier at et nært samarbeid er på plass "
            f"({fmt.points(widest.gap_pp)}).")
    overlap = m["funding_overlap"].set_index("category")
    if "flere" in overlap.index:
        out.append(f"Et stort flertall av prosjektene ({fmt.percent(overlap.loc['flere', 'pct'])}) "
                   "ligger i kommuner som får midler fra mer enn én tilskuddsordning.")
    reported = m["continuation_reported"].dropna(subset=["pct_all_or_most"])
    survey = m["continuation_survey"].set_index("answer")
    if len(reported) and len(survey):
        low, high = reported["pct_all_or_most"].min(), reported["pct_all_or_most"].max()
        out.append(
            f"I rapporteringen sier {fmt.number(low)}–{fmt.percent(high)} at de vil videreføre alle "
            "eller de fleste tiltakene. Dersom tilskuddet opphører, svarer "
            f"{fmt.percent(survey.loc['videreføres', 'pct'])} at tiltakene skal videreføres, og "
            f"{fmt.percent(survey.loc['usikker', 'pct'])} er usikre.")
    national = m["national_goals"].set_index("answer")
    if len(national):
        out.append(f"{fmt.percent(national.loc['stor_noen', 'pct'])} av prosjektene forholder seg "
                   "i stor eller noen grad til de nasjonale målene.")
    nav = m["nav_significance"]
    meant = nav[(nav["period"] == "har_betydd") & (nav["aspect"] == "samordning") & (nav["code"] == 1)]
    if len(meant) and meant.iloc[0]["n_base"] > 0:
        row = meant.iloc[0]
        out.append(f"Der NAV-kontor er etablert, mener {fmt.percent(row['pct'])} at det har blitt "
                   "lettere å samordne innsatsen; for mange er betydningen av NAV-reformen uklar.")
    cats = m["measure_categories"]
    if len(cats) and cats["n"].sum() > 0:
        top = cats.groupby("kategori")["n"].sum().idxmax()
        per_year = m["measures_by_year"]
        targeted = 100.0 * per_year["n_targeted"].sum() / max(per_year["n_measures"].sum(), 1)
        out.append(f"Kommunene har satt i gang mange ulike tiltak; flest innen "
                   f"{label('kategori', top).lower()}. {fmt.percent(targeted)} av tiltakene er "
                   "rettet mot identifiserte barn eller familier, resten er åpne for alle.")
    return out


# -- chapters --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChapterTitle:
    slug: str
    title: str
    nav_title: str


CHAPTER_TITLES = [
    ChapterTitle("kapittel-1-forstaelse", "1 Forståelse og målgrupper", "1 Forståelse"),
    ChapterTitle("kapittel-2-organisering", "2 Organisering og samarbeid", "2 Organisering"),
    ChapterTitle("kapittel-3-tiltakene", "3 Tiltakene", "3 Tiltakene"),
    ChapterTitle("kapittel-4-maloppnaelse", "4 Målsettinger og måloppnåelse", "4 Måloppnåelse"),
    ChapterTitle("kapittel-5-videreforing", "5 Forankring og videreføring", "5 Videreføring"),
]


def _page(index: int) -> Page:
    title = CHAPTER_TITLES[index]
    return Page(title.slug, title.title, title.nav_title)


def chapter_understanding(data: ReportData) -> Page:
    page = _page(0)
    page.intro = ["Hvordan forstår kommunene de lokale fattigdomsproblemene, og hvem mener de "
                  "at tiltakene skal nå?"]
    if len(data.low_income):
        latest = int(data.low_income["aar"].max())
        wide = data.low_income.pivot_table(index="navn", columns="aar",
                                           values="andel_barn_lavinntekt").reset_index()
        wide = wide.sort_values(latest, ascending=False).reset_index(drop=True)
        wide.columns = [str(c) for c in wide.columns]
        year_cols = [c for c in wide.columns if c != "navn"]
        table = Table("tabell-lavinntekt", "Andel barn i husholdninger med vedvarende lavinntekt, "
                      "prosent", wide,
                      [Column("navn", "Kommune/bydel")] + [Column(y, y, "dec1") for y in year_cols],
                      note=f"N = {_n(len(wide))} kommuner og bydeler")
        top = wide.iloc[0]
        chart = charts.bars(
            "figur-lavinntekt", f"Barn i lavinntektshusholdninger, {latest}",
            f"Stolpediagram: andel barn i lavinntektshusholdninger per kommune og bydel, {latest}",
            wide["navn"].tolist(), [(str(latest), wide[str(latest)].round(1).tolist())],
            horizontal=True, percent=False, height=max(420, 22 * len(wide)))
        page.sections.append(Section("lavinntekt", "Store lokale variasjoner").add(
            f"Andelen barn i husholdninger med vedvarende lavinntekt varierer mye mellom "
            f"tilskuddskommunene. Høyest i {latest} er {top['navn']} med "
            f"{fmt.number(top[str(latest)], 1)} prosent.",
            Figure("lavinntekt-figur", f"Andelen barn i lavinntektshusholdninger varierer fra "
                   f"{fmt.number(wide[str(latest)].min(), 1)} til "
                   f"{fmt.number(wide[str(latest)].max(), 1)} prosent ({latest}).", chart, table)))
    themes = data.marts["interview_themes"].copy()
    themes["label"] = themes["kode"].map(lambda c: label("kode", c))
    n_all = int(themes["n_interviews_all"].max()) if len(themes) else 0
    page.sections.append(Section("temaer", "Hva intervjuene handlet om").add(
        "Tabellen viser hvor mange intervjuer og caseenheter hvert tema kom opp i. Tallene gjelder "
        "hele intervjumaterialet og brytes ikke ned på den enkelte kommune.",
        Table("tabell-temaer", "Temaer i intervjuene", themes,
              [Column("label", "Tema"), Column("n_segments", "Kodede avsnitt", "int"),
               Column("n_interviews", "Intervjuer", "int"), Column("n_units", "Caseenheter", "int")],
              note=f"N = {_n(n_all)} intervjuer")))
    page.sections += _quotes(data, "forstaelse", "malgrupper")
    return page


def chapter_organisation(data: ReportData) -> Page:
    m = data.marts
    page = _page(1)
    page.intro = ["Hvordan har kommunene organisert arbeidet, og i hvilken grad har tilskuddene "
                  "ført til samarbeid innad i kommunene?"]
    overlap = m["funding_overlap"].copy()
    overlap["label"] = overlap["category"].map(lambda c: label("funding_category", c))
    n_projects = int(overlap["n_projects"].max()) if len(overlap) else 0
    overlap_table = Table("tabell-tilskuddsordninger", f"Tilskuddsordning (N={n_projects}). Prosent",
                          overlap, [Column("label", "Tilskuddsordning"), Column("n", "Antall", "int"),
                                    Column("pct", "Prosent", "pct")], note=f"N = {_n(n_projects)} prosjekter")
    flere = overlap.set_index("category")["pct"].get("flere")
    page.sections.append(Section("tilskuddsordninger", "Tilskudd fra flere ordninger").add(
        Figure("tilskuddsordninger-figur",
               f"{fmt.percent(flere)} av prosjektene ligger i kommuner som får midler fra mer enn "
               "én tilskuddsordning.",
               charts.bars("figur-tilskuddsordninger", "Tilskuddsordninger (prosent av prosjektene)",
                           "Stolpediagram: andel prosjekter etter tilskuddsordninger kommunen mottar",
                           overlap["label"].tolist(), [("Prosent", overlap["pct"].tolist())],
                           horizontal=True), overlap_table)))
    regions = m["projects_by_region"].copy()
    order = {r: i for i, r in enumerate(codes.REGION_ORDER)}
    regions = regions.sort_values("region", key=lambda s: s.map(lambda r: order.get(r, 99)))
    regions = regions.reset_index(drop=True)
    region_table = Table("tabell-landsdel", "Tilskuddsmottakere etter landsdel", regions,
                         [Column("region", "Landsdel"), Column("n_projects", "Prosjekter", "int"),
                          Column("n_units", "Kommuner og bydeler", "int")],
                         note=f"N = {_n(regions['n_projects'].sum())} prosjekter")
    biggest = regions.sort_values("n_projects", ascending=False).iloc[0] if len(regions) else None
    page.sections.append(Section("landsdel", "Hvem får støtte?").add(Figure(
        "landsdel-figur",
        f"Flest prosjekter ligger i {biggest['region']} ({_n(biggest['n_projects'])})."
        if biggest is not None else "Ingen prosjekter.",
        charts.bars("figur-landsdel", "Prosjekter etter landsdel",
                    "Stolpediagram: antall prosjekter etter landsdel", regions["region"].tolist(),
                    [("Prosjekter", regions["n_projects"].tolist())], percent=False),
        region_table)))
    agencies = m["agencies_involved"].sort_values("sort").reset_index(drop=True)
    agencies["label"] = agencies["actor"].map(lambda a: label("actor", a))
    n_base = int(agencies["n_base"].max()) if len(agencies) else 0
    top = agencies.sort_values("pct", ascending=False).head(2)
    page.sections.append(Section("aktorer", "Hvem er med i driften av tiltakene?").add(Figure(
        "aktorer-figur",
        "Barnevern og sosialtjeneste/NAV er oftest med i driften: "
        + " og ".join(f"{r.label.lower()} i {fmt.percent(r.pct)}" for r in top.itertuples()) + ".",
        charts.bars("figur-aktorer", f"Etater og aktører involvert i driften (N={n_base})",
                    "Stolpediagram: andel prosjekter der hver etat er med i driften",
                    agencies["label"].tolist(), [("Prosent", agencies["pct"].tolist())],
                    horizontal=True),
        Table("tabell-aktorer", f"Etater/aktører involvert i driften i ett eller flere av tiltakene "
              f"(N={n_base}). Prosent", agencies,
              [Column("label", "Etat/aktør"), Column("n", "Antall", "int"), Column("pct", "Prosent", "pct")],
              note=f"N = {_n(n_base)} svar"))))
    gaps = m["cooperation_gaps"].sort_values("sort").reset_index(drop=True)
    gaps["label"] = gaps["partner"].map(lambda p: label("partner", p))
    widest = gaps.dropna(subset=["gap_pp"]).sort_values("gap_pp", ascending=False)
    caption = (f"Avstanden mellom ideal og realitet er størst for {widest.iloc[0]['label'].lower()} "
               f"({fmt.points(widest.iloc[0]['gap_pp'])})." if len(widest) else "Ingen svar.")
    page.sections.append(Section("samarbeid", "Samarbeid: idealer og realiteter").add(
        "Prosjektene ble spurt hvor viktig det er å få til nært samarbeid mellom barnevern og "
        "sosialkontor, og mellom disse og andre, og om et slikt samarbeid faktisk er på plass.",
        Figure("samarbeid-figur", caption, charts.bars(
            "figur-samarbeid", "Samarbeid: idealer og realiteter (prosent)",
            "Stolpediagram: andel som mener samarbeid er svært viktig, og andel som sier det er på "
            "plass, per samarbeidspartner", gaps["label"].tolist(),
            [("Svært viktig å få til samarbeid", gaps["pct_very_important"].tolist()),
             ("Helt/delvis enig i at samarbeid er til stede", gaps["pct_agree"].tolist())],
            horizontal=True, height=520),
            Table("tabell-samarbeid", "Samarbeid: idealer og realiteter. Prosent", gaps,
                  [Column("label", "Samarbeid med"),
                   Column("pct_very_important", "Svært viktig", "pct"),
                   Column("pct_agree", "Til stede", "pct"),
                   Column("gap_pp", "Avstand", "pp"),
                   Column("n_importance", "N viktighet", "int"),
                   Column("n_presence", "N til stede", "int")],
                  note="N = svar på hvert spørsmål; «vet ikke» er med i grunnlaget"))))
    nav = m["nav_significance"].sort_values(["period", "aspect", "code"]).reset_index(drop=True)
    if len(nav):
        nav["periode"] = nav["period"].map({"har_betydd": "Har betydd", "paa_sikt": "Betydning på sikt"})
        bases = nav.groupby("period")["n_base"].max()
        series = []
        for period, name in (("har_betydd", "Har betydd"), ("paa_sikt", "Betydning på sikt")):
            part = nav[nav["period"] == period]
            series.append((f"{name} (N={_n(bases.get(period, 0))})", part["pct"].tolist()))
        answers = [a[0].upper() + a[1:] for a in nav[nav["period"] == "har_betydd"]["answer"]]
        easier = nav[(nav["period"] == "har_betydd") & (nav["aspect"] == "samordning") & (nav["code"] == 1)]
        page.sections.append(Section("nav", "Etablering av NAV-kontor og arbeidet med barnefattigdom").add(
            Figure("nav-figur",
                   f"{fmt.percent(easier.iloc[0]['pct'])} av dem som har fått NAV-kontor, mener det "
                   "har blitt lettere å samordne innsatsen." if len(easier) else "Ingen svar.",
                   charts.bars("figur-nav", "Betydningen av NAV-kontoret (prosent)",
                               "Stolpediagram: hva etableringen av NAV-kontor har betydd og vil bety "
                               "for samordning og oppmerksomhet", answers, series, horizontal=True,
                               height=480),
                   Table("tabell-nav", "Etablering av NAV-kontor og arbeidet med barnefattigdom. Prosent",
                         nav, [Column("periode", "Periode"), Column("answer", "Svar"),
                               Column("pct", "Prosent", "pct"), Column("n", "Antall", "int"),
                               Column("n_base", "N", "int")],
                         note="«Har betydd» er spurt der NAV-kontor er etablert; «på sikt» er spurt alle"))))
    page.sections += _quotes(data, "organisering", "samarbeid", "nav", "ildsjeler")
    return page


def chapter_measures(data: ReportData) -> Page:
    m = data.marts
    page = _page(2)
    page.intro = ["Hva slags tiltak er satt i gang for tilskuddsmidlene, og hvor store er de?"]
    per_year = m["measures_by_year"].sort_values("aar").reset_index(drop=True)
    page.sections.append(Section("omfang", "Omfanget av tiltak").add(Table(
        "tabell-omfang", "Omfanget av tiltak per år", per_year,
        [Column("aar", "År"), Column("n_measures", "Tiltak", "int"),
         Column("n_projects", "Prosjekter med tiltak", "int"), Column("budget_nok", "Budsjett", "nok"),
         Column("pct_targeted", "Rettet mot enkeltbarn/familier", "pct")],
        note="Kilde: kommunenes rapportering")))
    cats = m["measure_categories"].sort_values(["aar", "sort"]).reset_index(drop=True)
    cats["label"] = cats["kategori"].map(lambda c: label("kategori", c))
    cat_labels = [label("kategori", c) for c in codes.MEASURE_CATEGORIES]
    series = [(str(y), cats[cats["aar"] == y]["pct"].tolist()) for y in data.years]
    totals = cats.groupby("label")["n"].sum()
    page.sections.append(Section("kategorier", "Kategorier av tiltak").add(Figure(
        "kategorier-figur",
        f"Flest tiltak gjelder {totals.idxmax().lower()}." if totals.sum() else "Ingen tiltak.",
        charts.bars("figur-kategorier", "Kategorier av tiltak (prosent av årets tiltak)",
                    "Stolpediagram: andel tiltak i hver kategori per år", cat_labels, series,
                    horizontal=True, height=480),
        Table("tabell-kategorier", "Kategorier av tiltak per år. Prosent", cats,
              [Column("aar", "År"), Column("label", "Kategori"), Column("n", "Antall", "int"),
               Column("pct", "Prosent", "pct"), Column("n_base", "N", "int")]))))
    bands = m["measure_budget_bands"].sort_values("sort").reset_index(drop=True)
    n_all = int(bands["n_base"].max()) if len(bands) else 0
    page.sections.append(Section("budsjett", "Tiltakenes budsjettstørrelse").add(Figure(
        "budsjett-figur",
        f"{fmt.percent(bands.iloc[:2]['pct'].sum())} av tiltakene har et budsjett under 100 000 kroner.",
        charts.bars("figur-budsjett", f"Tiltakenes budsjett, kroner (N={n_all})",
                    "Stolpediagram: andel tiltak i hvert budsjettintervall", bands["band"].tolist(),
                    [("Prosent", bands["pct"].tolist())]),
        Table("tabell-budsjett", f"Tiltakenes budsjettstørrelse, {data.year_span}. Prosent", bands,
              [Column("band", "Budsjett (kroner)"), Column("n", "Antall", "int"),
               Column("pct", "Prosent", "pct")], note=f"N = {_n(n_all)} tiltak"))))
    reach = m["measure_reach"].sort_values(["aar", "malgruppe"]).reset_index(drop=True)
    reach["label"] = reach["malgruppe"].map({"alle": "Åpne for alle", "individ": "Enkeltbarn/familier"})
    page.sections.append(Section("deltakere", "Deltakere (anslag)").add(
        "Tallene er et anslag: bare tiltak som oppgir antall deltakere er med, og et barn kan delta "
        "i flere tiltak.",
        Table("tabell-deltakere", "Deltakere i tiltakene, anslag", reach,
              [Column("aar", "År"), Column("label", "Målgruppe"),
               Column("n_measures", "Tiltak med kjent antall", "int"),
               Column("mean_participants", "Gjennomsnitt per tiltak", "dec1"),
               Column("total_participants", "Deltakere i alt (anslag)", "int")])))
    page.sections += _quotes(data, "tiltak", "brukermedvirkning")
    listing = Section("tiltaksliste", "Alle tiltak").add(
        "Tiltakene slik kommunene og bydelene har rapportert dem, år for år. Navnene er "
        "kommunenes egne.")
    measures = data.measures.copy()
    measures["kategori_label"] = measures["kategori"].map(lambda c: label("kategori", c))
    measures["malgruppe_label"] = measures["malgruppe"].map(
        {"alle": "Åpent for alle", "individ": "Enkeltbarn/familier"})
    measures["ordning_label"] = measures["ordning"].map(SCHEME_SHORT)
    for year in data.years:
        part = measures[measures["aar"] == year].reset_index(drop=True)
        listing.add(Table(
            f"tiltak-{year}", f"Tiltak rapportert for {year}", part,
            [Column("navn", "Kommune/bydel"), Column("ordning_label", "Ordning"),
             Column("tiltak_navn", "Tiltak"), Column("kategori_label", "Kategori"),
             Column("malgruppe_label", "Målgruppe"), Column("budsjett_nok", "Budsjett", "nok"),
             Column("deltakere", "Deltakere", "int")],
            note=f"N = {_n(len(part))} tiltak"))
    page.sections.append(listing)
    return page


def chapter_goals(data: ReportData) -> Page:
    m = data.marts
    page = _page(3)
    page.intro = ["Hvilke mål har kommunene satt seg, og når de dem?"]
    national = m["national_goals"].sort_values("sort").reset_index(drop=True)
    national["label"] = national["answer"].map(lambda a: label("national_goals", a))
    n_base = int(national["n_base"].max()) if len(national) else 0
    page.sections.append(Section("nasjonale-mal", "Kommunenes forhold til de nasjonale målene").add(
        Figure("nasjonale-mal-figur",
               f"{fmt.percent(national.iloc[0]['pct'])} forholder seg i stor eller noen grad til de "
               "nasjonale målsettingene.",
               charts.bars("figur-nasjonale-mal", f"Kommunen forholder seg til de nasjonale "
                           f"målsettingene (N={n_base})",
                           "Stolpediagram: i hvilken grad kommunen forholder seg til de nasjonale målene",
                           national["label"].tolist(), [("Prosent", national["pct"].tolist())]),
               Table("tabell-nasjonale-mal", f"Kommunenes forhold til de nasjonale målsettingene. "
                     f"Prosent. N={n_base}", national,
                     [Column("label", "Svar"), Column("n", "Antall", "int"),
                      Column("pct", "Prosent", "pct")], note=f"N = {_n(n_base)}"))))
    goals = m["goal_attainment"].copy()
    goals["scheme_order"] = goals["ordning"].map({"BLD": 0, "AVDIR": 1, "ALLE": 2})
    goals = goals.sort_values(["aar", "scheme_order"]).reset_index(drop=True)
    goals["ordning_label"] = goals["ordning"].map(SCHEME_SHORT)
    goals["pct_not_all"] = (100.0 - goals["pct_all"]).where(goals["n"] > 0)
    series, errors = [], []
    for scheme in ("BLD", "AVDIR", "ALLE"):
        part = goals[goals["ordning"] == scheme]
        series.append((SCHEME_SHORT[scheme], part["pct_all"].tolist()))
        errors.append((part["ci_low"].tolist(), part["ci_high"].tolist()))
    both = goals[(goals["ordning"] == "ALLE") & (goals["n"] > 0)]
    caption = ("Andelen som nådde alle målene: " + ", ".join(
        f"{fmt.percent(r.pct_all)} i {r.aar}" for r in both.itertuples())
        + ". Strekene viser 95 % konfidensintervall.") if len(both) else "Ingen svar."
    trend = m.get("goal_attainment_trend")
    trend_text = None
    if trend is not None and len(trend):
        row = trend[trend["ordning"] == "ALLE"].iloc[0]
        if pd.notna(row["p_value"]):
            verdict = ("større enn det tilfeldig variasjon" if row["p_value"] < 0.05
                       else "ikke større enn det tilfeldig variasjon")
            trend_text = (f"Er endringen fra år til år mer enn tilfeldig? En kjikvadrattest over "
                          f"{_n(row['n_years'])} år gir p = {fmt.number(row['p_value'], 2)}: "
                          f"forskjellene mellom årene er {verdict} kan forklare. Mange prosjekter "
                          "rapporterer flere år, så årene er ikke uavhengige utvalg.")
    page.sections.append(Section("maloppnaelse", "Er de lokale målene nådd?").add(
        Figure("maloppnaelse-figur", caption, charts.bars(
            "figur-maloppnaelse", "Nådde alle sine målsettinger (prosent)",
            "Stolpediagram med konfidensintervall: andel rapporter som nådde alle mål, per år og ordning",
            [str(y) for y in data.years], series, errors=errors),
            Table("tabell-maloppnaelse", "Måloppnåelse i bruk av tilskuddsmidlene. Prosent", goals,
                  [Column("aar", "År"), Column("ordning_label", "Ordning"),
                   Column("pct_all", "Nådde alle sine målsettinger", "pct"),
                   Column("pct_not_all", "Nådde ikke alle", "pct"),
                   Column("ci_low", "95 % KI fra", "pct"), Column("ci_high", "95 % KI til", "pct"),
                   Column("n", "N", "int")],
                  note="N = rapporter som svarte på spørsmålet om måloppnåelse")),
        trend_text))
    reasons = m["goal_reasons"]
    for kind, title, intro in (
        ("arsak", "Årsaker til at målene ikke ble nådd",
         "Blant rapportene som ikke nådde alle mål og oppga minst én årsak. Flere svar er mulig."),
        ("suksess", "Forklaringer på god måloppnåelse",
         "Blant rapportene som nådde alle mål og oppga minst én forklaring. Flere svar er mulig."),
    ):
        part = reasons[reasons["kind"] == kind]
        wide = part.pivot_table(index=["aar", "code"], columns="ordning", values="pct",
                                dropna=False).reset_index()
        domain = "arsak" if kind == "arsak" else "suksess"
        wide["label"] = wide["code"].map(lambda c, d=domain: label(d, c))
        order = list(codes.REASONS if kind == "arsak" else codes.SUCCESS_FACTORS)
        wide["sort"] = wide["code"].map(order.index)
        wide = wide.sort_values(["aar", "sort"]).reset_index(drop=True)
        bases = part.groupby(["aar", "ordning"])["n_base"].max()
        note = "N: " + "; ".join(
            f"{y}: BLD {_n(bases.get((y, 'BLD'), 0))}, AVdir {_n(bases.get((y, 'AVDIR'), 0))}, "
            f"begge {_n(bases.get((y, 'ALLE'), 0))}" for y in data.years)
        for scheme in ("BLD", "AVDIR", "ALLE"):
            if scheme not in wide.columns:
                wide[scheme] = None
        page.sections.append(Section(f"grunner-{kind}", title).add(intro, Table(
            f"tabell-{kind}", f"{title}. Prosent", wide,
            [Column("aar", "År"), Column("label", "Årsak" if kind == "arsak" else "Forklaring"),
             Column("BLD", "BLD", "pct"), Column("AVDIR", "AVdir", "pct"),
             Column("ALLE", "Begge", "pct")], note=note)))
    page.sections += _quotes(data, "malsetting")
    return page


def chapter_continuation(data: ReportData) -> Page:
    m = data.marts
    page = _page(4)
    page.intro = ["Hvordan planlegger kommunene å videreføre arbeidet når prosjektperioden er over?"]
    reported = m["continuation_reported"].sort_values("aar").reset_index(drop=True)
    page.sections.append(Section("rapportert", "Planer for videreføring i rapporteringen").add(Figure(
        "rapportert-figur",
        "De fleste vil videreføre alle eller de fleste tiltakene, men langt færre vil gjøre det "
        "om tilskuddet opphører.",
        charts.bars("figur-rapportert", "Videreføring i rapporteringen (prosent)",
                    "Stolpediagram: andel rapporter som vil videreføre tiltakene, per år",
                    [str(y) for y in reported["aar"]],
                    [("Alle eller de fleste tiltakene", reported["pct_all_or_most"].tolist()),
                     ("Også uten tilskudd", reported["pct_without_grant_yes"].tolist())]),
        Table("tabell-rapportert", "Planer for videreføring i rapporteringen. Prosent", reported,
              [Column("aar", "År"), Column("pct_all_or_most", "Alle eller de fleste tiltakene", "pct"),
               Column("n", "N", "int"), Column("pct_without_grant_yes", "Også uten tilskudd", "pct"),
               Column("n_without_grant", "N uten tilskudd", "int")]))))
    survey = m["continuation_survey"].sort_values("code").reset_index(drop=True)
    survey["label"] = survey["answer"].map(lambda a: label("continuation_survey", a))
    n_base = int(survey["n_base"].max()) if len(survey) else 0
    page.sections.append(Section("uten-tilskudd", "Videreføring dersom tilskuddet opphører").add(Figure(
        "uten-tilskudd-figur",
        f"Dersom tilskuddet opphører, sier {fmt.percent(survey.iloc[0]['pct'])} at tiltakene skal "
        f"videreføres, mens {fmt.percent(survey.iloc[2]['pct'])} er usikre." if len(survey) == 3
        else "Ingen svar.",
        charts.bars("figur-uten-tilskudd", f"Videreføring dersom tilskudd opphører (N={n_base})",
                    "Stolpediagram: svar på om tiltakene videreføres dersom tilskuddet opphører",
                    survey["label"].tolist(), [("Prosent", survey["pct"].tolist())]),
        Table("tabell-uten-tilskudd", f"Videreføring dersom tilskudd opphører (N={n_base}). Prosent",
              survey, [Column("label", "Svar"), Column("n", "Antall", "int"),
                       Column("pct", "Prosent", "pct")], note=f"N = {_n(n_base)}"))))
    page.sections += _quotes(data, "videreforing", "finansiering")
    return page


def method_page(data: ReportData) -> Page:
    m = data.marts
    page = Page("data-og-metode", "Data og metode", "Data og metode")
    goals = m["goal_attainment"]
    reports = goals[goals["ordning"] == "ALLE"]
    response = m["response"].copy()
    total = response[response["dimension"] == "total"].iloc[0]
    page.intro = [
        f"Evalueringen bygger på tre kilder: kommunenes årlige rapportering ({data.year_span}), "
        f"et evalueringsspørreskjema til alle prosjektene ({_n(total['n_respondents'])} av "
        f"{_n(total['n_projects'])} svarte) og kvalitative intervjuer i casekommuner.",
    ]
    page.sections.append(Section("kilder", "Kildene").add(
        "Rapporteringen: " + "; ".join(f"{r.aar}: {_n(r.n)} rapporter med svar om måloppnåelse"
                                       for r in reports.itertuples()) + ".",
        "Et prosjekt er én kommune eller bydel med tilskudd fra én av de to evaluerte ordningene; "
        "en kommune med begge ordningene teller som to prosjekter.",
        "Prosenter regnes av gyldige svar. Ubesvarte spørsmål er holdt utenfor, mens «vet ikke», "
        "«ikke sikker» og «usikker» regnes som svar. Prosenter er avrundet til hele tall; "
        "forskjeller mellom prosenter oppgis i prosentpoeng.",
        "Konfidensintervallene for måloppnåelse er Wilson-intervaller med 95 % konfidensnivå."))
    dims = {"total": "I alt", "ordning": "Ordning", "region": "Landsdel", "size_class": "Kommunestørrelse"}
    response["dim_order"] = response["dimension"].map(list(dims).index)
    response = response.sort_values(["dim_order", "value"]).reset_index(drop=True)
    response["dim_label"] = response["dimension"].map(dims)
    response["value_label"] = [
        "Alle" if d == "total" else SCHEME_SHORT.get(v, v) if d == "ordning"
        else label("size_class", v) if d == "size_class" else v
        for d, v in zip(response["dimension"], response["value"], strict=True)]
    suppressed: set[tuple[int, str]] = set()
    for position, row in enumerate(response.itertuples()):
        if row.dimension in ("region", "size_class"):  # breakdowns of survey response
            small = hide_count(row.n_respondents) or hide_count(row.n_nonrespondents)
            if small:
                # Both counts: with the projects shown, either one gives away the other.
                suppressed.update({(position, "n_respondents"), (position, "n_nonrespondents")})
            if small or hide_percent(row.n_projects):
                suppressed.update({(position, "pct"), (position, "pct_of_respondents"),
                                   (position, "pct_of_nonrespondents")})
    page.sections.append(Section("svarprosent", "Svarprosent og frafall").add(
        "Tabellen sammenligner dem som svarte med dem som ikke svarte. Er fordelingen av svarene "
        "og av frafallet lik, tyder det på at frafallet ikke skjevfordeler resultatene.",
        Table("tabell-svarprosent", "Svar på spørreskjemaet etter ordning, landsdel og "
              "kommunestørrelse", response,
              [Column("dim_label", "Fordeling"), Column("value_label", "Gruppe"),
               Column("n_projects", "Prosjekter", "int"), Column("n_respondents", "Svar", "int"),
               Column("pct", "Svarprosent", "pct"),
               Column("pct_of_respondents", "Andel av svarene", "pct"),
               Column("n_nonrespondents", "Ikke svar", "int"),
               Column("pct_of_nonrespondents", "Andel av frafallet", "pct")],
              note=f"N = {_n(total['n_projects'])} prosjekter", suppressed=suppressed)))
    log = data.load_log.copy()
    if len(log):
        run_time = pd.Timestamp(log["loaded_at"].max()).tz_convert("Europe/Oslo")
        page.sections.append(Section("proveniens", "Hvilke data rapporten bygger på").add(
            f"Kjøringen ble gjort {run_time.strftime('%d.%m.%Y kl. %H.%M')}. Tabellen viser hver "
            "inndatafil med størrelse, antall rader og SHA-256-sjekksum, så det kan kontrolleres "
            "at rapporten bygger på de riktige filene.",
            Table("tabell-filer", "Inndatafiler i denne kjøringen", log,
                  [Column("path", "Fil"), Column("n_rows", "Rader", "int"),
                   Column("size_bytes", "Byte", "int"), Column("sha256", "SHA-256")])))
    return page


def accessibility_page() -> Page:
    page = Page("tilgjengelighet", "Tilgjengelighetserklæring", "Tilgjengelighet")
    page.intro = ["Rapporten skal kunne leses av alle, også med skjermleser, forstørrelse eller "
                  "bare tastatur. Den er laget for å oppfylle WCAG 2.1 nivå A og AA."]
    page.sections = [
        Section("slik", "Slik er rapporten laget").add(
            "Alle sider har overskrifter i riktig rekkefølge, en lenke for å hoppe til "
            "hovedinnholdet og samme meny øverst.",
            "Hver figur har en bildetekst som sier hva figuren viser, og de samme tallene står i en "
            "tabell ved siden av. Figurene kan også brukes uten mus.",
            "Alle tabeller kan lastes ned som CSV og Excel med de uavrundede tallene.",
            "Rapporten virker uten internettforbindelse og kan åpnes rett fra en filmappe.",
            "Fargene i figurene har god kontrast mot bakgrunnen."),
        Section("kontroll", "Hvordan det er kontrollert").add(
            "Hver side kontrolleres automatisk med axe-core for brudd på WCAG 2.1 A og AA hver "
            "gang rapporten lages, i en ekte nettleser."),
        Section("kjente-mangler", "Kjente begrensninger").add(
            "Figurene er tegnet med plotly og er ikke like godt tilgjengelige med skjermleser "
            "som tabellene. Tallene i hver figur står derfor alltid også i tabellen ved siden av."),
        Section("kontakt", "Tilbakemelding").add(
            "Finner du noe som ikke virker, kan du melde fra til direktoratet som har publisert "
            "rapporten."),
    ]
    return page


def build_pages(data: ReportData) -> list[Page]:
    return [front_page(data), chapter_understanding(data), chapter_organisation(data),
            chapter_measures(data), chapter_goals(data), chapter_continuation(data),
            method_page(data), accessibility_page()]
