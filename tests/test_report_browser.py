"""The report site in a real headless Chromium (Debian's package, driven by Playwright), opened
from file:// with no network: no console errors, no request leaving the file system, every
chart drawn, no WCAG 2.1 A/AA violation found by axe-core, numbers equal to the marts."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from devtools.commands import chromium
from pipelines.report.format import percent
from tests.conftest import Built

pytestmark = pytest.mark.browser

PAGES = [
    "index",
    "kapittel-1-forstaelse",
    "kapittel-2-organisering",
    "kapittel-3-tiltakene",
    "kapittel-4-maloppnaelse",
    "kapittel-5-videreforing",
    "data-og-metode",
    "tilgjengelighet",
]
# Below a chapter, not in the menu: one page per year of measures.
SUB_PAGES = ["tiltak-2006"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


def open_page(browser, url: str):
    """Open a page, recording console errors, page errors and every request it makes."""
    page = browser.new_page()
    log = {"errors": [], "requests": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, log


@pytest.mark.parametrize("name", PAGES + SUB_PAGES)
def test_page(browser, sample_build: Built, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, log = open_page(browser, (sample_build.reports_dir / f"{name}.html").as_uri())
    try:
        charts = page.locator("div.chart")
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.locator(".main-svg").first.wait_for(timeout=15000)
            assert chart.get_attribute("data-drawn") == "true"
            assert chart.locator(".modebar-btn[data-title*='Plotly']").count() == 0
            titles = chart.locator(".modebar-btn").evaluate_all(
                "buttons => buttons.map(b => b.getAttribute('data-title'))"
            )
            assert titles == ["Last ned figuren som PNG"]  # the toolbar's only button
            hidden = chart.locator("svg.main-svg").evaluate_all(
                "svgs => svgs.map(s => s.getAttribute('aria-hidden'))"
            )
            assert hidden and set(hidden) == {"true"}  # the caption and table carry the content
            english = {"Pan", "Zoom in", "Zoom out", "Reset axes", "Autoscale"}
            assert not any(t in english or t.startswith("Download") for t in titles), titles
            assert chart.locator("a.modebar-btn[href*='plot.ly'], a[href*='chart-studio']").count() == 0
        assert page.locator("html").get_attribute("lang") == "nb"
        assert page.locator("a.skip-link[href='#hovedinnhold']").count() == 1
        assert page.locator("nav[aria-label='Hovedmeny'] a").count() == len(PAGES)
        assert page.locator("h1").count() == 1
        for index in range(page.locator("table").count()):
            table = page.locator("table").nth(index)
            assert table.locator("caption").inner_text().strip(), f"table {index} has no name"
        assert log["errors"] == []
        assert [u for u in log["requests"] if not u.startswith("file://")] == []
        # axe-core last: it reads stylesheets by XHR, which file:// refuses with a console error.
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
        ]
        assert violations == []
    finally:
        page.close()


def mart(built: Built, sql: str) -> list[tuple]:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def cells(page, table_id: str) -> list[list[str]]:
    rows = page.locator(f"#{table_id} tbody tr")
    return [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()] for i in range(rows.count())]


def test_numbers_shown_match_the_marts(browser, sample_build: Built) -> None:
    site = sample_build.reports_dir
    page, _log = open_page(browser, (site / "kapittel-4-maloppnaelse.html").as_uri())
    shown = cells(page, "tabell-maloppnaelse")
    expected = mart(
        sample_build,
        """
        SELECT aar, ordning, pct_all, n FROM marts.goal_attainment
        ORDER BY aar, CASE ordning WHEN 'BLD' THEN 0 WHEN 'AVDIR' THEN 1 ELSE 2 END""",
    )
    assert [(r[0], r[2], r[6]) for r in shown] == [(str(a), percent(p), str(n)) for a, _o, p, n in expected]
    assert [r[2] for r in shown][:3] == ["42\u00a0%", "46\u00a0%", "44\u00a0%"]
    national = cells(page, "tabell-nasjonale-mal")
    assert [r[2] for r in national] == ["79\u00a0%", "11\u00a0%", "10\u00a0%"]
    page.close()
    page, _log = open_page(browser, (site / "kapittel-2-organisering.html").as_uri())
    overlap = cells(page, "tabell-tilskuddsordninger")
    assert [r[2] for r in overlap] == [
        "23\u00a0%",
        "77\u00a0%",
        "44\u00a0%",
        "24\u00a0%",
        "8\u00a0%",
        "12\u00a0%",
        "6\u00a0%",
    ]
    page.close()
    page, _log = open_page(browser, (site / "kapittel-5-videreforing.html").as_uri())
    assert [r[2] for r in cells(page, "tabell-uten-tilskudd")] == ["35\u00a0%", "3\u00a0%", "61\u00a0%"]
    page.close()


def test_downloads_hold_the_marts_rows(sample_build: Built) -> None:
    from openpyxl import load_workbook

    site = sample_build.reports_dir
    links = []
    for html in site.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        links += [part.split('"')[0] for part in text.split('href="nedlasting/')[1:]]
    assert links and all((site / "nedlasting" / link).is_file() for link in links)
    for name, sql in [
        ("tabell-tilskuddsordninger", "SELECT category, n, pct FROM marts.funding_overlap ORDER BY sort"),
        ("tabell-nasjonale-mal", "SELECT answer, n, pct FROM marts.national_goals ORDER BY sort"),
    ]:
        expected = mart(sample_build, sql)
        with open(site / "nedlasting" / f"{name}-data.csv", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        assert [(int(r["n"]), float(r["pct"])) for r in rows] == [(n, p) for _c, n, p in expected]
        sheet = load_workbook(site / "nedlasting" / f"{name}.xlsx").active
        values = list(sheet.iter_rows(values_only=True))
        # the title, the source and the notes above; the page's headers; every digit
        assert sheet.title.startswith("Tabell ") and values[0][0].startswith(sheet.title + " ")
        assert values[1][0].startswith("Kilde: ")
        header = values.index(next(v for v in values[1:] if v[0] is None)) + 1
        body = values[header + 1 : header + 1 + len(expected)]
        assert [v[1] for v in body] == [n for _c, n, _p in expected]
        # Excel keeps 15 significant digits: compare to that precision.
        assert [v[2] for v in body] == pytest.approx([p for _c, _n, p in expected], rel=1e-13)


def test_small_numbers_are_suppressed(browser, fixture_build: Built) -> None:
    page, _log = open_page(browser, (fixture_build.reports_dir / "data-og-metode.html").as_uri())
    rows = {(r[0], r[1]): r for r in cells(page, "tabell-svarprosent")}
    assert rows[("Landsdel", "Vest")][3] == ":"  # 1 respondent
    assert rows[("Landsdel", "Vest")][4] == ":"  # base of 2 projects
    assert rows[("Landsdel", "Vest")][6] == ":"  # 1 non-respondent, and 2 − 1 would tell
    assert rows[("Landsdel", "Nord")][3] == ":"  # 0 answered, but 2 did not: 2 − 2 would tell
    assert rows[("I alt", "Alle")][3] == "2"  # totals are not suppressed
    assert rows[("Ordning", "BLD")][3] == "1"  # nor the split by scheme
    assert "skjult av personvernhensyn" in page.locator("#tabell-svarprosent").inner_text()
    page.close()
    with open(
        fixture_build.reports_dir / "nedlasting" / "tabell-svarprosent-data.csv", encoding="utf-8-sig"
    ) as handle:
        vest = next(r for r in csv.DictReader(handle) if r["value_label"] == "Vest")
    assert vest["n_respondents"] == "" and vest["pct"] == ""


def test_measure_names_are_escaped(browser, tmp_path: Path) -> None:
    from tests import fixtures as fx
    from tests.conftest import build_plain

    data = fx.make_data_dir(tmp_path / "data")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    measures = [row[:] for row in fx.MEASURES_2007]
    measures[1][3] = hostile
    fx.write_csv(data / "reporting/2007/tiltak.csv", measures)
    built = build_plain(data, tmp_path / "out")
    html = (built.reports_dir / "tiltak-2007.html").read_text(encoding="utf-8")
    # in the page's data, where no '<' can close the <script> element or start a tag
    assert hostile not in html and '\\u003cscript\\u003ealert(\\"x\\")\\u003c/script\\u003e' in html
    page, log = open_page(browser, (built.reports_dir / "tiltak-2007.html").as_uri())
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert hostile in page.locator("#tiltak-2007").inner_text()
    assert page.locator("#tiltak-2007 img").count() == 0
    assert dialogs == [] and log["errors"] == []
    page.close()


def test_year_page_search_narrows_the_rows(browser, sample_build: Built) -> None:
    """The measures of a year: the page draws them from its data, 250 at a time; a search box
    keeps the rows that match every word typed, and says how many they are."""
    page, log = open_page(browser, (sample_build.reports_dir / "tiltak-2007.html").as_uri())
    rows = page.locator("#tiltak-2007 tbody tr")
    total = mart(sample_build, "SELECT count(*) FROM staging.tiltak WHERE aar = 2007")[0][0]
    assert total > 250 and rows.count() == 250
    more = page.locator("#tiltak-2007 .listing-more button")
    assert more.inner_text() == f"Vis {total - 250} rader til ({total - 250} ikke vist)"
    more.click()
    assert rows.count() == total and more.is_hidden()
    box = page.get_by_label("Søk i tabellen")
    assert box.is_visible()
    box.fill("Sommerleir")
    page.wait_for_function("document.querySelector('#tiltak-2007-antall').textContent !== ''")
    expected = mart(
        sample_build,
        "SELECT count(*) FROM staging.tiltak WHERE aar = 2007 AND lower(tiltak_navn) LIKE '%sommerleir%'",
    )[0][0]
    assert rows.count() == expected > 0 and all("Sommerleir" in t for t in rows.all_inner_texts())
    assert page.locator("#tiltak-2007-antall").inner_text() == f"{expected} av {total} rader vises"
    box.fill("")
    page.wait_for_function("document.querySelector('#tiltak-2007-antall').textContent === ''")
    assert rows.count() == 250
    # a choice of category and of target group narrows the rows to exactly those
    from pipelines.contract.programme_files import bundled

    category = bundled().codes("kategori").labels["fritid"]
    page.get_by_label("Kategori", exact=True).select_option(category)
    page.get_by_label("Målgruppe", exact=True).select_option(index=1)
    group = page.get_by_label("Målgruppe", exact=True).input_value()
    code = "alle" if group.startswith("Åpne") else "individ"
    expected = mart(
        sample_build,
        "SELECT count(*) FROM staging.tiltak WHERE aar = 2007 AND kategori = 'fritid' "
        f"AND malgruppe = '{code}'",
    )[0][0]
    page.wait_for_function(
        f"document.querySelector('#tiltak-2007-antall').textContent.startsWith('{expected} av')"
    )
    assert rows.count() == expected
    assert log["errors"] == []
    page.close()


def test_a_long_list_builds_its_csv_files_in_the_page(browser, tmp_path: Path) -> None:
    """A year's measures travel once, as data in their page; the page's two CSV files are
    byte-identical to what the Python writer makes of any other table, hostile names included."""
    import dataclasses

    from pipelines.report.data import ReportData
    from pipelines.report.downloads import write_downloads
    from pipelines.report.pages import measures as measure_pages
    from tests import fixtures as fx
    from tests.conftest import build_plain

    data = fx.make_data_dir(tmp_path / "data")
    rows = [row[:] for row in fx.MEASURES_2007]
    rows[1][3] = '=HYPERLINK("x";"y"), "quoted"; semi'
    rows[2][3] = "two\nlines and a\rreturn"
    rows[2][7] = ""  # no participants: «..» for Excel, empty for analysis
    fx.write_csv(data / "reporting/2007/tiltak.csv", rows)
    built = build_plain(data, tmp_path / "out")
    assert not (built.reports_dir / "nedlasting" / "tiltak-2007.csv").exists()  # built in the page
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        table = next(
            p for p in measure_pages.year_pages(ReportData.read(con)) if p.slug == "tiltak-2007"
        ).tables()[0]
    expected = tmp_path / "expected"
    expected.mkdir()
    write_downloads(dataclasses.replace(table, listing=False), expected)

    page, log = open_page(browser, (built.reports_dir / "tiltak-2007.html").as_uri())
    for button, name in [("CSV for Excel", "tiltak-2007.csv"), ("CSV for analyse", "tiltak-2007-data.csv")]:
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        download = info.value
        assert download.suggested_filename == name
        assert Path(download.path()).read_bytes() == (expected / name).read_bytes()
    text = (expected / "tiltak-2007.csv").read_bytes().decode("utf-8-sig")
    assert '"\'=HYPERLINK(""x"";' in text and ";..\r\n" in text and '"two\nlines and a\rreturn"' in text
    assert log["errors"] == []
    page.close()


def test_phone_width(browser, sample_build: Built) -> None:
    """At 390 px (a phone) no page scrolls sideways: a long word wraps, and a wide table scrolls
    inside its own box with its caption in view. axe checks two pages at that width too."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        for name in PAGES + SUB_PAGES:
            page.goto((sample_build.reports_dir / f"{name}.html").as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
            for box in page.locator(".table-scroll").all():
                caption = box.locator("caption").bounding_box()
                assert caption is not None and caption["x"] + caption["width"] <= 390, name
            if name in ("kapittel-2-organisering", "data-og-metode"):
                results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
                assert [v["id"] for v in results.response["violations"]] == [], name
    finally:
        page.close()


def test_grown_data_at_both_widths(browser, tmp_path: Path) -> None:
    """On the benchmark's ×10 data (200 units, 10 years), at 1280 px and at 390 px: axe finds
    no WCAG 2.1 A/AA violation on the front page, the measures chapter and a year's list, no
    page scrolls sideways, and the list shows its first 250 rows with a button for the rest."""
    from axe_playwright_python.sync_playwright import Axe

    from bench.scale import write_dataset
    from tests.conftest import build_plain

    built = build_plain(write_dataset(tmp_path / "data", 10), tmp_path / "out")
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            for name in ("index", "kapittel-3-tiltakene", "tiltak-2015"):
                page.goto((built.reports_dir / f"{name}.html").as_uri())
                page.wait_for_load_state("load")
                if name == "tiltak-2015":
                    assert page.locator("#tiltak-2015 tbody tr").count() == 250
                    assert page.locator("#tiltak-2015 .listing-more button").is_visible()
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
                results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
                assert [v["id"] for v in results.response["violations"]] == [], (name, width)
        finally:
            page.close()
